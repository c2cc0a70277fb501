//! `Paginator::into_raw`: the same pages with the records left as JSON, and
//! a cursor that survives a record that does not decode.

use affiliate_common::pagination::{Cursor, RawItem, raw_string_field};
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
    let raw: Vec<RawItem> = paginator(client)
        .into_raw()
        .stream()
        .try_collect()
        .await
        .unwrap();
    let raw: Vec<Value> = raw
        .iter()
        .map(|r| serde_json::from_str(r.get()).unwrap())
        .collect();
    let ids: Vec<&str> = raw.iter().map(|v| v["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["a", "b", "c"]);
    assert_eq!(raw[1]["n"], "two");
    assert_eq!(sb.faults().requests(), 3);
}

/// A raw record is the text the API sent: key order and whitespace kept,
/// nothing parsed into a tree.
#[tokio::test]
async fn raw_records_are_the_text_as_sent() {
    let body = "[{\"id\": \"z\", \"n\": 1, \"nested\": {\"b\": 2,  \"a\": [1, 2]}}]";
    let sb = Sandbox::start(move |_req: SandboxRequest| {
        SandboxResponse::bytes(200, "application/json", body)
    })
    .await
    .unwrap();
    let client = Client::builder(sb.url().clone()).build().unwrap();
    let raw: Vec<RawItem> = paginator(client)
        .into_raw()
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(raw.len(), 1);
    assert_eq!(
        raw[0].get(),
        "{\"id\": \"z\", \"n\": 1, \"nested\": {\"b\": 2,  \"a\": [1, 2]}}"
    );
}

#[test]
fn a_raw_string_field_reads_one_top_level_string() {
    let rec = |s: &str| serde_json::value::RawValue::from_string(s.to_owned()).unwrap();
    let r = rec(r#"{"n": {"id": "inner"}, "id": "a\"b", "k": 1}"#);
    assert_eq!(raw_string_field(&r, "id").as_deref(), Some("a\"b"));
    assert_eq!(
        raw_string_field(&r, "k"),
        None,
        "a number is not a string key"
    );
    assert_eq!(raw_string_field(&r, "missing"), None);
    assert_eq!(raw_string_field(&rec("[1, 2]"), "id"), None);
    // A repeated key: the last one, as a parsed object would keep.
    assert_eq!(
        raw_string_field(&rec(r#"{"id": "x", "id": "y"}"#), "id").as_deref(),
        Some("y")
    );
}
