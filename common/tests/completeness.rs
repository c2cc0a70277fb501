//! The completeness check: `collect_all` (and a stream with
//! `check_total(true)`) fails with `IncompleteKind::TotalMismatch` when the
//! total the API reported and the items received disagree.

mod support;

use affiliate_common::pagination::{Cursor, Offset, PageNumber};
use affiliate_common::test_util::MockApi;
use affiliate_common::{ApiPath, Client, Error, IncompleteKind, Paginator, Request, Strategy};
use futures::TryStreamExt as _;
use serde_json::json;
use support::{
    Item, ListBody, Log, client, cursor_page, drain, incomplete, mount_all, ok, q, recs,
};

fn cursor(client: Client) -> Paginator<ListBody> {
    Paginator::new(
        client,
        Request::get(ApiPath::new("items")),
        Strategy::Cursor(Cursor::new("starting_after", |i: &Item| Some(i.id.clone()))),
    )
}

/// A cursor-paged set of `real` records that reports `claimed` as its total.
async fn serve_claiming(api: &MockApi, real: u64, claimed: u64) -> Log {
    let log = Log::new();
    mount_all(
        api,
        log.responder(move |_, req| {
            let mut body = cursor_page(req, real, 3, true, false);
            body["total"] = json!(claimed);
            ok(body)
        }),
    )
    .await;
    log
}

#[tokio::test]
async fn collect_all_returns_everything_when_the_total_matches() {
    let api = MockApi::start().await;
    serve_claiming(&api, 8, 8).await;
    let all = cursor(client(&api)).collect_all().await.unwrap();
    assert_eq!(support::ns(&all), (0..8).collect::<Vec<_>>());
}

#[tokio::test]
async fn collect_all_fails_when_fewer_items_than_the_total_arrive() {
    let api = MockApi::start().await;
    let log = serve_claiming(&api, 8, 10).await;
    let err = cursor(client(&api)).collect_all().await.unwrap_err();
    assert_eq!(
        incomplete(&err),
        IncompleteKind::TotalMismatch {
            expected: 10,
            received: 8
        }
    );
    let Error::Incomplete(d) = &err else {
        unreachable!()
    };
    assert_eq!((d.items_received, d.pages_fetched), (8, 3));
    assert_eq!(log.count(), 3, "every page was fetched before the check");
    assert!(err.to_string().contains("10"), "{err}");
}

#[tokio::test]
async fn collect_all_fails_when_more_items_than_the_total_arrive() {
    let api = MockApi::start().await;
    serve_claiming(&api, 8, 6).await;
    let err = cursor(client(&api)).collect_all().await.unwrap_err();
    assert_eq!(
        incomplete(&err),
        IncompleteKind::TotalMismatch {
            expected: 6,
            received: 8
        }
    );
}

#[tokio::test]
async fn without_a_reported_total_collect_all_trusts_the_end_signal() {
    let api = MockApi::start().await;
    let log = Log::new();
    mount_all(
        &api,
        log.responder(|_, req| ok(cursor_page(req, 7, 3, true, false))),
    )
    .await;
    let all = cursor(client(&api)).collect_all().await.unwrap();
    assert_eq!(all.len(), 7);
}

#[tokio::test]
async fn the_last_reported_total_is_the_one_checked() {
    // Records were added while paging: the last page reports the new total.
    let api = MockApi::start().await;
    let log = Log::new();
    mount_all(
        &api,
        log.responder(|i, req| {
            let mut body = cursor_page(req, 6, 3, true, false);
            body["total"] = json!(if i == 0 { 5 } else { 6 });
            ok(body)
        }),
    )
    .await;
    let all = cursor(client(&api)).collect_all().await.unwrap();
    assert_eq!(all.len(), 6);
}

#[tokio::test]
async fn a_stream_with_check_total_fails_at_its_end() {
    let api = MockApi::start().await;
    serve_claiming(&api, 8, 9).await;
    let (items, err) = drain(cursor(client(&api)).check_total(true).stream()).await;
    assert_eq!(
        items.len(),
        8,
        "every item is yielded before the check fails"
    );
    assert_eq!(
        incomplete(&err.expect("the mismatch must surface")),
        IncompleteKind::TotalMismatch {
            expected: 9,
            received: 8
        }
    );
}

#[tokio::test]
async fn a_stream_without_check_total_does_not_check() {
    let api = MockApi::start().await;
    serve_claiming(&api, 8, 9).await;
    let items: Vec<Item> = cursor(client(&api)).stream().try_collect().await.unwrap();
    assert_eq!(items.len(), 8);
}

#[tokio::test]
async fn collect_all_checks_page_number_and_offset_streams_too() {
    // Page numbers: 3 pages of 4, but the API claims 13 records.
    let api = MockApi::start().await;
    mount_all(
        &api,
        Log::new().responder(|_, req| {
            let page: u64 = q(req, "page").unwrap().parse().unwrap();
            ok(json!({ "items": recs((page - 1) * 4, page * 4), "total_pages": 3, "total": 13 }))
        }),
    )
    .await;
    let p: Paginator<ListBody> = Paginator::new(
        client(&api),
        Request::get(ApiPath::new("list")),
        Strategy::PageNumber(PageNumber::new("page").page_size("per_page", 4)),
    );
    assert_eq!(
        incomplete(&p.collect_all().await.unwrap_err()),
        IncompleteKind::TotalMismatch {
            expected: 13,
            received: 12
        }
    );

    // Offsets: the API claims 6, but the pages hold 8.
    let api = MockApi::start().await;
    mount_all(
        &api,
        Log::new().responder(|_, req| {
            let off: u64 = q(req, "offset").unwrap().parse().unwrap();
            let end = (off + 4).min(8);
            ok(json!({ "items": recs(off, end), "total": 6 }))
        }),
    )
    .await;
    let p: Paginator<ListBody> = Paginator::new(
        client(&api),
        Request::get(ApiPath::new("records")),
        Strategy::Offset(Offset::new("offset", "limit", 4)),
    );
    let err = p.concurrency(1).collect_all().await.unwrap_err();
    assert_eq!(
        incomplete(&err),
        IncompleteKind::TotalMismatch {
            expected: 6,
            received: 8
        }
    );
}
