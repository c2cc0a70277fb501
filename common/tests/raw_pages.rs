//! `Paginator::into_raw`: the same pages with the records left as JSON, and
//! a cursor that survives a record that does not decode.

use affiliate_common::pagination::Cursor;
use affiliate_common::sandbox::{Sandbox, SandboxRequest, SandboxResponse};
use affiliate_common::{ApiPath, Client, Paginator, Request, Strategy};
use futures::TryStreamExt as _;
use serde::Deserialize;
use serde_json::{Value, json};

#[derive(Debug, Deserialize)]
struct Item {
    id: String,
    #[allow(dead_code)]
    n: u32,
}

/// Two records a page, cursor `starting_after`; the second record of the
/// first page does not decode as `Item` (its `n` is a string).
fn handler(req: SandboxRequest) -> SandboxResponse {
    let body = match req.query("starting_after") {
        None => json!([{"id": "a", "n": 1}, {"id": "b", "n": "two"}]),
        Some("b") => json!([{"id": "c", "n": 3}]),
        Some(other) => json!({"unexpected cursor": other}),
    };
    SandboxResponse::json(200, &body)
}

fn paginator(client: Client) -> Paginator<Vec<Item>> {
    Paginator::new(
        client,
        Request::get(ApiPath::new("items")),
        Strategy::Cursor(
            Cursor::new("starting_after", |i: &Item| Some(i.id.clone())).page_size("limit", 2),
        ),
    )
}

#[tokio::test]
async fn raw_pages_keep_every_record_and_page_past_one_that_does_not_decode() {
    let sb = Sandbox::start(handler).await.unwrap();
    let client = Client::builder(sb.url().clone()).build().unwrap();

    // Typed, the bad record fails the stream.
    let typed: Result<Vec<Item>, _> = paginator(client.clone()).stream().try_collect().await;
    assert!(typed.is_err());

    // Raw, every record comes through, in order, and the cursor after the
    // bad record is read from its `id`.
    let raw: Vec<Value> = paginator(client)
        .into_raw()
        .stream()
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<&str> = raw.iter().map(|v| v["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["a", "b", "c"]);
    assert_eq!(raw[1]["n"], "two");
    assert_eq!(sb.faults().requests(), 3);
}
