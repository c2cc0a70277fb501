//! The HTTP transport every API crate builds on.
//!
//! A [`Client`] is built once with a [`ClientBuilder`] and cloned freely:
//! clones share the connection pool, the rate limiter and the 429 pause.
//! [`Client::execute`] sends a [`Request`] with auth, User-Agent, timeouts,
//! rate limiting and retries applied, and turns error responses into
//! [`Error`]s using the provider's [`Flavor`].

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use http::header::{ACCEPT, HeaderName, USER_AGENT};
use http::{HeaderMap, HeaderValue, Method, StatusCode};
use serde::de::DeserializeOwned;
use tokio::time::Instant;
use tracing::Instrument as _;
use url::Url;

use crate::auth::Auth;
use crate::error::{DecodeError, DecodeSource, Error, Result, TimeoutKind, body_excerpt};
use crate::flavor::{Bare, Envelope, Flavor, GenericFlavor};
use crate::path::{self, ApiPath};
use crate::rate_limit::{Permit, RateLimit, RateLimitInfo, RateLimiter};
use crate::request::Request;
use crate::response::{RawResponse, Response, ResponseMeta};
use crate::retry::{RetryPolicy, server_wait};

/// The default connect timeout.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The default per-attempt timeout (connect, send and read the whole body).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

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
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
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
    /// host, or that carries credentials or a query; for credentials or a
    /// User-Agent that cannot be sent in a header.
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
        let user_agent = HeaderValue::from_str(&self.user_agent)
            .map_err(|_| Error::invalid_input("the User-Agent is not a valid header value"))?;
        let auth_header = self.auth.header_pair()?;
        let http = match self.http {
            Some(c) => c,
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout)
                .pool_idle_timeout(Duration::from_secs(60))
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
            .finish_non_exhaustive()
    }
}

/// What one attempt produced.
enum Attempt {
    Response(RawResponse),
    /// The error, and the wait the server asked for (`Retry-After` on any
    /// error status, `X-RateLimit-Reset`-style headers on a 429).
    Failed(Error, Option<Duration>),
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
    /// # Errors
    /// Any [`Error`] variant but [`Error::Decode`] and [`Error::Incomplete`].
    pub async fn execute(&self, req: Request) -> Result<RawResponse> {
        let url = self.url_for(&req)?;
        self.execute_at(req, url).await
    }

    /// [`Client::execute`] with the URL already resolved by [`Client::url_for`]
    /// (the pagination engine needs it to resolve relative next links).
    pub(crate) async fn execute_at(&self, req: Request, url: Url) -> Result<RawResponse> {
        let span = tracing::info_span!(
            "affiliate_request",
            api = self.inner.flavor.name(),
            method = %req.method,
            path = req.path.template(),
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
            request_id = tracing::field::Empty,
        );
        self.execute_inner(req, url).instrument(span).await
    }

    async fn execute_inner(&self, req: Request, url: Url) -> Result<RawResponse> {
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
            let outcome = tokio::time::timeout(limit, self.attempt(&req, &url, attempt)).await;
            drop(permits);
            let (err, server_wait, reached_server) = match outcome {
                Ok(Attempt::Response(raw)) => return Ok(raw),
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
            // A 429 pauses every request of this client, not just this one.
            if let Error::RateLimited { .. } = err {
                let pause = policy.delay(attempt, server_wait);
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
            let delay = policy.delay(attempt, server_wait);
            if let Some(budget) = policy.total_budget
                && started_at.elapsed() + delay > budget
            {
                tracing::debug!(?delay, "retry would exceed the time budget; giving up");
                return Err(err);
            }
            tracing::debug!(error = %err, ?delay, attempt, "retrying");
            tokio::time::sleep(delay).await;
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

    async fn attempt(&self, req: &Request, url: &Url, attempt: u32) -> Attempt {
        let inner = &self.inner;
        let mut headers =
            HeaderMap::with_capacity(6 + inner.default_headers.len() + req.headers.len());
        headers.insert(USER_AGENT, inner.user_agent.clone());
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        if let Some((name, value)) = &inner.auth_header {
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
        let headers = resp.headers().clone();
        let body = match read_body(resp).await {
            Ok(b) => b,
            Err(e) => return Attempt::Failed(Error::Transport(e.without_url()), None),
        };
        let now = SystemTime::now();
        let request_id = inner
            .flavor
            .request_id_headers()
            .iter()
            .find_map(|h| headers.get(*h).and_then(|v| v.to_str().ok()))
            .map(str::to_owned);
        let span = tracing::Span::current();
        span.record("status", status.as_u16());
        if let Some(id) = &request_id {
            span.record("request_id", id.as_str());
        }
        let rate_limit = inner.flavor.rate_limit_info(&headers, now);
        if status.is_success() {
            self.observe_remaining(&rate_limit);
            return Attempt::Response(RawResponse {
                body,
                meta: ResponseMeta {
                    status,
                    headers,
                    request_id,
                    rate_limit,
                    attempts: attempt,
                },
            });
        }
        let mut api = inner.flavor.parse_error(status, &body);
        api.request_id = request_id;
        api.body_excerpt = body_excerpt(&body);
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

    /// Pauses the client when the API reports the window is spent.
    pub(crate) fn observe_remaining(&self, info: &RateLimitInfo) {
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
    pub async fn send<E: Envelope>(&self, req: Request) -> Result<Response<E::Payload>> {
        let raw = self.execute(req).await?;
        let mut meta = raw.meta;
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
/// is never held twice (as chunks and as their concatenation).
async fn read_body(mut resp: reqwest::Response) -> reqwest::Result<bytes::Bytes> {
    let hint = resp
        .content_length()
        .and_then(|n| usize::try_from(n).ok())
        .unwrap_or(0)
        .min(MAX_PREALLOC);
    let mut buf = Vec::with_capacity(hint);
    while let Some(chunk) = resp.chunk().await? {
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
            serde_path_to_error::deserialize::<_, T>(&mut de).map_err(|e| {
                let path = e.path().to_string();
                decode_error(path, DecodeSource::Json(e.into_inner()), body, meta)
            })
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
