//! The HTTP transport every API crate builds on.
//!
//! A [`Client`] is built once with a [`ClientBuilder`] and cloned freely:
//! clones share the connection pool, the rate limiter and the 429 pause.
//! [`Client::execute`] sends a [`Request`] with auth, User-Agent, timeouts,
//! rate limiting and retries applied, and turns error responses into
//! [`Error`]s using the provider's [`Flavor`].
//!
//! Hostile or broken servers are contained:
//!
//! - redirects are followed only within the base URL's origin (scheme, host
//!   and port), never from `https` to `http`, for at most [`MAX_REDIRECTS`]
//!   hops ([`ClientBuilder::follow_redirects`]); anything else is an
//!   [`Error::Redirect`];
//! - bodies are read up to [`ClientBuilder::max_response_size`] (error bodies
//!   too), else [`Error::ResponseTooLarge`]; large downloads go through
//!   [`Client::execute_streaming`] instead;
//! - credentials are not sent over plain `http` to a host other than the
//!   loopback unless the caller opts in ([`ClientBuilder::allow_insecure_http`]);
//! - a `DELETE` whose earlier attempt may have reached the server, answered
//!   404 or 410 on a retry, is reported as done (see [`Idempotency`](crate::Idempotency)).

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use http::header::{ACCEPT, HeaderName, LOCATION, USER_AGENT};
use http::{HeaderMap, HeaderValue, Method, StatusCode};
use serde::de::DeserializeOwned;
use tokio::time::Instant;
use tracing::Instrument as _;
use url::Url;

use crate::auth::Auth;
use crate::error::{
    ApiError, DecodeError, DecodeSource, Error, RedirectReason, Result, TimeoutKind, body_excerpt,
};
use crate::flavor::{Bare, Envelope, Flavor, GenericFlavor};
use crate::path::{self, ApiPath};
use crate::rate_limit::{Permit, RateLimit, RateLimitInfo, RateLimiter};
use crate::request::Request;
use crate::response::{RawResponse, Response, ResponseMeta, StreamingResponse};
use crate::retry::{RetryPolicy, server_wait};

/// The default connect timeout.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The default per-attempt timeout (connect, send and read the whole body).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// The default largest response body the client reads into memory: 64 MiB.
pub const DEFAULT_MAX_RESPONSE_SIZE: u64 = 64 << 20;
/// The most same-origin redirects one request follows.
pub const MAX_REDIRECTS: usize = 5;

/// Whether a redirect from `from` to `to` may be followed with credentials:
/// only within one origin (same scheme, host and port, so never from `https`
/// to `http`), and only for `http(s)` URLs.
///
/// ```
/// use affiliate_common::client::redirect_allowed;
/// let from = "https://api.example.com/v2/a".parse().unwrap();
/// assert!(redirect_allowed(&from, &"https://api.example.com/v2/b".parse().unwrap()));
/// assert!(!redirect_allowed(&from, &"http://api.example.com/v2/b".parse().unwrap()));
/// assert!(!redirect_allowed(&from, &"https://cdn.example.com/b".parse().unwrap()));
/// ```
pub fn redirect_allowed(from: &Url, to: &Url) -> bool {
    matches!(from.scheme(), "http" | "https")
        && to.scheme() == from.scheme()
        && to.host_str().is_some()
        && to.host_str() == from.host_str()
        && to.port_or_known_default() == from.port_or_known_default()
}

/// The redirect policy of the clients this crate builds: follow a redirect
/// only when [`redirect_allowed`] says so, for at most [`MAX_REDIRECTS`]
/// hops; stop otherwise, so the transport reports an [`Error::Redirect`].
///
/// Build your own `reqwest::Client` with it (or with
/// `reqwest::redirect::Policy::none()`) before handing it to
/// [`ClientBuilder::http_client`]: reqwest's default policy follows
/// redirects to other hosts, dropping `Authorization` but not API-key
/// headers such as `X-API-Key`.
pub fn redirect_policy() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let allowed = attempt.previous().len() <= MAX_REDIRECTS
            && attempt
                .previous()
                .last()
                .is_some_and(|from| redirect_allowed(from, attempt.url()));
        if allowed {
            attempt.follow()
        } else {
            attempt.stop()
        }
    })
}

/// Why a redirect from `from` to `target` (`None`: no usable `Location`)
/// came back unfollowed; `follows` says whether the HTTP client follows
/// allowed redirects (so an allowed one that still came back ran out of hops).
fn redirect_reason(from: &Url, target: Option<&Url>, follows: bool) -> RedirectReason {
    match target {
        None => RedirectReason::BadLocation,
        Some(t) if from.scheme() == "https" && t.scheme() == "http" => RedirectReason::Downgrade,
        Some(t) if !redirect_allowed(from, t) => RedirectReason::CrossOrigin,
        Some(_) if follows => RedirectReason::TooManyRedirects,
        Some(_) => RedirectReason::NotFollowed,
    }
}

/// `scheme://host[:port]/path` of `url`: no user info, query or fragment,
/// which may carry tokens.
pub(crate) fn redacted_url(url: &Url) -> String {
    format!("{}{}", url.origin().ascii_serialization(), url.path())
}

/// Whether `url`'s host is the loopback: `localhost`, `127.0.0.0/8` or `::1`.
fn is_loopback(url: &Url) -> bool {
    match url.host() {
        // Only the name itself: resolvers need not keep `*.localhost` local.
        Some(url::Host::Domain(d)) => d.trim_end_matches('.').eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => {
            ip.is_loopback() || ip.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
        None => false,
    }
}

/// Builds a [`Client`].
///
/// ```
/// use affiliate_common::{Auth, ClientBuilder, RateLimit, RetryPolicy};
/// use std::time::Duration;
///
/// let client = ClientBuilder::new("https://api.example.com/v2".parse()?)
///     .auth(Auth::bearer("token"))
///     .user_agent("my-sync-job/1.0")
///     .timeout(Duration::from_secs(20))
///     .retry(RetryPolicy::default().max_attempts(3))
///     .rate_limit(RateLimit::per_minute(600))
///     .build()?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct ClientBuilder {
    base_url: Url,
    auth: Auth,
    user_agent: String,
    connect_timeout: Duration,
    timeout: Duration,
    retry: RetryPolicy,
    rate_limit: RateLimit,
    buckets: Vec<(&'static str, RateLimit)>,
    http: Option<reqwest::Client>,
    flavor: Arc<dyn Flavor>,
    default_headers: HeaderMap,
    follow_redirects: bool,
    max_response_size: u64,
    allow_insecure_http: bool,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url.as_str())
            .field("auth", &self.auth)
            .field("user_agent", &self.user_agent)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("rate_limit", &self.rate_limit)
            .field("follow_redirects", &self.follow_redirects)
            .field("max_response_size", &self.max_response_size)
            .field("allow_insecure_http", &self.allow_insecure_http)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// Starts a builder for the API at `base_url`. Paths are appended to it,
    /// so a base of `https://api.partnerstack.com/api/v2` keeps its prefix.
    pub fn new(base_url: Url) -> Self {
        ClientBuilder {
            base_url,
            auth: Auth::None,
            user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_owned(),
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            retry: RetryPolicy::default(),
            rate_limit: RateLimit::default(),
            buckets: Vec::new(),
            http: None,
            flavor: Arc::new(GenericFlavor),
            default_headers: HeaderMap::new(),
            follow_redirects: true,
            max_response_size: DEFAULT_MAX_RESPONSE_SIZE,
            allow_insecure_http: false,
        }
    }

    /// Replaces the base URL.
    pub fn base_url(mut self, url: Url) -> Self {
        self.base_url = url;
        self
    }

    /// Sets the auth scheme.
    pub fn auth(mut self, auth: Auth) -> Self {
        self.auth = auth;
        self
    }

    /// Sets the User-Agent (API crates name themselves and their version).
    pub fn user_agent(mut self, ua: impl Into<String>) -> Self {
        self.user_agent = ua.into();
        self
    }

    /// Sets the connect timeout. Ignored when a caller's own
    /// `reqwest::Client` is used: configure it there.
    pub fn connect_timeout(mut self, d: Duration) -> Self {
        self.connect_timeout = d;
        self
    }

    /// Sets the per-attempt timeout: connect, send and read the whole body.
    pub fn timeout(mut self, d: Duration) -> Self {
        self.timeout = d;
        self
    }

    /// Sets the retry policy.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Sets the client-side rate limit every request passes through.
    pub fn rate_limit(mut self, limit: RateLimit) -> Self {
        self.rate_limit = limit;
        self
    }

    /// Adds a named bucket that requests opt into with
    /// [`Request::bucket`], for endpoints with a quota of their own.
    pub fn rate_limit_bucket(mut self, name: &'static str, limit: RateLimit) -> Self {
        self.buckets.retain(|(n, _)| *n != name);
        self.buckets.push((name, limit));
        self
    }

    /// Uses the caller's own `reqwest::Client`, so an embedding service
    /// shares one connection pool (and its proxy and TLS settings).
    ///
    /// The client's redirect policy cannot be changed from here: build it
    /// with [`redirect_policy`] (same-origin only) or
    /// `reqwest::redirect::Policy::none()`. reqwest's default policy follows
    /// redirects to other hosts and keeps API-key headers on the way. As a
    /// backstop, a response that comes from another origin than the request
    /// went to is discarded and reported as an [`Error::Redirect`]
    /// ([`RedirectReason::FollowedElsewhere`]), but by then the request has
    /// been sent there. [`follow_redirects`](ClientBuilder::follow_redirects)
    /// has no effect on such a client.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Whether redirects are followed (default `true`). When `true`, only
    /// redirects within the origin of the request (same scheme, host and
    /// port; never `https` to `http`) are followed, for at most
    /// [`MAX_REDIRECTS`] hops, keeping the credentials. When `false`, none
    /// is. A redirect that is not followed is an [`Error::Redirect`].
    pub fn follow_redirects(mut self, follow: bool) -> Self {
        self.follow_redirects = follow;
        self
    }

    /// The largest response body read into memory, in bytes (default
    /// [`DEFAULT_MAX_RESPONSE_SIZE`], 64 MiB). Error bodies count too. A
    /// body over it fails with [`Error::ResponseTooLarge`], at once when its
    /// `Content-Length` says so, else as soon as the bytes read pass it.
    /// [`Client::execute_streaming`] is not bound by it.
    pub fn max_response_size(mut self, bytes: u64) -> Self {
        self.max_response_size = bytes;
        self
    }

    /// Allows credentials to travel over plain `http` to a host other than
    /// the loopback (default `false`: [`build`](ClientBuilder::build)
    /// refuses). Only for a connection protected some other way, such as a
    /// private network or a TLS-terminating sidecar; `build` logs a warning
    /// when it is used.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// Sets the provider's [`Flavor`] (error bodies, headers).
    pub fn flavor(mut self, flavor: impl Flavor) -> Self {
        self.flavor = Arc::new(flavor);
        self
    }

    /// Adds a header sent with every request (`IrVersion`, for instance).
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when the name or value is not valid in a header.
    pub fn default_header(mut self, name: &str, value: &str) -> Result<Self> {
        let n = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| Error::invalid_input(format!("`{name}` is not a valid header name")))?;
        let v = HeaderValue::from_str(value).map_err(|_| {
            Error::invalid_input(format!("the value of header `{name}` is not valid"))
        })?;
        self.default_headers.insert(n, v);
        Ok(self)
    }

    /// Builds the client.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for a base URL that is not `http(s)` with a
    /// host, or that carries credentials or a query; for a plain `http` base
    /// URL on a host other than the loopback (`localhost`, `127.0.0.0/8`,
    /// `::1`) when credentials are set, unless
    /// [`allow_insecure_http`](ClientBuilder::allow_insecure_http) is on; for
    /// credentials or a User-Agent that cannot be sent in a header.
    pub fn build(self) -> Result<Client> {
        let base = &self.base_url;
        if !matches!(base.scheme(), "http" | "https") || base.host_str().is_none() {
            return Err(Error::invalid_input(format!(
                "the base URL must be http(s) with a host, got `{}`",
                base.origin().ascii_serialization()
            )));
        }
        if !base.username().is_empty() || base.password().is_some() {
            return Err(Error::invalid_input(
                "the base URL must not carry credentials; pass them with `.auth(...)`",
            ));
        }
        if base.query().is_some() || base.fragment().is_some() {
            return Err(Error::invalid_input(
                "the base URL must not carry a query or fragment",
            ));
        }
        if base.scheme() == "http" && !matches!(self.auth, Auth::None) && !is_loopback(base) {
            let origin = base.origin().ascii_serialization();
            if !self.allow_insecure_http {
                return Err(Error::invalid_input(format!(
                    "refusing to send credentials over plain http to `{origin}`: use an https:// \
                     base URL, or call `.allow_insecure_http(true)` if the connection is \
                     protected another way"
                )));
            }
            tracing::warn!(
                origin = %origin,
                "credentials will be sent over plain http (allow_insecure_http is on)"
            );
        }
        let user_agent = HeaderValue::from_str(&self.user_agent)
            .map_err(|_| Error::invalid_input("the User-Agent is not a valid header value"))?;
        let auth_header = self.auth.header_pair()?;
        let own_http = self.http.is_none();
        let http = match self.http {
            Some(c) => c,
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout)
                .pool_idle_timeout(Duration::from_secs(60))
                .redirect(if self.follow_redirects {
                    redirect_policy()
                } else {
                    reqwest::redirect::Policy::none()
                })
                .build()
                .map_err(Error::Transport)?,
        };
        let buckets = self
            .buckets
            .into_iter()
            .map(|(n, l)| (n, RateLimiter::new(l)))
            .collect();
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url: self.base_url,
                auth: self.auth,
                auth_header,
                user_agent,
                timeout: self.timeout,
                retry: self.retry,
                limiter: RateLimiter::new(self.rate_limit),
                buckets,
                flavor: self.flavor,
                default_headers: self.default_headers,
                own_http,
                follow_redirects: self.follow_redirects,
                max_response_size: self.max_response_size,
                last_rate_limit: std::sync::Mutex::new(None),
            }),
        })
    }
}

/// A configured, cheaply clonable HTTP client for one API.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: Url,
    auth: Auth,
    auth_header: Option<(HeaderName, HeaderValue)>,
    user_agent: HeaderValue,
    timeout: Duration,
    retry: RetryPolicy,
    limiter: RateLimiter,
    buckets: HashMap<&'static str, RateLimiter>,
    flavor: Arc<dyn Flavor>,
    default_headers: HeaderMap,
    /// Whether `http` was built here (with the redirect policy chosen by
    /// `follow_redirects`) rather than supplied by the caller.
    own_http: bool,
    follow_redirects: bool,
    max_response_size: u64,
    /// The rate-limit figures of the latest response that carried any.
    last_rate_limit: std::sync::Mutex<Option<RateLimitInfo>>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.inner;
        f.debug_struct("Client")
            .field("api", &i.flavor.name())
            .field("base_url", &i.base_url.as_str())
            .field("auth", &i.auth)
            .field("timeout", &i.timeout)
            .field("retry", &i.retry)
            .field("rate_limit", i.limiter.config())
            .field("follow_redirects", &i.follow_redirects)
            .field("max_response_size", &i.max_response_size)
            .finish_non_exhaustive()
    }
}

/// How a successful body is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Read it whole, within `max_response_size`, inside the attempt.
    Buffered,
    /// Hand the open response to the caller.
    Streaming,
}

/// A successful body, as the [`Mode`] asked.
enum Body {
    Read(bytes::Bytes),
    Open(reqwest::Response),
}

/// What one attempt produced.
enum Attempt {
    Response(Box<(ResponseMeta, Body)>),
    /// The error, and the wait the server asked for (`Retry-After` on any
    /// error status, `X-RateLimit-Reset`-style headers on a 429).
    Failed(Error, Option<Duration>),
}

/// Whether a failed attempt may have been carried out by the server anyway:
/// it timed out, the connection broke after it was made, or the server
/// answered 5xx.
fn may_have_landed(err: &Error) -> bool {
    match err {
        Error::Timeout { .. } => true,
        Error::Transport(e) => !e.is_connect() && !e.is_builder(),
        Error::Api(e) => e.status.is_server_error(),
        _ => false,
    }
}

impl Client {
    /// Starts a [`ClientBuilder`].
    pub fn builder(base_url: Url) -> ClientBuilder {
        ClientBuilder::new(base_url)
    }

    /// The base URL requests are sent to.
    pub fn base_url(&self) -> &Url {
        &self.inner.base_url
    }

    /// The client's default retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// The client-wide rate limiter (shared by all clones).
    pub fn limiter(&self) -> &RateLimiter {
        &self.inner.limiter
    }

    /// The full URL a request would be sent to.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when the request targets an absolute URL on
    /// another origin than the base URL.
    pub fn url_for(&self, req: &Request) -> Result<Url> {
        let mut url = match &req.absolute {
            Some(abs) => {
                if abs.origin() != self.inner.base_url.origin() {
                    return Err(Error::invalid_input(format!(
                        "refusing to send credentials to another origin: {}",
                        abs.origin().ascii_serialization()
                    )));
                }
                abs.clone()
            }
            None => path::join(&self.inner.base_url, &req.path),
        };
        if !req.query.is_empty() {
            url.query_pairs_mut().extend_pairs(req.query.iter());
        }
        Ok(url)
    }

    /// Sends a request, with rate limiting and retries, and returns the body
    /// undecoded. Error statuses become [`Error`]s.
    ///
    /// A `DELETE` whose earlier attempt may have reached the server (it
    /// timed out, the connection broke after it was made, or the server
    /// answered 5xx) and whose retry is answered 404 or 410 is reported as
    /// done: `Ok`, with the 404 or 410 kept in
    /// [`ResponseMeta::status`] (see [`ResponseMeta::already_gone`]). A 404
    /// on the first attempt stays an [`Error::Api`].
    ///
    /// # Errors
    /// Any [`Error`] variant but [`Error::Decode`], [`Error::Incomplete`],
    /// [`Error::Config`] and [`Error::Io`].
    pub async fn execute(&self, req: Request) -> Result<RawResponse> {
        let url = self.url_for(&req)?;
        self.execute_at(req, url).await
    }

    /// Sends a request like [`Client::execute`], but hands the body over as
    /// a [`StreamingResponse`] to be read chunk by chunk (a report export, a
    /// file download), never holding it whole in memory.
    ///
    /// Status checks, retries and rate limiting happen before the body: once
    /// a success status has arrived the call returns, and nothing is retried
    /// after that. The per-attempt timeout covers the wait for the status
    /// line and headers; while the body streams it is an idle timeout, the
    /// longest wait for the next chunk, so a long healthy download is never
    /// cut off. The body is not bound by
    /// [`max_response_size`](ClientBuilder::max_response_size) (error bodies
    /// still are): its bytes go where the caller puts them.
    ///
    /// # Errors
    /// As for [`Client::execute`], for everything up to the body.
    pub async fn execute_streaming(&self, req: Request) -> Result<StreamingResponse> {
        let url = self.url_for(&req)?;
        let idle = req.options.timeout.unwrap_or(self.inner.timeout);
        let (meta, body) = self.execute_mode(req, url, Mode::Streaming).await?;
        Ok(match body {
            Body::Open(resp) => StreamingResponse::new(meta, resp, idle),
            Body::Read(bytes) => StreamingResponse::from_bytes(meta, bytes, idle),
        })
    }

    /// [`Client::execute`] with the URL already resolved by [`Client::url_for`]
    /// (the pagination engine needs it to resolve relative next links).
    pub(crate) async fn execute_at(&self, req: Request, url: Url) -> Result<RawResponse> {
        let (meta, body) = self.execute_mode(req, url, Mode::Buffered).await?;
        let body = match body {
            Body::Read(bytes) => bytes,
            Body::Open(resp) => read_body(resp, self.inner.max_response_size).await?,
        };
        Ok(RawResponse { body, meta })
    }

    async fn execute_mode(
        &self,
        req: Request,
        url: Url,
        mode: Mode,
    ) -> Result<(ResponseMeta, Body)> {
        let span = tracing::info_span!(
            "affiliate_request",
            api = self.inner.flavor.name(),
            method = %req.method,
            path = req.path.template(),
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
            request_id = tracing::field::Empty,
        );
        self.execute_inner(req, url, mode).instrument(span).await
    }

    async fn execute_inner(
        &self,
        req: Request,
        url: Url,
        mode: Mode,
    ) -> Result<(ResponseMeta, Body)> {
        let policy = req.options.retry.as_ref().unwrap_or(&self.inner.retry);
        let attempt_timeout = req.options.timeout.unwrap_or(self.inner.timeout);
        let may_repeat = req.options.idempotency.allows_retry(&req.method);
        let bucket = match req.options.bucket {
            Some(name) => Some(self.inner.buckets.get(name).ok_or_else(|| {
                Error::invalid_input(format!("no rate-limit bucket named `{name}`"))
            })?),
            None => None,
        };
        let span = tracing::Span::current();
        let mut started: Option<Instant> = None;
        let mut attempt: u32 = 0;
        // Whether an earlier attempt of a DELETE may have been carried out.
        let mut maybe_deleted = false;
        loop {
            attempt += 1;
            span.record("attempt", attempt);
            let permits = self.acquire(bucket).await;
            let started_at = *started.get_or_insert_with(Instant::now);
            let (limit, budget_bound) = match policy.total_budget {
                Some(budget) => {
                    let left = budget.saturating_sub(started_at.elapsed());
                    if left.is_zero() {
                        return Err(Error::Timeout {
                            kind: TimeoutKind::Budget,
                            elapsed: started_at.elapsed(),
                        });
                    }
                    (attempt_timeout.min(left), left < attempt_timeout)
                }
                None => (attempt_timeout, false),
            };
            let attempt_start = Instant::now();
            let gone_ok = maybe_deleted && req.method == Method::DELETE;
            let outcome =
                tokio::time::timeout(limit, self.attempt(&req, &url, attempt, mode, gone_ok)).await;
            drop(permits);
            let (err, server_wait, reached_server) = match outcome {
                Ok(Attempt::Response(done)) => return Ok(*done),
                Ok(Attempt::Failed(err, wait)) => {
                    let reached = !matches!(&err, Error::Transport(e) if e.is_connect());
                    (err, wait, reached)
                }
                Err(_) => {
                    let kind = if budget_bound {
                        TimeoutKind::Budget
                    } else {
                        TimeoutKind::Attempt
                    };
                    let err = Error::Timeout {
                        kind,
                        elapsed: attempt_start.elapsed(),
                    };
                    (err, None, true)
                }
            };
            maybe_deleted |= may_have_landed(&err);
            // One wait for this retry and for the 429 pause (`None`: the
            // server asked for longer than `max_retry_after`; see `retry`).
            let delay = policy.delay(attempt, server_wait);
            // A 429 pauses every request of this client, not just this one:
            // for this request's wait, or `max_retry_after` when that is shorter.
            if let Error::RateLimited { .. } = err {
                let pause = delay.unwrap_or(policy.max_retry_after);
                self.inner.limiter.pause_for(pause);
                if let Some(b) = bucket {
                    b.pause_for(pause);
                }
            }
            let retryable = err.is_retryable()
                && !matches!(
                    err,
                    Error::Timeout {
                        kind: TimeoutKind::Budget,
                        ..
                    }
                )
                && (may_repeat || !reached_server);
            if !retryable || attempt >= policy.max_attempts {
                return Err(err);
            }
            let Some(delay) = delay else {
                tracing::debug!(
                    ?server_wait,
                    "the server asked for a longer wait than max_retry_after; giving up"
                );
                return Err(err);
            };
            if let Some(budget) = policy.total_budget
                && started_at.elapsed().saturating_add(delay) > budget
            {
                tracing::debug!(?delay, "retry would exceed the time budget; giving up");
                return Err(err);
            }
            tracing::debug!(error = %err, ?delay, attempt, "retrying");
            // After a 429 the pause set above holds this request in
            // `acquire` like every other, where the limiter counts the wait
            // (`RateLimiter::held_back`).
            if !matches!(err, Error::RateLimited { .. }) {
                tokio::time::sleep(delay).await;
            }
        }
    }

    async fn acquire(&self, bucket: Option<&RateLimiter>) -> (Permit, Option<Permit>) {
        let main = self.inner.limiter.acquire().await;
        let extra = match bucket {
            Some(b) => Some(b.acquire().await),
            None => None,
        };
        (main, extra)
    }

    /// One attempt. `gone_ok` makes a 404 or 410 count as success (a
    /// `DELETE` an earlier attempt may have carried out).
    async fn attempt(
        &self,
        req: &Request,
        url: &Url,
        attempt: u32,
        mode: Mode,
        gone_ok: bool,
    ) -> Attempt {
        let inner = &self.inner;
        let mut headers =
            HeaderMap::with_capacity(6 + inner.default_headers.len() + req.headers.len());
        headers.insert(USER_AGENT, inner.user_agent.clone());
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        if req.send_auth
            && let Some((name, value)) = &inner.auth_header
        {
            headers.insert(name.clone(), value.clone());
        }
        for (k, v) in &inner.default_headers {
            headers.insert(k.clone(), v.clone());
        }
        if let Some((k, v)) = req.content_type() {
            headers.insert(k, v);
        }
        for (k, v) in &req.headers {
            headers.insert(k.clone(), v.clone());
        }
        let mut builder = inner
            .http
            .request(req.method.clone(), url.clone())
            .headers(headers);
        if let Some(body) = &req.body {
            builder = builder.body(body.bytes.clone());
        }
        let resp = match builder.send().await {
            Ok(r) => r,
            Err(e) => return Attempt::Failed(Error::Transport(e.without_url()), None),
        };
        let status = resp.status();
        if resp.url().origin() != url.origin() {
            // Only a caller-supplied client with a laxer redirect policy gets
            // here: its response is not ours to use.
            tracing::warn!(
                status = status.as_u16(),
                "discarding a response from another origin (the HTTP client followed a redirect)"
            );
            return Attempt::Failed(
                Error::Redirect {
                    status,
                    location: Some(redacted_url(resp.url())),
                    reason: RedirectReason::FollowedElsewhere,
                },
                None,
            );
        }
        if status.is_redirection() && status != StatusCode::NOT_MODIFIED {
            let err = self.refused_redirect(status, resp.headers(), resp.url());
            tracing::debug!(error = %err, "redirect not followed");
            return Attempt::Failed(err, None);
        }
        let headers = resp.headers().clone();
        let now = SystemTime::now();
        let request_id = inner
            .flavor
            .request_id_headers()
            .iter()
            .find_map(|h| {
                headers
                    .get(*h)
                    .and_then(|v| v.to_str().ok())
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
            })
            .map(str::to_owned);
        let span = tracing::Span::current();
        span.record("status", status.as_u16());
        if let Some(id) = &request_id {
            span.record("request_id", id.as_str());
        }
        let rate_limit = inner.flavor.rate_limit_info(&headers, now);
        self.record_rate_limit(&rate_limit);
        let gone = gone_ok && matches!(status, StatusCode::NOT_FOUND | StatusCode::GONE);
        if status.is_success() || gone {
            if gone {
                tracing::debug!(
                    status = status.as_u16(),
                    "an earlier attempt of this DELETE may have been carried out; reporting it as done"
                );
            }
            self.observe_remaining(&rate_limit);
            let body = match mode {
                Mode::Streaming => Body::Open(resp),
                Mode::Buffered => match read_body(resp, inner.max_response_size).await {
                    Ok(b) => Body::Read(b),
                    Err(e) => return Attempt::Failed(e, None),
                },
            };
            let meta = ResponseMeta {
                status,
                headers,
                request_id,
                rate_limit,
                attempts: attempt,
            };
            return Attempt::Response(Box::new((meta, body)));
        }
        let body = match read_body(resp, inner.max_response_size).await {
            Ok(b) => b,
            Err(e) => return Attempt::Failed(e, None),
        };
        let api = self
            .api_error(status, &body, request_id)
            .with_request(req.method.clone(), req.path.template());
        tracing::debug!(status = status.as_u16(), code = ?api.code, "error response");
        let wait = server_wait(status, &headers, inner.flavor.reset_headers(), now);
        if status == StatusCode::TOO_MANY_REQUESTS {
            return Attempt::Failed(
                Error::RateLimited {
                    retry_after: wait,
                    error: Box::new(api),
                },
                wait,
            );
        }
        Attempt::Failed(Error::Api(Box::new(api)), wait)
    }

    /// The [`ApiError`] of an error response.
    fn api_error(&self, status: StatusCode, body: &[u8], request_id: Option<String>) -> ApiError {
        let mut api = self.inner.flavor.parse_error(status, body);
        api.request_id = request_id;
        api.body_excerpt = body_excerpt(body);
        api
    }

    /// The [`Error::Redirect`] for a 3xx response from `from` that was not
    /// followed.
    fn refused_redirect(&self, status: StatusCode, headers: &HeaderMap, from: &Url) -> Error {
        let target = headers
            .get(LOCATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|l| from.join(l.trim()).ok())
            .filter(|t| matches!(t.scheme(), "http" | "https") && t.host_str().is_some());
        let follows = self.inner.own_http && self.inner.follow_redirects;
        let reason = redirect_reason(from, target.as_ref(), follows);
        Error::Redirect {
            status,
            location: target.as_ref().map(redacted_url),
            reason,
        }
    }

    /// The rate-limit figures of the latest response that carried any,
    /// success or error: the flavor's headers (`X-RateLimit-*`,
    /// `Retry-After`) and a count of calls left reported in the body
    /// (ReferralHero's `calls_left`). Shared by every clone of the client.
    pub fn last_rate_limit(&self) -> Option<RateLimitInfo> {
        self.inner
            .last_rate_limit
            .lock()
            .map_or_else(|p| p.into_inner().clone(), |l| l.clone())
    }

    fn record_rate_limit(&self, info: &RateLimitInfo) {
        if info.is_empty() {
            return;
        }
        let mut last = self
            .inner
            .last_rate_limit
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *last = Some(info.clone());
    }

    /// Records the figures and pauses the client when the API reports the
    /// window is spent.
    pub(crate) fn observe_remaining(&self, info: &RateLimitInfo) {
        self.record_rate_limit(info);
        if info.remaining == Some(0)
            && let Some(reset) = info.reset.or_else(|| self.inner.flavor.window_reset_hint())
        {
            self.inner
                .limiter
                .pause_for(reset.min(self.inner.retry.max_retry_after));
        }
    }

    /// Sends a request and decodes the body through the envelope `E`.
    ///
    /// # Errors
    /// Any [`Error`] from [`Client::execute`], or [`Error::Decode`] naming
    /// the JSON path that failed.
    ///
    /// A `DELETE` reported as done after a 404 or 410
    /// ([`ResponseMeta::already_gone`]) has no body of its own: the payload
    /// is decoded from `{}` (or `null`), so types whose fields are all
    /// optional come back empty. A payload that cannot be empty turns the
    /// response back into the [`Error::Api`] it was.
    pub async fn send<E: Envelope>(&self, req: Request) -> Result<Response<E::Payload>> {
        let raw = self.execute(req).await?;
        let mut meta = raw.meta;
        if !meta.status.is_success() {
            let empty = serde_json::from_slice::<E>(b"{}")
                .or_else(|_| serde_json::from_slice::<E>(b"null"));
            return match empty {
                Ok(envelope) => Ok(Response {
                    body: envelope.into_payload(),
                    meta,
                }),
                Err(_) => Err(Error::Api(Box::new(self.api_error(
                    meta.status,
                    &raw.body,
                    meta.request_id.clone(),
                )))),
            };
        }
        let envelope: E = decode(&raw.body, &meta)?;
        if let Some(left) = envelope.remaining_calls() {
            meta.rate_limit.remaining = Some(left);
            self.observe_remaining(&meta.rate_limit);
        }
        Ok(Response {
            body: envelope.into_payload(),
            meta,
        })
    }

    /// Sends a request and decodes the body as `T`, without an envelope.
    ///
    /// # Errors
    /// As for [`Client::send`].
    pub async fn send_json<T: DeserializeOwned + Send + 'static>(
        &self,
        req: Request,
    ) -> Result<Response<T>> {
        self.send::<Bare<T>>(req).await
    }

    /// Sends a request whose response body does not matter (204s, deletes).
    ///
    /// # Errors
    /// Any [`Error`] from [`Client::execute`].
    pub async fn send_empty(&self, req: Request) -> Result<ResponseMeta> {
        Ok(self.execute(req).await?.meta)
    }

    /// The raw escape hatch: `GET path?query` with auth, retries and rate
    /// limits applied, decoded as untyped JSON. `path` is split on `/` and
    /// each segment is taken literally.
    ///
    /// # Errors
    /// As for [`Client::send`].
    pub async fn get_json(
        &self,
        path: &str,
        query: &[(&str, &str)],
    ) -> Result<Response<serde_json::Value>> {
        let mut req = Request::new(Method::GET, ApiPath::new(path));
        for (k, v) in query {
            req = req.query(*k, v);
        }
        self.send_json(req).await
    }
}

/// The largest body preallocated from `Content-Length`.
const MAX_PREALLOC: usize = 16 << 20;

/// Reads the body into one buffer sized from `Content-Length`, so a page
/// is never held twice (as chunks and as their concatenation), and stops
/// with [`Error::ResponseTooLarge`] as soon as the body is known to exceed
/// `limit`: before reading when `Content-Length` says so, else when the
/// bytes read pass it. The rest of the body is never read; dropping the
/// response closes the connection.
async fn read_body(mut resp: reqwest::Response, limit: u64) -> Result<bytes::Bytes> {
    let status = resp.status();
    let too_large = || Error::ResponseTooLarge { limit, status };
    let declared = resp.content_length();
    if declared.is_some_and(|n| n > limit) {
        return Err(too_large());
    }
    let hint = declared
        .and_then(|n| usize::try_from(n).ok())
        .unwrap_or(0)
        .min(MAX_PREALLOC);
    let mut buf = Vec::with_capacity(hint);
    while let Some(chunk) = resp
        .chunk()
        .await
        .map_err(|e| Error::Transport(e.without_url()))?
    {
        if (buf.len() as u64).saturating_add(chunk.len() as u64) > limit {
            return Err(too_large());
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(bytes::Bytes::from(buf))
}

/// Decodes `body` as `T`. The fast path is plain `serde_json`; only when it
/// fails is the body decoded again with path tracking, so the error names
/// the JSON path without slowing down the happy path.
///
/// # Errors
/// [`Error::Decode`] with the JSON path, status, request id and a body excerpt.
pub fn decode<T: DeserializeOwned>(body: &[u8], meta: &ResponseMeta) -> Result<T> {
    if let Some(ct) = meta
        .headers
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    {
        let ct_lower = ct.to_ascii_lowercase();
        if ct_lower.contains("xml") || ct_lower.contains("html") {
            return Err(decode_error(
                ".".to_owned(),
                DecodeSource::NotJson {
                    content_type: ct.to_owned(),
                },
                body,
                meta,
            ));
        }
    }
    match serde_json::from_slice::<T>(body) {
        Ok(v) => Ok(v),
        Err(_) if body.trim_ascii_start().starts_with(b"<") => Err(decode_error(
            ".".to_owned(),
            DecodeSource::NotJson {
                content_type: format!(
                    "XML or HTML markup (declared as {})",
                    meta.headers
                        .get(http::header::CONTENT_TYPE)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("no content type")
                ),
            },
            body,
            meta,
        )),
        Err(_) => {
            let mut de = serde_json::Deserializer::from_slice(body);
            let value = serde_path_to_error::deserialize::<_, T>(&mut de).map_err(|e| {
                // An empty object key prints as nothing: never report an empty path.
                let path = Some(e.path().to_string()).filter(|p| !p.is_empty());
                let path = path.unwrap_or_else(|| ".".to_owned());
                decode_error(path, DecodeSource::Json(e.into_inner()), body, meta)
            })?;
            // The value read, so what follows it failed the fast path
            // (`{..}{..}`, `{..} x`): never keep the first document silently.
            de.end()
                .map_err(|e| decode_error(".".to_owned(), DecodeSource::Json(e), body, meta))?;
            Ok(value)
        }
    }
}

fn decode_error(path: String, source: DecodeSource, body: &[u8], meta: &ResponseMeta) -> Error {
    Error::Decode(Box::new(DecodeError {
        path,
        status: meta.status,
        request_id: meta.request_id.clone(),
        body_excerpt: body_excerpt(body),
        source,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn redirects_stay_within_one_origin() {
        let from = u("https://api.example.com/v2/things?page=2");
        assert!(redirect_allowed(
            &from,
            &u("https://api.example.com/v2/other")
        ));
        assert!(redirect_allowed(&from, &u("https://api.example.com:443/x")));
        assert!(redirect_allowed(&from, &u("https://API.example.com/x")));
        // Downgrade, even to the same host and the default port.
        assert!(!redirect_allowed(
            &from,
            &u("http://api.example.com/v2/other")
        ));
        assert!(!redirect_allowed(&from, &u("http://api.example.com:443/x")));
        // Another host, a subdomain, another port.
        assert!(!redirect_allowed(&from, &u("https://evil.example.net/x")));
        assert!(!redirect_allowed(
            &from,
            &u("https://cdn.api.example.com/x")
        ));
        assert!(!redirect_allowed(
            &from,
            &u("https://api.example.com:8443/x")
        ));
        // Not HTTP at all.
        assert!(!redirect_allowed(&from, &u("ftp://api.example.com/x")));
        assert!(!redirect_allowed(&from, &u("file:///etc/passwd")));
        let local = u("http://127.0.0.1:8080/a");
        assert!(redirect_allowed(&local, &u("http://127.0.0.1:8080/b")));
        assert!(!redirect_allowed(&local, &u("http://127.0.0.1:8081/b")));
        assert!(!redirect_allowed(&local, &u("https://127.0.0.1:8080/b")));
    }

    #[test]
    fn refused_redirects_name_their_reason() {
        let from = u("https://api.example.com/v2/a");
        let r = |to: Option<&str>, follows| redirect_reason(&from, to.map(u).as_ref(), follows);
        assert_eq!(
            r(Some("http://api.example.com/v2/a"), true),
            RedirectReason::Downgrade
        );
        assert_eq!(
            r(Some("http://other.example.com/"), true),
            RedirectReason::Downgrade
        );
        assert_eq!(
            r(Some("https://other.example.com/"), true),
            RedirectReason::CrossOrigin
        );
        assert_eq!(
            r(Some("https://api.example.com/v2/b"), true),
            RedirectReason::TooManyRedirects
        );
        assert_eq!(
            r(Some("https://api.example.com/v2/b"), false),
            RedirectReason::NotFollowed
        );
        assert_eq!(r(None, true), RedirectReason::BadLocation);
    }

    #[test]
    fn redacted_urls_keep_no_query_or_user_info() {
        let url = u("https://user:pw@files.example.com:8443/export/1.csv?sig=SECRET#frag");
        assert_eq!(
            redacted_url(&url),
            "https://files.example.com:8443/export/1.csv"
        );
        assert_eq!(
            redacted_url(&u("https://api.example.com/a?token=SECRET")),
            "https://api.example.com/a"
        );
    }

    #[test]
    fn loopback_hosts() {
        for ok in [
            "http://127.0.0.1:1/",
            "http://127.9.8.7/",
            "http://localhost:8080/",
            "http://LOCALHOST./",
            "http://[::1]:9/",
            "http://[::ffff:127.0.0.1]/",
        ] {
            assert!(is_loopback(&u(ok)), "{ok}");
        }
        for no in [
            "http://128.0.0.1/",
            "http://10.0.0.1/",
            "http://localhost.example.com/",
            "http://api.localhost/",
            "http://example.com/",
            "http://[::2]/",
            "http://0.0.0.0/",
        ] {
            assert!(!is_loopback(&u(no)), "{no}");
        }
    }
}
