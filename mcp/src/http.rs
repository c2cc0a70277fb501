//! The streamable HTTP transport: `POST/GET/DELETE /mcp` behind a bearer
//! token.
//!
//! Every request must carry `Authorization: Bearer <token>`; the token is
//! compared in constant time and never logged. The `Host` header is
//! checked against loopback names (and the bound address), which stops DNS
//! rebinding from a browser.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
use rmcp::transport::streamable_http_server::{StreamableHttpServerConfig, StreamableHttpService};
use subtle::ConstantTimeEq as _;

use crate::AffiliateMcp;

/// The path the MCP endpoint is served on.
pub const MCP_PATH: &str = "/mcp";

/// A bearer token, kept out of `Debug`.
#[derive(Clone)]
pub struct Token(Arc<[u8]>);

impl Token {
    /// A token; `None` when it is shorter than 16 bytes (too easy to guess).
    pub fn new(token: &str) -> Option<Token> {
        let t = token.trim();
        (t.len() >= 16).then(|| Token(Arc::from(t.as_bytes())))
    }

    fn matches(&self, header: &[u8]) -> bool {
        bool::from(self.0.as_ref().ct_eq(header))
    }
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Token([redacted])")
    }
}

async fn require_bearer(State(token): State<Token>, req: Request, next: Next) -> Response {
    let presented = req
        .headers()
        .get(header::AUTHORIZATION)
        .map(|v| v.as_bytes())
        .and_then(|v| {
            let (scheme, rest) = v.split_at(v.len().min(7));
            scheme.eq_ignore_ascii_case(b"bearer ").then_some(rest)
        });
    match presented {
        Some(t) if token.matches(t) => next.run(req).await,
        _ => {
            tracing::warn!(path = %req.uri().path(), "refused a request without the right bearer token");
            (
                StatusCode::UNAUTHORIZED,
                [(header::WWW_AUTHENTICATE, "Bearer")],
                "a bearer token is required (Authorization: Bearer <token>)\n",
            )
                .into_response()
        }
    }
}

/// The axum router of the MCP endpoint, guarded by `token`. `extra_host`
/// is added to the accepted `Host` names (the bound address when it is not
/// loopback).
pub fn router(server: AffiliateMcp, token: Token, extra_host: Option<String>) -> Router {
    let mut hosts: Vec<String> = vec!["localhost".into(), "127.0.0.1".into(), "::1".into()];
    hosts.extend(extra_host);
    let config = StreamableHttpServerConfig::default().with_allowed_hosts(hosts);
    let service = StreamableHttpService::new(
        move || Ok(server.clone()),
        Arc::new(LocalSessionManager::default()),
        config,
    );
    Router::new()
        .nest_service(MCP_PATH, service)
        .layer(middleware::from_fn_with_state(token, require_bearer))
}

/// Serves `server` over streamable HTTP on `listener` until `shutdown`
/// completes.
///
/// # Errors
/// The listener's I/O errors.
pub async fn serve(
    server: AffiliateMcp,
    listener: tokio::net::TcpListener,
    token: Token,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let addr: SocketAddr = listener.local_addr()?;
    let extra = (!addr.ip().is_loopback()).then(|| addr.ip().to_string());
    tracing::info!(%addr, path = MCP_PATH, "serving MCP over streamable HTTP");
    axum::serve(listener, router(server, token, extra))
        .with_graceful_shutdown(shutdown)
        .await
}
