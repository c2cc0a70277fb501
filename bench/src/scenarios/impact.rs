//! impact.com: Brand Actions drained by `impact_com::Client` (issue 6).
//!
//! The server child serves `GET /impact/{n}/Advertisers/{sid}/Actions` the
//! way impact.com does: `{"@page":"1","@numpages":"10","@pagesize":"2000",
//! "@total":"20000","@nextpageuri":"/impact/{n}/Advertisers/{sid}/Actions?PageSize=2000&Page=2",
//! "Actions":[...]}`, every scalar a JSON string and empties as `""`.
//! Records are shaped like the crate sandbox's actions (about 1.1 KB),
//! rendered once at start-up by [`render`].
//!
//! The Actions rules allow at most 10 pages of at least 2,000 records, so
//! the page size is `max(2000, ceil(n / 10))`: 10 pages for 20,000 or
//! 100,000 actions (2,000 or 10,000 a page).
//!
//! Two parts:
//!
//! - **latency** (the server with injected latency, 50 ms by default):
//!   wall time of a hand-written sequential loop, the client at
//!   `.concurrency(1)` and the client at its default concurrency of 4. With
//!   10 pages, concurrency 4 needs page 1 then 3 waves (4, 4, 1), so the
//!   best possible speed-up is 10 / 4 = 2.5x.
//! - **CPU** (the fast server): the client against a hand-written
//!   reqwest + serde_json loop following `@nextpageuri`, both decoding into
//!   `impact_com::ImpactPage<Action>` (see [`super::compare`]).
//!
//! Size: `--impact-records` (20,000 by default; the size is 100,000).

use affiliate_common::RateLimit;
use futures::StreamExt as _;
use impact_com::ImpactPage;
use impact_com::models::brand::Action;
use serde_json::json;
use url::Url;

use super::compare::{self, Comparison};
use super::{Context, Needs, Options, Scenario};
use crate::BoxError;
use crate::measure::{Usage, median};
use crate::record::{Tally, mix, pick};
use crate::report::{Check, Report, bytes, div, ms, ratio};

/// The account SID the bench uses.
pub const SID: &str = "IRbench0001";
const TOKEN: &str = "bench-token";
/// The smallest page the Actions list allows.
const MIN_PAGE: u64 = 2_000;
/// The most pages the Actions list allows.
const MAX_PAGES: u64 = 10;
/// Rounds of the latency part (each is at least 10 x the latency).
const LATENCY_ROUNDS: usize = 3;
/// Target: the default concurrency's wall time at most this share of
/// `.concurrency(1)`'s.
const SPEEDUP_TARGET: f64 = 2.0;

const STATES: [&str; 3] = ["APPROVED", "PENDING", "REVERSED"];
const COUNTRIES: [&str; 4] = ["US", "GB", "DE", "CA"];

/// The page size for `n` actions: the fewest pages the rules allow.
pub fn page_size(n: u64) -> u64 {
    n.div_ceil(MAX_PAGES).max(MIN_PAGE)
}

/// The action ID of record `i`.
fn id_of(i: u64) -> String {
    format!("1000.{:04}.{i}", 4000 + (i % 7))
}

/// The amount of action `i`, in cents.
fn amount_cents(i: u64) -> u64 {
    let h = mix(i);
    (20 + h % 200) * 100 + (h >> 12) % 100
}

/// The figure a drain counts for action `i`: its ID length plus its
/// amount in cents.
fn figure(i: u64) -> u64 {
    id_of(i).len() as u64 + amount_cents(i)
}

fn date(day: u64, hour: u64) -> String {
    format!("2026-10-{:02}T{hour:02}:14:05-07:00", day + 1)
}

/// Appends action `i`'s JSON to `out` (a record like the crate sandbox's).
pub fn render(i: u64, out: &mut Vec<u8>) -> Option<String> {
    let h = mix(i ^ 0x696d_7061);
    let cents = amount_cents(i);
    let (amount, payout) = (cents as f64 / 100.0, cents as f64 * 0.08 / 100.0);
    let partner = 50_000 + h % 400;
    let day = i % 30;
    let record = json!({
        "Id": id_of(i),
        "CampaignId": "1000", "CampaignName": "Acme Outdoor US",
        "ActionTrackerId": "12345", "ActionTrackerName": "Online Sale", "EventCode": "",
        "MediaPartnerId": partner.to_string(), "MediaPartnerName": format!("Partner {partner}"),
        "State": pick(&STATES, h >> 8), "AdId": if i.is_multiple_of(4) { String::new() } else { "88".to_owned() },
        "ClientCost": "", "Payout": format!("{payout:.2}"), "DeltaPayout": "0.00",
        "IntendedPayout": format!("{payout:.2}"),
        "Amount": format!("{amount:.2}"), "DeltaAmount": "0.00",
        "IntendedAmount": format!("{amount:.2}"), "Currency": "USD",
        "ReferringDate": date(day, 10), "EventDate": date(day, 11), "CreationDate": date(day, 11),
        "LockingDate": "", "ClearedDate": "",
        "ReferringType": "CLICK_COOKIE", "ReferringDomain": "partner.example",
        "PromoCode": "", "Oid": format!("ORD-{i}"), "CustomerId": format!("cust-{}", i % 500),
        "CustomerStatus": if i.is_multiple_of(5) { "New" } else { "Returning" },
        "CustomerPostCode": "", "CustomerArea": "", "CustomerCity": "", "CustomerRegion": "",
        "CustomerCountry": pick(&COUNTRIES, h >> 16), "IpAddress": "", "SharedId": "",
        "CallerId": "", "Note": "",
        "Uri": format!("/Advertisers/{SID}/Actions/{}", id_of(i)),
    });
    serde_json::to_writer(out, &record).expect("records always serialise");
    None
}

/// Counts one decoded action the way [`figure`] does.
fn add(tally: &mut Tally, a: &Action) {
    let cents = a.amount.map_or(0, |x| (x * 100.0).round() as u64);
    tally.push(a.id.len() as u64 + cents);
}

/// The list size `n` of a base URL `.../impact/{n}/`.
fn size_of(base: &Url) -> Result<u64, BoxError> {
    let segs: Vec<&str> = base
        .path_segments()
        .map(Iterator::collect)
        .unwrap_or_default();
    let at = segs
        .iter()
        .position(|s| *s == "impact")
        .ok_or("not an impact base URL")?;
    Ok(segs.get(at + 1).ok_or("no list size")?.parse()?)
}

/// The idiomatic hand-written loop: Basic auth, `.bytes()`,
/// `serde_json::from_slice`, following `@nextpageuri` until it is empty.
///
/// # Errors
/// Any transport, status or decode error.
pub async fn drain_by_hand(base: Url) -> Result<Tally, BoxError> {
    let http = reqwest::Client::new();
    let mut url = base.join(&format!("Advertisers/{SID}/Actions"))?;
    url.query_pairs_mut()
        .append_pair("PageSize", &page_size(size_of(&base)?).to_string());
    let mut tally = Tally::default();
    loop {
        let body = http
            .get(url.clone())
            .basic_auth(SID, Some(TOKEN))
            .header("Accept", "application/json")
            .send()
            .await?
            .error_for_status()?
            .bytes()
            .await?;
        let page: ImpactPage<Action> = serde_json::from_slice(&body)?;
        for a in &page.items {
            add(&mut tally, a);
        }
        match page.next_page_uri.as_deref().filter(|u| !u.is_empty()) {
            Some(next) => url = url.join(next)?,
            None => return Ok(tally),
        }
    }
}

/// The same drain through `impact_com::Client` at `concurrency` pages at
/// once.
///
/// # Errors
/// Any [`impact_com::Error`] of the client or the stream.
pub async fn drain_with_client(base: Url, concurrency: usize) -> Result<Tally, BoxError> {
    let n = size_of(&base)?;
    let client = impact_com::Client::builder(SID, TOKEN)
        .base_url(base)
        .rate_limit(RateLimit::unlimited())
        .build()?;
    let mut items = client
        .brand(SID)
        .actions()
        .list(1000)
        .page_size(page_size(n))
        .into_paginator()?
        .concurrency(concurrency)
        .stream();
    let mut tally = Tally::default();
    while let Some(a) = items.next().await {
        add(&mut tally, &a?);
    }
    Ok(tally)
}

/// See the module docs.
#[derive(Debug, Clone, Copy)]
pub struct Impact;

/// The latency part: hand-written sequential, client at 1 and at 4.
fn latency_part(ctx: &Context, n: u64, rep: &mut Report) -> Result<(), BoxError> {
    let base = ctx.server()?.impact_base(n, true);
    let expected = Tally::expected_by(n, figure);
    let labels = [
        "hand-written (sequential)",
        "impact_com .concurrency(1)",
        "impact_com default (4)",
    ];
    let mut runs: [Vec<Usage>; 3] = Default::default();
    for _ in 0..LATENCY_ROUNDS {
        for (k, label) in labels.iter().enumerate() {
            let (tally, usage) = match k {
                0 => ctx.measure(drain_by_hand(base.clone())),
                1 => ctx.measure(drain_with_client(base.clone(), 1)),
                _ => ctx.measure(drain_with_client(base.clone(), 4)),
            };
            let tally = tally?;
            if tally != expected {
                return Err(format!("{label} drained {tally:?} instead of {expected:?}").into());
            }
            runs[k].push(usage);
        }
    }
    let med = runs.map(|r| median(&r));
    for (k, label) in labels.iter().enumerate() {
        rep.table.row([
            format!("{n} @ {}ms", ctx.options.latency.as_millis()),
            (*label).to_owned(),
            ms(med[k].wall),
            ms(med[k].cpu),
            bytes(med[k].peak_heap),
            format!("{:.0}", div(n as f64, med[k].cpu.as_secs_f64())),
        ]);
    }
    let speedup = div(med[1].wall.as_secs_f64(), med[2].wall.as_secs_f64());
    let pages = n.div_ceil(page_size(n));
    let ideal = div(pages as f64, 1.0 + (pages - 1).div_ceil(4) as f64);
    rep.notes.push(format!(
        "{pages} pages of {}: concurrency 4 / concurrency 1 wall speed-up {} \
         (at most {} with {pages} pages: page 1 then waves of 4); medians of {LATENCY_ROUNDS} rounds",
        page_size(n),
        ratio(speedup),
        ratio(ideal)
    ));
    rep.checks.push(Check::new(
        format!("impact_com default concurrency >= {SPEEDUP_TARGET:.1}x faster than concurrency(1) at {n} actions"),
        ratio(speedup),
        speedup >= SPEEDUP_TARGET,
    ));
    Ok(())
}

impl Scenario for Impact {
    fn name(&self) -> &'static str {
        "impact"
    }

    fn about(&self) -> &'static str {
        "impact.com Actions: sequential vs concurrent pages at 50 ms, and CPU vs a hand-written loop"
    }

    fn needs(&self, options: &Options) -> Needs {
        Needs {
            impact: options.impact_records,
            ..Needs::default()
        }
    }

    fn run(&self, ctx: &Context) -> Result<Report, BoxError> {
        let n = ctx.options.impact_records;
        let mut rep = compare::run(
            ctx,
            &Comparison {
                client_label: "impact_com::Client",
                sizes: vec![n],
                page_size: page_size(n),
                base: |server, n| server.impact_base(n, false),
                expected: |n| Tally::expected_by(n, figure),
                hand: |base| Box::pin(drain_by_hand(base)),
                client: |base| Box::pin(drain_with_client(base, 4)),
            },
        )?;
        latency_part(ctx, n, &mut rep)?;
        Ok(rep)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_are_realistic_and_decode_into_the_model() {
        for i in [0, 1, 17, 99_999] {
            let mut out = Vec::new();
            render(i, &mut out);
            assert!((900..=1400).contains(&out.len()), "{} bytes", out.len());
            let a: Action = serde_json::from_slice(&out).unwrap();
            assert_eq!(a.id, id_of(i));
            assert_eq!(a.campaign_id.as_deref(), Some("1000"));
            let mut t = Tally::default();
            add(&mut t, &a);
            assert_eq!(t.checksum, figure(i));
        }
    }

    #[test]
    fn page_sizes_follow_the_actions_rules() {
        assert_eq!(page_size(20_000), 2_000);
        assert_eq!(page_size(100_000), 10_000);
        assert_eq!(page_size(500), 2_000);
        let base: Url = "http://127.0.0.1:1/impact/20000/".parse().unwrap();
        assert_eq!(size_of(&base).unwrap(), 20_000);
    }
}
