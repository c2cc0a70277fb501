//! Mid-list resume of Dub's cursor lists, and a route a sandbox does not
//! serve failing its resource loudly.

use affiliate_common::sandbox::Fault;
use affiliate_sync::engine::{Outcome, SyncOptions, sync};
use affiliate_sync::registry::{self, Clients};
use affiliate_sync::sink::sqlite::SqliteSink;

mod support;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_interrupted_dub_cursor_list_resumes_after_the_last_stored_id() {
    // No retries: the fault below must stop the run, not be retried away.
    let dub = dub::sandbox::start_with(|b| {
        b.retry(affiliate_common::RetryPolicy::default().max_attempts(1))
    })
    .await
    .unwrap();
    let mut clients = Clients::default();
    clients.dub = Some(dub.client.clone());
    let links = registry::select(&["dub.links".into()]).unwrap();
    assert_eq!(links[0].resume_key, Some("id"));
    let seeded = dub.api.ids("links").unwrap();
    assert!(seeded.len() > 200, "three pages of 100");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.db");

    // Page 1 is stored, page 2 fails: the resource fails, its state keeps
    // the cursor (the last stored id).
    dub.sandbox.faults().fail_every(2, Fault::Status(422));
    let sink = Box::new(SqliteSink::open(&path).unwrap());
    let (first, mut sink) = sync(&clients, &links, sink, &SyncOptions::default())
        .await
        .unwrap();
    let s = first.get("dub.links").unwrap();
    assert!(matches!(s.outcome, Outcome::Failed(_)), "{:?}", s.outcome);
    assert_eq!(s.new, 100);
    let state = sink
        .states()
        .unwrap()
        .into_iter()
        .find(|s| s.resource == "dub.links")
        .unwrap();
    let cursor = state.cursor.expect("a failed run keeps its cursor");
    assert!(cursor.contains(&seeded[99]), "{cursor}");
    drop(sink);

    // Again, without the fault: the run continues after that id, so it
    // asks for the two remaining pages only, and ends complete.
    dub.sandbox.faults().clear();
    let sink = Box::new(SqliteSink::open(&path).unwrap());
    let (again, mut sink) = sync(&clients, &links, sink, &SyncOptions::default())
        .await
        .unwrap();
    let s = again.get("dub.links").unwrap();
    assert!(matches!(s.outcome, Outcome::Ok), "{:?}", s.outcome);
    assert!(s.resumed);
    assert_eq!(
        s.requests, 2,
        "resumed after the stored page, not from the start"
    );
    assert_eq!(s.new as usize, seeded.len() - 100);
    let states = sink.states().unwrap();
    assert!(states[0].cursor.is_none() && states[0].completed_at.is_some());
    drop(sink);
    let db = SqliteSink::open(&path).unwrap();
    assert_eq!(support::count(&db, "dub_links") as usize, seeded.len());
    let deleted: i64 = db
        .connection()
        .query_row(
            "SELECT COUNT(*) FROM dub_links WHERE _deleted_at IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        deleted, 0,
        "rows of the interrupted run's first page are this run's"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_list_the_sandbox_does_not_serve_fails_its_resource_loudly() {
    // A Dub client whose base URL puts every path under a prefix the Dub
    // sandbox does not model, so each list answers `501
    // sandbox_unsupported`.
    let dub = dub::sandbox::start().await.unwrap();
    let base = format!(
        "{}/nowhere/",
        dub.sandbox.url().as_str().trim_end_matches('/')
    );
    let mut clients = Clients::default();
    clients.dub = Some(
        dub::Client::builder(dub::sandbox::SANDBOX_KEY)
            .base_url(base.parse().unwrap())
            .build()
            .unwrap(),
    );
    let tags = registry::select(&["dub.tags".into()]).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let sink = Box::new(SqliteSink::open(dir.path().join("u.db")).unwrap());
    let (summary, _sink) = sync(&clients, &tags, sink, &SyncOptions::default())
        .await
        .unwrap();
    assert!(summary.any_failed());
    match &summary.get("dub.tags").unwrap().outcome {
        Outcome::Failed(why) => assert!(
            why.contains("501") || why.contains("sandbox_unsupported"),
            "{why}"
        ),
        other => panic!("expected a failure, got {other:?}"),
    }
}
