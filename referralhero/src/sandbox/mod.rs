//! An in-process simulated ReferralHero (feature `sandbox`).
//!
//! It serves the v2 REST API on `127.0.0.1` under `/api/v2` with seeded,
//! deterministic data: lists of each type, thousands of subscribers linked
//! into referral trees three levels deep, bonuses, issued rewards and a
//! coupon group per list. It behaves like the real API where it matters to
//! a client:
//!
//! - the `{status, data, calls_left, timestamp}` envelope, with `calls_left`
//!   counting down from the hourly quota, and 429 `too_many_calls` once it
//!   is spent;
//! - page-number pagination with the `pagination` object (`total_pages`,
//!   `current_page`, `per_page`, `total_objects`): 10 lists, 50 subscribers
//!   or referrals per page, `per_page` on rewards;
//! - the `{status: "error", message, code}` error envelope with the
//!   documented codes (`no_token`, `invalid_token`, `invalid_list`,
//!   `subscriber_not_found`, `subscriber_already_promoted`, ...), and
//!   `501 sandbox_unsupported` for a route or method the description
//!   does not document (never a `404` that would read as a real
//!   not-found);
//! - every other operation of `specs/referralhero.yaml` answered with the
//!   example of its documented response ([`operations`], generated from
//!   the description);
//! - writes that change what later reads return (a referral confirmed
//!   raises the referrer's counts and unlocks rewards);
//! - switchable faults through [`Sandbox::faults`]: 429 `too_many_calls`,
//!   5xx and latency.
//!
//! Tokens starting with `invalid` are refused with `invalid_token`, tokens
//! starting with `inactive` with `inactive_account`; any other token works.
//!
//! ```
//! # #[tokio::main] async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let running = referralhero::sandbox::start().await?;
//! let lists = running.client.lists().list().collect_all().await?;
//! println!("{} lists on {}", lists.len(), running.sandbox.url());
//! # Ok(())
//! # }
//! ```
//!
//! # Live or sandbox
//!
//! [`start`] returns a [`Running`]: the server, a `client` pointed at it, and the simulated `api`.
//! [`connect`] returns a [`Connection`]
//! (`affiliate_common::sandbox::Connection<Client, Running>`): the live
//! client from the environment when credentials are set, else the client
//! of a freshly started sandbox, with the [`Running`] sandbox in
//! `sandbox`. The switch's mechanics live in [`affiliate_common::sandbox`].

mod data;
mod routes;

use std::sync::{Arc, LazyLock, Mutex};

use affiliate_common::sandbox::ops::Operations;
use affiliate_common::sandbox::{Fault, Handler, SandboxRequest, SandboxResponse};
pub use affiliate_common::sandbox::{Faults, Sandbox};
use serde_json::json;

use crate::Client;
use data::State;

/// The token the sandbox client uses.
pub const SANDBOX_TOKEN: &str = "rh_sandbox_token";

/// What the sandbox is seeded with.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SandboxConfig {
    /// The lists: name and number of subscribers.
    pub lists: Vec<(String, usize)>,
    /// The seed of the generator (same seed, same data).
    pub seed: u64,
    /// The calls allowed before 429 `too_many_calls` (the hourly quota).
    pub calls_per_window: u64,
}

impl Default for SandboxConfig {
    /// Three lists (a waitlist, a sweepstake and a lead magnet) with 2,400,
    /// 1,100 and 350 subscribers, seed 42, 5,000 calls.
    fn default() -> Self {
        SandboxConfig {
            lists: vec![
                ("Product launch waitlist".into(), 2_400),
                ("Spring giveaway".into(), 1_100),
                ("Ebook lead magnet".into(), 350),
            ],
            seed: 42,
            calls_per_window: 5_000,
        }
    }
}

impl SandboxConfig {
    /// The default's three lists with 40, 20 and 10 subscribers: quick to
    /// seed, for examples that start a sandbox of their own (the endpoint
    /// methods' examples do).
    pub fn small() -> Self {
        let sizes = [40, 20, 10];
        let mut config = Self::default();
        for (list, size) in config.lists.iter_mut().zip(sizes) {
            list.1 = size;
        }
        config
    }

    /// One list with `subscribers` subscribers (for benchmarks).
    pub fn single_list(subscribers: usize) -> Self {
        SandboxConfig {
            lists: vec![("Benchmark list".into(), subscribers)],
            ..Self::default()
        }
    }

    /// Replaces the lists.
    pub fn lists<I, S>(mut self, lists: I) -> Self
    where
        I: IntoIterator<Item = (S, usize)>,
        S: Into<String>,
    {
        self.lists = lists.into_iter().map(|(n, c)| (n.into(), c)).collect();
        self
    }

    /// Sets the seed.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Sets the calls allowed before 429 `too_many_calls`.
    pub fn calls_per_window(mut self, calls: u64) -> Self {
        self.calls_per_window = calls;
        self
    }
}

/// The simulated API, to serve with [`Sandbox::start_with_prefix`] (or use
/// [`start`]). Clones share the data.
#[derive(Debug, Clone)]
pub struct ReferralHeroSandbox {
    state: Arc<Mutex<State>>,
}

impl ReferralHeroSandbox {
    /// Seeds the data.
    pub fn new(config: &SandboxConfig) -> Self {
        ReferralHeroSandbox {
            state: Arc::new(Mutex::new(State::seed(
                &config.lists,
                config.seed,
                config.calls_per_window,
            ))),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The uuids of the seeded lists, in order.
    pub fn list_uuids(&self) -> Vec<String> {
        self.lock().lists.iter().map(|l| l.uuid.clone()).collect()
    }

    /// The number of (not deleted) subscribers of a list.
    pub fn subscriber_count(&self, uuid: &str) -> Option<usize> {
        let st = self.lock();
        st.list_index(uuid).map(|i| st.lists[i].alive())
    }

    /// The ids of the (not deleted) subscribers of a list, in registration
    /// order; `None` for an unknown list.
    pub fn subscriber_ids(&self, uuid: &str) -> Option<Vec<String>> {
        let st = self.lock();
        st.list_index(uuid).map(|i| {
            st.lists[i]
                .subs
                .iter()
                .filter(|s| !s.deleted)
                .map(|s| s.id.clone())
                .collect()
        })
    }

    /// The ids of a list's coupon groups, oldest first; `None` for an
    /// unknown list.
    pub fn coupon_group_ids(&self, uuid: &str) -> Option<Vec<String>> {
        let st = self.lock();
        st.list_index(uuid).map(|i| {
            st.lists[i]
                .groups
                .iter()
                .map(|g| g.id.to_string())
                .collect()
        })
    }

    /// Calls left before 429 `too_many_calls`.
    pub fn calls_left(&self) -> u64 {
        self.lock().calls_left
    }

    /// Resets the quota (a new rate window).
    pub fn set_calls_left(&self, calls: u64) {
        self.lock().calls_left = calls;
    }
}

/// Every operation of `specs/referralhero.yaml` with an example answer
/// (generated: `src/generated/sandbox_ops.json`).
pub fn operations() -> &'static Operations {
    static OPS: LazyLock<Operations> = LazyLock::new(|| {
        Operations::embedded(
            "referralhero/src/generated/sandbox_ops.json",
            include_str!("../generated/sandbox_ops.json"),
        )
    });
    &OPS
}

impl Handler for ReferralHeroSandbox {
    fn handle(&self, req: SandboxRequest) -> SandboxResponse {
        let reply = {
            let mut st = self.lock();
            routes::handle(&mut st, &req)
        };
        // What the routes do not model, the description's example answers
        // (its paths leave out the `/api/v2` prefix).
        let path = req.path.strip_prefix("/api/v2").unwrap_or(&req.path);
        operations().after(req.method.as_str(), path, reply.into_response())
    }

    fn fault(&self, fault: &Fault) -> SandboxResponse {
        match fault {
            Fault::RateLimited { retry_after } => routes::error(
                429,
                "too_many_calls",
                "You have exceeded the 5,000 API calls per hour limit. Wait 60 minutes for it to reset.",
            )
            .into_response()
            .header("retry-after", retry_after),
            Fault::Status(code) => SandboxResponse::json(
                *code,
                &json!({ "status": "error", "message": "Internal server error (injected fault)" }),
            ),
            other => SandboxResponse::json(
                500,
                &json!({ "status": "error", "message": format!("injected fault {other:?}") }),
            ),
        }
    }
}

/// A running sandbox with a client pointed at it.
#[derive(Debug)]
#[non_exhaustive]
pub struct Running {
    /// The server; [`Sandbox::faults`] switches faults on.
    pub sandbox: Sandbox,
    /// A client for it, with the default retry policy and rate limit.
    pub client: Client,
    /// The simulated API itself, to inspect or reset its data.
    pub api: ReferralHeroSandbox,
}

/// Starts the sandbox with the default data ([`SandboxConfig::default`]) and
/// a client for it. Must be called inside a Tokio runtime.
///
/// # Errors
/// When no local port can be bound, or the client cannot be built.
pub async fn start() -> crate::Result<Running> {
    start_with(SandboxConfig::default(), |b| b).await
}

/// Starts the sandbox with `config`; `configure` adjusts the client builder
/// (retry policy, rate limit, ...).
///
/// # Errors
/// When no local port can be bound, or the client cannot be built.
pub async fn start_with(
    config: SandboxConfig,
    configure: impl FnOnce(crate::ClientBuilder) -> crate::ClientBuilder,
) -> crate::Result<Running> {
    let api = ReferralHeroSandbox::new(&config);
    let sandbox = Sandbox::start_with_prefix(api.clone(), "/api/v2")
        .await
        .map_err(|e| crate::Error::invalid_input(format!("cannot start the sandbox: {e}")))?;
    let client =
        configure(Client::builder(SANDBOX_TOKEN).base_url(sandbox.url().clone())).build()?;
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

/// The live API when `REFERRALHERO_API_TOKEN` are set (and not empty), through
/// [`Client::from_env`] (which also honours the base-URL variable);
/// otherwise [`start`]: a freshly started sandbox with the default data.
///
/// # Errors
/// When the environment's credentials or base URL are not usable, or the
/// sandbox cannot start.
pub async fn connect() -> crate::Result<Connection> {
    let live = (env_set(crate::TOKEN_ENV)).then(Client::from_env);
    affiliate_common::sandbox::connect(live, start, |r: &Running| r.client.clone()).await
}

fn env_set(name: &str) -> bool {
    std::env::var(name).is_ok_and(|v| !v.trim().is_empty())
}

#[cfg(test)]
mod ops_tests {
    #[test]
    fn the_table_holds_every_operation_of_the_description() {
        let ops = super::operations();
        assert_eq!(ops.all().len(), 35);
        assert!(ops.find("GET", "/lists/MF123/bonuses").is_some());
    }
}
