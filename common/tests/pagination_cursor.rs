//! Cursor pagination (`starting_after` / `ending_before` with `has_more`):
//! the cursor sent on each request, every way the stream ends, and every
//! stop guard.

mod support;

use std::time::Duration;

use affiliate_common::pagination::Cursor;
use affiliate_common::test_util::MockApi;
use affiliate_common::{ApiPath, Client, Error, IncompleteKind, Paginator, Request, Strategy};
use futures::TryStreamExt as _;
use support::{
    Item, ListBody, Log, assert_send_static, client, cursor_page, drain, incomplete, key_n,
    mount_all, ok, recs,
};

fn forward(client: Client, size: u64) -> Paginator<ListBody> {
    Paginator::new(
        client,
        Request::get(ApiPath::new("v2/items")).query("status", "active"),
        Strategy::Cursor(
            Cursor::new("starting_after", |i: &Item| Some(i.id.clone())).page_size("limit", size),
        ),
    )
}

/// Serves `total` records, `size` a page, through `log`.
async fn serve(api: &MockApi, total: u64, size: u64, flag: bool) -> Log {
    let log = Log::new();
    mount_all(
        api,
        log.responder(move |_, req| ok(cursor_page(req, total, size, flag, false))),
    )
    .await;
    log
}

#[tokio::test]
async fn forward_cursor_sends_the_last_key_and_ends_on_has_more_false() {
    let api = MockApi::start().await;
    let log = serve(&api, 9, 3, true).await;
    let items: Vec<Item> = forward(client(&api), 3)
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(support::ns(&items), (0..9).collect::<Vec<_>>());
    assert_eq!(
        log.query_values("starting_after"),
        [None, Some("c2".into()), Some("c5".into())]
    );
    for h in log.hits() {
        assert_eq!(h.method, "GET");
        assert_eq!(h.path, "/v2/items");
        assert_eq!(
            h.q("limit"),
            Some("3"),
            "the page size goes on every request"
        );
        assert_eq!(
            h.q("status"),
            Some("active"),
            "the caller's filters are kept"
        );
    }
}

#[tokio::test]
async fn pages_carry_their_number_and_has_more() {
    let api = MockApi::start().await;
    serve(&api, 7, 3, true).await;
    let pages: Vec<_> = forward(client(&api), 3)
        .pages()
        .try_collect()
        .await
        .unwrap();
    let summary: Vec<_> = pages
        .iter()
        .map(|p| (p.number, p.items.len(), p.has_more, p.meta.status.as_u16()))
        .collect();
    assert_eq!(
        summary,
        [
            (1, 3, Some(true), 200),
            (2, 3, Some(true), 200),
            (3, 1, Some(false), 200)
        ]
    );
}

#[tokio::test]
async fn backward_cursor_sends_the_first_key() {
    let api = MockApi::start().await;
    let log = Log::new();
    // Newest first: [6,7,8], then before c6: [3,4,5], then before c3: [0,1,2].
    mount_all(
        &api,
        log.responder(|_, req| {
            let end = support::q(req, "ending_before").map_or(9, |k| key_n(&k));
            let start = end.saturating_sub(3);
            ok(serde_json::json!({ "items": recs(start, end), "has_more": start > 0 }))
        }),
    )
    .await;
    let p: Paginator<ListBody> = Paginator::new(
        client(&api),
        Request::get(ApiPath::new("items")),
        Strategy::Cursor(Cursor::backward("ending_before", |i: &Item| {
            Some(i.id.clone())
        })),
    );
    let items: Vec<Item> = p.stream().try_collect().await.unwrap();
    assert_eq!(support::ns(&items), [6, 7, 8, 3, 4, 5, 0, 1, 2]);
    assert_eq!(
        log.query_values("ending_before"),
        [None, Some("c6".into()), Some("c3".into())]
    );
    assert_eq!(log.query_values("starting_after"), [None, None, None]);
}

#[tokio::test]
async fn without_has_more_a_short_page_is_the_last() {
    let api = MockApi::start().await;
    let log = serve(&api, 8, 3, false).await;
    let items: Vec<Item> = forward(client(&api), 3)
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items.len(), 8);
    // 3 + 3 + 2: the short third page ends it, no fourth request.
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(log.count(), 3);
}

#[tokio::test]
async fn without_has_more_an_empty_page_is_the_end() {
    let api = MockApi::start().await;
    let log = serve(&api, 6, 3, false).await;
    let items: Vec<Item> = forward(client(&api), 3)
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(support::ns(&items), (0..6).collect::<Vec<_>>());
    assert_eq!(log.count(), 3, "two full pages and the empty one");
}

#[tokio::test]
async fn a_repeated_cursor_ends_the_stream_with_an_error() {
    let api = MockApi::start().await;
    let log = Log::new();
    mount_all(
        &api,
        log.responder(|i, _| match i {
            0 => ok(serde_json::json!({ "items": recs(0, 3), "has_more": true })),
            // A different page whose last key is again c2: following it loops.
            _ => ok(serde_json::json!({
                "items": [{"id": "c9", "n": 9}, {"id": "c2", "n": 2}],
                "has_more": true
            })),
        }),
    )
    .await;
    let (items, err) = drain(forward(client(&api), 3).stream()).await;
    let err = err.expect("the stream must fail, not loop");
    assert_eq!(
        incomplete(&err),
        IncompleteKind::RepeatedCursor {
            cursor: "c2".into()
        }
    );
    assert_eq!(
        support::ns(&items),
        [0, 1, 2],
        "the looping page is not yielded"
    );
    assert_eq!(log.count(), 2);
    let Error::Incomplete(d) = &err else {
        unreachable!()
    };
    assert_eq!((d.items_received, d.pages_fetched), (3, 2));
}

#[tokio::test]
async fn an_empty_page_while_has_more_is_true_is_an_error() {
    let api = MockApi::start().await;
    let log = Log::new();
    mount_all(
        &api,
        log.responder(|i, _| match i {
            0 => ok(serde_json::json!({ "items": recs(0, 3), "has_more": true })),
            _ => ok(serde_json::json!({ "items": [], "has_more": true })),
        }),
    )
    .await;
    let (items, err) = drain(forward(client(&api), 3).stream()).await;
    assert_eq!(
        incomplete(&err.unwrap()),
        IncompleteKind::EmptyPageWithMore { page: 2 }
    );
    assert_eq!(items.len(), 3);
    assert_eq!(log.count(), 2);
}

#[tokio::test]
async fn the_page_cap_ends_an_endless_stream_without_fetching_past_it() {
    let api = MockApi::start().await;
    // Endless data: every page says more follows.
    let log = serve(&api, u64::MAX / 2, 3, true).await;
    let (items, err) = drain(forward(client(&api), 3).page_cap(4).stream()).await;
    assert_eq!(
        incomplete(&err.unwrap()),
        IncompleteKind::PageCap { cap: 4 }
    );
    assert_eq!(items.len(), 12, "the four pages under the cap are yielded");
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(log.count(), 4, "no read-ahead past the cap");
}

#[tokio::test]
async fn a_byte_identical_repeated_page_is_an_error() {
    let api = MockApi::start().await;
    // The API ignores the cursor and sends the first page again and again.
    let log = Log::new();
    mount_all(
        &api,
        log.responder(|_, _| ok(serde_json::json!({ "items": recs(0, 3), "has_more": true }))),
    )
    .await;
    let (items, err) = drain(forward(client(&api), 3).stream()).await;
    assert_eq!(
        incomplete(&err.unwrap()),
        IncompleteKind::RepeatedPage { page: 2 }
    );
    assert_eq!(support::ns(&items), [0, 1, 2], "no item is yielded twice");
    assert_eq!(log.count(), 2);
}

#[tokio::test]
async fn an_item_without_a_cursor_key_cannot_continue() {
    let api = MockApi::start().await;
    let log = serve(&api, 9, 3, true).await;
    let p: Paginator<ListBody> = Paginator::new(
        client(&api),
        Request::get(ApiPath::new("items")),
        Strategy::Cursor(Cursor::new("starting_after", |i: &Item| {
            (i.n != 2).then(|| i.id.clone())
        })),
    );
    let (items, err) = drain(p.stream()).await;
    assert!(matches!(
        incomplete(&err.unwrap()),
        IncompleteKind::BrokenContinuation { .. }
    ));
    assert_eq!(items.len(), 3, "the page itself is good and yielded");
    assert_eq!(log.count(), 1);
}

#[tokio::test]
async fn an_error_on_a_later_page_ends_the_stream_after_the_good_pages() {
    let api = MockApi::start().await;
    let log = Log::new();
    mount_all(
        &api,
        log.responder(|i, req| match i {
            0 => ok(cursor_page(req, 9, 3, true, false)),
            _ => (support::status(404), Duration::ZERO),
        }),
    )
    .await;
    let (items, err) = drain(forward(client(&api), 3).stream()).await;
    let err = err.unwrap();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(items.len(), 3);
    assert_eq!(log.count(), 2);
}

#[tokio::test]
async fn send_fetches_only_the_first_page() {
    let api = MockApi::start().await;
    let log = serve(&api, 9, 3, true).await;
    let page = forward(client(&api), 3).send().await.unwrap();
    assert_eq!(page.number, 1);
    assert_eq!(page.has_more, Some(true));
    assert_eq!(support::ns(&page.items), [0, 1, 2]);
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(log.count(), 1);
}

#[tokio::test]
async fn streams_are_static_and_send_and_run_in_a_spawned_task() {
    let api = MockApi::start().await;
    serve(&api, 9, 3, true).await;
    let stream = forward(client(&api), 3).stream();
    assert_send_static(&stream);
    let pages = forward(client(&api), 3).pages();
    assert_send_static(&pages);
    let items: Vec<Item> = tokio::spawn(stream.try_collect()).await.unwrap().unwrap();
    assert_eq!(items.len(), 9);
}
