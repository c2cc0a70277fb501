//! A brand's daily performance pull from impact.com: every action of every
//! campaign over a date range, plus the "Performance by Day" report run as
//! an export job, both written as CSV under `./out/impact/`.
//!
//! Runs against the live API when `IMPACT_ACCOUNT_SID` and
//! `IMPACT_AUTH_TOKEN` are set (range: yesterday to today, UTC), otherwise
//! against the in-process sandbox (range: January 2026, where its actions
//! are seeded). Both ranges respect the Actions rule of at most 45 days.
//!
//! - `actions-<start>_<end>.csv`: one line per action (deduplicated by id),
//!   fetched page by page with `PageSize=2000`;
//! - `report-<report>-<start>_<end>.csv`: the report (`adv_performance_by_day`,
//!   or `IMPACT_REPORT_ID`, for the first campaign as `SUBAID`) file as
//!   downloaded, after `ReportExport` queued a job and the job helper polled
//!   it to completion.
//!
//! ```text
//! cargo run -p examples --bin impact_daily_pull
//! ```

use std::collections::{HashMap, HashSet};
use std::error::Error;
use std::fs::{self, File};
use std::io::{BufWriter, Write as _};
use std::path::Path;
use std::time::Duration;

use affiliate_common::UnixTime;
use futures::TryStreamExt as _;
use impact_com::jobs::{WaitOptions, parse_csv_from};
use impact_com::models::brand::{Action, ExportClicksResultFormat};

/// The report the pull exports, unless `IMPACT_REPORT_ID` names another.
const DEFAULT_REPORT_ID: &str = "adv_performance_by_day";

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into()),
        )
        .init();

    let conn = impact_com::sandbox::connect().await?;
    let brand = conn.client.brand(conn.client.account_sid());
    let (start, end) = if conn.is_live() {
        let now = UnixTime::now().as_secs();
        (day_of(now - 86_400), day_of(now))
    } else {
        // The sandbox seeds its actions over January 2026.
        ("2026-01-01".to_owned(), "2026-01-31".to_owned())
    };
    let (start_ts, end_ts) = (format!("{start}T00:00:00Z"), format!("{end}T23:59:59Z"));
    println!(
        "impact.com daily pull ({} API), {start} to {end}",
        conn.mode()
    );

    let out = Path::new("out/impact");
    fs::create_dir_all(out)?;

    // 1. Campaigns.
    let campaigns = brand.campaigns().list().collect_all().await?;
    println!("{} campaigns", campaigns.len());

    // 2. Actions of each campaign over the range.
    let actions_path = out.join(format!("actions-{start}_{end}.csv"));
    let mut file = BufWriter::new(File::create(&actions_path)?);
    writeln!(
        file,
        "Id,CampaignId,CampaignName,MediaPartnerId,MediaPartnerName,State,Amount,Payout,Currency,EventDate,OrderId"
    )?;
    let mut seen: HashSet<String> = HashSet::new();
    let (mut amount, mut payout) = (0.0_f64, 0.0_f64);
    for campaign in &campaigns {
        let id = &campaign.id;
        let name = campaign.name.as_deref().unwrap_or("(unnamed)");
        let mut pages = brand
            .actions()
            .list(id)
            .start_date(&start_ts)
            .end_date(&end_ts)
            .page_size(2_000)
            .pages();
        let (mut fetched, mut new) = (0usize, 0usize);
        while let Some(page) = pages.try_next().await? {
            fetched += page.items.len();
            for a in &page.items {
                if !seen.insert(a.id.clone()) {
                    continue;
                }
                new += 1;
                amount += a.amount.unwrap_or(0.0);
                payout += a.payout.unwrap_or(0.0);
                write_action(&mut file, a)?;
            }
            println!(
                "  campaign {id} {name}: page {}/{}, {fetched}/{} actions",
                page.number,
                page.total_pages.map_or("?".into(), |p| p.to_string()),
                page.total_items.map_or("?".into(), |t| t.to_string()),
            );
        }
        if new < fetched {
            println!(
                "  campaign {id}: {fetched} fetched, {new} new ({} already written under another campaign)",
                fetched - new
            );
        }
    }
    file.flush()?;
    println!(
        "{} actions, amount {amount:.2}, payout {payout:.2}: wrote {}",
        seen.len(),
        actions_path.display()
    );

    // 3. The report, as an export job: submit, wait, download.
    let report_id = std::env::var("IMPACT_REPORT_ID")
        .ok()
        .filter(|r| !r.trim().is_empty())
        .unwrap_or_else(|| DEFAULT_REPORT_ID.to_owned());
    let runner = brand.job_runner();
    let mut export = brand
        .report_export()
        .export(&report_id)
        .start_date(&start_ts)
        .end_date(&end_ts)
        .result_format(ExportClicksResultFormat::Csv);
    // Most reports want the program (campaign) as SUBAID: the first one.
    if let Some(first) = campaigns.first() {
        export = export.subaid(&first.id);
    }
    let ticket = runner.submit(export.request()?.clone()).await?;
    println!("report {report_id}: job {} queued", ticket.id);
    let wait = WaitOptions::default()
        .initial_interval(Duration::from_millis(if conn.is_live() {
            2_000
        } else {
            100
        }))
        .timeout(Duration::from_secs(15 * 60));
    let job = runner.wait(&ticket.id, &wait).await?;
    println!(
        "  job {}: {} records",
        job.status.as_ref().map_or("?", |s| s.as_str()),
        job.records_processed
            .map_or("?".into(), |r: u64| r.to_string())
    );
    let safe: String = report_id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
        .collect();
    let report_path = out.join(format!("report-{safe}-{start}_{end}.csv"));
    // Streamed to the file chunk by chunk, then parsed from it.
    let size = runner.download_to_file(&ticket.id, &report_path).await?;
    let rows: Vec<HashMap<String, String>> = parse_csv_from(File::open(&report_path)?)?;
    let report_actions: u64 = rows
        .iter()
        .filter_map(|r| r.get("Actions")?.parse::<u64>().ok())
        .sum();
    println!(
        "  {} rows ({} bytes, {report_actions} actions in total): wrote {}",
        rows.len(),
        size,
        report_path.display()
    );
    // Informational: Actions' StartDate/EndDate filter on the last update,
    // the report on the event date, so live figures can differ.
    let verdict = if report_actions == seen.len() as u64 {
        "matches"
    } else {
        "differs from"
    };
    println!(
        "  the report's action count {verdict} the {} actions pulled",
        seen.len()
    );
    println!("done");
    Ok(())
}

/// One CSV line for an action.
fn write_action(out: &mut impl std::io::Write, a: &Action) -> std::io::Result<()> {
    let num = |v: Option<f64>| v.map_or(String::new(), |x| format!("{x:.2}"));
    let fields = [
        a.id.clone(),
        a.campaign_id.clone().unwrap_or_default(),
        a.campaign_name.clone().unwrap_or_default(),
        a.media_partner_id.clone().unwrap_or_default(),
        a.media_partner_name.clone().unwrap_or_default(),
        a.state
            .as_ref()
            .map_or(String::new(), |s| s.as_str().to_owned()),
        num(a.amount),
        num(a.payout),
        a.currency.clone().unwrap_or_default(),
        a.event_date
            .as_ref()
            .map_or(String::new(), ToString::to_string),
        a.oid.clone().unwrap_or_default(),
    ];
    let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
    writeln!(out, "{}", line.join(","))
}

/// Quotes a CSV field when it needs it.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// The `YYYY-MM-DD` (UTC) of a Unix time in seconds.
fn day_of(secs: i64) -> String {
    let mut s = UnixTime::from_secs(secs).to_string();
    s.truncate(10);
    s
}
