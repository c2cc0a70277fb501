//! A tiny in-process HTTP server for the API crates' simulated APIs.
//!
//! Each API crate implements [`Handler`] with its seeded data and real
//! envelopes; [`Sandbox::start`] serves it on `127.0.0.1` on a free port.
//! [`Faults`] switch on misbehaviour at run time, so examples and tests can
//! show retries, rate limiting and the client's refusals without a network:
//!
//! - status faults: 429 with a `Retry-After` value ([`Fault::RateLimited`],
//!   or [`Fault::Throttled`] with any of the four [`RetryAfter`] forms),
//!   and 5xx responses ([`Fault::Status`]);
//! - transport faults: a connection reset in the middle of the body
//!   ([`Fault::ResetMidBody`]), a body shorter than its `Content-Length`
//!   ([`Fault::TruncatedBody`]), a body that stalls after the headers
//!   ([`Fault::StalledBody`]);
//! - data faults: the previous page served again, as a stale cache would
//!   ([`Fault::RepeatedPage`]), and a `302` to another origin
//!   ([`Fault::CrossOriginRedirect`]), served by a second listener
//!   ([`Sandbox::foreign`]) that counts what reaches it.
//!
//! Faults are scheduled ([`Faults::fail_next`], [`Faults::fail_every`]) or
//! drawn at random from a seeded generator ([`Faults::mix`]). The sandbox
//! records what it injected by kind ([`Faults::injected_by_kind`]), every
//! 429 it answered with the wait it asked for and when the same request came
//! back ([`Faults::throttles`]), and every write it received
//! ([`Faults::writes`]).
//!
//! ```
//! use affiliate_common::sandbox::{Sandbox, SandboxRequest, SandboxResponse};
//!
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! let sandbox = Sandbox::start(|req: SandboxRequest| {
//!     SandboxResponse::json(200, &serde_json::json!({ "path": req.path }))
//! })
//! .await
//! .unwrap();
//! println!("serving on {}", sandbox.url());
//! # }
//! ```

pub mod ops;

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::convert::Infallible;
use std::fmt;
use std::hash::{DefaultHasher, Hasher as _};
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use http_body_util::BodyExt as _;
use hyper::body::{Frame, SizeHint};
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;
use tokio::time::{Instant, Sleep};
use url::Url;

/// A request as the sandbox sees it.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct SandboxRequest {
    /// The method.
    pub method: Method,
    /// The percent-decoded path, starting with `/`.
    pub path: String,
    /// The raw (still encoded) path.
    pub raw_path: String,
    /// The decoded query pairs, in order.
    pub query: Vec<(String, String)>,
    /// The request headers.
    pub headers: HeaderMap,
    /// The body.
    pub body: Bytes,
}

impl SandboxRequest {
    /// The first value of a query parameter.
    pub fn query(&self, key: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// A header as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The decoded path segments (each raw segment percent-decoded on its
    /// own, so an encoded `/` stays inside its segment).
    pub fn segments(&self) -> Vec<String> {
        self.raw_path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(|s| {
                percent_encoding::percent_decode_str(s)
                    .decode_utf8_lossy()
                    .into_owned()
            })
            .collect()
    }

    /// The body as JSON.
    ///
    /// # Errors
    /// When the body is not valid JSON for `T`.
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_slice(&self.body)
    }

    /// The body as form pairs.
    pub fn form(&self) -> Vec<(String, String)> {
        url::form_urlencoded::parse(&self.body)
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect()
    }
}

/// A response from a sandbox handler.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct SandboxResponse {
    /// The status.
    pub status: StatusCode,
    /// The headers.
    pub headers: HeaderMap,
    /// The body.
    pub body: Bytes,
}

impl SandboxResponse {
    /// A JSON response.
    pub fn json(status: u16, value: &serde_json::Value) -> Self {
        Self::bytes(
            status,
            "application/json",
            serde_json::to_vec(value).unwrap_or_default(),
        )
    }

    /// A response with raw bytes.
    pub fn bytes(status: u16, content_type: &'static str, body: impl Into<Bytes>) -> Self {
        let mut headers = HeaderMap::new();
        headers.insert(
            http::header::CONTENT_TYPE,
            HeaderValue::from_static(content_type),
        );
        SandboxResponse {
            status: StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            headers,
            body: body.into(),
        }
    }

    /// Adds a header (ignored when the name or value is invalid).
    pub fn header(mut self, name: &str, value: &str) -> Self {
        if let (Ok(n), Ok(v)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            self.headers.insert(n, v);
        }
        self
    }
}

/// A simulated API.
pub trait Handler: Send + Sync + 'static {
    /// Answers one request.
    fn handle(&self, req: SandboxRequest) -> SandboxResponse;

    /// The response for an injected status fault, in the API's own error
    /// format. The server passes only [`Fault::RateLimited`] (a
    /// [`Fault::Throttled`] arrives here as `RateLimited` with its value
    /// already written out) and [`Fault::Status`]; it serves every other
    /// fault itself.
    fn fault(&self, fault: &Fault) -> SandboxResponse {
        match fault {
            Fault::RateLimited { retry_after } => {
                SandboxResponse::json(429, &serde_json::json!({ "message": "Too Many Requests" }))
                    .header("retry-after", retry_after)
            }
            Fault::Status(code) => {
                SandboxResponse::json(*code, &serde_json::json!({ "message": "injected fault" }))
            }
            _ => SandboxResponse::json(500, &serde_json::json!({ "message": "injected fault" })),
        }
    }
}

impl<F> Handler for F
where
    F: Fn(SandboxRequest) -> SandboxResponse + Send + Sync + 'static,
{
    fn handle(&self, req: SandboxRequest) -> SandboxResponse {
        self(req)
    }
}

/// How a 429 writes the wait it asks for in `Retry-After`.
///
/// The value is written when the response is sent, so the absolute forms
/// name a moment `wait` after that. Every form rounds up, never down: the
/// wait asked for is at least the given one (up to a second more for the
/// whole-second forms, so use those sparingly where time matters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RetryAfter {
    /// A delay in seconds with millisecond fractions, e.g. `0.050`.
    DeltaSeconds(Duration),
    /// An HTTP-date (`Sun, 06 Nov 1994 08:49:37 GMT`), whole seconds.
    HttpDate(Duration),
    /// An absolute Unix time in seconds, e.g. `1767225601`.
    EpochSeconds(Duration),
    /// An absolute Unix time in milliseconds, e.g. `1767225600050`.
    EpochMillis(Duration),
}

impl RetryAfter {
    /// The wait before rounding.
    pub fn wait(&self) -> Duration {
        match self {
            RetryAfter::DeltaSeconds(d)
            | RetryAfter::HttpDate(d)
            | RetryAfter::EpochSeconds(d)
            | RetryAfter::EpochMillis(d) => *d,
        }
    }

    /// The header value as sent at `now`.
    pub fn render(&self, now: SystemTime) -> String {
        let since_epoch = now.duration_since(UNIX_EPOCH).unwrap_or_default();
        let at = since_epoch.saturating_add(self.wait());
        match self {
            RetryAfter::DeltaSeconds(d) => {
                let ms = ceil_millis(*d);
                format!("{}.{:03}", ms / 1000, ms % 1000)
            }
            RetryAfter::HttpDate(_) => {
                httpdate::fmt_http_date(UNIX_EPOCH + Duration::from_secs(ceil_secs(at)))
            }
            RetryAfter::EpochSeconds(_) => ceil_secs(at).to_string(),
            RetryAfter::EpochMillis(_) => ceil_millis(at).to_string(),
        }
    }
}

fn ceil_millis(d: Duration) -> u128 {
    d.as_nanos().div_ceil(1_000_000)
}

fn ceil_secs(d: Duration) -> u64 {
    d.as_secs().saturating_add(u64::from(d.subsec_nanos() > 0))
}

/// A fault the sandbox can inject.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// 429 with this `Retry-After` value, sent as is.
    RateLimited {
        /// The `Retry-After` header value.
        retry_after: String,
    },
    /// An error status (500, 502, 503, ...).
    Status(u16),
    /// 429 with a `Retry-After` in the given form, written when the
    /// response is sent (the handler sees it as [`Fault::RateLimited`]).
    Throttled(RetryAfter),
    /// The handler answers as usual, but only the headers and the first
    /// half of the body are sent; then the connection is reset (TCP `RST`).
    /// A write behind it has taken effect although the client sees a
    /// transport error.
    ResetMidBody,
    /// The handler answers as usual, but the `Content-Length` announces the
    /// whole body (at least one byte) while only its first half is sent;
    /// then the connection is closed normally.
    TruncatedBody,
    /// The handler answers as usual; the headers go out at once, then
    /// nothing for this long, then the body. Longer than the client's
    /// per-attempt timeout, it makes the attempt time out.
    StalledBody(Duration),
    /// A `GET` gets the response the sandbox sent to the previous request
    /// on the same path (a page of the same list with another query), byte
    /// for byte, as a stale cache would; the handler is not called.
    ///
    /// It applies only when that previous request was a `GET` answered
    /// with a 2xx and no fault, and never to a request for a first page (no
    /// cursor such as `starting_after`, a page number of at most 1, an
    /// offset of 0), so a list read again from the start does not meet a
    /// page of its previous reading. Until a request qualifies, a queued one
    /// waits at the head of [`Faults::fail_next`]'s queue and a drawn one is
    /// skipped. With pages fetched concurrently, "previous" is the page
    /// served last, not necessarily the page before in list order.
    RepeatedPage,
    /// A `302 Found` whose `Location` is the same path and query on the
    /// sandbox's second origin ([`Sandbox::foreign`]); the handler is not
    /// called.
    CrossOriginRedirect,
}

impl Fault {
    /// A 429 asking to wait `secs` seconds.
    pub fn rate_limited(secs: u64) -> Self {
        Fault::RateLimited {
            retry_after: secs.to_string(),
        }
    }

    /// Which kind of fault this is.
    pub fn kind(&self) -> FaultKind {
        match self {
            Fault::RateLimited { .. } | Fault::Throttled(_) => FaultKind::RateLimited,
            Fault::Status(_) => FaultKind::Status,
            Fault::ResetMidBody => FaultKind::ResetMidBody,
            Fault::TruncatedBody => FaultKind::TruncatedBody,
            Fault::StalledBody(_) => FaultKind::StalledBody,
            Fault::RepeatedPage => FaultKind::RepeatedPage,
            Fault::CrossOriginRedirect => FaultKind::CrossOriginRedirect,
        }
    }
}

/// The kinds of [`Fault`], for counting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum FaultKind {
    /// [`Fault::RateLimited`] and [`Fault::Throttled`].
    RateLimited,
    /// [`Fault::Status`].
    Status,
    /// [`Fault::ResetMidBody`].
    ResetMidBody,
    /// [`Fault::TruncatedBody`].
    TruncatedBody,
    /// [`Fault::StalledBody`].
    StalledBody,
    /// [`Fault::RepeatedPage`].
    RepeatedPage,
    /// [`Fault::CrossOriginRedirect`].
    CrossOriginRedirect,
}

impl fmt::Display for FaultKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FaultKind::RateLimited => "429",
            FaultKind::Status => "5xx",
            FaultKind::ResetMidBody => "reset mid-body",
            FaultKind::TruncatedBody => "truncated body",
            FaultKind::StalledBody => "stalled body",
            FaultKind::RepeatedPage => "repeated page",
            FaultKind::CrossOriginRedirect => "cross-origin redirect",
        })
    }
}

/// A 429 the sandbox answered (injected or the handler's own), and when
/// the same request came back.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Throttle {
    /// The request: method, raw path and raw query, plus a digest of the
    /// body when there is one (so two different writes to one path are two
    /// keys).
    pub key: String,
    /// The header value that asked for the wait, as sent: `Retry-After`,
    /// else `X-RateLimit-Reset` (the first that reads as a wait, as the
    /// client reads them).
    pub value: Option<String>,
    /// The wait it asked for, counted from [`Throttle::sent_at`]. `None`
    /// when it asked for no (or a zero) wait.
    pub asked: Option<Duration>,
    /// For a wait written as a moment (an HTTP-date, a Unix time in seconds
    /// or milliseconds), that moment on the wall clock.
    pub not_before: Option<SystemTime>,
    /// When the response was handed to the connection (Tokio's clock, so
    /// it follows a paused test clock).
    pub sent_at: Instant,
    /// How long after [`Throttle::sent_at`] the same request arrived again;
    /// `None` when it did not (yet).
    pub came_back_after: Option<Duration>,
    /// The wall-clock time it arrived again.
    pub came_back_at: Option<SystemTime>,
}

impl Throttle {
    /// Whether the request came back before the wait it was asked for.
    ///
    /// A wait written as a moment is checked on the wall clock, the only
    /// clock a client can honour it on (the wall clock may be adjusted
    /// while it waits); a delay is checked on the monotonic clock, from
    /// when the response was sent.
    pub fn too_early(&self) -> bool {
        match self.not_before {
            Some(moment) => self.came_back_at.is_some_and(|at| at < moment),
            None => matches!(
                (self.asked, self.came_back_after),
                (Some(asked), Some(back)) if back < asked
            ),
        }
    }
}

/// What a 429's headers ask for, read as the client reads them: the header
/// value, the wait, and the moment when the value names one.
fn asked_wait(
    headers: &HeaderMap,
    now: SystemTime,
) -> (Option<String>, Option<Duration>, Option<SystemTime>) {
    for name in ["retry-after", "x-ratelimit-reset"] {
        let Some(value) = headers.get(name).and_then(|v| v.to_str().ok()) else {
            continue;
        };
        let Some(wait) = crate::retry::parse_wait(value, now).filter(|w| !w.is_zero()) else {
            continue;
        };
        let moment = value.trim().parse::<f64>().map_or(true, |n| n >= 1e9);
        return (
            Some(value.to_owned()),
            Some(wait),
            moment.then(|| now.checked_add(wait)).flatten(),
        );
    }
    (None, None, None)
}

/// A write (any method but `GET`, `HEAD` and `OPTIONS`) as the sandbox
/// received it, whether or not a fault answered it.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Received {
    /// The method.
    pub method: Method,
    /// The percent-decoded path.
    pub path: String,
    /// The raw query (empty when none).
    pub query: String,
    /// The body.
    pub body: Bytes,
    /// The fault that answered it, if any.
    pub fault: Option<FaultKind>,
}

#[derive(Debug, Default)]
struct Switches {
    next: VecDeque<Fault>,
    every: Option<(u64, Fault)>,
    mix: Option<Mix>,
    latency: Duration,
}

#[derive(Debug)]
struct Mix {
    rng: fastrand::Rng,
    table: Vec<(f64, Fault)>,
}

#[derive(Debug, Default)]
struct Records {
    by_kind: BTreeMap<FaultKind, u64>,
    throttles: Vec<Throttle>,
    /// Request key -> index in `throttles` of the 429 awaiting its retry.
    waiting: HashMap<String, usize>,
    writes: Vec<Received>,
    /// Raw path -> (raw query, response) of the last request on that path,
    /// when it was a clean 2xx `GET`.
    pages: HashMap<String, (String, SandboxResponse)>,
}

#[derive(Debug, Default)]
struct FaultState {
    switches: Switches,
    records: Records,
}

/// Switchable faults of a running sandbox, and its records of what
/// happened; clones share both.
#[derive(Clone, Default)]
pub struct Faults {
    state: Arc<Mutex<FaultState>>,
    requests: Arc<AtomicU64>,
    injected: Arc<AtomicU64>,
}

impl fmt::Debug for Faults {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Faults")
            .field("requests", &self.requests())
            .field("injected", &self.injected())
            .finish_non_exhaustive()
    }
}

/// One request, as fault selection and the records need it.
struct Arrival<'a> {
    key: &'a str,
    method: &'a Method,
    raw_path: &'a str,
    raw_query: &'a str,
}

/// What the server does with one request.
struct Plan {
    latency: Duration,
    fault: Option<Fault>,
    stale: Option<SandboxResponse>,
}

impl Faults {
    /// The next `n` requests get `fault` (after any already queued).
    pub fn fail_next(&self, n: usize, fault: Fault) {
        let mut st = self.lock();
        st.switches.next.extend(std::iter::repeat_n(fault, n));
    }

    /// Every `n`-th request gets `fault` (0 turns it off).
    pub fn fail_every(&self, n: u64, fault: Fault) {
        self.lock().switches.every = (n > 0).then_some((n, fault));
    }

    /// Each request gets one of `mix`'s faults with its probability, drawn
    /// from a generator seeded with `seed` (one draw per request, so the
    /// same request sequence gets the same faults). With `[(0.10, a),
    /// (0.05, b)]`, 10% of requests get `a`, 5% get `b`, 85% none;
    /// probabilities are clamped to `[0, 1]` and whatever lies past a total
    /// of 1 is never drawn. Queued ([`Faults::fail_next`]) and periodic
    /// ([`Faults::fail_every`]) faults come first. Replaces an earlier mix;
    /// an empty `mix` turns it off.
    pub fn mix(&self, seed: u64, mix: &[(f64, Fault)]) {
        let table: Vec<(f64, Fault)> = mix
            .iter()
            .map(|(p, f)| {
                let p = if p.is_nan() { 0.0 } else { p.clamp(0.0, 1.0) };
                (p, f.clone())
            })
            .collect();
        self.lock().switches.mix = (!table.is_empty()).then(|| Mix {
            rng: fastrand::Rng::with_seed(seed),
            table,
        });
    }

    /// Adds `latency` to every response.
    pub fn set_latency(&self, latency: Duration) {
        self.lock().switches.latency = latency;
    }

    /// Turns every fault and the latency off (the records stay).
    pub fn clear(&self) {
        self.lock().switches = Switches::default();
    }

    /// Requests served so far (faults included).
    pub fn requests(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }

    /// Faults injected so far.
    pub fn injected(&self) -> u64 {
        self.injected.load(Ordering::Relaxed)
    }

    /// Faults injected so far, by kind (kinds never injected are absent).
    pub fn injected_by_kind(&self) -> BTreeMap<FaultKind, u64> {
        self.lock().records.by_kind.clone()
    }

    /// Faults of one kind injected so far.
    pub fn injected_of(&self, kind: FaultKind) -> u64 {
        self.lock().records.by_kind.get(&kind).copied().unwrap_or(0)
    }

    /// Every 429 answered so far, in order.
    pub fn throttles(&self) -> Vec<Throttle> {
        self.lock().records.throttles.clone()
    }

    /// The 429s whose request came back before the wait they asked for.
    pub fn early_retries(&self) -> Vec<Throttle> {
        self.lock()
            .records
            .throttles
            .iter()
            .filter(|t| t.too_early())
            .cloned()
            .collect()
    }

    /// Every write received so far, in order of arrival.
    pub fn writes(&self) -> Vec<Received> {
        self.lock().records.writes.clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, FaultState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Notes the arrival of a request and decides its fate.
    fn on_request(&self, a: &Arrival<'_>, request: &SandboxRequest) -> Plan {
        let n = self.requests.fetch_add(1, Ordering::Relaxed) + 1;
        let now = Instant::now();
        let mut guard = self.lock();
        let st = &mut *guard;
        if let Some(i) = st.records.waiting.remove(a.key)
            && let Some(t) = st.records.throttles.get_mut(i)
        {
            t.came_back_after = Some(now.saturating_duration_since(t.sent_at));
            t.came_back_at = Some(SystemTime::now());
        }
        let stale = (a.method == Method::GET && !is_first_page(&request.query))
            .then(|| st.records.pages.get(a.raw_path))
            .flatten()
            .filter(|(query, _)| query != a.raw_query)
            .map(|(_, resp)| resp.clone());
        let fault = st.switches.pick(n, stale.is_some());
        if let Some(f) = &fault {
            self.injected.fetch_add(1, Ordering::Relaxed);
            *st.records.by_kind.entry(f.kind()).or_default() += 1;
            // The stored page is only "the previous one" until a faulted
            // request on the path comes between.
            st.records.pages.remove(a.raw_path);
        }
        if !matches!(*a.method, Method::GET | Method::HEAD | Method::OPTIONS) {
            st.records.writes.push(Received {
                method: a.method.clone(),
                path: request.path.clone(),
                query: a.raw_query.to_owned(),
                body: request.body.clone(),
                fault: fault.as_ref().map(Fault::kind),
            });
        }
        let stale = if matches!(fault, Some(Fault::RepeatedPage)) {
            stale
        } else {
            None
        };
        Plan {
            latency: st.switches.latency,
            fault,
            stale,
        }
    }

    /// Notes the response about to be sent.
    fn on_response(&self, a: &Arrival<'_>, faulted: bool, resp: &SandboxResponse) {
        let mut guard = self.lock();
        let st = &mut *guard;
        if !faulted && a.method == Method::GET {
            if resp.status.is_success() {
                st.records.pages.insert(
                    a.raw_path.to_owned(),
                    (a.raw_query.to_owned(), resp.clone()),
                );
            } else {
                st.records.pages.remove(a.raw_path);
            }
        }
        if resp.status == StatusCode::TOO_MANY_REQUESTS {
            let (value, asked, not_before) = asked_wait(&resp.headers, SystemTime::now());
            let i = st.records.throttles.len();
            st.records.throttles.push(Throttle {
                key: a.key.to_owned(),
                value,
                asked,
                not_before,
                sent_at: Instant::now(),
                came_back_after: None,
                came_back_at: None,
            });
            st.records.waiting.insert(a.key.to_owned(), i);
        }
    }
}

impl Switches {
    /// The fault for request number `n`; `page_ready` says whether a
    /// [`Fault::RepeatedPage`] can apply to it.
    fn pick(&mut self, n: u64, page_ready: bool) -> Option<Fault> {
        let applies = |f: &Fault| page_ready || !matches!(f, Fault::RepeatedPage);
        if let Some(f) = self.next.pop_front() {
            if applies(&f) {
                return Some(f);
            }
            self.next.push_front(f);
        }
        if let Some((every, f)) = &self.every
            && n.is_multiple_of(*every)
            && applies(f)
        {
            return Some(f.clone());
        }
        if let Some(mix) = &mut self.mix {
            let draw = mix.rng.f64();
            let mut acc = 0.0;
            for (p, f) in &mix.table {
                acc += p;
                if draw < acc {
                    return applies(f).then(|| f.clone());
                }
            }
        }
        None
    }
}

/// Whether a query asks for the first page of a list: no cursor, no page
/// number above 1, no offset above 0 (parameter names compared without case
/// or underscores).
fn is_first_page(query: &[(String, String)]) -> bool {
    query.iter().all(|(k, v)| {
        let v = v.trim();
        match k.to_ascii_lowercase().replace('_', "").as_str() {
            "startingafter" | "endingbefore" | "cursor" | "after" | "before" | "pagetoken" => {
                v.is_empty()
            }
            "page" | "pagenumber" => v.parse::<u64>().map_or(true, |p| p <= 1),
            "offset" | "skip" => v.parse::<u64>().map_or(true, |o| o == 0),
            _ => true,
        }
    })
}

/// The sandbox's second origin: a listener on another port of `127.0.0.1`
/// that [`Fault::CrossOriginRedirect`] points at. It answers every request
/// with a 404 and records it, so a test can check that nothing (and no
/// credential) followed a redirect there.
#[derive(Clone)]
pub struct ForeignOrigin {
    url: Url,
    seen: Arc<Mutex<Vec<HeaderMap>>>,
}

impl fmt::Debug for ForeignOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ForeignOrigin")
            .field("url", &self.url.as_str())
            .field("requests", &self.requests())
            .finish()
    }
}

/// Header names that carry credentials, or parts of such names.
const CREDENTIAL_NAME_PARTS: [&str; 7] = [
    "auth", "key", "token", "secret", "session", "cookie", "password",
];

impl ForeignOrigin {
    /// Its base URL (`http://127.0.0.1:PORT/`).
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// Requests it received.
    pub fn requests(&self) -> u64 {
        self.lock().len() as u64
    }

    /// Every credential-like header it received, as (lower-case name,
    /// value): `Authorization`, `Cookie`, and any header whose name contains
    /// `auth`, `key`, `token`, `secret`, `session` or `password`.
    pub fn credentials_seen(&self) -> Vec<(String, String)> {
        self.lock()
            .iter()
            .flat_map(|headers| headers.iter())
            .filter(|(name, _)| {
                CREDENTIAL_NAME_PARTS
                    .iter()
                    .any(|part| name.as_str().contains(part))
            })
            .map(|(name, value)| {
                (
                    name.as_str().to_owned(),
                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                )
            })
            .collect()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<HeaderMap>> {
        self.seen.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// A running sandbox server; it stops when dropped.
pub struct Sandbox {
    addr: SocketAddr,
    url: Url,
    faults: Faults,
    foreign: ForeignOrigin,
    tasks: [JoinHandle<()>; 2],
}

impl fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sandbox")
            .field("url", &self.url.as_str())
            .field("faults", &self.faults)
            .field("foreign", &self.foreign)
            .finish_non_exhaustive()
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}

impl Sandbox {
    /// Serves `handler` on `127.0.0.1` on a free port. Must be called inside
    /// a Tokio runtime.
    ///
    /// # Errors
    /// When no local port can be bound.
    pub async fn start(handler: impl Handler) -> std::io::Result<Sandbox> {
        Self::start_with_prefix(handler, "").await
    }

    /// Like [`Sandbox::start`], with [`Sandbox::url`] ending in `prefix`
    /// (e.g. `/api/v2`), so a client's base URL looks like the real one.
    ///
    /// # Errors
    /// When no local port can be bound.
    pub async fn start_with_prefix(
        handler: impl Handler,
        prefix: &str,
    ) -> std::io::Result<Sandbox> {
        let invalid = |e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e);
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let addr = listener.local_addr()?;
        let url = Url::parse(&format!("http://{addr}{prefix}")).map_err(invalid)?;
        let foreign_listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let foreign_addr = foreign_listener.local_addr()?;
        let foreign = ForeignOrigin {
            url: Url::parse(&format!("http://{foreign_addr}/")).map_err(invalid)?,
            seen: Arc::default(),
        };
        let faults = Faults::default();
        let api = Arc::new(Role::Api {
            handler: Arc::new(handler),
            faults: faults.clone(),
            foreign: foreign_addr,
        });
        let tasks = [
            tokio::spawn(accept_loop(listener, api)),
            tokio::spawn(accept_loop(
                foreign_listener,
                Arc::new(Role::Foreign(foreign.clone())),
            )),
        ];
        Ok(Sandbox {
            addr,
            url,
            faults,
            foreign,
            tasks,
        })
    }

    /// The base URL to point a client at.
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The fault switches and records.
    pub fn faults(&self) -> &Faults {
        &self.faults
    }

    /// The second origin that [`Fault::CrossOriginRedirect`] points at.
    pub fn foreign(&self) -> &ForeignOrigin {
        &self.foreign
    }
}

/// What a listener serves.
enum Role {
    /// The simulated API.
    Api {
        handler: Arc<dyn Handler>,
        faults: Faults,
        foreign: SocketAddr,
    },
    /// The second origin.
    Foreign(ForeignOrigin),
}

async fn accept_loop(listener: TcpListener, role: Arc<Role>) {
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(_) => {
                // Out of file descriptors, say: try again shortly rather
                // than spin.
                tokio::time::sleep(Duration::from_millis(5)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let role = role.clone();
        let reset = Arc::new(AtomicBool::new(false));
        let io = TokioIo::new(ServedConn {
            stream,
            reset: reset.clone(),
        });
        tokio::spawn(async move {
            let service = service_fn(move |req: http::Request<hyper::body::Incoming>| {
                let role = role.clone();
                let reset = reset.clone();
                async move {
                    Ok::<_, Infallible>(match &*role {
                        Role::Api {
                            handler,
                            faults,
                            foreign,
                        } => serve(req, handler.as_ref(), faults, *foreign, &reset).await,
                        Role::Foreign(origin) => serve_foreign(req, origin),
                    })
                }
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .keep_alive(true)
                .serve_connection(io, service)
                .await;
        });
    }
}

/// A server-side connection that can be closed with a reset instead of a
/// clean shutdown.
struct ServedConn {
    stream: TcpStream,
    /// Set by [`Fault::ResetMidBody`]: close with `RST`.
    reset: Arc<AtomicBool>,
}

impl Drop for ServedConn {
    fn drop(&mut self) {
        if self.reset.load(Ordering::Relaxed) {
            // A zero linger makes the close send RST and drop unsent data;
            // unlike a non-zero linger, it never blocks. (`set_zero_linger`
            // says the same but needs a newer Tokio than the workspace's
            // minimum.)
            #[allow(deprecated)]
            let _ = self.stream.set_linger(Some(Duration::ZERO));
        }
    }
}

impl AsyncRead for ServedConn {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for ServedConn {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }
}

/// How long a cut body waits after its first half before failing, so the
/// first half is flushed and read before the connection goes.
const CUT_PAUSE: Duration = Duration::from_millis(10);

/// A response body, whole or faulty.
struct Body(BodyState);

enum BodyState {
    /// The whole body in one frame (`None` once sent).
    Whole(Option<Bytes>),
    /// Sends `head`, waits [`CUT_PAUSE`], then fails, which makes the
    /// server drop the connection.
    Cut {
        head: Option<Bytes>,
        pause: Option<Pin<Box<Sleep>>>,
    },
    /// Waits out `stall`, then sends `body`.
    Stall {
        stall: Pin<Box<Sleep>>,
        body: Option<Bytes>,
    },
}

impl hyper::body::Body for Body {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, std::io::Error>>> {
        match &mut self.0 {
            BodyState::Whole(body) => Poll::Ready(body.take().map(|b| Ok(Frame::data(b)))),
            BodyState::Cut { head, pause } => {
                if let Some(h) = head.take().filter(|h| !h.is_empty()) {
                    return Poll::Ready(Some(Ok(Frame::data(h))));
                }
                let pause = pause.get_or_insert_with(|| Box::pin(tokio::time::sleep(CUT_PAUSE)));
                if pause.as_mut().poll(cx).is_pending() {
                    return Poll::Pending;
                }
                Poll::Ready(Some(Err(std::io::Error::new(
                    std::io::ErrorKind::ConnectionAborted,
                    "sandbox fault: body cut short",
                ))))
            }
            BodyState::Stall { stall, body } => {
                if stall.as_mut().poll(cx).is_pending() {
                    return Poll::Pending;
                }
                Poll::Ready(body.take().map(|b| Ok(Frame::data(b))))
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        matches!(&self.0, BodyState::Whole(None))
    }

    fn size_hint(&self) -> SizeHint {
        match &self.0 {
            BodyState::Whole(body) => {
                SizeHint::with_exact(body.as_ref().map_or(0, |b| b.len() as u64))
            }
            _ => SizeHint::default(),
        }
    }
}

/// How the response goes out.
enum Shape {
    Whole,
    Cut,
    Stall(Duration),
}

/// The request key of [`Throttle::key`].
fn request_key(method: &Method, raw_path: &str, raw_query: &str, body: &[u8]) -> String {
    let mut key = format!("{method} {raw_path}");
    if !raw_query.is_empty() {
        key.push('?');
        key.push_str(raw_query);
    }
    if !body.is_empty() {
        let mut h = DefaultHasher::new();
        h.write(body);
        key.push_str(&format!(" body#{:016x}", h.finish()));
    }
    key
}

async fn serve(
    req: http::Request<hyper::body::Incoming>,
    handler: &dyn Handler,
    faults: &Faults,
    foreign: SocketAddr,
    reset: &AtomicBool,
) -> http::Response<Body> {
    let (parts, body) = req.into_parts();
    let body = body
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    let raw_path = parts.uri.path().to_owned();
    let raw_query = parts.uri.query().unwrap_or("").to_owned();
    let path = percent_encoding::percent_decode_str(&raw_path)
        .decode_utf8_lossy()
        .into_owned();
    let query = url::form_urlencoded::parse(raw_query.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let key = request_key(&parts.method, &raw_path, &raw_query, &body);
    let method = parts.method;
    let request = SandboxRequest {
        method: method.clone(),
        path,
        raw_path: raw_path.clone(),
        query,
        headers: parts.headers,
        body,
    };
    let arrival = Arrival {
        key: &key,
        method: &method,
        raw_path: &raw_path,
        raw_query: &raw_query,
    };
    let plan = faults.on_request(&arrival, &request);
    if !plan.latency.is_zero() {
        tokio::time::sleep(plan.latency).await;
    }
    let faulted = plan.fault.is_some();
    let (resp, shape) = match plan.fault {
        None => (handler.handle(request), Shape::Whole),
        Some(Fault::Throttled(form)) => {
            let retry_after = form.render(SystemTime::now());
            (
                handler.fault(&Fault::RateLimited { retry_after }),
                Shape::Whole,
            )
        }
        Some(f @ (Fault::RateLimited { .. } | Fault::Status(_))) => {
            (handler.fault(&f), Shape::Whole)
        }
        Some(Fault::ResetMidBody) => {
            reset.store(true, Ordering::Relaxed);
            (handler.handle(request), Shape::Cut)
        }
        Some(Fault::TruncatedBody) => (handler.handle(request), Shape::Cut),
        Some(Fault::StalledBody(stall)) => (handler.handle(request), Shape::Stall(stall)),
        Some(Fault::RepeatedPage) => match plan.stale {
            Some(stale) => (stale, Shape::Whole),
            None => (handler.handle(request), Shape::Whole),
        },
        Some(Fault::CrossOriginRedirect) => {
            let mut location = format!("http://{foreign}{raw_path}");
            if !raw_query.is_empty() {
                location.push('?');
                location.push_str(&raw_query);
            }
            let resp =
                SandboxResponse::bytes(302, "text/plain", "Found").header("location", &location);
            (resp, Shape::Whole)
        }
    };
    faults.on_response(&arrival, faulted, &resp);
    let SandboxResponse {
        status,
        mut headers,
        body,
    } = resp;
    let body = match shape {
        Shape::Whole => Body(BodyState::Whole(Some(body))),
        Shape::Cut => {
            let declared = body.len().max(1);
            headers.insert(http::header::CONTENT_LENGTH, HeaderValue::from(declared));
            Body(BodyState::Cut {
                head: Some(body.slice(..body.len() / 2)),
                pause: None,
            })
        }
        Shape::Stall(stall) => {
            headers.insert(http::header::CONTENT_LENGTH, HeaderValue::from(body.len()));
            Body(BodyState::Stall {
                stall: Box::pin(tokio::time::sleep(stall)),
                body: Some(body),
            })
        }
    };
    let mut out = http::Response::new(body);
    *out.status_mut() = status;
    *out.headers_mut() = headers;
    out
}

fn serve_foreign(
    req: http::Request<hyper::body::Incoming>,
    origin: &ForeignOrigin,
) -> http::Response<Body> {
    origin.lock().push(req.headers().clone());
    let resp = SandboxResponse::json(
        404,
        &serde_json::json!({ "message": "the sandbox's foreign origin serves nothing" }),
    );
    let mut out = http::Response::new(Body(BodyState::Whole(Some(resp.body))));
    *out.status_mut() = resp.status;
    *out.headers_mut() = resp.headers;
    out
}

/// The "live or sandbox" switch every API crate's `sandbox::connect()`
/// returns (as `Connection<Client, Running>`): the client to use, and the
/// running sandbox behind it when no credentials were found.
#[derive(Debug)]
#[non_exhaustive]
pub struct Connection<C, R> {
    /// The client to use: live, or pointed at the sandbox.
    pub client: C,
    /// The running sandbox behind `client`, when not live (its server stops
    /// when this is dropped).
    pub sandbox: Option<R>,
}

impl<C, R> Connection<C, R> {
    /// A connection to the live API.
    pub fn live(client: C) -> Self {
        Connection {
            client,
            sandbox: None,
        }
    }

    /// A connection to a running sandbox.
    pub fn sandboxed(client: C, running: R) -> Self {
        Connection {
            client,
            sandbox: Some(running),
        }
    }

    /// Whether the client talks to the real API.
    pub fn is_live(&self) -> bool {
        self.sandbox.is_none()
    }

    /// `"live"` or `"sandbox"`, for log lines.
    pub fn mode(&self) -> &'static str {
        if self.is_live() { "live" } else { "sandbox" }
    }
}

/// The switch's mechanics, shared by the API crates: with `live` (the
/// client built from the environment, `None` when the environment holds no
/// credentials) returns it, errors included; otherwise runs `start` and
/// takes the client with `client_of`.
///
/// ```
/// use affiliate_common::sandbox::{Connection, connect};
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let conn: Connection<&str, u8> =
///     connect(None::<Result<&str, ()>>, || async { Ok(7) }, |_| "sandbox client")
///         .await
///         .unwrap();
/// assert_eq!((conn.mode(), conn.client, conn.sandbox), ("sandbox", "sandbox client", Some(7)));
/// # }
/// ```
///
/// # Errors
/// The error of `live`, or of `start`.
pub async fn connect<C, R, E, Fut>(
    live: Option<Result<C, E>>,
    start: impl FnOnce() -> Fut,
    client_of: impl FnOnce(&R) -> C,
) -> Result<Connection<C, R>, E>
where
    Fut: std::future::Future<Output = Result<R, E>>,
{
    match live {
        Some(client) => Ok(Connection::live(client?)),
        None => {
            let running = start().await?;
            Ok(Connection::sandboxed(client_of(&running), running))
        }
    }
}
