//! Submits one conversion (an online sale) to impact.com and prints the
//! write result: the API queues conversions, answering `QUEUED` with the
//! URI of the API submission to follow up on.
//!
//! Runs against the live API when `IMPACT_ACCOUNT_SID` and
//! `IMPACT_AUTH_TOKEN` are set, otherwise against the in-process sandbox.
//! Live, set `IMPACT_CAMPAIGN_ID` and `IMPACT_EVENT_TYPE_ID` to a campaign
//! and event type of your account (this records a real conversion).
//!
//! ```text
//! cargo run -p examples --bin impact_conversion
//! ```

use std::error::Error;
use std::time::{SystemTime, UNIX_EPOCH};

use affiliate_common::UnixTime;
use impact_com::models::brand::ConversionPayload;

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into()),
        )
        .init();

    let conn = impact_com::sandbox::connect().await?;
    let brand = conn.client.brand(conn.client.account_sid());
    println!("impact.com conversion ({} API)", conn.mode());

    // The sandbox's campaign 1000 and action tracker 12345.
    let campaign_id: i64 = env_or("IMPACT_CAMPAIGN_ID", conn.is_live(), 1000)?;
    let event_type_id: i64 = env_or("IMPACT_EVENT_TYPE_ID", conn.is_live(), 12_345)?;
    let run = SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs();
    let order_id = format!("example-{run}");
    let event_date = UnixTime::from_secs(i64::try_from(run)?).to_string();

    let payload = ConversionPayload::new(event_type_id, &event_date, campaign_id, &order_id)
        .click_id(format!("example-click-{run}"))
        .customer_id("example-customer-1")
        .customer_status("New")
        .currency_code("USD")
        .amount(49.90)
        .note("impact_conversion example");
    println!(
        "submitting order {order_id} at {event_date}: campaign {campaign_id}, event type {event_type_id}, 49.90 USD"
    );
    let result = brand.conversions().submit(&payload).await?;
    println!(
        "  status: {}",
        result.status.as_ref().map_or("(none)", |s| s.as_str())
    );
    if let Some(uri) = &result.queued_uri {
        println!("  queued uri: {uri}");
    }
    if let Some(uri) = &result.uri {
        println!("  uri: {uri}");
    }
    if let Some(id) = result.submission_id() {
        println!("  submission id: {id}");
    }
    if let Some(running) = &conn.sandbox {
        let received = running.api.conversions();
        println!("  the sandbox holds {} conversion(s)", received.len());
    }
    println!("ok");
    Ok(())
}

/// An integer from the environment; the sandbox default when offline.
fn env_or(name: &str, live: bool, default: i64) -> Result<i64, Box<dyn Error>> {
    match std::env::var(name) {
        Ok(v) if !v.trim().is_empty() => Ok(v.trim().parse()?),
        _ if live => Err(format!("set {name} to use the live API").into()),
        _ => Ok(default),
    }
}
