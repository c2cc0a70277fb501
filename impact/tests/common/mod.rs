//! Helpers shared by the integration tests.
#![allow(dead_code)]

use affiliate_common::test_util::{Expect, MockApi, fast_retry};
use impact_com::{Client, ClientBuilder};

pub const SID: &str = "IR1";
pub const TOKEN: &str = "tok_secret";
/// `Basic base64("IR1:tok_secret")`.
pub const BASIC: &str = "Basic SVIxOnRva19zZWNyZXQ=";

pub fn fixtures() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub fn fixture(name: &str) -> serde_json::Value {
    affiliate_common::test_util::fixture(fixtures(), name)
}

pub fn fixture_bytes(name: &str) -> Vec<u8> {
    std::fs::read(fixtures().join(name)).expect("fixture")
}

pub fn builder(api: &MockApi) -> ClientBuilder {
    Client::builder(SID, TOKEN)
        .base_url(api.url())
        .tracking_base_url(api.url())
        .calldata_base_url(api.url())
        .retry(fast_retry())
        .rate_limit(affiliate_common::RateLimit::unlimited())
}

pub fn client(api: &MockApi) -> Client {
    builder(api).build().unwrap()
}

/// One expected request with the test credentials (Basic auth) and no query
/// unless `.query(..)` says, answered `200` with `response`; mount it with
/// `.mount(&api)`.
pub fn expect(method: &str, path: &str, response: serde_json::Value) -> Expect {
    Expect::new(method, path, response).header("authorization", BASIC)
}
