//! Read-ahead and concurrent page fetch: the next page is requested before
//! the consumer asks for it, known page counts are fetched several pages at
//! once (never more than configured, never past the client's in-flight cap),
//! items still come out in order, and a slow consumer keeps memory bounded.

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use affiliate_common::pagination::{Cursor, Offset, PageNumber};
use affiliate_common::sandbox::{Sandbox, SandboxRequest, SandboxResponse};
use affiliate_common::test_util::{MockApi, fast_retry};
use affiliate_common::{ApiPath, Client, Paginator, RateLimit, Request, Strategy};
use futures::{StreamExt as _, TryStreamExt as _};
use serde_json::json;
use support::{Item, ListBody, Log, client, cursor_page, drain, mount_all, ns, q, recs};
use wiremock::ResponseTemplate;

fn cursor(client: Client) -> Paginator<ListBody> {
    Paginator::new(
        client,
        Request::get(ApiPath::new("items")),
        Strategy::Cursor(Cursor::new("starting_after", |i: &Item| Some(i.id.clone()))),
    )
}

fn numbered(client: Client, size: u64) -> Paginator<ListBody> {
    Paginator::new(
        client,
        Request::get(ApiPath::new("list")),
        Strategy::PageNumber(PageNumber::new("page").page_size("per_page", size)),
    )
}

/// `pages` pages of `size` records with `total_pages`; page `k` is held back
/// `delay(k)`.
async fn serve_numbered(api: &MockApi, pages: u64, size: u64, delay: fn(u64) -> Duration) -> Log {
    let log = Log::new();
    mount_all(
        api,
        log.responder(move |_, req| {
            let page: u64 = q(req, "page").unwrap().parse().unwrap();
            let body = json!({
                "items": recs((page - 1) * size, page * size),
                "total_pages": pages,
            });
            (ResponseTemplate::new(200).set_body_json(body), delay(page))
        }),
    )
    .await;
    log
}

#[tokio::test]
async fn the_next_page_is_requested_before_the_consumer_asks_for_it() {
    let api = MockApi::start().await;
    let log = Log::new();
    mount_all(
        &api,
        log.responder(|_, req| support::ok(cursor_page(req, 9, 3, true, false))),
    )
    .await;
    let mut pages = cursor(client(&api)).pages();
    let first = pages.next().await.unwrap().unwrap();
    assert_eq!(ns(&first.items), [0, 1, 2]);
    // The consumer is busy with page 1 and has not asked for page 2 yet.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(log.count(), 2, "page 2 was fetched ahead");
    assert_eq!(log.query_values("starting_after")[1].as_deref(), Some("c2"));
    let second = pages.next().await.unwrap().unwrap();
    assert_eq!(ns(&second.items), [3, 4, 5]);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(log.count(), 3, "page 3 was fetched ahead");
    let third = pages.next().await.unwrap().unwrap();
    assert_eq!(third.has_more, Some(false));
    assert!(pages.next().await.is_none());
    assert_eq!(log.count(), 3, "nothing is read ahead past the last page");
}

#[tokio::test]
async fn without_read_ahead_the_next_page_waits_for_the_consumer() {
    let api = MockApi::start().await;
    let log = Log::new();
    mount_all(
        &api,
        log.responder(|_, req| support::ok(cursor_page(req, 9, 3, true, false))),
    )
    .await;
    let mut pages = cursor(client(&api)).read_ahead(false).pages();
    pages.next().await.unwrap().unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(log.count(), 1);
    pages.next().await.unwrap().unwrap();
    assert_eq!(log.count(), 2);
}

#[tokio::test]
async fn read_ahead_overlaps_fetching_with_consuming() {
    let api = MockApi::start().await;
    let log = Log::new();
    mount_all(
        &api,
        log.responder(|_, req| {
            let (t, _) = support::ok(cursor_page(req, 12, 3, true, false));
            (t, Duration::from_millis(150))
        }),
    )
    .await;
    let mut pages = cursor(client(&api)).pages();
    let mut finished = Vec::new();
    while let Some(page) = pages.next().await {
        page.unwrap();
        // The consumer needs 300 ms per page.
        tokio::time::sleep(Duration::from_millis(300)).await;
        finished.push(Instant::now());
    }
    assert_eq!(log.count(), 4);
    // Fetching overlapped consuming: the request for page k + 1 reached the
    // server while the consumer was still busy with page k (one after the
    // other, it would only be sent once the consumer asked for it).
    let hits = log.hits();
    for k in 1..4 {
        assert!(
            hits[k].at < finished[k - 1],
            "page {} was requested only after page {k} was consumed",
            k + 1
        );
    }
}

#[tokio::test]
async fn concurrent_page_fetch_overlaps_requests_and_keeps_order() {
    let api = MockApi::start().await;
    // Later pages answer faster, so completion order differs from page order.
    let log = serve_numbered(&api, 8, 5, |page| Duration::from_millis(300 - 30 * page)).await;
    let items: Vec<Item> = numbered(client(&api), 5)
        .concurrency(3)
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        ns(&items),
        (0..40).collect::<Vec<_>>(),
        "items come out in order"
    );
    let mut pages: Vec<u64> = log
        .query_values("page")
        .into_iter()
        .map(|p| p.unwrap().parse().unwrap())
        .collect();
    pages.sort_unstable();
    assert_eq!(
        pages,
        (1..=8).collect::<Vec<_>>(),
        "every page exactly once"
    );
    let overlap = log.max_overlap();
    assert!(overlap > 1, "pages were fetched one at a time");
    assert!(overlap <= 3, "{overlap} requests in flight, configured 3");
}

#[tokio::test]
async fn concurrency_one_fetches_one_page_at_a_time() {
    let api = MockApi::start().await;
    let log = serve_numbered(&api, 5, 2, |_| Duration::from_millis(40)).await;
    let items: Vec<Item> = numbered(client(&api), 2)
        .concurrency(1)
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items.len(), 10);
    assert_eq!(log.max_overlap(), 1);
}

#[tokio::test]
async fn concurrent_fetch_stays_under_the_clients_in_flight_cap() {
    let api = MockApi::start().await;
    let log = serve_numbered(&api, 9, 2, |_| Duration::from_millis(120)).await;
    let client = Client::builder(api.url())
        .retry(fast_retry())
        .rate_limit(RateLimit::unlimited().max_in_flight(2))
        .build()
        .unwrap();
    let items: Vec<Item> = numbered(client, 2)
        .concurrency(4)
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ns(&items), (0..18).collect::<Vec<_>>());
    let overlap = log.max_overlap();
    assert_eq!(overlap, 2, "the limiter's cap of 2 wins over concurrency 4");
}

#[tokio::test]
async fn concurrent_offset_fetch_keeps_order() {
    let api = MockApi::start().await;
    let log = Log::new();
    mount_all(
        &api,
        log.responder(|_, req| {
            let off: u64 = q(req, "offset").unwrap().parse().unwrap();
            let end = (off + 4).min(30);
            let body = json!({ "items": recs(off, end), "total": 30 });
            // Later offsets answer faster.
            let delay = Duration::from_millis(200u64.saturating_sub(off * 6));
            (ResponseTemplate::new(200).set_body_json(body), delay)
        }),
    )
    .await;
    let p: Paginator<ListBody> = Paginator::new(
        client(&api),
        Request::get(ApiPath::new("records")),
        Strategy::Offset(Offset::new("offset", "limit", 4)),
    );
    let items: Vec<Item> = p.concurrency(4).stream().try_collect().await.unwrap();
    assert_eq!(ns(&items), (0..30).collect::<Vec<_>>());
    let overlap = log.max_overlap();
    assert!((2..=4).contains(&overlap), "max in flight {overlap}");
}

#[tokio::test]
async fn a_failed_page_in_a_concurrent_fetch_ends_the_stream_after_the_earlier_pages() {
    let api = MockApi::start().await;
    let log = Log::new();
    mount_all(
        &api,
        log.responder(|_, req| {
            let page: u64 = q(req, "page").unwrap().parse().unwrap();
            if page == 5 {
                return (support::status(404), Duration::ZERO);
            }
            support::ok(json!({ "items": recs((page - 1) * 2, page * 2), "total_pages": 8 }))
        }),
    )
    .await;
    let (items, err) = drain(numbered(client(&api), 2).stream()).await;
    assert_eq!(err.unwrap().status().map(|s| s.as_u16()), Some(404));
    assert_eq!(
        ns(&items),
        (0..8).collect::<Vec<_>>(),
        "pages 1-4, in order"
    );
}

#[tokio::test]
async fn a_slow_consumer_keeps_only_a_few_pages_in_flight() {
    let api = MockApi::start().await;
    let log = serve_numbered(&api, 1000, 2, |_| Duration::ZERO).await;
    let mut pages = numbered(client(&api), 2).concurrency(4).pages();
    for _ in 0..3 {
        pages.next().await.unwrap().unwrap();
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let fetched = log.count();
    // 3 pages consumed, at most `concurrency` more in flight or waiting.
    assert!(
        fetched <= 3 + 4,
        "fetched {fetched} of 1000 pages for 3 consumed"
    );
    drop(pages);
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(log.count(), fetched, "dropping the stream stops fetching");
}

/// The same overlap measured on the sandbox server with injected latency.
#[tokio::test]
async fn the_sandbox_with_latency_shows_concurrent_fetch() {
    let arrivals = Arc::new(std::sync::Mutex::new(Vec::<Instant>::new()));
    let seen = arrivals.clone();
    let served = Arc::new(AtomicUsize::new(0));
    let count = served.clone();
    let sandbox = Sandbox::start(move |req: SandboxRequest| {
        // The sandbox sleeps the latency before calling the handler.
        seen.lock().unwrap().push(Instant::now());
        count.fetch_add(1, Ordering::SeqCst);
        let page: u64 = req.query("page").unwrap().parse().unwrap();
        SandboxResponse::json(
            200,
            &json!({ "items": recs((page - 1) * 3, page * 3), "total_pages": 8 }),
        )
    })
    .await
    .unwrap();
    let latency = Duration::from_millis(100);
    sandbox.faults().set_latency(latency);
    let client = Client::builder(sandbox.url().clone())
        .retry(fast_retry())
        .build()
        .unwrap();
    let items: Vec<Item> = numbered(client, 3)
        .concurrency(4)
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ns(&items), (0..24).collect::<Vec<_>>());
    assert_eq!(served.load(Ordering::SeqCst), 8);
    assert_eq!(sandbox.faults().requests(), 8);
    // Each request was in flight during [done - latency, done].
    let done = arrivals.lock().unwrap().clone();
    let overlap = done
        .iter()
        .map(|d| {
            done.iter()
                .filter(|o| **o - latency <= *d && *d <= **o)
                .count()
        })
        .max()
        .unwrap();
    // Sequentially, never more than one at a time; with concurrency 4, up to
    // four (the speed-up itself is measured in the bench, not here).
    assert!((2..=4).contains(&overlap), "max in flight {overlap}");
}
