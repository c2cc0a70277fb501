//! An in-process simulated PartnerStack (feature `sandbox`).
//!
//! [`start`] serves a seeded, deterministic PartnerStack on `127.0.0.1`
//! under `/api/v2` and returns ready clients. It holds a few thousand
//! partnerships and customers with their transactions, rewards, deals,
//! leads and actions, plus groups, forms, webhooks, tiers, products,
//! reports, and partner-API data (the partner's partnerships, customers,
//! payouts and the marketplace). It pages with real cursors (`limit`
//! capped at 250, `starting_after`, `ending_before`, `has_more`, `total`),
//! applies the time and key filters, keeps creates, updates and deletes,
//! answers bad keys with `401 {"message": "Unauthorized", "status": 401}`
//! unknown ids with `404`; every other operation of
//! `specs/partnerstack.yaml` answers the example of its documented response
//! ([`operations`], generated from the description), and a route or method
//! the description does not document answers `501` with the code
//! `sandbox_unsupported` (never a `404` that would read as a real
//! not-found). It injects faults on demand through
//! [`Faults`] (429 with `Retry-After`, 5xx, latency) in PartnerStack's
//! error format.
//!
//! ```
//! # #[tokio::main] async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use affiliate_common::sandbox::Fault;
//!
//! let sb = partnerstack::sandbox::start().await?;
//! let all = sb.client.partnerships().list().collect_all().await?;
//! assert_eq!(all.len(), sb.seeded.partnerships);
//!
//! sb.faults().fail_next(1, Fault::rate_limited(1)); // the next call gets a 429
//! # Ok(()) }
//! ```
//!
//! Credentials: vendor Basic [`PUBLIC_KEY`] / [`SECRET_KEY`] or Bearer
//! [`VENDOR_TOKEN`]; partner Bearer [`PARTNER_TOKEN`]. Anything else is 401.
//!
//! # Live or sandbox
//!
//! [`start`] returns a [`Running`]: the server, a vendor `client` and a `partner` client pointed at it, and what was `seeded`.
//! [`connect`] returns a [`Connection`]
//! (`affiliate_common::sandbox::Connection<Client, Running>`): the live
//! client from the environment when credentials are set, else the client
//! of a freshly started sandbox, with the [`Running`] sandbox in
//! `sandbox`. The switch's mechanics live in [`affiliate_common::sandbox`].

mod handler;

/// Every operation of `specs/partnerstack.yaml` with an example answer
/// (generated: `src/generated/sandbox_ops.json`).
pub fn operations() -> &'static affiliate_common::sandbox::ops::Operations {
    use affiliate_common::sandbox::ops::Operations;
    static OPS: std::sync::LazyLock<Operations> = std::sync::LazyLock::new(|| {
        Operations::embedded(
            "partnerstack/src/generated/sandbox_ops.json",
            include_str!("../generated/sandbox_ops.json"),
        )
    });
    &OPS
}
mod seed;
mod store;

pub use affiliate_common::sandbox::{Fault, Faults, Sandbox};
use affiliate_common::url::Url;

use crate::{Client, ClientBuilder, Error, PartnerClient, PartnerClientBuilder, RateLimit, Result};

pub use handler::PartnerStackSandbox;

/// The sandbox's vendor public key (Basic user name).
pub const PUBLIC_KEY: &str = "pk_sandbox";
/// The sandbox's vendor secret key (Basic password).
pub const SECRET_KEY: &str = "sk_sandbox";
/// A vendor Bearer token the sandbox accepts.
pub const VENDOR_TOKEN: &str = "vendor_sandbox_token";
/// The partner-API Bearer token the sandbox accepts.
pub const PARTNER_TOKEN: &str = "partner_sandbox_token";

/// How much data the sandbox seeds. The defaults hold a few thousand
/// records per main resource.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SandboxConfig {
    /// The seed of the deterministic generator.
    pub seed: u64,
    /// Partnerships (default 3,000).
    pub partnerships: usize,
    /// Customers (default 2,500).
    pub customers: usize,
    /// Transactions (default 6,000).
    pub transactions: usize,
    /// Rewards (default 4,000; at most one per transaction).
    pub rewards: usize,
    /// Deals (default 400).
    pub deals: usize,
    /// Leads (default 300).
    pub leads: usize,
    /// Actions (default 1,500).
    pub actions: usize,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        SandboxConfig {
            seed: 0x5EED_2025,
            partnerships: 3_000,
            customers: 2_500,
            transactions: 6_000,
            rewards: 4_000,
            deals: 400,
            leads: 300,
            actions: 1_500,
        }
    }
}

impl SandboxConfig {
    /// The default sizes.
    pub fn new() -> Self {
        Self::default()
    }

    /// A few dozen records per main resource (20 partnerships, 20
    /// customers, 40 transactions, ...): quick to seed, for examples that
    /// start a sandbox of their own (the endpoint methods' examples do).
    pub fn small() -> Self {
        SandboxConfig {
            partnerships: 20,
            customers: 20,
            transactions: 40,
            rewards: 20,
            deals: 5,
            leads: 5,
            actions: 10,
            ..Self::default()
        }
    }

    /// A sandbox with `n` partnerships and small other collections, for
    /// benchmarks that drain one large list.
    pub fn partnerships_only(n: usize) -> Self {
        SandboxConfig {
            partnerships: n,
            customers: 50,
            transactions: 50,
            rewards: 20,
            deals: 10,
            leads: 10,
            actions: 10,
            ..Self::default()
        }
    }

    /// Sets the generator seed.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Sets the number of partnerships.
    pub fn with_partnerships(mut self, n: usize) -> Self {
        self.partnerships = n;
        self
    }

    /// Sets the number of customers.
    pub fn with_customers(mut self, n: usize) -> Self {
        self.customers = n;
        self
    }

    /// Sets the number of transactions.
    pub fn with_transactions(mut self, n: usize) -> Self {
        self.transactions = n;
        self
    }
}

/// How many records of each main resource were seeded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Seeded {
    /// Partnerships.
    pub partnerships: usize,
    /// Customers.
    pub customers: usize,
    /// Transactions.
    pub transactions: usize,
    /// Rewards.
    pub rewards: usize,
    /// Deals.
    pub deals: usize,
    /// Leads.
    pub leads: usize,
    /// Actions.
    pub actions: usize,
    /// Groups.
    pub groups: usize,
}

/// A running sandbox with clients pointed at it.
#[derive(Debug)]
pub struct Running {
    /// The server (stops when dropped).
    pub sandbox: Sandbox,
    /// A vendor client (Basic auth), with the default retry policy and no
    /// client-side quota (at most 10 requests in flight).
    pub client: Client,
    /// A partner-API client (Bearer auth), paced like `client`.
    pub partner: PartnerClient,
    /// What was seeded.
    pub seeded: Seeded,
    /// The simulated API itself (a clone sharing the data), to inspect what
    /// it holds ([`PartnerStackSandbox::keys`]).
    pub api: PartnerStackSandbox,
}

impl Running {
    /// The base URL (`http://127.0.0.1:PORT/api/v2`).
    pub fn url(&self) -> &Url {
        self.sandbox.url()
    }

    /// The fault switches.
    pub fn faults(&self) -> &Faults {
        self.sandbox.faults()
    }

    /// A vendor client builder already pointed at the sandbox with its
    /// Basic credentials, and the live defaults otherwise (to set a retry
    /// policy or rate limit).
    pub fn client_builder(&self) -> ClientBuilder {
        Client::builder(crate::Auth::basic(PUBLIC_KEY, SECRET_KEY)).base_url(self.url().clone())
    }

    /// A partner client builder pointed at the sandbox.
    pub fn partner_builder(&self) -> PartnerClientBuilder {
        PartnerClient::builder(PARTNER_TOKEN).base_url(self.url().clone())
    }
}

/// Starts a sandbox with the default data.
///
/// # Errors
/// [`Error::InvalidInput`] when no local port can be bound (the message
/// carries the I/O error).
pub async fn start() -> Result<Running> {
    start_with(SandboxConfig::default(), |b| b).await
}

/// Starts a sandbox with `config`; `configure` adjusts the vendor client's
/// builder (retry policy, rate limit, ...), as in the other crates of the
/// family. The `partner` client keeps the sandbox defaults: build another
/// with [`Running::partner_builder`].
///
/// # Errors
/// As for [`start`], and when the vendor client cannot be built.
pub async fn start_with(
    config: SandboxConfig,
    configure: impl FnOnce(ClientBuilder) -> ClientBuilder,
) -> Result<Running> {
    let handler = PartnerStackSandbox::new(&config);
    let seeded = handler.seeded();
    let api = handler.clone();
    let sandbox = Sandbox::start_with_prefix(handler, "/api/v2")
        .await
        .map_err(|e| Error::invalid_input(format!("cannot start the sandbox: {e}")))?;
    // No client-side quota, as for the other crates' sandboxes: the server is local, and
    // paced at the live 4,000 a minute, a sync of every partnership's links alone took 45 s.
    let client = configure(
        Client::builder(crate::Auth::basic(PUBLIC_KEY, SECRET_KEY))
            .base_url(sandbox.url().clone())
            .rate_limit(RateLimit::unlimited()),
    )
    .build()?;
    let partner = PartnerClient::builder(PARTNER_TOKEN)
        .base_url(sandbox.url().clone())
        .rate_limit(RateLimit::unlimited())
        .build()?;
    Ok(Running {
        sandbox,
        client,
        partner,
        seeded,
        api,
    })
}

/// The "live or sandbox" switch [`connect`] returns: the [`Client`] to use
/// and, when not live, the [`Running`] sandbox behind it (`client`,
/// `sandbox`, `is_live()`, `mode()`; the same shape in every crate of the
/// family).
pub type Connection = affiliate_common::sandbox::Connection<Client, Running>;

/// The live API when `PARTNERSTACK_PUBLIC_KEY` and `PARTNERSTACK_SECRET_KEY`, or `PARTNERSTACK_API_KEY` are set (and not empty), through
/// [`Client::from_env`] (which also honours the base-URL variable);
/// otherwise [`start`]: a freshly started sandbox with the default data.
///
/// # Errors
/// When the environment's credentials or base URL are not usable, or the
/// sandbox cannot start.
pub async fn connect() -> Result<Connection> {
    let live = (Client::env_has_credentials()).then(Client::from_env);
    affiliate_common::sandbox::connect(live, start, |r: &Running| r.client.clone()).await
}

#[cfg(test)]
mod ops_tests {
    #[test]
    fn the_table_holds_every_operation_of_the_description() {
        let ops = super::operations();
        assert_eq!(ops.all().len(), 85);
        assert!(ops.find("DELETE", "/actions/act_1").is_some());
    }
}
