//! Dub conversion tracking: a lead, then a sale with an `invoiceId`, and a
//! retried sale that Dub does not count twice.
//!
//! Runs offline on the sandbox (which injects a 503 to force a retry); with
//! `DUB_API_KEY` set it records real events. `cargo run -p examples --bin dub_track`

use affiliate_common::sandbox::Fault;
use dub::models::{TrackLead, TrackSale};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let conn = dub::sandbox::connect().await?;
    if conn.is_live() {
        println!("live: tracking in your workspace");
    } else {
        println!("offline: DUB_API_KEY is not set, using the in-process sandbox");
    }
    let client = conn.client.clone();
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_secs();
    let customer = format!("rs-example-user-{stamp}");
    let click_id = std::env::var("DUB_CLICK_ID").unwrap_or_else(|_| "sandbox_click".into());

    let lead = client
        .track()
        .lead(&TrackLead::new(click_id, "Sign up", customer.clone()))
        .await?;
    println!(
        "lead recorded for {:?}",
        lead.customer.and_then(|c| c.external_id)
    );

    let invoice = format!("in_{stamp}");
    let sale = TrackSale::new(customer.clone(), 4_900)
        .invoice_id(invoice.clone())
        .currency("usd");
    if let Some(running) = &conn.sandbox {
        running.sandbox.faults().fail_next(1, Fault::Status(503));
        println!("sandbox: the next request gets a 503");
    }
    let first = client.track().sale(&sale).await?;
    println!(
        "sale recorded: {:?} cents, invoice {:?}",
        first.sale.as_ref().and_then(|s| s.amount),
        invoice
    );
    // Sending it again (a client retry, a replayed job...) is answered from
    // Dub's cache for the invoice id.
    let again = client.track().sale(&sale).await?;
    println!("sent again: same answer = {}", first == again);

    let sales = client
        .events()
        .list()
        .event("sales")
        .customer_id(customer.clone())
        .collect_all()
        .await;
    match sales {
        Ok(events) => {
            let count = events
                .iter()
                .filter(|e| matches!(e, dub::models::Event::Sale(s) if s.sale.as_ref().and_then(|x| x.invoice_id.as_deref()) == Some(invoice.as_str())))
                .count();
            println!("sale events for {invoice}: {count} (not duplicated)");
        }
        Err(e) => {
            println!("could not list events ({e}); analytics may be unavailable on this plan")
        }
    }
    Ok(())
}
