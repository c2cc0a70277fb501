//! Page-number pagination (`page` + `per_page`): the parameters sent, every
//! way the stream ends (total pages, total items, `has_more`, short or empty
//! page) and every stop guard.

mod support;

use std::time::Duration;

use affiliate_common::pagination::PageNumber;
use affiliate_common::test_util::MockApi;
use affiliate_common::{ApiPath, Client, IncompleteKind, Paginator, Request, Strategy};
use futures::TryStreamExt as _;
use serde_json::{Value, json};
use support::{Item, ListBody, Log, client, drain, incomplete, mount_all, ns, ok, q, recs};

fn paged(client: Client, size: u64) -> Paginator<ListBody> {
    Paginator::new(
        client,
        Request::get(ApiPath::new("list")).query("q", "x"),
        Strategy::PageNumber(PageNumber::new("page").page_size("per_page", size)),
    )
}

/// Serves `total` records `size` a page; `facts` adds paging facts to the body.
async fn serve(api: &MockApi, total: u64, size: u64, facts: fn(&mut Value, u64, u64, u64)) -> Log {
    let log = Log::new();
    mount_all(
        api,
        log.responder(move |_, req| {
            let page: u64 = q(req, "page").unwrap().parse().unwrap();
            let start = ((page - 1) * size).min(total);
            let end = (start + size).min(total);
            let mut body = json!({ "items": recs(start, end) });
            facts(&mut body, page, total, size);
            ok(body)
        }),
    )
    .await;
    log
}

fn pages_of(log: &Log) -> Vec<u64> {
    log.query_values("page")
        .into_iter()
        .map(|p| p.unwrap().parse().unwrap())
        .collect()
}

#[tokio::test]
async fn ends_on_the_reported_total_pages() {
    let api = MockApi::start().await;
    let log = serve(&api, 12, 4, |b, _, total, size| {
        b["total_pages"] = json!(total.div_ceil(size));
    })
    .await;
    let items: Vec<Item> = paged(client(&api), 4)
        .concurrency(1)
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ns(&items), (0..12).collect::<Vec<_>>());
    assert_eq!(pages_of(&log), [1, 2, 3], "no request past the last page");
    for h in log.hits() {
        assert_eq!(h.path, "/list");
        assert_eq!(h.q("per_page"), Some("4"));
        assert_eq!(h.q("q"), Some("x"));
    }
}

#[tokio::test]
async fn ends_on_the_reported_total_items() {
    let api = MockApi::start().await;
    let log = serve(&api, 10, 5, |b, _, total, _| b["total"] = json!(total)).await;
    let items: Vec<Item> = paged(client(&api), 5)
        .concurrency(1)
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items.len(), 10);
    assert_eq!(
        pages_of(&log),
        [1, 2],
        "the total says two full pages are all"
    );
}

#[tokio::test]
async fn ends_on_has_more_false() {
    let api = MockApi::start().await;
    let log = serve(&api, 10, 5, |b, page, total, size| {
        b["has_more"] = json!(page * size < total);
    })
    .await;
    let items: Vec<Item> = paged(client(&api), 5).stream().try_collect().await.unwrap();
    assert_eq!(items.len(), 10);
    // Without the flag a full second page would need a third request.
    assert_eq!(pages_of(&log), [1, 2]);
}

#[tokio::test]
async fn without_facts_a_short_page_is_the_last() {
    let api = MockApi::start().await;
    let log = serve(&api, 12, 5, |_, _, _, _| {}).await;
    let items: Vec<Item> = paged(client(&api), 5).stream().try_collect().await.unwrap();
    assert_eq!(ns(&items), (0..12).collect::<Vec<_>>());
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(pages_of(&log), [1, 2, 3]);
}

#[tokio::test]
async fn without_facts_an_empty_page_is_the_end() {
    let api = MockApi::start().await;
    let log = serve(&api, 10, 5, |_, _, _, _| {}).await;
    let items: Vec<Item> = paged(client(&api), 5).stream().try_collect().await.unwrap();
    assert_eq!(items.len(), 10);
    assert_eq!(pages_of(&log), [1, 2, 3]);
}

#[tokio::test]
async fn an_empty_page_while_has_more_is_true_is_an_error() {
    let api = MockApi::start().await;
    let log = serve(&api, 5, 5, |b, _, _, _| b["has_more"] = json!(true)).await;
    let (items, err) = drain(paged(client(&api), 5).stream()).await;
    assert_eq!(
        incomplete(&err.unwrap()),
        IncompleteKind::EmptyPageWithMore { page: 2 }
    );
    assert_eq!(items.len(), 5);
    assert_eq!(log.count(), 2);
}

#[tokio::test]
async fn an_empty_page_before_the_reported_last_page_is_an_error() {
    for concurrency in [1, 4] {
        let api = MockApi::start().await;
        // Says 4 pages, but the data ends after 2.
        serve(&api, 10, 5, |b, _, _, _| b["total_pages"] = json!(4)).await;
        let (items, err) = drain(paged(client(&api), 5).concurrency(concurrency).stream()).await;
        assert_eq!(
            incomplete(&err.expect("an early empty page must not end silently")),
            IncompleteKind::EmptyPageWithMore { page: 3 },
            "concurrency {concurrency}"
        );
        assert_eq!(items.len(), 10);
    }
}

#[tokio::test]
async fn the_page_cap_ends_an_endless_stream() {
    let api = MockApi::start().await;
    let log = serve(&api, u64::MAX / 4, 2, |b, _, _, _| {
        b["has_more"] = json!(true)
    })
    .await;
    let (items, err) = drain(paged(client(&api), 2).page_cap(3).stream()).await;
    assert_eq!(
        incomplete(&err.unwrap()),
        IncompleteKind::PageCap { cap: 3 }
    );
    assert_eq!(items.len(), 6);
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(pages_of(&log), [1, 2, 3]);
}

#[tokio::test]
async fn the_page_cap_also_bounds_the_concurrent_plan() {
    let api = MockApi::start().await;
    let log = serve(&api, 100, 5, |b, _, total, size| {
        b["total_pages"] = json!(total.div_ceil(size));
    })
    .await;
    let (items, err) = drain(paged(client(&api), 5).page_cap(4).stream()).await;
    assert_eq!(
        incomplete(&err.unwrap()),
        IncompleteKind::PageCap { cap: 4 }
    );
    assert_eq!(ns(&items), (0..20).collect::<Vec<_>>());
    tokio::time::sleep(Duration::from_millis(100)).await;
    let mut pages = pages_of(&log);
    pages.sort_unstable();
    assert_eq!(pages, [1, 2, 3, 4]);
}

#[tokio::test]
async fn a_server_ignoring_the_page_parameter_is_caught() {
    let api = MockApi::start().await;
    let log = Log::new();
    mount_all(
        &api,
        log.responder(|_, _| ok(json!({ "items": recs(0, 5), "has_more": true }))),
    )
    .await;
    let (items, err) = drain(paged(client(&api), 5).stream()).await;
    assert_eq!(
        incomplete(&err.unwrap()),
        IncompleteKind::RepeatedPage { page: 2 }
    );
    assert_eq!(ns(&items), [0, 1, 2, 3, 4]);
    assert_eq!(log.count(), 2);
}

#[tokio::test]
async fn zero_based_pages_start_at_zero_and_stop_at_the_last() {
    for concurrency in [1, 4] {
        let api = MockApi::start().await;
        let log = Log::new();
        mount_all(
            &api,
            log.responder(|_, req| {
                let page: u64 = q(req, "page").unwrap().parse().unwrap();
                ok(json!({ "items": recs(page * 2, page * 2 + 2), "total_pages": 3 }))
            }),
        )
        .await;
        let p: Paginator<ListBody> = Paginator::new(
            client(&api),
            Request::get(ApiPath::new("list")),
            Strategy::PageNumber(PageNumber::new("page").first_page(0)),
        );
        let items: Vec<Item> = p
            .concurrency(concurrency)
            .stream()
            .try_collect()
            .await
            .unwrap();
        assert_eq!(ns(&items), [0, 1, 2, 3, 4, 5], "concurrency {concurrency}");
        let mut pages = pages_of(&log);
        pages.sort_unstable();
        assert_eq!(pages, [0, 1, 2], "concurrency {concurrency}");
    }
}

#[tokio::test]
async fn pages_report_totals_and_numbers() {
    let api = MockApi::start().await;
    serve(&api, 7, 3, |b, _, total, size| {
        b["total_pages"] = json!(total.div_ceil(size));
        b["total"] = json!(total);
    })
    .await;
    let pages: Vec<_> = paged(client(&api), 3).pages().try_collect().await.unwrap();
    let summary: Vec<_> = pages
        .iter()
        .map(|p| (p.number, p.items.len(), p.total_pages, p.total_items))
        .collect();
    assert_eq!(
        summary,
        [
            (1, 3, Some(3), Some(7)),
            (2, 3, Some(3), Some(7)),
            (3, 1, Some(3), Some(7))
        ]
    );
}
