//! The command line: argument parsing, credentials, output and exit codes.

mod progress;
mod table;

/// `println!` that ignores a closed stdout (`affiliate resources | head`).
macro_rules! say {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($t)*);
    }};
}

use std::io::IsTerminal as _;
use std::process::ExitCode;
use std::sync::Arc;

use affiliate_sync::engine::{BadRecordMode, Outcome, SyncOptions, SyncSummary, sync};
use affiliate_sync::registry::{self, Api, Clients, Mode};
use affiliate_sync::sink::Sink;
use clap::{Parser, Subcommand};
use table::Align;

/// Exit code: every selected resource synced and nothing was quarantined.
pub const EXIT_OK: u8 = 0;
/// Exit code: the run as a whole failed (the sink failed outside a resource).
pub const EXIT_ERROR: u8 = 1;
/// Exit code: usage or configuration error (arguments, selectors, `--to`,
/// credentials). Also what clap uses for bad arguments.
pub const EXIT_USAGE: u8 = 2;
/// Exit code: at least one resource failed (the others were synced).
pub const EXIT_RESOURCE_FAILED: u8 = 3;
/// Exit code: every resource synced, but records were quarantined.
pub const EXIT_QUARANTINED: u8 = 4;

#[derive(Parser, Debug)]
#[command(
    name = "affiliate",
    version,
    about = "Copy every list of PartnerStack, impact.com, ReferralHero and Dub into SQLite, PostgreSQL or NDJSON",
    after_help = "Exit codes: 0 ok; 1 run error; 2 usage or configuration error; 3 a resource failed; 4 records quarantined."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Sync resources (all by default) into a destination.
    Sync {
        /// Selectors: `all`, an API (`dub`), or resources (`dub.partners`).
        selectors: Vec<String>,
        /// Destination: sqlite://PATH, postgres://..., ndjson://DIR.
        #[arg(
            long,
            default_value = "sqlite://affiliate.db",
            env = "AFFILIATE_SYNC_TO"
        )]
        to: String,
        /// Sync the four built-in sandboxes instead of the live APIs.
        #[arg(long)]
        sandbox: bool,
        /// Ignore stored state and read every resource in full.
        #[arg(long)]
        full_refresh: bool,
        /// What to do with a record that fails to decode: quarantine, skip, fail.
        #[arg(long, default_value = "quarantine")]
        on_bad_record: BadRecordMode,
        /// Print a JSON summary on stdout.
        #[arg(long)]
        json: bool,
        /// Resources synced at once.
        #[arg(long, default_value_t = 4)]
        concurrency: usize,
    },
    /// Print the resource registry.
    Resources {
        /// As JSON.
        #[arg(long)]
        json: bool,
    },
    /// Print each resource's stored state.
    Status {
        /// Destination: sqlite://PATH, postgres://..., ndjson://DIR.
        #[arg(
            long,
            default_value = "sqlite://affiliate.db",
            env = "AFFILIATE_SYNC_TO"
        )]
        to: String,
        /// As JSON.
        #[arg(long)]
        json: bool,
    },
}

/// Runs the command line and returns its exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { EXIT_USAGE } else { EXIT_OK });
        }
    };
    let code = match cli.command {
        Command::Resources { json } => resources(json),
        Command::Status { to, json } => status(&to, json),
        Command::Sync {
            selectors,
            to,
            sandbox,
            full_refresh,
            on_bad_record,
            json,
            concurrency,
        } => {
            let rt = match tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()
            {
                Ok(rt) => rt,
                Err(e) => {
                    eprintln!("error: cannot start the runtime: {e}");
                    return ExitCode::from(EXIT_ERROR);
                }
            };
            let options = SyncOptions::default()
                .full_refresh(full_refresh)
                .on_bad_record(on_bad_record)
                .concurrency(concurrency);
            rt.block_on(run_sync(selectors, &to, sandbox, options, json))
        }
    };
    ExitCode::from(code)
}

fn open_sink(url: &str) -> Result<Box<dyn Sink>, String> {
    affiliate_sync::open_sink(url).map_err(|e| e.to_string())
}

fn resources(json: bool) -> u8 {
    let all = registry::resources();
    if json {
        let rows: Vec<_> = all
            .iter()
            .map(|r| {
                let (field, filter) = match r.mode {
                    Mode::Incremental { field, filter, .. } => (Some(field), Some(filter)),
                    _ => (None, None),
                };
                serde_json::json!({
                    "selector": r.selector,
                    "endpoint": r.endpoint,
                    "primary_key": r.primary_key,
                    "mode": r.mode.label(),
                    "incremental_field": field,
                    "filter": filter,
                    "parent": r.parent.map(|(p, f)| format!("{p}.{f}")),
                })
            })
            .collect();
        say!(
            "{}",
            serde_json::to_string_pretty(&rows).unwrap_or_default()
        );
        return EXIT_OK;
    }
    let rows: Vec<Vec<String>> = all
        .iter()
        .map(|r| {
            let inc = match r.mode {
                Mode::Incremental { field, filter, .. } => format!("{field} / {filter}"),
                _ => "-".into(),
            };
            let parent = r.parent.map_or("-".into(), |(p, f)| format!("{p}.{f}"));
            vec![
                r.selector.to_owned(),
                r.primary_key.join(","),
                r.mode.label().to_owned(),
                inc,
                parent,
            ]
        })
        .collect();
    let header = [
        ("SELECTOR", Align::Left),
        ("KEY", Align::Left),
        ("MODE", Align::Left),
        ("INCREMENTAL (field / filter)", Align::Left),
        ("PARENT", Align::Left),
    ];
    for line in table::render(&header, &rows) {
        say!("{line}");
    }
    EXIT_OK
}

fn status(to: &str, json: bool) -> u8 {
    let mut sink = match open_sink(to) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_USAGE;
        }
    };
    let states = match sink.states() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    };
    if json {
        say!(
            "{}",
            serde_json::to_string_pretty(&states).unwrap_or_default()
        );
        return EXIT_OK;
    }
    let rows: Vec<Vec<String>> = states
        .iter()
        .map(|s| {
            let run = if s.cursor.is_some() {
                "interrupted (resumes)"
            } else {
                "complete"
            };
            vec![
                s.resource.clone(),
                s.records.to_string(),
                s.completed_at.clone().unwrap_or_else(|| "never".into()),
                s.mark.clone().unwrap_or_else(|| "-".into()),
                run.to_owned(),
            ]
        })
        .collect();
    let header = [
        ("RESOURCE", Align::Left),
        ("RECORDS", Align::Right),
        ("LAST COMPLETED", Align::Left),
        ("MARK", Align::Left),
        ("RUN", Align::Left),
    ];
    for line in table::render(&header, &rows) {
        say!("{line}");
    }
    EXIT_OK
}

/// Whether any of the variables is set and not blank.
fn env_set(names: &[&str]) -> bool {
    names
        .iter()
        .any(|n| std::env::var(n).is_ok_and(|v| !v.trim().is_empty()))
}

/// The persona of the impact.com account in `IMPACT_ACCOUNT_SID`: `brand`
/// (the default), `partner` or `agency`. It selects which of
/// `impact.brand.*`, `impact.partner.*` and `impact.agency.*` are synced.
const IMPACT_PERSONA_ENV: &str = "IMPACT_PERSONA";

fn has_credentials(api: Api) -> bool {
    match api {
        Api::PartnerStack => {
            partnerstack::Client::env_has_credentials()
                || env_set(&[partnerstack::client::ENV_PARTNER_API_KEY])
        }
        Api::Impact => {
            env_set(&[impact_com::client::ACCOUNT_SID_ENV])
                && env_set(&[
                    impact_com::client::AUTH_TOKEN_ENV,
                    impact_com::client::JWT_ENV,
                ])
        }
        Api::ReferralHero => env_set(&[referralhero::TOKEN_ENV]),
        Api::Dub => env_set(&[dub::client::ENV_API_KEY]),
        _ => false,
    }
}

/// The sandboxes kept alive for the run.
#[derive(Default)]
struct Sandboxes {
    _ps: Option<partnerstack::sandbox::Running>,
    _im: Option<impact_com::sandbox::Running>,
    _rh: Option<referralhero::sandbox::Running>,
    _dub: Option<dub::sandbox::Running>,
}

async fn clients(apis: &[Api], sandbox: bool) -> Result<(Clients, Sandboxes), String> {
    let mut c = Clients::default();
    let mut sb = Sandboxes::default();
    for &api in apis {
        let e = |e: affiliate_common::Error| format!("{}: {e}", api.name());
        match (api, sandbox) {
            (Api::PartnerStack, true) => {
                let r = partnerstack::sandbox::start().await.map_err(e)?;
                c.partnerstack = Some(r.client.clone());
                c.partnerstack_partner = Some(r.partner.clone());
                sb._ps = Some(r);
            }
            (Api::Impact, true) => {
                // The sandbox serves the three personas under one SID.
                let r = impact_com::sandbox::start().await.map_err(e)?;
                c.impact = Some(r.client.clone());
                c.impact_partner = Some(r.client.clone());
                c.impact_agency = Some(r.client.clone());
                sb._im = Some(r);
            }
            (Api::ReferralHero, true) => {
                let r = referralhero::sandbox::start().await.map_err(e)?;
                c.referralhero = Some(r.client.clone());
                sb._rh = Some(r);
            }
            (Api::Dub, true) => {
                let r = dub::sandbox::start().await.map_err(e)?;
                c.dub = Some(r.client.clone());
                sb._dub = Some(r);
            }
            (Api::PartnerStack, false) => {
                if partnerstack::Client::env_has_credentials() {
                    c.partnerstack = Some(partnerstack::Client::from_env().map_err(e)?);
                }
                if env_set(&[partnerstack::client::ENV_PARTNER_API_KEY]) {
                    c.partnerstack_partner =
                        Some(partnerstack::PartnerClient::from_env().map_err(e)?);
                }
            }
            (Api::Impact, false) => {
                let client = Some(impact_com::Client::from_env().map_err(e)?);
                let persona = std::env::var(IMPACT_PERSONA_ENV).unwrap_or_default();
                match persona.trim().to_ascii_lowercase().as_str() {
                    "" | "brand" => c.impact = client,
                    "partner" => c.impact_partner = client,
                    "agency" => c.impact_agency = client,
                    other => {
                        return Err(format!(
                            "impact: {IMPACT_PERSONA_ENV}={other:?} is not brand, partner or agency"
                        ));
                    }
                }
            }
            (Api::ReferralHero, false) => {
                c.referralhero = Some(referralhero::Client::from_env().map_err(e)?)
            }
            (Api::Dub, false) => c.dub = Some(dub::Client::from_env().map_err(e)?),
            _ => {}
        }
    }
    Ok((c, sb))
}

async fn run_sync(
    selectors: Vec<String>,
    to: &str,
    sandbox: bool,
    mut options: SyncOptions,
    json: bool,
) -> u8 {
    let all_selected = selectors.is_empty() || selectors.iter().any(|s| s == "all");
    let selected = match registry::select(&selectors) {
        Ok(s) => s,
        Err(unknown) => {
            eprintln!(
                "error: unknown selector(s): {} (see `affiliate resources`)",
                unknown.join(", ")
            );
            return EXIT_USAGE;
        }
    };
    let mut apis: Vec<Api> = Vec::new();
    for r in &selected {
        if !apis.contains(&r.api) {
            apis.push(r.api);
        }
    }
    if !sandbox {
        let missing: Vec<Api> = apis
            .iter()
            .copied()
            .filter(|a| !has_credentials(*a))
            .collect();
        if !missing.is_empty() && !all_selected {
            for a in &missing {
                eprintln!(
                    "error: no credentials for {} (set its environment variables, or use --sandbox)",
                    a.name()
                );
            }
            return EXIT_USAGE;
        }
        for a in &missing {
            eprintln!(
                "skipping {}: no credentials in the environment (use --sandbox for the built-in sandbox)",
                a.name()
            );
        }
        apis.retain(|a| !missing.contains(a));
    }
    let sink = match open_sink(to) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_USAGE;
        }
    };
    let (clients, _sandboxes) = match clients(&apis, sandbox).await {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_USAGE;
        }
    };
    let selected: Vec<_> = selected
        .into_iter()
        .filter(|r| apis.contains(&r.api))
        .collect();
    let bars = !json && std::io::stderr().is_terminal();
    let observer = progress::Display::new(bars, &clients, &selected);
    options = options.observer(observer.clone() as Arc<dyn affiliate_sync::engine::Observer>);
    let ticker = observer.start_ticker();
    let result = sync(&clients, &selected, sink, &options).await;
    ticker.abort();
    observer.finish();
    let summary = match result {
        Ok((s, _)) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    };
    if json {
        say!("{}", summary_json(&summary, &observer));
    } else {
        print_summary(&summary, to);
    }
    exit_code(&summary)
}

fn exit_code(summary: &SyncSummary) -> u8 {
    if summary.any_failed() {
        EXIT_RESOURCE_FAILED
    } else if summary.quarantined() > 0 {
        EXIT_QUARANTINED
    } else {
        EXIT_OK
    }
}

fn summary_json(summary: &SyncSummary, observer: &progress::Display) -> String {
    let mut v = serde_json::to_value(summary).unwrap_or_default();
    if let Some(list) = v.get_mut("resources").and_then(|r| r.as_array_mut()) {
        for r in list {
            let name = r["resource"].as_str().unwrap_or_default().to_owned();
            r["rate_limit_wait_seconds"] = serde_json::json!(observer.waited(&name));
        }
    }
    v["failed"] = serde_json::json!(summary.any_failed());
    v["quarantined"] = serde_json::json!(summary.quarantined());
    v["exit_code"] = serde_json::json!(exit_code(summary));
    serde_json::to_string_pretty(&v).unwrap_or_default()
}

fn print_summary(summary: &SyncSummary, to: &str) {
    say!(
        "{:<38} {:>9} {:>8} {:>8} {:>6} {:>8} {:>8}  STATUS",
        "RESOURCE",
        "RECORDS",
        "NEW",
        "UPDATED",
        "BAD",
        "REQUESTS",
        "SECONDS"
    );
    for r in &summary.resources {
        let status = match &r.outcome {
            Outcome::Ok => "ok".to_owned(),
            Outcome::Failed(e) => format!("FAILED: {e}"),
            Outcome::Skipped(e) => format!("skipped: {e}"),
            _ => "?".to_owned(),
        };
        say!(
            "{:<38} {:>9} {:>8} {:>8} {:>6} {:>8} {:>8.2}  {}",
            r.resource,
            r.records,
            r.new,
            r.updated,
            r.quarantined + r.skipped,
            r.requests,
            r.seconds,
            status
        );
        for w in &r.widened {
            say!(
                "    widened {}.{}: {:?} -> {:?}",
                w.table,
                w.column,
                w.from,
                w.to
            );
        }
    }
    let failed = summary
        .resources
        .iter()
        .filter(|r| matches!(r.outcome, Outcome::Failed(_)))
        .count();
    say!(
        "{} resources into {}; {} failed, {} records quarantined",
        summary.resources.len(),
        affiliate_sync::redact_url(to),
        failed,
        summary.quarantined()
    );
}
