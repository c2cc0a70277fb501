//! `test_util::Expect`, the strict request expectation the API crates'
//! endpoint tests share: a request that matches every rule gets the
//! response; one that differs in query, header or body falls through to
//! the catch-all (501, listed by `unmatched`).

use affiliate_common::reqwest;
use affiliate_common::test_util::{Expect, MockApi};
use serde_json::json;

async fn send(
    api: &MockApi,
    query: &str,
    auth: &str,
    body: Option<serde_json::Value>,
) -> (u16, serde_json::Value) {
    let url = format!("{}v2/things?{query}", api.url());
    let mut req = reqwest::Client::new()
        .post(url)
        .header("authorization", auth);
    if let Some(b) = body {
        req = req.json(&b);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap())
}

#[tokio::test]
async fn a_request_matching_every_rule_gets_the_response() {
    let api = MockApi::start().await;
    Expect::new("POST", "/v2/things", json!({"id": "t_1"}))
        .query(&[("b", "2"), ("a", "1")])
        .header("authorization", "Bearer k")
        .body(json!({"name": "x"}))
        .status(201)
        .mount(&api)
        .await;
    let (status, body) = send(&api, "a=1&b=2", "Bearer k", Some(json!({"name": "x"}))).await;
    assert_eq!((status, body), (201, json!({"id": "t_1"})));
    assert!(api.unmatched().is_empty());
}

#[tokio::test]
async fn a_request_differing_in_query_header_or_body_is_unmatched() {
    let api = MockApi::start().await;
    Expect::new("POST", "/v2/things", json!({"id": "t_1"}))
        .query(&[("a", "1")])
        .header("authorization", "Bearer k")
        .no_body()
        .times(0)
        .mount(&api)
        .await;
    // An extra query pair, another credential, a body where none is expected.
    for (query, auth, body) in [
        ("a=1&extra=1", "Bearer k", None),
        ("a=1", "Bearer other", None),
        ("a=1", "Bearer k", Some(json!({"name": "x"}))),
    ] {
        let (status, body) = send(&api, query, auth, body).await;
        assert_eq!(status, 501, "{body}");
        assert_eq!(body["code"], "unmatched_request");
    }
    let unmatched = api.unmatched();
    assert_eq!(unmatched.len(), 3, "{unmatched:?}");
    assert_eq!(unmatched[0], "POST /v2/things?a=1&extra=1");
    // The catch-all would fail the test on drop, as it must; these
    // mismatches were the point of this one.
    std::mem::forget(api);
}

#[tokio::test]
async fn a_later_header_replaces_a_preset_and_any_query_matches_any() {
    let api = MockApi::start().await;
    Expect::new("POST", "/v2/things", json!({"ok": true}))
        .header("authorization", "Bearer preset")
        .header("Authorization", "Bearer k")
        .any_query()
        .times(2)
        .mount(&api)
        .await;
    for query in ["", "page=2&limit=10"] {
        let (status, body) = send(&api, query, "Bearer k", None).await;
        assert_eq!((status, body), (200, json!({"ok": true})));
    }
    assert!(api.unmatched().is_empty());
}
