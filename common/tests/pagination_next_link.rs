//! Next-link pagination: absolute and relative links on the client's origin
//! are followed, links to another origin are refused without a request, and
//! loops, missing links and endless streams end with an error.

mod support;

use std::time::Duration;

use affiliate_common::pagination::NextLink;
use affiliate_common::test_util::MockApi;
use affiliate_common::{ApiPath, Client, IncompleteKind, Paginator, Request, Strategy};
use futures::TryStreamExt as _;
use serde_json::json;
use support::{Item, ListBody, Log, client, drain, incomplete, mount_all, ns, ok, q, recs};

fn linked(client: Client, path: &str) -> Paginator<ListBody> {
    Paginator::new(
        client,
        Request::get(ApiPath::new(path)).query("limit", 2),
        Strategy::NextLink(NextLink::new()),
    )
}

fn page_of(req: &wiremock::Request) -> u64 {
    q(req, "page").map_or(1, |p| p.parse().unwrap())
}

#[tokio::test]
async fn absolute_links_on_the_same_origin_are_followed_until_there_is_none() {
    let api = MockApi::start().await;
    let base = api.url();
    let log = Log::new();
    mount_all(
        &api,
        log.responder(move |_, req| {
            let page = page_of(req);
            let next = (page < 3).then(|| format!("{base}items?page={}&limit=2", page + 1));
            ok(json!({ "items": recs((page - 1) * 2, page * 2), "next": next }))
        }),
    )
    .await;
    let items: Vec<Item> = linked(client(&api), "items")
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ns(&items), [0, 1, 2, 3, 4, 5]);
    let hits = log.hits();
    assert_eq!(hits.len(), 3);
    assert_eq!(
        log.query_values("page"),
        [None, Some("2".into()), Some("3".into())]
    );
    // The link is sent as given: the first request's query is not appended again.
    assert_eq!(
        hits[1].query,
        [("page".into(), "2".into()), ("limit".into(), "2".into())]
    );
}

#[tokio::test]
async fn relative_links_resolve_against_the_current_page_and_keep_the_base_prefix() {
    let api = MockApi::start().await;
    let log = Log::new();
    mount_all(
        &api,
        log.responder(|_, req| match q(req, "cursor").as_deref() {
            None => ok(json!({ "items": recs(0, 2), "next": "/api/v2/items?cursor=b" })),
            Some("b") => ok(json!({ "items": recs(2, 4), "next": "items?cursor=c" })),
            Some("c") => ok(json!({ "items": recs(4, 5), "next": null })),
            Some(other) => panic!("unexpected cursor {other}"),
        }),
    )
    .await;
    let client = Client::builder(api.url_with("/api/v2"))
        .retry(affiliate_common::test_util::fast_retry())
        .build()
        .unwrap();
    let items: Vec<Item> = linked(client, "items")
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ns(&items), [0, 1, 2, 3, 4]);
    let paths: Vec<_> = log.hits().iter().map(|h| h.path.clone()).collect();
    assert_eq!(paths, ["/api/v2/items"; 3]);
}

#[tokio::test]
async fn a_link_to_a_foreign_origin_is_refused_and_never_requested() {
    let api = MockApi::start().await;
    let foreign = MockApi::start().await;
    let foreign_url = foreign.url();
    let log = Log::new();
    mount_all(
        &api,
        log.responder(move |_, _| {
            ok(json!({ "items": recs(0, 2), "next": format!("{foreign_url}steal?page=2") }))
        }),
    )
    .await;
    let secret = "sk_live_NEXTLINK_SECRET";
    let client = Client::builder(api.url())
        .auth(affiliate_common::Auth::bearer(secret))
        .build()
        .unwrap();
    let (items, err) = drain(linked(client, "items").stream()).await;
    let err = err.expect("the foreign link must end the stream with an error");
    let IncompleteKind::ForeignNextLink { link } = incomplete(&err) else {
        panic!("expected ForeignNextLink, got {err:?}");
    };
    assert_eq!(link, foreign.url().origin().ascii_serialization());
    assert_eq!(
        items.len(),
        2,
        "the page carrying the link is still yielded"
    );
    assert_eq!(log.count(), 1);
    assert!(
        foreign.received().await.is_empty(),
        "nothing may reach the foreign origin"
    );
    assert!(!format!("{err} {err:?}").contains(secret));
}

#[tokio::test]
async fn the_same_server_under_another_host_name_is_another_origin() {
    let api = MockApi::start().await;
    let port = api.url().port().unwrap();
    let log = Log::new();
    mount_all(
        &api,
        log.responder(move |_, _| {
            ok(json!({ "items": recs(0, 2), "next": format!("http://localhost:{port}/items?page=2") }))
        }),
    )
    .await;
    let (_, err) = drain(linked(client(&api), "items").stream()).await;
    assert!(matches!(
        incomplete(&err.unwrap()),
        IncompleteKind::ForeignNextLink { .. }
    ));
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(log.count(), 1);
}

#[tokio::test]
async fn a_link_to_the_current_page_is_a_repeated_cursor() {
    let api = MockApi::start().await;
    let log = Log::new();
    mount_all(
        &api,
        log.responder(|_, req| match page_of(req) {
            1 => ok(json!({ "items": recs(0, 2), "next": "/items?page=2" })),
            _ => ok(json!({ "items": recs(2, 4), "next": "/items?page=2" })),
        }),
    )
    .await;
    let (items, err) = drain(linked(client(&api), "items").stream()).await;
    assert!(matches!(
        incomplete(&err.unwrap()),
        IncompleteKind::RepeatedCursor { .. }
    ));
    assert_eq!(ns(&items), [0, 1, 2, 3]);
    assert_eq!(log.count(), 2);
}

#[tokio::test]
async fn a_link_back_to_the_first_page_is_a_loop_and_repeats_nothing() {
    let api = MockApi::start().await;
    let log = Log::new();
    mount_all(
        &api,
        log.responder(|_, req| match page_of(req) {
            1 => ok(json!({ "items": recs(0, 2), "next": "/items?page=2" })),
            _ => ok(json!({ "items": recs(2, 4), "next": "/items?limit=2" })),
        }),
    )
    .await;
    let (items, err) = drain(linked(client(&api), "items").stream()).await;
    assert!(matches!(
        incomplete(&err.expect("a loop must end with an error")),
        IncompleteKind::RepeatedCursor { .. }
    ));
    assert_eq!(
        ns(&items),
        [0, 1, 2, 3],
        "the first page must not come out twice"
    );
    assert_eq!(log.count(), 2);
}

#[tokio::test]
async fn a_byte_identical_repeated_page_is_an_error() {
    let api = MockApi::start().await;
    let log = Log::new();
    mount_all(
        &api,
        log.responder(|_, _| ok(json!({ "items": recs(0, 2), "next": "/items?page=2" }))),
    )
    .await;
    let (items, err) = drain(linked(client(&api), "items").stream()).await;
    assert_eq!(
        incomplete(&err.unwrap()),
        IncompleteKind::RepeatedPage { page: 2 }
    );
    assert_eq!(items.len(), 2);
    assert_eq!(log.count(), 2);
}

#[tokio::test]
async fn has_more_without_a_link_is_a_missing_next_link() {
    let api = MockApi::start().await;
    let log = Log::new();
    mount_all(
        &api,
        log.responder(|_, _| ok(json!({ "items": recs(0, 2), "has_more": true, "next": "" }))),
    )
    .await;
    let (items, err) = drain(linked(client(&api), "items").stream()).await;
    assert_eq!(
        incomplete(&err.unwrap()),
        IncompleteKind::MissingNextLink { page: 1 }
    );
    assert_eq!(items.len(), 2);
    assert_eq!(log.count(), 1);
}

/// Pages 1..=4 of a reported 4, where `missing` carries no link.
async fn four_pages_one_without_a_link(api: &MockApi, missing: u64) -> Log {
    let log = Log::new();
    mount_all(
        api,
        log.responder(move |_, req| {
            let page = page_of(req);
            let next = (page < 4 && page != missing).then(|| format!("/items?page={}", page + 1));
            ok(json!({ "items": recs((page - 1) * 2, page * 2), "total_pages": 4, "next": next }))
        }),
    )
    .await;
    log
}

fn stepping(client: Client) -> Paginator<ListBody> {
    Paginator::new(
        client,
        Request::get(ApiPath::new("items")),
        Strategy::NextLink(NextLink::new().page_param("page")),
    )
}

#[tokio::test]
async fn a_page_count_above_the_pages_number_without_a_link_is_a_missing_next_link() {
    for concurrency in [1, 4] {
        let api = MockApi::start().await;
        four_pages_one_without_a_link(&api, 2).await;
        let (items, err) = drain(stepping(client(&api)).concurrency(concurrency).stream()).await;
        assert_eq!(
            incomplete(&err.unwrap()),
            IncompleteKind::MissingNextLink { page: 2 },
            "concurrency {concurrency}"
        );
        // Pages 1 and 2 are yielded, then the stream says why it stops.
        assert_eq!(ns(&items), [0, 1, 2, 3], "concurrency {concurrency}");
    }
}

#[tokio::test]
async fn the_last_page_by_count_needs_no_link() {
    for concurrency in [1, 4] {
        let api = MockApi::start().await;
        let log = four_pages_one_without_a_link(&api, 4).await;
        let items: Vec<Item> = stepping(client(&api))
            .concurrency(concurrency)
            .stream()
            .try_collect()
            .await
            .unwrap();
        assert_eq!(items.len(), 8);
        assert_eq!(log.count(), 4);
    }
}

#[tokio::test]
async fn an_unparseable_link_is_a_broken_continuation() {
    let api = MockApi::start().await;
    mount_all(
        &api,
        Log::new().responder(|_, _| ok(json!({ "items": recs(0, 2), "next": "http://[::1" }))),
    )
    .await;
    let (_, err) = drain(linked(client(&api), "items").stream()).await;
    assert!(matches!(
        incomplete(&err.unwrap()),
        IncompleteKind::BrokenContinuation { .. }
    ));
}

#[tokio::test]
async fn an_empty_page_with_has_more_is_an_error() {
    let api = MockApi::start().await;
    let log = Log::new();
    mount_all(
        &api,
        log.responder(|_, req| match page_of(req) {
            1 => ok(json!({ "items": recs(0, 2), "next": "/items?page=2" })),
            _ => ok(json!({ "items": [], "has_more": true, "next": "/items?page=3" })),
        }),
    )
    .await;
    let (items, err) = drain(linked(client(&api), "items").stream()).await;
    assert_eq!(
        incomplete(&err.unwrap()),
        IncompleteKind::EmptyPageWithMore { page: 2 }
    );
    assert_eq!(items.len(), 2);
    assert_eq!(log.count(), 2);
}

#[tokio::test]
async fn the_page_cap_ends_an_endless_chain_of_links() {
    let api = MockApi::start().await;
    let log = Log::new();
    mount_all(
        &api,
        log.responder(|_, req| {
            let page = page_of(req);
            ok(json!({
                "items": recs(page * 2, page * 2 + 2),
                "next": format!("/items?page={}", page + 1)
            }))
        }),
    )
    .await;
    let (items, err) = drain(linked(client(&api), "items").page_cap(5).stream()).await;
    assert_eq!(
        incomplete(&err.unwrap()),
        IncompleteKind::PageCap { cap: 5 }
    );
    assert_eq!(items.len(), 10);
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(log.count(), 5);
}

#[tokio::test]
async fn with_a_page_param_and_a_page_count_the_rest_is_fetched_concurrently_in_order() {
    let api = MockApi::start().await;
    let log = Log::new();
    mount_all(
        &api,
        log.responder(|_, req| {
            let page = page_of(req);
            let next = (page < 6).then(|| format!("/items?limit=2&page={}", page + 1));
            // Early pages answer slowest, so an unordered engine would show it.
            let delay = Duration::from_millis(180 - 30 * page);
            let (t, _) = ok(json!({
                "items": recs((page - 1) * 2, page * 2),
                "total_pages": 6,
                "next": next,
            }));
            (t, delay)
        }),
    )
    .await;
    let items: Vec<Item> = Paginator::<ListBody>::new(
        client(&api),
        Request::get(ApiPath::new("items")).query("limit", 2),
        Strategy::NextLink(NextLink::new().page_param("page")),
    )
    .stream()
    .try_collect()
    .await
    .unwrap();
    assert_eq!(ns(&items), (0..12).collect::<Vec<_>>());
    let mut pages: Vec<_> = log.query_values("page");
    pages.sort();
    assert_eq!(
        pages,
        [
            None,
            Some("2".into()),
            Some("3".into()),
            Some("4".into()),
            Some("5".into()),
            Some("6".into())
        ]
    );
    let overlap = log.max_overlap();
    assert!(overlap > 1 && overlap <= 4, "max overlap {overlap}");
}

#[tokio::test]
async fn with_a_page_param_but_no_page_count_links_are_followed_one_by_one() {
    let api = MockApi::start().await;
    let log = Log::new();
    mount_all(
        &api,
        log.responder(|_, req| {
            let page = page_of(req);
            let next = (page < 3).then(|| format!("/items?page={}", page + 1));
            let (t, _) = ok(json!({ "items": recs((page - 1) * 2, page * 2), "next": next }));
            (t, Duration::from_millis(30))
        }),
    )
    .await;
    let items: Vec<Item> = Paginator::<ListBody>::new(
        client(&api),
        Request::get(ApiPath::new("items")),
        Strategy::NextLink(NextLink::new().page_param("page")),
    )
    .stream()
    .try_collect()
    .await
    .unwrap();
    assert_eq!(ns(&items), [0, 1, 2, 3, 4, 5]);
    assert_eq!(log.max_overlap(), 1);
}
