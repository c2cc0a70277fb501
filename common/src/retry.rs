//! When and how long to wait before sending a request again.
//!
//! # The rules
//!
//! - **Backoff.** Without a server instruction the policy is AWS-style
//!   exponential backoff with full jitter: before retry `n` the client sleeps
//!   a random time in `[0, min(max_backoff, initial × 2ⁿ⁻¹)]` (exactly the
//!   ceiling when [`RetryPolicy::jitter`] is off).
//! - **Server waits.** A server instruction is `Retry-After` on any error
//!   status, or an `X-RateLimit-Reset`-style header on a 429 (see
//!   [`server_wait`]). A positive wait is honoured in full, never shortened,
//!   and gets added jitter: a random extra in `[0, min(wait / 4,
//!   max_backoff)]`, so clients told the same instant do not all come back
//!   at once. With jitter off the wait is exact.
//! - **Zero or past waits.** `Retry-After: 0`, or a date or timestamp that
//!   has already passed, is no instruction at all: the normal jittered
//!   backoff applies, so a server that keeps answering "retry now" is not
//!   hammered.
//! - **Waits that are too long.** A server wait longer than
//!   [`RetryPolicy::max_retry_after`] is never cut short and retried early:
//!   [`RetryPolicy::delay`] returns `None`, and the call fails with the
//!   error at hand. [`Error::RateLimited`](crate::Error::RateLimited) keeps
//!   the server's `retry_after`, so the caller can reschedule the work.
//! - **Budget.** Nothing sleeps past [`RetryPolicy::total_budget`].
//!
//! Header values never panic the client: numbers too large for a
//! [`Duration`] saturate to [`Duration::MAX`] (which the rules above then
//! treat as longer than `max_retry_after`), and values that are not numbers
//! or HTTP dates (`NaN`, `inf`, text) are ignored. See [`parse_wait`].
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
    /// The longest server-requested wait the client honours. A longer
    /// request is not retried at all: the call fails with the error, which
    /// keeps the server's wait (see [`RetryPolicy::delay`]).
    pub max_retry_after: Duration,
    /// The time budget for the whole call, retries and waits included.
    /// `None` means attempts alone bound the call.
    pub total_budget: Option<Duration>,
}

impl Default for RetryPolicy {
    /// Five attempts, backoff starting at 1 s and doubling up to 20 s, full
    /// jitter, server waits of up to 60 s honoured, a two-minute budget.
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

    /// Sets the longest server-requested wait that is honoured; a call whose
    /// server asks for longer fails instead of retrying early.
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
            random_up_to(ceiling)
        } else {
            ceiling
        }
    }

    /// The wait before retry number `retry` (1 for the first retry), or
    /// `None` when the call must not be retried because the server asked
    /// for a longer wait than [`Self::max_retry_after`].
    ///
    /// - no server wait, or a zero one: [`Self::backoff`];
    /// - a positive server wait up to `max_retry_after`: that wait plus, when
    ///   jitter is on, a random extra in `[0, min(wait / 4, max_backoff)]`;
    ///   never less than the server asked for;
    /// - a longer server wait: `None`.
    pub fn delay(&self, retry: u32, server_wait: Option<Duration>) -> Option<Duration> {
        match server_wait.filter(|w| !w.is_zero()) {
            None => Some(self.backoff(retry)),
            Some(wait) if wait > self.max_retry_after => None,
            Some(wait) => Some(self.with_server_jitter(wait)),
        }
    }

    /// `wait` plus the jitter added to a server-requested wait: a random
    /// extra in `[0, min(wait / 4, max_backoff)]` when jitter is on, nothing
    /// otherwise. Saturates at [`Duration::MAX`].
    pub fn with_server_jitter(&self, wait: Duration) -> Duration {
        if !self.jitter {
            return wait;
        }
        wait.saturating_add(random_up_to((wait / 4).min(self.max_backoff)))
    }
}

/// A uniformly random duration in `[0, ceiling]` (nanosecond resolution;
/// ceilings beyond `u64::MAX` nanoseconds, about 584 years, are cut there).
fn random_up_to(ceiling: Duration) -> Duration {
    let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
    Duration::from_nanos(fastrand::u64(0..=nanos))
}

/// Whether a request may be sent again after it may have reached the server.
///
/// A repeated `DELETE` can meet the result of its own earlier attempt: when
/// an attempt may have reached the server (it timed out, the connection
/// broke after it was made, or the server answered 5xx) and a later attempt
/// is answered 404 or 410, the call reports success, keeping the 404 or 410
/// in [`ResponseMeta::status`](crate::ResponseMeta::status) (see
/// [`ResponseMeta::already_gone`](crate::ResponseMeta::already_gone)). A 404
/// on the first attempt stays an error.
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
/// - a number of 10¹² or more: an absolute Unix timestamp in milliseconds (Dub);
/// - a number of 10⁹ or more: an absolute Unix timestamp in seconds;
/// - anything smaller: a delay in seconds (fractions allowed).
///
/// A time in the past, `0` and `-0` give a zero wait; an absolute time
/// while `now` is before 1970 gives `None`. A number too large
/// for a [`Duration`] (`1e23`, a long run of digits, `1e309`) saturates to
/// [`Duration::MAX`]. Negative numbers, `NaN`, `inf` and anything that is
/// neither a plain decimal number nor an HTTP-date give `None`. No input
/// panics.
pub fn parse_wait(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    let numeric = !value.is_empty()
        && value
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'));
    if numeric {
        let n = value.parse::<f64>().ok()?;
        if n.is_nan() || n < 0.0 {
            return None;
        }
        if n < 1e9 {
            return Some(saturating_secs_f64(n));
        }
        // An absolute time, placed on the clock itself so that `now + wait`
        // is exactly the moment the header names (whole milliseconds or
        // seconds are converted without floating-point rounding). A clock
        // set before the epoch cannot place it: no instruction.
        let now_since_epoch = now.duration_since(UNIX_EPOCH).ok()?;
        let since_epoch = match (n >= 1e12, n.fract() == 0.0 && n < 9.0e18) {
            (true, true) => Some(Duration::from_millis(n as u64)),
            (false, true) => Some(Duration::from_secs(n as u64)),
            (true, false) => Duration::try_from_secs_f64(n / 1000.0).ok(),
            (false, false) => Duration::try_from_secs_f64(n).ok(),
        };
        return Some(match since_epoch {
            Some(d) => match UNIX_EPOCH.checked_add(d) {
                Some(at) => at.duration_since(now).unwrap_or(Duration::ZERO),
                // Beyond the platform's clock, but not beyond a Duration.
                None => d.saturating_sub(now_since_epoch),
            },
            None => Duration::MAX,
        });
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// `secs` as a [`Duration`]: zero for zero or less, [`Duration::MAX`] for
/// anything too large (infinity included).
fn saturating_secs_f64(secs: f64) -> Duration {
    if secs.is_nan() || secs <= 0.0 {
        Duration::ZERO
    } else {
        Duration::try_from_secs_f64(secs).unwrap_or(Duration::MAX)
    }
}

/// The server-requested wait of a response: `Retry-After` first, then (for
/// 429 responses only) the first of `reset_headers` that parses to a
/// positive wait. A zero or past wait is no instruction and reads as `None`.
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
            .filter(|w| !w.is_zero())
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
    fn absolute_times_land_exactly_on_the_named_moment() {
        // A `now` with a sub-millisecond part: floating-point arithmetic on
        // the epoch would be off by a fraction of a millisecond.
        let now = UNIX_EPOCH + Duration::new(1_795_613_126, 497_812_345);
        let wait = parse_wait("1795613136498", now).unwrap();
        assert_eq!(
            (now + wait).duration_since(UNIX_EPOCH).unwrap(),
            Duration::from_millis(1_795_613_136_498)
        );
        let wait = parse_wait("1795613136", now).unwrap();
        assert_eq!(
            (now + wait).duration_since(UNIX_EPOCH).unwrap(),
            Duration::from_secs(1_795_613_136)
        );
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
    fn server_wait_is_honoured_in_full_or_not_retried() {
        let p = RetryPolicy::default()
            .jitter(false)
            .initial_backoff(Duration::from_millis(100))
            .max_retry_after(Duration::from_secs(5));
        // Within the limit: exactly the server's wait (jitter off).
        assert_eq!(
            p.delay(1, Some(Duration::from_secs(3))),
            Some(Duration::from_secs(3))
        );
        assert_eq!(
            p.delay(1, Some(Duration::from_secs(5))),
            Some(Duration::from_secs(5))
        );
        // Longer than the limit: not retried early, not clamped.
        assert_eq!(p.delay(1, Some(Duration::from_secs(3600))), None);
        assert_eq!(p.delay(1, Some(Duration::MAX)), None);
        // Zero is no instruction: the normal backoff.
        assert_eq!(
            p.delay(2, Some(Duration::ZERO)),
            Some(Duration::from_millis(200))
        );
        assert_eq!(p.delay(2, None), Some(Duration::from_millis(200)));
    }

    #[test]
    fn server_waits_get_bounded_jitter_and_never_less_than_asked() {
        let p = RetryPolicy::default()
            .max_backoff(Duration::from_secs(20))
            .max_retry_after(Duration::from_secs(60));
        let wait = Duration::from_secs(8);
        let mut spread = std::collections::HashSet::new();
        for _ in 0..1000 {
            let d = p.delay(1, Some(wait)).unwrap();
            assert!(d >= wait, "{d:?} is less than the server asked for");
            assert!(d <= wait + wait / 4, "{d:?} has more than wait/4 jitter");
            spread.insert(d);
        }
        assert!(spread.len() > 100, "the extra is random: {spread:?}");
        // The extra is capped by max_backoff too.
        let p = p.max_backoff(Duration::from_millis(10));
        for _ in 0..1000 {
            let d = p.delay(1, Some(wait)).unwrap();
            assert!(d >= wait && d <= wait + Duration::from_millis(10), "{d:?}");
        }
        // A huge wait within a huge limit saturates instead of overflowing.
        let p = p.max_retry_after(Duration::MAX).max_backoff(Duration::MAX);
        assert_eq!(p.delay(1, Some(Duration::MAX)), Some(Duration::MAX));
    }

    #[test]
    fn hostile_wait_values_never_panic() {
        let now = at(1_700_000_000);
        let far = Some(Duration::MAX);
        for (v, want) in [
            ("1e23", far),
            ("1e26", far),
            ("1e309", far),
            (&"9".repeat(400)[..], far),
            ("18446744073709551616000000", far),
            ("1e300", far),
            ("-0", Some(Duration::ZERO)),
            ("0", Some(Duration::ZERO)),
            ("0.0000000001", Some(Duration::ZERO)),
            ("inf", None),
            ("+inf", None),
            ("Infinity", None),
            ("NaN", None),
            ("-1e23", None),
            ("-inf", None),
            ("", None),
            ("e", None),
            ("1e", None),
            ("--1", None),
            ("Fri, 31 Dec 9999 23:59:59 GMT", None),
        ] {
            let got = parse_wait(v, now);
            if v.starts_with("Fri") {
                // Far in the future, but a real wait.
                assert!(got.unwrap() > Duration::from_secs(200_000_000_000), "{v}");
            } else {
                assert_eq!(got, want, "{v:?}");
            }
        }
        // Before the epoch, `now` itself cannot anchor a timestamp.
        let before_epoch = UNIX_EPOCH - Duration::from_secs(1);
        assert_eq!(parse_wait("1700000000000", before_epoch), None);
        assert_eq!(parse_wait("1e23", UNIX_EPOCH), far);
    }

    #[test]
    fn zero_and_past_waits_are_no_instruction() {
        let now = at(1_700_000_000);
        let mut h = HeaderMap::new();
        h.insert("retry-after", "0".parse().unwrap());
        h.insert("x-ratelimit-reset", "1699999990".parse().unwrap());
        let s = StatusCode::TOO_MANY_REQUESTS;
        assert_eq!(server_wait(s, &h, &["x-ratelimit-reset"], now), None);
        // A zero Retry-After lets a positive reset header speak.
        h.insert("x-ratelimit-reset", "1700000012".parse().unwrap());
        assert_eq!(
            server_wait(s, &h, &["x-ratelimit-reset"], now),
            Some(Duration::from_secs(12))
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
