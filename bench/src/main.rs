//! Benchmark harness of the affiliate-rs pagination engine.
//!
//! ```text
//! cargo run --release -p bench -- [--records N[,N...]] [--dub-records N[,N...]]
//!                                 [--subscribers N] [--rounds R] [--latency-ms MS]
//!                                 [--strict] [--list] [SCENARIO...]
//! ```
//!
//! With no scenario named, every scenario runs (see `--list`):
//!
//! - `engine-vs-hand`: drains a cursor-paged list of N records (20,000 and
//!   200,000 by default) through the pagination engine and through a
//!   hand-written reqwest + serde_json loop, and compares wall time, CPU time
//!   and peak heap;
//! - `concurrency`: drains a page-numbered list with injected latency,
//!   sequentially and with concurrent page fetch, and reports the speed-up;
//! - `partnerstack`: drains PartnerStack-shaped partnerships (the
//!   `--records` sizes) through `partnerstack::Client` and through a
//!   hand-written loop decoding the same models;
//! - `referralhero`: drains a ReferralHero sandbox list (`--subscribers`,
//!   10,000 by default, 50,000 in the issue) with injected latency,
//!   sequentially and with the client's concurrent page fetch;
//! - `dub`: drains ~1.5 KB Dub partners (`--dub-records`, 10,000 and 50,000
//!   by default) through `dub::Client` and through a hand-written loop;
//! - `sync`: syncs PartnerStack partnerships and Dub partners (the
//!   `--records` sizes; Dub's capped at 99,900) into SQLite with
//!   `affiliate-sync`, next to the client's drain with no database, each run
//!   a process of its own (peak RSS included).
//!
//! The local test API runs in a child process (this binary, re-executed with
//! the hidden `serve` subcommand), so the figures are the client's alone.
//! Each target is printed as PASS or MISS; `--strict` makes a miss exit
//! with status 1. Figures are recorded in `BENCHMARKS.md`.

// `json!` of a whole Dub partner record nests deeper than the default.
#![recursion_limit = "256"]

mod alloc;
mod measure;
mod record;
mod report;
mod scenarios;
mod server;

use std::process::ExitCode;
use std::time::{Duration, Instant};

use scenarios::{Context, Options, Scenario};

/// Every allocation of the harness goes through the counting allocator.
#[global_allocator]
static GLOBAL: alloc::Counting = alloc::Counting;

/// The error type of the harness.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

const USAGE: &str = "\
usage: cargo run --release -p bench -- [OPTIONS] [SCENARIO...]

options:
  --records N[,N...]  list sizes for engine-vs-hand, partnerstack and sync (default
                      20000,200000)
  --dub-records N[,N...]
                      list sizes for dub (default 10000,50000; below 100000)
  --subscribers N     subscribers in the referralhero list (default 10000; the issue's
                      full size is 50000)
  --impact-records N  actions in the impact list (default 20000; the issue's full
                      size is 100000)
  --rounds R          measured rounds per implementation and size (default 7)
  --latency-ms MS     latency injected per request in `concurrency` and `referralhero`
                      (default 50)
  --strict            exit with status 1 when a target is missed
  --list              list the scenarios and exit
  -h, --help          this help";

/// What the command line asked for.
#[derive(Debug, Default, PartialEq)]
struct Cli {
    options: Options,
    scenarios: Vec<String>,
    strict: bool,
    list: bool,
    help: bool,
}

/// `N[,N...]`, underscores allowed, every size positive.
fn sizes(flag: &str, value: &str) -> Result<Vec<u64>, BoxError> {
    let sizes = value
        .split(',')
        .map(|n| n.trim().replace('_', "").parse::<u64>())
        .collect::<Result<Vec<_>, _>>()?;
    if sizes.contains(&0) {
        return Err(format!("{flag} must be positive").into());
    }
    Ok(sizes)
}

fn parse_cli(args: &[String]) -> Result<Cli, BoxError> {
    let mut cli = Cli::default();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--records" => cli.options.records = sizes(arg, value()?)?,
            "--dub-records" => cli.options.dub_records = sizes(arg, value()?)?,
            "--subscribers" => {
                cli.options.subscribers = sizes(arg, value()?)?
                    .into_iter()
                    .max()
                    .ok_or("--subscribers needs a value")?;
            }
            "--impact-records" => {
                cli.options.impact_records = sizes(arg, value()?)?
                    .into_iter()
                    .max()
                    .ok_or("--impact-records needs a value")?;
            }
            "--rounds" => cli.options.rounds = value()?.parse()?,
            "--latency-ms" => cli.options.latency = Duration::from_millis(value()?.parse()?),
            "--strict" => cli.strict = true,
            "--list" => cli.list = true,
            "-h" | "--help" => cli.help = true,
            flag if flag.starts_with('-') => return Err(format!("unknown option {flag}").into()),
            name => cli.scenarios.push(name.to_owned()),
        }
    }
    Ok(cli)
}

fn run(cli: Cli) -> Result<ExitCode, BoxError> {
    let available = scenarios::all();
    if cli.help || cli.list {
        if cli.help {
            println!("{USAGE}\n");
        }
        println!("scenarios:");
        for s in &available {
            println!("  {:<16} {}", s.name(), s.about());
        }
        return Ok(ExitCode::SUCCESS);
    }
    for name in &cli.scenarios {
        if !available.iter().any(|s| s.name() == name) {
            return Err(format!("unknown scenario `{name}` (see --list)").into());
        }
    }
    let selected: Vec<Box<dyn Scenario>> = available
        .into_iter()
        .filter(|s| cli.scenarios.is_empty() || cli.scenarios.iter().any(|n| n == s.name()))
        .collect();

    let started = Instant::now();
    let ctx = Context::new(cli.options, &selected)?;
    let mut checks = Vec::new();
    for scenario in &selected {
        println!("== {}: {}\n", scenario.name(), scenario.about());
        let report = scenario.run(&ctx)?;
        print!("{}", report.table);
        println!();
        for note in &report.notes {
            println!("{note}");
        }
        for check in &report.checks {
            println!("{check}");
        }
        println!();
        checks.extend(report.checks);
    }
    let missed = checks.iter().filter(|c| !c.passed).count();
    println!(
        "{} of {} targets met in {:.1} s",
        checks.len() - missed,
        checks.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(if missed > 0 && cli.strict {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        // Hidden: the test server child (see `server.rs`).
        Some("serve") => server::serve(&args[1..]).map(|()| ExitCode::SUCCESS),
        // Hidden: one measured run of the `sync` scenario.
        Some("sync-child") => scenarios::sync::child(&args[1..]).map(|()| ExitCode::SUCCESS),
        _ => parse_cli(&args).and_then(run),
    };
    result.unwrap_or_else(|e| {
        eprintln!("bench: {e}");
        ExitCode::from(2)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn parses_sizes_rounds_and_scenarios() {
        let cli = parse_cli(&args(
            "--records 1_000,5000 --dub-records 300 --subscribers 50_000 --rounds 2 --strict concurrency",
        ))
        .unwrap();
        assert_eq!(cli.options.records, vec![1000, 5000]);
        assert_eq!(cli.options.dub_records, vec![300]);
        assert_eq!(cli.options.subscribers, 50_000);
        assert_eq!(cli.options.rounds, 2);
        assert!(cli.strict);
        assert_eq!(cli.scenarios, vec!["concurrency"]);
        assert_eq!(parse_cli(&[]).unwrap().options, Options::default());
    }

    #[test]
    fn rejects_bad_input() {
        assert!(parse_cli(&args("--records")).is_err());
        assert!(parse_cli(&args("--records 0")).is_err());
        assert!(parse_cli(&args("--dub-records 10,0")).is_err());
        assert!(parse_cli(&args("--subscribers 0")).is_err());
        assert!(parse_cli(&args("--rounds x")).is_err());
        assert!(parse_cli(&args("--nope")).is_err());
    }
}
