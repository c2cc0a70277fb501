//! Every retry path of the transport, asserted on what the server received:
//! request counts, the spacing of arrivals, and which methods are repeated.

mod support;

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use affiliate_common::test_util::{MockApi, fast_retry};
use affiliate_common::{ApiPath, Client, Error, Idempotency, Request, RetryPolicy};
use support::{Log, client, client_with, dead_port, fixed_backoff, mount_all, ok, status};
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn get(p: &str) -> Request {
    Request::get(ApiPath::new(p))
}

/// A 429 carrying `name: value`, then 200s.
async fn rate_limited_once(api: &MockApi, name: &'static str, value: String) -> Log {
    rate_limited_once_with(api, name, move || value.clone()).await
}

/// A 429 carrying `name: value()`, the value computed when the 429 is sent
/// (absolute times stay relative to the response, however slow the machine).
async fn rate_limited_once_with(
    api: &MockApi,
    name: &'static str,
    value: impl Fn() -> String + Send + Sync + 'static,
) -> Log {
    let log = Log::new();
    mount_all(
        api,
        log.responder(move |i, _| match i {
            0 => (
                status(429).insert_header(name, value().as_str()),
                Duration::ZERO,
            ),
            _ => ok(serde_json::json!({ "ok": true })),
        }),
    )
    .await;
    log
}

/// Unix time in milliseconds, `ahead` from now.
fn epoch_ms_in(ahead: Duration) -> String {
    (SystemTime::now() + ahead)
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis()
        .to_string()
}

fn ms(d: Duration) -> u128 {
    d.as_millis()
}

#[tokio::test]
async fn retry_after_delta_seconds_on_429_is_waited_out() {
    let api = MockApi::start().await;
    let log = rate_limited_once(&api, "retry-after", "1".into()).await;
    let resp = client(&api)
        .send_json::<serde_json::Value>(get("things"))
        .await
        .unwrap();
    assert_eq!(resp.meta.attempts, 2);
    assert_eq!(log.count(), 2);
    let gap = log.gaps()[0];
    // The backoff alone would be 10 ms: the wait is the server's.
    assert!(gap >= Duration::from_millis(980), "retried after {gap:?}");
    assert!(gap < Duration::from_secs(3), "retried after {gap:?}");
}

#[tokio::test]
async fn retry_after_http_date_in_the_future_is_honoured_up_to_the_clamp() {
    let api = MockApi::start().await;
    let in_an_hour = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(3600));
    let log = rate_limited_once(&api, "retry-after", in_an_hour).await;
    let policy = fast_retry().max_retry_after(Duration::from_millis(400));
    let resp = client_with(&api, policy)
        .send_json::<serde_json::Value>(get("things"))
        .await
        .unwrap();
    assert_eq!(resp.meta.attempts, 2);
    assert_eq!(log.count(), 2);
    let gap = log.gaps()[0];
    // Parsed (the 10 ms backoff was not used) and clamped to 400 ms.
    assert!(gap >= Duration::from_millis(390), "retried after {gap:?}");
    assert!(gap < Duration::from_millis(2000), "retried after {gap:?}");
}

#[tokio::test]
async fn retry_after_http_date_in_the_past_means_retry_now() {
    let api = MockApi::start().await;
    let past = httpdate::fmt_http_date(SystemTime::now() - Duration::from_secs(60));
    let log = rate_limited_once(&api, "retry-after", past).await;
    // A backoff of 1.5 s would be used if the date were ignored.
    let policy = fixed_backoff(2, Duration::from_millis(1500), Duration::from_millis(1500));
    client_with(&api, policy)
        .send_json::<serde_json::Value>(get("things"))
        .await
        .unwrap();
    assert_eq!(log.count(), 2);
    let gap = log.gaps()[0];
    assert!(gap < Duration::from_millis(1000), "retried after {gap:?}");
}

#[tokio::test]
async fn retry_after_epoch_milliseconds_is_an_absolute_time() {
    let api = MockApi::start().await;
    let log = rate_limited_once_with(&api, "retry-after", || {
        epoch_ms_in(Duration::from_millis(800))
    })
    .await;
    client(&api)
        .send_json::<serde_json::Value>(get("things"))
        .await
        .unwrap();
    assert_eq!(log.count(), 2);
    let gap = log.gaps()[0];
    // Read as "until 800 ms after the 429", not as 1.7e12 seconds (which
    // the 2 s clamp would turn into 2 s) and not as the 10 ms backoff. The
    // lower bound leaves room for a slow machine between server and client.
    assert!(gap >= Duration::from_millis(500), "retried after {gap:?}");
    assert!(gap < Duration::from_millis(1900), "retried after {gap:?}");
}

#[tokio::test]
async fn x_ratelimit_reset_on_a_429_is_the_wait() {
    let api = MockApi::start().await;
    let log = rate_limited_once(&api, "x-ratelimit-reset", "0.6".into()).await;
    client(&api)
        .send_json::<serde_json::Value>(get("things"))
        .await
        .unwrap();
    assert_eq!(log.count(), 2);
    let gap = log.gaps()[0];
    assert!(gap >= Duration::from_millis(590), "retried after {gap:?}");
    assert!(gap < Duration::from_millis(2000), "retried after {gap:?}");
}

#[tokio::test]
async fn x_ratelimit_reset_as_epoch_milliseconds_on_a_429() {
    let api = MockApi::start().await;
    let log = rate_limited_once_with(&api, "x-ratelimit-reset", || {
        epoch_ms_in(Duration::from_millis(800))
    })
    .await;
    client(&api)
        .send_json::<serde_json::Value>(get("things"))
        .await
        .unwrap();
    assert_eq!(log.count(), 2);
    let gap = log.gaps()[0];
    assert!(gap >= Duration::from_millis(500), "retried after {gap:?}");
    assert!(gap < Duration::from_millis(1900), "retried after {gap:?}");
}

#[tokio::test]
async fn retry_after_wins_over_x_ratelimit_reset() {
    let api = MockApi::start().await;
    let log = Log::new();
    mount_all(
        &api,
        log.responder(|i, _| match i {
            0 => (
                status(429)
                    .insert_header("retry-after", "0.3")
                    .insert_header("x-ratelimit-reset", "30"),
                Duration::ZERO,
            ),
            _ => ok(serde_json::json!({})),
        }),
    )
    .await;
    client(&api)
        .send_json::<serde_json::Value>(get("things"))
        .await
        .unwrap();
    let gap = log.gaps()[0];
    assert!(gap >= Duration::from_millis(290), "retried after {gap:?}");
    assert!(gap < Duration::from_millis(1500), "retried after {gap:?}");
}

#[tokio::test]
async fn x_ratelimit_reset_on_a_503_is_not_a_wait() {
    let api = MockApi::start().await;
    let log = Log::new();
    mount_all(
        &api,
        log.responder(|i, _| match i {
            0 => (
                status(503).insert_header("x-ratelimit-reset", "30"),
                Duration::ZERO,
            ),
            _ => ok(serde_json::json!({})),
        }),
    )
    .await;
    client(&api)
        .send_json::<serde_json::Value>(get("things"))
        .await
        .unwrap();
    assert_eq!(log.count(), 2);
    // The 10 ms backoff, not 30 s (which the clamp would cut to 2 s).
    assert!(log.gaps()[0] < Duration::from_millis(1000));
}

#[tokio::test]
async fn retry_after_on_a_503_is_honoured() {
    let api = MockApi::start().await;
    let log = Log::new();
    mount_all(
        &api,
        log.responder(|i, _| match i {
            0 => (
                status(503).insert_header("retry-after", "0.5"),
                Duration::ZERO,
            ),
            _ => ok(serde_json::json!({})),
        }),
    )
    .await;
    client(&api)
        .send_json::<serde_json::Value>(get("things"))
        .await
        .unwrap();
    assert_eq!(log.count(), 2);
    assert!(
        log.gaps()[0] >= Duration::from_millis(490),
        "{:?}",
        log.gaps()
    );
}

#[tokio::test]
async fn persistent_429_ends_as_rate_limited_after_max_attempts() {
    let api = MockApi::start().await;
    let log = Log::new();
    mount_all(
        &api,
        log.responder(|_, _| {
            (
                ResponseTemplate::new(429)
                    .insert_header("retry-after", "0.05")
                    .insert_header("x-request-id", "req_429")
                    .set_body_json(
                        serde_json::json!({"code": "too_many_calls", "message": "slow down"}),
                    ),
                Duration::ZERO,
            )
        }),
    )
    .await;
    let err = client(&api)
        .send_json::<serde_json::Value>(get("things"))
        .await
        .unwrap_err();
    assert_eq!(log.count(), 3, "fast_retry allows 3 attempts");
    match &err {
        Error::RateLimited { retry_after, error } => {
            assert_eq!(*retry_after, Some(Duration::from_millis(50)));
            assert_eq!(error.code.as_deref(), Some("too_many_calls"));
            assert_eq!(error.message, "slow down");
        }
        other => panic!("expected RateLimited, got {other:?}"),
    }
    assert_eq!(err.status().map(|s| s.as_u16()), Some(429));
    assert_eq!(err.request_id(), Some("req_429"));
    assert_eq!(err.retry_after(), Some(Duration::from_millis(50)));
    assert!(err.is_retryable());
}

#[tokio::test]
async fn a_503_is_retried_until_it_succeeds() {
    let api = MockApi::start().await;
    let log = Log::new();
    mount_all(
        &api,
        log.responder(|i, _| match i {
            0 | 1 => (status(503), Duration::ZERO),
            _ => ok(serde_json::json!({ "n": 1 })),
        }),
    )
    .await;
    let resp = client(&api)
        .send_json::<serde_json::Value>(get("things"))
        .await
        .unwrap();
    assert_eq!(resp.body, serde_json::json!({ "n": 1 }));
    assert_eq!(resp.meta.attempts, 3);
    assert_eq!(log.count(), 3);
    assert!(
        log.hits()
            .iter()
            .all(|h| h.method == "GET" && h.path == "/things")
    );
}

#[tokio::test]
async fn a_persistent_503_fails_after_exactly_max_attempts() {
    let api = MockApi::start().await;
    let log = Log::new();
    mount_all(&api, log.responder(|_, _| (status(503), Duration::ZERO))).await;
    let policy = fast_retry().max_attempts(4);
    let err = client_with(&api, policy)
        .send_json::<serde_json::Value>(get("things"))
        .await
        .unwrap_err();
    assert_eq!(log.count(), 4);
    assert!(
        matches!(&err, Error::Api(e) if e.status.as_u16() == 503),
        "{err:?}"
    );
    assert!(err.is_retryable());
}

#[tokio::test]
async fn every_retryable_status_is_retried_once_then_succeeds() {
    for code in [408u16, 429, 500, 502, 503, 504] {
        let api = MockApi::start().await;
        let log = Log::new();
        mount_all(
            &api,
            log.responder(move |i, _| match i {
                0 => (
                    status(code).insert_header("retry-after", "0"),
                    Duration::ZERO,
                ),
                _ => ok(serde_json::json!({})),
            }),
        )
        .await;
        let resp = client(&api)
            .send_json::<serde_json::Value>(get("x"))
            .await
            .unwrap_or_else(|e| panic!("{code}: {e}"));
        assert_eq!(resp.meta.attempts, 2, "status {code}");
        assert_eq!(log.count(), 2, "status {code}");
    }
}

#[tokio::test]
async fn client_errors_and_501_are_not_retried() {
    for code in [400u16, 401, 403, 404, 409, 422, 501] {
        let api = MockApi::start().await;
        let log = Log::new();
        mount_all(
            &api,
            log.responder(move |_, _| (status(code), Duration::ZERO)),
        )
        .await;
        let err = client(&api)
            .send_json::<serde_json::Value>(get("x"))
            .await
            .unwrap_err();
        assert_eq!(log.count(), 1, "status {code} must not be retried");
        assert_eq!(err.status().map(|s| s.as_u16()), Some(code));
        assert!(!err.is_retryable(), "status {code}");
    }
}

#[tokio::test]
async fn connection_refused_is_retried_with_backoff_then_reported_as_transport() {
    let url = format!("http://127.0.0.1:{}/", dead_port())
        .parse()
        .unwrap();
    let policy = fixed_backoff(3, Duration::from_millis(100), Duration::from_millis(200));
    let client = Client::builder(url).retry(policy).build().unwrap();
    let started = Instant::now();
    let err = client
        .send_json::<serde_json::Value>(get("things"))
        .await
        .unwrap_err();
    let elapsed = started.elapsed();
    assert!(
        matches!(&err, Error::Transport(e) if e.is_connect()),
        "{err:?}"
    );
    assert!(err.is_retryable());
    assert_eq!(err.status(), None);
    // Three attempts, with 100 ms and 200 ms between them.
    assert!(
        elapsed >= Duration::from_millis(300),
        "gave up after {elapsed:?}"
    );
    assert!(
        elapsed < Duration::from_secs(5),
        "gave up after {elapsed:?}"
    );
}

#[tokio::test]
async fn connection_refused_with_retries_off_fails_at_once() {
    let url = format!("http://127.0.0.1:{}/", dead_port())
        .parse()
        .unwrap();
    let policy = fixed_backoff(1, Duration::from_millis(500), Duration::from_millis(500));
    let client = Client::builder(url).retry(policy).build().unwrap();
    let started = Instant::now();
    let err = client.send_empty(get("things")).await.unwrap_err();
    assert!(
        matches!(&err, Error::Transport(e) if e.is_connect()),
        "{err:?}"
    );
    assert!(started.elapsed() < Duration::from_millis(400));
}

/// The first attempt finds nothing listening; the server comes up during
/// the backoff; the retry reaches it. Even a POST is retried here, since the
/// refused attempt never reached a server.
#[tokio::test]
async fn a_post_is_retried_after_connection_refused_and_arrives_once() {
    let port = dead_port();
    let url = format!("http://127.0.0.1:{port}/").parse().unwrap();
    let policy = fixed_backoff(3, Duration::from_millis(400), Duration::from_millis(400));
    let client = Client::builder(url).retry(policy).build().unwrap();
    let req = Request::post(ApiPath::new("v1/orders"))
        .json(&serde_json::json!({"amount": 5}))
        .unwrap();
    let start_server = async move {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let listener = std::net::TcpListener::bind(("127.0.0.1", port)).unwrap();
        let server = MockServer::builder().listener(listener).start().await;
        Mock::given(method("POST"))
            .and(path("/v1/orders"))
            .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({"id": "o1"})))
            .mount(&server)
            .await;
        server
    };
    let (result, server) = tokio::join!(client.send_json::<serde_json::Value>(req), start_server);
    let resp = result.unwrap();
    assert_eq!(resp.meta.attempts, 2);
    assert_eq!(resp.body["id"], "o1");
    let received = server.received_requests().await.unwrap();
    assert_eq!(
        received.len(),
        1,
        "the POST reached the server exactly once"
    );
    assert_eq!(
        received[0].body_json::<serde_json::Value>().unwrap()["amount"],
        5
    );
}

#[tokio::test]
async fn a_post_is_not_retried_after_a_503() {
    let api = MockApi::start().await;
    let log = Log::new();
    mount_all(&api, log.responder(|_, _| (status(503), Duration::ZERO))).await;
    let req = Request::post(ApiPath::new("orders"))
        .json(&serde_json::json!({"a": 1}))
        .unwrap();
    let err = client(&api).send_empty(req).await.unwrap_err();
    assert_eq!(
        log.count(),
        1,
        "a POST that reached the server is never repeated blindly"
    );
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
}

#[tokio::test]
async fn a_post_and_a_patch_are_not_retried_after_a_429_or_500() {
    for (req, code) in [
        (Request::post(ApiPath::new("orders")), 429u16),
        (Request::post(ApiPath::new("orders")), 500),
        (Request::patch(ApiPath::new("orders/1")), 503),
        (Request::patch(ApiPath::new("orders/1")), 429),
    ] {
        let api = MockApi::start().await;
        let log = Log::new();
        mount_all(
            &api,
            log.responder(move |_, _| {
                (
                    status(code).insert_header("retry-after", "0"),
                    Duration::ZERO,
                )
            }),
        )
        .await;
        let m = req.method().clone();
        let err = client(&api).send_empty(req).await.unwrap_err();
        assert_eq!(log.count(), 1, "{m} after {code}");
        assert_eq!(err.status().map(|s| s.as_u16()), Some(code));
    }
}

#[tokio::test]
async fn an_idempotent_post_is_retried_with_the_same_body_and_key() {
    let api = MockApi::start().await;
    let log = Log::new();
    mount_all(
        &api,
        log.responder(|i, _| match i {
            0 => (status(503), Duration::ZERO),
            _ => (
                ResponseTemplate::new(201).set_body_json(serde_json::json!({"id": "o1"})),
                Duration::ZERO,
            ),
        }),
    )
    .await;
    let req = Request::post(ApiPath::new("orders"))
        .header("Idempotency-Key", "key-123")
        .unwrap()
        .json(&serde_json::json!({"amount": 5}))
        .unwrap()
        .idempotent();
    let resp = client(&api)
        .send_json::<serde_json::Value>(req)
        .await
        .unwrap();
    assert_eq!(resp.meta.attempts, 2);
    let hits = log.hits();
    assert_eq!(hits.len(), 2);
    for h in &hits {
        assert_eq!(h.method, "POST");
        assert_eq!(h.header("idempotency-key"), Some("key-123"));
        assert_eq!(h.header("content-type"), Some("application/json"));
    }
    assert_eq!(hits[0].body, hits[1].body);
    assert_eq!(hits[0].body, br#"{"amount":5}"#);
}

#[tokio::test]
async fn put_and_delete_are_retried_by_method() {
    for req in [
        Request::put(ApiPath::new("orders/1")),
        Request::delete(ApiPath::new("orders/1")),
    ] {
        let api = MockApi::start().await;
        let log = Log::new();
        mount_all(
            &api,
            log.responder(|i, _| match i {
                0 => (status(502), Duration::ZERO),
                _ => (ResponseTemplate::new(204), Duration::ZERO),
            }),
        )
        .await;
        let meta = client(&api).send_empty(req).await.unwrap();
        assert_eq!(meta.status.as_u16(), 204);
        assert_eq!(log.count(), 2);
    }
}

#[tokio::test]
async fn a_get_marked_not_idempotent_is_not_retried() {
    let api = MockApi::start().await;
    let log = Log::new();
    mount_all(&api, log.responder(|_, _| (status(503), Duration::ZERO))).await;
    let req = get("things").idempotency(Idempotency::NotIdempotent);
    client(&api).send_empty(req).await.unwrap_err();
    assert_eq!(log.count(), 1);
}

#[tokio::test]
async fn a_per_request_policy_overrides_the_client_policy() {
    let api = MockApi::start().await;
    let log = Log::new();
    mount_all(&api, log.responder(|_, _| (status(503), Duration::ZERO))).await;
    let c = client(&api);
    c.send_empty(get("a").retry(RetryPolicy::none()))
        .await
        .unwrap_err();
    assert_eq!(log.count(), 1);
    c.send_empty(get("a").retry(fast_retry().max_attempts(5)))
        .await
        .unwrap_err();
    assert_eq!(log.count(), 1 + 5);
}

#[tokio::test]
async fn backoff_without_jitter_is_exact_doubling_up_to_the_cap() {
    let api = MockApi::start().await;
    let log = Log::new();
    mount_all(
        &api,
        log.responder(|i, _| match i {
            0..=2 => (status(503), Duration::ZERO),
            _ => ok(serde_json::json!({})),
        }),
    )
    .await;
    // 150 ms, 300 ms, then 600 ms capped to 400 ms.
    let policy = fixed_backoff(4, Duration::from_millis(150), Duration::from_millis(400));
    let resp = client_with(&api, policy)
        .send_empty(get("x"))
        .await
        .unwrap();
    assert_eq!(resp.attempts, 4);
    let gaps = log.gaps();
    assert_eq!(gaps.len(), 3);
    for (gap, expected) in gaps.iter().zip([150u128, 300, 400]) {
        assert!(
            ms(*gap) >= expected && ms(*gap) < expected + 190,
            "gaps {gaps:?}, expected about {expected} ms"
        );
    }
}

#[tokio::test]
async fn the_total_budget_stops_retries_before_it_is_spent() {
    let api = MockApi::start().await;
    let log = Log::new();
    mount_all(&api, log.responder(|_, _| (status(503), Duration::ZERO))).await;
    // Attempts at ~0, ~200 and ~400 ms; a fourth would start after the
    // 500 ms budget, so the call gives up instead of sleeping into it.
    let policy = fixed_backoff(10, Duration::from_millis(200), Duration::from_millis(200))
        .total_budget(Some(Duration::from_millis(500)));
    let started = Instant::now();
    let err = client_with(&api, policy)
        .send_empty(get("x"))
        .await
        .unwrap_err();
    assert_eq!(log.count(), 3);
    assert!(
        started.elapsed() < Duration::from_millis(700),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
}

#[tokio::test]
async fn jitter_keeps_waits_under_the_ceiling() {
    let api = MockApi::start().await;
    let log = Log::new();
    mount_all(
        &api,
        log.responder(|i, _| match i {
            0..=3 => (status(500), Duration::ZERO),
            _ => ok(serde_json::json!({})),
        }),
    )
    .await;
    let policy =
        fixed_backoff(5, Duration::from_millis(100), Duration::from_millis(100)).jitter(true);
    let started = Instant::now();
    client_with(&api, policy)
        .send_empty(get("x"))
        .await
        .unwrap();
    assert_eq!(log.count(), 5);
    // Four waits, each at most 100 ms.
    assert!(
        started.elapsed() < Duration::from_millis(400 + 400),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn mock_matchers_see_the_retried_requests_too() {
    // The same flow through plain wiremock mocks: one 503, then the 200.
    let api = MockApi::start().await;
    Mock::given(any())
        .respond_with(status(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(api.server())
        .await;
    Mock::given(method("GET"))
        .and(path("/x"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([1])))
        .expect(1)
        .mount(api.server())
        .await;
    let v = client(&api)
        .send_json::<Vec<u8>>(get("x"))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(v, [1]);
    assert_eq!(api.received().await.len(), 2);
}
