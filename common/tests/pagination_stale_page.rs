//! A stale copy of an earlier page (a cache answering page 4 with page 2)
//! must end the stream loudly, whichever earlier page it copies and whether
//! the pages are fetched one after another or concurrently. Comparing only
//! with the previous page lets a copy of any other page through: its records
//! come out twice, the real page is never read, and the count still matches
//! the reported total.

mod support;

use affiliate_common::pagination::PageNumber;
use affiliate_common::test_util::MockApi;
use affiliate_common::{ApiPath, Client, IncompleteKind, Paginator, Request, Strategy};
use futures::StreamExt as _;
use serde_json::json;
use support::{ListBody, Log, client, incomplete, mount_all, ok, q, recs};

const SIZE: u64 = 4;
const PAGES: u64 = 6;

fn paged(client: Client) -> Paginator<ListBody> {
    Paginator::new(
        client,
        Request::get(ApiPath::new("list")),
        Strategy::PageNumber(PageNumber::new("page").page_size("per_page", SIZE)),
    )
}

/// Serves `PAGES` pages with `total_pages` and `total`; the request for page
/// `stale` is answered with the body of page `copy_of`.
async fn serve(api: &MockApi, stale: u64, copy_of: u64) -> Log {
    let log = Log::new();
    mount_all(
        api,
        log.responder(move |_, req| {
            let asked: u64 = q(req, "page").unwrap().parse().unwrap();
            let page = if asked == stale { copy_of } else { asked };
            let start = (page - 1) * SIZE;
            ok(json!({
                "items": recs(start, start + SIZE),
                "total_pages": PAGES,
                "total": PAGES * SIZE,
            }))
        }),
    )
    .await;
    log
}

#[tokio::test]
async fn a_stale_copy_of_any_earlier_page_ends_the_stream_loudly() {
    for concurrency in [1, 4] {
        for (stale, copy_of) in [(3, 2), (4, 2), (5, 2), (6, 3), (5, 1)] {
            let api = MockApi::start().await;
            serve(&api, stale, copy_of).await;
            let mut pages = paged(client(&api)).concurrency(concurrency).pages();
            let mut yielded = Vec::new();
            let err = loop {
                match pages.next().await {
                    Some(Ok(p)) => yielded.push(p.number),
                    Some(Err(e)) => break e,
                    None => panic!(
                        "page {stale} served as page {copy_of} (concurrency {concurrency}) \
                         ended Ok after pages {yielded:?}"
                    ),
                }
            };
            assert_eq!(
                incomplete(&err),
                IncompleteKind::RepeatedPage { page: stale },
                "concurrency {concurrency}, page {stale} served as page {copy_of}"
            );
            // Nothing from the stale copy reached the caller.
            assert!(yielded.iter().all(|n| *n < stale), "{yielded:?}");
        }
    }
}

#[tokio::test]
async fn collect_all_does_not_return_a_list_with_a_page_repeated() {
    let api = MockApi::start().await;
    serve(&api, 5, 2).await;
    let err = paged(client(&api)).collect_all().await.unwrap_err();
    assert!(
        matches!(incomplete(&err), IncompleteKind::RepeatedPage { .. }),
        "{err}"
    );
}

/// Pages of large records that differ only in a few bytes, far apart in the
/// body: every page is new, and none may be taken for a copy. (A
/// fingerprint of 256 samples of the body took pages 2 to 6 of this list
/// for page 1.)
#[tokio::test]
async fn pages_of_alike_records_are_not_taken_for_copies() {
    let api = MockApi::start().await;
    let blob = "x".repeat(100_000);
    mount_all(
        &api,
        Log::new().responder(move |_, req| {
            let page: u64 = q(req, "page").unwrap().parse().unwrap();
            // Keys of the same width, so that every page has the same length.
            let start = 1_000 + (page - 1) * SIZE;
            let items: Vec<_> = (start..start + SIZE)
                .map(|i| json!({"blob": blob, "id": format!("c{i}"), "n": i}))
                .collect();
            ok(json!({"items": items, "total_pages": PAGES, "total": PAGES * SIZE}))
        }),
    )
    .await;
    let items = paged(client(&api)).collect_all().await.unwrap();
    let ids: Vec<u64> = items.iter().map(|i| support::key_n(&i.id)).collect();
    assert_eq!(ids, (1_000..1_000 + PAGES * SIZE).collect::<Vec<_>>());
}
