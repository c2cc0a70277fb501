//! The impact.com client, its builder and the account-scoped handles.
//!
//! One [`Client`] holds the credentials of one account: its Account SID and
//! either an Auth Token (sent with the SID as HTTP Basic) or a JWT (sent as
//! `Authorization: Bearer`, see [`ClientBuilder::bearer_token`]). From it:
//!
//! - [`Client::brand`] gives a [`BrandClient`] scoped to `/Advertisers/{sid}`
//!   (Brand API v14);
//! - [`Client::partner`] gives a [`PartnerClient`] scoped to
//!   `/Mediapartners/{sid}` (Partner API v16);
//! - [`Client::agency`] gives an [`AgencyClient`] scoped to `/Agencies/{sid}`
//!   (Agency API v3);
//! - [`Client::tracking`] gives the account-independent tracking helpers
//!   (`PageLoad`, `DeferredDeepLink`, `calldata`).
//!
//! All of them share one transport: one connection pool, one retry policy
//! and one client-side rate limiter (see [`default_rate_limit`]).
//!
//! Redirects: impact.com documents none on the REST or tracking hosts (job
//! downloads ask for `Mode=Stream` precisely so the file comes from the API
//! host), so the client follows a redirect only within the origin of the
//! request (never to another host, never from `https` to `http`) and
//! reports any other as
//! [`Error::Redirect`];
//! [`ClientBuilder::follow_redirects`] turns following off altogether.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use affiliate_common::url::Url;
use affiliate_common::{
    ApiPath, Auth, ClientSettings, Error, Paginator, RateLimit, RateLimitInfo, Request, Response,
    Result,
};
use secrecy::{ExposeSecret as _, SecretString};
use serde::de::DeserializeOwned;

use crate::flavor::ImpactFlavor;
use crate::jobs::JobRunner;
use crate::page::ImpactPage;
use crate::tracking::Tracking;
use crate::validate;
use crate::write::WriteResult;

/// The environment variable [`Client::from_env`] reads the Account SID from.
pub const ACCOUNT_SID_ENV: &str = "IMPACT_ACCOUNT_SID";
/// The environment variable [`Client::from_env`] reads the Auth Token from.
pub const AUTH_TOKEN_ENV: &str = "IMPACT_AUTH_TOKEN";
/// The environment variable [`Client::from_env`] reads a JWT from; when it is
/// set, the client authenticates with `Authorization: Bearer` instead of the
/// Auth Token.
pub const JWT_ENV: &str = "IMPACT_JWT";
/// The environment variable that overrides the REST base URL (for a proxy or a sandbox).
pub const ENV_BASE_URL: &str = "IMPACT_BASE_URL";
/// The base URL of the tracking API (`PageLoad`, `DeferredDeepLink`).
pub const DEFAULT_TRACKING_BASE_URL: &str = "https://trkapi.impact.com";
/// The base URL of the call-data logging API (`calldata/logCallData`).
pub const DEFAULT_CALLDATA_BASE_URL: &str = "https://twilio.ivr.impactradius.com";
/// The header that pins the API version ([`ClientBuilder::ir_version`]).
///
/// impact.com accepts the version as the `IrVersion` query parameter or the
/// `IR-Version` header. This crate sends the header: it travels with every
/// request, including the `@nextpageuri` links pagination follows, which
/// carry their own query string.
pub const IR_VERSION_HEADER: &str = "IR-Version";
/// The page size list requests ask for unless the caller sets `PageSize`.
pub const DEFAULT_PAGE_SIZE: u64 = 1_000;
/// The page size of Actions, ActionUpdates and report runs, where the docs
/// allow (and default to) 20,000.
pub const LARGE_PAGE_SIZE: u64 = 20_000;

/// Names of the rate-limit buckets for endpoints with a quota of their own.
///
/// Requests made through a [`Scope`] pass through the matching bucket
/// automatically (see [`bucket_for`]).
pub mod buckets {
    /// `/Catalogs` endpoints: 3,600 requests per hour.
    pub const CATALOGS: &str = "impact_catalogs";
    /// `ReportExport`: 100 requests per day.
    pub const REPORT_EXPORT: &str = "impact_report_export";
    /// `ClickExport`: 10 requests per day.
    pub const CLICK_EXPORT: &str = "impact_click_export";
}

/// The client-side quota: impact.com's documented 1,000 requests per hour
/// per account, with a burst of 100 and at most 10 requests in flight.
///
/// One [`Client`] holds the credentials of one account, and every handle
/// made from it ([`BrandClient`], [`PartnerClient`], [`AgencyClient`],
/// [`Tracking`], clones) shares this one limiter, so the quota is enforced
/// per account. Build one `Client` per account to drive several accounts.
pub fn default_rate_limit() -> RateLimit {
    RateLimit::per_hour(1_000).burst(100).max_in_flight(10)
}

/// The documented quota of `/Catalogs` endpoints: 3,600 per hour.
pub fn default_catalogs_limit() -> RateLimit {
    RateLimit::per_hour(3_600).burst(60)
}

/// The documented quota of `ReportExport`: 100 per day.
pub fn default_report_export_limit() -> RateLimit {
    RateLimit::new(100, Duration::from_secs(86_400)).burst(10)
}

/// The documented quota of `ClickExport`: 10 per day.
pub fn default_click_export_limit() -> RateLimit {
    RateLimit::new(10, Duration::from_secs(86_400)).burst(2)
}

/// The rate-limit bucket a request path belongs to, if any: `Catalogs`,
/// `ReportExport` and `ClickExport` have quotas of their own.
///
/// ```
/// use impact_com::client::{bucket_for, buckets};
/// assert_eq!(bucket_for("/Advertisers/IR1/Catalogs/7/Items"), Some(buckets::CATALOGS));
/// assert_eq!(bucket_for("/Mediapartners/IR1/ReportExport/mp_perf"), Some(buckets::REPORT_EXPORT));
/// assert_eq!(bucket_for("/Advertisers/IR1/Programs/1/ClickExport"), Some(buckets::CLICK_EXPORT));
/// assert_eq!(bucket_for("/Advertisers/IR1/Actions"), None);
/// ```
pub fn bucket_for(path: &str) -> Option<&'static str> {
    let mut segs = path.split('/').filter(|s| !s.is_empty());
    // Skip the persona and the account SID.
    let _persona = segs.next()?;
    let _sid = segs.next()?;
    let rest: Vec<&str> = segs.collect();
    if rest.first() == Some(&"Catalogs") {
        Some(buckets::CATALOGS)
    } else if rest.contains(&"ReportExport") {
        Some(buckets::REPORT_EXPORT)
    } else if rest.contains(&"ClickExport") {
        Some(buckets::CLICK_EXPORT)
    } else {
        None
    }
}

/// Builds a [`Client`].
///
/// ```
/// use impact_com::Client;
/// use std::time::Duration;
///
/// let client = Client::builder("IRxxxxxxxxxxxxxxxxxxxxxxxxxxxxx1", "auth-token")
///     .ir_version(14)
///     .timeout(Duration::from_secs(60))
///     .build()?;
/// # Ok::<(), impact_com::Error>(())
/// ```
pub struct ClientBuilder {
    account_sid: String,
    token: SecretString,
    /// Whether `token` is a JWT sent as `Authorization: Bearer` (otherwise
    /// an Auth Token sent with the Account SID as HTTP Basic).
    bearer: bool,
    tracking_base_url: Option<Url>,
    calldata_base_url: Option<Url>,
    ir_version: Option<String>,
    catalogs_limit: RateLimit,
    report_export_limit: RateLimit,
    click_export_limit: RateLimit,
    settings: ClientSettings,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("account_sid", &self.account_sid)
            .field("token", &"[REDACTED]")
            .field("scheme", &if self.bearer { "Bearer" } else { "Basic" })
            .field("ir_version", &self.ir_version)
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

fn parse_default(url: &str) -> Result<Url> {
    Url::parse(url).map_err(|e| Error::invalid_input(format!("bad default base URL: {e}")))
}

impl ClientBuilder {
    fn new(account_sid: String, token: String) -> Self {
        ClientBuilder {
            account_sid,
            token: SecretString::from(token),
            bearer: false,
            tracking_base_url: None,
            calldata_base_url: None,
            ir_version: None,
            catalogs_limit: default_catalogs_limit(),
            report_export_limit: default_report_export_limit(),
            click_export_limit: default_click_export_limit(),
            settings: ClientSettings::new(),
        }
    }

    affiliate_common::builder_settings!(settings);

    /// Authenticates with `jwt` in `Authorization: Bearer` instead of the Auth
    /// Token given to [`Client::builder`] (impact.com accepts either scheme).
    /// The Account SID is still needed: it is part of every path.
    ///
    /// ```
    /// let client = impact_com::Client::builder("IRxxxxxxxxxxxxxxxxxxxxxxxxxxxxx1", "")
    ///     .bearer_token("eyJhbGciOi...")
    ///     .build()?;
    /// # Ok::<(), impact_com::Error>(())
    /// ```
    pub fn bearer_token(mut self, jwt: impl Into<String>) -> Self {
        self.token = SecretString::from(jwt.into());
        self.bearer = true;
        self
    }

    /// Points the tracking helpers (`PageLoad`, `DeferredDeepLink`) at
    /// another base URL. Default [`DEFAULT_TRACKING_BASE_URL`].
    pub fn tracking_base_url(mut self, url: Url) -> Self {
        self.tracking_base_url = Some(url);
        self
    }

    /// Points the call-data helper at another base URL. Default
    /// [`DEFAULT_CALLDATA_BASE_URL`].
    pub fn calldata_base_url(mut self, url: Url) -> Self {
        self.calldata_base_url = Some(url);
        self
    }

    /// Pins the API version of every request of this client, sent as the
    /// [`IR_VERSION_HEADER`] header (e.g. `14` for Brand, `16` for Partner).
    /// Without it the account's own pinned version applies.
    pub fn ir_version(mut self, version: impl ToString) -> Self {
        self.ir_version = Some(version.to_string());
        self
    }

    /// Sets the quota of `/Catalogs` endpoints (default
    /// [`default_catalogs_limit`]).
    pub fn catalogs_rate_limit(mut self, limit: RateLimit) -> Self {
        self.catalogs_limit = limit;
        self
    }

    /// Sets the quota of `ReportExport` (default
    /// [`default_report_export_limit`]).
    pub fn report_export_rate_limit(mut self, limit: RateLimit) -> Self {
        self.report_export_limit = limit;
        self
    }

    /// Sets the quota of `ClickExport` (default
    /// [`default_click_export_limit`]).
    pub fn click_export_rate_limit(mut self, limit: RateLimit) -> Self {
        self.click_export_limit = limit;
        self
    }

    fn common(
        &self,
        base: Url,
        auth: &Auth,
        shared: &ClientSettings,
        limit: RateLimit,
        buckets: bool,
    ) -> Result<affiliate_common::Client> {
        let mut b = affiliate_common::Client::builder(base)
            .auth(auth.clone())
            .flavor(ImpactFlavor)
            .user_agent(concat!("impact-com/", env!("CARGO_PKG_VERSION")))
            .rate_limit(limit);
        if buckets {
            b = b
                .rate_limit_bucket(buckets::CATALOGS, self.catalogs_limit.clone())
                .rate_limit_bucket(buckets::REPORT_EXPORT, self.report_export_limit.clone())
                .rate_limit_bucket(buckets::CLICK_EXPORT, self.click_export_limit.clone());
        }
        if let Some(v) = &self.ir_version {
            b = b.default_header(IR_VERSION_HEADER, v)?;
        }
        shared.clone().apply(b).build()
    }

    /// Builds the client.
    ///
    /// # Errors
    /// [`Error::Config`] when the Account SID or Auth Token is empty;
    /// [`Error::InvalidInput`] when the IrVersion is not header-safe, or a base URL is not usable (a
    /// plain `http` URL on a host other than the loopback needs
    /// [`allow_insecure_http`](ClientBuilder::allow_insecure_http)).
    pub fn build(self) -> Result<Client> {
        let sid = self.account_sid.trim().to_owned();
        if sid.is_empty() {
            return Err(Error::config("the impact.com Account SID is empty"));
        }
        let token = self.token.expose_secret().trim().to_owned();
        if token.is_empty() {
            return Err(Error::config(if self.bearer {
                "the impact.com JWT is empty"
            } else {
                "the impact.com Auth Token is empty"
            }));
        }
        if let Some(v) = &self.ir_version
            && (v.is_empty() || !v.chars().all(|c| c.is_ascii_alphanumeric() || c == '.'))
        {
            return Err(Error::invalid_input(format!(
                "IrVersion must be a version number such as `14`, got `{v}`"
            )));
        }
        let auth = if self.bearer {
            Auth::bearer(token)
        } else {
            Auth::basic(sid.clone(), token)
        };
        let follow = self.settings.follow_redirects.unwrap_or(true);
        let http = match &self.settings.http_client {
            Some(c) => c.clone(),
            None => affiliate_common::reqwest::Client::builder()
                .connect_timeout(
                    self.settings
                        .connect_timeout
                        .unwrap_or(Duration::from_secs(10)),
                )
                .pool_idle_timeout(Duration::from_secs(60))
                .redirect(if follow {
                    affiliate_common::redirect_policy()
                } else {
                    affiliate_common::reqwest::redirect::Policy::none()
                })
                .build()
                .map_err(Error::Transport)?,
        };
        let base = match &self.settings.base_url {
            Some(u) => u.clone(),
            None => parse_default(crate::DEFAULT_BASE_URL)?,
        };
        let tracking_base = match &self.tracking_base_url {
            Some(u) => u.clone(),
            None => parse_default(DEFAULT_TRACKING_BASE_URL)?,
        };
        let calldata_base = match &self.calldata_base_url {
            Some(u) => u.clone(),
            None => parse_default(DEFAULT_CALLDATA_BASE_URL)?,
        };
        let rate_limit = self
            .settings
            .rate_limit
            .clone()
            .unwrap_or_else(default_rate_limit);
        // One connection pool for the three hosts; each sets its own base
        // URL and limit.
        let mut shared = self.settings.clone();
        shared.http_client = Some(http);
        shared.base_url = None;
        shared.rate_limit = None;
        let api = self.common(base, &auth, &shared, rate_limit.clone(), true)?;
        // The tracking hosts are separate services without the REST quota;
        // they only share the in-flight cap.
        let tracking_limit = RateLimit::unlimited().max_in_flight(rate_limit.max_in_flight);
        let tracking = self.common(tracking_base, &auth, &shared, tracking_limit.clone(), false)?;
        let calldata = self.common(calldata_base, &auth, &shared, tracking_limit, false)?;
        Ok(Client {
            api,
            tracking,
            calldata,
            account_sid: Arc::from(sid),
            ir_version: self.ir_version.map(Arc::from),
        })
    }
}

/// An impact.com client for one account. Cheap to clone: clones share the
/// connection pool, the retry policy and the account's rate limiter.
///
/// ```
/// # #[allow(unsafe_code)] fn set(k: &str, v: &str) { unsafe { std::env::set_var(k, v) } }
/// # #[tokio::main] async fn main() -> Result<(), impact_com::Error> {
/// # let running = impact_com::sandbox::start().await?;
/// # set("IMPACT_ACCOUNT_SID", impact_com::sandbox::SANDBOX_ACCOUNT_SID);
/// # set("IMPACT_AUTH_TOKEN", impact_com::sandbox::SANDBOX_AUTH_TOKEN);
/// # set("IMPACT_BASE_URL", running.sandbox.url().as_str());
/// let client = impact_com::Client::from_env()?;
/// let brand = client.brand(client.account_sid());
/// let page: impact_com::ImpactPage<serde_json::Value> = brand
///     .scope()
///     .get(impact_com::Request::get(brand.scope().path("Campaigns")?))
///     .await?;
/// println!("{} campaigns on page 1", page.items.len());
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct Client {
    api: affiliate_common::Client,
    tracking: affiliate_common::Client,
    calldata: affiliate_common::Client,
    account_sid: Arc<str>,
    ir_version: Option<Arc<str>>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("account_sid", &self.account_sid)
            .field("ir_version", &self.ir_version)
            .field("http", &self.api)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client for the account `account_sid` authenticating with
    /// `auth_token` (HTTP Basic), with the default base URL, retries and
    /// rate limits.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when either value is empty.
    pub fn new(account_sid: impl Into<String>, auth_token: impl Into<String>) -> Result<Self> {
        Self::builder(account_sid, auth_token).build()
    }

    /// A client whose credentials are read from the environment:
    /// `IMPACT_ACCOUNT_SID` and either `IMPACT_JWT` (a JWT, sent as
    /// `Authorization: Bearer`; used when set and not blank) or
    /// `IMPACT_AUTH_TOKEN` (HTTP Basic). `IMPACT_BASE_URL`, when set,
    /// replaces the REST base URL.
    ///
    /// # Errors
    /// [`Error::Config`] when a credential variable is unset or blank, or
    /// the base URL variable is not a URL (the message names the variables,
    /// never their values).
    pub fn from_env() -> Result<Self> {
        let read = |name: &str| {
            std::env::var(name)
                .ok()
                .filter(|v| !v.trim().is_empty())
                .ok_or_else(|| {
                    Error::missing_credentials(
                        "impact.com",
                        &[
                            &[ACCOUNT_SID_ENV, AUTH_TOKEN_ENV],
                            &[ACCOUNT_SID_ENV, JWT_ENV],
                        ],
                    )
                })
        };
        let jwt = std::env::var(JWT_ENV).ok().filter(|v| !v.trim().is_empty());
        let mut b = match jwt {
            Some(jwt) => Self::builder(read(ACCOUNT_SID_ENV)?, String::new()).bearer_token(jwt),
            None => Self::builder(read(ACCOUNT_SID_ENV)?, read(AUTH_TOKEN_ENV)?),
        };
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
    pub fn builder(account_sid: impl Into<String>, auth_token: impl Into<String>) -> ClientBuilder {
        ClientBuilder::new(account_sid.into(), auth_token.into())
    }

    /// The Account SID the client authenticates as.
    pub fn account_sid(&self) -> &str {
        &self.account_sid
    }

    /// The pinned API version, if any.
    pub fn ir_version(&self) -> Option<&str> {
        self.ir_version.as_deref()
    }

    /// The REST transport, for advanced use.
    pub fn http(&self) -> &affiliate_common::Client {
        &self.api
    }

    /// The rate-limit figures of the latest REST response that carried any
    /// (shared by every clone and handle; see
    /// [`affiliate_common::Client::last_rate_limit`]).
    pub fn last_rate_limit(&self) -> Option<RateLimitInfo> {
        self.api.last_rate_limit()
    }

    pub(crate) fn tracking_http(&self) -> &affiliate_common::Client {
        &self.tracking
    }

    pub(crate) fn calldata_http(&self) -> &affiliate_common::Client {
        &self.calldata
    }

    /// The Brand (advertiser) API v14 of `account_sid`, under
    /// `/Advertisers/{account_sid}`. Usually the client's own
    /// [`account_sid`](Client::account_sid).
    pub fn brand(&self, account_sid: impl Into<String>) -> BrandClient {
        BrandClient {
            scope: Scope::new(self.clone(), Persona::Brand, account_sid.into()),
        }
    }

    /// The Partner (media partner) API v16 of `account_sid`, under
    /// `/Mediapartners/{account_sid}`.
    pub fn partner(&self, account_sid: impl Into<String>) -> PartnerClient {
        PartnerClient {
            scope: Scope::new(self.clone(), Persona::Partner, account_sid.into()),
        }
    }

    /// The Agency API v3 of `account_sid`, under `/Agencies/{account_sid}`.
    pub fn agency(&self, account_sid: impl Into<String>) -> AgencyClient {
        AgencyClient {
            scope: Scope::new(self.clone(), Persona::Agency, account_sid.into()),
        }
    }

    /// The account-independent tracking helpers: `PageLoad`,
    /// `DeferredDeepLink` and `calldata/logCallData`.
    pub fn tracking(&self) -> Tracking {
        Tracking::new(self.clone())
    }

    /// The raw escape hatch: `GET path?query` on the REST API with auth,
    /// retries, rate limits and the XML guard applied, decoded as untyped
    /// JSON. `path` is split on `/` and each segment is taken literally.
    ///
    /// ```
    /// # #[allow(unsafe_code)] fn set(k: &str, v: &str) { unsafe { std::env::set_var(k, v) } }
    /// # #[tokio::main] async fn main() -> Result<(), impact_com::Error> {
    /// # let running = impact_com::sandbox::start().await?;
    /// # set("IMPACT_ACCOUNT_SID", impact_com::sandbox::SANDBOX_ACCOUNT_SID);
    /// # set("IMPACT_AUTH_TOKEN", impact_com::sandbox::SANDBOX_AUTH_TOKEN);
    /// # set("IMPACT_BASE_URL", running.sandbox.url().as_str());
    /// let client = impact_com::Client::from_env()?;
    /// let path = format!("Advertisers/{}/Campaigns", client.account_sid());
    /// let info = client.get_json(&path, &[]).await?;
    /// println!("{info}");
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// Any [`Error`] of the request; [`Error::Decode`] for a non-JSON body.
    pub async fn get_json(&self, path: &str, query: &[(&str, &str)]) -> Result<serde_json::Value> {
        let mut req = Request::get(ApiPath::new(path));
        for (k, v) in query {
            req = req.query(*k, v);
        }
        Ok(send_json(&self.api, req).await?.into_inner())
    }
}

/// Sends `req` on `http` and decodes a JSON body as `T`, refusing XML (by
/// `Content-Type` or by a body starting with `<`) with a clear
/// [`Error::Decode`].
pub(crate) async fn send_json<T: DeserializeOwned + Send + 'static>(
    http: &affiliate_common::Client,
    req: Request,
) -> Result<Response<T>> {
    http.send_json::<T>(req)
        .await
        .map_err(crate::flavor::xml_error)
}

/// The persona a [`Scope`] addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Persona {
    /// Brand (advertiser): `/Advertisers/{sid}`, API v14.
    Brand,
    /// Partner (media partner, publisher): `/Mediapartners/{sid}`, API v16.
    Partner,
    /// Agency: `/Agencies/{sid}`, API v3.
    Agency,
}

impl Persona {
    /// The first path segment (`Advertisers`, `Mediapartners`, `Agencies`).
    pub fn segment(self) -> &'static str {
        match self {
            Persona::Brand => "Advertisers",
            Persona::Partner => "Mediapartners",
            Persona::Agency => "Agencies",
        }
    }
}

/// An account scope: a client plus `/{Persona}/{AccountSID}`. This is what
/// the per-operation methods (generated into `src/generated/`) build on.
///
/// - [`Scope::path`] starts every path (the SID goes through
///   [`ApiPath::param`]);
/// - [`Scope::get`] / [`Scope::send`] send a request and decode its JSON;
/// - [`Scope::write`] sends a write and decodes the [`WriteResult`];
/// - [`Scope::paginate`] turns a list request into a [`Paginator`] over
///   [`ImpactPage`]s (page size, Actions rules and rate-limit buckets
///   applied);
/// - [`Scope::jobs`] gives the [`JobRunner`].
#[derive(Clone)]
pub struct Scope {
    client: Client,
    persona: Persona,
    account_sid: Arc<str>,
}

impl fmt::Debug for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Scope")
            .field("persona", &self.persona)
            .field("account_sid", &self.account_sid)
            .finish_non_exhaustive()
    }
}

impl Scope {
    /// A scope for `persona` and `account_sid` on `client`.
    pub fn new(client: Client, persona: Persona, account_sid: String) -> Self {
        Scope {
            client,
            persona,
            account_sid: Arc::from(account_sid.trim()),
        }
    }

    /// The client.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The persona.
    pub fn persona(&self) -> Persona {
        self.persona
    }

    /// The Account SID of the scope.
    pub fn account_sid(&self) -> &str {
        &self.account_sid
    }

    /// `/{Persona}/{AccountSID}/{rest}`: `rest` is literal, trusted segments
    /// (`"Campaigns"`, `"Reports"`); append caller-supplied ids with
    /// [`ApiPath::param`]. An empty `rest` gives the scope root.
    ///
    /// ```
    /// # fn main() -> Result<(), impact_com::Error> {
    /// let client = impact_com::Client::new("IR123", "token")?;
    /// let path = client.brand("IR123").scope().path("Campaigns")?.param("CampaignId", "1000")?;
    /// assert_eq!(path.as_str(), "/Advertisers/IR123/Campaigns/1000");
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when the Account SID is empty, `.` or `..`.
    pub fn path(&self, rest: &str) -> Result<ApiPath> {
        let p = ApiPath::new(self.persona.segment()).param("AccountSID", &*self.account_sid)?;
        Ok(if rest.is_empty() { p } else { p.lit(rest) })
    }

    /// Applies the scope's rules to a request: the rate-limit bucket of its
    /// path ([`bucket_for`]).
    pub fn prepare(&self, req: Request) -> Request {
        match bucket_for(req.path().as_str()) {
            Some(b) => req.bucket(b),
            None => req,
        }
    }

    /// Sends `req` and decodes the JSON body as `T`, keeping the response
    /// metadata.
    ///
    /// # Errors
    /// Any [`Error`] of the request; [`Error::Decode`] (naming the JSON path)
    /// when the body does not decode, or is XML.
    pub async fn send<T: DeserializeOwned + Send + 'static>(
        &self,
        req: Request,
    ) -> Result<Response<T>> {
        send_json(&self.client.api, self.prepare(req)).await
    }

    /// Sends `req` and decodes the JSON body as `T`.
    ///
    /// # Errors
    /// As for [`Scope::send`].
    pub async fn get<T: DeserializeOwned + Send + 'static>(&self, req: Request) -> Result<T> {
        Ok(self.send(req).await?.into_inner())
    }

    /// Sends a write (`POST`, `PUT`, `DELETE`) and decodes its
    /// `{Status, Uri}` / `{Status: "QUEUED", QueuedUri}` body. An empty
    /// body (some deletes) gives [`WriteResult::empty`].
    ///
    /// # Errors
    /// As for [`Scope::send`].
    ///
    /// A `DELETE` reported as done after a 404 or 410 on a retry
    /// ([`ResponseMeta::already_gone`](affiliate_common::ResponseMeta::already_gone))
    /// also gives [`WriteResult::empty`].
    pub async fn write(&self, req: Request) -> Result<WriteResult> {
        let raw = self.client.api.execute(self.prepare(req)).await?;
        if !raw.meta.status.is_success() || raw.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(WriteResult::empty());
        }
        affiliate_common::client::decode::<WriteResult>(&raw.body, &raw.meta)
            .map_err(crate::flavor::xml_error)
    }

    /// Turns a list request into a lazy [`Paginator`] that follows
    /// `@nextpageuri`:
    ///
    /// - sets `PageSize` to [`DEFAULT_PAGE_SIZE`] (or [`LARGE_PAGE_SIZE`]
    ///   for Actions, ActionUpdates and report runs) unless the request has
    ///   one;
    /// - for Actions and ActionUpdates, checks the date and page-size rules
    ///   first ([`validate::check_actions_request`]) and caps the stream at
    ///   10 pages;
    /// - applies the rate-limit bucket of the path.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when the Actions rules reject the request.
    pub fn paginate<T>(&self, req: Request) -> Result<Paginator<ImpactPage<T>>>
    where
        T: DeserializeOwned + Send + 'static,
    {
        let kind = validate::ListKind::of(req.path().template());
        let mut req = req;
        if req.query_value("PageSize").is_none() {
            req = req.set_query("PageSize", kind.default_page_size());
        }
        if kind == validate::ListKind::Actions {
            validate::check_actions_request(&req)?;
        }
        let req = self.prepare(req);
        // `@nextpageuri` only steps `Page`: once page 1 reports `@numpages`,
        // pages 2..=@numpages are fetched concurrently (in order, under the
        // limiter); otherwise the links are followed one by one.
        let strategy = affiliate_common::Strategy::NextLink(
            affiliate_common::pagination::NextLink::new().page_param("Page"),
        );
        let mut p = Paginator::new(self.client.api.clone(), req, strategy);
        if kind == validate::ListKind::Actions {
            p = p.page_cap(validate::MAX_ACTION_PAGES);
        }
        Ok(p)
    }

    /// The job helper of this scope: submit exports, poll
    /// `{scope}/Jobs/{id}`, download results.
    pub fn jobs(&self) -> JobRunner {
        JobRunner::new(self.clone())
    }
}

macro_rules! scoped_client {
    ($(#[$m:meta])* $name:ident) => {
        $(#[$m])*
        #[derive(Clone, Debug)]
        pub struct $name {
            scope: Scope,
        }

        impl $name {
            /// The account scope: paths, sending, pagination and jobs.
            pub fn scope(&self) -> &Scope {
                &self.scope
            }

            /// The Account SID of this handle.
            pub fn account_sid(&self) -> &str {
                self.scope.account_sid()
            }

            /// The client the handle was made from.
            pub fn client(&self) -> &Client {
                self.scope.client()
            }

            /// The job helper: submit `ReportExport` / `ClickExport` / bulk
            /// operations, wait for the job and download its result.
            pub fn job_runner(&self) -> JobRunner {
                self.scope.jobs()
            }
        }
    };
}

scoped_client! {
    /// The Brand (advertiser) API v14 of one account: `/Advertisers/{sid}`.
    /// Made by [`Client::brand`].
    BrandClient
}

scoped_client! {
    /// The Partner (media partner) API v16 of one account:
    /// `/Mediapartners/{sid}`. Made by [`Client::partner`].
    PartnerClient
}

scoped_client! {
    /// The Agency API v3 of one account: `/Agencies/{sid}`. Made by
    /// [`Client::agency`].
    AgencyClient
}
