//! Hostile wait headers and degenerate timing settings end to end: no input
//! or setting panics the client (a spawned page task included), absurd
//! server waits are not retried early, and "retry now" does not mean "retry
//! at once".
//!
//! Against the real-clock mock server only counts, outcomes and lower bounds
//! are asserted; exact schedules are checked under tokio's paused clock on
//! the limiter, which involves no I/O.

mod support;

use std::time::Duration;

use affiliate_common::pagination::PageNumber;
use affiliate_common::test_util::{MockApi, fast_retry};
use affiliate_common::{
    ApiPath, Client, Error, Paginator, RateLimit, RateLimiter, Request, RetryPolicy, Strategy,
};
use futures::TryStreamExt as _;
use serde_json::json;
use support::{ListBody, Log, client, client_with, mount_all, ok, recs, status};
use wiremock::ResponseTemplate;

const THIRTY_YEARS_ISH: Duration = Duration::from_secs(86_400 * 365 * 29);

fn get(p: &str) -> Request {
    Request::get(ApiPath::new(p))
}

/// Values a hostile or broken server may put in a wait header, and whether
/// each is a (far too long) wait or no instruction at all.
fn hostile_waits() -> Vec<(String, bool)> {
    vec![
        ("1e23".into(), true),
        ("1e309".into(), true),
        ("9".repeat(300), true),
        ("18446744073709551616000000".into(), true),
        ("Fri, 31 Dec 9999 23:59:59 GMT".into(), true),
        ("inf".into(), false),
        ("NaN".into(), false),
        ("-0".into(), false),
        ("-1e23".into(), false),
        ("".into(), false),
    ]
}

/// The case: `X-RateLimit-Reset: 1e23` on a *success*, read inside
/// the spawned task that fetches a page.
#[tokio::test]
async fn a_huge_reset_header_on_a_page_does_not_panic_the_page_task() {
    for (value, long) in hostile_waits() {
        let api = MockApi::start().await;
        let v = value.clone();
        mount_all(
            &api,
            Log::new().responder(move |_, req| {
                let page: u64 = support::q(req, "page").unwrap().parse().unwrap();
                let t = ResponseTemplate::new(200)
                    .set_body_json(
                        json!({ "items": recs(page * 2, page * 2 + 2), "total_pages": 3 }),
                    )
                    .insert_header("x-ratelimit-remaining", "100")
                    .insert_header("x-ratelimit-reset", v.as_str());
                (t, Duration::ZERO)
            }),
        )
        .await;
        let pages: Vec<_> = Paginator::<ListBody>::new(
            client(&api),
            get("items"),
            Strategy::PageNumber(PageNumber::new("page")),
        )
        .pages()
        .try_collect()
        .await
        .unwrap_or_else(|e| panic!("{value:?}: {e}"));
        assert_eq!(pages.len(), 3, "{value:?}");
        let reset = pages[0].meta.rate_limit.reset;
        if long {
            assert!(reset.unwrap() > THIRTY_YEARS_ISH, "{value:?}: {reset:?}");
        } else {
            assert!(reset.is_none_or(|r| r.is_zero()), "{value:?}: {reset:?}");
        }
    }
}

#[tokio::test]
async fn hostile_retry_after_values_on_a_429_never_panic() {
    for (value, long) in hostile_waits() {
        let api = MockApi::start().await;
        let log = Log::new();
        let v = value.clone();
        mount_all(
            &api,
            log.responder(move |i, _| match i {
                0 => (
                    status(429)
                        .insert_header("retry-after", v.as_str())
                        .insert_header("x-ratelimit-reset", v.as_str()),
                    Duration::ZERO,
                ),
                _ => ok(json!({})),
            }),
        )
        .await;
        let c = client(&api);
        let result = c.send_json::<serde_json::Value>(get("x")).await;
        if long {
            // Far above `max_retry_after`: not retried, the wait is kept.
            match result {
                Err(Error::RateLimited { retry_after, .. }) => {
                    assert!(retry_after.unwrap() > THIRTY_YEARS_ISH, "{value:?}");
                }
                other => panic!("{value:?}: expected RateLimited, got {other:?}"),
            }
            assert_eq!(log.count(), 1, "{value:?}");
            // Other requests of the client hold back for `max_retry_after`
            // (fast_retry: 2 s), not for the server's absurd wait.
            let held = c.limiter().paused_for().unwrap_or_default();
            assert!(held <= Duration::from_secs(2), "{value:?}: {held:?}");
        } else {
            // No instruction: the normal backoff, then the retry.
            result.unwrap_or_else(|e| panic!("{value:?}: {e}"));
            assert_eq!(log.count(), 2, "{value:?}");
        }
    }
}

/// `max_retry_after(Duration::MAX)` honours any wait: the pause and the
/// budget arithmetic must saturate instead of overflowing the clock.
#[tokio::test]
async fn an_unbounded_max_retry_after_does_not_overflow_the_clock() {
    let api = MockApi::start().await;
    let log = Log::new();
    mount_all(
        &api,
        log.responder(|_, _| {
            (
                status(429).insert_header("retry-after", "1e23"),
                Duration::ZERO,
            )
        }),
    )
    .await;
    let policy = fast_retry()
        .max_retry_after(Duration::MAX)
        .max_backoff(Duration::MAX)
        .jitter(true)
        .total_budget(Some(Duration::from_secs(60)));
    let c = client_with(&api, policy);
    let err = c.send_empty(get("x")).await.unwrap_err();
    // The wait is honoured (not refused), but it does not fit the budget.
    assert!(matches!(err, Error::RateLimited { .. }), "{err:?}");
    assert_eq!(log.count(), 1);
    let held = c.limiter().paused_for().unwrap();
    assert!(held > THIRTY_YEARS_ISH, "paused for {held:?}");
}

#[tokio::test]
async fn degenerate_rate_limits_do_not_panic_the_client() {
    let api = MockApi::start().await;
    let log = Log::new();
    mount_all(&api, log.responder(|_, _| ok(json!({})))).await;
    let mut zero = RateLimit::per_second(5);
    zero.requests = 0;
    let mut no_burst = RateLimit::per_second(5);
    no_burst.burst = 0;
    let mut no_slots = RateLimit::per_second(5);
    no_slots.max_in_flight = 0;
    let mut no_period = RateLimit::per_second(5);
    no_period.period = Duration::ZERO;
    let huge = RateLimit::new(3, Duration::MAX);
    for limit in [zero, no_burst, no_slots, no_period, huge] {
        let c = Client::builder(api.url())
            .retry(fast_retry())
            .rate_limit(limit.clone())
            .build()
            .unwrap();
        c.send_empty(get("x"))
            .await
            .unwrap_or_else(|e| panic!("{limit:?}: {e}"));
    }
    assert_eq!(log.count(), 5);
}

/// The schedule of acquisitions on a fresh limiter, as offsets from the
/// first, under the paused clock.
async fn schedule(limit: RateLimit, n: usize) -> Vec<Duration> {
    let limiter = RateLimiter::new(limit);
    let start = tokio::time::Instant::now();
    let mut at = Vec::new();
    for _ in 0..n {
        drop(limiter.acquire().await);
        at.push(start.elapsed());
    }
    at
}

#[tokio::test(start_paused = true)]
async fn zero_requests_per_period_is_one_per_period() {
    let secs = Duration::from_secs;
    let mut r = RateLimit::per_minute(10);
    r.requests = 0;
    r.burst = 0;
    assert_eq!(schedule(r, 3).await, [secs(0), secs(60), secs(120)]);
}

#[tokio::test(start_paused = true)]
async fn an_endless_pause_holds_and_saturates() {
    let limiter = RateLimiter::new(RateLimit::unlimited());
    limiter.pause_for(Duration::MAX);
    limiter.pause_for(Duration::MAX);
    let held = limiter.paused_for().unwrap();
    assert!(held > THIRTY_YEARS_ISH, "{held:?}");
    let l2 = limiter.clone();
    let waiter = tokio::spawn(async move { drop(l2.acquire().await) });
    tokio::time::sleep(Duration::from_secs(365 * 86_400)).await;
    assert!(!waiter.is_finished(), "still held a year later");
    waiter.abort();
}

#[test]
fn server_waits_follow_the_documented_rules() {
    let p = RetryPolicy::default()
        .jitter(false)
        .initial_backoff(Duration::from_millis(300))
        .max_retry_after(Duration::from_secs(10));
    // Zero is no instruction: the backoff.
    assert_eq!(
        p.delay(1, Some(Duration::ZERO)),
        Some(Duration::from_millis(300))
    );
    // Within the limit: in full.
    assert_eq!(
        p.delay(1, Some(Duration::from_secs(10))),
        Some(Duration::from_secs(10))
    );
    // Beyond it: not retried.
    assert_eq!(p.delay(1, Some(Duration::from_secs(11))), None);
    // With jitter: never less than asked, at most a quarter more.
    let p = p.jitter(true);
    for _ in 0..200 {
        let d = p.delay(1, Some(Duration::from_secs(8))).unwrap();
        assert!(
            d >= Duration::from_secs(8) && d <= Duration::from_secs(10),
            "{d:?}"
        );
    }
}
