//! Property tests of the header and error-body readers: `parse_wait` in
//! every form, `server_wait`, `RateLimitInfo::from_headers`, the generic
//! error-body reader, and request-id extraction through the real transport.
//! No input panics, and every value stays within what the header can mean.
//!
//! A long soak:
//! `PROPTEST_CASES=200000 cargo test --release -p affiliate-common --test fuzz_headers`.

use std::sync::LazyLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use affiliate_common::flavor::parse_error_generic;
use affiliate_common::fuzz::proptest::prelude::*;
use affiliate_common::fuzz::proptest::proptest;
use affiliate_common::fuzz::{self, no_panic};
use affiliate_common::retry::{parse_wait, server_wait};
use affiliate_common::{Client, Error, Flavor, GenericFlavor, RateLimitInfo, Request, RetryPolicy};
use http::{HeaderMap, HeaderValue, StatusCode};

/// 2023-11-14T22:13:20Z.
const NOW_SECS: u64 = 1_700_000_000;

fn now() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(NOW_SECS)
}

/// A `now` anywhere from before the epoch to the year 2500.
fn any_now() -> impl Strategy<Value = SystemTime> {
    (-1_000_000_000i64..16_725_225_600i64, 0u32..1_000_000_000).prop_map(|(s, n)| {
        if s < 0 {
            UNIX_EPOCH - Duration::from_secs(s.unsigned_abs())
        } else {
            UNIX_EPOCH + Duration::new(s as u64, n)
        }
    })
}

/// What a numeric header value can mean at most, in seconds: a delay for
/// numbers below 10⁹, an epoch time in seconds below 10¹², in milliseconds
/// above.
fn numeric_bound(n: f64, now: SystemTime) -> f64 {
    let now = match now.duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_secs_f64(),
        Err(e) => -e.duration().as_secs_f64(),
    };
    if n >= 1e12 {
        n / 1000.0 - now
    } else if n >= 1e9 {
        n - now
    } else {
        n
    }
}

/// The checks every `parse_wait` result must pass.
fn check_wait(value: &str, now: SystemTime) -> Result<(), String> {
    let wait = no_panic(|| Ok(parse_wait(value, now)))?;
    let Some(wait) = wait else { return Ok(()) };
    let t = value.trim();
    if let Ok(n) = t.parse::<f64>() {
        if n.is_finite() {
            let bound = numeric_bound(n, now).max(0.0);
            // An instant past what the clock can hold (i64 seconds, some
            // 292 billion years) saturates to the longest wait.
            let beyond_clock = bound > i64::MAX as f64 - 1e12 && wait == Duration::MAX;
            // A relative slack for the float arithmetic, and 1 µs.
            if wait.as_secs_f64() > bound * (1.0 + 1e-9) + 1e-6 && !beyond_clock {
                return Err(format!("{value:?}: waits {wait:?}, more than {bound} s"));
            }
        }
    } else if let Ok(at) = httpdate::parse_http_date(t) {
        let expected = at.duration_since(now).unwrap_or(Duration::ZERO);
        if wait != expected {
            return Err(format!(
                "{value:?}: waits {wait:?}, the date means {expected:?}"
            ));
        }
    }
    Ok(())
}

fn header_strings() -> impl Strategy<Value = String> {
    prop_oneof![
        fuzz::header_value().prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
        any::<String>(),
        "[ \t]{0,2}-?[0-9]{0,25}(\\.[0-9]{0,12})?([eE][+-]?[0-9]{1,4})?[ \t]{0,2}",
    ]
}

proptest! {
    #![proptest_config(fuzz::config(800))]

    /// Any text, at any `now`: no panic, and a numeric or date value never
    /// waits longer than it can mean.
    #[test]
    fn parse_wait_never_panics_nor_overshoots(value in header_strings(), now in any_now()) {
        check_wait(&value, now).map_err(TestCaseError::fail)?;
    }

    /// A delay in seconds (fractions allowed) is read as that delay.
    #[test]
    fn delta_seconds_are_the_delay(millis in 0u64..999_999_999_999, spaces in 0usize..3) {
        let secs = millis as f64 / 1000.0;
        let text = format!("{}{secs}{}", " ".repeat(spaces), "\t".repeat(spaces));
        let wait = parse_wait(&text, now()).expect("a delay parses");
        prop_assert!((wait.as_secs_f64() - secs).abs() <= 1e-6, "{text:?} gave {wait:?}");
    }

    /// An absolute time in epoch seconds or milliseconds waits until then
    /// (zero once it has passed).
    #[test]
    fn epoch_times_wait_until_then(offset in -1_000_000i64..100_000_000, millis in any::<bool>()) {
        let target = NOW_SECS as i64 + offset;
        let text = if millis { format!("{}", target * 1000) } else { target.to_string() };
        let wait = parse_wait(&text, now()).expect("an epoch time parses");
        prop_assert_eq!(wait, Duration::from_secs(offset.max(0) as u64), "{}", text);
    }

    /// An HTTP-date waits until that second (zero once it has passed).
    #[test]
    fn http_dates_wait_until_then(secs in 0u64..253_402_300_799, now in any_now()) {
        let at = UNIX_EPOCH + Duration::from_secs(secs);
        let text = httpdate::fmt_http_date(at);
        let wait = parse_wait(&text, now).expect("an HTTP-date parses");
        prop_assert_eq!(wait, at.duration_since(now).unwrap_or(Duration::ZERO));
    }

    /// `Retry-After` wins; reset headers count only on a 429; a zero wait is
    /// no instruction; the result is what `parse_wait` reads from the
    /// chosen header.
    #[test]
    fn server_wait_follows_its_rules(
        headers in fuzz::header_map(),
        status in prop_oneof![Just(429u16), Just(503), Just(500), Just(200), 100u16..1000],
        now in any_now(),
    ) {
        let status = StatusCode::from_u16(status).expect("100..1000 is a status");
        let reset = ["x-ratelimit-reset"];
        let got = no_panic(|| Ok(server_wait(status, &headers, &reset, now)))
            .map_err(TestCaseError::fail)?;
        let read = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| parse_wait(v, now))
                .filter(|w| !w.is_zero())
        };
        let expected = read("retry-after").or_else(|| {
            (status == StatusCode::TOO_MANY_REQUESTS).then(|| read("x-ratelimit-reset")).flatten()
        });
        prop_assert_eq!(got, expected);
    }

    /// Rate-limit figures: never a panic; counts are the header's integer;
    /// waits are what `parse_wait` reads.
    #[test]
    fn rate_limit_info_reads_only_what_the_headers_say(
        headers in fuzz::header_map(),
        now in any_now(),
    ) {
        let info = no_panic(|| Ok(RateLimitInfo::from_headers(&headers, now)))
            .map_err(TestCaseError::fail)?;
        let flavored = no_panic(|| Ok(GenericFlavor.rate_limit_info(&headers, now)))
            .map_err(TestCaseError::fail)?;
        prop_assert_eq!(&info, &flavored);
        let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        for (name, got) in [("x-ratelimit-limit", info.limit), ("x-ratelimit-remaining", info.remaining)] {
            if let Some(v) = got {
                let header = text(name).unwrap_or_default();
                prop_assert_eq!(header.trim().parse::<u64>().ok(), Some(v), "{}: {:?}", name, header);
            }
        }
        for (name, got) in [("x-ratelimit-reset", info.reset), ("retry-after", info.retry_after)] {
            if let Some(w) = got {
                let value = text(name).unwrap_or_default();
                prop_assert_eq!(parse_wait(value, now), Some(w), "{}", name);
                check_wait(value, now).map_err(TestCaseError::fail)?;
            }
        }
    }

    /// Error bodies of any shape, at any status: no panic, the status is
    /// kept, and the message is never empty (the status text at worst).
    #[test]
    fn error_bodies_always_give_an_error_with_a_message(
        body in fuzz::error_body(),
        status in 100u16..1000,
    ) {
        let status = StatusCode::from_u16(status).expect("100..1000 is a status");
        let e = no_panic(|| Ok(parse_error_generic(status, &body))).map_err(TestCaseError::fail)?;
        prop_assert_eq!(e.status, status);
        prop_assert!(!e.message.is_empty());
        if serde_json::from_slice::<serde_json::Value>(&body).map(|v| !v.is_object()).unwrap_or(true) {
            prop_assert_eq!(
                e.message.as_str(),
                status.canonical_reason().unwrap_or("unexpected status")
            );
            prop_assert_eq!(&e.code, &None);
        }
        let _ = format!("{e} {e:?}");
    }
}

/// A runtime and a mock server shared by the transport cases.
struct Server {
    rt: tokio::runtime::Runtime,
    mock: wiremock::MockServer,
    client: Client,
}

static SERVER: LazyLock<Server> = LazyLock::new(|| {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let mock = rt.block_on(wiremock::MockServer::start());
    let client = Client::builder(mock.uri().parse().expect("url"))
        .retry(RetryPolicy::none())
        .build()
        .expect("client");
    Server { rt, mock, client }
});

static CASE: AtomicU64 = AtomicU64::new(0);

/// Values a server can send in a header, printable or not.
fn wire_header_value() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        "[!-~]{1,40}".prop_map(String::into_bytes),
        proptest::collection::vec(
            prop_oneof![0x21u8..0x7f, 0x80u8..=0xff, Just(b' '), Just(b'\t')],
            1..30,
        ),
    ]
}

proptest! {
    #![proptest_config(fuzz::config(48))]

    /// Through the transport: the request id is the first of the flavor's
    /// request-id headers whose value is text, on success and on error
    /// responses alike, and the rate-limit counts match the headers.
    #[test]
    fn request_ids_and_counts_come_from_the_response_headers(
        ids in proptest::collection::vec(
            (proptest::sample::select(&["x-request-id", "request-id", "x-correlation-id"][..]),
             wire_header_value()),
            0..4,
        ),
        limit in fuzz::header_value(),
        error in any::<bool>(),
    ) {
        let s = &*SERVER;
        let mut headers = HeaderMap::new();
        for (name, value) in &ids {
            headers.insert(*name, HeaderValue::from_bytes(value).expect("a valid header value"));
        }
        if let Ok(v) = HeaderValue::from_bytes(&limit) {
            headers.insert("x-ratelimit-limit", v);
        }
        // Each case (shrinking included) gets a path of its own.
        let case = CASE.fetch_add(1, Ordering::Relaxed);
        let path = format!("/case/{case}");
        let mut template = wiremock::ResponseTemplate::new(if error { 400 } else { 200 })
            .set_body_string(if error { r#"{"message":"bad"}"# } else { "{}" });
        for (name, value) in &headers {
            template = template.append_header(name.clone(), value.clone());
        }
        s.rt.block_on(
            wiremock::Mock::given(wiremock::matchers::path(path.as_str()))
                .respond_with(template)
                .mount(&s.mock),
        );
        // HTTP drops the whitespace around a field value on the way, and a
        // blank value is no request id: the next header in line is asked.
        let expected_id = GenericFlavor
            .request_id_headers()
            .iter()
            .find_map(|h| {
                headers
                    .get(*h)
                    .and_then(|v| v.to_str().ok())
                    .map(|v| v.trim_matches([' ', '\t']))
                    .filter(|v| !v.is_empty())
            })
            .map(str::to_owned);
        let expected_limit = RateLimitInfo::from_headers(&headers, SystemTime::now()).limit;
        let segment = path.trim_start_matches('/').split('/').collect::<Vec<_>>();
        let api_path = affiliate_common::ApiPath::new(segment[0]).param("case", segment[1])
            .expect("a valid path");
        let got = s.rt.block_on(s.client.execute(Request::get(api_path)));
        match (error, got) {
            (false, Ok(raw)) => {
                prop_assert_eq!(&raw.meta.request_id, &expected_id);
                prop_assert_eq!(raw.meta.rate_limit.limit, expected_limit);
            }
            (true, Err(Error::Api(e))) => {
                prop_assert_eq!(&e.request_id, &expected_id);
                prop_assert_eq!(e.message.as_str(), "bad");
            }
            (_, other) => prop_assert!(false, "unexpected outcome {:?}", other.map(|r| r.meta.status)),
        }
    }
}
