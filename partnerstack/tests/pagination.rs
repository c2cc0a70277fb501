//! Cursor pagination across pages, backwards paging, totals and input checks.

mod common;

use common::{BASIC, api};
use futures::TryStreamExt as _;
use partnerstack::Error;
use serde_json::{Value, json};
use wiremock::matchers::{header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, ResponseTemplate};

fn items(range: std::ops::Range<usize>) -> Vec<Value> {
    range
        .map(|i| json!({"key": format!("part_{i:03}"), "created_at": 1_700_000_000_000i64 - i as i64, "email": format!("p{i}@example.com")}))
        .collect()
}

fn page(range: std::ops::Range<usize>, has_more: bool, total: u64) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "data": {"items": items(range), "has_more": has_more, "total": total},
        "message": "Page returned successfully", "status": 200
    }))
}

async fn three_pages(api: &common::Api, total: u64) {
    let s = api.mock.server();
    Mock::given(method("GET"))
        .and(path("/api/v2/partnerships"))
        .and(header("authorization", BASIC))
        .and(query_param("limit", "2"))
        .and(query_param_is_missing("starting_after"))
        .respond_with(page(0..2, true, total))
        .expect(1)
        .mount(s)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/partnerships"))
        .and(query_param("limit", "2"))
        .and(query_param("starting_after", "part_001"))
        .respond_with(page(2..4, true, total))
        .expect(1)
        .mount(s)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/partnerships"))
        .and(query_param("limit", "2"))
        .and(query_param("starting_after", "part_003"))
        .respond_with(page(4..5, false, total))
        .expect(1)
        .mount(s)
        .await;
}

#[tokio::test]
async fn streams_three_pages_with_the_last_key_as_cursor() {
    let api = api().await;
    three_pages(&api, 5).await;
    let keys: Vec<String> = api
        .client
        .partnerships()
        .list()
        .limit(2)
        .stream()
        .map_ok(|p| p.key)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        keys,
        ["part_000", "part_001", "part_002", "part_003", "part_004"]
    );
}

#[tokio::test]
async fn pages_carry_metadata() {
    let api = api().await;
    three_pages(&api, 5).await;
    let pages: Vec<_> = api
        .client
        .partnerships()
        .list()
        .limit(2)
        .pages()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 3);
    assert_eq!(pages[2].number, 3);
    assert_eq!(pages[2].has_more, Some(false));
    assert!(pages.iter().all(|p| p.total_items == Some(5)));
}

#[tokio::test]
async fn collect_all_fails_when_the_total_disagrees() {
    let api = api().await;
    three_pages(&api, 6).await;
    let err = api
        .client
        .partnerships()
        .list()
        .limit(2)
        .collect_all()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Incomplete(_)), "{err}");
}

#[tokio::test]
async fn ending_before_pages_backwards_with_the_first_key() {
    let api = api().await;
    let s = api.mock.server();
    Mock::given(method("GET"))
        .and(path("/api/v2/partnerships"))
        .and(query_param("ending_before", "part_010"))
        .and(query_param_is_missing("starting_after"))
        .respond_with(page(8..10, true, 20))
        .expect(1)
        .mount(s)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/partnerships"))
        .and(query_param("ending_before", "part_008"))
        .respond_with(page(6..8, false, 20))
        .expect(1)
        .mount(s)
        .await;
    let pages: Vec<_> = api
        .client
        .partnerships()
        .list()
        .limit(2)
        .ending_before("part_010")
        .pages()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 2);
    assert_eq!(pages[1].items[0].key, "part_006");
}

#[tokio::test]
async fn bad_paging_input_is_rejected_before_sending() {
    let api = api().await;
    for b in [
        api.client.partnerships().list().limit(0),
        api.client.partnerships().list().limit(251),
        api.client
            .partnerships()
            .list()
            .starting_after("a")
            .ending_before("b"),
    ] {
        let e = b.send().await.unwrap_err();
        assert!(matches!(e, Error::InvalidInput { .. }), "{e}");
    }
    assert!(api.mock.received().await.is_empty());
}

#[tokio::test]
async fn a_repeated_cursor_stops_the_stream() {
    let api = api().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/partnerships"))
        .respond_with(page(0..2, true, 10))
        .mount(api.mock.server())
        .await;
    let err = api
        .client
        .partnerships()
        .list()
        .limit(2)
        .collect_all()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Incomplete(_)), "{err}");
}
