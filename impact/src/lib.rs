//! Typed async client for the impact.com Brand (Advertisers v14) and Partner
//! (Mediapartners v16) APIs, plus Agency v3 and the tracking helpers.
//!
//! This crate is part of the affiliate-rs family and builds on
//! [`affiliate_common`] for auth, transport, retries, rate limiting and
//! pagination.
//!
//! # Quickstart
//!
//! ```
//! # #[allow(unsafe_code)] fn set(k: &str, v: &str) { unsafe { std::env::set_var(k, v) } }
//! # #[tokio::main] async fn main() -> Result<(), impact_com::Error> {
//! # let running = impact_com::sandbox::start().await?;
//! # set("IMPACT_ACCOUNT_SID", impact_com::sandbox::SANDBOX_ACCOUNT_SID);
//! # set("IMPACT_AUTH_TOKEN", impact_com::sandbox::SANDBOX_AUTH_TOKEN);
//! # set("IMPACT_BASE_URL", running.sandbox.url().as_str());
//! use futures_util::TryStreamExt as _;
//!
//! // IMPACT_ACCOUNT_SID + IMPACT_AUTH_TOKEN (or IMPACT_JWT); IMPACT_BASE_URL
//! // replaces the base URL when set.
//! let client = impact_com::Client::from_env()?;
//! let brand = client.brand(client.account_sid());
//! let mut campaigns = brand.campaigns().list().stream();
//! while let Some(c) = campaigns.try_next().await? {
//!     println!("{:?} {:?}", c.id, c.name);
//! }
//! # Ok(())
//! # }
//! ```
//!
//! The examples of this page run against the crate's sandbox (feature
//! `sandbox`): hidden lines start it and point the environment or a
//! `client` at it. `sandbox::start()` returns a `Running` (the server, a
//! `client` whose REST, tracking and call-data hosts point at it, and the
//! simulated `api`); `sandbox::connect()` returns a `Connection`, live
//! through [`Client::from_env`] when credentials are set, else a sandbox.
//! The README has a section for each first step: credentials, sandbox, a
//! first list, get and write, errors, notifications and rate limits.
//!
//! # Wire rules
//!
//! - HTTP Basic with the Account SID and Auth Token; `Accept:
//!   application/json` on every request. XML is never parsed: an XML body
//!   is a clear [`Error::Decode`].
//! - Scalars arrive as strings (`"1000"`, `"true"`, `""`): models read them
//!   with [`affiliate_common::lenient`].
//! - Lists carry `@`-metadata ([`ImpactPage`]); streams follow
//!   `@nextpageuri` and refuse links to another origin.
//! - Writes return a [`WriteResult`]; exports return jobs ([`jobs`]), whose
//!   result files are streamed to a writer or a file, never held whole.
//! - `PageLoad` is sent without credentials (the endpoint takes none).
//! - Redirects are followed only within the origin of the request, never
//!   from `https` to `http` ([`ClientBuilder::follow_redirects`]); plain
//!   `http` base URLs are refused outside the loopback unless
//!   [`ClientBuilder::allow_insecure_http`] is on.
//! - Rate limits: 1,000 requests per hour per account, with own buckets for
//!   `Catalogs`, `ReportExport` and `ClickExport` ([`client::buckets`]).
//!
//! # Pagination
//!
//! | list | page size sent | the stream ends when |
//! |---|---|---|
//! | Actions, ActionUpdates | 20,000 (min 2,000 enforced) | `@nextpageuri` is empty; at most 10 pages |
//! | report runs (`Reports/{id}`) | 20,000 | `@nextpageuri` is empty |
//! | everything else | 1,000 | `@nextpageuri` is empty |
//!
//! # Finding your way
//!
//! | resource | Brand (`client.brand(sid)`) | Partner (`client.partner(sid)`) |
//! |---|---|---|
//! | campaigns / programs | `Campaigns` | `Campaigns`, `Campaigns/{id}/Deals` |
//! | media partners | `MediaPartners` (collection `Partners`) | — |
//! | actions, action updates | `Actions`, `ActionUpdates` | `Actions`, `ActionUpdates` |
//! | reports ("stats") | `Reports`, `ReportExport/{id}` (a job: [`jobs`]) | same |
//! | conversions | `POST Conversions` (form) | `POST PartnerConversions` (form) |
//!
//! Every Brand v14, Partner v16 and Agency v3 operation is a typed method,
//! generated from the project's descriptions (models in [`models`], handlers
//! and request builders in [`resources`]; one handler per resource on [`BrandClient`], [`PartnerClient`] and
//! [`AgencyClient`]):
//!
//! ```
//! # #[tokio::main] async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let running = impact_com::sandbox::start().await?;
//! # let client = running.client.clone();
//! use impact_com::models::brand::ConversionPayload;
//!
//! let brand = client.brand(client.account_sid());
//! // Every id is a `String`, as the wire sends it; an id argument takes any
//! // `Display`, so `&campaign.id`, `"1000"` and `1000` all work.
//! let campaign = brand.campaigns().list().send().await?.items.remove(0);
//! let campaign = brand.campaigns().get(&campaign.id).await?;
//! // Actions of that campaign in a 30-day window (the Actions rules are
//! // checked before sending).
//! let actions = brand
//!     .actions()
//!     .list(&campaign.id)
//!     .start_date("2026-01-01T00:00:00Z")
//!     .end_date("2026-01-31T00:00:00Z")
//!     .collect_all()
//!     .await?;
//! println!("{} actions", actions.len());
//! // Submit a conversion (form-encoded); the API answers with a WriteResult.
//! // The event type comes first (an Action calls it `action_tracker_id`);
//! // the sandbox's event type is 12345 (`sandbox::SANDBOX_EVENT_TYPE_ID`).
//! let queued = brand
//!     .conversions()
//!     .submit(&ConversionPayload::new(12345, "NOW", &campaign.id, "ORDER-1"))
//!     .await?;
//! println!("{queued:?}");
//! // Partner side: the campaigns (programs) a partner belongs to.
//! let partner = client.partner(client.account_sid());
//! let programs = partner.campaigns().list().collect_all().await?;
//! println!("{} programs", programs.len());
//! # Ok(())
//! # }
//! ```
//!
//! Anything untyped stays reachable through the [`Scope`] of a scoped client
//! (`brand.scope().paginate(...)`, `.get(...)`, `.write(...)`).
//!
//! The Advocate (SaaSquatch) API is a different product and out of scope.

pub mod client;
pub mod flavor;
pub mod form;
/// Generated from the project's descriptions in `specs/impact/` (codegen; do
/// not edit); reached through [`models`] and [`resources`].
mod generated;
pub mod jobs;
pub mod models;
pub mod notifications;
pub mod page;
pub mod resources;
#[cfg(feature = "sandbox")]
pub mod sandbox;
pub mod tracking;
pub mod validate;
pub mod write;

pub use affiliate_common as common;
pub use affiliate_common::{ApiPath, Error, Page, Paginator, Request, Response, Result};
pub use client::{
    ACCOUNT_SID_ENV, AUTH_TOKEN_ENV, AgencyClient, BrandClient, Client, ClientBuilder, JWT_ENV,
    PartnerClient, Persona, Scope,
};
pub use jobs::{Job, JobError, JobRunner, JobStatus, WaitOptions};
pub use page::ImpactPage;
pub use write::{WriteResult, WriteStatus};

/// The production base URL of the impact.com API.
pub const DEFAULT_BASE_URL: &str = "https://api.impact.com";
