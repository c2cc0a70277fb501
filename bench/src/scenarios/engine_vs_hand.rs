//! The pagination engine against a hand-written reqwest + serde_json loop.
//!
//! Both drain the same cursor-paged list (`starting_after`, pages of 250,
//! `{"data":{"items":[...],"has_more":bool,"total":N}}`) into the same typed
//! [`Partnership`], and consume each record the same way ([`Tally::add`]).
//! For each list size, the implementations run in rotating order `rounds`
//! times after one unmeasured warm-up each; the median of each figure is
//! reported. A third row runs the engine with read-ahead off, to show what
//! read-ahead (one page fetched while the caller consumes the current one)
//! costs in memory.
//!
//! Targets: the engine's CPU time at most 1.15x the hand-written loop's,
//! its peak heap within 10% of it, at every size; and the engine's peak heap
//! flat between the smallest and the largest size (within 10%). Whether the
//! other rows are flat is printed as a note.

use affiliate_common::pagination::Cursor;
use affiliate_common::{ApiPath, Client, Paginator, Request, Strategy};
use futures::StreamExt as _;
use url::Url;

use super::{Context, Needs, Options, Scenario};
use crate::BoxError;
use crate::measure::{Usage, median};
use crate::record::{CursorData, CursorEnvelope, Partnership, Tally};
use crate::report::{Check, Report, Table, bytes, div, ms, ratio};

/// Records per page (the engine asks for it with `limit`, as the hand loop).
pub const PAGE_SIZE: u64 = 250;
/// The CPU target: engine / hand-written.
const CPU_TARGET: f64 = 1.15;
/// The memory target: engine / hand-written, and largest / smallest size.
const HEAP_TARGET: f64 = 1.10;

/// See the module docs.
#[derive(Debug, Clone, Copy)]
pub struct EngineVsHand;

/// The idiomatic hand-written loop: one `reqwest::Client`, the body read as
/// bytes, `serde_json::from_slice` into the typed envelope, and the last
/// key sent as `starting_after` until `has_more` is false.
///
/// # Errors
/// Any transport, status or decode error.
pub async fn drain_by_hand(base: Url) -> Result<Tally, BoxError> {
    let http = reqwest::Client::new();
    let url = base.join("partnerships")?;
    let limit = PAGE_SIZE.to_string();
    let mut after: Option<String> = None;
    let mut tally = Tally::default();
    loop {
        let mut req = http.get(url.clone()).query(&[("limit", &limit)]);
        if let Some(key) = &after {
            req = req.query(&[("starting_after", key)]);
        }
        let body = req.send().await?.error_for_status()?.bytes().await?;
        let CursorData {
            items, has_more, ..
        } = serde_json::from_slice::<CursorEnvelope>(&body)?.data;
        after = items.last().map(|p| p.key.clone());
        for p in items {
            tally.add(&p);
        }
        if !has_more || after.is_none() {
            return Ok(tally);
        }
    }
}

/// The same drain through the engine: a default [`Client`], a cursor
/// [`Strategy`] and [`Paginator::stream`], with read-ahead on (the
/// default) or off.
///
/// # Errors
/// Any [`affiliate_common::Error`] of the stream.
pub async fn drain_with_engine(base: Url, read_ahead: bool) -> Result<Tally, BoxError> {
    let client = Client::builder(base).build()?;
    let strategy = Strategy::Cursor(
        Cursor::new("starting_after", |p: &Partnership| Some(p.key.clone()))
            .page_size("limit", PAGE_SIZE),
    );
    let request = Request::get(ApiPath::new("partnerships"));
    let mut items = Paginator::<CursorEnvelope>::new(client, request, strategy)
        .read_ahead(read_ahead)
        .stream();
    let mut tally = Tally::default();
    while let Some(p) = items.next().await {
        tally.add(&p?);
    }
    Ok(tally)
}

/// Which implementation a phase ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Impl {
    /// [`drain_by_hand`].
    Hand,
    /// [`drain_with_engine`] as callers get it (read-ahead on).
    Engine,
    /// [`drain_with_engine`] with read-ahead off: shows what read-ahead
    /// costs in memory and buys in wall time. Informational, no target.
    EngineNoReadAhead,
}

impl Impl {
    const ALL: [Impl; 3] = [Impl::Hand, Impl::Engine, Impl::EngineNoReadAhead];

    fn label(self) -> &'static str {
        match self {
            Impl::Hand => "hand-written",
            Impl::Engine => "engine",
            Impl::EngineNoReadAhead => "engine, no read-ahead",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// Runs one drain, measured, and checks it returned every record once.
fn run_once(ctx: &Context, which: Impl, base: &Url, n: u64) -> Result<Usage, BoxError> {
    let base = base.clone();
    let (tally, usage) = match which {
        Impl::Hand => ctx.measure(drain_by_hand(base)),
        Impl::Engine => ctx.measure(drain_with_engine(base, true)),
        Impl::EngineNoReadAhead => ctx.measure(drain_with_engine(base, false)),
    };
    let tally = tally?;
    let expected = Tally::expected(n);
    if tally != expected {
        return Err(format!(
            "{} drained {tally:?} instead of {expected:?}",
            which.label()
        )
        .into());
    }
    Ok(usage)
}

/// The median figures of every implementation at one size.
struct SizeResult {
    n: u64,
    /// Indexed by [`Impl::index`].
    usage: [Usage; 3],
}

impl SizeResult {
    fn of(&self, which: Impl) -> Usage {
        self.usage[which.index()]
    }
}

impl Scenario for EngineVsHand {
    fn name(&self) -> &'static str {
        "engine-vs-hand"
    }

    fn about(&self) -> &'static str {
        "cursor list drained by the engine and by a hand-written reqwest loop: wall, CPU, peak heap"
    }

    fn needs(&self, options: &Options) -> Needs {
        Needs {
            records: options.records.iter().copied().max().unwrap_or(0),
            ..Needs::default()
        }
    }

    fn run(&self, ctx: &Context) -> Result<Report, BoxError> {
        let rounds = ctx.options.rounds.max(1);
        let mut results = Vec::new();
        for &n in &ctx.options.records {
            let base = ctx.server()?.cursor_base(n);
            // Warm-up: allocator arenas, the server's page cache, lazy statics.
            for which in Impl::ALL {
                run_once(ctx, which, &base, n)?;
            }
            let mut runs: [Vec<Usage>; 3] = Default::default();
            for round in 0..rounds {
                // Rotate who goes first, so drift hits every one alike.
                let mut order = Impl::ALL;
                order.rotate_left(round % Impl::ALL.len());
                for which in order {
                    runs[which.index()].push(run_once(ctx, which, &base, n)?);
                }
            }
            results.push(SizeResult {
                n,
                usage: runs.map(|r| median(&r)),
            });
        }
        Ok(report(&results, rounds))
    }
}

fn report(results: &[SizeResult], rounds: usize) -> Report {
    let mut table = Table::new([
        "records",
        "impl",
        "wall",
        "CPU",
        "peak heap",
        "records/s (CPU)",
    ]);
    let mut rep = Report::default();
    for r in results {
        for which in Impl::ALL {
            let u = r.of(which);
            table.row([
                r.n.to_string(),
                which.label().to_owned(),
                ms(u.wall),
                ms(u.cpu),
                bytes(u.peak_heap),
                format!("{:.0}", div(r.n as f64, u.cpu.as_secs_f64())),
            ]);
        }
        let hand = r.of(Impl::Hand);
        for which in [Impl::Engine, Impl::EngineNoReadAhead] {
            let e = r.of(which);
            let cpu = div(e.cpu.as_secs_f64(), hand.cpu.as_secs_f64());
            let wall = div(e.wall.as_secs_f64(), hand.wall.as_secs_f64());
            let heap = div(e.peak_heap as f64, hand.peak_heap as f64);
            rep.notes.push(format!(
                "{} records, {}/hand-written: wall {}, CPU {}, peak heap {}",
                r.n,
                which.label(),
                ratio(wall),
                ratio(cpu),
                ratio(heap)
            ));
            if which == Impl::Engine {
                rep.checks.push(Check::new(
                    format!("CPU engine/hand <= {CPU_TARGET:.2}x at {} records", r.n),
                    ratio(cpu),
                    cpu <= CPU_TARGET,
                ));
                rep.checks.push(Check::new(
                    format!(
                        "peak heap engine/hand <= {HEAP_TARGET:.2}x at {} records",
                        r.n
                    ),
                    ratio(heap),
                    heap <= HEAP_TARGET,
                ));
            }
        }
    }
    let small = results.iter().min_by_key(|r| r.n);
    let large = results.iter().max_by_key(|r| r.n);
    if let (Some(small), Some(large)) = (small, large)
        && large.n > small.n
    {
        for which in Impl::ALL {
            let (a, b) = (small.of(which).peak_heap, large.of(which).peak_heap);
            let growth = div(b as f64, a as f64);
            let target = format!(
                "{} peak heap flat from {} to {} records (<= {HEAP_TARGET:.2}x)",
                which.label(),
                small.n,
                large.n
            );
            let measured = format!("{} -> {} ({})", bytes(a), bytes(b), ratio(growth));
            // The target is the engine's; the other rows are context.
            if which == Impl::Engine {
                rep.checks
                    .push(Check::new(target, measured, growth <= HEAP_TARGET));
            } else {
                let verdict = if growth <= HEAP_TARGET { "yes" } else { "no" };
                rep.notes.push(format!("{target}: {measured}, {verdict}"));
            }
        }
    }
    rep.notes.push(format!(
        "medians of {rounds} rotating rounds per implementation and size, after one warm-up each; \
         pages of {PAGE_SIZE}; CPU is user+sys of the client process (server in a child process)"
    ));
    rep.table = table;
    rep
}
