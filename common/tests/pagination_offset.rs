//! Offset/limit pagination: the offsets sent, every way the stream ends
//! (total, `has_more`, short or empty page) and every stop guard.

mod support;

use std::time::Duration;

use affiliate_common::pagination::Offset;
use affiliate_common::test_util::MockApi;
use affiliate_common::{ApiPath, Client, IncompleteKind, Paginator, Request, Strategy};
use futures::TryStreamExt as _;
use serde_json::{Value, json};
use support::{Item, ListBody, Log, client, drain, incomplete, mount_all, ns, ok, q, recs};

fn offset(client: Client, limit: u64) -> Paginator<ListBody> {
    offset_from(client, Request::get(ApiPath::new("records")), limit)
}

fn offset_from(client: Client, req: Request, limit: u64) -> Paginator<ListBody> {
    Paginator::new(
        client,
        req,
        Strategy::Offset(Offset::new("offset", "limit", limit)),
    )
}

/// Serves `total` records; the server sends at most `cap` per page whatever
/// limit is asked; `facts` adds paging facts.
async fn serve(api: &MockApi, total: u64, cap: u64, facts: fn(&mut Value, u64, u64)) -> Log {
    let log = Log::new();
    mount_all(
        api,
        log.responder(move |_, req| {
            let off: u64 = q(req, "offset").unwrap().parse().unwrap();
            let limit: u64 = q(req, "limit").unwrap().parse().unwrap();
            let start = off.min(total);
            let end = (start + limit.min(cap)).min(total);
            let mut body = json!({ "items": recs(start, end) });
            facts(&mut body, end, total);
            ok(body)
        }),
    )
    .await;
    log
}

fn offsets(log: &Log) -> Vec<u64> {
    log.query_values("offset")
        .into_iter()
        .map(|o| o.unwrap().parse().unwrap())
        .collect()
}

#[tokio::test]
async fn ends_on_the_reported_total() {
    let api = MockApi::start().await;
    let log = serve(&api, 12, 100, |b, _, total| b["total"] = json!(total)).await;
    let items: Vec<Item> = offset(client(&api), 5)
        .concurrency(1)
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ns(&items), (0..12).collect::<Vec<_>>());
    assert_eq!(offsets(&log), [0, 5, 10]);
    assert!(log.hits().iter().all(|h| h.q("limit") == Some("5")));
}

#[tokio::test]
async fn ends_on_has_more_false() {
    let api = MockApi::start().await;
    let log = serve(&api, 10, 100, |b, end, total| {
        b["has_more"] = json!(end < total)
    })
    .await;
    let items: Vec<Item> = offset(client(&api), 5)
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items.len(), 10);
    assert_eq!(offsets(&log), [0, 5]);
}

#[tokio::test]
async fn without_facts_a_short_page_is_the_last() {
    let api = MockApi::start().await;
    let log = serve(&api, 12, 100, |_, _, _| {}).await;
    let items: Vec<Item> = offset(client(&api), 5)
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items.len(), 12);
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(offsets(&log), [0, 5, 10]);
}

#[tokio::test]
async fn without_facts_an_empty_page_is_the_end() {
    let api = MockApi::start().await;
    let log = serve(&api, 10, 100, |_, _, _| {}).await;
    let items: Vec<Item> = offset(client(&api), 5)
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items.len(), 10);
    assert_eq!(offsets(&log), [0, 5, 10]);
}

#[tokio::test]
async fn the_offset_advances_by_what_the_server_sent_when_it_caps_the_limit() {
    let api = MockApi::start().await;
    // Asked for 10 a page, the server sends at most 4.
    let log = serve(&api, 10, 4, |b, end, total| {
        b["has_more"] = json!(end < total)
    })
    .await;
    let items: Vec<Item> = offset(client(&api), 10)
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ns(&items), (0..10).collect::<Vec<_>>(), "no gap, no repeat");
    assert_eq!(offsets(&log), [0, 4, 8]);
}

#[tokio::test]
async fn a_starting_offset_in_the_request_is_kept() {
    let api = MockApi::start().await;
    let log = serve(&api, 12, 100, |b, _, total| b["total"] = json!(total)).await;
    let req = Request::get(ApiPath::new("records")).query("offset", 6);
    let items: Vec<Item> = offset_from(client(&api), req, 3)
        .concurrency(1)
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ns(&items), (6..12).collect::<Vec<_>>());
    assert_eq!(offsets(&log), [6, 9]);
}

#[tokio::test]
async fn an_empty_page_while_has_more_is_true_is_an_error() {
    let api = MockApi::start().await;
    let log = serve(&api, 5, 100, |b, _, _| b["has_more"] = json!(true)).await;
    let (items, err) = drain(offset(client(&api), 5).stream()).await;
    assert_eq!(
        incomplete(&err.unwrap()),
        IncompleteKind::EmptyPageWithMore { page: 2 }
    );
    assert_eq!(items.len(), 5);
    assert_eq!(log.count(), 2);
}

#[tokio::test]
async fn an_empty_page_before_the_reported_total_is_an_error() {
    for concurrency in [1, 4] {
        let api = MockApi::start().await;
        // Claims 20 records, holds 10.
        serve(&api, 10, 100, |b, _, _| b["total"] = json!(20)).await;
        let (items, err) = drain(offset(client(&api), 5).concurrency(concurrency).stream()).await;
        assert_eq!(
            incomplete(&err.expect("must not end silently")),
            IncompleteKind::EmptyPageWithMore { page: 3 },
            "concurrency {concurrency}"
        );
        assert_eq!(items.len(), 10);
    }
}

#[tokio::test]
async fn the_page_cap_ends_an_endless_stream() {
    let api = MockApi::start().await;
    let log = serve(&api, u64::MAX / 4, 100, |b, _, _| {
        b["has_more"] = json!(true)
    })
    .await;
    let (items, err) = drain(offset(client(&api), 2).page_cap(3).stream()).await;
    assert_eq!(
        incomplete(&err.unwrap()),
        IncompleteKind::PageCap { cap: 3 }
    );
    assert_eq!(items.len(), 6);
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(offsets(&log), [0, 2, 4]);
}

#[tokio::test]
async fn a_server_ignoring_the_offset_is_caught() {
    let api = MockApi::start().await;
    let log = Log::new();
    mount_all(
        &api,
        log.responder(|_, _| ok(json!({ "items": recs(0, 5), "has_more": true }))),
    )
    .await;
    let (items, err) = drain(offset(client(&api), 5).stream()).await;
    assert_eq!(
        incomplete(&err.unwrap()),
        IncompleteKind::RepeatedPage { page: 2 }
    );
    assert_eq!(items.len(), 5);
    assert_eq!(log.count(), 2);
}

#[tokio::test]
async fn concurrent_offsets_cover_the_total_once_in_order() {
    let api = MockApi::start().await;
    let log = serve(&api, 23, 100, |b, _, total| b["total"] = json!(total)).await;
    let items: Vec<Item> = offset(client(&api), 5)
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ns(&items), (0..23).collect::<Vec<_>>());
    let mut seen = offsets(&log);
    seen.sort_unstable();
    assert_eq!(seen, [0, 5, 10, 15, 20]);
}
