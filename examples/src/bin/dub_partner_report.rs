//! Dub partner program report: every partner with totals, and commissions by
//! status pulled with cursor pagination.
//!
//! Runs offline on the sandbox; with `DUB_API_KEY` set it reads your real
//! program. `cargo run -p examples --bin dub_partner_report`

use std::collections::BTreeMap;

use futures::TryStreamExt;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let conn = dub::sandbox::connect().await?;
    if conn.is_live() {
        println!("live: reading your Dub program");
    } else {
        println!("offline: DUB_API_KEY is not set, using the in-process sandbox");
    }
    let client = conn.client.clone();

    println!("\n== partners (page/pageSize, 100 per page) ==");
    let partners = client
        .partners()
        .list()
        .sort_by("totalSaleAmount")
        .collect_all()
        .await?;
    for p in partners.iter().take(10) {
        println!(
            "{:<14} {:>6} clicks {:>4} sales {:>10.2} USD sold, {:>9.2} USD commissions",
            p.name.as_deref().unwrap_or("?"),
            p.total_clicks.unwrap_or(0),
            p.total_sales.unwrap_or(0),
            p.total_sale_amount.unwrap_or(0) as f64 / 100.0,
            p.total_commissions.unwrap_or(0) as f64 / 100.0,
        );
    }
    let sold = partners
        .iter()
        .filter_map(|p| p.total_sale_amount)
        .sum::<i64>() as f64;
    println!(
        "... {} partners, {:.2} USD in sales in total",
        partners.len(),
        sold / 100.0
    );

    println!("\n== commissions by status (cursor: startingAfter = last id) ==");
    let mut by_status: BTreeMap<String, (u64, f64)> = BTreeMap::new();
    let mut pages = client.commissions().list().pages();
    let mut n_pages = 0;
    while let Some(page) = pages.try_next().await? {
        n_pages += 1;
        for c in page.items {
            let status = c
                .status
                .map(|s| s.to_string())
                .unwrap_or_else(|| "unknown".into());
            let e = by_status.entry(status).or_default();
            e.0 += 1;
            e.1 += c.earnings.unwrap_or(0) as f64;
        }
    }
    for (status, (count, earnings)) in &by_status {
        println!(
            "{status:<10} {count:>5} commissions {:>10.2} USD",
            earnings / 100.0
        );
    }
    println!("({n_pages} pages)");
    if let Some(rl) = client.last_rate_limit() {
        println!(
            "rate limit: {:?} left of {:?}, window resets in {:?}",
            rl.remaining, rl.limit, rl.reset
        );
    }
    Ok(())
}
