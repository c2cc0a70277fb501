//! Shared helpers of the wiremock tests.
#![allow(dead_code)]

use affiliate_common::RateLimit;
use affiliate_common::test_util::{MockApi, fast_retry};
use referralhero::Client;
use serde_json::Value;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, ResponseTemplate};

pub const TOKEN: &str = "test-token-123";
pub const UUID: &str = "MF078d000987";
pub const SUB: &str = "sub_2bad325a25d7";

/// A fixture from `tests/fixtures/<name>`.
pub fn fx(name: &str) -> Value {
    affiliate_common::test_util::fixture(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures"),
        name,
    )
}

/// A mock API and a client pointed at its `/api/v2`.
pub async fn setup() -> (MockApi, Client) {
    let api = MockApi::start().await;
    let client = Client::builder(TOKEN)
        .base_url(api.url_with("/api/v2"))
        .retry(fast_retry())
        .rate_limit(RateLimit::unlimited())
        .build()
        .unwrap();
    (api, client)
}

/// Mounts `METHOD /api/v2<p>` with the bearer token, answering `status`
/// with `body`, expected exactly once.
pub async fn mount(api: &MockApi, m: &str, p: &str, status: u16, body: Value) {
    Mock::given(method(m))
        .and(path(format!("/api/v2{p}")))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        .expect(1)
        .mount(api.server())
        .await;
}

/// The one request the server received.
pub async fn only_request(api: &MockApi) -> wiremock::Request {
    let mut all = api.received().await;
    assert_eq!(
        all.len(),
        1,
        "expected exactly one request, got {}",
        all.len()
    );
    all.remove(0)
}

/// Asserts the request's query pairs, in order.
pub fn assert_query(req: &wiremock::Request, want: &[(&str, &str)]) {
    let got: Vec<(String, String)> = req
        .url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    assert_eq!(got, want, "query of {}", req.url);
    assert!(
        !req.url.as_str().contains(TOKEN),
        "the token leaked into the URL"
    );
    assert!(req.url.query_pairs().all(|(k, _)| k != "api_token"));
}

/// Asserts the JSON body (and its content type).
pub fn assert_body(req: &wiremock::Request, want: Value) {
    let got: Value = serde_json::from_slice(&req.body).expect("the body is JSON");
    assert_eq!(got, want);
    assert_eq!(
        req.headers
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/json")
    );
}

/// Asserts an empty body.
pub fn assert_no_body(req: &wiremock::Request) {
    assert!(
        req.body.is_empty(),
        "unexpected body {:?}",
        String::from_utf8_lossy(&req.body)
    );
}

/// Asserts the auth and User-Agent headers every request carries.
pub fn assert_headers(req: &wiremock::Request) {
    let h = |n: &str| {
        req.headers
            .get(n)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    assert_eq!(
        h("authorization").as_deref(),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    assert!(
        h("user-agent")
            .unwrap_or_default()
            .starts_with("referralhero/")
    );
    assert!(h("x-api-key").is_none());
}
