//! Errors, rate limits and retries with the PartnerStack client.
//!
//! Offline it runs against the sandbox and switches its faults on (429 with
//! `Retry-After`, 503s). With live credentials it shows the parts that need
//! no faults (unknown ids, bad keys, input checks).
//!
//! ```text
//! cargo run -p examples --bin partnerstack_errors
//! ```

use std::time::{Duration, Instant};

use affiliate_common::sandbox::Fault;
use futures::TryStreamExt as _;
use partnerstack::{
    Client, CustomerRef, Error, ExportReport, NewCustomer, NewTransaction, RetryPolicy,
};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let conn = partnerstack::sandbox::connect().await?;
    println!(
        "talking to {}",
        format_args!(
            "the {} API at {}",
            conn.mode(),
            conn.client.http().base_url()
        )
    );
    let client = &conn.client;

    // 1. Unknown ids: a typed API error with the status and the API's message.
    println!("\n1. retrieving a partnership that does not exist");
    match client.partnerships().get("part_does_not_exist").await {
        Err(Error::Api(e)) => println!("  Error::Api: status {} message {:?}", e.status, e.message),
        other => return Err(format!("expected a 404, got {other:?}").into()),
    }

    // 2. Bad credentials: 401, and the secret never shows up in the error.
    println!("\n2. calling with a wrong secret key");
    let base = client.http().base_url().clone();
    let wrong = Client::builder(partnerstack::Auth::basic("pk_wrong", "sk_SECRET_wrong"))
        .base_url(base.clone())
        .build()?;
    let e = wrong.customers().list().limit(1).send().await.unwrap_err();
    println!("  {e}");
    assert_eq!(e.status().map(|s| s.as_u16()), Some(401));
    assert!(!format!("{e} {e:?}").contains("sk_SECRET_wrong"));
    println!("  (the secret is not in Display or Debug)");

    // 3. Input the API would reject never leaves the process.
    println!("\n3. invalid input is caught before sending");
    let bad = NewTransaction::new(CustomerRef::Key("cus_1".into()), 4_900, "US DOLLARS");
    match client.transactions().create(&bad).await {
        Err(Error::InvalidInput { message }) => println!("  Error::InvalidInput: {message}"),
        other => return Err(format!("expected InvalidInput, got {other:?}").into()),
    }
    match client.customers().get("").await {
        Err(e @ Error::InvalidInput { .. }) => println!("  {e}"),
        other => return Err(format!("expected InvalidInput, got {other:?}").into()),
    }

    let Some(sb) = &conn.sandbox else {
        println!("\n(live mode: the fault demonstrations below need the offline sandbox)");
        return Ok(());
    };
    let faults = sb.faults();
    // A short retry policy so the demo is quick; the default is 5 attempts
    // with 1 s to 20 s backoff.
    let retrying = sb
        .client_builder()
        .retry(
            RetryPolicy::default()
                .max_attempts(4)
                .initial_backoff(Duration::from_millis(50))
                .max_backoff(Duration::from_millis(200)),
        )
        .build()?;

    // 4. 429 with Retry-After: the client waits as told and retries.
    println!("\n4. two 429s with Retry-After: 1");
    faults.fail_next(2, Fault::rate_limited(1));
    let t = Instant::now();
    let page = retrying.partnerships().list().limit(5).send().await?;
    println!(
        "  got {} partnerships after {} attempts in {:.1}s",
        page.items.len(),
        page.meta.attempts,
        t.elapsed().as_secs_f64()
    );

    // 5. 503 on every third request while streaming: each page is retried,
    //    nothing is lost or repeated.
    println!("\n5. a full customer export with a 503 on every third request");
    faults.fail_every(3, Fault::Status(503));
    let before = faults.injected();
    let customers: Vec<_> = retrying.customers().list().stream().try_collect().await?;
    faults.clear();
    println!(
        "  {} customers (seeded {}), {} faults absorbed by retries",
        customers.len(),
        sb.seeded.customers,
        faults.injected() - before
    );
    assert_eq!(customers.len(), sb.seeded.customers);

    // 6. Retries run out: the last error comes back, and says it is retryable.
    println!("\n6. more 503s than attempts");
    faults.fail_next(10, Fault::Status(503));
    let e = retrying.groups().list().send().await.unwrap_err();
    faults.clear();
    println!("  {e} (is_retryable = {})", e.is_retryable());

    // 7. Writes are not retried once they may have reached the server.
    println!("\n7. a 503 on a create is not retried (it might have been applied)");
    faults.fail_next(1, Fault::Status(503));
    let sent = faults.requests();
    let e = retrying
        .customers()
        .create(&NewCustomer::new("once@example.com", "gstest"))
        .await
        .unwrap_err();
    println!("  {e}; requests sent: {}", faults.requests() - sent);
    assert_eq!(faults.requests() - sent, 1);

    // 8. Report exports: once per report every 2 hours. POSTs are not
    //    retried, so the 429 surfaces at once as Error::RateLimited.
    println!("\n8. exporting the same report twice");
    let report = client.reports().list().send().await?.items.remove(0);
    let body = ExportReport::new("ops@vendor.example");
    let first = client.reports().export(&report.key, &body).await?;
    println!("  first export queued: {}", first.key);
    match client.reports().export(&report.key, &body).await {
        Err(Error::RateLimited { retry_after, error }) => {
            println!(
                "  Error::RateLimited: {:?}, retry after {:?}",
                error.message, retry_after
            )
        }
        other => return Err(format!("expected a 429, got {other:?}").into()),
    }
    println!("\nok");
    Ok(())
}
