//! Where synced records go: one [`Sink`] per destination.
//!
//! The engine owns one sink on one writer thread and hands it a
//! [`PageCommit`] per page of a resource. A sink writes the page's rows, its
//! quarantined records and the resource's new [`ResourceState`] in **one
//! transaction**, so a run killed at any point leaves the state at the last
//! page whose rows are stored: the next run resumes from there with no gap and
//! (rows are upserted on their primary key) no duplicate.
//!
//! Sinks are synchronous on purpose: the writer is a dedicated thread, and
//! the database libraries (rusqlite, postgres) are blocking.
//!
//! | Sink | URL | Rows | Nested values | State and quarantine |
//! |---|---|---|---|---|
//! | [`sqlite`] | `sqlite://PATH` | upsert on the primary key | JSON text | tables `_affiliate_state`, `_affiliate_quarantine` |
//! | [`postgres`] | `postgres://...` | upsert on the primary key | `jsonb` | tables `_affiliate_state`, `_affiliate_quarantine` |
//! | [`ndjson`] | `ndjson://DIR` | appended, one file per resource | JSON | files `_affiliate_state.json`, `_affiliate_quarantine.ndjson` |

pub mod ndjson;
pub mod postgres;
mod row;
pub mod sqlite;

pub use row::{FieldValue, Row, find_field};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The SQL type of a column, from the narrowest to the widest.
///
/// A column starts with the type of the first non-null value seen, and is
/// widened (never narrowed, never dropped) when a later value does not fit:
/// see [`ColumnType::widen`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ColumnType {
    /// `true` / `false`.
    Boolean,
    /// A 64-bit signed integer.
    Integer,
    /// A 64-bit float.
    Real,
    /// An RFC 3339 date-time (text that parses as one).
    Timestamp,
    /// Any other string.
    Text,
    /// An object or an array (or values of types that could not be reconciled).
    Json,
}

impl ColumnType {
    /// The type of a top-level value; `None` for `null`, which fits any column.
    pub fn of(value: &Value) -> Option<Self> {
        match value {
            Value::Null => None,
            Value::Bool(_) => Some(Self::Boolean),
            Value::Number(n) if n.is_i64() => Some(Self::Integer),
            Value::Number(_) => Some(Self::Real),
            Value::String(s) if looks_like_timestamp(s) => Some(Self::Timestamp),
            Value::String(_) => Some(Self::Text),
            Value::Array(_) | Value::Object(_) => Some(Self::Json),
        }
    }

    /// The narrowest type that holds values of both `self` and `other`:
    /// integer and real widen to real, timestamp and text to text, anything
    /// else that differs to JSON.
    pub fn widen(self, other: Self) -> Self {
        use ColumnType::*;
        match (self, other) {
            (a, b) if a == b => a,
            (Integer, Real) | (Real, Integer) => Real,
            (Timestamp, Text) | (Text, Timestamp) => Text,
            _ => Json,
        }
    }
}

/// Whether `s` reads as an RFC 3339 date-time (`2024-01-31T12:00:00Z`,
/// with optional fraction and offset).
pub fn looks_like_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 20
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[7] == b'-'
        && (b[10] == b'T' || b[10] == b't' || b[10] == b' ')
        && b[13] == b':'
        && b[16] == b':'
        && (s.ends_with('Z') || s.ends_with('z') || matches!(b[b.len() - 6], b'+' | b'-'))
}

/// What is known about one resource between runs, stored by the sink next to
/// the rows (in SQL sinks, one row of `_affiliate_state` per resource).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ResourceState {
    /// The resource's selector, `<api>.<resource>` (e.g. `dub.partners`).
    pub resource: String,
    /// The high-water mark of the incremental field (as the API writes it),
    /// or `None` before the first complete run.
    pub mark: Option<String>,
    /// Where an interrupted run stopped (a cursor, a page number or a
    /// parent id, engine-defined), or `None` when the last run completed.
    pub cursor: Option<String>,
    /// When the run that wrote this state started (RFC 3339).
    pub run_started_at: Option<String>,
    /// When a run of this resource last completed (RFC 3339).
    pub completed_at: Option<String>,
    /// Records stored in total by the runs so far.
    pub records: u64,
}

/// A record that could not be decoded: kept, never dropped.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Quarantined {
    /// The record as the API sent it.
    pub raw: Value,
    /// Why it was refused.
    pub error: String,
    /// The JSON path of the offending value inside the record (`$.created_at`).
    pub path: String,
}

/// One page of one resource, written atomically by [`Sink::commit`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct PageCommit {
    /// The resource's selector, `<api>.<resource>`.
    pub resource: String,
    /// The table (or file) name: the selector with dots turned into underscores.
    pub table: String,
    /// The primary-key field(s) of a record (top-level names).
    pub primary_key: Vec<String>,
    /// The records of the page, JSON objects as sent (top-level fields
    /// become columns).
    pub rows: Vec<Row>,
    /// The records of the page that failed to decode.
    pub quarantined: Vec<Quarantined>,
    /// The resource's state after this page; stored in the same transaction.
    pub state: ResourceState,
    /// The value of every row's `_synced_at` (RFC 3339).
    pub synced_at: String,
}

/// A column whose type had to be widened to fit a value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Widening {
    /// The table.
    pub table: String,
    /// The column.
    pub column: String,
    /// Its type before.
    pub from: ColumnType,
    /// Its type now.
    pub to: ColumnType,
}

/// What a commit did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PageOutcome {
    /// Rows whose primary key was new.
    pub inserted: u64,
    /// Rows whose primary key existed (updated in place).
    pub updated: u64,
    /// Columns added for fields seen for the first time.
    pub added_columns: Vec<String>,
    /// Columns widened to fit a value.
    pub widened: Vec<Widening>,
}

/// An error of a sink: the destination refused or failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SinkError {
    /// The `--to` URL is not one this sink understands.
    #[error("invalid destination {url}: {reason}")]
    InvalidUrl {
        /// The URL, with any password removed.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The database or file system reported an error.
    #[error("{sink}: {message}")]
    Backend {
        /// Which sink (`sqlite`, `postgres`, `ndjson`).
        sink: &'static str,
        /// What went wrong (never contains a password).
        message: String,
    },
}

/// A destination for synced records. See the [module docs](self).
pub trait Sink: Send {
    /// The state of every resource synced so far.
    ///
    /// # Errors
    /// [`SinkError::Backend`] when the destination can't be read.
    fn states(&mut self) -> Result<Vec<ResourceState>, SinkError>;

    /// Writes one page: creates the table on first use (a `_synced_at`
    /// column, and `_deleted_at` for full-refresh resources), adds and widens
    /// columns as needed, upserts the rows on their primary key, stores the
    /// quarantined records and the new state, all in one transaction.
    ///
    /// # Errors
    /// [`SinkError::Backend`]; nothing of the page is stored then.
    fn commit(&mut self, page: &PageCommit) -> Result<PageOutcome, SinkError>;

    /// After a complete full-refresh run: sets `_deleted_at = now` on the
    /// rows of `table` whose `_synced_at` is older than `run_started_at` and
    /// not yet marked. Never deletes. (A row seen again has its `_deleted_at`
    /// cleared by [`Sink::commit`].)
    /// Returns how many rows were newly marked.
    ///
    /// # Errors
    /// [`SinkError::Backend`].
    fn mark_deleted(
        &mut self,
        table: &str,
        run_started_at: &str,
        now: &str,
    ) -> Result<u64, SinkError>;
}

impl ResourceState {
    /// The state of a resource never synced: no mark, no cursor, no records.
    pub fn new(resource: impl Into<String>) -> Self {
        Self {
            resource: resource.into(),
            ..Self::default()
        }
    }
}

impl Quarantined {
    /// A refused record, why, and where in it.
    pub fn new(raw: Value, error: impl Into<String>, path: impl Into<String>) -> Self {
        Self {
            raw,
            error: error.into(),
            path: path.into(),
        }
    }
}

impl PageCommit {
    /// A page of `rows` of the resource `state.resource`, with no quarantined
    /// records; its table is the selector with dots turned into underscores.
    pub fn new(
        state: ResourceState,
        primary_key: Vec<String>,
        rows: Vec<Map<String, Value>>,
        synced_at: impl Into<String>,
    ) -> Self {
        let rows = rows.iter().map(Row::from_map).collect();
        Self::from_rows(state, primary_key, rows, synced_at)
    }

    /// As [`PageCommit::new`], with records already in [`Row`]s.
    pub fn from_rows(
        state: ResourceState,
        primary_key: Vec<String>,
        rows: Vec<Row>,
        synced_at: impl Into<String>,
    ) -> Self {
        Self {
            resource: state.resource.clone(),
            table: state.resource.replace('.', "_"),
            primary_key,
            rows,
            quarantined: Vec::new(),
            state,
            synced_at: synced_at.into(),
        }
    }
}
