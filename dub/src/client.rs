//! The Dub client: auth, base URL, plan-based rate limits.
//!
//! Redirects: Dub's API documents none, so the client follows a redirect
//! only within the base URL's origin (never to another host, never from
//! `https` to `http`) and reports any other as
//! [`Error::Redirect`];
//! [`ClientBuilder::follow_redirects`] turns following off altogether.

use std::fmt;
use std::time::Duration;

use affiliate_common::secrecy::{ExposeSecret as _, SecretString};
use affiliate_common::{Auth, RateLimit, RateLimitInfo, Request, RetryPolicy};
use serde::de::DeserializeOwned;

use crate::flavor::DubFlavor;
use crate::{Error, Result};

/// The production base URL of the Dub API.
pub const DEFAULT_BASE_URL: &str = "https://api.dub.co";

/// The name of the rate-limit bucket analytics and events requests share.
pub(crate) const ANALYTICS_BUCKET: &str = "analytics";

/// Your Dub plan, which sets the client-side rate limits (Dub's plan table:
/// requests per minute for the API, per second for analytics and events).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Plan {
    /// 60 requests/min; analytics are not available (1/s is kept so calls
    /// fail with Dub's own 403 instead of hanging).
    #[default]
    Free,
    /// 600 requests/min, 2 analytics requests/s.
    Pro,
    /// 1,200 requests/min, 4 analytics requests/s.
    Business,
    /// 3,000 requests/min, 8 analytics requests/s.
    Advanced,
    /// 3,000 requests/min, 16 analytics requests/s (custom limits may be higher).
    Enterprise,
    /// An active trial: 120 requests/min, 2 analytics requests/s.
    Trial,
}

impl Plan {
    /// API requests per minute.
    pub fn requests_per_minute(self) -> u32 {
        match self {
            Plan::Free => 60,
            Plan::Pro => 600,
            Plan::Business => 1_200,
            Plan::Advanced | Plan::Enterprise => 3_000,
            Plan::Trial => 120,
        }
    }

    /// Analytics and events requests per second.
    pub fn analytics_per_second(self) -> u32 {
        match self {
            Plan::Free => 1,
            Plan::Pro | Plan::Trial => 2,
            Plan::Business => 4,
            Plan::Advanced => 8,
            Plan::Enterprise => 16,
        }
    }

    /// Reads `free`, `pro`, `business`, `advanced`, `enterprise` or `trial`.
    pub fn parse(s: &str) -> Option<Plan> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "free" => Plan::Free,
            "pro" => Plan::Pro,
            "business" => Plan::Business,
            "advanced" => Plan::Advanced,
            "enterprise" => Plan::Enterprise,
            "trial" => Plan::Trial,
            _ => return None,
        })
    }
}

/// Builds a [`Client`].
///
/// ```no_run
/// use dub::{Client, Plan};
///
/// let client = Client::builder("dub_xxxxxxxx").plan(Plan::Business).build()?;
/// # Ok::<(), dub::Error>(())
/// ```
///
/// The API key is held as a secret: `Debug` shows `[REDACTED]` in its place.
#[must_use]
pub struct ClientBuilder {
    api_key: SecretString,
    base_url: Option<String>,
    plan: Plan,
    rate_limit: Option<RateLimit>,
    analytics_limit: Option<RateLimit>,
    retry: RetryPolicy,
    timeout: Option<Duration>,
    http: Option<affiliate_common::reqwest::Client>,
    follow_redirects: bool,
    max_response_size: u64,
    allow_insecure_http: bool,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api_key", &"[REDACTED]")
            .field("base_url", &self.base_url)
            .field("plan", &self.plan)
            .field("rate_limit", &self.rate_limit)
            .field("analytics_limit", &self.analytics_limit)
            .field("retry", &self.retry)
            .field("timeout", &self.timeout)
            .field("follow_redirects", &self.follow_redirects)
            .field("max_response_size", &self.max_response_size)
            .field("allow_insecure_http", &self.allow_insecure_http)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// Sets the base URL (default [`DEFAULT_BASE_URL`]).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Sets the plan the client-side rate limits follow (default [`Plan::Free`]).
    pub fn plan(mut self, plan: Plan) -> Self {
        self.plan = plan;
        self
    }

    /// Replaces the API rate limit the plan implies.
    pub fn rate_limit(mut self, limit: RateLimit) -> Self {
        self.rate_limit = Some(limit);
        self
    }

    /// Replaces the analytics/events rate limit the plan implies.
    pub fn analytics_rate_limit(mut self, limit: RateLimit) -> Self {
        self.analytics_limit = Some(limit);
        self
    }

    /// Sets the retry policy. Only idempotent requests are retried: GET, PUT,
    /// PATCH, DELETE, `track/lead` and `track/sale` with an `invoiceId`.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Sets the per-attempt timeout.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Uses the caller's own `reqwest::Client`. Build it with
    /// [`affiliate_common::redirect_policy`] or
    /// `reqwest::redirect::Policy::none()`: its redirect policy is its own
    /// (see [`affiliate_common::ClientBuilder::http_client`]).
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
    /// 64 MiB); a larger one is an
    /// [`Error::ResponseTooLarge`].
    pub fn max_response_size(mut self, bytes: u64) -> Self {
        self.max_response_size = bytes;
        self
    }

    /// Allows the API key to travel over plain `http` to a host other than
    /// the loopback (default `false`: [`build`](ClientBuilder::build)
    /// refuses such a base URL).
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// Builds the client.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for an empty key, a publishable (`dub_pk_`)
    /// key, a base URL that does not parse, or a plain `http` base URL on a
    /// host other than the loopback without
    /// [`allow_insecure_http`](ClientBuilder::allow_insecure_http).
    pub fn build(self) -> Result<Client> {
        let key = self.api_key.expose_secret().trim().to_owned();
        if key.is_empty() {
            return Err(Error::invalid_input("the Dub API key is empty"));
        }
        if key.starts_with("dub_pk_") {
            return Err(Error::invalid_input(
                "a publishable key (dub_pk_...) only works for client-side tracking; use a workspace API key (dub_...)",
            ));
        }
        let base = self.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL);
        let url = affiliate_common::url::Url::parse(base)
            .map_err(|e| Error::invalid_input(format!("invalid Dub base URL: {e}")))?;
        let flavor = DubFlavor::default();
        let mut b = affiliate_common::Client::builder(url)
            .auth(Auth::bearer(key))
            .user_agent(concat!("dub-rs/", env!("CARGO_PKG_VERSION")))
            .flavor(flavor.clone())
            .retry(self.retry)
            .follow_redirects(self.follow_redirects)
            .max_response_size(self.max_response_size)
            .allow_insecure_http(self.allow_insecure_http)
            .rate_limit(
                self.rate_limit
                    .unwrap_or_else(|| RateLimit::per_minute(self.plan.requests_per_minute())),
            )
            .rate_limit_bucket(
                ANALYTICS_BUCKET,
                self.analytics_limit
                    .unwrap_or_else(|| RateLimit::per_second(self.plan.analytics_per_second())),
            );
        if let Some(t) = self.timeout {
            b = b.timeout(t);
        }
        if let Some(h) = self.http {
            b = b.http_client(h);
        }
        Ok(Client {
            inner: b.build()?,
            flavor,
            plan: self.plan,
        })
    }
}

/// A Dub API client. Cheap to clone; clones share connections and limits.
///
/// Every endpoint method returns the decoded body. The `X-RateLimit-*`
/// figures of the latest response (success or error) are in
/// [`Client::last_rate_limit`]; list pages carry their own in
/// [`Page::meta`](affiliate_common::Page::meta).
#[derive(Debug, Clone)]
pub struct Client {
    inner: affiliate_common::Client,
    flavor: DubFlavor,
    plan: Plan,
}

impl Client {
    /// A client for `api_key` with the defaults ([`Plan::Free`] limits).
    ///
    /// # Errors
    /// As for [`ClientBuilder::build`].
    pub fn new(api_key: impl Into<String>) -> Result<Self> {
        Self::builder(api_key).build()
    }

    /// Starts a [`ClientBuilder`].
    pub fn builder(api_key: impl Into<String>) -> ClientBuilder {
        ClientBuilder {
            api_key: SecretString::from(api_key.into()),
            base_url: None,
            plan: Plan::default(),
            rate_limit: None,
            analytics_limit: None,
            retry: RetryPolicy::default().max_retry_after(Duration::from_secs(60)),
            timeout: None,
            http: None,
            follow_redirects: true,
            max_response_size: affiliate_common::DEFAULT_MAX_RESPONSE_SIZE,
            allow_insecure_http: false,
        }
    }

    /// A client configured from the environment: `DUB_API_KEY` (required),
    /// `DUB_BASE_URL` and `DUB_PLAN` (`free`, `pro`, `business`, `advanced`,
    /// `enterprise`, `trial`) when set.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when `DUB_API_KEY` is missing or a variable is invalid.
    pub fn from_env() -> Result<Self> {
        let key = std::env::var("DUB_API_KEY")
            .map_err(|_| Error::invalid_input("DUB_API_KEY is not set"))?;
        let mut b = Self::builder(key);
        if let Some(url) = std::env::var("DUB_BASE_URL")
            .ok()
            .filter(|u| !u.trim().is_empty())
        {
            b = b.base_url(url.trim());
        }
        if let Ok(plan) = std::env::var("DUB_PLAN") {
            let p = Plan::parse(&plan).ok_or_else(|| {
                Error::invalid_input(format!("DUB_PLAN `{plan}` is not a Dub plan"))
            })?;
            b = b.plan(p);
        }
        b.build()
    }

    /// The plan the client's limits follow.
    pub fn plan(&self) -> Plan {
        self.plan
    }

    /// The rate-limit figures (`X-RateLimit-Limit`, `-Remaining`, `-Reset`,
    /// `Retry-After`) of the latest response that carried them.
    pub fn last_rate_limit(&self) -> Option<RateLimitInfo> {
        self.flavor
            .last_rate_limit
            .lock()
            .ok()
            .and_then(|l| l.clone())
    }

    /// The underlying transport, for raw requests.
    pub fn transport(&self) -> &affiliate_common::Client {
        &self.inner
    }

    /// The raw escape hatch: `GET path?query` decoded as untyped JSON, with
    /// auth, retries and rate limits applied.
    ///
    /// # Errors
    /// Any [`Error`] of the request.
    pub async fn get_json(&self, path: &str, query: &[(&str, &str)]) -> Result<serde_json::Value> {
        Ok(self.inner.get_json(path, query).await?.into_inner())
    }

    pub(crate) async fn send_json<T: DeserializeOwned + Send + 'static>(
        &self,
        req: Request,
    ) -> Result<T> {
        Ok(self.inner.send_json::<T>(req).await?.into_inner())
    }

    #[allow(dead_code)] // used by generated code for operations without a body
    pub(crate) async fn send_empty(&self, req: Request) -> Result<()> {
        self.inner.send_empty(req).await.map(|_| ())
    }
}
