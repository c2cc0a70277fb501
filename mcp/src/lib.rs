//! `affiliate-mcp`: a local Model Context Protocol server over the four
//! affiliate API clients (PartnerStack, impact.com, ReferralHero, Dub) and
//! the SQLite database written by `affiliate sync`.
//!
//! It runs on the user's machine and reads credentials from the same
//! environment variables as the crates (`Client::from_env()`), so keys never
//! leave it. It is read-only unless started with `--allow-writes`.
//!
//! | tool | what it does |
//! |---|---|
//! | `list_records` | one page of a resource, live, with a continuation cursor |
//! | `get_record` | one record by id, live |
//! | `describe_resource` | fields (types, units), filters, whether the sync holds it |
//! | `sql_query` | one read-only `SELECT` over the synced database (with `--db`) |
//! | `sync_status` | what the sync stored, and when (with `--db`) |
//! | write tools | only with `--allow-writes`: see [`writes`] |
//!
//! Output is bounded: at most [`server::MAX_LIMIT`] records and
//! [`server::MAX_RECORD_BYTES`] of record JSON per call, at most
//! [`sql::MAX_ROWS`] rows and [`sql::MAX_OUTPUT_BYTES`] per query; a capped
//! result says so and says how to continue. Errors are tool results with
//! `isError: true` and a sentence saying what to do.
//!
//! Embedding, with the sandboxes. A real embedding serves on stdio until
//! stdin closes (the commented line); this example serves over an in-memory
//! pipe instead, with an rmcp client on the other end, so that it runs:
//!
//! ```
//! use affiliate_mcp::{AffiliateMcp, Options, start_sandboxes, catalog::Api};
//! use rmcp::ServiceExt as _;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let (clients, _sandboxes) = start_sandboxes(&Api::ALL).await?;
//! let server = AffiliateMcp::new(clients, Options::new());
//! // server.serve(rmcp::transport::stdio()).await?.waiting().await?;
//! let (server_io, client_io) = tokio::io::duplex(1 << 20);
//! let (server, client) = tokio::join!(server.serve(server_io), ().serve(client_io));
//! let (_server, client) = (server?, client?);
//! let tools = client.list_all_tools().await?;
//! assert!(tools.iter().any(|t| t.name == "list_records"));
//! # Ok(()) }
//! ```

pub mod catalog;
pub mod error;
pub mod filters;
pub mod http;
pub mod server;
pub mod sql;
pub mod writes;

pub use catalog::{Api, Clients};
pub use error::ToolError;
pub use server::{AffiliateMcp, Options};
pub use sql::Database;

/// The built-in sandboxes started by [`start_sandboxes`]; they serve as
/// long as this value lives.
#[derive(Default)]
#[non_exhaustive]
pub struct Sandboxes {
    /// The PartnerStack sandbox.
    pub partnerstack: Option<partnerstack::sandbox::Running>,
    /// The impact.com sandbox.
    pub impact: Option<impact_com::sandbox::Running>,
    /// The ReferralHero sandbox.
    pub referralhero: Option<referralhero::sandbox::Running>,
    /// The Dub sandbox.
    pub dub: Option<dub::sandbox::Running>,
}

impl std::fmt::Debug for Sandboxes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sandboxes")
            .field("partnerstack", &self.partnerstack.is_some())
            .field("impact", &self.impact.is_some())
            .field("referralhero", &self.referralhero.is_some())
            .field("dub", &self.dub.is_some())
            .finish()
    }
}

/// Starts the built-in sandbox of each of `apis` on `127.0.0.1` and returns
/// clients pointed at them.
///
/// # Errors
/// The first sandbox that fails to start.
pub async fn start_sandboxes(
    apis: &[Api],
) -> Result<(Clients, Sandboxes), affiliate_common::Error> {
    let mut clients = Clients::new();
    let mut running = Sandboxes::default();
    for api in apis {
        match api {
            Api::PartnerStack => {
                let r = partnerstack::sandbox::start().await?;
                clients.partnerstack = Some(r.client.clone());
                running.partnerstack = Some(r);
            }
            Api::Impact => {
                let r = impact_com::sandbox::start().await?;
                clients.impact = Some(r.client.clone());
                running.impact = Some(r);
            }
            Api::ReferralHero => {
                let r = referralhero::sandbox::start().await?;
                clients.referralhero = Some(r.client.clone());
                running.referralhero = Some(r);
            }
            Api::Dub => {
                let r = dub::sandbox::start().await?;
                clients.dub = Some(r.client.clone());
                running.dub = Some(r);
            }
        }
    }
    Ok((clients, running))
}

/// Clients from the environment (each crate's `Client::from_env()`), for
/// each of `apis`; an API whose credentials are missing or invalid is left
/// out and its error returned next to it (the error names the variables,
/// never their values).
pub fn clients_from_env(apis: &[Api]) -> (Clients, Vec<(Api, affiliate_common::Error)>) {
    let mut clients = Clients::new();
    let mut missing = Vec::new();
    for api in apis {
        let r = match api {
            Api::PartnerStack => {
                partnerstack::Client::from_env().map(|c| clients.partnerstack = Some(c))
            }
            Api::Impact => impact_com::Client::from_env().map(|c| clients.impact = Some(c)),
            Api::ReferralHero => {
                referralhero::Client::from_env().map(|c| clients.referralhero = Some(c))
            }
            Api::Dub => dub::Client::from_env().map(|c| clients.dub = Some(c)),
        };
        if let Err(e) = r {
            missing.push((*api, e));
        }
    }
    (clients, missing)
}
