//! Creates a PartnerStack customer and a transaction, then reads both back.
//!
//! Offline (no credentials) it runs against the sandbox. Live, it uses the
//! test partner `gstest` every program has, so the customer is marked as a
//! test and the transaction earns no reward; delete them afterwards if you
//! like (`customers().delete`, `transactions().delete`).
//!
//! ```text
//! cargo run -p examples --bin partnerstack_write
//! ```

use std::time::{SystemTime, UNIX_EPOCH};

use partnerstack::{CustomerRef, NewCustomer, NewTransaction};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let conn = partnerstack::sandbox::connect().await?;
    println!(
        "writing to {}",
        format_args!(
            "the {} API at {}",
            conn.mode(),
            conn.client.http().base_url()
        )
    );
    let client = &conn.client;
    let run = SystemTime::now().duration_since(UNIX_EPOCH)?.as_millis();

    let external = format!("example-{run}");
    let body = NewCustomer::new(format!("buyer+{run}@example.com"), "gstest")
        .customer_key(&external)
        .name("Example Buyer Inc.");
    println!("creating customer {external} under the test partner gstest");
    let customer = client.customers().create(&body).await?;
    println!("  created {} ({:?})", customer.key, customer.email);

    // 49.00 USD: money is integer cents.
    let tx_body = NewTransaction::new(CustomerRef::Key(customer.key.clone()), 4_900, "USD")
        .key(format!("inv-{run}"))
        .product_key("pro-monthly");
    println!("recording a 49.00 USD transaction for {}", customer.key);
    let tx = client.transactions().create(&tx_body).await?;
    println!(
        "  created {} amount={:?} cents {:?}",
        tx.key, tx.amount, tx.currency
    );

    println!("reading back");
    let again = client.customers().get(&customer.key).await?;
    assert_eq!(again.key, customer.key);
    assert_eq!(again.customer_key.as_deref(), Some(external.as_str()));
    println!(
        "  customer {}: customer_key={:?} test={:?}",
        again.key, again.customer_key, again.test
    );

    let page = client.transactions().list().limit(25).send().await?;
    let found = page
        .items
        .iter()
        .find(|t| t.key == tx.key)
        .ok_or("the new transaction is not among the 25 newest")?;
    assert_eq!(found.amount, Some(4_900));
    println!(
        "  transaction {} is the newest of {} (customer {:?})",
        found.key,
        page.total_items.map_or("?".to_owned(), |t| t.to_string()),
        found.customer_key
    );
    println!("ok");
    Ok(())
}
