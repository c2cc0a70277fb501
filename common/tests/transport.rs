//! The transport as the server sees it: percent-encoded path segments, auth
//! and default headers, bodies, the caller's own `reqwest::Client`, the
//! `get_json` escape hatch, `ResponseMeta`, envelopes, base-URL checks and
//! the `MockApi` catch-all.

mod support;

use std::time::Duration;

use affiliate_common::test_util::{MockApi, fast_retry, fixture};
use affiliate_common::{ApiPath, Auth, Client, Envelope, Error, Request};
use serde::Deserialize;
use support::{Log, client, fixtures, mount_all, ok, status};
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, ResponseTemplate};

async fn recording(api: &MockApi) -> Log {
    let log = Log::new();
    mount_all(api, log.responder(|_, _| ok(serde_json::json!({})))).await;
    log
}

#[tokio::test]
async fn caller_ids_stay_inside_one_path_segment() {
    let api = MockApi::start().await;
    let log = recording(&api).await;
    let client = Client::builder(api.url_with("/api/v2"))
        .retry(fast_retry())
        .build()
        .unwrap();
    let cases = [
        ("../admin", "..%2Fadmin"),
        ("a/b?c", "a%2Fb%3Fc"),
        ("%2F", "%252F"),
        ("café/ü", "caf%C3%A9%2F%C3%BC"),
        ("a b#c&d=e", "a%20b%23c%26d%3De"),
        ("...", "..."),
        ("key_1-x.y~z", "key_1-x.y~z"),
    ];
    for (id, _) in cases {
        let p = ApiPath::new("partnerships")
            .param("key", id)
            .unwrap()
            .lit("rewards");
        assert_eq!(p.template(), "/partnerships/{key}/rewards");
        client.send_empty(Request::get(p)).await.unwrap();
    }
    let hits = log.hits();
    assert_eq!(hits.len(), cases.len());
    for (hit, (id, encoded)) in hits.iter().zip(cases) {
        assert_eq!(
            hit.path,
            format!("/api/v2/partnerships/{encoded}/rewards"),
            "id {id:?}"
        );
        assert!(hit.query.is_empty(), "id {id:?} leaked into the query");
        // Decoding the one segment gives the caller's id back.
        let segs: Vec<_> = hit.path.split('/').collect();
        assert_eq!(segs.len(), 6, "id {id:?} split the path: {}", hit.path);
        let back = percent_encoding::percent_decode_str(segs[4])
            .decode_utf8()
            .unwrap();
        assert_eq!(back, id);
    }
}

#[tokio::test]
async fn ids_that_would_change_the_resource_are_refused_before_sending() {
    let api = MockApi::start().await;
    let log = recording(&api).await;
    for bad in ["", ".", ".."] {
        let err = ApiPath::new("partnerships").param("key", bad).unwrap_err();
        let Error::InvalidInput { message } = &err else {
            panic!("{err:?}")
        };
        assert!(message.contains("key"), "{message}");
    }
    let c = client(&api);
    let raw = c.get_json("partnerships/a", &[]).await;
    assert!(raw.is_ok());
    assert_eq!(log.count(), 1);
}

#[tokio::test]
async fn bearer_auth_reaches_the_server() {
    let api = MockApi::start().await;
    Mock::given(method("GET"))
        .and(path("/me"))
        .and(header("authorization", "Bearer tok_123"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"ok": true})))
        .expect(1)
        .mount(api.server())
        .await;
    let c = Client::builder(api.url())
        .auth(Auth::bearer("tok_123"))
        .build()
        .unwrap();
    c.get_json("me", &[]).await.unwrap();
}

#[tokio::test]
async fn basic_auth_reaches_the_server() {
    let api = MockApi::start().await;
    Mock::given(method("GET"))
        .and(path("/me"))
        // base64("pk_live:sk_live")
        .and(header("authorization", "Basic cGtfbGl2ZTpza19saXZl"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({})))
        .expect(1)
        .mount(api.server())
        .await;
    let c = Client::builder(api.url())
        .auth(Auth::basic("pk_live", "sk_live"))
        .build()
        .unwrap();
    c.get_json("me", &[]).await.unwrap();
}

#[tokio::test]
async fn an_api_key_header_reaches_the_server_without_an_authorization_header() {
    let api = MockApi::start().await;
    let log = recording(&api).await;
    let c = Client::builder(api.url())
        .auth(Auth::header("X-API-Key", "rh_key_1").unwrap())
        .build()
        .unwrap();
    c.get_json("lists", &[]).await.unwrap();
    let hit = &log.hits()[0];
    assert_eq!(hit.header("x-api-key"), Some("rh_key_1"));
    assert_eq!(hit.header("authorization"), None);
    assert!(!hit.path.contains("rh_key_1") && hit.query.is_empty());
}

#[tokio::test]
async fn no_auth_sends_no_credentials() {
    let api = MockApi::start().await;
    let log = recording(&api).await;
    client(&api).get_json("public", &[]).await.unwrap();
    assert_eq!(log.hits()[0].header("authorization"), None);
}

#[tokio::test]
async fn user_agent_accept_and_default_headers_are_sent() {
    let api = MockApi::start().await;
    let log = recording(&api).await;
    Client::builder(api.url())
        .build()
        .unwrap()
        .get_json("a", &[])
        .await
        .unwrap();
    Client::builder(api.url())
        .user_agent("partnerstack-rs/0.1.0")
        .default_header("IrVersion", "12")
        .unwrap()
        .build()
        .unwrap()
        .get_json("b", &[])
        .await
        .unwrap();
    let hits = log.hits();
    let ua = format!("affiliate-common/{}", env!("CARGO_PKG_VERSION"));
    assert_eq!(hits[0].header("user-agent"), Some(ua.as_str()));
    assert_eq!(hits[0].header("accept"), Some("application/json"));
    assert_eq!(hits[0].header("irversion"), None);
    assert_eq!(hits[1].header("user-agent"), Some("partnerstack-rs/0.1.0"));
    assert_eq!(hits[1].header("irversion"), Some("12"));
}

#[tokio::test]
async fn a_callers_own_reqwest_client_is_used() {
    let api = MockApi::start().await;
    let log = recording(&api).await;
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-from-shared-pool", "yes".parse().unwrap());
    let shared = reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap();
    let c = Client::builder(api.url())
        .http_client(shared)
        .auth(Auth::bearer("t"))
        .build()
        .unwrap();
    c.get_json("x", &[]).await.unwrap();
    let hit = &log.hits()[0];
    assert_eq!(hit.header("x-from-shared-pool"), Some("yes"));
    assert_eq!(
        hit.header("authorization"),
        Some("Bearer t"),
        "auth still applies"
    );
}

#[tokio::test]
async fn json_and_form_bodies_arrive_with_their_content_type() {
    let api = MockApi::start().await;
    Mock::given(method("POST"))
        .and(path("/customers"))
        .and(header("content-type", "application/json"))
        .and(body_json(serde_json::json!({"email": "a@b.c", "n": 1})))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({"id": "cus_1"})))
        .expect(1)
        .mount(api.server())
        .await;
    let log = Log::new();
    Mock::given(method("POST"))
        .and(path("/Conversions"))
        .respond_with(log.responder(|_, _| (ResponseTemplate::new(200), Duration::ZERO)))
        .mount(api.server())
        .await;
    let c = client(&api);
    let created: serde_json::Value = c
        .send_json(
            Request::post(ApiPath::new("customers"))
                .json(&serde_json::json!({"email": "a@b.c", "n": 1}))
                .unwrap(),
        )
        .await
        .unwrap()
        .into_inner();
    assert_eq!(created["id"], "cus_1");
    c.send_empty(
        Request::post(ApiPath::new("Conversions"))
            .form(&[("CampaignId", "1000"), ("EventDate", "2024-01-01 10:00")])
            .unwrap(),
    )
    .await
    .unwrap();
    let hit = &log.hits()[0];
    assert_eq!(
        hit.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(hit.body, b"CampaignId=1000&EventDate=2024-01-01+10%3A00");
}

#[tokio::test]
async fn get_json_applies_query_auth_and_retries_and_exposes_response_meta() {
    let api = MockApi::start().await;
    let log = Log::new();
    mount_all(
        &api,
        log.responder(|i, _| match i {
            0 => (status(503), Duration::ZERO),
            _ => (
                ResponseTemplate::new(200)
                    .insert_header("x-request-id", "req_meta")
                    .insert_header("x-ratelimit-limit", "600")
                    .insert_header("x-ratelimit-remaining", "598")
                    .insert_header("x-ratelimit-reset", "30")
                    .insert_header("x-custom", "kept")
                    .set_body_json(serde_json::json!({"anything": [1, 2]})),
                Duration::ZERO,
            ),
        }),
    )
    .await;
    let c = Client::builder(api.url())
        .auth(Auth::bearer("tok"))
        .retry(fast_retry())
        .build()
        .unwrap();
    let resp = c
        .get_json("v2/untyped/thing", &[("a", "1"), ("b", "x y")])
        .await
        .unwrap();
    assert_eq!(resp.body["anything"][1], 2);
    let meta = &resp.meta;
    assert_eq!(meta.status.as_u16(), 200);
    assert_eq!(meta.request_id.as_deref(), Some("req_meta"));
    assert_eq!(meta.rate_limit.limit, Some(600));
    assert_eq!(meta.rate_limit.remaining, Some(598));
    assert_eq!(meta.rate_limit.reset, Some(Duration::from_secs(30)));
    assert_eq!(meta.attempts, 2);
    assert_eq!(meta.headers.get("x-custom").unwrap(), "kept");
    let hits = log.hits();
    assert_eq!(hits.len(), 2);
    for h in &hits {
        assert_eq!(h.path, "/v2/untyped/thing");
        assert_eq!(h.q("a"), Some("1"));
        assert_eq!(h.q("b"), Some("x y"));
        assert_eq!(h.header("authorization"), Some("Bearer tok"));
    }
}

/// PartnerStack-style `{data, message, status}` success envelope.
#[derive(Deserialize)]
struct Wrapped<T> {
    data: T,
    #[allow(dead_code)]
    message: Option<String>,
}

impl<T: serde::de::DeserializeOwned + Send + 'static> Envelope for Wrapped<T> {
    type Payload = T;
    fn into_payload(self) -> T {
        self.data
    }
}

/// ReferralHero-style envelope reporting the calls left in its body.
#[derive(Deserialize)]
struct Counted {
    data: serde_json::Value,
    calls_left: Option<u64>,
}

impl Envelope for Counted {
    type Payload = serde_json::Value;
    fn into_payload(self) -> serde_json::Value {
        self.data
    }
    fn remaining_calls(&self) -> Option<u64> {
        self.calls_left
    }
}

#[tokio::test]
async fn an_envelope_unwraps_the_payload() {
    let api = MockApi::start().await;
    Mock::given(method("GET"))
        .and(path("/partnerships"))
        .and(query_param("limit", "2"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(fixture(fixtures().join("pages"), "envelope_page_2.json")),
        )
        .mount(api.server())
        .await;
    #[derive(Deserialize)]
    struct Items {
        items: Vec<support::Item>,
        has_more: bool,
    }
    let resp = client(&api)
        .send::<Wrapped<Items>>(Request::get(ApiPath::new("partnerships")).query("limit", 2))
        .await
        .unwrap();
    assert_eq!(support::ns(&resp.body.items), [3, 4]);
    assert!(!resp.body.has_more);
}

#[tokio::test]
async fn calls_left_in_the_body_are_exposed_and_zero_pauses_the_client() {
    let api = MockApi::start().await;
    let log = Log::new();
    mount_all(
        &api,
        log.responder(|_, _| {
            (
                ResponseTemplate::new(200)
                    .insert_header("x-ratelimit-reset", "0.4")
                    .set_body_json(serde_json::json!({"data": {}, "calls_left": 0})),
                Duration::ZERO,
            )
        }),
    )
    .await;
    let c = client(&api);
    let resp = c
        .send::<Counted>(Request::get(ApiPath::new("a")))
        .await
        .unwrap();
    assert_eq!(resp.meta.rate_limit.remaining, Some(0));
    assert!(
        c.limiter().paused_for().is_some(),
        "no calls left: the client waits"
    );
    c.send::<Counted>(Request::get(ApiPath::new("b")))
        .await
        .unwrap();
    let gap = log.gaps()[0];
    assert!(
        gap >= Duration::from_millis(380),
        "second call after {gap:?}"
    );
}

/// A flavour that assumes a 300 ms rate window when the API gives no reset.
#[derive(Debug)]
struct WindowHint;

impl affiliate_common::Flavor for WindowHint {
    fn window_reset_hint(&self) -> Option<Duration> {
        Some(Duration::from_millis(300))
    }
}

#[tokio::test]
async fn no_calls_left_without_a_reset_pauses_for_the_flavours_window_hint() {
    let api = MockApi::start().await;
    let log = Log::new();
    mount_all(
        &api,
        log.responder(|_, _| ok(serde_json::json!({"data": {}, "calls_left": 0}))),
    )
    .await;
    let c = Client::builder(api.url())
        .retry(affiliate_common::test_util::fast_retry())
        .flavor(WindowHint)
        .build()
        .unwrap();
    c.send::<Counted>(Request::get(ApiPath::new("a")))
        .await
        .unwrap();
    c.send::<Counted>(Request::get(ApiPath::new("b")))
        .await
        .unwrap();
    let gap = log.gaps()[0];
    assert!(
        gap >= Duration::from_millis(280),
        "second call after {gap:?}"
    );

    // Without a hint (the default flavour) nothing is assumed.
    let plain = client(&api);
    plain
        .send::<Counted>(Request::get(ApiPath::new("c")))
        .await
        .unwrap();
    assert_eq!(plain.limiter().paused_for(), None);
}

#[tokio::test]
async fn clones_share_one_state() {
    let api = MockApi::start().await;
    let a = client(&api);
    let b = a.clone();
    a.limiter().pause_for(Duration::from_secs(5));
    assert!(b.limiter().paused_for().is_some());
    assert_eq!(a.base_url(), b.base_url());
}

#[tokio::test]
async fn a_bad_base_url_is_invalid_input() {
    for url in [
        "ftp://example.com/",
        "https://user:S3CRETPW@example.com/",
        "https://example.com/api?key=1",
        "https://example.com/#frag",
    ] {
        let err = Client::builder(url.parse().unwrap()).build().unwrap_err();
        let Error::InvalidInput { message } = &err else {
            panic!("{url}: {err:?}")
        };
        assert!(!message.contains("S3CRETPW"), "{message}");
    }
    let err = Client::builder("https://example.com".parse().unwrap())
        .default_header("bad header", "v")
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput { .. }));
}

#[tokio::test]
async fn the_base_url_prefix_is_kept() {
    let api = MockApi::start().await;
    let log = recording(&api).await;
    for base in ["/api/v2", "/api/v2/"] {
        let c = Client::builder(api.url_with(base)).build().unwrap();
        c.get_json("/partnerships/", &[]).await.unwrap();
    }
    let paths: Vec<_> = log.hits().iter().map(|h| h.path.clone()).collect();
    assert_eq!(paths, ["/api/v2/partnerships", "/api/v2/partnerships"]);
}

#[tokio::test]
#[should_panic(expected = "requests matched no mock")]
async fn the_mock_api_catch_all_answers_501_and_fails_the_test() {
    let api = MockApi::start().await;
    Mock::given(method("GET"))
        .and(path("/known"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({})))
        .mount(api.server())
        .await;
    let c = client(&api);
    c.get_json("known", &[]).await.unwrap();
    let err = c.get_json("unknown", &[("x", "1")]).await.unwrap_err();
    // These run before the drop; a failure here would panic with another
    // message and fail the `should_panic(expected)`.
    assert_eq!(err.status().map(|s| s.as_u16()), Some(501));
    assert_eq!(
        err.api_error().unwrap().code.as_deref(),
        Some("unmatched_request")
    );
    assert_eq!(api.unmatched(), ["GET /unknown?x=1"]);
    assert!(!err.is_retryable(), "a 501 is not retried");
    drop(api);
}

#[tokio::test]
async fn the_mock_api_is_quiet_when_every_request_matched() {
    let api = MockApi::start().await;
    recording(&api).await;
    client(&api).get_json("a", &[]).await.unwrap();
    assert!(api.unmatched().is_empty());
    assert_eq!(api.received().await.len(), 1);
}
