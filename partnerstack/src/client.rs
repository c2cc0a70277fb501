//! The vendor-API [`Client`], the partner-API [`PartnerClient`] and their builders.
//!
//! Redirects: PartnerStack's API documents none, so both clients follow a
//! redirect only within the base URL's origin (never to another host, never
//! from `https` to `http`) and report any other as
//! [`Error::Redirect`]; the builders'
//! `follow_redirects(false)` turns following off altogether.

use affiliate_common::url::Url;
use affiliate_common::{
    ApiPath, Auth, ClientSettings, Error, RateLimit, RateLimitInfo, Request, Result,
};

use crate::envelope::Envelope;
use crate::flavor::PartnerStackFlavor;
use crate::resources;

/// The `User-Agent` every request sends: `partnerstack/<version>`.
pub const USER_AGENT: &str = concat!("partnerstack/", env!("CARGO_PKG_VERSION"));

/// The page size every list asks for: the API's maximum (its own default is 10).
pub const DEFAULT_PAGE_SIZE: u64 = 250;

/// The largest `limit` the API accepts.
pub const MAX_PAGE_SIZE: u64 = 250;

/// The environment variable holding the vendor public key (the Basic user name).
pub const ENV_PUBLIC_KEY: &str = "PARTNERSTACK_PUBLIC_KEY";
/// The environment variable holding the vendor secret key (the Basic password).
pub const ENV_SECRET_KEY: &str = "PARTNERSTACK_SECRET_KEY";
/// The environment variable holding a vendor Bearer token (used when no key pair is set).
pub const ENV_API_KEY: &str = "PARTNERSTACK_API_KEY";
/// The environment variable holding a partner-API Bearer token.
pub const ENV_PARTNER_API_KEY: &str = "PARTNERSTACK_PARTNER_API_KEY";
/// The environment variable that overrides the base URL (for a proxy or a sandbox).
pub const ENV_BASE_URL: &str = "PARTNERSTACK_BASE_URL";

/// The client-side rate limit every client starts with: 4,000 requests per
/// minute with at most 10 in flight.
///
/// PartnerStack publishes no figure of its own; 4,000 per minute per IP
/// address is the number Airbyte's connector documents. A 429 from the API
/// pauses every clone of the client for the `Retry-After` the API sends.
pub fn default_rate_limit() -> RateLimit {
    RateLimit::per_minute(4_000).max_in_flight(10)
}

fn default_base_url() -> Url {
    Url::parse(crate::DEFAULT_BASE_URL).expect("the default base URL is valid")
}

fn env_var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn env_base_url() -> Result<Option<Url>> {
    match env_var(ENV_BASE_URL) {
        None => Ok(None),
        Some(raw) => Url::parse(raw.trim())
            .map(Some)
            .map_err(|e| Error::invalid_env(ENV_BASE_URL, format!("is not a valid URL ({e})"))),
    }
}

/// Builds the transport of either client: the provider defaults, then the
/// caller's [`ClientSettings`].
fn build_transport(auth: Auth, settings: ClientSettings) -> Result<affiliate_common::Client> {
    let b = affiliate_common::Client::builder(default_base_url())
        .auth(auth)
        .user_agent(USER_AGENT)
        .rate_limit(default_rate_limit())
        .flavor(PartnerStackFlavor);
    settings.apply(b).build()
}

/// Builds a vendor-API [`Client`]; start it with [`Client::builder`] and
/// the credentials.
///
/// The shared transport settings (`base_url`, `user_agent`, `timeout`,
/// `connect_timeout`, `retry`, `rate_limit`, `http_client`,
/// `max_response_size`, `follow_redirects`, `allow_insecure_http`) come from
/// [`affiliate_common::builder_settings!`], the same in every crate of the
/// family. The default rate limit is [`default_rate_limit`] (4,000 per
/// minute, 10 in flight); `POST` and `PATCH` calls are never repeated once
/// they may have reached the server.
///
/// Building sends nothing:
///
/// ```
/// use partnerstack::Auth;
/// use std::time::Duration;
///
/// let client = partnerstack::Client::builder(Auth::basic("pk_live_...", "sk_live_..."))
///     .timeout(Duration::from_secs(20))
///     .build()?;
/// # let _ = client;
/// # Ok::<(), partnerstack::Error>(())
/// ```
#[derive(Debug)]
pub struct ClientBuilder {
    auth: Auth,
    settings: ClientSettings,
}

impl ClientBuilder {
    affiliate_common::builder_settings!(settings);

    /// Builds the client.
    ///
    /// # Errors
    /// [`Error::Config`] when no credentials were given ([`Auth::None`]);
    /// [`Error::InvalidInput`] when the base URL is not `http(s)`, or a credential
    /// holds characters a header cannot carry.
    pub fn build(self) -> Result<Client> {
        if matches!(self.auth, Auth::None) {
            return Err(Error::config(
                "no PartnerStack credentials: pass `Auth::basic(public, secret)` or `Auth::bearer(token)`",
            ));
        }
        Ok(Client {
            http: build_transport(self.auth, self.settings)?,
        })
    }
}

/// A client of the PartnerStack **vendor** API (the company running the
/// partner program). Cheap to clone; clones share the connection pool, the
/// rate limiter and any 429 pause.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), partnerstack::Error> {
/// let client = partnerstack::Client::new("pk_live_...", "sk_live_...")?;
/// let key = "part_123";
/// // (tested against the crate's sandbox: `client` and `key` are the sandbox's from here on)
/// # let running = partnerstack::sandbox::start_with(partnerstack::sandbox::SandboxConfig::small(), |b| b).await?;
/// # let client = running.client.clone();
/// # let keys = running.api.keys("partnerships").unwrap_or_default();
/// # let key = keys[0].as_str();
/// let p = client.partnerships().get(key).await?;
/// println!("{:?}", p.email);
/// # assert_eq!(p.key, key);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Client {
    pub(crate) http: affiliate_common::Client,
}

impl Client {
    /// A client authenticating with HTTP Basic (public key, secret key) and
    /// the provider defaults (limit 250, 4,000 requests per minute).
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when a key holds characters a header cannot carry.
    pub fn new(public_key: impl Into<String>, secret_key: impl Into<String>) -> Result<Self> {
        Self::builder(Auth::basic(public_key, secret_key)).build()
    }

    /// A client authenticating with a Bearer token.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when the token holds characters a header cannot carry.
    pub fn with_bearer(token: impl Into<String>) -> Result<Self> {
        Self::builder(Auth::bearer(token)).build()
    }

    /// A client from the environment: `PARTNERSTACK_PUBLIC_KEY` and
    /// `PARTNERSTACK_SECRET_KEY` (Basic), else `PARTNERSTACK_API_KEY`
    /// (Bearer). `PARTNERSTACK_BASE_URL`, when set, replaces the base URL.
    ///
    /// # Errors
    /// [`Error::Config`] when neither credential set is present or only one
    /// of the key pair is set, or the base URL variable is not a URL (the
    /// message names the variables, never their values).
    pub fn from_env() -> Result<Self> {
        let auth = match (
            env_var(ENV_PUBLIC_KEY),
            env_var(ENV_SECRET_KEY),
            env_var(ENV_API_KEY),
        ) {
            (Some(pk), Some(sk), _) => Auth::basic(pk, sk),
            (None, None, Some(token)) => Auth::bearer(token),
            // Half a key pair is no credential: the same error as none.
            (Some(_), None, _) | (None, Some(_), _) | (None, None, None) => {
                return Err(Error::missing_credentials(
                    "PartnerStack",
                    &[&[ENV_PUBLIC_KEY, ENV_SECRET_KEY], &[ENV_API_KEY]],
                ));
            }
        };
        let mut b = Self::builder(auth);
        if let Some(url) = env_base_url()? {
            b = b.base_url(url);
        }
        b.build()
    }

    /// Whether the environment holds vendor credentials for [`Client::from_env`].
    pub fn env_has_credentials() -> bool {
        (env_var(ENV_PUBLIC_KEY).is_some() && env_var(ENV_SECRET_KEY).is_some())
            || env_var(ENV_API_KEY).is_some()
    }

    /// Starts a [`ClientBuilder`] with the credentials (`Auth::basic(public,
    /// secret)` or `Auth::bearer(token)`) and the provider defaults.
    pub fn builder(auth: Auth) -> ClientBuilder {
        ClientBuilder {
            auth,
            settings: ClientSettings::new(),
        }
    }

    /// The underlying transport, for anything this crate does not wrap.
    pub fn http(&self) -> &affiliate_common::Client {
        &self.http
    }

    /// The rate-limit figures of the latest response that carried any
    /// (shared by every clone; see
    /// [`affiliate_common::Client::last_rate_limit`]).
    pub fn last_rate_limit(&self) -> Option<RateLimitInfo> {
        self.http.last_rate_limit()
    }

    /// The raw escape hatch: `GET path?query` with auth, rate limits,
    /// retries and the `{data, message, status}` envelope applied; returns
    /// `data` as untyped JSON. `path` is relative to the base URL
    /// (`"partnerships"`) and split on `/`, each segment taken literally.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> Result<(), partnerstack::Error> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// let page = client.get_json("partnerships", &[("limit", "5")]).await?;
    /// println!("{}", page["items"].as_array().map_or(0, Vec::len));
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Api`] for error responses, [`Error::Decode`] when the body is
    /// not the envelope, and transport errors.
    pub async fn get_json(&self, path: &str, query: &[(&str, &str)]) -> Result<serde_json::Value> {
        raw_get(&self.http, path, query).await
    }

    /// Partnerships: list, create, update, archive, tags, members and links.
    pub fn partnerships(&self) -> resources::partnerships::Partnerships {
        resources::partnerships::Partnerships::new(self.http.clone())
    }

    /// Customers: list, create, retrieve, update and delete.
    pub fn customers(&self) -> resources::customers::Customers {
        resources::customers::Customers::new(self.http.clone())
    }

    /// Transactions: list, create, retrieve and delete.
    pub fn transactions(&self) -> resources::transactions::Transactions {
        resources::transactions::Transactions::new(self.http.clone())
    }

    /// Rewards: list and create.
    pub fn rewards(&self) -> resources::rewards::Rewards {
        resources::rewards::Rewards::new(self.http.clone())
    }

    /// Deals: list, create, update, archive, convert, files and assignment.
    pub fn deals(&self) -> resources::deals::Deals {
        resources::deals::Deals::new(self.http.clone())
    }

    /// Leads: list, create, update, archive and convert.
    pub fn leads(&self) -> resources::leads::Leads {
        resources::leads::Leads::new(self.http.clone())
    }

    /// Actions: list, record and archive.
    pub fn actions(&self) -> resources::actions::Actions {
        resources::actions::Actions::new(self.http.clone())
    }

    /// Partner groups.
    pub fn groups(&self) -> resources::groups::Groups {
        resources::groups::Groups::new(self.http.clone())
    }

    /// Form templates (partner, customer, deal and lead forms).
    pub fn form_templates(&self) -> resources::form_templates::FormTemplates {
        resources::form_templates::FormTemplates::new(self.http.clone())
    }

    /// Sales-cycle stages.
    pub fn sales_cycles(&self) -> resources::sales_cycles::SalesCycles {
        resources::sales_cycles::SalesCycles::new(self.http.clone())
    }

    /// Webhook subscriptions.
    pub fn webhooks(&self) -> resources::webhooks::Webhooks {
        resources::webhooks::Webhooks::new(self.http.clone())
    }

    /// Partner applications and their decisions.
    pub fn applications(&self) -> resources::applications::Applications {
        resources::applications::Applications::new(self.http.clone())
    }

    /// Tiers and tier collections.
    pub fn tiers(&self) -> resources::tiers::Tiers {
        resources::tiers::Tiers::new(self.http.clone())
    }

    /// Product books.
    pub fn product_books(&self) -> resources::products::ProductBooks {
        resources::products::ProductBooks::new(self.http.clone())
    }

    /// Products (a product book entry attached to a customer).
    pub fn products(&self) -> resources::products::Products {
        resources::products::Products::new(self.http.clone())
    }

    /// Custom report configurations and their exports.
    pub fn reports(&self) -> resources::reports::Reports {
        resources::reports::Reports::new(self.http.clone())
    }

    /// Base-records exports.
    pub fn exports(&self) -> resources::reports::Exports {
        resources::reports::Exports::new(self.http.clone())
    }
}

/// Builds a partner-API [`PartnerClient`].
///
/// Building sends nothing:
///
/// ```
/// let partner = partnerstack::PartnerClient::builder("partner-api-key").build()?;
/// # let _ = partner;
/// # Ok::<(), partnerstack::Error>(())
/// ```
#[derive(Debug)]
pub struct PartnerClientBuilder {
    auth: Auth,
    settings: ClientSettings,
}

impl PartnerClientBuilder {
    affiliate_common::builder_settings!(settings);

    /// Builds the client.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when the base URL is not `http(s)` or the key
    /// holds characters a header cannot carry.
    pub fn build(self) -> Result<PartnerClient> {
        Ok(PartnerClient {
            http: build_transport(self.auth, self.settings)?,
        })
    }
}

/// A client of the PartnerStack **Partner** API: a partner (affiliate)
/// reading its own partnerships, customers, rewards and payouts with a
/// Bearer key from its user settings.
///
/// The partner API shares paths with the vendor API (`/partnerships`,
/// `/customers`, ...), but sees and returns different fields, so it has its
/// own client and models ([`PartnerPartnership`](crate::PartnerPartnership),
/// [`PartnerCustomer`](crate::PartnerCustomer), [`Payout`](crate::Payout), ...).
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), partnerstack::Error> {
/// let partner = partnerstack::PartnerClient::new("partner-api-key")?;
/// // (tested against the crate's sandbox: `partner` is the sandbox's from here on)
/// # let running = partnerstack::sandbox::start_with(partnerstack::sandbox::SandboxConfig::small(), |b| b).await?;
/// # let partner = running.partner.clone();
/// let payouts = partner.payouts().list().collect_all().await?;
/// println!("{} payouts", payouts.len());
/// # assert!(!payouts.is_empty());
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct PartnerClient {
    pub(crate) http: affiliate_common::Client,
}

impl PartnerClient {
    /// A partner-API client with the Bearer `api_key`.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when the key holds characters a header cannot carry.
    pub fn new(api_key: impl Into<String>) -> Result<Self> {
        Self::builder(api_key).build()
    }

    /// A partner-API client from `PARTNERSTACK_PARTNER_API_KEY`
    /// (`PARTNERSTACK_BASE_URL` replaces the base URL when set).
    ///
    /// # Errors
    /// [`Error::Config`] when the variable is unset or blank, or the base
    /// URL variable is not a URL.
    pub fn from_env() -> Result<Self> {
        let key = env_var(ENV_PARTNER_API_KEY).ok_or_else(|| {
            Error::missing_credentials("PartnerStack partner API", &[&[ENV_PARTNER_API_KEY]])
        })?;
        let mut b = Self::builder(key);
        if let Some(url) = env_base_url()? {
            b = b.base_url(url);
        }
        b.build()
    }

    /// Starts a builder with the Bearer `api_key` and the provider defaults.
    pub fn builder(api_key: impl Into<String>) -> PartnerClientBuilder {
        PartnerClientBuilder {
            auth: Auth::bearer(api_key),
            settings: ClientSettings::new(),
        }
    }

    /// The underlying transport.
    pub fn http(&self) -> &affiliate_common::Client {
        &self.http
    }

    /// The rate-limit figures of the latest response that carried any.
    pub fn last_rate_limit(&self) -> Option<RateLimitInfo> {
        self.http.last_rate_limit()
    }

    /// The raw escape hatch, as [`Client::get_json`].
    ///
    /// # Errors
    /// As for [`Client::get_json`].
    pub async fn get_json(&self, path: &str, query: &[(&str, &str)]) -> Result<serde_json::Value> {
        raw_get(&self.http, path, query).await
    }

    /// The partner's own partnerships (one per program it belongs to).
    pub fn partnerships(&self) -> resources::partner::PartnerPartnerships {
        resources::partner::PartnerPartnerships::new(self.http.clone())
    }

    /// Customers the partner referred.
    pub fn customers(&self) -> resources::partner::PartnerCustomers {
        resources::partner::PartnerCustomers::new(self.http.clone())
    }

    /// Transactions of the partner's customers.
    pub fn transactions(&self) -> resources::partner::PartnerTransactions {
        resources::partner::PartnerTransactions::new(self.http.clone())
    }

    /// The partner's rewards.
    pub fn rewards(&self) -> resources::partner::PartnerRewards {
        resources::partner::PartnerRewards::new(self.http.clone())
    }

    /// Actions credited to the partner.
    pub fn actions(&self) -> resources::partner::PartnerActions {
        resources::partner::PartnerActions::new(self.http.clone())
    }

    /// Payouts sent to the partner.
    pub fn payouts(&self) -> resources::partner::Payouts {
        resources::partner::Payouts::new(self.http.clone())
    }

    /// Programs listed in the PartnerStack marketplace.
    pub fn marketplace(&self) -> resources::partner::Marketplace {
        resources::partner::Marketplace::new(self.http.clone())
    }
}

async fn raw_get(
    http: &affiliate_common::Client,
    path: &str,
    query: &[(&str, &str)],
) -> Result<serde_json::Value> {
    let mut req = Request::get(ApiPath::new(path));
    for (k, v) in query {
        req = req.query(*k, v);
    }
    Ok(http
        .send::<Envelope<serde_json::Value>>(req)
        .await?
        .into_inner())
}
