//! Rate limiting as the server sees it: the shared 429 pause across clones,
//! the pause after "no calls left", the client-side request budget, bursts,
//! the in-flight cap and named buckets.
//!
//! Against the (real-clock) mock server, spacing is only checked from below,
//! and "not held back" is shown by the order of arrivals. Exact schedules are
//! checked on the limiter itself under tokio's paused clock.

mod support;

use std::time::{Duration, Instant};

use affiliate_common::test_util::{MockApi, fast_retry};
use affiliate_common::{ApiPath, Client, Error, RateLimit, RateLimiter, Request};
use support::{Log, mount_all, ok, status};
use wiremock::ResponseTemplate;

fn get(p: &str) -> Request {
    Request::get(ApiPath::new(p))
}

fn limited(api: &MockApi, limit: RateLimit) -> Client {
    Client::builder(api.url())
        .retry(fast_retry())
        .rate_limit(limit)
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_429_pauses_every_clone_until_the_retry_after_has_passed() {
    let api = MockApi::start().await;
    let log = Log::new();
    mount_all(
        &api,
        log.responder(|i, _| match i {
            0 => (
                status(429).insert_header("retry-after", "1"),
                Duration::ZERO,
            ),
            _ => ok(serde_json::json!({})),
        }),
    )
    .await;
    let a = Client::builder(api.url())
        .retry(fast_retry())
        .build()
        .unwrap();
    let b = a.clone();
    let first = tokio::spawn(async move { a.send_empty(get("first")).await });
    // Wait until the 429 has been seen and the pause is in force (the first
    // request cannot finish before its own 1 s wait is over).
    while b.limiter().paused_for().is_none() {
        assert!(!first.is_finished(), "the 429 never paused the client");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    // A concurrent request of a clone, on another path.
    let second = tokio::spawn(async move { b.send_empty(get("second")).await });
    first.await.unwrap().unwrap();
    second.await.unwrap().unwrap();

    let hits = log.hits();
    assert_eq!(hits.len(), 3);
    assert_eq!(hits[0].path, "/first");
    let t429 = hits[0].at;
    for h in &hits[1..] {
        let after = h.at - t429;
        assert!(
            after >= Duration::from_millis(950),
            "{} reached the server {after:?} after the 429",
            h.path
        );
    }
    assert!(hits.iter().any(|h| h.path == "/second"));
}

#[tokio::test]
async fn a_429_pauses_a_concurrent_stream_on_the_same_client() {
    use affiliate_common::pagination::PageNumber;
    use affiliate_common::{Paginator, Strategy};
    use futures::StreamExt as _;

    let api = MockApi::start().await;
    let log = Log::new();
    mount_all(
        &api,
        log.responder(|_, req| {
            if req.url.path() == "/limited" {
                return (
                    status(429).insert_header("retry-after", "0.6"),
                    Duration::ZERO,
                );
            }
            let page: u64 = support::q(req, "page").unwrap().parse().unwrap();
            ok(serde_json::json!({ "items": support::recs(page, page + 1), "has_more": page < 3 }))
        }),
    )
    .await;
    let client = Client::builder(api.url())
        .retry(fast_retry().max_attempts(1))
        .build()
        .unwrap();
    let p: Paginator<support::ListBody> = Paginator::new(
        client.clone(),
        get("list"),
        Strategy::PageNumber(PageNumber::new("page")),
    )
    .read_ahead(false);
    let mut pages = p.pages();
    pages.next().await.unwrap().unwrap();
    let err = client.send_empty(get("limited")).await.unwrap_err();
    assert!(matches!(err, Error::RateLimited { .. }));
    while let Some(page) = pages.next().await {
        page.unwrap();
    }
    let hits = log.hits();
    let t429 = hits.iter().find(|h| h.path == "/limited").unwrap().at;
    let later: Vec<_> = hits.iter().filter(|h| h.at > t429).collect();
    assert_eq!(later.len(), 2, "pages 2 and 3 after the 429");
    for h in later {
        assert!(
            h.at - t429 >= Duration::from_millis(570),
            "{:?}",
            h.at - t429
        );
    }
}

#[tokio::test]
async fn zero_remaining_on_a_success_pauses_until_the_reset() {
    let api = MockApi::start().await;
    let log = Log::new();
    mount_all(
        &api,
        log.responder(|i, _| {
            let t = ResponseTemplate::new(200).set_body_json(serde_json::json!({}));
            match i {
                0 => (
                    t.insert_header("x-ratelimit-remaining", "0")
                        .insert_header("x-ratelimit-reset", "0.5"),
                    Duration::ZERO,
                ),
                _ => (t, Duration::ZERO),
            }
        }),
    )
    .await;
    let c = Client::builder(api.url()).build().unwrap();
    let meta = c.send_empty(get("a")).await.unwrap();
    assert_eq!(meta.rate_limit.remaining, Some(0));
    c.clone().send_empty(get("b")).await.unwrap();
    let gap = log.gaps()[0];
    assert!(gap >= Duration::from_millis(480), "waited {gap:?}");
}

#[tokio::test]
async fn requests_per_second_are_spread_evenly() {
    let api = MockApi::start().await;
    let log = Log::new();
    mount_all(&api, log.responder(|_, _| ok(serde_json::json!({})))).await;
    let c = limited(&api, RateLimit::per_second(10).burst(1));
    let started = Instant::now();
    for _ in 0..6 {
        c.send_empty(get("x")).await.unwrap();
    }
    let elapsed = started.elapsed();
    // 6 requests at 10/s with no burst: 5 intervals of 100 ms.
    assert!(elapsed >= Duration::from_millis(490), "{elapsed:?}");
    for gap in log.gaps() {
        assert!(gap >= Duration::from_millis(85), "{:?}", log.gaps());
    }
}

#[tokio::test]
async fn the_budget_is_shared_by_concurrent_clones() {
    let api = MockApi::start().await;
    let log = Log::new();
    mount_all(&api, log.responder(|_, _| ok(serde_json::json!({})))).await;
    let c = limited(&api, RateLimit::per_second(20).burst(1));
    let started = Instant::now();
    let tasks: Vec<_> = (0..8)
        .map(|i| {
            let c = c.clone();
            tokio::spawn(async move { c.send_empty(get(&format!("t{i}"))).await })
        })
        .collect();
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    // 8 requests at 20/s: 7 intervals of 50 ms, wherever they come from.
    assert!(
        started.elapsed() >= Duration::from_millis(340),
        "{:?}",
        started.elapsed()
    );
    let hits = log.hits();
    let span = hits.last().unwrap().at - hits[0].at;
    assert!(span >= Duration::from_millis(330), "{span:?}");
}

#[tokio::test]
async fn a_burst_goes_out_at_once_then_pacing_starts() {
    let api = MockApi::start().await;
    let log = Log::new();
    mount_all(&api, log.responder(|_, _| ok(serde_json::json!({})))).await;
    let c = limited(&api, RateLimit::per_second(5).burst(3));
    for _ in 0..4 {
        c.send_empty(get("x")).await.unwrap();
    }
    // That the first three go out back to back is checked on the limiter
    // with a paused clock (below); here, that the fourth is held back.
    let hits = log.hits();
    assert!(
        hits[3].at - hits[0].at >= Duration::from_millis(190),
        "the 4th waits: {:?}",
        log.gaps()
    );
}

/// The schedule of `n` acquisitions on a fresh limiter, as offsets from the
/// first, under tokio's paused clock (exact, whatever the machine's load).
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
async fn a_burst_is_immediate_then_requests_are_spaced_exactly() {
    let ms = Duration::from_millis;
    assert_eq!(
        schedule(RateLimit::per_second(5).burst(3), 5).await,
        [ms(0), ms(0), ms(0), ms(200), ms(400)]
    );
    assert_eq!(
        schedule(RateLimit::per_second(10).burst(1), 4).await,
        [ms(0), ms(100), ms(200), ms(300)]
    );
    assert_eq!(
        schedule(RateLimit::unlimited(), 3).await,
        [ms(0), ms(0), ms(0)]
    );
}

#[tokio::test(start_paused = true)]
async fn held_back_is_the_time_some_request_waited_on_the_budget() {
    let ms = Duration::from_millis;
    // No budget: nothing is ever held back.
    let free = RateLimiter::new(RateLimit::unlimited());
    for _ in 0..3 {
        drop(free.acquire().await);
    }
    assert_eq!(free.held_back(), Duration::ZERO);

    // One after another, 100 ms apart: held back 300 ms in all, and a
    // clone reads the same figure.
    let paced = RateLimiter::new(RateLimit::per_second(10).burst(1));
    for _ in 0..4 {
        drop(paced.acquire().await);
    }
    assert_eq!(paced.held_back(), ms(300));
    assert_eq!(paced.clone().held_back(), ms(300));

    // Four at once: they wait together, so the wall time counts (300 ms),
    // not the sum of their waits (100 + 200 + 300 = 600 ms).
    let together = RateLimiter::new(RateLimit::per_second(10).burst(1));
    let tasks: Vec<_> = (0..4)
        .map(|_| {
            let l = together.clone();
            tokio::spawn(async move { drop(l.acquire().await) })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    assert_eq!(together.held_back(), ms(300));

    // A pause holds requests back too.
    let paused = RateLimiter::new(RateLimit::unlimited());
    paused.pause_for(ms(1500));
    drop(paused.acquire().await);
    assert_eq!(paused.held_back(), ms(1500));
}

#[tokio::test(start_paused = true)]
async fn a_cancelled_wait_stops_counting_and_a_wait_in_progress_counts() {
    let ms = Duration::from_millis;
    let limiter = RateLimiter::new(RateLimit::per_second(1).burst(1));
    drop(limiter.acquire().await);
    // The next request waits a second; give up on it after 250 ms.
    assert!(
        tokio::time::timeout(ms(250), limiter.acquire())
            .await
            .is_err()
    );
    assert_eq!(limiter.held_back(), ms(250));
    tokio::time::sleep(ms(500)).await;
    assert_eq!(limiter.held_back(), ms(250), "a cancelled wait counts on");

    // While a request waits, the figure grows with it.
    let waiting = {
        let l = limiter.clone();
        tokio::spawn(async move { drop(l.acquire().await) })
    };
    tokio::time::sleep(ms(100)).await;
    assert_eq!(limiter.held_back(), ms(350));
    waiting.await.unwrap();
    // Booked at 0 s, the next slot opened at 1 s: the wait began at 750 ms.
    assert_eq!(limiter.held_back(), ms(500));
}

#[tokio::test]
async fn the_in_flight_cap_is_respected() {
    let api = MockApi::start().await;
    let log = Log::new();
    mount_all(
        &api,
        log.responder(|_, _| {
            let (t, _) = ok(serde_json::json!({}));
            (t, Duration::from_millis(150))
        }),
    )
    .await;
    let c = limited(&api, RateLimit::unlimited().max_in_flight(2));
    let tasks: Vec<_> = (0..6)
        .map(|_| {
            let c = c.clone();
            tokio::spawn(async move { c.send_empty(get("x")).await })
        })
        .collect();
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    assert_eq!(log.count(), 6);
    assert_eq!(log.max_overlap(), 2);
}

#[tokio::test]
async fn the_default_in_flight_cap_is_ten() {
    let api = MockApi::start().await;
    let log = Log::new();
    mount_all(
        &api,
        log.responder(|_, _| {
            let (t, _) = ok(serde_json::json!({}));
            (t, Duration::from_millis(250))
        }),
    )
    .await;
    let c = Client::builder(api.url()).build().unwrap();
    let tasks: Vec<_> = (0..14)
        .map(|_| {
            let c = c.clone();
            tokio::spawn(async move { c.send_empty(get("x")).await })
        })
        .collect();
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    assert_eq!(log.max_overlap(), 10);
}

#[tokio::test]
async fn a_named_bucket_paces_only_the_requests_that_use_it() {
    let api = MockApi::start().await;
    let log = Log::new();
    mount_all(&api, log.responder(|_, _| ok(serde_json::json!({})))).await;
    let c = Client::builder(api.url())
        .rate_limit_bucket("analytics", RateLimit::per_second(5).burst(1))
        .build()
        .unwrap();
    for _ in 0..3 {
        c.send_empty(get("analytics").bucket("analytics"))
            .await
            .unwrap();
    }
    let gaps = log.gaps();
    assert!(gaps[0] >= Duration::from_millis(180), "{gaps:?}");
    assert!(gaps[1] >= Duration::from_millis(180), "{gaps:?}");

    // While a bucketed request waits its turn (the bucket allows one every
    // 3 s), requests outside the bucket go straight through: they reach the
    // server before it.
    let slow = Client::builder(api.url())
        .rate_limit_bucket("slow", RateLimit::new(1, Duration::from_secs(3)))
        .build()
        .unwrap();
    slow.send_empty(get("slow1").bucket("slow")).await.unwrap();
    let waiting = {
        let slow = slow.clone();
        tokio::spawn(async move { slow.send_empty(get("slow2").bucket("slow")).await })
    };
    for _ in 0..3 {
        slow.send_empty(get("free")).await.unwrap();
    }
    waiting.await.unwrap().unwrap();
    let paths: Vec<String> = log.hits()[3..].iter().map(|h| h.path.clone()).collect();
    assert_eq!(paths, ["/slow1", "/free", "/free", "/free", "/slow2"]);

    let before = log.count();
    let err = c.send_empty(get("x").bucket("nope")).await.unwrap_err();
    assert!(matches!(err, Error::InvalidInput { .. }), "{err:?}");
    assert_eq!(log.count(), before, "nothing is sent for an unknown bucket");
}
