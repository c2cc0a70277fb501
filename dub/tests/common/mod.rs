//! Shared helpers of the wiremock tests.
#![allow(dead_code)]

use affiliate_common::RateLimit;
use affiliate_common::test_util::{ExactQuery, Expect, MockApi, fast_retry};
use serde_json::Value;

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
pub fn q(pairs: &[(&str, &str)]) -> ExactQuery {
    ExactQuery::new(pairs)
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
    let mut e = Expect::new(m, p, response)
        .query(query)
        .header("authorization", &format!("Bearer {KEY}"))
        .status(status);
    if let Some(b) = body {
        e = e.body(b);
    }
    e.mount(api).await;
}
