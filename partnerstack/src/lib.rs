//! Typed async client for the [PartnerStack](https://partnerstack.com) REST API v2.
//!
//! Two APIs share the base URL `https://api.partnerstack.com/api/v2`:
//!
//! | API | who | auth | client |
//! |---|---|---|---|
//! | vendor | the company running the partner program | HTTP Basic (public key, secret key), or Bearer | [`Client`] |
//! | partner | a partner reading its own data | Bearer (the partner's API key) | [`PartnerClient`] |
//!
//! This crate builds on [`affiliate_common`] for auth, transport, retries,
//! rate limiting and pagination.
//!
//! # Quickstart
//!
//! ```
//! # #[allow(unsafe_code)] fn set(k: &str, v: &str) { unsafe { std::env::set_var(k, v) } }
//! use futures::TryStreamExt as _;
//!
//! # #[tokio::main] async fn main() -> Result<(), partnerstack::Error> {
//! # let running = partnerstack::sandbox::start().await?;
//! # set("PARTNERSTACK_PUBLIC_KEY", partnerstack::sandbox::PUBLIC_KEY);
//! # set("PARTNERSTACK_SECRET_KEY", partnerstack::sandbox::SECRET_KEY);
//! # set("PARTNERSTACK_BASE_URL", running.url().as_str());
//! // PARTNERSTACK_PUBLIC_KEY + PARTNERSTACK_SECRET_KEY, or PARTNERSTACK_API_KEY;
//! // PARTNERSTACK_BASE_URL replaces the base URL when set.
//! let client = partnerstack::Client::from_env()?;
//!
//! // Every partnership updated since 2025, lazily, 250 per request.
//! let since = partnerstack::UnixTime::from_millis(1_735_689_600_000);
//! let mut stream = client.partnerships().list().min_updated(since).stream();
//! let mut first = None;
//! while let Some(p) = stream.try_next().await? {
//!     println!("{} {:?}", p.key, p.email);
//!     first.get_or_insert(p.key);
//! }
//!
//! // One call.
//! let key = first.expect("the sandbox has partnerships");
//! let p = client.partnerships().get(&key).await?;
//!
//! // Writes take typed bodies (`gstest` is every account's test partner).
//! let c = client
//!     .customers()
//!     .create(&partnerstack::NewCustomer::new("ada@example.com", "gstest").name("Ada"))
//!     .await?;
//! # let _ = (p, c);
//! # Ok(()) }
//! ```
//!
//! The example above runs against the crate's sandbox (feature `sandbox`):
//! the hidden lines start it and point the environment at it.
//! `sandbox::start()` returns a `Running` (the server, a vendor `client`, a
//! `partner` client and the `seeded` counts); `sandbox::connect()` returns a
//! `Connection`, live through [`Client::from_env`] when credentials are set,
//! else a sandbox. The README has a section for each first step:
//! credentials, sandbox, a first list, get and write, errors, webhooks and
//! rate limits.
//!
//! # Conventions
//!
//! - **Timestamps** are [`UnixTime`] values; PartnerStack sends epoch
//!   milliseconds, and list filters (`min_created`, ...) take the same type.
//! - **Money** is integer minor units (cents) of the record's `currency`,
//!   as `i64`. The exception is an offer's `base_rate`, a rate, not money.
//! - **Enums** are open: a value this version does not know decodes into
//!   `Unknown(String)` instead of failing.
//! - **Every response field is optional** except `key`: the API omits and
//!   nulls fields freely. Unknown fields are kept in each model's `extra`.
//!
//! # Pagination
//!
//! Every list is cursor-paginated the same way:
//!
//! | request | `limit` (default here: 250, the maximum; the API's own default is 10) and `starting_after=<key of the last item>` |
//! |---|---|
//! | response | `data.items`, `data.has_more`, `data.total` (when reported) |
//! | the stream ends | when `has_more` is `false` |
//! | backwards | `.ending_before(key)` pages towards newer records with the first item's key |
//! | completeness | `.collect_all()` fails with [`Error::Incomplete`] when the count differs from `total` |
//!
//! List builders end in `.send()` (first page), `.stream()` (every item),
//! `.pages()` (every page with metadata) or `.collect_all()`.
//!
//! # Rate limits
//!
//! Clients pace themselves at 4,000 requests per minute with 10 in flight
//! ([`default_rate_limit`]), retry 429 and 5xx responses on reads with
//! backoff, and honour `Retry-After`. Writes (`POST`, `PATCH`) are never
//! repeated once they may have reached the server. Report exports have a
//! limit of their own: once per 2 hours per report (see
//! [`resources::reports::Reports::export`]).
//!
//! # Testing
//!
//! With the `sandbox` feature, the `sandbox` module runs a seeded, simulated
//! PartnerStack on `127.0.0.1`, with switchable faults.

pub mod client;
mod de;
pub mod envelope;
pub mod flavor;
mod generated;
pub mod models;
pub mod resources;
#[cfg(feature = "sandbox")]
pub mod sandbox;
pub mod webhooks;

pub use affiliate_common as common;
pub use affiliate_common::{
    Auth, Error, Page, RateLimit, RateLimitInfo, Result, RetryPolicy, UnixTime,
};
pub use client::{Client, ClientBuilder, PartnerClient, PartnerClientBuilder, default_rate_limit};
pub use models::*;

/// The production base URL of the PartnerStack API.
pub const DEFAULT_BASE_URL: &str = "https://api.partnerstack.com/api/v2";
