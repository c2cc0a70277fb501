//! Shared set-up of the wiremock tests: a `MockApi` under `/api/v2`, a
//! vendor client (Basic `pk_test:sk_test`) and a partner client (Bearer),
//! both with a fast retry policy, and a strict request expectation.

#![allow(dead_code)]

pub use affiliate_common::test_util::{ExactQuery, NoBody};
use affiliate_common::test_util::{MockApi, fast_retry, fixture};
use partnerstack::{Client, PartnerClient};
use serde_json::Value;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, ResponseTemplate};

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

/// One expected request.
pub struct Expect<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub query: &'a [(&'a str, &'a str)],
    pub auth: &'a str,
    pub body: Option<Value>,
    pub status: u16,
    pub response: Value,
}

impl<'a> Expect<'a> {
    pub fn new(method: &'a str, path: &'a str, response: Value) -> Self {
        Expect {
            method,
            path,
            query: &[],
            auth: BASIC,
            body: None,
            status: 200,
            response,
        }
    }

    pub fn query(mut self, q: &'a [(&'a str, &'a str)]) -> Self {
        self.query = q;
        self
    }

    pub fn body(mut self, b: Value) -> Self {
        self.body = Some(b);
        self
    }

    pub fn auth(mut self, a: &'a str) -> Self {
        self.auth = a;
        self
    }

    pub fn status(mut self, s: u16) -> Self {
        self.status = s;
        self
    }

    /// Mounts the mock, expecting exactly one matching request: method,
    /// full path, exact query, auth header, User-Agent and JSON body (or
    /// no body at all).
    pub async fn mount(self, api: &Api) {
        let full = format!("/api/v2{}", self.path);
        let mut m = Mock::given(method(self.method))
            .and(path(full.as_str()))
            .and(ExactQuery::new(self.query))
            .and(header("authorization", self.auth))
            .and(header("user-agent", partnerstack::client::USER_AGENT));
        m = match self.body {
            Some(b) => m.and(body_json(b)),
            None => m.and(NoBody),
        };
        m.respond_with(ResponseTemplate::new(self.status).set_body_json(self.response))
            .expect(1)
            .mount(api.mock.server())
            .await;
    }
}

/// The query every first list page sends.
pub const FIRST_PAGE: &[(&str, &str)] = &[("limit", "250")];
