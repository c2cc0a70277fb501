//! Client-side rate limiting and the rate-limit information APIs report.
//!
//! A [`RateLimiter`] keeps a job under its quota by design instead of
//! bouncing off 429s. It combines three things, all shared by every clone of
//! a client and every stream running on it:
//!
//! - a request budget (`requests` per `period`, with bursts up to `burst`),
//!   enforced with GCRA, so requests are spread evenly once a burst is spent;
//! - a cap on requests in flight;
//! - a pause: when any request sees a 429 (or the API reports zero calls
//!   left), every request of the client waits until the reset has passed.
//!
//! # Degenerate settings
//!
//! The fields of [`RateLimit`] are public, so any value can reach the
//! limiter; none of them panics:
//!
//! - `requests: 0` is read as 1 (one request per `period`), the same floor
//!   the constructors apply;
//! - `burst: 0` is read as 1 (no burst: requests are spaced from the start);
//! - `max_in_flight: 0` is read as 1;
//! - a zero `period`, or `requests: u32::MAX`, means no request budget at
//!   all (only the in-flight cap and pauses apply);
//! - waits and pauses too long for the clock (`Duration::MAX`) are cut to
//!   about thirty years, which in practice means "until the process ends".

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use http::HeaderMap;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

/// The quota a [`RateLimiter`] enforces.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RateLimit {
    /// Requests allowed per `period` (0 is read as 1; `u32::MAX` means no
    /// budget).
    pub requests: u32,
    /// The window of the quota (zero means no budget).
    pub period: Duration,
    /// Requests that may go out back to back before pacing starts
    /// (at most `requests`; 0 is read as 1).
    pub burst: u32,
    /// Requests allowed in flight at once (0 is read as 1).
    pub max_in_flight: usize,
}

impl RateLimit {
    /// `requests` per `period`, a burst of a tenth of the quota (at least 1)
    /// and at most 10 requests in flight.
    pub fn new(requests: u32, period: Duration) -> Self {
        let requests = requests.max(1);
        RateLimit {
            requests,
            period,
            burst: (requests / 10).max(1),
            max_in_flight: 10,
        }
    }

    /// `requests` per second.
    pub fn per_second(requests: u32) -> Self {
        Self::new(requests, Duration::from_secs(1))
    }

    /// `requests` per minute.
    pub fn per_minute(requests: u32) -> Self {
        Self::new(requests, Duration::from_secs(60))
    }

    /// `requests` per hour.
    pub fn per_hour(requests: u32) -> Self {
        Self::new(requests, Duration::from_secs(3600))
    }

    /// No request budget, only the in-flight cap (default 10).
    pub fn unlimited() -> Self {
        RateLimit {
            requests: u32::MAX,
            period: Duration::from_nanos(1),
            burst: u32::MAX,
            max_in_flight: 10,
        }
    }

    /// Sets the burst size (clamped to `1..=requests`).
    pub fn burst(mut self, burst: u32) -> Self {
        self.burst = burst.clamp(1, self.requests.max(1));
        self
    }

    /// Sets the in-flight cap (at least 1).
    pub fn max_in_flight(mut self, n: usize) -> Self {
        self.max_in_flight = n.max(1);
        self
    }

    /// The spacing GCRA keeps between requests once the burst is spent
    /// (zero: no budget).
    fn interval(&self) -> Duration {
        if self.requests == u32::MAX {
            Duration::ZERO
        } else {
            self.period / self.requests.max(1)
        }
    }
}

impl Default for RateLimit {
    fn default() -> Self {
        Self::unlimited()
    }
}

/// A shared limiter; cloning it shares the budget.
#[derive(Debug, Clone)]
pub struct RateLimiter {
    inner: Arc<LimiterInner>,
}

#[derive(Debug)]
struct LimiterInner {
    config: RateLimit,
    in_flight: Arc<Semaphore>,
    state: Mutex<LimiterState>,
}

#[derive(Debug)]
struct LimiterState {
    /// GCRA's theoretical arrival time of the next request.
    tat: Option<Instant>,
    /// No request starts before this instant.
    paused_until: Option<Instant>,
    /// Requests now waiting for the budget or a pause to let them start.
    holding: usize,
    /// Since when some request has been waiting (set while `holding > 0`).
    holding_since: Option<Instant>,
    /// Time during which some request was waiting, up to `holding_since`.
    held: Duration,
}

/// Counts a request as held back by the limiter from its creation to its
/// drop (also when the waiting `acquire` is cancelled).
struct Holding<'a> {
    limiter: &'a RateLimiter,
}

impl<'a> Holding<'a> {
    fn start(limiter: &'a RateLimiter) -> Self {
        let mut st = limiter.state();
        st.holding += 1;
        if st.holding == 1 {
            st.holding_since = Some(Instant::now());
        }
        Holding { limiter }
    }
}

impl Drop for Holding<'_> {
    fn drop(&mut self) {
        let mut st = self.limiter.state();
        st.holding = st.holding.saturating_sub(1);
        if st.holding == 0
            && let Some(since) = st.holding_since.take()
        {
            st.held = st.held.saturating_add(since.elapsed());
        }
    }
}

/// Held while a request is in flight; dropping it frees the slot.
#[derive(Debug)]
pub struct Permit {
    _slot: OwnedSemaphorePermit,
}

impl RateLimiter {
    /// A limiter enforcing `config`.
    pub fn new(config: RateLimit) -> Self {
        RateLimiter {
            inner: Arc::new(LimiterInner {
                in_flight: Arc::new(Semaphore::new(config.max_in_flight.max(1))),
                config,
                state: Mutex::new(LimiterState {
                    tat: None,
                    paused_until: None,
                    holding: 0,
                    holding_since: None,
                    held: Duration::ZERO,
                }),
            }),
        }
    }

    /// The quota this limiter enforces.
    pub fn config(&self) -> &RateLimit {
        &self.inner.config
    }

    /// Waits for a free in-flight slot, any pause, and a budget slot.
    pub async fn acquire(&self) -> Permit {
        let slot = self
            .inner
            .in_flight
            .clone()
            .acquire_owned()
            .await
            .expect("the limiter never closes its semaphore");
        let mut holding = None;
        while let Some(at) = self.reserve() {
            holding.get_or_insert_with(|| Holding::start(self));
            tokio::time::sleep_until(at).await;
        }
        drop(holding);
        Permit { _slot: slot }
    }

    /// Wall-clock time during which at least one request was held back by
    /// the request budget or a pause, since the limiter was made (shared by
    /// its clones). Requests waiting together count once; waiting for an
    /// in-flight slot does not count.
    pub fn held_back(&self) -> Duration {
        let st = self.state();
        st.held
            .saturating_add(st.holding_since.map_or(Duration::ZERO, |s| s.elapsed()))
    }

    fn state(&self) -> std::sync::MutexGuard<'_, LimiterState> {
        // The state stays consistent across a panic (each update is a
        // plain assignment), so a poisoned lock is used as it is.
        self.inner
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Returns `None` when a request may start now (and books its slot), or
    /// the instant to wait for.
    fn reserve(&self) -> Option<Instant> {
        let now = Instant::now();
        let mut st = self.state();
        if let Some(p) = st.paused_until {
            if p > now {
                return Some(p);
            }
            st.paused_until = None;
        }
        let interval = self.inner.config.interval();
        if interval.is_zero() {
            return None;
        }
        let tolerance = interval.saturating_mul(self.inner.config.burst.saturating_sub(1));
        let tat = st.tat.unwrap_or(now).max(now);
        let allowed_at = tat.checked_sub(tolerance).unwrap_or(now);
        if allowed_at > now {
            return Some(allowed_at);
        }
        st.tat = Some(deadline(tat, interval));
        None
    }

    /// Stops every request of this limiter from starting for `wait`
    /// (a 429 was seen, or the API reported no calls left). A wait too long
    /// for the clock is cut to about thirty years.
    pub fn pause_for(&self, wait: Duration) {
        if wait.is_zero() {
            return;
        }
        let until = deadline(Instant::now(), wait);
        let mut st = self.state();
        if st.paused_until.is_none_or(|p| p < until) {
            st.paused_until = Some(until);
        }
    }

    /// How long requests are currently held back by a pause.
    pub fn paused_for(&self) -> Option<Duration> {
        let st = self.state();
        st.paused_until
            .and_then(|p| p.checked_duration_since(Instant::now()))
            .filter(|d| !d.is_zero())
    }
}

/// About thirty years: the cap of every wait the limiter computes.
const FAR_FUTURE: Duration = Duration::from_secs(86_400 * 365 * 30);

/// `from + wait`, cut to [`FAR_FUTURE`] so no wait overflows the clock.
fn deadline(from: Instant, wait: Duration) -> Instant {
    from.checked_add(wait.min(FAR_FUTURE))
        .or_else(|| from.checked_add(Duration::from_secs(86_400)))
        .unwrap_or(from)
}

/// Rate-limit figures an API reported on a response, for callers who pace
/// themselves or report usage.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RateLimitInfo {
    /// The quota of the current window (`X-RateLimit-Limit`).
    pub limit: Option<u64>,
    /// Requests left in the window (`X-RateLimit-Remaining`, or a body field
    /// such as ReferralHero's `calls_left`).
    pub remaining: Option<u64>,
    /// Time until the window resets (`X-RateLimit-Reset`, read as
    /// delta-seconds, epoch seconds or epoch milliseconds by magnitude).
    pub reset: Option<Duration>,
    /// The server-requested wait (`Retry-After`).
    pub retry_after: Option<Duration>,
}

impl RateLimitInfo {
    /// Reads the conventional `X-RateLimit-Limit`, `X-RateLimit-Remaining`,
    /// `X-RateLimit-Reset` and `Retry-After` headers.
    pub fn from_headers(headers: &HeaderMap, now: SystemTime) -> Self {
        let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        let number = |name: &str| text(name).and_then(|v| v.trim().parse::<u64>().ok());
        RateLimitInfo {
            limit: number("x-ratelimit-limit"),
            remaining: number("x-ratelimit-remaining"),
            reset: text("x-ratelimit-reset").and_then(|v| crate::retry::parse_wait(v, now)),
            retry_after: text("retry-after").and_then(|v| crate::retry::parse_wait(v, now)),
        }
    }

    /// Whether the response carried any rate-limit information.
    pub fn is_empty(&self) -> bool {
        *self == RateLimitInfo::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn gcra_spreads_requests_after_the_burst() {
        let limiter = RateLimiter::new(RateLimit::per_second(10).burst(2));
        let start = Instant::now();
        for _ in 0..6 {
            drop(limiter.acquire().await);
        }
        // Two go out at once, the next four at 100 ms intervals.
        assert_eq!(start.elapsed(), Duration::from_millis(400));
    }

    #[tokio::test(start_paused = true)]
    async fn pause_holds_every_clone() {
        let limiter = RateLimiter::new(RateLimit::unlimited());
        let other = limiter.clone();
        limiter.pause_for(Duration::from_secs(3));
        let start = Instant::now();
        drop(other.acquire().await);
        assert_eq!(start.elapsed(), Duration::from_secs(3));
        assert_eq!(limiter.paused_for(), None);
    }

    #[tokio::test(start_paused = true)]
    async fn in_flight_cap_blocks_until_a_permit_drops() {
        let limiter = RateLimiter::new(RateLimit::unlimited().max_in_flight(1));
        let first = limiter.acquire().await;
        let l2 = limiter.clone();
        let waiter = tokio::spawn(async move { l2.acquire().await });
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(!waiter.is_finished());
        drop(first);
        waiter.await.unwrap();
    }

    #[tokio::test(start_paused = true)]
    async fn an_endless_pause_does_not_overflow_the_clock() {
        let limiter = RateLimiter::new(RateLimit::unlimited());
        limiter.pause_for(Duration::MAX);
        let held = limiter.paused_for().unwrap();
        assert!(held >= Duration::from_secs(86_400 * 365 * 29), "{held:?}");
        // A shorter pause never shortens a longer one.
        limiter.pause_for(Duration::from_secs(1));
        assert!(limiter.paused_for().unwrap() >= held);
        let l2 = limiter.clone();
        let waiter = tokio::spawn(async move { l2.acquire().await });
        tokio::time::sleep(Duration::from_secs(86_400)).await;
        assert!(!waiter.is_finished(), "still paused a day later");
        waiter.abort();
    }

    #[tokio::test(start_paused = true)]
    async fn a_huge_period_paces_without_overflow() {
        let limiter = RateLimiter::new(RateLimit::new(1, Duration::MAX));
        drop(limiter.acquire().await);
        let l2 = limiter.clone();
        let waiter = tokio::spawn(async move { l2.acquire().await });
        tokio::time::sleep(Duration::from_secs(86_400)).await;
        assert!(!waiter.is_finished(), "the second request waits its period");
        waiter.abort();
        // A huge interval times a huge burst saturates instead of panicking.
        let mut r = RateLimit::new(2, Duration::MAX);
        r.burst = u32::MAX;
        let limiter = RateLimiter::new(r);
        drop(limiter.acquire().await);
        drop(limiter.acquire().await);
    }

    #[tokio::test(start_paused = true)]
    async fn zero_settings_never_panic() {
        // requests = 0 is read as 1 per period.
        let mut r = RateLimit::per_second(5);
        r.requests = 0;
        let _ = r.clone().burst(3);
        let limiter = RateLimiter::new(r);
        let start = Instant::now();
        for _ in 0..3 {
            drop(limiter.acquire().await);
        }
        assert_eq!(start.elapsed(), Duration::from_secs(2));

        // burst = 0 is read as 1: spaced from the first request on.
        let mut r = RateLimit::per_second(10);
        r.burst = 0;
        let limiter = RateLimiter::new(r);
        let start = Instant::now();
        for _ in 0..3 {
            drop(limiter.acquire().await);
        }
        assert_eq!(start.elapsed(), Duration::from_millis(200));

        // period = 0 is no budget at all.
        let mut r = RateLimit::per_second(1);
        r.period = Duration::ZERO;
        let limiter = RateLimiter::new(r);
        let start = Instant::now();
        for _ in 0..50 {
            drop(limiter.acquire().await);
        }
        assert_eq!(start.elapsed(), Duration::ZERO);

        // max_in_flight = 0 is read as 1.
        let mut r = RateLimit::unlimited();
        r.max_in_flight = 0;
        let limiter = RateLimiter::new(r);
        let first = limiter.acquire().await;
        let l2 = limiter.clone();
        let waiter = tokio::spawn(async move { l2.acquire().await });
        tokio::time::sleep(Duration::from_millis(10)).await;
        assert!(!waiter.is_finished());
        drop(first);
        waiter.await.unwrap();
    }

    #[test]
    fn hostile_headers_never_panic() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let mut h = HeaderMap::new();
        h.insert(
            "x-ratelimit-limit",
            "99999999999999999999999".parse().unwrap(),
        );
        h.insert("x-ratelimit-remaining", "-1".parse().unwrap());
        h.insert("x-ratelimit-reset", "1e23".parse().unwrap());
        h.insert("retry-after", "NaN".parse().unwrap());
        let info = RateLimitInfo::from_headers(&h, now);
        assert_eq!(info.limit, None);
        assert_eq!(info.remaining, None);
        assert_eq!(info.reset, Some(Duration::MAX));
        assert_eq!(info.retry_after, None);
    }

    #[test]
    fn headers_are_read_by_magnitude() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let mut h = HeaderMap::new();
        h.insert("x-ratelimit-limit", "600".parse().unwrap());
        h.insert("x-ratelimit-remaining", "599".parse().unwrap());
        h.insert("x-ratelimit-reset", "1700000030000".parse().unwrap());
        let info = RateLimitInfo::from_headers(&h, now);
        assert_eq!(info.limit, Some(600));
        assert_eq!(info.remaining, Some(599));
        assert_eq!(info.reset, Some(Duration::from_secs(30)));
        assert_eq!(info.retry_after, None);
    }
}
