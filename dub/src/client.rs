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
use affiliate_common::{Auth, ClientSettings, RateLimit, RateLimitInfo, Request, RetryPolicy};
use serde::de::DeserializeOwned;

use crate::flavor::DubFlavor;
use crate::{Error, Result};

/// The production base URL of the Dub API.
pub const DEFAULT_BASE_URL: &str = "https://api.dub.co";

/// The environment variable [`Client::from_env`] reads the API key from.
pub const ENV_API_KEY: &str = "DUB_API_KEY";
/// The environment variable that overrides the base URL (for a proxy or a sandbox).
pub const ENV_BASE_URL: &str = "DUB_BASE_URL";

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

/// Builds a [`Client`]; start it with [`Client::builder`] and the API key.
///
/// The shared transport settings (`base_url`, `user_agent`, `timeout`,
/// `connect_timeout`, `retry`, `rate_limit`, `http_client`,
/// `max_response_size`, `follow_redirects`, `allow_insecure_http`) come from
/// [`affiliate_common::builder_settings!`], the same in every crate of the
/// family. Here `rate_limit` replaces the limit the [`Plan`] implies, and
/// the default retry policy waits at most 60 s for a `Retry-After`. Only
/// idempotent requests are retried: GET, PUT, PATCH, DELETE, `track/lead`
/// and `track/sale` with an `invoiceId`.
///
/// ```
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
    plan: Plan,
    analytics_limit: Option<RateLimit>,
    settings: ClientSettings,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api_key", &"[REDACTED]")
            .field("plan", &self.plan)
            .field("analytics_limit", &self.analytics_limit)
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    affiliate_common::builder_settings!(settings);

    /// Sets the plan the client-side rate limits follow (default [`Plan::Free`]).
    pub fn plan(mut self, plan: Plan) -> Self {
        self.plan = plan;
        self
    }

    /// Replaces the analytics/events rate limit the plan implies.
    pub fn analytics_rate_limit(mut self, limit: RateLimit) -> Self {
        self.analytics_limit = Some(limit);
        self
    }

    /// Builds the client.
    ///
    /// # Errors
    /// [`Error::Config`] for an empty key or a publishable (`dub_pk_`) key;
    /// [`Error::InvalidInput`] for a plain `http` base URL on a host other than the loopback
    /// without [`allow_insecure_http`](ClientBuilder::allow_insecure_http).
    pub fn build(self) -> Result<Client> {
        let key = self.api_key.expose_secret().trim().to_owned();
        if key.is_empty() {
            return Err(Error::config("the Dub API key is empty"));
        }
        if key.starts_with("dub_pk_") {
            return Err(Error::config(
                "a publishable key (dub_pk_...) only works for client-side tracking; use a workspace API key (dub_...)",
            ));
        }
        let url = affiliate_common::url::Url::parse(DEFAULT_BASE_URL)
            .map_err(|e| Error::invalid_input(format!("invalid Dub base URL: {e}")))?;
        let b = affiliate_common::Client::builder(url)
            .auth(Auth::bearer(key))
            .user_agent(concat!("dub-rs/", env!("CARGO_PKG_VERSION")))
            .flavor(DubFlavor)
            .retry(RetryPolicy::default().max_retry_after(Duration::from_secs(60)))
            .rate_limit(RateLimit::per_minute(self.plan.requests_per_minute()))
            .rate_limit_bucket(
                ANALYTICS_BUCKET,
                self.analytics_limit
                    .unwrap_or_else(|| RateLimit::per_second(self.plan.analytics_per_second())),
            );
        Ok(Client {
            http: self.settings.apply(b).build()?,
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
    http: affiliate_common::Client,
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
            plan: Plan::default(),
            analytics_limit: None,
            settings: ClientSettings::new(),
        }
    }

    /// A client configured from the environment: `DUB_API_KEY` (required),
    /// `DUB_BASE_URL` and `DUB_PLAN` (`free`, `pro`, `business`, `advanced`,
    /// `enterprise`, `trial`) when set.
    ///
    /// # Errors
    /// [`Error::Config`] when `DUB_API_KEY` is unset or blank, or a
    /// variable is malformed (the message names the variable, never its
    /// value).
    pub fn from_env() -> Result<Self> {
        let key = std::env::var(ENV_API_KEY)
            .ok()
            .filter(|k| !k.trim().is_empty())
            .ok_or_else(|| Error::missing_credentials("Dub", &[&[ENV_API_KEY]]))?;
        let mut b = Self::builder(key);
        if let Some(url) = std::env::var(ENV_BASE_URL)
            .ok()
            .filter(|u| !u.trim().is_empty())
        {
            let url = affiliate_common::url::Url::parse(url.trim()).map_err(|e| {
                Error::invalid_env(ENV_BASE_URL, format!("is not a valid URL ({e})"))
            })?;
            b = b.base_url(url);
        }
        if let Ok(plan) = std::env::var("DUB_PLAN") {
            let p = Plan::parse(&plan).ok_or_else(|| {
                Error::invalid_env(
                    "DUB_PLAN",
                    format!(
                        "`{plan}` is not a Dub plan (free, pro, business, advanced, enterprise, trial)"
                    ),
                )
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
        self.http.last_rate_limit()
    }

    /// The underlying transport, for raw requests.
    pub fn http(&self) -> &affiliate_common::Client {
        &self.http
    }

    /// The raw escape hatch: `GET path?query` decoded as untyped JSON, with
    /// auth, retries and rate limits applied.
    ///
    /// # Errors
    /// Any [`Error`] of the request.
    pub async fn get_json(&self, path: &str, query: &[(&str, &str)]) -> Result<serde_json::Value> {
        Ok(self.http.get_json(path, query).await?.into_inner())
    }

    pub(crate) async fn send_json<T: DeserializeOwned + Send + 'static>(
        &self,
        req: Request,
    ) -> Result<T> {
        Ok(self.http.send_json::<T>(req).await?.into_inner())
    }

    #[allow(dead_code)] // used by generated code for operations without a body
    pub(crate) async fn send_empty(&self, req: Request) -> Result<()> {
        self.http.send_empty(req).await.map(|_| ())
    }
}
