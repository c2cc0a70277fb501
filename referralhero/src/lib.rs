//! Typed async client for the [ReferralHero](https://referralhero.com) REST
//! API v2: lists (campaigns), subscribers and their referral trees,
//! rewards, coupons and transactions.
//!
//! Part of the affiliate-rs family: auth, transport, retries, the rate
//! limiter and pagination come from [`affiliate_common`].
//!
//! # Quickstart
//!
//! ```
//! # #[allow(unsafe_code)] fn set(k: &str, v: &str) { unsafe { std::env::set_var(k, v) } }
//! use futures_util::TryStreamExt as _;
//! use referralhero::models::{Identifier, NewSubscriber};
//!
//! # #[tokio::main] async fn main() -> Result<(), referralhero::Error> {
//! # let running = referralhero::sandbox::start().await?;
//! # set("REFERRALHERO_API_TOKEN", referralhero::sandbox::SANDBOX_TOKEN);
//! # set("REFERRALHERO_BASE_URL", running.sandbox.url().as_str());
//! let client = referralhero::Client::from_env()?; // REFERRALHERO_API_TOKEN
//! let lists = client.lists().list().collect_all().await?;
//! for list in &lists {
//!     let mut subs = client.subscribers(&list.uuid).list().stream();
//!     while let Some(s) = subs.try_next().await? {
//!         println!("{} {:?} referred {:?}", s.id, s.email, s.people_referred);
//!     }
//! }
//! // Creating a subscriber whose email the list already has returns the
//! // existing subscriber (`response` is `subscriber_retrieved`).
//! let bob = client
//!     .subscribers(&lists[0].uuid)
//!     .create(&NewSubscriber::new(Identifier::email("bob@example.com")).name("Bob"))
//!     .await?;
//! println!("{} {:?}", bob.id, bob.response);
//! # Ok(())
//! # }
//! ```
//!
//! The example above runs against the crate's sandbox (feature `sandbox`):
//! the hidden lines start it and point `REFERRALHERO_API_TOKEN` and
//! `REFERRALHERO_BASE_URL` at it. `sandbox::start()` returns a `Running`
//! (the server, a `client` for it and the simulated `api`);
//! `sandbox::connect()` returns a `Connection`, live through
//! [`Client::from_env`] when the token is set, else a sandbox. The README
//! has a section for each first step: credentials, sandbox, a first list,
//! get and write, errors, webhooks and rate limits.
//!
//! # Auth and limits
//!
//! The token goes in `Authorization: Bearer` (or `X-API-Key` with
//! [`ClientBuilder::api_key_header`]), never in the URL. Every success body
//! carries `calls_left`: the client reads it (number or string) into
//! `meta.rate_limit.remaining` and [`Client::last_rate_limit`], and the default
//! client-side limit is ReferralHero's 5,000 calls per hour with at most 10
//! requests in flight.
//!
//! # Errors
//!
//! Failures are [`Error`]s. ReferralHero's `{status: "error", message, code}`
//! becomes [`Error::Api`] (or [`Error::RateLimited`] for 429
//! `too_many_calls`); `err.referralhero_code()` reads the code as an
//! [`ErrorCode`]. It is a method of the [`ErrorExt`] trait, so import it
//! (`use referralhero::ErrorExt as _;`), or call [`flavor::error_code`].
//!
//! # Pagination
//!
//! | endpoint | page size | stream ends at | total checked by `collect_all` |
//! |---|---|---|---|
//! | `client.lists().list()` | 10 (fixed) | `pagination.total_pages` | `total_objects` |
//! | `client.subscribers(uuid).list()` | 50 (fixed) | `pagination.total_pages` | `total_objects` |
//! | `client.referrals(uuid, id).list(level)` | 50 (fixed) | `pagination.total_pages` | `total_objects` |
//! | `client.search_subscribers(name)` | API default | `pagination.total_pages` | `total_objects` |
//! | `client.rewards(uuid).list()` | `per_page`, default 100 | `pagination.total_pages` | `total_objects` |
//! | `client.rewards(uuid).of_subscriber(id)` | one page | no `pagination`: one page | — |
//! | `client.coupons(uuid).list_groups()` | one page | no `pagination`: one page | — |
//!
//! Once the first page reports `total_pages`, later pages are fetched
//! concurrently (4 at once by default, `.concurrency(n)` to change), in
//! order and through the rate limiter.
//!
//! Counts sent as strings (`"total_pages": "3"`) are read as numbers; a
//! count that cannot be one (`"total_objects": "-1"`) fails the call with
//! [`Error::Decode`] naming `data.pagination.total_objects`, never a
//! shortened list. A page without `pagination` ends the stream only when it
//! is shorter than the endpoint's fixed page size (10 for lists, 50 for
//! subscribers and referrals); after a full one the next page is requested,
//! and the stream ends on an empty or short page. The same records served
//! again as the next page end the stream with
//! [`Error::Incomplete`] (`RepeatedPage`), whatever `calls_left` and
//! `timestamp` say. Details in [`envelope`].

pub mod client;
pub mod envelope;
pub mod flavor;
mod generated;
pub mod models;
pub mod resources;
#[cfg(feature = "sandbox")]
pub mod sandbox;
pub mod webhooks;

pub use affiliate_common as common;
pub use affiliate_common::{Error, Page, Response, Result, UnixTime};
pub use client::{AuthStyle, Client, ClientBuilder, TOKEN_ENV};
pub use envelope::{Ack, Pagination};
pub use flavor::{ErrorCode, ErrorExt};

/// The production base URL of the ReferralHero API.
pub const DEFAULT_BASE_URL: &str = "https://app.referralhero.com/api/v2";
