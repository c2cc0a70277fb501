//! The ReferralHero client and its builder.
//!
//! Redirects: ReferralHero's API documents none, so the client follows a
//! redirect only within the base URL's origin (never to another host, never
//! from `https` to `http`) and reports any other as
//! [`Error::Redirect`]. This matters here
//! more than elsewhere: the `X-API-Key` header
//! ([`AuthStyle::ApiKeyHeader`]) is not one an HTTP client strips on a
//! cross-host redirect. [`ClientBuilder::follow_redirects`] turns following
//! off altogether.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use affiliate_common::url::Url;
use affiliate_common::{Auth, Error, RateLimit, Request, Response, Result, RetryPolicy};
use secrecy::{ExposeSecret as _, SecretString};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::envelope::Envelope;
use crate::flavor::ReferralHeroFlavor;

/// The environment variable [`Client::from_env`] reads the API token from.
pub const TOKEN_ENV: &str = "REFERRALHERO_API_TOKEN";

/// The default client-side quota: ReferralHero's documented soft limit of
/// 5,000 calls per hour, with at most 10 requests in flight.
pub fn default_rate_limit() -> RateLimit {
    RateLimit::per_hour(5_000).max_in_flight(10)
}

/// How the API token is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum AuthStyle {
    /// `Authorization: Bearer <token>` (ReferralHero's preferred form).
    #[default]
    Bearer,
    /// `X-API-Key: <token>`, for environments that cannot set
    /// `Authorization`.
    ApiKeyHeader,
}

/// Builds a [`Client`].
///
/// The token never travels in a URL: ReferralHero's legacy `api_token`
/// query parameter is not supported on purpose, since it would end up in
/// logs and proxies.
///
/// ```
/// use referralhero::{AuthStyle, Client};
/// use std::time::Duration;
///
/// let client = Client::builder("my-token")
///     .auth_style(AuthStyle::ApiKeyHeader)
///     .timeout(Duration::from_secs(20))
///     .build()?;
/// # Ok::<(), referralhero::Error>(())
/// ```
pub struct ClientBuilder {
    token: SecretString,
    style: AuthStyle,
    base_url: Option<Url>,
    user_agent: Option<String>,
    timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
    rate_limit: RateLimit,
    http: Option<affiliate_common::reqwest::Client>,
    follow_redirects: bool,
    max_response_size: u64,
    allow_insecure_http: bool,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("token", &"[REDACTED]")
            .field("style", &self.style)
            .field("base_url", &self.base_url.as_ref().map(Url::as_str))
            .field("timeout", &self.timeout)
            .field("rate_limit", &self.rate_limit)
            .field("follow_redirects", &self.follow_redirects)
            .field("max_response_size", &self.max_response_size)
            .field("allow_insecure_http", &self.allow_insecure_http)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    fn new(token: String) -> Self {
        ClientBuilder {
            token: SecretString::from(token),
            style: AuthStyle::Bearer,
            base_url: None,
            user_agent: None,
            timeout: None,
            retry: None,
            rate_limit: default_rate_limit(),
            http: None,
            follow_redirects: true,
            max_response_size: affiliate_common::DEFAULT_MAX_RESPONSE_SIZE,
            allow_insecure_http: false,
        }
    }

    /// Chooses how the token is sent (default [`AuthStyle::Bearer`]).
    pub fn auth_style(mut self, style: AuthStyle) -> Self {
        self.style = style;
        self
    }

    /// Sends the token in the `X-API-Key` header instead of `Authorization`.
    pub fn api_key_header(self) -> Self {
        self.auth_style(AuthStyle::ApiKeyHeader)
    }

    /// Points the client at another base URL (a proxy, a mock server or the
    /// sandbox). Default [`DEFAULT_BASE_URL`](crate::DEFAULT_BASE_URL).
    pub fn base_url(mut self, url: Url) -> Self {
        self.base_url = Some(url);
        self
    }

    /// Replaces the User-Agent (default `referralhero/<version>`).
    pub fn user_agent(mut self, ua: impl Into<String>) -> Self {
        self.user_agent = Some(ua.into());
        self
    }

    /// Sets the per-attempt timeout.
    pub fn timeout(mut self, d: Duration) -> Self {
        self.timeout = Some(d);
        self
    }

    /// Sets the retry policy.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Sets the client-side quota (default [`default_rate_limit`]).
    pub fn rate_limit(mut self, limit: RateLimit) -> Self {
        self.rate_limit = limit;
        self
    }

    /// Uses the caller's own `reqwest::Client` (shared pool, proxy, TLS).
    /// Build it with [`affiliate_common::redirect_policy`] or
    /// `reqwest::redirect::Policy::none()`: its redirect policy is its own,
    /// and reqwest's default one carries `X-API-Key` to other hosts (see
    /// [`affiliate_common::ClientBuilder::http_client`]).
    pub fn http_client(mut self, client: affiliate_common::reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Whether redirects are followed (default `true`: only within the base
    /// URL's origin, never to `http`, at most
    /// [`MAX_REDIRECTS`](affiliate_common::client::MAX_REDIRECTS) hops).
    /// `false` follows none. A refused redirect is an
    /// [`Error::Redirect`].
    pub fn follow_redirects(mut self, follow: bool) -> Self {
        self.follow_redirects = follow;
        self
    }

    /// The largest response body read into memory, in bytes (default
    /// [`DEFAULT_MAX_RESPONSE_SIZE`](affiliate_common::DEFAULT_MAX_RESPONSE_SIZE),
    /// 64 MiB); a larger one is an [`Error::ResponseTooLarge`].
    pub fn max_response_size(mut self, bytes: u64) -> Self {
        self.max_response_size = bytes;
        self
    }

    /// Allows the token to travel over plain `http` to a host other than
    /// the loopback (default `false`: [`build`](ClientBuilder::build)
    /// refuses such a base URL).
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// Builds the client.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when the token is empty or cannot be sent in a
    /// header, or when the base URL is not usable (a plain `http` URL on a
    /// host other than the loopback needs
    /// [`allow_insecure_http`](ClientBuilder::allow_insecure_http)).
    pub fn build(self) -> Result<Client> {
        let token = self.token.expose_secret().trim();
        if token.is_empty() {
            return Err(Error::invalid_input("the ReferralHero API token is empty"));
        }
        let auth = match self.style {
            AuthStyle::Bearer => Auth::bearer(token),
            AuthStyle::ApiKeyHeader => Auth::header("X-API-Key", token)?,
        };
        let base = match self.base_url {
            Some(u) => u,
            None => Url::parse(crate::DEFAULT_BASE_URL)
                .map_err(|e| Error::invalid_input(format!("bad default base URL: {e}")))?,
        };
        let mut b =
            affiliate_common::Client::builder(base)
                .auth(auth)
                .flavor(ReferralHeroFlavor)
                .user_agent(self.user_agent.unwrap_or_else(|| {
                    concat!("referralhero/", env!("CARGO_PKG_VERSION")).to_owned()
                }))
                .rate_limit(self.rate_limit)
                .follow_redirects(self.follow_redirects)
                .max_response_size(self.max_response_size)
                .allow_insecure_http(self.allow_insecure_http);
        if let Some(t) = self.timeout {
            b = b.timeout(t);
        }
        if let Some(r) = self.retry {
            b = b.retry(r);
        }
        if let Some(h) = self.http {
            b = b.http_client(h);
        }
        Ok(Client {
            http: b.build()?,
            calls_left: Arc::new(AtomicU64::new(NO_VALUE)),
        })
    }
}

const NO_VALUE: u64 = u64::MAX;

/// A ReferralHero REST API v2 client. Cheap to clone: clones share the
/// connection pool, the rate limiter and the last seen `calls_left`.
///
/// ```no_run
/// # async fn run() -> Result<(), referralhero::Error> {
/// let client = referralhero::Client::from_env()?;
/// let lists = client.lists().list().collect_all().await?;
/// for list in &lists {
///     println!("{} {:?}", list.uuid, list.name);
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct Client {
    http: affiliate_common::Client,
    calls_left: Arc<AtomicU64>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("http", &self.http)
            .field("calls_left", &self.calls_left())
            .finish()
    }
}

impl Client {
    /// A client sending `token` as `Authorization: Bearer`, with the default
    /// base URL, retries and rate limit.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when the token is empty or not header-safe.
    pub fn new(token: impl Into<String>) -> Result<Self> {
        Self::builder(token).build()
    }

    /// A client whose token is read from `REFERRALHERO_API_TOKEN`.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when the variable is unset or empty.
    pub fn from_env() -> Result<Self> {
        let token = std::env::var(TOKEN_ENV).map_err(|_| {
            Error::invalid_input(format!("the environment variable {TOKEN_ENV} is not set"))
        })?;
        Self::new(token)
    }

    /// Starts a [`ClientBuilder`].
    pub fn builder(token: impl Into<String>) -> ClientBuilder {
        ClientBuilder::new(token.into())
    }

    /// The underlying transport, for advanced use.
    pub fn http(&self) -> &affiliate_common::Client {
        &self.http
    }

    /// The `calls_left` the API reported on the last single-object call
    /// (list calls report it on each page's
    /// `meta.rate_limit.remaining`).
    pub fn calls_left(&self) -> Option<u64> {
        match self.calls_left.load(Ordering::Relaxed) {
            NO_VALUE => None,
            v => Some(v),
        }
    }

    pub(crate) fn observe<T>(&self, resp: &Response<T>) {
        if let Some(left) = resp.meta.rate_limit.remaining {
            self.calls_left
                .store(left.min(NO_VALUE - 1), Ordering::Relaxed);
        }
    }

    /// Sends `req` and unwraps the `{status, data, calls_left}` envelope.
    pub(crate) async fn send_data<T: DeserializeOwned + Send + 'static>(
        &self,
        req: Request,
    ) -> Result<T> {
        let resp = self.http.send::<Envelope<T>>(req).await?;
        self.observe(&resp);
        Ok(resp.into_inner())
    }

    /// The raw escape hatch: `GET path?query` with auth, retries, the rate
    /// limit and the envelope applied; returns `data` as untyped JSON, with
    /// the response metadata (`meta.rate_limit.remaining` is `calls_left`).
    /// `path` is relative to the base URL (`lists/MF123/subscribers`) and
    /// each segment is taken literally.
    ///
    /// ```no_run
    /// # async fn run(client: referralhero::Client) -> Result<(), referralhero::Error> {
    /// let resp = client.get_json("lists", &[("page", "2")]).await?;
    /// println!("{} (calls left: {:?})", resp.body, resp.meta.rate_limit.remaining);
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// Any [`Error`] of the request or its decoding.
    pub async fn get_json(
        &self,
        path: &str,
        query: &[(&str, &str)],
    ) -> Result<Response<serde_json::Value>> {
        let mut req = Request::get(affiliate_common::ApiPath::new(path));
        for (k, v) in query {
            req = req.query(*k, v);
        }
        let resp = self
            .http
            .send::<Envelope<Option<serde_json::Value>>>(req)
            .await?;
        self.observe(&resp);
        Ok(resp.map(Option::unwrap_or_default))
    }

    /// The raw escape hatch for writes: `POST path` with a JSON body, the
    /// envelope unwrapped. Never retried once it may have reached the
    /// server.
    ///
    /// ```no_run
    /// # async fn run(client: referralhero::Client) -> Result<(), referralhero::Error> {
    /// let body = serde_json::json!({ "email": "a@example.com" });
    /// let resp = client.post_json("lists/MF078d000987/subscribers/confirm", &body).await?;
    /// println!("{}", resp.body);
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// Any [`Error`] of the request or its decoding.
    pub async fn post_json<B: Serialize + ?Sized>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<Response<serde_json::Value>> {
        let req = Request::post(affiliate_common::ApiPath::new(path)).json(body)?;
        let resp = self
            .http
            .send::<Envelope<Option<serde_json::Value>>>(req)
            .await?;
        self.observe(&resp);
        Ok(resp.map(Option::unwrap_or_default))
    }
}
