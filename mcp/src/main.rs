//! `affiliate-mcp`: serve the affiliate APIs and the synced database to an
//! MCP client over stdio (default) or streamable HTTP. Logs go to stderr;
//! stdout carries only the protocol.

use std::net::SocketAddr;
use std::process::ExitCode;

use affiliate_mcp::http::{self, Token};
use affiliate_mcp::{AffiliateMcp, Api, Database, Options, clients_from_env, start_sandboxes};
use clap::Parser;
use rmcp::ServiceExt as _;

/// A local MCP server over PartnerStack, impact.com, ReferralHero and Dub,
/// and the database written by `affiliate sync`.
#[derive(Debug, Parser)]
#[command(name = "affiliate-mcp", version, about)]
struct Cli {
    /// Serve streamable HTTP on this address (e.g. 127.0.0.1:8931) instead of stdio.
    #[arg(long, value_name = "ADDR")]
    http: Option<SocketAddr>,
    /// Allow --http on an address other than loopback.
    #[arg(long, requires = "http")]
    bind_any: bool,
    /// The environment variable holding the bearer token that --http requires (at least 16 characters).
    #[arg(long, value_name = "VAR", requires = "http")]
    token_env: Option<String>,
    /// Serve the four built-in sandboxes instead of the live APIs (offline).
    #[arg(long)]
    sandbox: bool,
    /// The database written by `affiliate sync`, for sql_query and sync_status.
    #[arg(long, value_name = "sqlite://PATH")]
    db: Option<String>,
    /// Enable the write tools (create customer, track lead/sale, submit conversion, add subscriber).
    #[arg(long)]
    allow_writes: bool,
    /// Expose only these APIs (comma-separated: partnerstack, impact, referralhero, dub).
    #[arg(long, value_delimiter = ',', value_name = "API,...")]
    apis: Option<Vec<String>>,
}

fn fail(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("affiliate-mcp: {message}");
    ExitCode::from(2)
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("AFFILIATE_MCP_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    let cli = Cli::parse();

    let explicit = cli.apis.is_some();
    let apis: Vec<Api> = match &cli.apis {
        None => Api::ALL.to_vec(),
        Some(names) => {
            let mut v = Vec::new();
            for n in names.iter().filter(|n| !n.trim().is_empty()) {
                match Api::parse(n) {
                    Some(a) if !v.contains(&a) => v.push(a),
                    Some(_) => {}
                    None => {
                        return fail(format!(
                            "unknown API `{n}` in --apis; known: partnerstack, impact, referralhero, dub"
                        ));
                    }
                }
            }
            v
        }
    };

    let db = match cli.db.as_deref().map(Database::from_url).transpose() {
        Ok(db) => db,
        Err(e) => return fail(e),
    };

    let (clients, _sandboxes) = if cli.sandbox {
        match start_sandboxes(&apis).await {
            Ok((c, s)) => (c, Some(s)),
            Err(e) => return fail(format!("starting the sandboxes: {e}")),
        }
    } else {
        let (clients, missing) = clients_from_env(&apis);
        for (api, e) in &missing {
            if explicit {
                return fail(format!("{api}: {e}"));
            }
            tracing::warn!(api = %api, error = %e, "API left out: no usable credentials in the environment");
        }
        (clients, None)
    };
    if clients.apis().is_empty() && db.is_none() {
        return fail(
            "nothing to serve: set an API's credentials in the environment, pass --sandbox, or --db sqlite://PATH",
        );
    }
    tracing::info!(apis = ?clients.apis(), sandbox = cli.sandbox, writes = cli.allow_writes, db = ?db.as_ref().map(|d| d.path().display().to_string()), "starting");

    let mut options = Options::new().allow_writes(cli.allow_writes);
    if let Some(db) = db {
        options = options.db(db);
    }
    let server = AffiliateMcp::new(clients, options);

    match cli.http {
        None => match server.serve(rmcp::transport::stdio()).await {
            Ok(running) => {
                if let Err(e) = running.waiting().await {
                    return fail(format!("the session ended with an error: {e}"));
                }
                ExitCode::SUCCESS
            }
            Err(e) => fail(format!("initialize failed: {e}")),
        },
        Some(addr) => {
            if !addr.ip().is_loopback() && !cli.bind_any {
                return fail(format!(
                    "--http {addr} is not a loopback address; use 127.0.0.1:PORT, or add --bind-any to expose it (the bearer token still applies)"
                ));
            }
            let Some(var) = cli.token_env.as_deref() else {
                return fail(
                    "--http needs --token-env VAR: the environment variable holding the bearer token",
                );
            };
            let token = match std::env::var(var).ok().as_deref().and_then(Token::new) {
                Some(t) => t,
                None => {
                    return fail(format!(
                        "the environment variable {var} must hold a bearer token of at least 16 characters"
                    ));
                }
            };
            let listener = match tokio::net::TcpListener::bind(addr).await {
                Ok(l) => l,
                Err(e) => return fail(format!("cannot listen on {addr}: {e}")),
            };
            let shutdown = async {
                let _ = tokio::signal::ctrl_c().await;
            };
            match http::serve(server, listener, token, shutdown).await {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => fail(e),
            }
        }
    }
}
