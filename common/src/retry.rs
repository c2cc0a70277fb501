//! When and how long to wait before sending a request again.
//!
//! The policy is AWS-style exponential backoff with full jitter: before retry
//! `n` the client sleeps a random time in `[0, min(max_backoff, initial ×
//! 2ⁿ⁻¹)]`. When the server says how long to wait (`Retry-After`, or an
//! `X-RateLimit-Reset`-style header on a 429), that wait wins, clamped to
//! [`RetryPolicy::max_retry_after`]. Nothing sleeps past the total budget.
//!
//! Which requests may be retried is decided by [`Idempotency`]: reads and
//! other idempotent methods are retried on 408, 429 and 5xx (except 501), on
//! connection failures and on timeouts. `POST` and `PATCH` are retried only
//! when the request certainly never reached the server (the connection was
//! refused), unless the call is marked idempotent, for example because it
//! carries an idempotency key that stays the same across attempts.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::{HeaderMap, Method, StatusCode};

/// The retry knobs of a client or of one request.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Total attempts, the first included (1 means never retry).
    pub max_attempts: u32,
    /// The backoff ceiling before the first retry.
    pub initial_backoff: Duration,
    /// The largest backoff ceiling.
    pub max_backoff: Duration,
    /// Whether to pick a random wait in `[0, ceiling]` (full jitter) or wait
    /// the ceiling exactly (deterministic, for tests).
    pub jitter: bool,
    /// The longest server-requested wait the client honours; longer requests
    /// are clamped to this.
    pub max_retry_after: Duration,
    /// The time budget for the whole call, retries and waits included.
    /// `None` means attempts alone bound the call.
    pub total_budget: Option<Duration>,
}

impl Default for RetryPolicy {
    /// Five attempts, backoff starting at 1 s and doubling up to 20 s, full
    /// jitter, server waits clamped to 60 s, a two-minute budget.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 5,
            initial_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(20),
            jitter: true,
            max_retry_after: Duration::from_secs(60),
            total_budget: Some(Duration::from_secs(120)),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// Sets the total number of attempts (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Sets the backoff ceiling before the first retry.
    pub fn initial_backoff(mut self, d: Duration) -> Self {
        self.initial_backoff = d;
        self
    }

    /// Sets the largest backoff ceiling.
    pub fn max_backoff(mut self, d: Duration) -> Self {
        self.max_backoff = d;
        self
    }

    /// Turns full jitter on or off. Off makes waits deterministic.
    pub fn jitter(mut self, on: bool) -> Self {
        self.jitter = on;
        self
    }

    /// Sets the longest server-requested wait that is honoured.
    pub fn max_retry_after(mut self, d: Duration) -> Self {
        self.max_retry_after = d;
        self
    }

    /// Sets the time budget for a whole call; `None` removes it.
    pub fn total_budget(mut self, d: Option<Duration>) -> Self {
        self.total_budget = d;
        self
    }

    /// The backoff before retry number `retry` (1 for the first retry),
    /// ignoring any server-requested wait.
    pub fn backoff(&self, retry: u32) -> Duration {
        let exp = retry.saturating_sub(1).min(31);
        let ceiling = self
            .initial_backoff
            .saturating_mul(1u32 << exp)
            .min(self.max_backoff);
        if self.jitter {
            let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
            Duration::from_nanos(fastrand::u64(0..=nanos))
        } else {
            ceiling
        }
    }

    /// The wait before retry number `retry`: the server's request when there
    /// is one (clamped to [`Self::max_retry_after`]), the backoff otherwise.
    pub fn delay(&self, retry: u32, server_wait: Option<Duration>) -> Duration {
        match server_wait {
            Some(wait) => wait.min(self.max_retry_after),
            None => self.backoff(retry),
        }
    }
}

/// Whether a request may be sent again after it may have reached the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Idempotency {
    /// Decide from the method: GET, HEAD, OPTIONS, PUT and DELETE are
    /// idempotent; POST and PATCH are not.
    #[default]
    FromMethod,
    /// The call is safe to repeat (it carries a stable idempotency key, or
    /// the API de-duplicates it).
    Idempotent,
    /// Never repeat the call once it may have reached the server.
    NotIdempotent,
}

impl Idempotency {
    /// Resolves the setting for `method`.
    pub fn allows_retry(self, method: &Method) -> bool {
        match self {
            Idempotency::Idempotent => true,
            Idempotency::NotIdempotent => false,
            Idempotency::FromMethod => matches!(
                *method,
                Method::GET | Method::HEAD | Method::OPTIONS | Method::PUT | Method::DELETE
            ),
        }
    }
}

/// The statuses worth retrying: 408, 429, 500, 502, 503 and 504.
pub fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 429 | 500 | 502 | 503 | 504)
}

/// Reads a "wait" value the way rate-limit headers send it, telling the forms
/// apart by magnitude:
///
/// - an HTTP-date (`Wed, 21 Oct 2015 07:28:00 GMT`): wait until then;
/// - a number above 10¹² : an absolute Unix timestamp in milliseconds (Dub);
/// - a number above 10⁹ : an absolute Unix timestamp in seconds;
/// - anything smaller: a delay in seconds (fractions allowed).
///
/// A time in the past gives a zero wait. Unparseable values give `None`.
pub fn parse_wait(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(n) = value.parse::<f64>() {
        if !n.is_finite() || n < 0.0 {
            return None;
        }
        let now_ms = now.duration_since(UNIX_EPOCH).ok()?.as_secs_f64() * 1000.0;
        let wait_ms = if n >= 1e12 {
            n - now_ms
        } else if n >= 1e9 {
            n * 1000.0 - now_ms
        } else {
            n * 1000.0
        };
        return Some(Duration::from_secs_f64(wait_ms.max(0.0) / 1000.0));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// The server-requested wait of a response: `Retry-After` first, then (for
/// 429 responses only) the first of `reset_headers` that parses.
pub fn server_wait(
    status: StatusCode,
    headers: &HeaderMap,
    reset_headers: &[&str],
    now: SystemTime,
) -> Option<Duration> {
    let read = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| parse_wait(v, now))
    };
    if let Some(wait) = read("retry-after") {
        return Some(wait);
    }
    if status == StatusCode::TOO_MANY_REQUESTS {
        return reset_headers.iter().find_map(|h| read(h));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(secs)
    }

    #[test]
    fn delta_seconds() {
        assert_eq!(
            parse_wait("7", at(1_700_000_000)),
            Some(Duration::from_secs(7))
        );
        assert_eq!(
            parse_wait("1.5", at(1_700_000_000)),
            Some(Duration::from_millis(1500))
        );
    }

    #[test]
    fn epoch_millis_and_seconds_by_magnitude() {
        let now = at(1_700_000_000);
        assert_eq!(
            parse_wait("1700000003000", now),
            Some(Duration::from_secs(3))
        );
        assert_eq!(parse_wait("1700000004", now), Some(Duration::from_secs(4)));
        assert_eq!(parse_wait("1600000000000", now), Some(Duration::ZERO));
    }

    #[test]
    fn http_date() {
        let now = httpdate::parse_http_date("Wed, 21 Oct 2015 07:28:00 GMT").unwrap();
        assert_eq!(
            parse_wait("Wed, 21 Oct 2015 07:28:09 GMT", now),
            Some(Duration::from_secs(9))
        );
        assert_eq!(parse_wait("soon", now), None);
        assert_eq!(parse_wait("-3", now), None);
    }

    #[test]
    fn deterministic_backoff_doubles_and_caps() {
        let p = RetryPolicy::default()
            .jitter(false)
            .initial_backoff(Duration::from_millis(100))
            .max_backoff(Duration::from_millis(500));
        let waits: Vec<_> = (1..=5).map(|n| p.backoff(n).as_millis()).collect();
        assert_eq!(waits, [100, 200, 400, 500, 500]);
    }

    #[test]
    fn jitter_stays_under_the_ceiling() {
        let p = RetryPolicy::default().initial_backoff(Duration::from_millis(100));
        for _ in 0..1000 {
            assert!(p.backoff(2) <= Duration::from_millis(200));
        }
    }

    #[test]
    fn server_wait_is_clamped() {
        let p = RetryPolicy::default().max_retry_after(Duration::from_secs(5));
        assert_eq!(
            p.delay(1, Some(Duration::from_secs(3600))),
            Duration::from_secs(5)
        );
    }

    #[test]
    fn reset_header_only_counts_on_429() {
        let mut h = HeaderMap::new();
        h.insert("x-ratelimit-reset", "30".parse().unwrap());
        let now = at(1_700_000_000);
        assert_eq!(
            server_wait(
                StatusCode::TOO_MANY_REQUESTS,
                &h,
                &["x-ratelimit-reset"],
                now
            ),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            server_wait(
                StatusCode::SERVICE_UNAVAILABLE,
                &h,
                &["x-ratelimit-reset"],
                now
            ),
            None
        );
    }

    #[test]
    fn idempotency_by_method() {
        assert!(Idempotency::FromMethod.allows_retry(&Method::GET));
        assert!(Idempotency::FromMethod.allows_retry(&Method::DELETE));
        assert!(!Idempotency::FromMethod.allows_retry(&Method::POST));
        assert!(!Idempotency::FromMethod.allows_retry(&Method::PATCH));
        assert!(Idempotency::Idempotent.allows_retry(&Method::POST));
        assert!(!Idempotency::NotIdempotent.allows_retry(&Method::GET));
    }
}
