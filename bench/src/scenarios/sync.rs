//! `affiliate-sync` into SQLite against a drain with no database (issue 11).
//!
//! The server child serves the PartnerStack partnerships of
//! [`super::partnerstack`] and the Dub partners of [`super::dub`]. For each
//! API and size, two implementations read the same list:
//!
//! - **drain**: the typed client's `.stream()` decoding every record into
//!   its model, no database ([`super::partnerstack::drain_with_client`],
//!   [`super::dub::drain_with_client`]);
//! - **sync**: `affiliate_sync::engine::sync` of the one resource
//!   (`partnerstack.partnerships`, `dub.partners`) into a new SQLite file:
//!   the same client, each record also kept as JSON, checked against its
//!   model, turned into a row and upserted, one transaction per batch of
//!   whole pages with the resource's state.
//!
//! Each run is a process of its own (this binary, re-executed with the
//! hidden `sync-child` subcommand), so its peak RSS (`VmHWM`, which counts
//! SQLite's own allocations too, unlike the harness's counting allocator)
//! and CPU time (user + system, every thread) are that run's alone. Wall
//! time is the phase itself, closing the sink included (SQLite then
//! checkpoints its log into the database file), without the process start.
//! The children do not keep the harness's heap counters (the threads of a
//! sync would contend on them).
//!
//! Sizes: `--records` (20,000 and 200,000 by default) for PartnerStack. Dub
//! serves at most 1,000 pages of 100, so its sizes are capped at 99,900 (the
//! size of the dlt figure in issue 11).
//!
//! With `AFFILIATE_BENCH_POSTGRES_URL` set (a PostgreSQL URL whose user may
//! create schemas), a third implementation syncs into PostgreSQL (schema
//! `bench_sync`, emptied before each run); it is reported, with no target.
//!
//! Targets (issue 11): the sync's wall time at most 3x the drain's at the
//! largest size, its peak RSS at most 100 MiB, and flat (within 25%) from
//! the smallest to the largest size.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use affiliate_sync::engine::{SyncOptions, sync};
use affiliate_sync::registry::{self, Clients};
use affiliate_sync::sink::Sink;
use affiliate_sync::sink::postgres::PostgresSink;
use affiliate_sync::sink::sqlite::SqliteSink;
use serde::{Deserialize, Serialize};
use url::Url;

use super::{Context, Needs, Options, Scenario};
use crate::BoxError;
use crate::measure::cpu_time;
use crate::report::{Check, Report, Table, div, ms, ratio};

/// When set, a PostgreSQL URL: the scenario also syncs into that database
/// (schema `bench_sync`, emptied before each run). No target applies.
pub const POSTGRES_VAR: &str = "AFFILIATE_BENCH_POSTGRES_URL";
/// Sync wall time / drain wall time, at the largest size.
const WALL_TARGET: f64 = 3.0;
/// The sync's peak RSS.
const RSS_TARGET: u64 = 100 << 20;
/// The sync's peak RSS, largest size / smallest size.
const FLAT_TARGET: f64 = 1.25;
/// The most Dub partners the client reads from the server's list: 999 full
/// pages of 100, then the empty 1,000th page that ends the list.
const DUB_MAX: u64 = 99_900;

/// The APIs of the scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Api {
    PartnerStack,
    Dub,
}

impl Api {
    const ALL: [Api; 2] = [Api::PartnerStack, Api::Dub];

    fn name(self) -> &'static str {
        match self {
            Api::PartnerStack => "partnerstack",
            Api::Dub => "dub",
        }
    }

    fn selector(self) -> &'static str {
        match self {
            Api::PartnerStack => "partnerstack.partnerships",
            Api::Dub => "dub.partners",
        }
    }

    fn parse(s: &str) -> Result<Self, BoxError> {
        Api::ALL
            .into_iter()
            .find(|a| a.name() == s)
            .ok_or_else(|| format!("unknown api {s}").into())
    }

    /// The sizes to run, smallest first.
    fn sizes(self, options: &Options) -> Vec<u64> {
        let mut sizes: Vec<u64> = options
            .records
            .iter()
            .map(|&n| match self {
                Api::PartnerStack => n,
                Api::Dub => n.min(DUB_MAX),
            })
            .collect();
        sizes.sort_unstable();
        sizes.dedup();
        sizes
    }
}

/// Which implementation a run measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Drain,
    Sync,
    Postgres,
}

impl Phase {
    const ALL: [Phase; 3] = [Phase::Drain, Phase::Sync, Phase::Postgres];

    /// The phases to run: PostgreSQL only when [`POSTGRES_VAR`] is set.
    fn selected() -> Vec<Phase> {
        let postgres = std::env::var_os(POSTGRES_VAR).is_some_and(|v| !v.is_empty());
        Phase::ALL
            .into_iter()
            .filter(|p| *p != Phase::Postgres || postgres)
            .collect()
    }

    fn name(self) -> &'static str {
        match self {
            Phase::Drain => "drain",
            Phase::Sync => "sync",
            Phase::Postgres => "postgres",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Phase::Drain => "drain (client .stream(), no database)",
            Phase::Sync => "affiliate-sync -> SQLite",
            Phase::Postgres => "affiliate-sync -> PostgreSQL",
        }
    }

    fn parse(s: &str) -> Result<Self, BoxError> {
        Phase::ALL
            .into_iter()
            .find(|p| p.name() == s)
            .ok_or_else(|| format!("unknown phase {s}").into())
    }
}

/// What a child run reports on its last stdout line, after `RESULT `.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
struct Measured {
    records: u64,
    wall_ns: u64,
    cpu_ns: u64,
    peak_rss: u64,
}

impl Measured {
    fn wall(&self) -> Duration {
        Duration::from_nanos(self.wall_ns)
    }
    fn cpu(&self) -> Duration {
        Duration::from_nanos(self.cpu_ns)
    }
}

/// The median of each figure on its own.
fn median(runs: &[Measured]) -> Measured {
    fn mid(mut v: Vec<u64>) -> u64 {
        v.sort_unstable();
        v.get(v.len() / 2).copied().unwrap_or(0)
    }
    Measured {
        records: runs.first().map_or(0, |r| r.records),
        wall_ns: mid(runs.iter().map(|r| r.wall_ns).collect()),
        cpu_ns: mid(runs.iter().map(|r| r.cpu_ns).collect()),
        peak_rss: mid(runs.iter().map(|r| r.peak_rss).collect()),
    }
}

/// The process's peak resident set size so far (`VmHWM`), bytes.
fn peak_rss() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        })
        .map_or(0, |kb| kb * 1024)
}

/// Mebibytes, one decimal.
fn mib(n: u64) -> String {
    format!("{:.1} MiB", n as f64 / f64::from(1 << 20))
}

/// The hidden `sync-child API PHASE N BASE DB` subcommand: one measured run
/// in this process, reported on stdout as `RESULT {json}`. `DB` is the
/// SQLite file of the `sync` phase; the `postgres` phase writes to the
/// schema `bench_sync` (emptied first) of [`POSTGRES_VAR`]'s database.
///
/// # Errors
/// When the run fails or does not store (or drain) exactly `N` records.
pub fn child(args: &[String]) -> Result<(), BoxError> {
    let [api, phase, n, base, db] = args else {
        return Err("usage: bench sync-child API PHASE N BASE DB".into());
    };
    // The peak is `VmHWM`; the harness's heap counters would only add
    // contention between the sync's threads.
    crate::alloc::stop_counting();
    let (api, phase, n, base): (Api, Phase, u64, Url) = (
        Api::parse(api)?,
        Phase::parse(phase)?,
        n.parse()?,
        base.parse()?,
    );
    // Setting up the destination is not measured.
    let postgres = match phase {
        Phase::Postgres => Some(empty_postgres_schema()?),
        _ => None,
    };
    let sink: Option<Box<dyn Sink>> = match phase {
        Phase::Drain => None,
        Phase::Sync => Some(Box::new(SqliteSink::open(db)?)),
        Phase::Postgres => Some(Box::new(PostgresSink::connect(
            postgres.as_deref().unwrap_or_default(),
        )?)),
    };
    // The default multi-threaded runtime, as a `#[tokio::main]` service
    // (and the harness's other scenarios) would run it.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let cpu0 = cpu_time();
    let t0 = Instant::now();
    let (records, sink) = runtime.block_on(async {
        match sink {
            None => {
                let tally = match api {
                    Api::PartnerStack => super::partnerstack::drain_with_client(base).await?,
                    Api::Dub => super::dub::drain_with_client(base).await?,
                };
                Ok::<_, BoxError>((tally.count, None))
            }
            Some(sink) => {
                let (new, sink) = sync_into(api, base, sink).await?;
                Ok((new, Some(sink)))
            }
        }
    })?;
    // Closing the sink is part of the run (SQLite checkpoints its log into
    // the database file then), as it is for `affiliate sync`.
    drop(sink);
    let wall = t0.elapsed();
    let cpu = cpu_time().saturating_sub(cpu0);
    // What the destination holds, counted after the measured phase.
    let table = api.selector().replace('.', "_");
    let count = format!("SELECT count(*) FROM \"{table}\"");
    let stored = match (phase, &postgres) {
        (Phase::Drain, _) => records,
        (Phase::Sync, _) => {
            let rows: i64 = SqliteSink::open(db)?
                .connection()
                .query_row(&count, [], |r| r.get(0))?;
            u64::try_from(rows).unwrap_or(0)
        }
        (Phase::Postgres, url) => {
            let url = url.as_deref().unwrap_or_default();
            let rows: i64 = postgres::Client::connect(url, postgres::NoTls)?
                .query_one(&count, &[])?
                .get(0);
            u64::try_from(rows).unwrap_or(0)
        }
    };
    if records != n || stored != n {
        return Err(format!(
            "{} {} read {records} and stored {stored} of {n} records",
            api.name(),
            phase.name()
        )
        .into());
    }
    let measured = Measured {
        records,
        wall_ns: u64::try_from(wall.as_nanos()).unwrap_or(u64::MAX),
        cpu_ns: u64::try_from(cpu.as_nanos()).unwrap_or(u64::MAX),
        peak_rss: peak_rss(),
    };
    println!("RESULT {}", serde_json::to_string(&measured)?);
    Ok(())
}

/// Empties the schema `bench_sync` of [`POSTGRES_VAR`]'s database; returns
/// the URL that writes into it.
fn empty_postgres_schema() -> Result<String, BoxError> {
    let base = std::env::var(POSTGRES_VAR).map_err(|_| format!("{POSTGRES_VAR} is not set"))?;
    postgres::Client::connect(&base, postgres::NoTls)?
        .batch_execute("DROP SCHEMA IF EXISTS bench_sync CASCADE; CREATE SCHEMA bench_sync")?;
    let separator = if base.contains('?') { '&' } else { '?' };
    Ok(format!(
        "{base}{separator}options=-csearch_path%3Dbench_sync"
    ))
}

/// Syncs `api`'s resource at `base` into `sink`; returns the rows inserted,
/// and the sink.
async fn sync_into(
    api: Api,
    base: Url,
    sink: Box<dyn Sink>,
) -> Result<(u64, Box<dyn Sink>), BoxError> {
    let mut clients = Clients::default();
    match api {
        Api::PartnerStack => {
            clients.partnerstack = Some(
                partnerstack::Client::builder(partnerstack::Auth::basic("pk_bench", "sk_bench"))
                    .base_url(base)
                    .rate_limit(partnerstack::RateLimit::unlimited())
                    .build()?,
            );
        }
        Api::Dub => {
            clients.dub = Some(
                dub::Client::builder("dub_bench_key")
                    .base_url(base)
                    .rate_limit(dub::common::RateLimit::unlimited())
                    .build()?,
            );
        }
    }
    let resources = registry::select(&[api.selector().to_owned()])
        .map_err(|unknown| format!("unknown resources {unknown:?}"))?;
    let (summary, sink) = sync(&clients, &resources, sink, &SyncOptions::default()).await?;
    if summary.any_failed() || summary.quarantined() > 0 {
        return Err(format!("the sync did not complete cleanly: {summary:?}").into());
    }
    Ok((summary.resources.iter().map(|r| r.new).sum(), sink))
}

/// Runs one child and reads its result; removes the SQLite file after.
fn run_child(api: Api, phase: Phase, n: u64, base: &Url) -> Result<Measured, BoxError> {
    let dir = std::env::temp_dir().join(format!(
        "bench-sync-{}-{}-{n}",
        std::process::id(),
        api.name()
    ));
    std::fs::create_dir_all(&dir)?;
    let db = dir.join("affiliate.db");
    let out = Command::new(std::env::current_exe()?)
        .args(["sync-child", api.name(), phase.name(), &n.to_string()])
        .arg(base.as_str())
        .arg(&db)
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output();
    let _ = std::fs::remove_dir_all(&dir);
    let out = out?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let result = stdout
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix("RESULT "))
        .filter(|_| out.status.success())
        .ok_or_else(|| {
            format!(
                "{} {} of {n} records failed ({}): {stdout}",
                api.name(),
                phase.name(),
                out.status
            )
        })?;
    Ok(serde_json::from_str(result)?)
}

/// See the module docs.
#[derive(Debug, Clone, Copy)]
pub struct SyncScenario;

impl Scenario for SyncScenario {
    fn name(&self) -> &'static str {
        "sync"
    }

    fn about(&self) -> &'static str {
        "affiliate-sync of PartnerStack partnerships and Dub partners into SQLite, next to a drain"
    }

    fn needs(&self, options: &Options) -> Needs {
        Needs {
            partnerstack: Api::PartnerStack
                .sizes(options)
                .last()
                .copied()
                .unwrap_or(0),
            dub: Api::Dub.sizes(options).last().copied().unwrap_or(0),
            ..Needs::default()
        }
    }

    fn run(&self, ctx: &Context) -> Result<Report, BoxError> {
        // Each round of the largest size is a few seconds per phase: fewer
        // rounds than the drain-only scenarios.
        let rounds = ctx.options.rounds.clamp(1, 3);
        let phases = Phase::selected();
        let mut results: Vec<(Api, u64, [Measured; 3])> = Vec::new();
        for api in Api::ALL {
            for n in api.sizes(&ctx.options) {
                let server = ctx.server()?;
                let base = match api {
                    Api::PartnerStack => server.partnerstack_base(n),
                    Api::Dub => server.dub_base(n),
                };
                let mut runs: [Vec<Measured>; 3] = Default::default();
                for round in 0..rounds {
                    let mut order = phases.clone();
                    order.rotate_left(round % phases.len());
                    for phase in order {
                        runs[phase as usize].push(run_child(api, phase, n, &base)?);
                    }
                }
                results.push((api, n, runs.map(|r| median(&r))));
            }
        }
        Ok(report(&results, rounds))
    }
}

fn report(results: &[(Api, u64, [Measured; 3])], rounds: usize) -> Report {
    let mut table = Table::new([
        "api",
        "records",
        "impl",
        "wall",
        "CPU",
        "peak RSS",
        "rows/s (wall)",
    ]);
    let mut rep = Report::default();
    for (api, n, m) in results {
        for phase in Phase::ALL {
            let u = m[phase as usize];
            if u.records == 0 {
                continue; // not run
            }
            table.row([
                api.name().to_owned(),
                n.to_string(),
                phase.label().to_owned(),
                ms(u.wall()),
                ms(u.cpu()),
                mib(u.peak_rss),
                format!("{:.0}", div(*n as f64, u.wall().as_secs_f64())),
            ]);
        }
        let (drain, synced) = (m[Phase::Drain as usize], m[Phase::Sync as usize]);
        let wall = div(synced.wall().as_secs_f64(), drain.wall().as_secs_f64());
        let cpu = div(synced.cpu().as_secs_f64(), drain.cpu().as_secs_f64());
        rep.notes.push(format!(
            "{} {n} records, sync/drain: wall {}, CPU {}, peak RSS {} vs {}",
            api.name(),
            ratio(wall),
            ratio(cpu),
            mib(synced.peak_rss),
            mib(drain.peak_rss)
        ));
        rep.checks.push(Check::new(
            format!(
                "{} sync peak RSS <= {} at {n} records",
                api.name(),
                mib(RSS_TARGET)
            ),
            mib(synced.peak_rss),
            synced.peak_rss <= RSS_TARGET,
        ));
        let pg = m[Phase::Postgres as usize];
        if pg.records > 0 {
            rep.notes.push(format!(
                "{} {n} records, PostgreSQL sync/drain: wall {}, CPU {} (this process; the \
                 server's work is not counted), peak RSS {}",
                api.name(),
                ratio(div(pg.wall().as_secs_f64(), drain.wall().as_secs_f64())),
                ratio(div(pg.cpu().as_secs_f64(), drain.cpu().as_secs_f64())),
                mib(pg.peak_rss)
            ));
        }
    }
    for api in Api::ALL {
        let of_api: Vec<_> = results.iter().filter(|(a, ..)| *a == api).collect();
        let (Some(small), Some(large)) = (of_api.first(), of_api.last()) else {
            continue;
        };
        let (drain, synced) = (
            large.2[Phase::Drain as usize],
            large.2[Phase::Sync as usize],
        );
        let wall = div(synced.wall().as_secs_f64(), drain.wall().as_secs_f64());
        rep.checks.push(Check::new(
            format!(
                "{} sync wall <= {WALL_TARGET:.0}x the drain's at {} records",
                api.name(),
                large.1
            ),
            ratio(wall),
            wall <= WALL_TARGET,
        ));
        if large.1 > small.1 {
            let (a, b) = (
                small.2[Phase::Sync as usize].peak_rss,
                large.2[Phase::Sync as usize].peak_rss,
            );
            let growth = div(b as f64, a as f64);
            rep.checks.push(Check::new(
                format!(
                    "{} sync peak RSS flat from {} to {} records (<= {FLAT_TARGET:.2}x)",
                    api.name(),
                    small.1,
                    large.1
                ),
                format!("{} -> {} ({})", mib(a), mib(b), ratio(growth)),
                growth <= FLAT_TARGET,
            ));
        }
    }
    rep.notes.push(format!(
        "medians of {rounds} rotating rounds per implementation and size, each run a process of \
         its own (peak RSS is its VmHWM, SQLite included); CPU is user+sys of that process, the \
         server runs in another; Dub sizes are capped at {DUB_MAX} (Dub serves 1,000 pages)"
    ));
    rep.table = table;
    rep
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dub_sizes_are_capped_and_deduplicated() {
        let options = Options {
            records: vec![200_000, 20_000, 150_000],
            ..Options::default()
        };
        assert_eq!(
            Api::PartnerStack.sizes(&options),
            [20_000, 150_000, 200_000]
        );
        assert_eq!(Api::Dub.sizes(&options), [20_000, DUB_MAX]);
    }

    #[test]
    fn peak_rss_is_read_and_medians_take_each_figure() {
        assert!(peak_rss() > 1 << 20, "VmHWM of a running process");
        let m = |w, r| Measured {
            records: 5,
            wall_ns: w,
            cpu_ns: w,
            peak_rss: r,
        };
        assert_eq!(median(&[m(3, 10), m(1, 30), m(2, 20)]), m(2, 20));
    }
}
