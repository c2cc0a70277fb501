//! Hostile page counts, offsets and repeated pages: the engine never panics,
//! never wraps around, never builds requests it has not been asked for, and
//! never ends silently short.
//!
//! The allocation test measures the heap through a counting allocator, so
//! the tests of this binary run one at a time (see [`serial`]).

mod support;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use affiliate_common::pagination::{Offset, PageNumber};
use affiliate_common::test_util::MockApi;
use affiliate_common::{
    ApiPath, IncompleteKind, PageBody, PageParts, Paginator, Request, Strategy,
};
use futures::StreamExt as _;
use serde::Deserialize;
use serde_json::json;
use support::{Item, ListBody, Log, client, drain, incomplete, mount_all, ok, q, recs};

/// Counts the bytes currently allocated and the peak since the last reset.
struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded unchanged to the system allocator; the
// counters are plain atomics.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded with the caller's layout.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = CURRENT.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded with the caller's pointer and layout.
        unsafe { System.dealloc(ptr, layout) };
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// One test at a time, so the allocation counts see only their own test.
static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

async fn serial() -> tokio::sync::MutexGuard<'static, ()> {
    SERIAL.lock().await
}

/// Every page `page` answers two records and the given page count.
async fn endless_pages(api: &MockApi, total_pages: u64) -> Log {
    let log = Log::new();
    mount_all(
        api,
        log.responder(move |_, req| {
            let page: u64 = q(req, "page").map_or(1, |p| p.parse().unwrap());
            let start = page.saturating_sub(1).saturating_mul(2) % 1_000_000;
            ok(json!({ "items": recs(start, start + 2), "total_pages": total_pages }))
        }),
    )
    .await;
    log
}

fn numbered(api: &MockApi) -> Paginator<ListBody> {
    Paginator::new(
        client(api),
        Request::get(ApiPath::new("items")),
        Strategy::PageNumber(PageNumber::new("page")),
    )
}

#[tokio::test]
async fn a_page_count_of_u64_max_ends_loudly_at_the_page_cap() {
    let _one = serial().await;
    for concurrency in [1, 4] {
        let api = MockApi::start().await;
        let log = endless_pages(&api, u64::MAX).await;
        let stream = numbered(&api).concurrency(concurrency).page_cap(5).stream();
        let (items, err) = drain(stream).await;
        assert_eq!(
            incomplete(&err.expect("never an Ok ending")),
            IncompleteKind::PageCap { cap: 5 },
            "concurrency {concurrency}"
        );
        assert_eq!(items.len(), 10, "concurrency {concurrency}");
        assert_eq!(log.count(), 5, "concurrency {concurrency}: requests == cap");
    }
}

#[tokio::test]
async fn zero_based_pages_with_a_huge_count_do_not_wrap() {
    let _one = serial().await;
    let api = MockApi::start().await;
    let log = endless_pages(&api, u64::MAX).await;
    let stream = Paginator::<ListBody>::new(
        client(&api),
        Request::get(ApiPath::new("items")),
        Strategy::PageNumber(PageNumber::new("page").first_page(2)),
    )
    .concurrency(3)
    .page_cap(4)
    .stream();
    let (items, err) = drain(stream).await;
    assert_eq!(
        incomplete(&err.unwrap()),
        IncompleteKind::PageCap { cap: 4 }
    );
    assert_eq!(items.len(), 8);
    let mut pages = log.query_values("page");
    pages.sort();
    assert_eq!(
        pages,
        ["2", "3", "4", "5"].map(|p| Some(p.to_owned())),
        "first_page + total_pages did not wrap"
    );
}

/// A billion pages reported, the default page cap of a million: the
/// requests for the pages after the first are built as the concurrent fetch
/// pulls them, not all up front (a million requests would take hundreds of
/// megabytes before the first item is handed over).
#[tokio::test]
async fn a_billion_pages_are_planned_lazily() {
    let _one = serial().await;
    let api = MockApi::start().await;
    let log = endless_pages(&api, 1_000_000_000).await;
    let base = CURRENT.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let mut pages = numbered(&api).concurrency(4).pages();
    for _ in 0..3 {
        pages.next().await.unwrap().unwrap();
    }
    drop(pages);
    let grown = PEAK.load(Ordering::Relaxed).saturating_sub(base);
    assert!(
        grown < 16 << 20,
        "the heap grew by {} MiB for three pages",
        grown >> 20
    );
    // Three pages handed over; the fetch runs at most `concurrency` pages
    // ahead of the consumer, plus the one it was about to hand over.
    let requests = log.count();
    assert!((3..=3 + 4 + 1).contains(&requests), "{requests} requests");
}

#[tokio::test]
async fn offsets_near_u64_max_end_without_overflowing() {
    let _one = serial().await;
    let api = MockApi::start().await;
    let log = Log::new();
    mount_all(
        &api,
        log.responder(|_, req| {
            let offset: u64 = q(req, "offset").unwrap().parse().unwrap();
            let k = offset - (u64::MAX - 10);
            ok(json!({ "items": recs(k, k + 2), "total": u64::MAX }))
        }),
    )
    .await;
    for concurrency in [1, 4] {
        let start = u64::MAX - 3;
        let stream = Paginator::<ListBody>::new(
            client(&api),
            Request::get(ApiPath::new("items")).query("offset", start),
            Strategy::Offset(Offset::new("offset", "limit", 2)),
        )
        .concurrency(concurrency)
        .stream();
        let (items, err) = drain(stream).await;
        assert!(err.is_none(), "concurrency {concurrency}: {err:?}");
        // Offsets MAX - 3 and MAX - 1; the next would pass u64::MAX, and
        // the reported total (u64::MAX) is reached.
        assert_eq!(items.len(), 4, "concurrency {concurrency}");
    }
    let offsets = log.query_values("offset");
    let want = [u64::MAX - 3, u64::MAX - 1].map(|o| Some(o.to_string()));
    assert_eq!(offsets, [want.clone(), want].concat());
}

#[tokio::test]
async fn a_page_number_at_u64_max_with_more_reported_fails_instead_of_wrapping() {
    let _one = serial().await;
    let api = MockApi::start().await;
    let log = Log::new();
    mount_all(
        &api,
        log.responder(|_, _| ok(json!({ "items": recs(0, 2), "has_more": true }))),
    )
    .await;
    let stream = Paginator::<ListBody>::new(
        client(&api),
        Request::get(ApiPath::new("items")),
        Strategy::PageNumber(PageNumber::new("page").first_page(u64::MAX)),
    )
    .stream();
    let (items, err) = drain(stream).await;
    assert_eq!(items.len(), 2);
    assert!(
        matches!(
            incomplete(&err.unwrap()),
            IncompleteKind::BrokenContinuation { .. }
        ),
        "page u64::MAX + 1 does not exist"
    );
    assert_eq!(log.count(), 1, "page 0 was never requested");
}

/// A list body whose `served_at` changes on every call, with the page
/// identity taken from the record ids.
#[derive(Debug, Deserialize)]
struct StampedBody {
    items: Vec<Item>,
    total_pages: Option<u64>,
    #[allow(dead_code)]
    served_at: u64,
}

impl PageBody for StampedBody {
    type Item = Item;
    fn into_parts(self) -> PageParts<Item> {
        use std::hash::{DefaultHasher, Hash as _, Hasher as _};
        let mut h = DefaultHasher::new();
        for i in &self.items {
            i.id.hash(&mut h);
        }
        PageParts::new(self.items)
            .total_pages(self.total_pages)
            .identity(Some(h.finish()))
    }
}

#[tokio::test]
async fn a_page_identity_catches_a_repeat_that_the_bytes_hide() {
    let _one = serial().await;
    for concurrency in [1, 4] {
        let api = MockApi::start().await;
        let log = Log::new();
        // The page parameter is ignored: the same records every time, only
        // the stamp moves.
        mount_all(
            &api,
            log.responder(|i, _| {
                ok(json!({ "items": recs(0, 2), "total_pages": 3, "served_at": 1_700_000_000 + i }))
            }),
        )
        .await;
        let stream = Paginator::<StampedBody>::new(
            client(&api),
            Request::get(ApiPath::new("items")),
            Strategy::PageNumber(PageNumber::new("page")),
        )
        .concurrency(concurrency)
        .stream();
        let (items, err) = drain(stream).await;
        assert_eq!(
            incomplete(&err.unwrap()),
            IncompleteKind::RepeatedPage { page: 2 },
            "concurrency {concurrency}"
        );
        assert_eq!(items.len(), 2);
    }
}
