//! Records travel from the page to the sink as the JSON text the API sent:
//! columns come in the API's field order, JSON columns hold the value's
//! compact text (the API's key order and escapes, no whitespace outside
//! strings), strings are unescaped, and a record that fails to decode is
//! still quarantined with its JSON path.

mod support;

use affiliate_common::sandbox::{Sandbox, SandboxRequest, SandboxResponse};
use affiliate_sync::engine::{Outcome, SyncOptions, sync};
use affiliate_sync::registry::{self, Clients};
use affiliate_sync::sink::ndjson::NdjsonSink;
use affiliate_sync::sink::sqlite::SqliteSink;
use serde_json::{Value, json};
use support::ps_client;

/// One page of partnerships, written by hand: spaces and newlines, keys
/// out of alphabetical order, escapes, a repeated key, and a record whose
/// `key` is not a string.
const PAGE: &str = r#"{"data": {"items": [
  {"key": "part_b", "updated_at": 1700000000002, "email": "b@example.com",
   "team": { "name" : "Zed",
             "key": "team_1" },
   "tags": [ "x", "y" ],
   "note": "tab\there \"quoted\" \u00e9",
   "score": 1.5, "active": true, "nothing": null},
  {"key":"part_a","updated_at":1700000000001,"email":"first@example.com","email":"a@example.com","team":{"key":"team_2"},"score":2},
  { "key" : ["not", "a", "key"] , "email" : "bad@example.com" }
 ], "has_more": false}, "message": "ok", "status": 200}"#;

async fn server() -> Sandbox {
    Sandbox::start(|req: SandboxRequest| {
        if req.path.ends_with("/partnerships") {
            SandboxResponse::bytes(200, "application/json", PAGE)
        } else {
            SandboxResponse::json(404, &json!({"message": "not here"}))
        }
    })
    .await
    .unwrap()
}

fn clients(sb: &Sandbox) -> Clients {
    let mut c = Clients::default();
    c.partnerstack = Some(ps_client(sb.url()));
    c
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_columns_follow_the_api_and_json_columns_hold_compact_text() {
    let sb = server().await;
    let res = vec![registry::find("partnerstack.partnerships").unwrap()];
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("raw.db");
    let sink = Box::new(SqliteSink::open(&path).unwrap());
    let (s, mut sink) = sync(&clients(&sb), &res, sink, &SyncOptions::default())
        .await
        .unwrap();
    let r = s.get("partnerstack.partnerships").unwrap();
    assert_eq!(r.outcome, Outcome::Ok);
    assert_eq!((r.records, r.new, r.quarantined), (3, 2, 1));
    // The mark is the highest `updated_at`, read from the text.
    let state = sink
        .states()
        .unwrap()
        .into_iter()
        .find(|s| s.resource == "partnerstack.partnerships")
        .unwrap();
    assert_eq!(state.mark.as_deref(), Some("1700000000002"));
    drop(sink);

    let db = SqliteSink::open(&path).unwrap();
    let conn = db.connection();
    let columns: Vec<String> = conn
        .prepare("SELECT name FROM pragma_table_info('partnerstack_partnerships') ORDER BY cid")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        columns,
        [
            "key",
            "updated_at",
            "email",
            "team",
            "tags",
            "note",
            "score",
            "active",
            "nothing",
            "_synced_at",
            "_deleted_at"
        ]
    );
    type Stored = (String, String, String, String, f64, Option<i64>);
    let row = |key: &str| -> Stored {
        conn.query_row(
            "SELECT email, team, COALESCE(tags, ''), COALESCE(note, ''), score, active \
             FROM partnerstack_partnerships WHERE key = ?1",
            [key],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            },
        )
        .unwrap()
    };
    let (email, team, tags, note, score, active) = row("part_b");
    assert_eq!(email, "b@example.com");
    assert_eq!(team, r#"{"name":"Zed","key":"team_1"}"#);
    assert_eq!(tags, r#"["x","y"]"#);
    assert_eq!(note, "tab\there \"quoted\" \u{e9}");
    assert_eq!((score, active), (1.5, Some(1)));
    // A repeated field: the last value is stored, as a parsed object keeps it.
    let (email, team, _, _, score, active) = row("part_a");
    assert_eq!(email, "a@example.com");
    assert_eq!(team, r#"{"key":"team_2"}"#);
    assert_eq!((score, active), (2.0, None));
    // `score` holds an integer and a real: its recorded type widened to real.
    let score_type: String = conn
        .query_row(
            "SELECT type FROM _affiliate_columns WHERE table_name = 'partnerstack_partnerships' \
             AND column_name = 'score'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(score_type, "real");

    // The bad record, from the raw route: its path, and the record itself.
    let (qpath, raw): (String, String) = conn
        .query_row("SELECT path, raw FROM _affiliate_quarantine", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(qpath, "$.key");
    assert_eq!(
        serde_json::from_str::<Value>(&raw).unwrap(),
        json!({"key": ["not", "a", "key"], "email": "bad@example.com"})
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ndjson_lines_keep_the_api_order_on_one_line() {
    let sb = server().await;
    let res = vec![registry::find("partnerstack.partnerships").unwrap()];
    let dir = tempfile::tempdir().unwrap();
    let sink = Box::new(NdjsonSink::open(dir.path()).unwrap());
    let (s, _) = sync(&clients(&sb), &res, sink, &SyncOptions::default())
        .await
        .unwrap();
    assert_eq!(s.get("partnerstack.partnerships").unwrap().quarantined, 1);
    let text =
        std::fs::read_to_string(dir.path().join("partnerstack_partnerships.ndjson")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2);
    let prefix = r#"{"key":"part_b","updated_at":1700000000002,"email":"b@example.com","team":{"name":"Zed","key":"team_1"},"tags":["x","y"],"note":"tab\there \"quoted\" \u00e9","score":1.5,"active":true,"nothing":null,"_synced_at":""#;
    assert!(lines[0].starts_with(prefix), "{}", lines[0]);
    let second: Value = serde_json::from_str(lines[1]).unwrap();
    assert_eq!(second["email"], "a@example.com");
    assert!(
        lines[1].starts_with(
            r#"{"key":"part_a","updated_at":1700000000001,"email":"a@example.com","team""#
        ),
        "a repeated field is written once, with its last value: {}",
        lines[1]
    );
}
