//! The engine's promises: incremental requests, quarantine, Incomplete,
//! schema evolution, the NDJSON files.

mod support;

use affiliate_common::{ApiPath, Request};
use affiliate_sync::engine::{BadRecordMode, Outcome, SyncOptions, sync};
use affiliate_sync::registry::{self, Clients};
use affiliate_sync::sink::ndjson::NdjsonSink;
use affiliate_sync::sink::sqlite::SqliteSink;
use affiliate_sync::sink::{ColumnType, PageCommit, ResourceState, Sink};
use serde_json::{Map, Value, json};
use support::{count, fake, partnership, ps_client};

fn ps_only(client: partnerstack::Client) -> Clients {
    let mut c = Clients::default();
    c.partnerstack = Some(client);
    c
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_incremental_rerun_after_1_percent_changed_asks_for_little() {
    let ps = partnerstack::sandbox::start().await.unwrap();
    let clients = ps_only(ps.client.clone());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("inc.db");
    let incremental: Vec<_> = registry::select(&["partnerstack".into()])
        .unwrap()
        .into_iter()
        .filter(|r| !r.is_full_refresh())
        .collect();
    assert!(incremental.len() >= 5);
    let sink = Box::new(SqliteSink::open(&path).unwrap());
    let (first, _) = sync(&clients, &incremental, sink, &SyncOptions::default())
        .await
        .unwrap();
    assert!(!first.any_failed());

    // Change 1% of the partnerships (30 of 3,000).
    let keys: Vec<String> = {
        let db = SqliteSink::open(&path).unwrap();
        let mut st = db
            .connection()
            .prepare("SELECT key FROM partnerstack_partnerships ORDER BY key LIMIT 30")
            .unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    for k in &keys {
        let req = Request::patch(ApiPath::new("partnerships").param("key", k).unwrap())
            .json(&json!({"email": format!("{k}@changed.example")}))
            .unwrap();
        ps.client.http().send_json::<Value>(req).await.unwrap();
    }

    let before = ps.faults().requests();
    let sink = Box::new(SqliteSink::open(&path).unwrap());
    let (again, _) = sync(&clients, &incremental, sink, &SyncOptions::default())
        .await
        .unwrap();
    let spent = ps.faults().requests() - before;
    assert!(!again.any_failed());
    // The summary counts every request the sandbox answered.
    assert_eq!(
        spent,
        again.resources.iter().map(|r| r.requests).sum::<u64>()
    );
    const PAGE: u64 = 250;
    for r in &again.resources {
        let changed = if r.resource == "partnerstack.partnerships" {
            keys.len() as u64
        } else {
            0
        };
        assert!(
            r.requests <= changed / PAGE + 2,
            "{}: {} requests for {changed} changed records",
            r.resource,
            r.requests
        );
    }
    let p = again.get("partnerstack.partnerships").unwrap();
    assert!(p.updated >= keys.len() as u64 && p.new == 0, "{p:?}");
    let db = SqliteSink::open(&path).unwrap();
    let changed: i64 = db
        .connection()
        .query_row(
            "SELECT COUNT(*) FROM partnerstack_partnerships WHERE email LIKE '%@changed.example'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(changed, keys.len() as i64);
    assert_eq!(
        count(&db, "partnerstack_partnerships") as usize,
        ps.seeded.partnerships
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_record_is_quarantined_with_its_path_and_the_others_are_stored() {
    let bad = json!({"key": ["not", "a", "key"], "email": "x@example.com"});
    let fake = fake(vec![partnership(1), bad.clone(), json!(42), partnership(2)]).await;
    let clients = ps_only(ps_client(fake.sandbox.url()));
    let res = vec![registry::find("partnerstack.partnerships").unwrap()];
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("q.db");

    let sink = Box::new(SqliteSink::open(&path).unwrap());
    let (s, _) = sync(&clients, &res, sink, &SyncOptions::default())
        .await
        .unwrap();
    let r = s.get("partnerstack.partnerships").unwrap();
    assert_eq!(r.outcome, Outcome::Ok);
    assert_eq!((r.records, r.new, r.quarantined), (4, 2, 2));
    let db = SqliteSink::open(&path).unwrap();
    let rows: Vec<(String, String, String)> = db
        .connection()
        .prepare("SELECT path, raw, error FROM _affiliate_quarantine ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].0, "$.key");
    assert_eq!(serde_json::from_str::<Value>(&rows[0].1).unwrap(), bad);
    assert!(!rows[0].2.is_empty());
    assert_eq!((rows[1].0.as_str(), rows[1].1.as_str()), ("$", "42"));
    assert_eq!(count(&db, "partnerstack_partnerships"), 2);

    // skip: counted, not stored; fail: the resource fails.
    let skip = SyncOptions::default()
        .on_bad_record(BadRecordMode::Skip)
        .full_refresh(true);
    let sink = Box::new(SqliteSink::open(dir.path().join("s.db")).unwrap());
    let (s, _) = sync(&clients, &res, sink, &skip).await.unwrap();
    let r = s.get("partnerstack.partnerships").unwrap();
    assert_eq!((r.skipped, r.quarantined, r.new), (2, 0, 2));
    let fail = SyncOptions::default().on_bad_record(BadRecordMode::Fail);
    let sink = Box::new(SqliteSink::open(dir.path().join("f.db")).unwrap());
    let (s, _) = sync(&clients, &res, sink, &fail).await.unwrap();
    let r = s.get("partnerstack.partnerships").unwrap();
    assert!(
        matches!(&r.outcome, Outcome::Failed(e) if e.contains("$.key")),
        "{r:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn incomplete_fails_one_resource_at_its_last_page_and_not_the_others() {
    let fake = fake(vec![partnership(1), partnership(2), partnership(3)]).await;
    let clients = ps_only(ps_client(fake.sandbox.url()));
    let res = vec![
        registry::find("partnerstack.partnerships").unwrap(),
        registry::find("partnerstack.customers").unwrap(),
    ];
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("i.db");
    let sink = Box::new(SqliteSink::open(&path).unwrap());
    let (s, mut sink) = sync(&clients, &res, sink, &SyncOptions::default())
        .await
        .unwrap();
    assert!(s.any_failed());
    assert_eq!(
        s.get("partnerstack.partnerships").unwrap().outcome,
        Outcome::Ok
    );
    let c = s.get("partnerstack.customers").unwrap();
    assert!(
        matches!(&c.outcome, Outcome::Failed(e) if e.to_lowercase().contains("incomplete") || e.contains("empty")),
        "{c:?}"
    );
    let states = sink.states().unwrap();
    let cs = states
        .iter()
        .find(|s| s.resource == "partnerstack.customers")
        .unwrap();
    // The first page is stored and the state says where the run stopped.
    assert_eq!(cs.records, 2);
    assert!(cs.completed_at.is_none() && cs.mark.is_none());
    assert!(cs.cursor.as_deref().unwrap().contains("cus_2"), "{cs:?}");
    let ps = states
        .iter()
        .find(|s| s.resource == "partnerstack.partnerships")
        .unwrap();
    assert!(ps.cursor.is_none() && ps.completed_at.is_some());
    assert_eq!(ps.mark.as_deref(), Some("1700000000003"));
    drop(sink);
    let db = SqliteSink::open(&path).unwrap();
    assert_eq!(count(&db, "partnerstack_customers"), 2);
    assert_eq!(count(&db, "partnerstack_partnerships"), 3);
}

fn row(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => unreachable!(),
    }
}

#[test]
fn schema_evolution_adds_columns_and_widens_and_reports_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = SqliteSink::open(dir.path().join("s.db")).unwrap();
    let state = ResourceState::new("dub.partners");
    let first = PageCommit::new(
        state.clone(),
        vec!["id".into()],
        vec![row(
            json!({"id": "a", "n": 1, "at": "2024-01-01T00:00:00Z"}),
        )],
        "2024-01-01T00:00:00.000Z",
    );
    let out = db.commit(&first).unwrap();
    assert_eq!(out.inserted, 1);
    let second = PageCommit::new(
        state,
        vec!["id".into()],
        vec![
            row(json!({"id": "a", "n": 2.5, "at": "2024-01-02T00:00:00Z", "tags": ["x"]})),
            row(json!({"id": "b", "n": 3, "at": "soon", "new": true})),
        ],
        "2024-01-02T00:00:00.000Z",
    );
    let out = db.commit(&second).unwrap();
    assert_eq!((out.inserted, out.updated), (1, 1));
    let mut added = out.added_columns.clone();
    added.sort();
    assert_eq!(added, vec!["new".to_owned(), "tags".to_owned()]);
    let widened: Vec<_> = out
        .widened
        .iter()
        .map(|w| (w.column.as_str(), w.from, w.to))
        .collect();
    assert!(
        widened.contains(&("n", ColumnType::Integer, ColumnType::Real)),
        "{widened:?}"
    );
    assert!(
        widened.contains(&("at", ColumnType::Timestamp, ColumnType::Text)),
        "{widened:?}"
    );
    let types: Vec<(String, String, Option<String>)> = db
        .connection()
        .prepare("SELECT column_name, type, widened_from FROM _affiliate_columns WHERE table_name = 'dub_partners' ORDER BY position")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(
        types.contains(&("n".into(), "real".into(), Some("integer".into()))),
        "{types:?}"
    );
    assert!(
        types.contains(&("tags".into(), "json".into(), None)),
        "{types:?}"
    );
    let (n, tags): (f64, String) = db
        .connection()
        .query_row("SELECT n, tags FROM dub_partners WHERE id = 'a'", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!((n, tags.as_str()), (2.5, "[\"x\"]"));
    // No column is ever dropped: a page without `tags` keeps the column.
    let third = PageCommit::new(
        ResourceState::new("dub.partners"),
        vec!["id".into()],
        vec![row(json!({"id": "c"}))],
        "2024-01-03T00:00:00.000Z",
    );
    db.commit(&third).unwrap();
    let cols: i64 = db
        .connection()
        .query_row(
            "SELECT COUNT(*) FROM pragma_table_info('dub_partners') WHERE name = 'tags'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(cols, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn full_refresh_marks_rows_the_api_no_longer_returns() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.db");
    {
        let mut db = SqliteSink::open(&path).unwrap();
        let gone = PageCommit::new(
            ResourceState::new("partnerstack.rewards"),
            vec!["key".into()],
            vec![row(json!({"key": "rwd_gone"}))],
            "2020-01-01T00:00:00.000Z",
        );
        db.commit(&gone).unwrap();
    }
    let ps = partnerstack::sandbox::start().await.unwrap();
    let clients = ps_only(ps.client.clone());
    let res = vec![registry::find("partnerstack.rewards").unwrap()];
    let sink = Box::new(SqliteSink::open(&path).unwrap());
    let (s, _) = sync(&clients, &res, sink, &SyncOptions::default())
        .await
        .unwrap();
    assert_eq!(s.get("partnerstack.rewards").unwrap().deleted, 1);
    let db = SqliteSink::open(&path).unwrap();
    let marked: i64 = db
        .connection()
        .query_row(
            "SELECT COUNT(*) FROM partnerstack_rewards WHERE _deleted_at IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let gone: Option<String> = db
        .connection()
        .query_row(
            "SELECT _deleted_at FROM partnerstack_rewards WHERE key = 'rwd_gone'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(marked, 1);
    assert!(gone.is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_ndjson_sink_writes_one_file_per_resource_and_an_atomic_state() {
    let dub = dub::sandbox::start().await.unwrap();
    let mut clients = Clients::default();
    clients.dub = Some(dub.client.clone());
    let res = registry::select(&["dub".into()]).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let sink = Box::new(NdjsonSink::open(dir.path()).unwrap());
    let (s, _) = sync(&clients, &res, sink, &SyncOptions::default())
        .await
        .unwrap();
    assert!(!s.any_failed());
    for r in &res {
        let text =
            std::fs::read_to_string(dir.path().join(format!("{}.ndjson", r.table()))).unwrap();
        let lines: Vec<Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(
            lines.len() as u64,
            s.get(r.selector).unwrap().records,
            "{}",
            r.selector
        );
        // Every line carries its primary key (`id`, or `click_id` /
        // `eventId` for Dub's events) and when it was synced.
        assert!(
            lines.iter().all(|l| {
                r.primary_key
                    .iter()
                    .all(|k| l[*k].is_string() || l[*k].is_number())
                    && l["_synced_at"].is_string()
            }),
            "{}: a line without its key or _synced_at",
            r.selector
        );
    }
    let states: Vec<ResourceState> =
        serde_json::from_slice(&std::fs::read(dir.path().join("_affiliate_state.json")).unwrap())
            .unwrap();
    assert_eq!(states.len(), res.len());
    assert!(
        states
            .iter()
            .all(|s| s.cursor.is_none() && s.completed_at.is_some())
    );
    assert!(!dir.path().join("_affiliate_state.json.tmp").exists());
    let mut reopened = NdjsonSink::open(dir.path()).unwrap();
    assert_eq!(reopened.states().unwrap(), states);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_record_at_the_end_of_a_cursor_page_does_not_break_the_cursor() {
    let fake = fake(vec![]).await;
    let clients = ps_only(ps_client(fake.sandbox.url()));
    let res = vec![registry::find("partnerstack.deals").unwrap()];
    let dir = tempfile::tempdir().unwrap();
    let sink = Box::new(SqliteSink::open(dir.path().join("c.db")).unwrap());
    let (s, _) = sync(&clients, &res, sink, &SyncOptions::default())
        .await
        .unwrap();
    let r = s.get("partnerstack.deals").unwrap();
    assert_eq!(r.outcome, Outcome::Ok, "{r:?}");
    assert_eq!((r.records, r.new, r.quarantined, r.requests), (3, 2, 1, 2));
}
