//! The SQLite sink: `sqlite://PATH` (SQLite is bundled; WAL journal).
//!
//! - One table per resource, `<api>_<resource>`, with a column per top-level
//!   field, `_synced_at` and `_deleted_at`, and the primary key.
//! - A column's declared type is the type of the first non-null value seen
//!   (`INTEGER`, `REAL`, `BOOLEAN`, `TIMESTAMP TEXT`, `TEXT`, `JSON TEXT`;
//!   the last two words give text affinity, so SQLite never turns a string
//!   such as `"42"` into a number). SQLite
//!   stores any value in any column, so a later value that does not fit
//!   widens the column's *recorded* type in `_affiliate_columns` (never
//!   narrowed, never dropped) and is reported in [`PageOutcome::widened`].
//! - Objects and arrays are stored as JSON text; booleans as 0/1;
//!   timestamps as the RFC 3339 text the API sent.
//! - `_affiliate_state` holds one [`ResourceState`] per resource and
//!   `_affiliate_quarantine` the records that failed to decode; both are
//!   written in the page's transaction.

use std::collections::HashMap;
use std::path::Path;

use std::borrow::Cow;

use rusqlite::types::Null;
use rusqlite::{Connection, OptionalExtension as _, Statement, params};
use serde_json::Value;

use super::{
    ColumnType, FieldValue, PageCommit, PageOutcome, ResourceState, Row, Sink, SinkError, Widening,
};

/// A SQLite database file.
#[derive(Debug)]
pub struct SqliteSink {
    conn: Connection,
    /// Per table: column name -> recorded type (in table order).
    tables: HashMap<String, Vec<(String, Option<ColumnType>)>>,
}

fn err(e: impl std::fmt::Display) -> SinkError {
    SinkError::Backend {
        sink: "sqlite",
        message: e.to_string(),
    }
}

/// Quotes an identifier for SQL.
pub(crate) fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn decl(t: Option<ColumnType>) -> &'static str {
    match t {
        Some(ColumnType::Boolean) => "BOOLEAN",
        Some(ColumnType::Integer) => "INTEGER",
        Some(ColumnType::Real) => "REAL",
        Some(ColumnType::Timestamp) => "TIMESTAMP TEXT",
        Some(ColumnType::Text) => "TEXT",
        Some(ColumnType::Json) => "JSON TEXT",
        None => "",
    }
}

fn type_name(t: Option<ColumnType>) -> Option<String> {
    t.map(|t| {
        serde_json::to_value(t)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    })
}

fn parse_type(s: Option<String>) -> Option<ColumnType> {
    s.and_then(|s| serde_json::from_value(Value::String(s)).ok())
}

/// Marks a field of a page whose name a later field of the same record
/// repeats: the last one is stored, as a parsed object would keep it.
const REPEATED: u32 = u32::MAX;

/// Binds each column's value of a row (`vals`, in column order: ?1..?N)
/// and `synced_at` (?N+1) to `st`. Strings are bound borrowed (SQLite
/// copies bound text); an object or array is bound as its compact JSON
/// text, written into `buf` (one buffer reused for every value) when it had
/// whitespace to remove.
fn bind_row(
    st: &mut Statement<'_>,
    vals: &[Option<FieldValue<'_>>],
    synced_at: &str,
    buf: &mut String,
) -> rusqlite::Result<()> {
    for (i, v) in vals.iter().enumerate() {
        let at = i + 1;
        let Some(v) = *v else {
            st.raw_bind_parameter(at, Null)?;
            continue;
        };
        match v.text().as_bytes().first() {
            None | Some(b'n') => st.raw_bind_parameter(at, Null)?,
            Some(b't') => st.raw_bind_parameter(at, 1_i64)?,
            Some(b'f') => st.raw_bind_parameter(at, 0_i64)?,
            Some(b'"') => match v.as_str() {
                Some(Cow::Borrowed(s)) => st.raw_bind_parameter(at, s)?,
                Some(Cow::Owned(s)) => st.raw_bind_parameter(at, s)?,
                None => st.raw_bind_parameter(at, Null)?,
            },
            Some(b'{' | b'[') => st.raw_bind_parameter(at, v.compact(buf))?,
            Some(_) => match v.as_i64() {
                Some(n) => st.raw_bind_parameter(at, n)?,
                None => match v.number() {
                    Some(n) => match n.as_f64() {
                        Some(f) => st.raw_bind_parameter(at, f)?,
                        None => st.raw_bind_parameter(at, n.to_string())?,
                    },
                    None => st.raw_bind_parameter(at, v.text())?,
                },
            },
        }
    }
    st.raw_bind_parameter(vals.len() + 1, synced_at)
}

const META: &str = "
CREATE TABLE IF NOT EXISTS _affiliate_state (
    resource TEXT PRIMARY KEY,
    mark TEXT,
    cursor TEXT,
    run_started_at TEXT,
    completed_at TEXT,
    records INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS _affiliate_quarantine (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    resource TEXT NOT NULL,
    path TEXT NOT NULL,
    error TEXT NOT NULL,
    raw TEXT NOT NULL,
    quarantined_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS _affiliate_columns (
    table_name TEXT NOT NULL,
    column_name TEXT NOT NULL,
    type TEXT,
    widened_from TEXT,
    position INTEGER NOT NULL,
    PRIMARY KEY (table_name, column_name)
);
";

impl SqliteSink {
    /// Opens (or creates) the database at `path`, in WAL mode.
    ///
    /// # Errors
    /// [`SinkError::Backend`] when the file cannot be opened or set up.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, SinkError> {
        let conn = Connection::open(path).map_err(err)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(err)?;
        // In WAL mode, `synchronous = NORMAL` does not sync the log at each
        // commit, only at checkpoints. A committed transaction is in the
        // log file (written, in the OS's cache) when the commit returns, so
        // it survives the process being killed (even with SIGKILL) and is
        // read back by the next run; only a crash of the OS or a power loss
        // may lose the last commits, and even then the database stays
        // consistent (the engine then re-reads those pages). Each page's
        // rows and state are in one transaction, so a resumed run never
        // sees rows without their state or the reverse.
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(err)?;
        // A 4 MiB page cache (negative: KiB; the default is 2 MiB) keeps
        // more of the primary-key indexes of large tables in memory. It
        // bounds the sink's memory whatever the table's size; larger caches
        // were not measurably faster in the bench and make peak RSS grow
        // with the table until they are full.
        conn.pragma_update(None, "cache_size", -4_096)
            .map_err(err)?;
        conn.pragma_update(None, "temp_store", "MEMORY")
            .map_err(err)?;
        // Checkpoint (copy the log into the database, and sync) every
        // 8,192 pages (32 MiB of log with 4 KiB pages) rather than every
        // 1,000: fewer, larger checkpoints.
        conn.pragma_update(None, "wal_autocheckpoint", 8_192)
            .map_err(err)?;
        conn.busy_timeout(std::time::Duration::from_secs(30))
            .map_err(err)?;
        conn.execute_batch(META).map_err(err)?;
        conn.set_prepared_statement_cache_capacity(64);
        Ok(SqliteSink {
            conn,
            tables: HashMap::new(),
        })
    }

    /// Opens `sqlite://PATH` (also `sqlite:PATH`).
    ///
    /// # Errors
    /// [`SinkError::InvalidUrl`] when the URL names no file;
    /// [`SinkError::Backend`] as for [`SqliteSink::open`].
    pub fn from_url(url: &str) -> Result<Self, SinkError> {
        let path = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
            .unwrap_or_default();
        if path.is_empty() {
            return Err(SinkError::InvalidUrl {
                url: url.to_owned(),
                reason: "expected sqlite://PATH".into(),
            });
        }
        Self::open(path)
    }

    /// The connection, for reading what was stored.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    fn load_columns(&mut self, table: &str) -> Result<(), SinkError> {
        if self.tables.contains_key(table) {
            return Ok(());
        }
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT column_name, type FROM _affiliate_columns WHERE table_name = ?1 ORDER BY position",
            )
            .map_err(err)?;
        let cols = st
            .query_map([table], |r| {
                Ok((r.get::<_, String>(0)?, parse_type(r.get(1)?)))
            })
            .map_err(err)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(err)?;
        drop(st);
        self.tables.insert(table.to_owned(), cols);
        Ok(())
    }
}

impl Sink for SqliteSink {
    fn states(&mut self) -> Result<Vec<ResourceState>, SinkError> {
        let mut st = self
            .conn
            .prepare(
                "SELECT resource, mark, cursor, run_started_at, completed_at, records FROM _affiliate_state ORDER BY resource",
            )
            .map_err(err)?;
        st.query_map([], |r| {
            Ok(ResourceState {
                resource: r.get(0)?,
                mark: r.get(1)?,
                cursor: r.get(2)?,
                run_started_at: r.get(3)?,
                completed_at: r.get(4)?,
                records: r.get::<_, i64>(5)? as u64,
            })
        })
        .map_err(err)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(err)
    }

    fn commit(&mut self, page: &PageCommit) -> Result<PageOutcome, SinkError> {
        self.load_columns(&page.table)?;
        let mut outcome = PageOutcome::default();
        let table = page.table.clone();
        let known = self.tables.get(&table).cloned().unwrap_or_default();
        let mut cols = known.clone();

        // The page's columns and their widened types.
        let mut position: HashMap<String, usize> = cols
            .iter()
            .enumerate()
            .map(|(i, (c, _))| (c.clone(), i))
            .collect();
        // Per field of the page (its rows' fields one after another): its
        // column, or REPEATED when a later field of the same row has the
        // same name. Per column: the row that last set it (1-based), and
        // that field's place in `slots`.
        let mut slots: Vec<u32> = Vec::with_capacity(page.rows.iter().map(Row::len).sum());
        let mut set_by: Vec<(usize, usize)> = vec![(0, 0); cols.len()];
        for (r, row) in page.rows.iter().enumerate() {
            let stamp = r + 1;
            let first = slots.len();
            // Records of a list mostly have the same fields in the same
            // order: try the column after the last one found before hashing.
            let mut next = 0;
            for (k, _) in row.fields() {
                let i = if cols.get(next).is_some_and(|(c, _)| c == k) {
                    next
                } else if let Some(&i) = position.get(k) {
                    i
                } else {
                    position.insert(k.to_owned(), cols.len());
                    cols.push((k.to_owned(), None));
                    set_by.push((0, 0));
                    cols.len() - 1
                };
                next = i + 1;
                if set_by[i].0 == stamp {
                    slots[set_by[i].1] = REPEATED;
                }
                set_by[i] = (stamp, slots.len());
                slots.push(u32::try_from(i).map_err(err)?);
            }
            for ((_, v), &i) in row.fields().zip(&slots[first..]) {
                if i == REPEATED {
                    continue;
                }
                if let Some(t) = v.column_type() {
                    let cur = &mut cols[i as usize].1;
                    *cur = Some(cur.map_or(t, |c| c.widen(t)));
                }
            }
        }
        for pk in &page.primary_key {
            if !cols.iter().any(|(c, _)| c == pk) {
                cols.push((pk.clone(), None));
            }
        }

        let tx = self.conn.transaction().map_err(err)?;
        let is_new_table = known.is_empty();
        if is_new_table {
            let mut defs: Vec<String> = cols
                .iter()
                .map(|(c, t)| format!("{} {}", ident(c), decl(*t)))
                .collect();
            defs.push("\"_synced_at\" TEXT".into());
            defs.push("\"_deleted_at\" TEXT".into());
            let pk: Vec<String> = page.primary_key.iter().map(|k| ident(k)).collect();
            defs.push(format!("PRIMARY KEY ({})", pk.join(", ")));
            tx.execute_batch(&format!(
                "CREATE TABLE IF NOT EXISTS {} ({})",
                ident(&table),
                defs.join(", ")
            ))
            .map_err(err)?;
        }
        for (i, (c, t)) in cols.iter().enumerate() {
            let before = known.iter().find(|(k, _)| k == c).map(|(_, t)| *t);
            match before {
                None => {
                    if !is_new_table {
                        tx.execute_batch(&format!(
                            "ALTER TABLE {} ADD COLUMN {} {}",
                            ident(&table),
                            ident(c),
                            decl(*t)
                        ))
                        .map_err(err)?;
                        outcome.added_columns.push(c.clone());
                    }
                    tx.execute(
                        "INSERT INTO _affiliate_columns (table_name, column_name, type, position) VALUES (?1, ?2, ?3, ?4)",
                        params![table, c, type_name(*t), i as i64],
                    )
                    .map_err(err)?;
                }
                Some(b) if b != *t => {
                    if let (Some(from), Some(to)) = (b, *t) {
                        outcome.widened.push(Widening {
                            table: table.clone(),
                            column: c.clone(),
                            from,
                            to,
                        });
                    }
                    tx.execute(
                        "UPDATE _affiliate_columns SET type = ?3, widened_from = COALESCE(widened_from, ?4) WHERE table_name = ?1 AND column_name = ?2",
                        params![table, c, type_name(*t), type_name(b)],
                    )
                    .map_err(err)?;
                }
                Some(_) => {}
            }
        }

        if !page.rows.is_empty() {
            // Each row is an `INSERT OR IGNORE` (its change count says
            // whether the row is new) and, when a row with its key exists,
            // an `UPDATE` of every column. Both bind the same parameters:
            // ?1..?N the columns in `cols` order, ?N+1 `_synced_at`. The
            // table's only constraint is its primary key, so the insert is
            // ignored for an existing key and for nothing else.
            let names: Vec<String> = cols.iter().map(|(c, _)| ident(c)).collect();
            let marks: Vec<String> = (1..=cols.len() + 1).map(|i| format!("?{i}")).collect();
            let insert = format!(
                "INSERT OR IGNORE INTO {t} ({cols}, \"_synced_at\") VALUES ({marks})",
                t = ident(&table),
                cols = names.join(", "),
                marks = marks.join(", "),
            );
            let sets: Vec<String> = cols
                .iter()
                .enumerate()
                .filter(|(_, (c, _))| !page.primary_key.contains(c))
                .map(|(i, (c, _))| format!("{} = ?{}", ident(c), i + 1))
                .chain([
                    format!("\"_synced_at\" = ?{}", cols.len() + 1),
                    "\"_deleted_at\" = NULL".to_owned(),
                ])
                .collect();
            let keys: Vec<String> = page
                .primary_key
                .iter()
                .map(|k| {
                    let i = position.get(k.as_str()).copied().unwrap_or_default();
                    format!("{} = ?{}", ident(k), i + 1)
                })
                .collect();
            let update = format!(
                "UPDATE {} SET {} WHERE {}",
                ident(&table),
                sets.join(", "),
                keys.join(" AND ")
            );
            let mut ins = tx.prepare_cached(&insert).map_err(err)?;
            let mut upd = tx.prepare_cached(&update).map_err(err)?;
            let mut buf = String::new();
            let mut vals: Vec<Option<FieldValue<'_>>> = Vec::with_capacity(cols.len());
            let mut at = 0;
            for row in &page.rows {
                vals.clear();
                vals.resize(cols.len(), None);
                for ((_, v), &i) in row.fields().zip(&slots[at..at + row.len()]) {
                    if i != REPEATED {
                        vals[i as usize] = Some(v);
                    }
                }
                at += row.len();
                bind_row(&mut ins, &vals, &page.synced_at, &mut buf).map_err(err)?;
                if ins.raw_execute().map_err(err)? == 1 {
                    outcome.inserted += 1;
                } else {
                    bind_row(&mut upd, &vals, &page.synced_at, &mut buf).map_err(err)?;
                    upd.raw_execute().map_err(err)?;
                    outcome.updated += 1;
                }
            }
        }

        if !page.quarantined.is_empty() {
            let mut q = tx
                .prepare_cached(
                    "INSERT INTO _affiliate_quarantine (resource, path, error, raw, quarantined_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                )
                .map_err(err)?;
            for bad in &page.quarantined {
                q.execute(params![
                    page.resource,
                    bad.path,
                    bad.error,
                    bad.raw.to_string(),
                    page.synced_at
                ])
                .map_err(err)?;
            }
        }

        let s = &page.state;
        tx.prepare_cached(
            "INSERT INTO _affiliate_state (resource, mark, cursor, run_started_at, completed_at, records)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (resource) DO UPDATE SET mark = excluded.mark, cursor = excluded.cursor,
               run_started_at = excluded.run_started_at, completed_at = excluded.completed_at,
               records = excluded.records",
        )
        .map_err(err)?
        .execute(params![
            s.resource,
            s.mark,
            s.cursor,
            s.run_started_at,
            s.completed_at,
            s.records as i64
        ])
        .map_err(err)?;
        tx.commit().map_err(err)?;
        self.tables.insert(table, cols);
        Ok(outcome)
    }

    fn mark_deleted(
        &mut self,
        table: &str,
        run_started_at: &str,
        now: &str,
    ) -> Result<u64, SinkError> {
        let exists: Option<i64> = self
            .conn
            .query_row(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1",
                [table],
                |r| r.get(0),
            )
            .optional()
            .map_err(err)?;
        if exists.is_none() {
            return Ok(0);
        }
        let n = self
            .conn
            .execute(
                &format!(
                    "UPDATE {} SET \"_deleted_at\" = ?2 WHERE \"_synced_at\" < ?1 AND \"_deleted_at\" IS NULL",
                    ident(table)
                ),
                params![run_started_at, now],
            )
            .map_err(err)?;
        Ok(n as u64)
    }
}
