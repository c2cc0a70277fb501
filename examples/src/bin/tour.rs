//! A tour of the four clients: `cargo run -p examples --bin tour`.
//!
//! Without credentials every client talks to its built-in local sandbox (a
//! simulated API on `127.0.0.1`); with `PARTNERSTACK_*`, `REFERRALHERO_API_TOKEN`
//! `DUB_API_KEY` or `IMPACT_ACCOUNT_SID`/`IMPACT_AUTH_TOKEN` set, the same calls go to the live API. For each API the
//! tour pulls a complete data set with a lazy stream (checked against the
//! reported total where the API reports one), writes something back, and,
//! on the sandbox, survives injected 429s and 503s.

use std::error::Error;
use std::time::Instant;

use affiliate_common::sandbox::{Fault, Faults};
use futures::TryStreamExt;

type BoxError = Box<dyn Error>;

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    println!("affiliate-rs tour\n");
    partnerstack_tour().await?;
    referralhero_tour().await?;
    dub_tour().await?;
    impact_tour().await?;
    println!("\nall done: every data set came out complete.");
    Ok(())
}

/// Switches on a 503 every 7th request and one 429 (`Retry-After: 1`), to
/// show that streams come out complete anyway.
fn turn_on_faults(faults: &Faults) {
    faults.fail_next(1, Fault::rate_limited(1));
    faults.fail_every(7, Fault::Status(503));
    println!("  faults on: one 429 with Retry-After: 1, then a 503 on every 7th request");
}

fn report_faults(faults: &Faults) {
    println!(
        "  the sandbox injected {} faults in {} requests; the client retried through all of them",
        faults.injected(),
        faults.requests()
    );
    faults.clear();
}

async fn partnerstack_tour() -> Result<(), BoxError> {
    let conn = partnerstack::sandbox::connect().await?;
    println!(
        "== PartnerStack ({}) ==",
        format_args!(
            "the {} API at {}",
            conn.mode(),
            conn.client.http().base_url()
        )
    );
    let client = &conn.client;
    if let Some(running) = &conn.sandbox {
        turn_on_faults(running.sandbox.faults());
    }

    let started = Instant::now();
    let mut stream = client.partnerships().list().stream();
    let mut count = 0u64;
    while let Some(p) = stream.try_next().await? {
        count += 1;
        if count <= 3 {
            println!("  partnership {} {:?}", p.key, p.email);
        }
    }
    println!(
        "  streamed {count} partnerships (250 per page, next page fetched while this one is read) in {:.2?}",
        started.elapsed()
    );
    let customers = client.customers().list().collect_all().await?;
    println!(
        "  collected {} customers, checked against the API's reported total",
        customers.len()
    );
    if let Some(running) = &conn.sandbox {
        report_faults(running.sandbox.faults());
        let body = partnerstack::models::NewCustomer::new("tour@example.com", "gstest")
            .customer_key("tour-customer")
            .name("Tour Customer");
        let created = client.customers().create(&body).await?;
        let again = client.customers().get(&created.key).await?;
        println!(
            "  created customer {} and read it back: {:?}",
            again.key, again.email
        );
    }
    Ok(())
}

async fn referralhero_tour() -> Result<(), BoxError> {
    let conn = referralhero::sandbox::connect().await?;
    println!("\n== ReferralHero ({}) ==", conn.mode());
    let client = &conn.client;
    if let Some(running) = &conn.sandbox {
        turn_on_faults(running.sandbox.faults());
    }
    let lists = client.lists().list().collect_all().await?;
    for list in &lists {
        let started = Instant::now();
        let mut pages = client.subscribers(&list.uuid).list().pages();
        let (mut n, mut total, mut calls_left) = (0u64, None, None);
        while let Some(page) = pages.try_next().await? {
            n += page.items.len() as u64;
            total = page.total_items.or(total);
            calls_left = page.meta.rate_limit.remaining.or(calls_left);
        }
        println!(
            "  list {} {:?}: {n} of {} subscribers in {:.2?} (pages fetched 4 at a time), calls left {}",
            list.uuid,
            list.name.as_deref().unwrap_or("?"),
            total.map_or("?".to_owned(), |t| t.to_string()),
            started.elapsed(),
            calls_left.map_or("?".to_owned(), |c| c.to_string()),
        );
        if total.is_some_and(|t| t != n) {
            return Err(format!("list {} is incomplete", list.uuid).into());
        }
    }
    if let Some(running) = &conn.sandbox {
        report_faults(running.sandbox.faults());
    }
    Ok(())
}

async fn dub_tour() -> Result<(), BoxError> {
    let conn = dub::sandbox::connect().await?;
    println!("\n== Dub ({}) ==", conn.mode());
    let client = &conn.client;
    if let Some(running) = &conn.sandbox {
        turn_on_faults(running.sandbox.faults());
    }
    let partners = client.partners().list().collect_all().await?;
    println!(
        "  {} partners (page/pageSize, ends on a short page)",
        partners.len()
    );
    let mut commissions = 0u64;
    let mut pages = client.commissions().list().pages();
    while let Some(page) = pages.try_next().await? {
        commissions += page.items.len() as u64;
    }
    println!("  {commissions} commissions (cursor: startingAfter = last id)");
    if let Some(running) = &conn.sandbox {
        report_faults(running.sandbox.faults());
        let link = client
            .links()
            .create(&dub::models::NewLink::new("https://example.com/tour"))
            .await?;
        println!(
            "  created link {} -> {}",
            link.short_link.as_deref().unwrap_or("?"),
            link.url.as_deref().unwrap_or("?")
        );
    }
    Ok(())
}

async fn impact_tour() -> Result<(), BoxError> {
    let conn = impact_com::sandbox::connect().await?;
    println!("\n== impact.com ({}) ==", conn.mode());
    let client = &conn.client;
    if let Some(running) = &conn.sandbox {
        turn_on_faults(running.sandbox.faults());
    }
    let brand = client.brand(client.account_sid());
    let campaigns = brand.campaigns().list().collect_all().await?;
    for c in &campaigns {
        println!("  campaign {:?} {:?}", c.id, c.name);
    }
    let partner = client.partner(client.account_sid());
    let programs = partner.campaigns().list().collect_all().await?;
    println!(
        "  {} brand campaigns and {} partner programs (follows @nextpageuri; later pages fetched concurrently)",
        campaigns.len(),
        programs.len()
    );
    if let Some(running) = &conn.sandbox {
        report_faults(running.sandbox.faults());
        let payload =
            impact_com::models::brand::ConversionPayload::new(12_345, "NOW", 1000, "TOUR-ORDER-1");
        let result = brand.conversions().submit(&payload).await?;
        println!(
            "  submitted a conversion (form-encoded): {:?}",
            result.status
        );
    }
    Ok(())
}
