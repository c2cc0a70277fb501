//! An in-process simulated impact.com (feature `sandbox`).
//!
//! It serves, on `127.0.0.1`, one account reachable as a brand
//! (`/Advertisers/{sid}`), as a partner (`/Mediapartners/{sid}`) and as an
//! agency (`/Agencies/{sid}`), with
//! seeded, deterministic data shaped like the real API: every scalar a
//! string (`"Id": "1000"`, `"Payout": "8.40"`, `"ListInMarketplace":
//! "true"`), `""` for empty values.
//!
//! - Brand: `Campaigns` (+ `/{id}`), `MediaPartners` (collection key
//!   `Partners`, + `/{id}`), `Actions` (+ `/{id}`), `Reports`,
//!   `ReportExport/{id}`, `Jobs/{id}`, `Jobs/{id}/Download`, and
//!   `POST Conversions` (form-encoded, answered `QUEUED`).
//! - Partner: `Campaigns` (+ `/{id}`, `/{id}/Deals`), `Actions`, `Reports`,
//!   `ReportExport/{id}`, `Jobs`.
//! - Agency: `Advertisers` (a bare array, as the API sends it), `Reports`,
//!   `Jobs`.
//! - The other lists, seeded: Brand `LegalEntities`, `ActionInquiries` and
//!   `ActionUpdates` (`CampaignId` required), `Ads`, `Catalogs` (+
//!   `/{id}/Items`), `Campaigns/{id}/Contacts`, `/Contracts`, `/Notes`,
//!   `/MediaPartnerGroups`, `Deals`, `ExceptionLists` (+ `/{id}/Items`),
//!   `Invoices`, `PhoneNumbers`, `PromoCodes`, `Programs/{id}/BlockRedirectRules`
//!   and `/Tasks`, `APISubmissions`, `FTPFileSubmissions`,
//!   `TrackingValueRequests`, `Jobs`; Partner `ActionInquiries`,
//!   `ActionUpdates`, `Ads`, `Catalogs` (+ `/{id}/Items`), `Contracts`,
//!   `Invoices`, `MediaProperties`, `PromoCodes`, `Promotions`, `Stores`,
//!   `Tasks`, `TaxDocuments`, `Users`. The update-time filters
//!   (`DateLastUpdatedStart` on Brand ads, `DateLastUpdatedAfter` on
//!   contracts, routing rules and tasks) are applied.
//! - Tracking: `POST PageLoad`, `POST DeferredDeepLink`,
//!   `calldata/logCallData` on the same host.
//! - `@`-metadata pagination with `Page`/`PageSize` and `@nextpageuri`
//!   links; the Actions rules (PageSize ≥ 2,000, EndDate with StartDate, at
//!   most 10 pages) answered with the real 400 bodies.
//! - Report exports queue a job that completes after
//!   [`SandboxConfig::polls_to_complete`] polls (reports whose id starts
//!   with `fail` end `FAILED`); the download is CSV (or JSON rows with
//!   `ResultFormat=JSON`) and answers 202 with the job before completion.
//! - Errors use the real body `{"Status":"ERROR","Message",...}`: 401 for
//!   bad credentials, 403 for another account, 404 for an unknown id, and
//!   501 with `"Code": "sandbox_unsupported"` for a route or method the
//!   descriptions do not document (never a 404 that reads as a real
//!   not-found).
//! - Every other documented operation of the three personas answers the
//!   example of its documented response ([`operations`], generated from
//!   `specs/impact/*.yaml`).
//! - A request without `Accept: application/json` gets XML, as the real API.
//! - Faults through [`Sandbox::faults`]: 429 with `X-RateLimit-*` headers,
//!   5xx and latency.
//!
//! ```
//! # #[tokio::main] async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let running = impact_com::sandbox::start().await?;
//! let brand = running.client.brand(impact_com::sandbox::SANDBOX_ACCOUNT_SID);
//! let req = impact_com::Request::get(brand.scope().path("Campaigns")?);
//! let campaigns = brand.scope().paginate::<serde_json::Value>(req)?.collect_all().await?;
//! println!("{} campaigns on {}", campaigns.len(), running.sandbox.url());
//! # assert_eq!(campaigns.len(), 3);
//! # Ok(())
//! # }
//! ```
//!
//! # Live or sandbox
//!
//! [`start`] returns a [`Running`]: the server, a `client` whose REST, tracking and call-data hosts all point at it, and the simulated `api`.
//! [`connect`] returns a [`Connection`]
//! (`affiliate_common::sandbox::Connection<Client, Running>`): the live
//! client from the environment when credentials are set, else the client
//! of a freshly started sandbox, with the [`Running`] sandbox in
//! `sandbox`. The switch's mechanics live in [`affiliate_common::sandbox`].

mod data;
mod lists;
mod routes;

use std::sync::{Arc, LazyLock, Mutex};

use affiliate_common::sandbox::ops::Operations;
use affiliate_common::sandbox::{Fault, Handler, SandboxRequest, SandboxResponse};
pub use affiliate_common::sandbox::{Faults, Sandbox};
use serde_json::json;

use crate::Client;
use data::State;

/// The Account SID of the sandbox account.
pub const SANDBOX_ACCOUNT_SID: &str = "IRSandboxAcct0000000000000000001";
/// The Auth Token the sandbox accepts.
pub const SANDBOX_AUTH_TOKEN: &str = "sandbox_auth_token";
/// The id of the sandbox's first brand campaign, "Acme Outdoor US" (its
/// campaigns are 1000, 1001 and 1002).
pub const SANDBOX_CAMPAIGN_ID: &str = "1000";
/// The event type of the sandbox's campaigns, "Online Sale": the
/// `EventTypeId` a conversion names (an `Action` calls the same id its
/// `ActionTrackerId`). The sandbox refuses a conversion with another event
/// type, or with none, as the API does.
pub const SANDBOX_EVENT_TYPE_ID: &str = "12345";

/// What the sandbox is seeded with.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SandboxConfig {
    /// Actions (spread over January 2026).
    pub actions: usize,
    /// Media partners.
    pub media_partners: usize,
    /// The seed (same seed, same data).
    pub seed: u64,
    /// Polls of `Jobs/{id}` before an export job completes.
    pub polls_to_complete: u32,
}

impl Default for SandboxConfig {
    /// 5,000 actions, 2,500 media partners, seed 42, jobs complete on the
    /// third poll.
    fn default() -> Self {
        SandboxConfig {
            actions: 5_000,
            media_partners: 2_500,
            seed: 42,
            polls_to_complete: 3,
        }
    }
}

impl SandboxConfig {
    /// 100 actions and 50 media partners (the rest as by default): quick to
    /// seed, for examples that start a sandbox of their own (the endpoint
    /// methods' examples do).
    pub fn small() -> Self {
        SandboxConfig {
            actions: 100,
            media_partners: 50,
            ..Self::default()
        }
    }

    /// Sets the number of actions.
    pub fn actions(mut self, n: usize) -> Self {
        self.actions = n;
        self
    }

    /// Sets the number of media partners.
    pub fn media_partners(mut self, n: usize) -> Self {
        self.media_partners = n;
        self
    }

    /// Sets the seed.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Sets the polls before an export job completes (at least 1).
    pub fn polls_to_complete(mut self, n: u32) -> Self {
        self.polls_to_complete = n.max(1);
        self
    }
}

/// The simulated API, to serve with [`Sandbox::start`] (or use [`start`]).
/// Clones share the data.
#[derive(Clone)]
pub struct ImpactSandbox {
    state: Arc<Mutex<State>>,
    auth: Arc<str>,
}

impl std::fmt::Debug for ImpactSandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ImpactSandbox").finish_non_exhaustive()
    }
}

impl ImpactSandbox {
    /// Seeds the data.
    pub fn new(config: &SandboxConfig) -> Self {
        ImpactSandbox {
            state: Arc::new(Mutex::new(State::seed(
                SANDBOX_ACCOUNT_SID,
                config.actions,
                config.media_partners,
                config.seed,
                config.polls_to_complete.max(1),
            ))),
            auth: Arc::from(routes::expected_auth(
                SANDBOX_ACCOUNT_SID,
                SANDBOX_AUTH_TOKEN,
            )),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The number of seeded (and submitted) actions.
    pub fn action_count(&self) -> usize {
        self.lock().actions.len()
    }

    /// The `Id`s of every record of a collection as the brand sees it
    /// (`Campaigns`, `MediaPartners`, `Actions`), in the order the lists
    /// serve them, or of every report job (`Jobs`, sorted); `None` for
    /// another name.
    pub fn ids(&self, collection: &str) -> Option<Vec<String>> {
        let st = self.lock();
        if collection == "Jobs" {
            let mut ids: Vec<String> = st.jobs.keys().cloned().collect();
            ids.sort();
            return Some(ids);
        }
        let rows = match collection {
            "Campaigns" => &st.brand_campaigns,
            "MediaPartners" => &st.media_partners,
            "Actions" => &st.actions,
            _ => return None,
        };
        Some(
            rows.iter()
                .filter_map(|r| r["Id"].as_str().map(str::to_owned))
                .collect(),
        )
    }

    /// The conversions submitted so far, as form pairs.
    pub fn conversions(&self) -> Vec<Vec<(String, String)>> {
        self.lock().conversions.clone()
    }
}

impl Handler for ImpactSandbox {
    fn handle(&self, req: SandboxRequest) -> SandboxResponse {
        // `PageLoad` takes no credentials, and the client sends none.
        let public = req.method.as_str() == "POST" && req.segments() == ["PageLoad"];
        if !public && req.header("authorization") != Some(&*self.auth) {
            return routes::error(
                401,
                "Authentication failed: invalid Account SID or Auth Token",
            );
        }
        let accept = req.header("accept").unwrap_or("");
        if !accept.contains("json") && !accept.contains("*/*") {
            return routes::xml_body();
        }
        let mut st = self.lock();
        let resp = routes::handle(&mut st, SANDBOX_ACCOUNT_SID, &req);
        // What the routes do not model, the descriptions' examples answer.
        operations().after(req.method.as_str(), &req.path, resp)
    }

    fn fault(&self, fault: &Fault) -> SandboxResponse {
        match fault {
            Fault::RateLimited { retry_after } => routes::error(
                429,
                "Too many requests: the hourly rate limit of 1000 requests was exceeded",
            )
            .header("x-ratelimit-limit", "1000")
            .header("x-ratelimit-remaining", "0")
            .header("x-ratelimit-reset", retry_after),
            Fault::Status(code) => SandboxResponse::json(
                *code,
                &json!({ "Status": "ERROR", "Message": "Internal server error (injected fault)" }),
            ),
            other => routes::error(500, &format!("injected fault {other:?}")),
        }
    }
}

/// Every operation of the three descriptions (`specs/impact/*.yaml`) with
/// an example answer (generated: `src/generated/<persona>/sandbox_ops.json`).
pub fn operations() -> &'static Operations {
    static OPS: LazyLock<Operations> = LazyLock::new(|| {
        Operations::merged([
            Operations::embedded(
                "impact/src/generated/brand/sandbox_ops.json",
                include_str!("../generated/brand/sandbox_ops.json"),
            ),
            Operations::embedded(
                "impact/src/generated/partner/sandbox_ops.json",
                include_str!("../generated/partner/sandbox_ops.json"),
            ),
            Operations::embedded(
                "impact/src/generated/agency/sandbox_ops.json",
                include_str!("../generated/agency/sandbox_ops.json"),
            ),
        ])
    });
    &OPS
}

/// A running sandbox with a client pointed at it.
#[derive(Debug)]
#[non_exhaustive]
pub struct Running {
    /// The server; [`Sandbox::faults`] switches faults on.
    pub sandbox: Sandbox,
    /// A client for it (REST, tracking and call-data hosts all point at the
    /// sandbox), with the default retry policy and no client-side quota.
    pub client: Client,
    /// The simulated API itself, to inspect its data.
    pub api: ImpactSandbox,
}

/// Starts the sandbox with the default data ([`SandboxConfig::default`])
/// and a client for it. Must be called inside a Tokio runtime.
///
/// # Errors
/// When no local port can be bound, or the client cannot be built.
pub async fn start() -> crate::Result<Running> {
    start_with(SandboxConfig::default(), |b| b).await
}

/// Starts the sandbox with `config`; `configure` adjusts the client builder
/// (retry policy, rate limits, IrVersion, ...).
///
/// # Errors
/// When no local port can be bound, or the client cannot be built.
pub async fn start_with(
    config: SandboxConfig,
    configure: impl FnOnce(crate::ClientBuilder) -> crate::ClientBuilder,
) -> crate::Result<Running> {
    let api = ImpactSandbox::new(&config);
    let sandbox = Sandbox::start(api.clone())
        .await
        .map_err(|e| crate::Error::invalid_input(format!("cannot start the sandbox: {e}")))?;
    let url = sandbox.url().clone();
    let builder = Client::builder(SANDBOX_ACCOUNT_SID, SANDBOX_AUTH_TOKEN)
        .base_url(url.clone())
        .tracking_base_url(url.clone())
        .calldata_base_url(url)
        .rate_limit(affiliate_common::RateLimit::unlimited());
    let client = configure(builder).build()?;
    Ok(Running {
        sandbox,
        client,
        api,
    })
}

/// The "live or sandbox" switch [`connect`] returns: the [`Client`] to use
/// and, when not live, the [`Running`] sandbox behind it (`client`,
/// `sandbox`, `is_live()`, `mode()`; the same shape in every crate of the
/// family).
pub type Connection = affiliate_common::sandbox::Connection<Client, Running>;

/// The live API when `IMPACT_ACCOUNT_SID` and `IMPACT_AUTH_TOKEN` (or `IMPACT_JWT`) are set (and not empty), through
/// [`Client::from_env`] (which also honours the base-URL variable);
/// otherwise [`start`]: a freshly started sandbox with the default data.
///
/// # Errors
/// When the environment's credentials or base URL are not usable, or the
/// sandbox cannot start.
pub async fn connect() -> crate::Result<Connection> {
    let live = (env_set(crate::ACCOUNT_SID_ENV)
        && (env_set(crate::AUTH_TOKEN_ENV) || env_set(crate::JWT_ENV)))
    .then(Client::from_env);
    affiliate_common::sandbox::connect(live, start, |r: &Running| r.client.clone()).await
}

fn env_set(name: &str) -> bool {
    std::env::var(name).is_ok_and(|v| !v.trim().is_empty())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_table_holds_every_operation_of_the_three_descriptions() {
        let ops = super::operations();
        assert_eq!(ops.all().len(), 117 + 74 + 15);
        assert!(ops.find("GET", "/Agencies/IR1/Advertisers").is_some());
        assert!(ops.find("GET", "/Mediapartners/IR1/Campaigns/1").is_some());
    }
}
