//! Batches: when the writer falls behind, the pages read meanwhile are
//! stored together, whole, in order, with the state after the last of
//! them; a batch stops growing at 5,000 rows or 2 MiB of rows; a read
//! error stores the pages read before it; a failed commit stops the
//! resource, and nothing is written after it.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use affiliate_common::sandbox::{Sandbox, SandboxRequest, SandboxResponse};
use affiliate_sync::engine::{Outcome, SyncOptions, sync};
use affiliate_sync::registry::{self, Clients};
use affiliate_sync::sink::sqlite::SqliteSink;
use affiliate_sync::sink::{PageCommit, PageOutcome, ResourceState, Row, Sink, SinkError};
use serde_json::{Value, json};
use support::{count, partnership, ps_client};

/// What one commit held.
#[derive(Debug, Clone)]
struct Seen {
    rows: usize,
    /// The memory of each row ([`Row::memory`]).
    memory: Vec<usize>,
    records: u64,
    cursor: Option<String>,
    completed: bool,
}

/// A SQLite sink that takes `delay` before each commit (a writer slower
/// than the reads), logs what each commit held, and fails the commit
/// numbered `fail_at` (1-based), if any.
struct SlowSink {
    inner: SqliteSink,
    delay: Duration,
    fail_at: Option<usize>,
    log: Arc<Mutex<Vec<Seen>>>,
}

impl Sink for SlowSink {
    fn states(&mut self) -> Result<Vec<ResourceState>, SinkError> {
        self.inner.states()
    }

    fn commit(&mut self, page: &PageCommit) -> Result<PageOutcome, SinkError> {
        std::thread::sleep(self.delay);
        let mut log = self.log.lock().unwrap();
        log.push(Seen {
            rows: page.rows.len(),
            memory: page.rows.iter().map(Row::memory).collect(),
            records: page.state.records,
            cursor: page.state.cursor.clone(),
            completed: page.state.completed_at.is_some(),
        });
        if self.fail_at == Some(log.len()) {
            return Err(SinkError::Backend {
                sink: "slow",
                message: "the disk is full".into(),
            });
        }
        self.inner.commit(page)
    }

    fn mark_deleted(&mut self, table: &str, since: &str, now: &str) -> Result<u64, SinkError> {
        self.inner.mark_deleted(table, since, now)
    }
}

/// A PartnerStack-shaped server whose partnerships list is `records` in
/// pages of `page` (cursor: `starting_after`, the last key of the page
/// before). With `broken_after`, the page after that many pages is empty
/// but says `has_more` (an `Error::Incomplete`). Counts the requests.
async fn list(
    records: Vec<Value>,
    page: usize,
    broken_after: Option<usize>,
) -> (Sandbox, Arc<AtomicUsize>) {
    let requests = Arc::new(AtomicUsize::new(0));
    let seen = requests.clone();
    let handler = move |req: SandboxRequest| {
        seen.fetch_add(1, Ordering::SeqCst);
        if req.path.trim_start_matches("/api/v2/") != "partnerships" {
            return SandboxResponse::json(404, &json!({"message": "Not Found", "status": 404}));
        }
        let from = match req.query("starting_after") {
            None => 0,
            Some(after) => {
                records
                    .iter()
                    .position(|r| r["key"] == after)
                    .expect("a key the server sent")
                    + 1
            }
        };
        let to = (from + page).min(records.len());
        let items = if broken_after.is_some_and(|n| from >= n * page) {
            Vec::new()
        } else {
            records[from..to].to_vec()
        };
        SandboxResponse::json(
            200,
            &json!({"data": {"items": items, "has_more": to < records.len()},
                    "message": "ok", "status": 200}),
        )
    };
    let sandbox = Sandbox::start_with_prefix(handler, "/api/v2")
        .await
        .unwrap();
    (sandbox, requests)
}

/// A run: its outcome, what each commit held, and the database (in a
/// directory removed when the run is dropped).
struct Run {
    outcome: Outcome,
    log: Vec<Seen>,
    db: SqliteSink,
    _dir: tempfile::TempDir,
}

/// Syncs `partnerstack.partnerships` from `sandbox` into a new SQLite file
/// through a [`SlowSink`].
async fn run(sandbox: &Sandbox, delay: Duration, fail_at: Option<usize>) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sync.db");
    let mut clients = Clients::default();
    clients.partnerstack = Some(ps_client(sandbox.url()));
    let log = Arc::new(Mutex::new(Vec::new()));
    let sink = Box::new(SlowSink {
        inner: SqliteSink::open(&path).unwrap(),
        delay,
        fail_at,
        log: log.clone(),
    });
    let res = vec![registry::find("partnerstack.partnerships").unwrap()];
    let (s, sink) = sync(&clients, &res, sink, &SyncOptions::default())
        .await
        .unwrap();
    drop(sink);
    let outcome = s.get("partnerstack.partnerships").unwrap().outcome.clone();
    let log = log.lock().unwrap().clone();
    Run {
        outcome,
        log,
        db: SqliteSink::open(&path).unwrap(),
        _dir: dir,
    }
}

/// `n` partnerships of about `size` bytes each.
fn records(n: u64, size: usize) -> Vec<Value> {
    (1..=n)
        .map(|i| {
            let mut r = partnership(i);
            r["m_data"] = json!({"note": "x".repeat(size)});
            r
        })
        .collect()
}

/// Checks that the commits of a complete run hold whole pages, in order,
/// each with the state after its last page, and returns the row counts of
/// the commits that hold rows.
fn check_whole_pages(log: &[Seen], page: usize, total: usize) -> Vec<usize> {
    let (last, batches) = log.split_last().unwrap();
    assert!(last.completed && last.rows == 0 && last.cursor.is_none());
    let mut stored = 0;
    for b in batches {
        stored += b.rows;
        assert!(b.rows % page == 0 || stored == total, "{log:?}");
        assert_eq!(b.records, stored as u64, "{log:?}");
        // The cursor names the last key of the batch.
        let key = format!("part_{stored:05}");
        assert!(b.cursor.as_deref().unwrap().contains(&key), "{b:?}");
        assert!(!b.completed);
    }
    assert_eq!(stored, total);
    batches.iter().map(|b| b.rows).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_writer_gets_whole_pages_together_and_every_record_once() {
    let (sandbox, requests) = list(records(2_000, 10), 50, None).await;
    let Run {
        outcome, log, db, ..
    } = run(&sandbox, Duration::from_millis(40), None).await;
    assert_eq!(outcome, Outcome::Ok);
    assert_eq!(requests.load(Ordering::SeqCst), 40);
    let batches = check_whole_pages(&log, 50, 2_000);
    // The first page goes alone (the writer is idle); the pages read while
    // it is stored go together.
    assert_eq!(batches[0], 50, "{batches:?}");
    assert!(batches.len() < 40, "{batches:?}");
    assert!(batches.iter().any(|&n| n > 50), "{batches:?}");
    assert_eq!(count(&db, "partnerstack_partnerships"), 2_000);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_delay_every_commit_holds_whole_pages_in_order() {
    let (sandbox, _) = list(records(600, 10), 50, None).await;
    // Without a delay the writer mostly keeps up; it may still lag a
    // page behind now and then, so only whole pages are checked.
    let Run {
        outcome, log, db, ..
    } = run(&sandbox, Duration::ZERO, None).await;
    assert_eq!(outcome, Outcome::Ok);
    check_whole_pages(&log, 50, 600);
    assert_eq!(count(&db, "partnerstack_partnerships"), 600);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_stops_growing_at_5000_rows() {
    let (sandbox, _) = list(records(12_000, 10), 250, None).await;
    let Run {
        outcome, log, db, ..
    } = run(&sandbox, Duration::from_secs(1), None).await;
    assert_eq!(outcome, Outcome::Ok);
    let batches = check_whole_pages(&log, 250, 12_000);
    assert_eq!(batches.iter().max(), Some(&5_000), "{batches:?}");
    assert_eq!(count(&db, "partnerstack_partnerships"), 12_000);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_stops_growing_at_2_mib_of_rows() {
    // Records of about 15 KB: 2 MiB is reached at the 3rd page of 50.
    let (sandbox, _) = list(records(1_500, 15_000), 50, None).await;
    let Run {
        outcome, log, db, ..
    } = run(&sandbox, Duration::from_secs(1), None).await;
    assert_eq!(outcome, Outcome::Ok);
    let batches = check_whole_pages(&log, 50, 1_500);
    assert_eq!(batches.iter().max(), Some(&150), "{batches:?}");
    // A batch is handed over at the first page that takes it to 2 MiB.
    for b in &log {
        let before_last: usize = b.memory.iter().rev().skip(50).sum();
        assert!(before_last < 2 << 20, "{before_last}");
    }
    assert!(
        log.iter()
            .any(|b| b.memory.iter().sum::<usize>() >= 2 << 20)
    );
    assert_eq!(count(&db, "partnerstack_partnerships"), 1_500);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_error_stores_the_pages_read_before_it() {
    // 30 good pages of 50, then an empty page that says `has_more`.
    let (sandbox, _) = list(records(2_000, 10), 50, Some(30)).await;
    let Run {
        outcome,
        log,
        mut db,
        ..
    } = run(&sandbox, Duration::from_millis(40), None).await;
    assert!(matches!(outcome, Outcome::Failed(_)), "{outcome:?}");
    // Every page read before the error is stored, in whole pages, and
    // the state says where the run stopped.
    assert!(log.iter().all(|b| !b.completed && b.rows % 50 == 0));
    assert!(log.len() < 30, "{log:?}");
    assert_eq!(log.iter().map(|b| b.rows).sum::<usize>(), 1_500);
    assert_eq!(count(&db, "partnerstack_partnerships"), 1_500);
    let state = db.states().unwrap().pop().unwrap();
    assert_eq!(state.records, 1_500);
    assert!(state.cursor.as_deref().unwrap().contains("part_01500"));
    assert!(state.completed_at.is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_is_written_after_a_failed_commit() {
    let (sandbox, _) = list(records(2_000, 10), 50, None).await;
    let Run {
        outcome,
        log,
        mut db,
        ..
    } = run(&sandbox, Duration::from_millis(40), Some(2)).await;
    assert!(
        matches!(&outcome, Outcome::Failed(e) if e.contains("the disk is full")),
        "{outcome:?}"
    );
    // The second commit failed: no third one was attempted, and the
    // database holds the first commit's rows and state only.
    assert_eq!(log.len(), 2, "{log:?}");
    let first = log[0].rows;
    assert_eq!(count(&db, "partnerstack_partnerships"), first as i64);
    let state = db.states().unwrap().pop().unwrap();
    assert_eq!(state.records, first as u64);
    assert!(state.completed_at.is_none());
}
