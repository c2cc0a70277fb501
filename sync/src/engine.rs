//! The sync engine: reads every selected resource through the API clients
//! and writes its pages through one writer thread that owns the [`Sink`].
//!
//! Per resource:
//!
//! 1. The stored [`ResourceState`] decides what to ask for. An incremental
//!    resource asks for records changed since its mark minus
//!    [`OVERLAP_MS`]; `--full-refresh` (or no
//!    mark yet) reads everything. A state with a `cursor` is an interrupted
//!    run: it is continued with the same filter and start time (cursor APIs
//!    resume after the last stored record; the others read again from the
//!    start, which repeats rows but never duplicates them).
//! 2. Every record is decoded into the API crate's typed model. One that
//!    does not decode is quarantined (default), skipped, or fails the
//!    resource ([`BadRecordMode`]).
//! 3. Pages are stored in batches: one [`Sink::commit`] holds the rows of
//!    one or more whole pages and the resource's state after the last of
//!    them (the old mark, and a cursor saying how far the run got), in one
//!    transaction. Commits are pipelined: while the writer stores a batch,
//!    the next pages are fetched, checked and gathered, and they are handed
//!    over as soon as the writer has answered for the previous batch. When
//!    the writer keeps up, each page is a batch of its own; when it falls
//!    behind, batches grow, up to 5,000 rows or 2 MiB of rows, so that
//!    each transaction rewrites the table's random-key index pages for
//!    thousands of rows rather than for one page. A resource's pages are
//!    stored in order, nothing is written after a failed commit, at most
//!    one commit per resource is in flight, and at most two batches per
//!    resource are in memory. When a read fails, the pages read whole
//!    before it are stored first.
//! 4. When the whole list has been read, a last commit stores the new mark
//!    (the highest value of the incremental field seen) and clears the
//!    cursor. A full-refresh resource then marks the rows this run did not
//!    see with `_deleted_at`.
//!
//! Any error (an [`Error::Incomplete`](affiliate_common::Error::Incomplete)
//! from a stream, an HTTP error, a sink error) fails that resource only, with
//! its state at the last committed page; the others go on. Resources run
//! concurrently (at most [`SyncOptions::concurrency`] at once), sharing one
//! client, and so one rate limiter, per API.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use futures_util::StreamExt as _;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use serde_json::value::RawValue;
use tokio::sync::{Semaphore, mpsc, oneshot};

use crate::registry::{Clients, FetchArgs, MarkFormat, Mode, OVERLAP_MS, Resource};
use crate::sink::{
    FieldValue, PageCommit, PageOutcome, Quarantined, ResourceState, Row, Sink, SinkError,
    Widening, find_field,
};
use crate::time::{format_rfc3339_millis, now_millis, parse_rfc3339_millis};

/// What to do with a record that fails to decode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum BadRecordMode {
    /// Store it in the quarantine (raw JSON, error, JSON path) and go on.
    #[default]
    Quarantine,
    /// Count it and go on without storing it.
    Skip,
    /// Fail the resource (its state stays at the last committed page).
    Fail,
}

impl std::str::FromStr for BadRecordMode {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "quarantine" => Ok(Self::Quarantine),
            "skip" => Ok(Self::Skip),
            "fail" => Ok(Self::Fail),
            other => Err(format!("unknown mode {other:?} (quarantine, skip or fail)")),
        }
    }
}

/// Receives progress as the sync runs (the CLI draws bars with it).
pub trait Observer: Send + Sync {
    /// A resource started; `total` when the API reports one.
    fn started(&self, _resource: &str) {}
    /// A page of `resource` was stored: records so far, and the total when
    /// known.
    fn progress(&self, _resource: &str, _records: u64, _total: Option<u64>) {}
    /// A resource ended.
    fn finished(&self, _summary: &ResourceSummary) {}
}

/// Options of a run.
#[derive(Clone)]
#[non_exhaustive]
pub struct SyncOptions {
    /// Ignore stored state: read every resource in full.
    pub full_refresh: bool,
    /// What to do with records that fail to decode.
    pub on_bad_record: BadRecordMode,
    /// How many resources sync at once (default 4).
    pub concurrency: usize,
    /// Progress callbacks.
    pub observer: Option<Arc<dyn Observer>>,
}

impl std::fmt::Debug for SyncOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SyncOptions")
            .field("full_refresh", &self.full_refresh)
            .field("on_bad_record", &self.on_bad_record)
            .field("concurrency", &self.concurrency)
            .finish_non_exhaustive()
    }
}

impl Default for SyncOptions {
    fn default() -> Self {
        SyncOptions {
            full_refresh: false,
            on_bad_record: BadRecordMode::Quarantine,
            concurrency: 4,
            observer: None,
        }
    }
}

impl SyncOptions {
    /// Sets [`SyncOptions::full_refresh`].
    pub fn full_refresh(mut self, on: bool) -> Self {
        self.full_refresh = on;
        self
    }
    /// Sets [`SyncOptions::on_bad_record`].
    pub fn on_bad_record(mut self, mode: BadRecordMode) -> Self {
        self.on_bad_record = mode;
        self
    }
    /// Sets [`SyncOptions::concurrency`] (at least 1).
    pub fn concurrency(mut self, n: usize) -> Self {
        self.concurrency = n.max(1);
        self
    }
    /// Sets [`SyncOptions::observer`].
    pub fn observer(mut self, o: Arc<dyn Observer>) -> Self {
        self.observer = Some(o);
        self
    }
}

/// How a resource's run ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "status", content = "reason")]
#[non_exhaustive]
pub enum Outcome {
    /// Every record was read and stored.
    Ok,
    /// The run stopped; the state is at the last committed page.
    Failed(String),
    /// Not run (no credentials for its API).
    Skipped(String),
}

/// What one resource's run did.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct ResourceSummary {
    /// The selector.
    pub resource: String,
    /// How it ended.
    #[serde(flatten)]
    pub outcome: Outcome,
    /// Records read (stored, quarantined or skipped).
    pub records: u64,
    /// Rows inserted.
    pub new: u64,
    /// Rows updated in place.
    pub updated: u64,
    /// Records quarantined.
    pub quarantined: u64,
    /// Records skipped (`--on-bad-record skip`).
    pub skipped: u64,
    /// Rows newly marked deleted (full-refresh resources).
    pub deleted: u64,
    /// Page requests answered (parents' pages included; retries not counted).
    pub requests: u64,
    /// Wall time, seconds.
    pub seconds: f64,
    /// Whether this run was the continuation of an interrupted one.
    pub resumed: bool,
    /// Columns added.
    pub added_columns: Vec<String>,
    /// Columns widened.
    pub widened: Vec<Widening>,
}

impl ResourceSummary {
    fn new(resource: &str) -> Self {
        ResourceSummary {
            resource: resource.to_owned(),
            outcome: Outcome::Ok,
            records: 0,
            new: 0,
            updated: 0,
            quarantined: 0,
            skipped: 0,
            deleted: 0,
            requests: 0,
            seconds: 0.0,
            resumed: false,
            added_columns: Vec::new(),
            widened: Vec::new(),
        }
    }
}

/// What a run did, per resource (in registry order).
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct SyncSummary {
    /// One entry per selected resource.
    pub resources: Vec<ResourceSummary>,
}

impl SyncSummary {
    /// Whether any resource failed.
    pub fn any_failed(&self) -> bool {
        self.resources
            .iter()
            .any(|r| matches!(r.outcome, Outcome::Failed(_)))
    }
    /// Records quarantined in total.
    pub fn quarantined(&self) -> u64 {
        self.resources.iter().map(|r| r.quarantined).sum()
    }
    /// The summary of `resource`.
    pub fn get(&self, resource: &str) -> Option<&ResourceSummary> {
        self.resources.iter().find(|r| r.resource == resource)
    }
}

/// An error of the run as a whole (one resource's errors are in its
/// [`ResourceSummary`] instead).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SyncError {
    /// The sink failed outside a resource (reading the states).
    #[error(transparent)]
    Sink(#[from] SinkError),
    /// The writer thread stopped.
    #[error("the writer thread stopped: {0}")]
    Writer(String),
}

/// How far an interrupted run got, stored in [`ResourceState::cursor`].
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Progress {
    /// The filter start of the run (Unix ms), kept so the continuation asks
    /// for the same records.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    since_ms: Option<i64>,
    /// The run's end of read (Unix ms).
    until_ms: i64,
    /// The highest incremental value seen so far (raw, as the API wrote it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max: Option<Value>,
    /// The parent being read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    parent: Option<String>,
    /// The resume key of the last stored record (cursor APIs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    after: Option<String>,
}

/// The writer's answer to a commit, with the page handed back: its rows
/// are freed on the resource's task, which allocated them, and not on the
/// writer thread (the allocator frees memory fastest on the thread that
/// allocated it, and the writer's time is the sync's bottleneck).
type Stored = (Result<PageOutcome, SinkError>, Box<PageCommit>);

enum Msg {
    States(oneshot::Sender<Result<Vec<ResourceState>, SinkError>>),
    Commit(Box<PageCommit>, oneshot::Sender<Stored>),
    MarkDeleted {
        table: String,
        since: String,
        now: String,
        reply: oneshot::Sender<Result<u64, SinkError>>,
    },
}

/// The handle to the writer thread.
#[derive(Clone)]
struct Writer(mpsc::Sender<Msg>);

impl Writer {
    fn spawn(mut sink: Box<dyn Sink>) -> (Writer, std::thread::JoinHandle<Box<dyn Sink>>) {
        let (tx, mut rx) = mpsc::channel::<Msg>(8);
        let handle = std::thread::Builder::new()
            .name("affiliate-sync-writer".into())
            .spawn(move || {
                while let Some(msg) = rx.blocking_recv() {
                    match msg {
                        Msg::States(reply) => {
                            let _ = reply.send(sink.states());
                        }
                        Msg::Commit(page, reply) => {
                            let outcome = sink.commit(&page);
                            let _ = reply.send((outcome, page));
                        }
                        Msg::MarkDeleted {
                            table,
                            since,
                            now,
                            reply,
                        } => {
                            let _ = reply.send(sink.mark_deleted(&table, &since, &now));
                        }
                    }
                }
                sink
            })
            .expect("spawn the writer thread");
        (Writer(tx), handle)
    }

    async fn call<T>(&self, make: impl FnOnce(oneshot::Sender<T>) -> Msg) -> Result<T, String> {
        let (tx, rx) = oneshot::channel();
        self.0
            .send(make(tx))
            .await
            .map_err(|_| "the writer thread stopped".to_owned())?;
        rx.await.map_err(|_| "the writer thread stopped".to_owned())
    }
}

/// Syncs `resources` into `sink`, and hands the sink back.
///
/// # Errors
/// [`SyncError`] only when the sink's states cannot be read or the writer
/// thread dies; a resource's failure is reported in the summary.
pub async fn sync(
    clients: &Clients,
    resources: &[&'static Resource],
    sink: Box<dyn Sink>,
    options: &SyncOptions,
) -> Result<(SyncSummary, Box<dyn Sink>), SyncError> {
    let (writer, handle) = Writer::spawn(sink);
    let states = writer
        .call(Msg::States)
        .await
        .map_err(SyncError::Writer)??;
    let states: HashMap<String, ResourceState> = states
        .into_iter()
        .map(|s| (s.resource.clone(), s))
        .collect();
    let states = Arc::new(states);
    let permits = Arc::new(Semaphore::new(options.concurrency.max(1)));
    let mut tasks = Vec::new();
    for &res in resources {
        let clients = clients.clone();
        let writer = writer.clone();
        let states = states.clone();
        let permits = permits.clone();
        let options = options.clone();
        tasks.push(tokio::spawn(async move {
            let _permit = permits.acquire_owned().await;
            let state = states.get(res.selector).cloned();
            run_resource(&clients, res, state, &writer, &options).await
        }));
    }
    let mut summary = SyncSummary {
        resources: Vec::new(),
    };
    for (t, res) in tasks.into_iter().zip(resources) {
        let s = match t.await {
            Ok(s) => s,
            Err(e) => {
                let mut s = ResourceSummary::new(res.selector);
                s.outcome = Outcome::Failed(format!("the resource's task ended: {e}"));
                s
            }
        };
        summary.resources.push(s);
    }
    drop(writer);
    let sink = tokio::task::spawn_blocking(move || handle.join())
        .await
        .map_err(|e| SyncError::Writer(e.to_string()))?
        .map_err(|_| SyncError::Writer("the writer thread panicked".into()))?;
    Ok((summary, sink))
}

async fn run_resource(
    clients: &Clients,
    res: &'static Resource,
    state: Option<ResourceState>,
    writer: &Writer,
    options: &SyncOptions,
) -> ResourceSummary {
    let started = Instant::now();
    let mut summary = ResourceSummary::new(res.selector);
    if let Err(why) = clients.serves(res) {
        summary.outcome = Outcome::Skipped(why);
        if let Some(o) = &options.observer {
            o.finished(&summary);
        }
        return summary;
    }
    if let Some(o) = &options.observer {
        o.started(res.selector);
    }
    if let Err(e) = sync_one(clients, res, state, writer, options, &mut summary).await {
        summary.outcome = Outcome::Failed(e);
    }
    summary.seconds = started.elapsed().as_secs_f64();
    if let Some(o) = &options.observer {
        o.finished(&summary);
    }
    summary
}

fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// [`value_text`] of a raw field's value.
fn field_text(v: FieldValue<'_>) -> String {
    match v.as_str() {
        Some(s) => s.into_owned(),
        None => v.to_value().to_string(),
    }
}

/// The mark of a raw field's value, in Unix milliseconds: as
/// [`MarkFormat::millis`] of the parsed value, without parsing it.
fn raw_millis(format: MarkFormat, v: FieldValue<'_>) -> Option<i64> {
    match format {
        MarkFormat::EpochMillis => match v.as_str() {
            Some(s) => s.trim().parse().ok(),
            None => v.as_i64(),
        },
        _ => format.millis(&v.to_value()),
    }
}

/// A record parsed as a `Value` (for the quarantine, which stores it so).
fn parsed(raw: &RawValue) -> Value {
    serde_json::from_str(raw.get()).unwrap_or(Value::Null)
}

/// Lists the ids of `parent`'s records (field `field`), in API order.
async fn parent_ids(
    clients: &Clients,
    parent: &Resource,
    field: &str,
    until_ms: i64,
    summary: &mut ResourceSummary,
) -> Result<Vec<String>, String> {
    let args = FetchArgs {
        until_ms,
        ..FetchArgs::default()
    };
    let mut pages = parent
        .fetch(clients, &args)
        .ok_or_else(|| format!("no client for {}", parent.selector))?;
    let mut ids = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| format!("{}: {e}", parent.selector))?;
        summary.requests += 1;
        ids.extend(
            page.items
                .iter()
                .filter_map(|raw| find_field(raw.get(), field))
                .filter(|v| !v.is_null())
                .map(field_text),
        );
    }
    Ok(ids)
}

async fn sync_one(
    clients: &Clients,
    res: &'static Resource,
    state: Option<ResourceState>,
    writer: &Writer,
    options: &SyncOptions,
    summary: &mut ResourceSummary,
) -> Result<(), String> {
    let now = now_millis();
    let state = if options.full_refresh { None } else { state };
    let prior: Option<Progress> = state
        .as_ref()
        .and_then(|s| s.cursor.as_deref())
        .and_then(|c| serde_json::from_str(c).ok());
    let base_records = state.as_ref().map_or(0, |s| s.records);
    let old_mark = state.as_ref().and_then(|s| s.mark.clone());
    let format = match res.mode {
        Mode::Incremental { format, field, .. } => Some((format, field)),
        Mode::FullRefresh => None,
    };
    let mark_of = |v: &Value| format.and_then(|(f, _)| f.millis(v));
    summary.resumed = prior.is_some();
    let (mut progress, run_started_at) = match prior {
        Some(p) => {
            let started = state
                .as_ref()
                .and_then(|s| s.run_started_at.clone())
                .unwrap_or_else(|| format_rfc3339_millis(now));
            (p, started)
        }
        None => {
            let since_ms = match (format, &old_mark) {
                (Some((f, _)), Some(m)) => {
                    let v = match f {
                        crate::registry::MarkFormat::EpochMillis => m.parse::<i64>().ok(),
                        crate::registry::MarkFormat::Rfc3339 => parse_rfc3339_millis(m),
                    };
                    v.map(|ms| ms - OVERLAP_MS)
                }
                _ => None,
            };
            (
                Progress {
                    since_ms,
                    until_ms: now,
                    ..Progress::default()
                },
                format_rfc3339_millis(now),
            )
        }
    };

    let parents: Vec<Option<String>> = match res.parent {
        None => vec![None],
        Some((parent, field)) => {
            let p =
                crate::registry::find(parent).ok_or_else(|| format!("unknown parent {parent}"))?;
            let ids = parent_ids(clients, p, field, progress.until_ms, summary).await?;
            let skip = progress
                .parent
                .as_ref()
                .and_then(|cur| ids.iter().position(|i| i == cur))
                .unwrap_or(0);
            ids.into_iter().skip(skip).map(Some).collect()
        }
    };

    let mut stored = base_records;
    let mut in_flight = InFlight {
        selector: res.selector,
        pending: None,
        failed: false,
    };
    let mut batch = Batch::default();
    // `progress.max` in milliseconds, so that each record's value is
    // compared without parsing the highest one again.
    let mut max_ms = progress.max.as_ref().and_then(mark_of);
    let read: Result<(), String> = async {
        for parent in parents {
            let same_parent = parent == progress.parent;
            let args = FetchArgs {
                since_ms: progress.since_ms,
                until_ms: progress.until_ms,
                parent: parent.clone(),
                resume_after: if same_parent {
                    progress.after.clone()
                } else {
                    None
                },
            };
            if !same_parent {
                progress.after = None;
            }
            progress.parent = parent;
            let mut pages = res
                .fetch(clients, &args)
                .ok_or_else(|| format!("no client for {}", res.api.name()))?;
            while let Some(page) = pages.next().await {
                let page = page.map_err(|e| e.to_string())?;
                summary.requests += 1;
                let total = page.total_items;
                let mut rows: Vec<Row> = Vec::with_capacity(page.items.len());
                let mut quarantined = Vec::new();
                // An interrupted run resumes after the page's last record
                // that has a resume key (decoded or not).
                if let Some(key) = res.resume_key.and_then(|k| {
                    page.items
                        .iter()
                        .rev()
                        .find_map(|item| find_field(item.get(), k).filter(|v| !v.is_null()))
                }) {
                    progress.after = Some(field_text(key));
                }
                for item in page.items {
                    summary.records += 1;
                    match admit(res, item) {
                        Ok(row) => {
                            if let Some((f, field)) = format
                                && let Some(v) = row.get(field)
                                && let Some(ms) = raw_millis(f, v)
                                && max_ms.is_none_or(|cur| ms > cur)
                            {
                                progress.max = Some(v.to_value());
                                max_ms = Some(ms);
                            }
                            rows.push(row);
                        }
                        Err(bad) => match options.on_bad_record {
                            BadRecordMode::Quarantine => {
                                summary.quarantined += 1;
                                quarantined.push(Quarantined {
                                    raw: bad.raw.map_or(Value::Null, |r| parsed(&r)),
                                    error: bad.error,
                                    path: bad.path,
                                });
                            }
                            BadRecordMode::Skip => summary.skipped += 1,
                            BadRecordMode::Fail => {
                                return Err(format!(
                                    "a record failed to decode at {}: {}",
                                    bad.path, bad.error
                                ));
                            }
                        },
                    }
                }
                stored += rows.len() as u64;
                let state = ResourceState {
                    resource: res.selector.to_owned(),
                    mark: old_mark.clone(),
                    cursor: Some(serde_json::to_string(&progress).map_err(|e| e.to_string())?),
                    run_started_at: Some(run_started_at.clone()),
                    completed_at: None,
                    records: stored,
                };
                batch.add(rows, quarantined, state, summary.records, total);
                // The batch is handed over once the writer has answered for
                // the previous one (or it is full): a failed commit stops the
                // resource with its state at the last stored batch, and no
                // later page is written after it.
                if batch.is_full() || in_flight.answered() {
                    in_flight.settle(summary, options).await?;
                    in_flight.send(writer, res, &mut batch).await?;
                }
            }
        }
        in_flight.settle(summary, options).await?;
        in_flight.send(writer, res, &mut batch).await?;
        in_flight.settle(summary, options).await
    }
    .await;
    if let Err(e) = read {
        // Wait for the batch already handed over, so that the summary counts
        // what was stored, then store the pages read whole before the error
        // (unless the writer is what failed: nothing is written after a
        // failed commit). The first error is the one reported.
        if in_flight.settle(summary, options).await.is_ok() && !in_flight.failed {
            let _ = in_flight.send(writer, res, &mut batch).await;
            let _ = in_flight.settle(summary, options).await;
        }
        return Err(e);
    }

    // Complete: the new mark, no cursor.
    let new_mark = match (&progress.max, &old_mark) {
        (Some(max), Some(old)) => {
            let old_ms = format.and_then(|(f, _)| f.millis(&Value::String(old.clone())));
            match (mark_of(max), old_ms) {
                (Some(m), Some(o)) if o > m => Some(old.clone()),
                _ => Some(value_text(max)),
            }
        }
        (Some(max), None) => Some(value_text(max)),
        (None, old) => old.clone(),
    };
    let done = format_rfc3339_millis(now_millis());
    let state = ResourceState {
        resource: res.selector.to_owned(),
        mark: new_mark,
        cursor: None,
        run_started_at: Some(run_started_at.clone()),
        completed_at: Some(done.clone()),
        records: stored,
    };
    commit(writer, res, Vec::new(), Vec::new(), state).await?;
    if res.is_full_refresh() {
        let table = res.table();
        summary.deleted = writer
            .call(|reply| Msg::MarkDeleted {
                table,
                since: run_started_at,
                now: done,
                reply,
            })
            .await?
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// A record refused by [`admit`]: where and why, and the record.
struct Refused {
    path: String,
    error: String,
    /// The record's text (`None` only when it could not be kept).
    raw: Option<Box<RawValue>>,
}

/// Checks a record against the resource's model and its primary key, and
/// turns it into a [`Row`].
fn admit(res: &Resource, item: Box<RawValue>) -> Result<Row, Refused> {
    if let Err(b) = res.check(&item) {
        return Err(Refused {
            path: b.path,
            error: b.error,
            raw: Some(item),
        });
    }
    let missing = |k: &str, raw| Refused {
        path: format!("$.{k}"),
        error: format!("the primary key `{k}` is missing"),
        raw,
    };
    let row = match Row::from_raw(item) {
        Ok(row) => row,
        // Not an object: it has no primary key (nor any column).
        Err(item) => {
            return Err(match res.primary_key.first() {
                Some(k) => missing(k, Some(item)),
                None => Refused {
                    path: "$".to_owned(),
                    error: "the record is not a JSON object".to_owned(),
                    raw: Some(item),
                },
            });
        }
    };
    match res
        .primary_key
        .iter()
        .find(|k| row.get(k).is_none_or(FieldValue::is_null))
    {
        Some(k) => {
            let raw = RawValue::from_string(row.text().to_owned()).ok();
            Err(missing(k, raw))
        }
        None => Ok(row),
    }
}

/// A batch is handed over, even while the writer is busy, once it holds
/// this many rows...
///
/// Each commit rewrites every page of the primary-key index that one of its
/// rows lands on. API keys are random, so a commit of one page of 250 rows
/// rewrites about 250 index pages: most of what SQLite wrote. A commit of
/// 5,000 rows spreads the same index pages over 20 times as many rows. See
/// BENCHMARKS.md for the sizes measured.
const BATCH_ROWS: usize = 5_000;
/// ...or when its rows take this much memory ([`Row::memory`]), whichever
/// comes first: this bounds the memory of a batch (two per resource at
/// most: one being stored, one being gathered) whatever the size of the
/// records, and keeps the sync's peak memory flat (see BENCHMARKS.md).
const BATCH_BYTES: usize = 2 << 20;

/// The pages read since the last hand-over: their rows and quarantined
/// records, and the state after the last of them.
#[derive(Default)]
struct Batch {
    rows: Vec<Row>,
    quarantined: Vec<Quarantined>,
    /// The resource's state after the batch's last page; `None` when the
    /// batch holds no page.
    state: Option<ResourceState>,
    /// Records read up to and including the batch's last page.
    records: u64,
    /// The list's total, when the API reports one.
    total: Option<u64>,
    /// The memory of the rows ([`Row::memory`]).
    bytes: usize,
}

impl Batch {
    /// Whether the batch holds as much as it may.
    fn is_full(&self) -> bool {
        self.rows.len() >= BATCH_ROWS || self.bytes >= BATCH_BYTES
    }

    /// Adds a page, and the state after it.
    fn add(
        &mut self,
        rows: Vec<Row>,
        quarantined: Vec<Quarantined>,
        state: ResourceState,
        records: u64,
        total: Option<u64>,
    ) {
        self.bytes += rows.iter().map(Row::memory).sum::<usize>();
        if self.rows.is_empty() {
            self.rows = rows;
        } else {
            self.rows.extend(rows);
        }
        self.quarantined.extend(quarantined);
        self.state = Some(state);
        self.records = records;
        self.total = total.or(self.total);
    }
}

/// A batch handed to the writer whose answer has not been read yet.
struct Pending {
    reply: oneshot::Receiver<Stored>,
    /// The answer once it has come (`None` inside: the writer stopped).
    answer: Option<Option<Stored>>,
    /// Records read up to and including the batch's last page (for the
    /// observer).
    records: u64,
    /// The list's total, when the API reports one.
    total: Option<u64>,
}

/// The commit in flight of one resource (at most one).
struct InFlight {
    selector: &'static str,
    pending: Option<Pending>,
    /// Whether a commit failed (or the writer stopped): nothing more may
    /// be handed over then.
    failed: bool,
}

impl InFlight {
    /// Whether the writer has answered for the commit in flight (or there
    /// is none), without waiting.
    fn answered(&mut self) -> bool {
        let Some(p) = &mut self.pending else {
            return true;
        };
        if p.answer.is_none() {
            match p.reply.try_recv() {
                Ok(stored) => p.answer = Some(Some(stored)),
                Err(oneshot::error::TryRecvError::Empty) => return false,
                Err(oneshot::error::TryRecvError::Closed) => p.answer = Some(None),
            }
        }
        true
    }

    /// Hands `batch` to the writer (when it holds a page) without waiting
    /// for it to be stored; the commit in flight must have been settled.
    async fn send(
        &mut self,
        writer: &Writer,
        res: &Resource,
        batch: &mut Batch,
    ) -> Result<(), String> {
        if self.failed {
            return Err("a previous commit failed".to_owned());
        }
        let Some(state) = batch.state.take() else {
            return Ok(());
        };
        let rows = std::mem::take(&mut batch.rows);
        let quarantined = std::mem::take(&mut batch.quarantined);
        batch.bytes = 0;
        let reply = send_commit(writer, res, rows, quarantined, state)
            .await
            .inspect_err(|_| self.failed = true)?;
        self.pending = Some(Pending {
            reply,
            answer: None,
            records: batch.records,
            total: batch.total,
        });
        Ok(())
    }

    /// Waits for the commit in flight, if any, and adds its outcome to
    /// `summary`.
    async fn settle(
        &mut self,
        summary: &mut ResourceSummary,
        options: &SyncOptions,
    ) -> Result<(), String> {
        let Some(p) = self.pending.take() else {
            return Ok(());
        };
        let answer = match p.answer {
            Some(a) => a,
            None => p.reply.await.ok(),
        };
        let outcome = match answer {
            Some((Ok(outcome), page)) => {
                drop(page);
                outcome
            }
            Some((Err(e), _)) => {
                self.failed = true;
                return Err(e.to_string());
            }
            None => {
                self.failed = true;
                return Err("the writer thread stopped".to_owned());
            }
        };
        summary.new += outcome.inserted;
        summary.updated += outcome.updated;
        summary.added_columns.extend(outcome.added_columns);
        summary.widened.extend(outcome.widened);
        if let Some(o) = &options.observer {
            o.progress(self.selector, p.records, p.total);
        }
        Ok(())
    }
}

fn page_commit(
    res: &Resource,
    rows: Vec<Row>,
    quarantined: Vec<Quarantined>,
    state: ResourceState,
) -> PageCommit {
    PageCommit {
        resource: res.selector.to_owned(),
        table: res.table(),
        primary_key: res.primary_key.iter().map(|s| (*s).to_owned()).collect(),
        rows,
        quarantined,
        state,
        synced_at: format_rfc3339_millis(now_millis()),
    }
}

/// Hands a page to the writer without waiting for it to be stored; the
/// answer comes on the returned receiver.
async fn send_commit(
    writer: &Writer,
    res: &Resource,
    rows: Vec<Row>,
    quarantined: Vec<Quarantined>,
    state: ResourceState,
) -> Result<oneshot::Receiver<Stored>, String> {
    let page = page_commit(res, rows, quarantined, state);
    let (tx, rx) = oneshot::channel();
    writer
        .0
        .send(Msg::Commit(Box::new(page), tx))
        .await
        .map_err(|_| "the writer thread stopped".to_owned())?;
    Ok(rx)
}

async fn commit(
    writer: &Writer,
    res: &Resource,
    rows: Vec<Row>,
    quarantined: Vec<Quarantined>,
    state: ResourceState,
) -> Result<PageOutcome, String> {
    let reply = send_commit(writer, res, rows, quarantined, state).await?;
    let (outcome, _page) = reply
        .await
        .map_err(|_| "the writer thread stopped".to_owned())?;
    outcome.map_err(|e| e.to_string())
}
