//! Per-attempt timeouts and the total time budget: a slow server ends the
//! attempt with `Error::Timeout`, reads are retried, writes are not.
//!
//! The server holds its answers back far longer than the timeouts under
//! test, so a timeout that did not fire shows up as a successful call or a
//! different error, never as "too slow": durations are only checked from
//! below.

mod support;

use std::time::{Duration, Instant};

use affiliate_common::error::TimeoutKind;
use affiliate_common::test_util::{MockApi, fast_retry};
use affiliate_common::{ApiPath, Client, Error, Request};
use support::{Log, fixed_backoff, mount_all, ok};

/// Every answer held back `delay`, except answers from index `fast_from` on.
async fn slow(api: &MockApi, delay: Duration, fast_from: usize) -> Log {
    let log = Log::new();
    mount_all(
        api,
        log.responder(move |i, _| {
            let (t, _) = ok(serde_json::json!({ "ok": true }));
            (t, if i < fast_from { delay } else { Duration::ZERO })
        }),
    )
    .await;
    log
}

fn timeout_kind(err: &Error) -> TimeoutKind {
    match err {
        Error::Timeout { kind, .. } => *kind,
        other => panic!("expected a timeout, got {other:?}"),
    }
}

#[tokio::test]
async fn a_slow_get_times_out_per_attempt_and_is_retried() {
    let api = MockApi::start().await;
    let log = slow(&api, Duration::from_millis(1500), usize::MAX).await;
    let client = Client::builder(api.url())
        .timeout(Duration::from_millis(150))
        .retry(fast_retry())
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client
        .send_empty(Request::get(ApiPath::new("slow")))
        .await
        .unwrap_err();
    let elapsed = started.elapsed();
    assert_eq!(timeout_kind(&err), TimeoutKind::Attempt);
    assert!(err.is_retryable());
    assert_eq!(err.status(), None);
    let Error::Timeout {
        elapsed: attempt, ..
    } = &err
    else {
        unreachable!()
    };
    assert!(*attempt >= Duration::from_millis(150), "{attempt:?}");
    // Three attempts of 150 ms each, not one of 1.5 s: all three reached
    // the server, which holds every answer for 1.5 s.
    assert_eq!(log.count(), 3, "every attempt reached the server");
    assert!(elapsed >= Duration::from_millis(450), "{elapsed:?}");
    assert!(err.to_string().contains("per-attempt timeout"), "{err}");
}

#[tokio::test]
async fn a_get_that_times_out_once_succeeds_on_the_retry() {
    let api = MockApi::start().await;
    let log = slow(&api, Duration::from_millis(1000), 1).await;
    let client = Client::builder(api.url())
        .timeout(Duration::from_millis(150))
        .retry(fast_retry())
        .build()
        .unwrap();
    let meta = client
        .send_empty(Request::get(ApiPath::new("slow")))
        .await
        .unwrap();
    assert_eq!(meta.attempts, 2);
    assert_eq!(log.count(), 2);
}

#[tokio::test]
async fn a_post_that_times_out_is_not_repeated() {
    let api = MockApi::start().await;
    let log = slow(&api, Duration::from_millis(1000), usize::MAX).await;
    let client = Client::builder(api.url())
        .timeout(Duration::from_millis(150))
        .retry(fast_retry())
        .build()
        .unwrap();
    let req = Request::post(ApiPath::new("orders"))
        .json(&serde_json::json!({"a": 1}))
        .unwrap();
    let err = client.send_empty(req).await.unwrap_err();
    assert_eq!(timeout_kind(&err), TimeoutKind::Attempt);
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(
        log.count(),
        1,
        "the POST may have been applied: never resent"
    );
}

#[tokio::test]
async fn a_per_request_timeout_overrides_the_client_timeout() {
    let api = MockApi::start().await;
    let log = slow(&api, Duration::from_millis(1000), usize::MAX).await;
    let client = Client::builder(api.url())
        .timeout(Duration::from_secs(30))
        .retry(fast_retry().max_attempts(1))
        .build()
        .unwrap();
    // The server answers after 1 s, well inside the client's 30 s: only the
    // request's own 100 ms can make this a timeout.
    let err = client
        .send_empty(Request::get(ApiPath::new("slow")).timeout(Duration::from_millis(100)))
        .await
        .unwrap_err();
    assert_eq!(timeout_kind(&err), TimeoutKind::Attempt);
    assert_eq!(log.count(), 1);
}

#[tokio::test]
async fn the_total_budget_cuts_a_long_attempt_short() {
    let api = MockApi::start().await;
    let log = slow(&api, Duration::from_millis(2000), usize::MAX).await;
    let policy = fixed_backoff(5, Duration::from_millis(10), Duration::from_millis(10))
        .total_budget(Some(Duration::from_millis(300)));
    let client = Client::builder(api.url())
        .timeout(Duration::from_secs(10))
        .retry(policy)
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client
        .send_empty(Request::get(ApiPath::new("slow")))
        .await
        .unwrap_err();
    let elapsed = started.elapsed();
    // The 2 s answer is inside the 10 s attempt timeout: only the 300 ms
    // budget can end this call with a timeout.
    assert_eq!(timeout_kind(&err), TimeoutKind::Budget);
    assert!(elapsed >= Duration::from_millis(300), "{elapsed:?}");
    assert_eq!(log.count(), 1, "no retry once the budget is spent");
    assert!(err.to_string().contains("total time budget"), "{err}");
}
