//! A typed API client against a hand-written reqwest + serde_json loop.
//!
//! The per-API comparisons (`partnerstack`, `dub`) share this runner: for
//! each list size, the typed client's drain and the hand-written drain run
//! in rotating order `rounds` times after one unmeasured warm-up each, and
//! the median of each figure is reported. Both decode the same pages into
//! the same model type and count the same figure of every record, so the
//! difference is what the client adds (its engine, flavor and envelope).
//!
//! Targets: the client's CPU time at most 1.15x the hand-written loop's at
//! every size, and the client's peak heap flat between the smallest and the
//! largest size (within 10%). The heap ratio to the hand-written loop is
//! printed as a note: read-ahead holds one more page by design (see
//! `BENCHMARKS.md`).

use std::future::Future;
use std::pin::Pin;

use url::Url;

use super::Context;
use crate::BoxError;
use crate::measure::{Usage, median};
use crate::record::Tally;
use crate::report::{Check, Report, Table, bytes, div, ms, ratio};
use crate::server::Server;

/// The CPU target: client / hand-written.
const CPU_TARGET: f64 = 1.15;
/// The flatness target: the client's peak heap, largest / smallest size.
const FLAT_TARGET: f64 = 1.10;

/// A boxed drain future.
pub type DrainFuture = Pin<Box<dyn Future<Output = Result<Tally, BoxError>> + Send>>;

/// A drain of the list at a base URL.
pub type Drain = fn(Url) -> DrainFuture;

/// What to compare.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// The client row's label (`partnerstack::Client`).
    pub client_label: &'static str,
    /// List sizes, smallest first.
    pub sizes: Vec<u64>,
    /// Records per page, for the notes.
    pub page_size: u64,
    /// The list of the first `n` records on the server.
    pub base: fn(&Server, u64) -> Url,
    /// The tally a complete drain of `n` records gives.
    pub expected: fn(u64) -> Tally,
    /// The hand-written loop.
    pub hand: Drain,
    /// The typed client.
    pub client: Drain,
}

/// Which implementation a phase ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Impl {
    Hand,
    Client,
}

impl Impl {
    const ALL: [Impl; 2] = [Impl::Hand, Impl::Client];

    fn label(self, cmp: &Comparison) -> &'static str {
        match self {
            Impl::Hand => "hand-written",
            Impl::Client => cmp.client_label,
        }
    }
}

/// Runs one drain, measured, and checks it returned every record once.
fn run_once(
    ctx: &Context,
    cmp: &Comparison,
    which: Impl,
    base: &Url,
    expected: Tally,
) -> Result<Usage, BoxError> {
    let drain = match which {
        Impl::Hand => cmp.hand,
        Impl::Client => cmp.client,
    };
    let (tally, usage) = ctx.measure(drain(base.clone()));
    let tally = tally?;
    if tally != expected {
        return Err(format!(
            "{} drained {tally:?} instead of {expected:?}",
            which.label(cmp)
        )
        .into());
    }
    Ok(usage)
}

/// Runs the comparison and reports it.
///
/// # Errors
/// When the server cannot start, or a drain fails or misses records.
pub fn run(ctx: &Context, cmp: &Comparison) -> Result<Report, BoxError> {
    let rounds = ctx.options.rounds.max(1);
    let mut results: Vec<(u64, [Usage; 2])> = Vec::new();
    for &n in &cmp.sizes {
        let base = (cmp.base)(ctx.server()?, n);
        let expected = (cmp.expected)(n);
        for which in Impl::ALL {
            run_once(ctx, cmp, which, &base, expected)?;
        }
        let mut runs: [Vec<Usage>; 2] = Default::default();
        for round in 0..rounds {
            let mut order = Impl::ALL;
            order.rotate_left(round % Impl::ALL.len());
            for which in order {
                runs[which as usize].push(run_once(ctx, cmp, which, &base, expected)?);
            }
        }
        results.push((n, runs.map(|r| median(&r))));
    }
    Ok(report(cmp, &results, rounds))
}

fn report(cmp: &Comparison, results: &[(u64, [Usage; 2])], rounds: usize) -> Report {
    let mut table = Table::new([
        "records",
        "impl",
        "wall",
        "CPU",
        "peak heap",
        "records/s (CPU)",
    ]);
    let mut rep = Report::default();
    for (n, usage) in results {
        for which in Impl::ALL {
            let u = usage[which as usize];
            table.row([
                n.to_string(),
                which.label(cmp).to_owned(),
                ms(u.wall),
                ms(u.cpu),
                bytes(u.peak_heap),
                format!("{:.0}", div(*n as f64, u.cpu.as_secs_f64())),
            ]);
        }
        let (hand, client) = (usage[Impl::Hand as usize], usage[Impl::Client as usize]);
        let cpu = div(client.cpu.as_secs_f64(), hand.cpu.as_secs_f64());
        let wall = div(client.wall.as_secs_f64(), hand.wall.as_secs_f64());
        let heap = div(client.peak_heap as f64, hand.peak_heap as f64);
        rep.notes.push(format!(
            "{n} records, {}/hand-written: wall {}, CPU {}, peak heap {}",
            cmp.client_label,
            ratio(wall),
            ratio(cpu),
            ratio(heap)
        ));
        rep.checks.push(Check::new(
            format!(
                "CPU {}/hand <= {CPU_TARGET:.2}x at {n} records",
                cmp.client_label
            ),
            ratio(cpu),
            cpu <= CPU_TARGET,
        ));
    }
    if let (Some(small), Some(large)) = (results.first(), results.last())
        && large.0 > small.0
    {
        for which in Impl::ALL {
            let (a, b) = (
                small.1[which as usize].peak_heap,
                large.1[which as usize].peak_heap,
            );
            let growth = div(b as f64, a as f64);
            let target = format!(
                "{} peak heap flat from {} to {} records (<= {FLAT_TARGET:.2}x)",
                which.label(cmp),
                small.0,
                large.0
            );
            let measured = format!("{} -> {} ({})", bytes(a), bytes(b), ratio(growth));
            if which == Impl::Client {
                rep.checks
                    .push(Check::new(target, measured, growth <= FLAT_TARGET));
            } else {
                let verdict = if growth <= FLAT_TARGET { "yes" } else { "no" };
                rep.notes.push(format!("{target}: {measured}, {verdict}"));
            }
        }
    }
    rep.notes.push(format!(
        "medians of {rounds} rotating rounds per implementation and size, after one warm-up each; \
         pages of {}; CPU is user+sys of the client process (server in a child process)",
        cmp.page_size
    ));
    rep.table = table;
    rep
}
