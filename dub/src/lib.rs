//! Typed async client for the [Dub](https://dub.co) API: short links,
//! analytics, conversion tracking and partner programs.
//!
//! ```
//! # #[allow(unsafe_code)] fn set(k: &str, v: &str) { unsafe { std::env::set_var(k, v) } }
//! # #[tokio::main] async fn main() -> dub::Result<()> {
//! # let running = dub::sandbox::start().await?;
//! # set("DUB_API_KEY", dub::sandbox::SANDBOX_KEY);
//! # set("DUB_BASE_URL", running.sandbox.url().as_str());
//! use dub::models::NewLink;
//! use futures_util::TryStreamExt;
//!
//! let client = dub::Client::from_env()?; // DUB_API_KEY, optional DUB_BASE_URL / DUB_PLAN
//! let link = client.links().create(&NewLink::new("https://example.com").key("launch")).await?;
//! let mut partners = client.partners().list().stream();
//! while let Some(p) = partners.try_next().await? {
//!     println!("{:?} earned {:?} cents", p.name, p.total_commissions);
//! }
//! # let _ = link;
//! # Ok(()) }
//! ```
//!
//! The example above runs against the crate's sandbox (feature `sandbox`):
//! the hidden lines start it and point `DUB_API_KEY` and `DUB_BASE_URL` at
//! it. `sandbox::start()` returns a `Running` (the server and
//! a `client` for it); `sandbox::connect` returns a `Connection`, live through
//! [`Client::from_env`] when `DUB_API_KEY` is set, else a sandbox. The
//! README has a section for each first step: credentials, sandbox, a first
//! list, get and write, errors, webhooks and rate limits.
//!
//! # Layout
//!
//! - [`models`] and the plain endpoint methods are **generated** from the
//!   project's description of the API (`specs/dub.yaml`, imported from Dub's
//!   OpenAPI document) into `src/generated/` by the workspace's `codegen`
//!   crate. Regenerate with `cargo run -p codegen`;
//!   CI (`.ci/codegen-check`) fails when the checked-in code differs.
//! - [`resources`] (handlers, pagination, the special endpoints),
//!   [`client`], [`webhooks`] and the additions made after the spec snapshot
//!   (discount codes, clawbacks, bounties) are hand-written.
//!
//! # Pagination
//!
//! | list | style | page size | ends on |
//! |---|---|---|---|
//! | links, customers, commissions | `startingAfter` = last id | 100 | a short page |
//! | partners, applications, payouts, tags, bounty submissions, discount codes | `page`/`pageSize` | 100 | a short page |
//! | folders, domains | `page`/`pageSize` | 50 | a short page |
//! | events | `page`/`limit` | 1000 | a short page |
//!
//! `page` above 1000 is refused before sending (Dub answers 422); a cursor
//! cannot be combined with `page` or with a sort other than `createdAt`.
//!
//! # Rate limits and retries
//!
//! Client-side limits follow your [`Plan`] (per minute for the API, per
//! second for analytics and events, which have their own budget). 429s are
//! retried after `Retry-After` / `X-RateLimit-Reset`, read as epoch-ms,
//! epoch-s or seconds by magnitude and capped at 60 s. POSTs are never
//! retried, except `track/lead` and `track/sale` with an `invoiceId`, which
//! Dub de-duplicates. The latest `X-RateLimit-*` figures are in
//! [`Client::last_rate_limit`].
//!
//! # Errors
//!
//! Error responses become [`Error::Api`] with the status, `error.code` (see
//! [`ErrorCode`]) and message; a non-JSON 502/504 from the edge keeps its
//! status.

#![recursion_limit = "256"]

pub mod client;
mod flavor;
#[allow(missing_docs)]
mod generated;
pub mod models;
pub mod resources;
#[cfg(feature = "sandbox")]
pub mod sandbox;
pub mod webhooks;

pub use affiliate_common as common;
pub use affiliate_common::{Error, Page, RateLimitInfo, Result};
pub use client::{Client, ClientBuilder, DEFAULT_BASE_URL, Plan};
pub use flavor::{ErrorCode, doc_url};
