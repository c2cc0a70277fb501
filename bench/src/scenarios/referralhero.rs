//! ReferralHero: sequential against concurrent page fetch (issue 4).
//!
//! `referralhero::Client` drains one list of subscribers from the crate's
//! own sandbox (`referralhero::sandbox::start_with`, pages of 50, the
//! `pagination` object with `total_pages`), with the sandbox's latency
//! fault adding `--latency-ms` (50 ms by default) to every response: once
//! with `.concurrency(1)`, one page after another, and once with the
//! client's default concurrent page fetch (4 pages in flight once the first
//! page gave the page count). The sandbox counts the requests it receives,
//! so the report shows neither mode fetched a page twice or skipped one.
//!
//! The sandbox runs in the measured process (it answers on the same
//! runtime), so the CPU column includes the server's work; this scenario is
//! about wall time and request counts. The list holds `--subscribers`
//! subscribers: 10,000 by default (200 requests, about 10 s sequentially);
//! the full 50,000 (1,000 requests) takes about a minute.
//!
//! Target: a speed-up of at least 3x with the default concurrency, and the
//! same number of requests (the page count) in both modes.

use std::collections::HashSet;
use std::time::Duration;

use futures::StreamExt as _;
use referralhero::common::RateLimit;
use referralhero::sandbox::{self, SandboxConfig};

use super::{Context, Scenario};
use crate::BoxError;
use crate::report::{Check, Report, Table, div, ms, ratio};

/// Subscribers per page in ReferralHero's API.
const PER_PAGE: u64 = 50;
/// The speed-up target of the concurrent mode.
const SPEEDUP_TARGET: f64 = 3.0;
/// The client's default page fetches in flight, for the report.
const DEFAULT_CONCURRENCY: usize = 4;

/// See the module docs.
#[derive(Debug, Clone, Copy)]
pub struct ReferralHero;

/// Drains list `uuid` with `concurrency` pages in flight (the client's
/// default when `None`), and returns the number of distinct subscriber ids.
///
/// # Errors
/// Any [`referralhero::Error`] of the stream, or a repeated subscriber.
async fn drain(
    client: referralhero::Client,
    uuid: String,
    concurrency: Option<usize>,
) -> Result<u64, BoxError> {
    let mut list = client.subscribers(uuid).list();
    if let Some(n) = concurrency {
        list = list.concurrency(n);
    }
    let mut items = list.stream();
    let mut seen = HashSet::new();
    while let Some(s) = items.next().await {
        let s = s?;
        if !seen.insert(s.id.clone()) {
            return Err(format!("subscriber {} arrived twice", s.id).into());
        }
    }
    Ok(seen.len() as u64)
}

/// One mode's figures.
struct Mode {
    concurrency: usize,
    wall: Duration,
    cpu: Duration,
    requests: u64,
}

impl Scenario for ReferralHero {
    fn name(&self) -> &'static str {
        "referralhero"
    }

    fn about(&self) -> &'static str {
        "ReferralHero subscribers with injected latency: sequential vs concurrent page fetch"
    }

    fn run(&self, ctx: &Context) -> Result<Report, BoxError> {
        let n = ctx.options.subscribers;
        let size = usize::try_from(n)?;
        let running = ctx.block_on(sandbox::start_with(
            SandboxConfig::single_list(size).calls_per_window(u64::from(u32::MAX)),
            |b| b.rate_limit(RateLimit::unlimited()),
        ))?;
        let uuid = running
            .api
            .list_uuids()
            .into_iter()
            .next()
            .ok_or("the sandbox has no list")?;
        let faults = running.sandbox.faults();
        faults.set_latency(ctx.options.latency);
        let mut modes = Vec::new();
        for concurrency in [Some(1), None] {
            let before = faults.requests();
            let (count, usage) =
                ctx.measure(drain(running.client.clone(), uuid.clone(), concurrency));
            let requests = faults.requests() - before;
            let count = count?;
            if count != n {
                return Err(format!(
                    "concurrency {concurrency:?} drained {count} subscribers instead of {n}"
                )
                .into());
            }
            modes.push(Mode {
                concurrency: concurrency.unwrap_or(DEFAULT_CONCURRENCY),
                wall: usage.wall,
                cpu: usage.cpu,
                requests,
            });
        }
        faults.clear();
        Ok(report(&modes, n, ctx.options.latency))
    }
}

fn report(modes: &[Mode], n: u64, latency: Duration) -> Report {
    let pages = n.div_ceil(PER_PAGE);
    let mut table = Table::new(["concurrency", "wall", "CPU", "requests", "ms/request"]);
    let mut rep = Report::default();
    for m in modes {
        table.row([
            m.concurrency.to_string(),
            ms(m.wall),
            ms(m.cpu),
            m.requests.to_string(),
            format!("{:.1}", div(m.wall.as_secs_f64() * 1e3, m.requests as f64)),
        ]);
    }
    if let [seq, conc, ..] = modes {
        let speedup = div(seq.wall.as_secs_f64(), conc.wall.as_secs_f64());
        rep.notes.push(format!(
            "{n} subscribers, {pages} pages of {PER_PAGE}, {} ms injected latency per request: \
             speed-up at concurrency {} (the default) = {}; CPU includes the in-process sandbox",
            latency.as_millis(),
            conc.concurrency,
            ratio(speedup)
        ));
        rep.checks.push(Check::new(
            format!(
                "speed-up at concurrency {} >= {SPEEDUP_TARGET:.1}x",
                conc.concurrency
            ),
            ratio(speedup),
            speedup >= SPEEDUP_TARGET,
        ));
        rep.checks.push(Check::new(
            format!(
                "request count unchanged: {pages} pages, concurrency 1 and {}",
                conc.concurrency
            ),
            format!("{} / {}", seq.requests, conc.requests),
            seq.requests == conc.requests && seq.requests == pages,
        ));
    }
    rep.table = table;
    rep
}
