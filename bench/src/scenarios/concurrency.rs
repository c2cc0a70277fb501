//! Concurrent page fetch against sequential paging, with injected latency.
//!
//! The engine drains a page-numbered list (`page`/`per_page`,
//! `{"items":[...],"total_pages":P}`) from the server that adds latency to
//! every response (50 ms by default): once with `.concurrency(1)`, strictly
//! one page after another, and once with `.concurrency(4)`, where the first
//! page's `total_pages` lets the engine fetch four pages at a time. The
//! server counts the requests, so the report shows neither mode fetched a
//! page twice or skipped one.
//!
//! Target: a speed-up of at least 3x at concurrency 4.

use std::time::Duration;

use affiliate_common::pagination::PageNumber;
use affiliate_common::{ApiPath, Client, Paginator, Request, Strategy};
use futures::StreamExt as _;
use url::Url;

use super::{Context, Needs, Options, Scenario};
use crate::BoxError;
use crate::record::{NumberedPage, Tally};
use crate::report::{Check, Report, Table, div, ms, ratio};

/// Records in the list: 200 pages of 100, about 10 s sequentially at 50 ms.
pub const RECORDS: u64 = 20_000;
/// Records per page.
pub const PER_PAGE: u64 = 100;
/// The concurrent mode's page fetches in flight.
pub const CONCURRENCY: usize = 4;
/// The speed-up target of the concurrent mode.
const SPEEDUP_TARGET: f64 = 3.0;

/// See the module docs.
#[derive(Debug, Clone, Copy)]
pub struct Concurrency;

/// Drains the page-numbered list at `base` with `concurrency` pages in
/// flight.
///
/// # Errors
/// Any [`affiliate_common::Error`] of the stream.
pub async fn drain_pages(base: Url, concurrency: usize) -> Result<Tally, BoxError> {
    let client = Client::builder(base).build()?;
    let strategy = Strategy::PageNumber(PageNumber::new("page").page_size("per_page", PER_PAGE));
    let request = Request::get(ApiPath::new("partnerships"));
    let mut items = Paginator::<NumberedPage>::new(client, request, strategy)
        .concurrency(concurrency)
        .stream();
    let mut tally = Tally::default();
    while let Some(p) = items.next().await {
        tally.add(&p?);
    }
    Ok(tally)
}

/// One mode's figures.
struct Mode {
    concurrency: usize,
    wall: Duration,
    cpu: Duration,
    requests: u64,
}

impl Scenario for Concurrency {
    fn name(&self) -> &'static str {
        "concurrency"
    }

    fn about(&self) -> &'static str {
        "page-numbered list with injected latency: sequential vs concurrent page fetch"
    }

    fn needs(&self, _options: &Options) -> Needs {
        Needs {
            records: RECORDS,
            ..Needs::default()
        }
    }

    fn run(&self, ctx: &Context) -> Result<Report, BoxError> {
        let server = ctx.server()?;
        let base = server.pages_base(RECORDS);
        let expected = Tally::expected(RECORDS);
        let mut modes = Vec::new();
        for concurrency in [1, CONCURRENCY] {
            let before = ctx.block_on(server.stats())?;
            let (tally, usage) = ctx.measure(drain_pages(base.clone(), concurrency));
            let after = ctx.block_on(server.stats())?;
            let tally = tally?;
            if tally != expected {
                return Err(format!(
                    "concurrency {concurrency} drained {tally:?} instead of {expected:?}"
                )
                .into());
            }
            modes.push(Mode {
                concurrency,
                wall: usage.wall,
                cpu: usage.cpu,
                requests: after.pages - before.pages,
            });
        }
        Ok(report(&modes, ctx.options.latency))
    }
}

fn report(modes: &[Mode], latency: Duration) -> Report {
    let pages = RECORDS.div_ceil(PER_PAGE);
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
        rep.checks.push(Check::new(
            format!(
                "concurrency {}: exactly {pages} requests for {pages} pages",
                m.concurrency
            ),
            m.requests.to_string(),
            m.requests == pages,
        ));
    }
    if let [seq, conc, ..] = modes {
        let speedup = div(seq.wall.as_secs_f64(), conc.wall.as_secs_f64());
        rep.notes.push(format!(
            "{RECORDS} records, {pages} pages of {PER_PAGE}, {} ms injected latency per request: \
             speed-up at concurrency {} = {}",
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
    }
    rep.table = table;
    rep
}
