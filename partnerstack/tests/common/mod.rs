//! Shared set-up of the wiremock tests: a `MockApi` under `/api/v2`, a
//! vendor client (Basic `pk_test:sk_test`) and a partner client (Bearer),
//! both with a fast retry policy, and a strict request expectation.

#![allow(dead_code)]

use affiliate_common::test_util::{Expect, MockApi, fast_retry, fixture};
use partnerstack::{Client, PartnerClient};
use serde_json::Value;

/// `Basic base64("pk_test:sk_test")`.
pub const BASIC: &str = "Basic cGtfdGVzdDpza190ZXN0";
/// The partner client's header.
pub const BEARER: &str = "Bearer partner_test";

pub struct Api {
    pub mock: MockApi,
    pub client: Client,
    pub partner: PartnerClient,
}

pub async fn api() -> Api {
    let mock = MockApi::start().await;
    let client = Client::builder(partnerstack::Auth::basic("pk_test", "sk_test"))
        .base_url(mock.url_with("/api/v2"))
        .retry(fast_retry())
        .build()
        .unwrap();
    let partner = PartnerClient::builder("partner_test")
        .base_url(mock.url_with("/api/v2"))
        .retry(fast_retry())
        .build()
        .unwrap();
    Api {
        mock,
        client,
        partner,
    }
}

/// A fixture from `tests/fixtures/`, e.g. `fx("partnerships/get.json")`.
pub fn fx(name: &str) -> Value {
    fixture(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures"), name)
}

/// One expected request under `/api/v2`, with the vendor client's Basic
/// auth, the crate's User-Agent and no body by default: override with
/// `.header("authorization", BEARER)`, `.body(..)`, `.query(..)`, `.status(..)`,
/// then `.mount(&api.mock)`. A request that differs in any respect falls
/// through to the catch-all and fails the test.
pub fn expect(method: &str, path: &str, response: Value) -> Expect {
    Expect::new(method, &format!("/api/v2{path}"), response)
        .header("authorization", BASIC)
        .header("user-agent", partnerstack::client::USER_AGENT)
        .no_body()
}

/// The query every first list page sends.
pub const FIRST_PAGE: &[(&str, &str)] = &[("limit", "250")];
