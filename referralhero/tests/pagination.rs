//! Concurrent page fetch: order, no duplicates, no gaps, 429s mid-way, and
//! the completeness check on `total_objects`.

mod common;

use std::collections::HashSet;

use common::*;
use futures::TryStreamExt as _;
use referralhero::Error;
use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, ResponseTemplate};

const PAGES: usize = 12;
const PER: usize = 50;

fn page_body(page: usize, total: usize) -> Value {
    let start = (page - 1) * PER;
    let end = (start + PER).min(total);
    let subs: Vec<Value> = (start..end)
        .map(|i| json!({"id": format!("sub_{i:06}"), "email": format!("u{i}@example.com"), "position": i + 1}))
        .collect();
    json!({
        "status": "ok",
        "data": {
            "response": "subscribers_retrieved",
            "subscribers": subs,
            "pagination": {"total_pages": total.div_ceil(PER), "current_page": page, "per_page": PER, "total_objects": total}
        },
        "calls_left": 5000 - page,
        "timestamp": 1700000000
    })
}

async fn mount_pages(
    api: &affiliate_common::test_util::MockApi,
    total: usize,
    reported_total: usize,
) {
    for page in 1..=total.div_ceil(PER) {
        let mut body = page_body(page, total);
        body["data"]["pagination"]["total_objects"] = json!(reported_total);
        Mock::given(method("GET"))
            .and(path(format!("/api/v2/lists/{UUID}/subscribers")))
            .and(query_param("page", page.to_string()))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(body)
                    .set_delay(std::time::Duration::from_millis(5 * (PAGES - page) as u64)),
            )
            .mount(api.server())
            .await;
    }
}

#[tokio::test]
async fn concurrent_pages_come_out_in_order_despite_a_429() {
    let (api, client) = setup().await;
    let total = PAGES * PER - 7;
    // Page 5 answers 429 too_many_calls once, mid-way through the fetch.
    Mock::given(method("GET"))
        .and(path(format!("/api/v2/lists/{UUID}/subscribers")))
        .and(query_param("page", "5"))
        .respond_with(ResponseTemplate::new(429).set_body_json(fx("errors/too_many_calls.json")))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(api.server())
        .await;
    mount_pages(&api, total, total).await;

    let ids: Vec<String> = client
        .subscribers(UUID)
        .list()
        .concurrency(4)
        .stream()
        .map_ok(|s| s.id)
        .try_collect()
        .await
        .unwrap();
    let want: Vec<String> = (0..total).map(|i| format!("sub_{i:06}")).collect();
    assert_eq!(ids, want, "in order, no gaps");
    assert_eq!(
        ids.iter().collect::<HashSet<_>>().len(),
        total,
        "no duplicates"
    );

    let received = api.received().await;
    assert_eq!(
        received.len(),
        PAGES + 1,
        "every page once, plus the retried 429"
    );
    let mut pages: Vec<String> = received
        .iter()
        .filter_map(|r| {
            r.url
                .query_pairs()
                .find(|(k, _)| k == "page")
                .map(|(_, v)| v.into_owned())
        })
        .collect();
    pages.sort_by_key(|p| p.parse::<usize>().unwrap());
    pages.dedup();
    assert_eq!(pages.len(), PAGES);
    for r in &received {
        assert_eq!(
            r.url.query_pairs().count(),
            1,
            "only `page` is sent: {}",
            r.url
        );
    }
}

#[tokio::test]
async fn collect_all_checks_total_objects() {
    let (api, client) = setup().await;
    let total = 3 * PER;
    mount_pages(&api, total, total + 1).await;
    let err = client
        .subscribers(UUID)
        .list()
        .collect_all()
        .await
        .unwrap_err();
    match err {
        Error::Incomplete(d) => assert!(d.to_string().contains("151"), "{d}"),
        other => panic!("expected Incomplete, got {other:?}"),
    }
}

#[tokio::test]
async fn sequential_fetch_gives_the_same_items() {
    let (api, client) = setup().await;
    let total = 4 * PER + 1;
    mount_pages(&api, total, total).await;
    let all = client
        .subscribers(UUID)
        .list()
        .concurrency(1)
        .collect_all()
        .await
        .unwrap();
    assert_eq!(all.len(), total);
    assert_eq!(all.last().unwrap().id, format!("sub_{:06}", total - 1));
}

#[tokio::test]
async fn pages_report_calls_left() {
    let (api, client) = setup().await;
    mount_pages(&api, 2 * PER, 2 * PER).await;
    let pages: Vec<_> = client
        .subscribers(UUID)
        .list()
        .pages()
        .try_collect()
        .await
        .unwrap();
    let left: Vec<Option<u64>> = pages.iter().map(|p| p.meta.rate_limit.remaining).collect();
    assert_eq!(left, [Some(4999), Some(4998)]);
}

/// Answers every request with the same subscribers (the `page` parameter
/// ignored), but with `calls_left` and `timestamp` changing on every call,
/// as ReferralHero's envelope does.
struct SamePageEveryTime {
    calls: std::sync::atomic::AtomicUsize,
    pagination: Option<Value>,
}

impl wiremock::Respond for SamePageEveryTime {
    fn respond(&self, _: &wiremock::Request) -> ResponseTemplate {
        let n = self.calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let subs: Vec<Value> = (0..PER)
            .map(|i| json!({"id": format!("sub_{i:06}"), "position": i + 1}))
            .collect();
        let mut data = json!({"response": "subscribers_retrieved", "subscribers": subs});
        if let Some(p) = &self.pagination {
            data["pagination"] = p.clone();
        }
        ResponseTemplate::new(200).set_body_json(json!({
            "status": "ok",
            "data": data,
            "calls_left": 5000 - n,
            "timestamp": 1_700_000_000 + n,
        }))
    }
}

async fn mount_same_page(api: &affiliate_common::test_util::MockApi, pagination: Option<Value>) {
    Mock::given(method("GET"))
        .and(path(format!("/api/v2/lists/{UUID}/subscribers")))
        .respond_with(SamePageEveryTime {
            calls: Default::default(),
            pagination,
        })
        .mount(api.server())
        .await;
}

fn assert_repeated_page_2(err: Error) {
    match err {
        Error::Incomplete(d) => assert_eq!(
            d.kind,
            affiliate_common::IncompleteKind::RepeatedPage { page: 2 },
            "{d}"
        ),
        other => panic!("expected a repeated-page error, got {other:?}"),
    }
}

#[tokio::test]
async fn the_same_page_with_a_new_calls_left_and_timestamp_is_a_repeated_page() {
    for concurrency in [1, 4] {
        let (api, client) = setup().await;
        // Three pages of 50 reported: page 2 repeating page 1 would pass the
        // total check with 50 duplicates if only whole bodies were compared.
        mount_same_page(
            &api,
            Some(json!({"total_pages": 3, "current_page": 1, "per_page": PER, "total_objects": 3 * PER})),
        )
        .await;
        let err = client
            .subscribers(UUID)
            .list()
            .concurrency(concurrency)
            .collect_all()
            .await
            .unwrap_err();
        assert_repeated_page_2(err);
    }
}

/// The payload of the issue: a count that cannot be (`"-1"`) next to a
/// looser type that can (`"3"`).
#[tokio::test]
async fn a_malformed_pagination_object_fails_loudly_with_its_path() {
    let (api, client) = setup().await;
    let mut body = page_body(1, 3 * PER);
    body["data"]["pagination"] = json!({"total_objects": "-1", "total_pages": "3"});
    Mock::given(method("GET"))
        .and(path(format!("/api/v2/lists/{UUID}/subscribers")))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(api.server())
        .await;
    let err = client
        .subscribers(UUID)
        .list()
        .collect_all()
        .await
        .unwrap_err();
    match &err {
        Error::Decode(d) => assert_eq!(d.path, "data.pagination.total_objects", "{err}"),
        other => panic!("expected a decode error, got {other:?}"),
    }
    // The stream says the same, never a short list.
    let got: Result<Vec<_>, _> = client.subscribers(UUID).list().stream().try_collect().await;
    assert!(matches!(got, Err(Error::Decode(_))), "{got:?}");
}

#[tokio::test]
async fn string_counts_are_read_as_numbers() {
    let (api, client) = setup().await;
    let total = 2 * PER + 3;
    for page in 1..=3usize {
        let mut body = page_body(page, total);
        body["data"]["pagination"] = json!({
            "total_pages": "3", "current_page": page.to_string(),
            "per_page": "50", "total_objects": total.to_string()
        });
        Mock::given(method("GET"))
            .and(path(format!("/api/v2/lists/{UUID}/subscribers")))
            .and(query_param("page", page.to_string()))
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .expect(1)
            .mount(api.server())
            .await;
    }
    let all = client.subscribers(UUID).list().collect_all().await.unwrap();
    assert_eq!(all.len(), total);
}

#[tokio::test]
async fn a_full_page_without_pagination_asks_for_the_next_page() {
    let (api, client) = setup().await;
    let total = PER + 20;
    for page in 1..=2usize {
        let mut body = page_body(page, total);
        body["data"].as_object_mut().unwrap().remove("pagination");
        Mock::given(method("GET"))
            .and(path(format!("/api/v2/lists/{UUID}/subscribers")))
            .and(query_param("page", page.to_string()))
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .expect(1)
            .mount(api.server())
            .await;
    }
    let all = client.subscribers(UUID).list().collect_all().await.unwrap();
    assert_eq!(all.len(), total, "the full first page was not the last");
    assert_eq!(
        api.received().await.len(),
        2,
        "the short page ends the stream"
    );
}

#[tokio::test]
async fn a_full_page_without_pagination_served_again_is_a_repeated_page() {
    let (api, client) = setup().await;
    mount_same_page(&api, None).await;
    let err = client
        .subscribers(UUID)
        .list()
        .collect_all()
        .await
        .unwrap_err();
    assert_repeated_page_2(err);
    assert_eq!(api.received().await.len(), 2);
}
