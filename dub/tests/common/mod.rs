//! Shared helpers of the wiremock tests.
#![allow(dead_code)]

use affiliate_common::RateLimit;
use affiliate_common::test_util::{MockApi, fast_retry};
use serde_json::Value;
use wiremock::matchers::{header, method, path};
use wiremock::{Match, Mock, Request, ResponseTemplate};

pub const KEY: &str = "dub_test_key";

pub async fn setup() -> (MockApi, dub::Client) {
    let api = MockApi::start().await;
    let client = dub::Client::builder(KEY)
        .base_url(api.url())
        .retry(fast_retry())
        .rate_limit(RateLimit::unlimited())
        .analytics_rate_limit(RateLimit::unlimited())
        .build()
        .unwrap();
    (api, client)
}

pub fn fixture(name: &str) -> Value {
    affiliate_common::test_util::fixture(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures"),
        name,
    )
}

/// Matches when the query has exactly these pairs (in any order).
pub struct ExactQuery(pub Vec<(String, String)>);

impl Match for ExactQuery {
    fn matches(&self, req: &Request) -> bool {
        let mut got: Vec<(String, String)> = req
            .url
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        let mut want = self.0.clone();
        got.sort();
        want.sort();
        got == want
    }
}

pub fn q(pairs: &[(&str, &str)]) -> ExactQuery {
    ExactQuery(
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    )
}

/// Mounts a mock asserting method, path, exact query, auth and (when given)
/// the JSON body, answering `status` with `response`; expects one call.
pub async fn expect(
    api: &MockApi,
    m: &str,
    p: &str,
    query: &[(&str, &str)],
    body: Option<Value>,
    status: u16,
    response: Value,
) {
    let mut mock = Mock::given(method(m))
        .and(path(p))
        .and(q(query))
        .and(header("authorization", format!("Bearer {KEY}").as_str()));
    if let Some(b) = body {
        mock = mock.and(wiremock::matchers::body_json(b));
    }
    mock.respond_with(ResponseTemplate::new(status).set_body_json(response))
        .expect(1)
        .mount(api.server())
        .await;
}
