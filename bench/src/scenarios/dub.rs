//! Dub: the typed client against a hand-written loop, on partners (issue 5).
//!
//! The server child serves `GET /partners` the way Dub does: a bare JSON
//! array, `page` (from 1) and `pageSize` (up to 100), the list ending on a
//! short (or empty) page. Records carry the fields of Dub's generated
//! `Partner` model (identity, payout, program, a link with its stats, tags,
//! totals and rates, social handles, and the fields Dub sends as `null`):
//! about 1.5 KB each, rendered once at start-up by [`render`].
//!
//! Both sides decode every page into `Vec<dub::models::Partner>`:
//!
//! - **hand-written**: one `reqwest::Client` with a Bearer key, `.bytes()`,
//!   `serde_json::from_slice`, `page` counting up until a page is short;
//! - **client**: `dub::Client` built with the server's base URL and an
//!   unlimited rate limit, `client.partners().list().stream()`.
//!
//! Sizes: `--dub-records` (10,000 and 50,000 by default). Dub serves at
//! most 1,000 pages (the client stops there with `Error::Incomplete`), so a
//! size must stay below 100,000. Targets: see [`super::compare`].

use dub::common::RateLimit;
use dub::models::Partner;
use futures::StreamExt as _;
use serde_json::json;
use url::Url;

use super::compare::{self, Comparison};
use super::{Context, Needs, Options, Scenario};
use crate::BoxError;
use crate::record::{Tally, mix, pick};
use crate::report::Report;

/// Records per page: Dub's maximum, the client's default.
pub const PAGE_SIZE: u64 = 100;
/// The last page Dub serves (the client refuses to go further).
const MAX_PAGES: u64 = 1_000;

const NAMES: [&str; 8] = [
    "Ada Lovelace",
    "Grace Hopper",
    "Alan Turing",
    "Edsger Dijkstra",
    "Barbara Liskov",
    "Donald Knuth",
    "Margaret Hamilton",
    "Ken Thompson",
];
const COUNTRIES: [&str; 6] = ["US", "DE", "FR", "GB", "CA", "BR"];
const STATUS: [&str; 4] = ["approved", "approved", "approved", "pending"];
const PAYOUT: [&str; 3] = ["paypal", "connect", "stablecoin"];
const TAGS: [(&str, &str); 4] = [
    ("tag_1K7MZD3QW0", "Creators"),
    ("tag_1K7MZD9RA2", "Newsletter"),
    ("tag_1K7MZDF4X8", "EMEA"),
    ("tag_1K7MZDK0C6", "Top 100"),
];

/// The id of partner `i`.
fn id_of(i: u64) -> String {
    format!("pn_1K{:020X}{i:06}", mix(i ^ 0x0064_7562) >> 16)
}

/// The `totalClicks` of partner `i`.
fn clicks_of(i: u64) -> u64 {
    40 + (mix(i) >> 20) % 90_000
}

/// The figure a drain counts for partner `i`: its id length plus its clicks.
fn figure(i: u64) -> u64 {
    id_of(i).len() as u64 + clicks_of(i)
}

/// An ISO 8601 time `secs` seconds into 2025 (months of 28 days: the
/// figures only need to look like Dub's).
fn iso(secs: u64) -> String {
    let (days, rem) = (secs / 86_400, secs % 86_400);
    format!(
        "2025-{:02}-{:02}T{:02}:{:02}:{:02}.000Z",
        (days / 28) % 12 + 1,
        days % 28 + 1,
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// `x` to four decimals, as Dub's rates read.
fn round4(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

/// One of a partner's links, with its stats.
fn link(i: u64, n: u64, clicks: u64) -> serde_json::Value {
    let key = format!("p{i}-{n}");
    let sales = clicks / 40;
    json!({
        "id": format!("link_1K{:022X}", mix(i * 2 + n) >> 8),
        "domain": "dub.sh",
        "key": key,
        "shortLink": format!("https://dub.sh/{key}"),
        "url": "https://acme.example/pricing",
        "clicks": clicks,
        "leads": clicks / 8,
        "conversions": sales,
        "sales": sales,
        "saleAmount": sales * 4_900
    })
}

/// Appends partner `i`'s JSON to `out`.
pub fn render(i: u64, out: &mut Vec<u8>) {
    let h = mix(i);
    let id = id_of(i);
    let name = pick(&NAMES, h);
    let handle = name.to_lowercase().replace(' ', "");
    let clicks = clicks_of(i);
    let leads = clicks / 8;
    let sales = clicks / 40;
    let amount = sales * 4_900;
    let created = (h >> 40) % (300 * 86_400);
    let (tag_id, tag_name) = pick(&TAGS, h >> 8);
    let record = json!({
        "id": id,
        "name": format!("{name} {i}"),
        "username": format!("{handle}{i}"),
        "email": format!("{handle}+{i}@partners.example.com"),
        "image": null,
        "description": null,
        "country": pick(&COUNTRIES, h >> 4),
        "companyName": null,
        "networkStatus": "approved",
        "defaultPayoutMethod": pick(&PAYOUT, h >> 12),
        "paypalEmail": null,
        "stripeConnectId": format!("acct_1K{:014X}", h >> 8),
        "payoutsEnabledAt": null,
        "identityVerifiedAt": iso(created + 3_600),
        "programId": "prog_1K0QZ3VJ8T6N5MXBW4E2R7YD",
        "groupId": "grp_1K0QZ3W2C5A9PLM8T6RXE4VF",
        "partnerId": id,
        "tenantId": format!("user_{i:08}"),
        "createdAt": iso(created),
        "status": pick(&STATUS, h >> 16),
        "links": [link(i, 1, clicks)],
        "totalCommissions": amount / 5,
        "clickRewardId": null,
        "leadRewardId": "rw_1K0QZ45MS3D8Q2J6F7H9KCLN",
        "saleRewardId": "rw_1K0QZ4B8T5N1V3X6Z9C2E4GA",
        "discountId": "disc_1K0QZ4J2P7R5T8W1Y4B6D9FH",
        "applicationId": null,
        "bannedAt": null,
        "bannedReason": null,
        "tags": [{"id": tag_id, "name": tag_name}],
        "totalClicks": clicks,
        "totalLeads": leads,
        "totalConversions": sales,
        "totalSales": sales,
        "totalSaleAmount": amount,
        "netRevenue": amount - amount / 5,
        "earningsPerClick": round4((amount / 5) as f64 / clicks as f64 / 100.0),
        "averageLifetimeValue": 4_900,
        "clickToLeadRate": round4(leads as f64 / clicks as f64),
        "clickToConversionRate": round4(sales as f64 / clicks as f64),
        "leadToConversionRate": round4(sales as f64 / leads.max(1) as f64),
        "returnOnAdSpend": 5.0,
        "website": format!("https://{handle}-{i}.example.org"),
        "youtube": null,
        "twitter": format!("{handle}{i}"),
        "linkedin": null,
        "instagram": null,
        "tiktok": null,
        "trustedAt": null
    });
    serde_json::to_writer(out, &record).expect("records always serialise");
}

/// Counts one decoded partner the way [`figure`] does.
fn add(tally: &mut Tally, p: &Partner) {
    let id = p.id.len() as u64;
    tally.push(id + p.total_clicks.unwrap_or(0) as u64);
}

/// The idiomatic hand-written loop (see the module docs).
///
/// # Errors
/// Any transport, status or decode error.
pub async fn drain_by_hand(base: Url) -> Result<Tally, BoxError> {
    let http = reqwest::Client::new();
    let url = base.join("partners")?;
    let size = PAGE_SIZE.to_string();
    let mut tally = Tally::default();
    for page in 1u64.. {
        let body = http
            .get(url.clone())
            .bearer_auth("dub_bench_key")
            .query(&[("page", page.to_string().as_str()), ("pageSize", &size)])
            .send()
            .await?
            .error_for_status()?
            .bytes()
            .await?;
        let items = serde_json::from_slice::<Vec<Partner>>(&body)?;
        let short = (items.len() as u64) < PAGE_SIZE;
        for p in items {
            add(&mut tally, &p);
        }
        if short {
            break;
        }
    }
    Ok(tally)
}

/// The same drain through `dub::Client` (see the module docs).
///
/// # Errors
/// Any [`dub::Error`] of the client or the stream.
pub async fn drain_with_client(base: Url) -> Result<Tally, BoxError> {
    let client = dub::Client::builder("dub_bench_key")
        .base_url(base.clone())
        .rate_limit(RateLimit::unlimited())
        .build()?;
    let mut items = client.partners().list().stream();
    let mut tally = Tally::default();
    while let Some(p) = items.next().await {
        add(&mut tally, &p?);
    }
    Ok(tally)
}

/// See the module docs.
#[derive(Debug, Clone, Copy)]
pub struct Dub;

impl Scenario for Dub {
    fn name(&self) -> &'static str {
        "dub"
    }

    fn about(&self) -> &'static str {
        "Dub partners (~1.5 KB each) drained by dub::Client and by a hand-written loop"
    }

    fn needs(&self, options: &Options) -> Needs {
        Needs {
            dub: options.dub_records.iter().copied().max().unwrap_or(0),
            ..Needs::default()
        }
    }

    fn run(&self, ctx: &Context) -> Result<Report, BoxError> {
        let mut sizes = ctx.options.dub_records.clone();
        sizes.sort_unstable();
        if sizes.last().is_some_and(|&n| n >= MAX_PAGES * PAGE_SIZE) {
            return Err(format!(
                "--dub-records must stay below {}: Dub serves at most {MAX_PAGES} pages of {PAGE_SIZE}",
                MAX_PAGES * PAGE_SIZE
            )
            .into());
        }
        compare::run(
            ctx,
            &Comparison {
                client_label: "dub::Client",
                sizes,
                page_size: PAGE_SIZE,
                base: |server, n| server.dub_base(n),
                expected: |n| Tally::expected_by(n, figure),
                hand: |base| Box::pin(drain_by_hand(base)),
                client: |base| Box::pin(drain_with_client(base)),
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_are_about_1_5_kb_and_decode_into_the_model() {
        for i in [0, 1, 17, 99_999] {
            let mut out = Vec::new();
            render(i, &mut out);
            assert!((1_350..=1_750).contains(&out.len()), "{} bytes", out.len());
            let p: Partner = serde_json::from_slice(&out).unwrap();
            assert_eq!(p.id, id_of(i));
            assert_eq!(p.links.as_ref().map(Vec::len), Some(1));
            assert!(p.extra.is_empty(), "unknown fields: {:?}", p.extra.keys());
            let mut t = Tally::default();
            add(&mut t, &p);
            assert_eq!(t.checksum, figure(i));
        }
    }
}
