//! Every retry path of the transport, asserted on what the server received:
//! request counts, the spacing of arrivals, and which methods are repeated.
//!
//! The server is real (wiremock on 127.0.0.1), so the clock is real too:
//! spacing is only ever checked from below (a wait was at least this long).
//! That something did not wait long is shown by counts and outcomes instead
//! (a server wait above `max_retry_after` is never retried, so a successful
//! retry proves the long reading was not taken); exact waits are checked
//! with tokio's paused clock in `hardening_timing.rs` and the unit tests of
//! `retry.rs`.

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
}

#[tokio::test]
async fn a_retry_after_beyond_max_retry_after_is_not_retried_early() {
    let api = MockApi::start().await;
    let in_an_hour = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(3600));
    let log = rate_limited_once(&api, "retry-after", in_an_hour).await;
    let policy = fast_retry().max_retry_after(Duration::from_millis(400));
    let err = client_with(&api, policy)
        .send_json::<serde_json::Value>(get("things"))
        .await
        .unwrap_err();
    // Not cut down to 400 ms and sent again: the caller gets the error and
    // the server's full wait, to reschedule.
    assert_eq!(log.count(), 1);
    match &err {
        Error::RateLimited { retry_after, .. } => {
            let wait = retry_after.expect("the server's wait is kept");
            assert!(wait > Duration::from_secs(3500), "{wait:?}");
        }
        other => panic!("expected RateLimited, got {other:?}"),
    }
}

#[tokio::test]
async fn retry_after_http_date_in_the_past_means_the_normal_backoff() {
    let api = MockApi::start().await;
    let past = httpdate::fmt_http_date(SystemTime::now() - Duration::from_secs(60));
    let log = rate_limited_once(&api, "retry-after", past).await;
    // A past date is no instruction: the 1.5 s backoff applies, so a server
    // that keeps saying "now" is not hammered.
    let policy = fixed_backoff(2, Duration::from_millis(1500), Duration::from_millis(1500));
    client_with(&api, policy)
        .send_json::<serde_json::Value>(get("things"))
        .await
        .unwrap();
    assert_eq!(log.count(), 2);
    let gap = log.gaps()[0];
    assert!(gap >= Duration::from_millis(1490), "retried after {gap:?}");
}

#[tokio::test]
async fn retry_after_zero_means_the_normal_backoff() {
    let api = MockApi::start().await;
    let log = rate_limited_once(&api, "retry-after", "0".into()).await;
    let policy = fixed_backoff(2, Duration::from_millis(700), Duration::from_millis(700));
    client_with(&api, policy)
        .send_json::<serde_json::Value>(get("things"))
        .await
        .unwrap();
    assert_eq!(log.count(), 2);
    let gap = log.gaps()[0];
    assert!(gap >= Duration::from_millis(690), "retried after {gap:?}");
}

#[tokio::test]
async fn a_server_wait_with_jitter_is_never_shorter_than_asked() {
    let api = MockApi::start().await;
    let log = rate_limited_once(&api, "retry-after", "0.8".into()).await;
    // Jitter on: the extra goes on top of the server's wait, never below it.
    let policy = fast_retry()
        .jitter(true)
        .max_backoff(Duration::from_millis(200));
    client_with(&api, policy)
        .send_json::<serde_json::Value>(get("things"))
        .await
        .unwrap();
    assert_eq!(log.count(), 2);
    let gap = log.gaps()[0];
    assert!(gap >= Duration::from_millis(790), "retried after {gap:?}");
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
    // Read as "until 800 ms after the 429", not as the 10 ms backoff. The
    // lower bound leaves room for a slow machine between server and client.
    // Read as 1.7e12 seconds it would exceed `max_retry_after` (2 s) and the
    // call would have failed without a retry.
    assert!(gap >= Duration::from_millis(500), "retried after {gap:?}");
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
    // The reset header's 30 s is above `max_retry_after` (2 s): had it won,
    // the call would have failed without a retry.
    client(&api)
        .send_json::<serde_json::Value>(get("things"))
        .await
        .unwrap();
    assert_eq!(log.count(), 2);
    let gap = log.gaps()[0];
    assert!(gap >= Duration::from_millis(290), "retried after {gap:?}");
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
    // The 10 ms backoff, not 30 s: a 30 s wait is above `max_retry_after`
    // (2 s) and would have ended the call without a retry.
    assert_eq!(log.count(), 2);
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
}

/// A server that accepts connections and closes them at once, counting them.
fn hang_up_server() -> (url::Url, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap())
        .parse()
        .unwrap();
    let accepted = std::sync::Arc::new(AtomicUsize::new(0));
    let count = accepted.clone();
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            count.fetch_add(1, Ordering::SeqCst);
            drop(conn);
        }
    });
    (url, accepted)
}

#[tokio::test]
async fn a_transport_failure_with_retries_off_is_sent_once() {
    let (url, accepted) = hang_up_server();
    let policy = fixed_backoff(1, Duration::from_millis(10), Duration::from_millis(10));
    let client = Client::builder(url).retry(policy).build().unwrap();
    let err = client.send_empty(get("things")).await.unwrap_err();
    assert!(matches!(&err, Error::Transport(_)), "{err:?}");
    assert!(err.is_retryable(), "retryable, yet not retried");
    assert_eq!(accepted.load(std::sync::atomic::Ordering::SeqCst), 1);
    // The same failure with retries on is sent again: the count above is
    // the policy's doing.
    let (url, accepted) = hang_up_server();
    let policy = fixed_backoff(3, Duration::from_millis(10), Duration::from_millis(10));
    let client = Client::builder(url).retry(policy).build().unwrap();
    client.send_empty(get("things")).await.unwrap_err();
    assert_eq!(accepted.load(std::sync::atomic::Ordering::SeqCst), 3);
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
    // Lower bounds only (a real clock on a loaded machine); the exact
    // values, cap included, are checked in `retry.rs`'s unit tests.
    for (gap, expected) in gaps.iter().zip([150u128, 300, 400]) {
        assert!(
            ms(*gap) >= expected,
            "gaps {gaps:?}, expected at least {expected} ms"
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
    let err = client_with(&api, policy)
        .send_empty(get("x"))
        .await
        .unwrap_err();
    assert_eq!(log.count(), 3);
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
    // The jittered path end to end: four retries, every attempt arrives.
    // That each wait stays under its 100 ms ceiling is checked without a
    // real clock in `retry.rs`'s unit tests.
    let policy =
        fixed_backoff(5, Duration::from_millis(100), Duration::from_millis(100)).jitter(true);
    client_with(&api, policy)
        .send_empty(get("x"))
        .await
        .unwrap();
    assert_eq!(log.count(), 5);
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
