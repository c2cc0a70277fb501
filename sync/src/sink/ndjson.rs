//! The NDJSON sink: `ndjson://DIR`.
//!
//! - `DIR/<api>_<resource>.ndjson`: one JSON object per line, the record's
//!   fields in the API's order (each value's JSON text as sent, without the
//!   whitespace outside strings) plus `_synced_at`, last. Lines are appended, so a record read again
//!   (a re-run, the overlap of an incremental run, a page repeated after a
//!   crash) appears again: readers keep the last line per primary key.
//! - `DIR/_affiliate_state.json`: every resource's state. It is replaced
//!   atomically (written to a temporary file, synced, renamed) and only
//!   after the page's rows and quarantined records are flushed and synced,
//!   so the state never points past rows that are not on disk.
//! - `DIR/_affiliate_quarantine.ndjson`: records that failed to decode
//!   (`resource`, `path`, `error`, `raw`, `quarantined_at`).
//! - Rows are never rewritten, so full-refresh deletions are not marked:
//!   [`Sink::mark_deleted`] returns 0.

use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Write as _};
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{PageCommit, PageOutcome, ResourceState, Row, Sink, SinkError};

/// Writes `row` as one line into `out`: its fields in the record's order
/// (a repeated name once, with its last value), each value's compact JSON
/// text, and `_synced_at` (`synced`, JSON text) last, in place of any field
/// of that name.
fn row_line(out: &mut String, row: &Row, synced: &str) {
    out.clear();
    out.push('{');
    let mut seen = std::collections::HashMap::with_capacity(row.len());
    for (i, (k, _)) in row.fields().enumerate() {
        seen.insert(k, i);
    }
    for (i, (k, v)) in row.fields().enumerate() {
        if k == "_synced_at" || seen.get(k) != Some(&i) {
            continue;
        }
        out.push_str(&Value::String(k.to_owned()).to_string());
        out.push(':');
        v.write_compact(out);
        out.push(',');
    }
    out.push_str("\"_synced_at\":");
    out.push_str(synced);
    out.push('}');
}

/// A directory of NDJSON files.
#[derive(Debug)]
pub struct NdjsonSink {
    dir: PathBuf,
    states: BTreeMap<String, ResourceState>,
}

fn err(e: impl std::fmt::Display) -> SinkError {
    SinkError::Backend {
        sink: "ndjson",
        message: e.to_string(),
    }
}

const STATE_FILE: &str = "_affiliate_state.json";
const QUARANTINE_FILE: &str = "_affiliate_quarantine.ndjson";

impl NdjsonSink {
    /// Opens (creating it if needed) the directory `dir`.
    ///
    /// # Errors
    /// [`SinkError::Backend`] when the directory or its state file cannot
    /// be read.
    pub fn open(dir: impl AsRef<Path>) -> Result<Self, SinkError> {
        let dir = dir.as_ref().to_path_buf();
        std::fs::create_dir_all(&dir).map_err(err)?;
        let states = match std::fs::read(dir.join(STATE_FILE)) {
            Ok(bytes) => {
                let list: Vec<ResourceState> = serde_json::from_slice(&bytes).map_err(err)?;
                list.into_iter().map(|s| (s.resource.clone(), s)).collect()
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => BTreeMap::new(),
            Err(e) => return Err(err(e)),
        };
        Ok(NdjsonSink { dir, states })
    }

    /// Opens `ndjson://DIR`.
    ///
    /// # Errors
    /// [`SinkError::InvalidUrl`] without a directory; otherwise as
    /// [`NdjsonSink::open`].
    pub fn from_url(url: &str) -> Result<Self, SinkError> {
        let dir = url.strip_prefix("ndjson://").unwrap_or_default();
        if dir.is_empty() {
            return Err(SinkError::InvalidUrl {
                url: url.to_owned(),
                reason: "expected ndjson://DIR".into(),
            });
        }
        Self::open(dir)
    }

    /// The directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn append(&self, name: &str, lines: impl Iterator<Item = Value>) -> Result<(), SinkError> {
        self.append_lines(
            name,
            lines.map(|v| serde_json::to_vec(&v).unwrap_or_default()),
        )
    }

    fn append_lines(
        &self,
        name: &str,
        lines: impl Iterator<Item = Vec<u8>>,
    ) -> Result<(), SinkError> {
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.dir.join(name))
            .map_err(err)?;
        let mut w = BufWriter::with_capacity(1 << 16, file);
        for line in lines {
            w.write_all(&line).map_err(err)?;
            w.write_all(b"\n").map_err(err)?;
        }
        let file = w.into_inner().map_err(|e| err(e.error()))?;
        file.sync_data().map_err(err)
    }

    fn write_states(&self) -> Result<(), SinkError> {
        let tmp = self.dir.join(format!("{STATE_FILE}.tmp"));
        let list: Vec<&ResourceState> = self.states.values().collect();
        let mut f = File::create(&tmp).map_err(err)?;
        serde_json::to_writer_pretty(&mut f, &list).map_err(err)?;
        f.sync_all().map_err(err)?;
        std::fs::rename(&tmp, self.dir.join(STATE_FILE)).map_err(err)
    }
}

impl Sink for NdjsonSink {
    fn states(&mut self) -> Result<Vec<ResourceState>, SinkError> {
        Ok(self.states.values().cloned().collect())
    }

    fn commit(&mut self, page: &PageCommit) -> Result<PageOutcome, SinkError> {
        if !page.rows.is_empty() {
            let synced = Value::String(page.synced_at.clone()).to_string();
            let mut line = String::new();
            self.append_lines(
                &format!("{}.ndjson", page.table),
                page.rows.iter().map(|r| {
                    row_line(&mut line, r, &synced);
                    line.as_bytes().to_vec()
                }),
            )?;
        }
        if !page.quarantined.is_empty() {
            self.append(
                QUARANTINE_FILE,
                page.quarantined.iter().map(|q| {
                    serde_json::json!({
                        "resource": page.resource,
                        "path": q.path,
                        "error": q.error,
                        "raw": q.raw,
                        "quarantined_at": page.synced_at,
                    })
                }),
            )?;
        }
        self.states
            .insert(page.state.resource.clone(), page.state.clone());
        self.write_states()?;
        Ok(PageOutcome {
            inserted: page.rows.len() as u64,
            ..PageOutcome::default()
        })
    }

    fn mark_deleted(&mut self, _table: &str, _since: &str, _now: &str) -> Result<u64, SinkError> {
        Ok(0)
    }
}
