//! Shared set-up of the wiremock tests: a `MockApi` under `/api/v2`, a
//! client with the bearer token and a fast retry policy, and a strict
//! request expectation (`affiliate_common::test_util::Expect`).
#![allow(dead_code)]

use affiliate_common::RateLimit;
use affiliate_common::test_util::{Expect, MockApi, fast_retry};
use referralhero::Client;
use serde_json::Value;

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

/// One expected request `METHOD /api/v2<path>` with the bearer token and
/// the crate's User-Agent, no query and any body unless the test says
/// (`.query(..)`, `.any_query()`, `.json(..)`, `.no_body()`,
/// `.status(..)`), answered with `response`, expected once. A request that
/// differs in any respect falls through to the catch-all and fails the
/// test.
pub fn expect(method: &str, path: &str, response: Value) -> Expect {
    Expect::new(method, &format!("/api/v2{path}"), response)
        .header("authorization", &format!("Bearer {TOKEN}"))
        .header("user-agent", &user_agent())
}

/// The User-Agent every request carries.
fn user_agent() -> String {
    format!("referralhero/{}", env!("CARGO_PKG_VERSION"))
}

/// A JSON body expectation: exactly this JSON, sent as `application/json`.
pub trait JsonBody {
    /// The body is exactly `json`, with its content type.
    fn json(self, json: Value) -> Self;
}

impl JsonBody for Expect {
    fn json(self, json: Value) -> Self {
        self.body(json).header("content-type", "application/json")
    }
}

/// Every request the server received carried the token as a bearer token
/// only: no `X-API-Key` header, nothing in the URL.
pub async fn bearer_only(api: &MockApi) {
    for req in api.received().await {
        assert!(req.headers.get("x-api-key").is_none(), "{}", req.url);
        assert!(
            !req.url.as_str().contains(TOKEN),
            "the token leaked into the URL"
        );
        assert!(req.url.query_pairs().all(|(k, _)| k != "api_token"));
    }
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

/// Asserts the request's query pairs, in order (with `.any_query()` on the
/// expectation).
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
}
