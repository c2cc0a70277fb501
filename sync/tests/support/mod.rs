//! Shared set-up: a hand-written PartnerStack-shaped server for the cases
//! the sandboxes do not produce (bad records, broken pagination).
#![allow(dead_code)]

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use affiliate_common::sandbox::{Sandbox, SandboxRequest, SandboxResponse};
use affiliate_sync::sink::sqlite::SqliteSink;
use serde_json::{Value, json};

/// Rows of `table`.
pub fn count(db: &SqliteSink, table: &str) -> i64 {
    db.connection()
        .query_row(&format!("SELECT COUNT(*) FROM \"{table}\""), [], |r| {
            r.get(0)
        })
        .unwrap()
}

/// A record PartnerStack could send.
pub fn partnership(i: u64) -> Value {
    json!({"key": format!("part_{i:05}"), "email": format!("p{i}@example.com"),
           "created_at": 1_700_000_000_000_i64 + i as i64, "updated_at": 1_700_000_000_000_i64 + i as i64})
}

/// What the fake server answers for partnerships and customers.
pub struct Fake {
    /// The server.
    pub sandbox: Sandbox,
    /// Requests answered.
    pub requests: Arc<AtomicU64>,
}

/// A server under `/api/v2` whose `partnerships` list is `partnerships`
/// (one page) and whose `customers` list sends two records, then an empty
/// page that still says `has_more: true` (an `Error::Incomplete`).
pub async fn fake(partnerships: Vec<Value>) -> Fake {
    let requests = Arc::new(AtomicU64::new(0));
    let seen = requests.clone();
    let handler = move |req: SandboxRequest| {
        seen.fetch_add(1, Ordering::SeqCst);
        let page = |items: Vec<Value>, more: bool| {
            SandboxResponse::json(
                200,
                &json!({"data": {"items": items, "has_more": more}, "message": "ok", "status": 200}),
            )
        };
        match req.path.trim_start_matches("/api/v2/") {
            "partnerships" => page(partnerships.clone(), false),
            "customers" if req.query("starting_after").is_none() => page(
                vec![
                    json!({"key": "cus_1", "updated_at": 1_700_000_000_000_i64}),
                    json!({"key": "cus_2", "updated_at": 1_700_000_000_001_i64}),
                ],
                true,
            ),
            "customers" => page(vec![], true),
            // A cursor list whose first page ends with a record that does
            // not decode (but has its key).
            "deals" if req.query("starting_after").is_none() => page(
                vec![
                    json!({"key": "deal_1", "updated_at": 1_700_000_000_000_i64}),
                    json!({"key": "deal_2", "updated_at": "not a time", "amount": {"x": [1]}, "created_at": [1]}),
                ],
                true,
            ),
            "deals" if req.query("starting_after") == Some("deal_2") => page(
                vec![json!({"key": "deal_3", "updated_at": 1_700_000_000_002_i64})],
                false,
            ),
            _ => SandboxResponse::json(404, &json!({"message": "Not Found", "status": 404})),
        }
    };
    let sandbox = Sandbox::start_with_prefix(handler, "/api/v2")
        .await
        .unwrap();
    Fake { sandbox, requests }
}

/// A PartnerStack client for `url`.
pub fn ps_client(url: &affiliate_common::url::Url) -> partnerstack::Client {
    partnerstack::Client::builder(affiliate_common::Auth::basic("pk", "sk"))
        .base_url(url.clone())
        .build()
        .unwrap()
}
