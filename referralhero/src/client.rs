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

use affiliate_common::url::Url;
use affiliate_common::{Auth, ClientSettings, Error, RateLimit, RateLimitInfo, Request, Result};
use secrecy::{ExposeSecret as _, SecretString};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::envelope::Envelope;
use crate::flavor::ReferralHeroFlavor;

/// The environment variable [`Client::from_env`] reads the API token from.
pub const TOKEN_ENV: &str = "REFERRALHERO_API_TOKEN";
/// The environment variable that overrides the base URL (for a proxy or a sandbox).
pub const ENV_BASE_URL: &str = "REFERRALHERO_BASE_URL";

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

/// Builds a [`Client`]; start it with [`Client::builder`] and the token.
///
/// The token never travels in a URL: ReferralHero's legacy `api_token`
/// query parameter is not supported on purpose, since it would end up in
/// logs and proxies.
///
/// The shared transport settings (`base_url`, `user_agent`, `timeout`,
/// `connect_timeout`, `retry`, `rate_limit`, `http_client`,
/// `max_response_size`, `follow_redirects`, `allow_insecure_http`) come from
/// [`affiliate_common::builder_settings!`], the same in every crate of the
/// family; the default rate limit is [`default_rate_limit`].
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
    settings: ClientSettings,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("token", &"[REDACTED]")
            .field("style", &self.style)
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    fn new(token: String) -> Self {
        ClientBuilder {
            token: SecretString::from(token),
            style: AuthStyle::Bearer,
            settings: ClientSettings::new(),
        }
    }

    affiliate_common::builder_settings!(settings);

    /// Chooses how the token is sent (default [`AuthStyle::Bearer`]).
    pub fn auth_style(mut self, style: AuthStyle) -> Self {
        self.style = style;
        self
    }

    /// Sends the token in the `X-API-Key` header instead of `Authorization`.
    pub fn api_key_header(self) -> Self {
        self.auth_style(AuthStyle::ApiKeyHeader)
    }

    /// Builds the client.
    ///
    /// # Errors
    /// [`Error::Config`] when the token is empty; [`Error::InvalidInput`]
    /// when it cannot be sent in a header, or when the base URL is not usable (a plain `http` URL on a
    /// host other than the loopback needs
    /// [`allow_insecure_http`](ClientBuilder::allow_insecure_http)).
    pub fn build(self) -> Result<Client> {
        let token = self.token.expose_secret().trim();
        if token.is_empty() {
            return Err(Error::config("the ReferralHero API token is empty"));
        }
        let auth = match self.style {
            AuthStyle::Bearer => Auth::bearer(token),
            AuthStyle::ApiKeyHeader => Auth::header("X-API-Key", token)?,
        };
        let base = Url::parse(crate::DEFAULT_BASE_URL)
            .map_err(|e| Error::invalid_input(format!("bad default base URL: {e}")))?;
        let b = affiliate_common::Client::builder(base)
            .auth(auth)
            .flavor(ReferralHeroFlavor)
            .user_agent(concat!("referralhero/", env!("CARGO_PKG_VERSION")))
            .rate_limit(default_rate_limit());
        Ok(Client {
            http: self.settings.apply(b).build()?,
        })
    }
}

/// A ReferralHero REST API v2 client. Cheap to clone: clones share the
/// connection pool, the rate limiter and the last seen `calls_left`
/// ([`Client::last_rate_limit`]).
///
/// ```
/// # #[allow(unsafe_code)] fn set(k: &str, v: &str) { unsafe { std::env::set_var(k, v) } }
/// # #[tokio::main] async fn main() -> Result<(), referralhero::Error> {
/// # let running = referralhero::sandbox::start().await?;
/// # set("REFERRALHERO_API_TOKEN", referralhero::sandbox::SANDBOX_TOKEN);
/// # set("REFERRALHERO_BASE_URL", running.sandbox.url().as_str());
/// let client = referralhero::Client::from_env()?;
/// let lists = client.lists().list().collect_all().await?;
/// for list in &lists {
///     println!("{} {:?}", list.uuid, list.name);
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct Client {
    http: affiliate_common::Client,
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

    /// A client whose token is read from `REFERRALHERO_API_TOKEN`;
    /// `REFERRALHERO_BASE_URL`, when set, replaces the base URL.
    ///
    /// # Errors
    /// [`Error::Config`] when the token variable is unset or blank, or the
    /// base URL variable is not a URL (the message names the variable,
    /// never its value).
    pub fn from_env() -> Result<Self> {
        let token = std::env::var(TOKEN_ENV)
            .ok()
            .filter(|t| !t.trim().is_empty())
            .ok_or_else(|| Error::missing_credentials("ReferralHero", &[&[TOKEN_ENV]]))?;
        let mut b = Self::builder(token);
        if let Some(raw) = std::env::var(ENV_BASE_URL)
            .ok()
            .filter(|v| !v.trim().is_empty())
        {
            let url = Url::parse(raw.trim()).map_err(|e| {
                Error::invalid_env(ENV_BASE_URL, format!("is not a valid URL ({e})"))
            })?;
            b = b.base_url(url);
        }
        b.build()
    }

    /// Starts a [`ClientBuilder`].
    pub fn builder(token: impl Into<String>) -> ClientBuilder {
        ClientBuilder::new(token.into())
    }

    /// The underlying transport, for advanced use.
    pub fn http(&self) -> &affiliate_common::Client {
        &self.http
    }

    /// The rate-limit figures of the latest response that carried any:
    /// `remaining` is the `calls_left` the API reported in the body of the
    /// last call, single-object or list page (shared by every clone; see
    /// [`affiliate_common::Client::last_rate_limit`]).
    pub fn last_rate_limit(&self) -> Option<RateLimitInfo> {
        self.http.last_rate_limit()
    }

    /// Sends `req` and unwraps the `{status, data, calls_left}` envelope.
    pub(crate) async fn send_data<T: DeserializeOwned + Send + 'static>(
        &self,
        req: Request,
    ) -> Result<T> {
        Ok(self.http.send::<Envelope<T>>(req).await?.into_inner())
    }

    /// The raw escape hatch: `GET path?query` with auth, retries, the rate
    /// limit and the envelope applied; returns `data` as untyped JSON (the
    /// `calls_left` it reported is in [`Client::last_rate_limit`]). `path`
    /// is relative to the base URL (`lists/MF123/subscribers`) and each
    /// segment is taken literally.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> Result<(), referralhero::Error> {
    /// # let running = referralhero::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// let data = client.get_json("lists", &[("page", "2")]).await?;
    /// let left = client.last_rate_limit().and_then(|r| r.remaining);
    /// println!("{data} (calls left: {left:?})");
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// Any [`Error`] of the request or its decoding.
    pub async fn get_json(&self, path: &str, query: &[(&str, &str)]) -> Result<serde_json::Value> {
        let mut req = Request::get(affiliate_common::ApiPath::new(path));
        for (k, v) in query {
            req = req.query(*k, v);
        }
        let data = self
            .http
            .send::<Envelope<Option<serde_json::Value>>>(req)
            .await?
            .into_inner();
        Ok(data.unwrap_or_default())
    }

    /// The raw escape hatch for writes: `POST path` with a JSON body, the
    /// envelope unwrapped. Never retried once it may have reached the
    /// server.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> Result<(), referralhero::Error> {
    /// # let running = referralhero::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let list_uuid = running.api.list_uuids()[0].clone();
    /// # client.subscribers(&list_uuid).create(&referralhero::models::NewSubscriber::new(referralhero::models::Identifier::email("a@example.com"))).await?;
    /// let body = serde_json::json!({ "email": "a@example.com" });
    /// let data = client.post_json(&format!("lists/{list_uuid}/subscribers/confirm"), &body).await?;
    /// println!("{data}");
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
    ) -> Result<serde_json::Value> {
        let req = Request::post(affiliate_common::ApiPath::new(path)).json(body)?;
        let data = self
            .http
            .send::<Envelope<Option<serde_json::Value>>>(req)
            .await?
            .into_inner();
        Ok(data.unwrap_or_default())
    }
}
