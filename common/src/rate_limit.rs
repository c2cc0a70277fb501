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

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use http::HeaderMap;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

/// The quota a [`RateLimiter`] enforces.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RateLimit {
    /// Requests allowed per `period`.
    pub requests: u32,
    /// The window of the quota.
    pub period: Duration,
    /// Requests that may go out back to back before pacing starts
    /// (at most `requests`).
    pub burst: u32,
    /// Requests allowed in flight at once.
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
        self.burst = burst.clamp(1, self.requests);
        self
    }

    /// Sets the in-flight cap (at least 1).
    pub fn max_in_flight(mut self, n: usize) -> Self {
        self.max_in_flight = n.max(1);
        self
    }

    fn interval(&self) -> Duration {
        if self.requests == u32::MAX {
            Duration::ZERO
        } else {
            self.period / self.requests
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
        loop {
            let wait_until = self.reserve();
            match wait_until {
                Some(at) => tokio::time::sleep_until(at).await,
                None => break,
            }
        }
        Permit { _slot: slot }
    }

    /// Returns `None` when a request may start now (and books its slot), or
    /// the instant to wait for.
    fn reserve(&self) -> Option<Instant> {
        let now = Instant::now();
        let mut st = self.inner.state.lock().expect("limiter lock poisoned");
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
        let tolerance = interval * self.inner.config.burst.saturating_sub(1);
        let tat = st.tat.unwrap_or(now).max(now);
        let allowed_at = tat.checked_sub(tolerance).unwrap_or(now);
        if allowed_at > now {
            return Some(allowed_at);
        }
        st.tat = Some(tat + interval);
        None
    }

    /// Stops every request of this limiter from starting for `wait`
    /// (a 429 was seen, or the API reported no calls left).
    pub fn pause_for(&self, wait: Duration) {
        let until = Instant::now() + wait;
        let mut st = self.inner.state.lock().expect("limiter lock poisoned");
        if st.paused_until.is_none_or(|p| p < until) {
            st.paused_until = Some(until);
        }
    }

    /// How long requests are currently held back by a pause.
    pub fn paused_for(&self) -> Option<Duration> {
        let st = self.inner.state.lock().expect("limiter lock poisoned");
        st.paused_until
            .and_then(|p| p.checked_duration_since(Instant::now()))
            .filter(|d| !d.is_zero())
    }
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
