//! Shared set-up: the server in process over a duplex pipe, an rmcp client
//! on the other end, the four sandboxes, and a real sync into a temp SQLite
//! file.

#![allow(dead_code)]

use std::path::PathBuf;

use affiliate_mcp::{AffiliateMcp, Api, Clients, Database, Options, Sandboxes, start_sandboxes};
use affiliate_sync::engine::{SyncOptions, sync};
use affiliate_sync::sink::sqlite::SqliteSink;
use rmcp::model::{CallToolRequestParams, CallToolResult, JsonObject};
use rmcp::service::RunningService;
use rmcp::{RoleClient, ServiceExt as _};
use serde_json::Value;

pub struct Harness {
    pub client: RunningService<RoleClient, ()>,
    pub sandboxes: Sandboxes,
    pub db: Option<(tempfile::TempDir, PathBuf)>,
}

/// The resources the test database holds (a real sync of the sandboxes).
pub const SYNCED: &[&str] = &[
    "partnerstack.partnerships",
    "dub.partners",
    "dub.commissions",
    "referralhero.lists",
];

/// Syncs [`SYNCED`] from the sandboxes into a new SQLite file.
pub async fn synced_db(sandboxes: &Sandboxes) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("affiliate.db");
    let mut clients = affiliate_sync::registry::Clients::default();
    clients.partnerstack = sandboxes.partnerstack.as_ref().map(|r| r.client.clone());
    clients.referralhero = sandboxes.referralhero.as_ref().map(|r| r.client.clone());
    clients.dub = sandboxes.dub.as_ref().map(|r| r.client.clone());
    let selectors: Vec<String> = SYNCED.iter().map(|s| s.to_string()).collect();
    let resources = affiliate_sync::registry::select(&selectors).unwrap();
    let sink = Box::new(SqliteSink::open(&path).unwrap());
    let (summary, sink) = sync(&clients, &resources, sink, &SyncOptions::default())
        .await
        .unwrap();
    drop(sink);
    assert!(!summary.any_failed(), "the test sync failed: {summary:?}");
    (dir, path)
}

/// Serves `server` in process and connects an rmcp client to it.
pub async fn connect(server: AffiliateMcp) -> RunningService<RoleClient, ()> {
    let (server_io, client_io) = tokio::io::duplex(1 << 20);
    tokio::spawn(async move {
        if let Ok(running) = server.serve(server_io).await {
            let _ = running.waiting().await;
        }
    });
    ().serve(client_io).await.expect("initialize")
}

/// The four sandboxes, a synced database when `with_db`, and a client.
pub async fn harness(with_db: bool, allow_writes: bool) -> Harness {
    let (clients, sandboxes) = start_sandboxes(&Api::ALL).await.unwrap();
    let db = if with_db {
        Some(synced_db(&sandboxes).await)
    } else {
        None
    };
    let mut options = Options::new().allow_writes(allow_writes);
    if let Some((_, path)) = &db {
        options = options.db(Database::from_url(&format!("sqlite://{}", path.display())).unwrap());
    }
    let client = connect(AffiliateMcp::new(clients, options)).await;
    Harness {
        client,
        sandboxes,
        db,
    }
}

/// A server over `clients` only.
pub async fn with_clients(clients: Clients, options: Options) -> RunningService<RoleClient, ()> {
    connect(AffiliateMcp::new(clients, options)).await
}

pub fn args(v: Value) -> JsonObject {
    match v {
        Value::Object(m) => m,
        other => panic!("arguments must be an object, got {other}"),
    }
}

/// Calls `tool`; the protocol must succeed (tool errors come back as results).
pub async fn call(client: &RunningService<RoleClient, ()>, tool: &str, a: Value) -> CallToolResult {
    client
        .call_tool(CallToolRequestParams::new(tool.to_owned()).with_arguments(args(a)))
        .await
        .unwrap_or_else(|e| panic!("{tool}: protocol error {e}"))
}

/// The structured content of a successful call.
pub fn ok(r: &CallToolResult) -> &Value {
    assert_ne!(r.is_error, Some(true), "tool error: {}", text(r));
    r.structured_content.as_ref().expect("structured content")
}

/// The text of a result.
pub fn text(r: &CallToolResult) -> String {
    r.content
        .iter()
        .filter_map(|c| c.as_text().map(|t| t.text.clone()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The message of a tool error.
pub fn err(r: &CallToolResult) -> String {
    assert_eq!(
        r.is_error,
        Some(true),
        "expected a tool error, got {}",
        text(r)
    );
    text(r)
}
