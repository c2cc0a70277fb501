//! The PostgreSQL sink: `--to postgres://USER:PASSWORD@HOST:PORT/DATABASE`.
//!
//! One table per resource, named after the resource (`dub_partners`), in the
//! connection's current schema (the first schema of its `search_path`; set it
//! with `?options=-csearch_path%3Dmy_schema` in the URL).
//!
//! | Field value | Column type |
//! |---|---|
//! | integer | `BIGINT` |
//! | other number | `DOUBLE PRECISION` |
//! | `true` / `false` | `BOOLEAN` |
//! | RFC 3339 date-time that PostgreSQL accepts | `TIMESTAMPTZ` |
//! | other string | `TEXT` |
//! | object, array, or values of types that can't be reconciled | `JSONB` |
//!
//! Every table has a `_synced_at TIMESTAMPTZ` column, and `_deleted_at
//! TIMESTAMPTZ` once [`Sink::mark_deleted`] has been called on it (a row seen
//! again has its `_deleted_at` cleared). A field seen for the first time adds
//! a column; a value that does not fit its column widens the column with
//! `ALTER COLUMN ... TYPE ... USING` (integer to double precision, timestamp
//! to text, anything else to `jsonb`) and is reported in
//! [`PageOutcome::widened`]. No column is ever dropped or narrowed. A field
//! that has only been `null` so far gets no column until it has a value.
//!
//! A page is written in one transaction: the schema changes, one
//! `INSERT ... SELECT ... FROM json_to_recordset($1) ON CONFLICT (primary
//! key) DO UPDATE` for all its rows (new and updated rows are told apart with
//! `xmax = 0`), its quarantined records (`_affiliate_quarantine`) and the
//! resource's state (`_affiliate_state`). If any of it fails, none of it is
//! stored.
//!
//! Two things PostgreSQL cannot store are adapted rather than refused: a NUL
//! character inside a string (text and `jsonb` reject it) is stored as
//! U+FFFD, and a field name longer than PostgreSQL's 63-byte identifier limit
//! (or an empty one) gets a column name made of a prefix of it and a hash.
//!
//! The connection is plain TCP or a Unix socket, without TLS: point it at a
//! local server or one reached through a trusted network (a URL asking for
//! `sslmode=require` fails to connect rather than fall back). The sink is
//! blocking, like [the `postgres` crate](postgres) it uses, and is meant to
//! be used on a thread of its own (the engine's writer thread); it may be
//! created and dropped on an async runtime's thread (it connects and
//! disconnects on a short-lived thread of its own then).
//!
//! Passwords never appear in the sink's errors or `Debug` output.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::fmt::Write as _;

use postgres::{Client, NoTls, Transaction};
use serde_json::{Map, Value};

use super::{
    ColumnType, FieldValue, PageCommit, PageOutcome, Quarantined, ResourceState, Sink, SinkError,
    Widening,
};

const SINK: &str = "postgres";

/// PostgreSQL's longest identifier, in bytes (`NAMEDATALEN - 1`).
const MAX_IDENTIFIER: usize = 63;

/// A [`Sink`] writing to a PostgreSQL database. See the [module docs](self).
pub struct PostgresSink {
    /// Always `Some`, except while the sink is dropped.
    client: Option<Client>,
    /// The destination URL without its password, for `Debug` and errors.
    target: String,
    /// The columns of the tables used so far, as stored (read from the
    /// catalog on first use, kept up to date by each committed page).
    tables: HashMap<String, TableSchema>,
}

/// What the sink knows of one table.
#[derive(Debug, Clone, Default)]
struct TableSchema {
    columns: HashMap<String, ColumnType>,
    deleted_at: bool,
}

impl fmt::Debug for PostgresSink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PostgresSink")
            .field("target", &self.target)
            .field("tables", &self.tables.len())
            .finish_non_exhaustive()
    }
}

impl PostgresSink {
    /// Connects to the database of a `postgres://` (or `postgresql://`) URL
    /// and creates the `_affiliate_state` and `_affiliate_quarantine` tables
    /// if they are missing.
    ///
    /// The URL takes the parameters of libpq's connection URIs that the
    /// [`postgres`] crate understands (`?options=-csearch_path%3Dsync` to
    /// write into another schema, `connect_timeout=10`, `host=/run/postgresql`
    /// for a Unix socket, ...).
    ///
    /// # Errors
    /// [`SinkError::InvalidUrl`] when the URL is not a PostgreSQL URL or does
    /// not parse; [`SinkError::Backend`] when the server can't be reached, the
    /// login is refused or the tables can't be created. The password is never
    /// part of the error.
    pub fn connect(url: &str) -> Result<Self, SinkError> {
        let target = redact_url(url);
        if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
            return Err(SinkError::InvalidUrl {
                url: target,
                reason: "expected postgres://USER:PASSWORD@HOST:PORT/DATABASE".into(),
            });
        }
        // The `postgres` crate runs a runtime of its own, which can't start
        // on a thread that runs one already.
        if tokio::runtime::Handle::try_current().is_ok() {
            return std::thread::scope(|s| {
                s.spawn(|| Self::connect_here(url, target))
                    .join()
                    .unwrap_or_else(|_| {
                        Err(SinkError::Backend {
                            sink: SINK,
                            message: "the connecting thread panicked".into(),
                        })
                    })
            });
        }
        Self::connect_here(url, target)
    }

    fn connect_here(url: &str, target: String) -> Result<Self, SinkError> {
        let config: postgres::Config =
            url.parse()
                .map_err(|e: postgres::Error| SinkError::InvalidUrl {
                    url: target.clone(),
                    reason: scrub(&describe(&e), url_password(url).as_deref()),
                })?;
        let password = config
            .get_password()
            .map(|p| String::from_utf8_lossy(p).into_owned());
        let client = config.connect(NoTls).map_err(|e| SinkError::Backend {
            sink: SINK,
            message: format!(
                "connecting to {target}: {}",
                scrub(&describe(&e), password.as_deref())
            ),
        })?;
        let mut sink = Self {
            client: Some(client),
            target,
            tables: HashMap::new(),
        };
        sink.client()
            .batch_execute(
                "SET TIME ZONE 'UTC';
                 CREATE TABLE IF NOT EXISTS _affiliate_state (
                     resource TEXT PRIMARY KEY,
                     mark TEXT,
                     cursor TEXT,
                     run_started_at TEXT,
                     completed_at TEXT,
                     records BIGINT NOT NULL DEFAULT 0,
                     updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
                 );
                 CREATE TABLE IF NOT EXISTS _affiliate_quarantine (
                     id BIGSERIAL PRIMARY KEY,
                     resource TEXT NOT NULL,
                     raw JSONB,
                     error TEXT NOT NULL,
                     path TEXT NOT NULL,
                     quarantined_at TIMESTAMPTZ NOT NULL
                 );",
            )
            .map_err(backend)?;
        Ok(sink)
    }

    fn client(&mut self) -> &mut Client {
        self.client
            .as_mut()
            .expect("the client is only taken when the sink is dropped")
    }

    /// The columns of `table` as stored, from the cache or the catalog
    /// (empty when the table does not exist).
    fn load_schema(&mut self, table: &str) -> Result<TableSchema, SinkError> {
        if let Some(schema) = self.tables.get(table) {
            return Ok(schema.clone());
        }
        let rows = self
            .client()
            .query(
                "SELECT column_name::text, data_type::text FROM information_schema.columns
                 WHERE table_schema = current_schema() AND table_name = $1",
                &[&table],
            )
            .map_err(backend)?;
        let mut schema = TableSchema::default();
        for row in rows {
            let name: String = row.get(0);
            let data_type: String = row.get(1);
            match name.as_str() {
                "_synced_at" => {}
                "_deleted_at" => schema.deleted_at = true,
                _ => {
                    schema.columns.insert(name, column_type_of_sql(&data_type));
                }
            }
        }
        if !schema.columns.is_empty() {
            self.tables.insert(table.to_owned(), schema.clone());
        }
        Ok(schema)
    }

    fn commit_in(
        tx: &mut Transaction<'_>,
        page: &PageCommit,
        schema: &mut TableSchema,
    ) -> Result<PageOutcome, SinkError> {
        let mut outcome = PageOutcome::default();
        if !page.rows.is_empty() {
            let prepared = Prepared::new(page)?;
            let table = quote(&page.table);
            if schema.columns.is_empty() {
                // First page: create the table with the columns that have a value.
                let mut sql = format!("CREATE TABLE {table} (");
                for (name, ty) in &prepared.columns {
                    if let Some(ty) = ty {
                        let _ = write!(sql, "{} {}, ", quote(name), sql_type(*ty));
                        schema.columns.insert(name.clone(), *ty);
                        outcome.added_columns.push(name.clone());
                    }
                }
                let _ = write!(
                    sql,
                    "_synced_at TIMESTAMPTZ NOT NULL, PRIMARY KEY ({}))",
                    prepared
                        .key
                        .iter()
                        .map(|k| quote(k))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                tx.batch_execute(&sql).map_err(backend)?;
            } else {
                for (name, ty) in &prepared.columns {
                    let Some(ty) = *ty else { continue };
                    match schema.columns.get(name).copied() {
                        None => {
                            tx.batch_execute(&format!(
                                "ALTER TABLE {table} ADD COLUMN {} {}",
                                quote(name),
                                sql_type(ty)
                            ))
                            .map_err(backend)?;
                            schema.columns.insert(name.clone(), ty);
                            outcome.added_columns.push(name.clone());
                        }
                        Some(old) if old.widen(ty) != old => {
                            let new = old.widen(ty);
                            let column = quote(name);
                            tx.batch_execute(&format!(
                                "ALTER TABLE {table} ALTER COLUMN {column} TYPE {} USING {}",
                                sql_type(new),
                                widen_expression(&column, new)
                            ))
                            .map_err(backend)?;
                            schema.columns.insert(name.clone(), new);
                            outcome.widened.push(Widening {
                                table: page.table.clone(),
                                column: name.clone(),
                                from: old,
                                to: new,
                            });
                        }
                        Some(_) => {}
                    }
                }
            }
            let (inserted, updated) = upsert(tx, page, &prepared, schema)?;
            outcome.inserted = inserted;
            outcome.updated = updated;
        }
        if !page.quarantined.is_empty() {
            insert_quarantined(tx, &page.resource, &page.quarantined, &page.synced_at)?;
        }
        save_state(tx, &page.state)?;
        Ok(outcome)
    }
}

impl Sink for PostgresSink {
    fn states(&mut self) -> Result<Vec<ResourceState>, SinkError> {
        let rows = self
            .client()
            .query(
                "SELECT resource, mark, cursor, run_started_at, completed_at, records
                 FROM _affiliate_state ORDER BY resource",
                &[],
            )
            .map_err(backend)?;
        Ok(rows
            .into_iter()
            .map(|row| ResourceState {
                resource: row.get(0),
                mark: row.get(1),
                cursor: row.get(2),
                run_started_at: row.get(3),
                completed_at: row.get(4),
                records: u64::try_from(row.get::<_, i64>(5)).unwrap_or(0),
            })
            .collect())
    }

    fn commit(&mut self, page: &PageCommit) -> Result<PageOutcome, SinkError> {
        let mut schema = self.load_schema(&page.table)?;
        let result = (|| {
            let mut tx = self.client().transaction().map_err(backend)?;
            let outcome = Self::commit_in(&mut tx, page, &mut schema)?;
            tx.commit().map_err(backend)?;
            Ok(outcome)
        })();
        match &result {
            Ok(_) if !schema.columns.is_empty() => {
                self.tables.insert(page.table.clone(), schema);
            }
            // The transaction rolled back any schema change: read the
            // catalog again next time.
            _ => {
                self.tables.remove(&page.table);
            }
        }
        result
    }

    fn mark_deleted(
        &mut self,
        table: &str,
        run_started_at: &str,
        now: &str,
    ) -> Result<u64, SinkError> {
        let mut schema = self.load_schema(table)?;
        if schema.columns.is_empty() {
            // Nothing was ever stored for this resource.
            return Ok(0);
        }
        let quoted = quote(table);
        if !schema.deleted_at {
            self.client()
                .batch_execute(&format!(
                    "ALTER TABLE {quoted} ADD COLUMN IF NOT EXISTS _deleted_at TIMESTAMPTZ"
                ))
                .map_err(backend)?;
            schema.deleted_at = true;
            self.tables.insert(table.to_owned(), schema);
        }
        self.client()
            .execute(
                &format!(
                    "UPDATE {quoted} SET _deleted_at = $1::text::timestamptz
                     WHERE _deleted_at IS NULL AND _synced_at < $2::text::timestamptz"
                ),
                &[&now, &run_started_at],
            )
            .map_err(backend)
    }
}

impl Drop for PostgresSink {
    fn drop(&mut self) {
        // Closing the connection runs the `postgres` crate's own runtime,
        // which can't run on an async runtime's thread: close it on another.
        if let Some(client) = self.client.take()
            && tokio::runtime::Handle::try_current().is_ok()
        {
            let _ = std::thread::spawn(move || drop(client)).join();
        }
    }
}

/// A page made ready for SQL: its columns, their types, and its rows as the
/// JSON text given to `json_to_recordset`.
struct Prepared {
    /// Every column of the page, in first-seen order, with the widest type of
    /// its non-null values (`None` when all were null).
    columns: Vec<(String, Option<ColumnType>)>,
    /// The primary-key columns.
    key: Vec<String>,
    /// `[{"column": value, ...}, ...]`, one object per distinct primary key
    /// (the last row wins), keys renamed to column names.
    json: String,
}

impl Prepared {
    fn new(page: &PageCommit) -> Result<Self, SinkError> {
        if page.primary_key.is_empty() {
            return Err(page_error(page, "no primary key"));
        }
        let key: Vec<String> = page.primary_key.iter().map(|k| column_name(k)).collect();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut columns: Vec<(String, Option<ColumnType>)> = Vec::new();
        for k in &key {
            index.insert(k.clone(), columns.len());
            columns.push((k.clone(), None));
        }

        // The last row of each primary key (an API may repeat a record in a
        // page; one statement can't upsert the same key twice).
        let mut last: HashMap<String, usize> = HashMap::with_capacity(page.rows.len());
        for (i, row) in page.rows.iter().enumerate() {
            let mut id = String::new();
            for k in &page.primary_key {
                match row.get(k) {
                    None => {
                        return Err(page_error(
                            page,
                            &format!("row {i} has no value for its primary key `{k}`"),
                        ));
                    }
                    Some(v) if v.is_null() => {
                        return Err(page_error(
                            page,
                            &format!("row {i} has no value for its primary key `{k}`"),
                        ));
                    }
                    Some(v) => {
                        let _ = write!(id, "{}\u{1f}", v.to_value());
                    }
                }
            }
            last.insert(id, i);
        }
        let mut keep: Vec<usize> = last.into_values().collect();
        keep.sort_unstable();

        let mut json = String::with_capacity(page.rows.len() * 256);
        // Per field of a row: its column. Per column: the row (1-based) and
        // field that last set it, so a repeated name is written once, with
        // its last value (as a parsed object keeps it).
        let mut column_of: Vec<usize> = Vec::new();
        let mut set_by: Vec<(usize, usize)> = vec![(0, 0); columns.len()];
        json.push('[');
        for (n, &i) in keep.iter().enumerate() {
            if n > 0 {
                json.push(',');
            }
            let row = &page.rows[i];
            let stamp = n + 1;
            column_of.clear();
            for (f, (field, _)) in row.fields().enumerate() {
                let c = match index.entry(column_name(field)) {
                    Entry::Occupied(e) => *e.get(),
                    Entry::Vacant(e) => {
                        columns.push((e.key().clone(), None));
                        set_by.push((0, 0));
                        *e.insert(columns.len() - 1)
                    }
                };
                set_by[c] = (stamp, f);
                column_of.push(c);
            }
            json.push('{');
            let mut written = 0;
            for (f, (_, value)) in row.fields().enumerate() {
                let c = column_of[f];
                if set_by[c] != (stamp, f) {
                    continue;
                }
                let ty = column_type(value);
                let slot = &mut columns[c].1;
                *slot = match (*slot, ty) {
                    (Some(a), Some(b)) => Some(a.widen(b)),
                    (a, b) => a.or(b),
                };
                write_json_string(&mut json, &columns[c].0, written);
                written += 1;
                json.push(':');
                write_value(&mut json, value);
            }
            json.push('}');
        }
        json.push(']');
        Ok(Self { columns, key, json })
    }
}

/// `"key"` preceded by a comma unless it is the object's first field.
fn write_json_string(out: &mut String, key: &str, position: usize) {
    if position > 0 {
        out.push(',');
    }
    out.push_str(&Value::String(key.to_owned()).to_string());
}

/// A value as compact JSON text, NUL characters replaced by U+FFFD.
fn write_value(out: &mut String, value: FieldValue<'_>) {
    if value.text().contains("\\u0000") {
        out.push_str(&without_nul(&value.to_value()).to_string());
    } else {
        value.write_compact(out);
    }
}

/// `value` with every NUL character of its strings and keys replaced by U+FFFD.
fn without_nul(value: &Value) -> Value {
    let fix = |s: &str| s.replace('\0', "\u{fffd}");
    match value {
        Value::String(s) => Value::String(fix(s)),
        Value::Array(items) => Value::Array(items.iter().map(without_nul).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (fix(k), without_nul(v)))
                .collect::<Map<_, _>>(),
        ),
        other => other.clone(),
    }
}

/// Upserts the prepared rows; returns (inserted, updated).
fn upsert(
    tx: &mut Transaction<'_>,
    page: &PageCommit,
    prepared: &Prepared,
    schema: &TableSchema,
) -> Result<(u64, u64), SinkError> {
    // Columns of the page that the table has (a field that was only ever
    // null has none, and is null by absence).
    let columns: Vec<(&str, ColumnType)> = prepared
        .columns
        .iter()
        .filter_map(|(name, _)| schema.columns.get(name).map(|ty| (name.as_str(), *ty)))
        .collect();
    let names = columns.iter().map(|(n, _)| quote(n)).collect::<Vec<_>>();
    let definitions = columns
        .iter()
        .map(|(n, ty)| format!("{} {}", quote(n), sql_type(*ty)))
        .collect::<Vec<_>>()
        .join(", ");
    let key: HashSet<&str> = prepared.key.iter().map(String::as_str).collect();
    let mut set = columns
        .iter()
        .filter(|(n, _)| !key.contains(n))
        .map(|(n, _)| format!("{0} = EXCLUDED.{0}", quote(n)))
        .collect::<Vec<_>>();
    set.push("_synced_at = EXCLUDED._synced_at".into());
    if schema.deleted_at {
        set.push("_deleted_at = NULL".into());
    }
    let sql = format!(
        "WITH up AS (
             INSERT INTO {table} ({names}, _synced_at)
             SELECT {selected}, $2::text::timestamptz
             FROM json_to_recordset($1::text::json) AS r({definitions})
             ON CONFLICT ({key}) DO UPDATE SET {set}
             RETURNING (xmax = 0) AS inserted
         )
         SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM up",
        table = quote(&page.table),
        names = names.join(", "),
        selected = names
            .iter()
            .map(|n| format!("r.{n}"))
            .collect::<Vec<_>>()
            .join(", "),
        key = prepared
            .key
            .iter()
            .map(|k| quote(k))
            .collect::<Vec<_>>()
            .join(", "),
        set = set.join(", "),
    );
    let row = tx
        .query_one(&sql, &[&prepared.json, &page.synced_at])
        .map_err(backend)?;
    let count = |i: usize| u64::try_from(row.get::<_, i64>(i)).unwrap_or(0);
    Ok((count(0), count(1)))
}

fn insert_quarantined(
    tx: &mut Transaction<'_>,
    resource: &str,
    records: &[Quarantined],
    at: &str,
) -> Result<(), SinkError> {
    let json = Value::Array(
        records
            .iter()
            .map(|q| {
                serde_json::json!({
                    "raw": without_nul(&q.raw),
                    "error": q.error.replace('\0', "\u{fffd}"),
                    "path": q.path.replace('\0', "\u{fffd}"),
                })
            })
            .collect(),
    )
    .to_string();
    tx.execute(
        "INSERT INTO _affiliate_quarantine (resource, raw, error, path, quarantined_at)
         SELECT $1, q.raw, q.error, q.path, $2::text::timestamptz
         FROM json_to_recordset($3::text::json) AS q(raw jsonb, error text, path text)",
        &[&resource, &at, &json],
    )
    .map_err(backend)?;
    Ok(())
}

fn save_state(tx: &mut Transaction<'_>, state: &ResourceState) -> Result<(), SinkError> {
    let records = i64::try_from(state.records).unwrap_or(i64::MAX);
    tx.execute(
        "INSERT INTO _affiliate_state
             (resource, mark, cursor, run_started_at, completed_at, records, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, now())
         ON CONFLICT (resource) DO UPDATE SET
             mark = EXCLUDED.mark, cursor = EXCLUDED.cursor,
             run_started_at = EXCLUDED.run_started_at, completed_at = EXCLUDED.completed_at,
             records = EXCLUDED.records, updated_at = EXCLUDED.updated_at",
        &[
            &state.resource,
            &state.mark,
            &state.cursor,
            &state.run_started_at,
            &state.completed_at,
            &records,
        ],
    )
    .map_err(backend)?;
    Ok(())
}

/// The column type of a value for PostgreSQL: as [`ColumnType::of`], except
/// that a timestamp-looking string PostgreSQL would refuse (`2024-02-30...`)
/// is text.
fn column_type(value: FieldValue<'_>) -> Option<ColumnType> {
    match value.column_type() {
        Some(ColumnType::Timestamp)
            if !value
                .as_str()
                .is_some_and(|s| postgres_accepts_timestamp(&s)) =>
        {
            Some(ColumnType::Text)
        }
        ty => ty,
    }
}

/// Whether `s` (which [`super::looks_like_timestamp`]) is a date-time that
/// PostgreSQL's `timestamptz` input takes: a real calendar date from year 1,
/// a time of day, an optional fraction, and `Z` or an offset within ±15:59.
fn postgres_accepts_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    let num = |from: usize, len: usize| -> Option<u32> {
        let digits = b.get(from..from + len)?;
        digits
            .iter()
            .all(u8::is_ascii_digit)
            .then(|| digits.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
    };
    let (Some(year), Some(month), Some(day), Some(hour), Some(minute), Some(second)) = (
        num(0, 4),
        num(5, 2),
        num(8, 2),
        num(11, 2),
        num(14, 2),
        num(17, 2),
    ) else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    if year == 0 || day == 0 || day > days || hour > 23 || minute > 59 || second > 59 {
        return false;
    }
    // After the seconds: an optional `.digits`, then `Z` or `±HH:MM`.
    let mut rest = &b[19..];
    if let [b'.', tail @ ..] = rest {
        let digits = tail.iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 {
            return false;
        }
        rest = &tail[digits..];
    }
    match rest {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => {
            [h1, h2, m1, m2].iter().all(|c| c.is_ascii_digit())
                && (h1 - b'0') * 10 + (h2 - b'0') <= 15
                && (m1 - b'0') * 10 + (m2 - b'0') <= 59
        }
        _ => false,
    }
}

/// The column name of a field: the field name itself when PostgreSQL can
/// hold it (1 to 63 bytes, no NUL), otherwise a prefix and a hash of it.
fn column_name(field: &str) -> String {
    if !field.is_empty() && field.len() <= MAX_IDENTIFIER && !field.contains('\0') {
        return field.to_owned();
    }
    // FNV-1a: the same name on every build and platform.
    let hash = field.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let hash = format!("{hash:016x}");
    let clean = field.replace('\0', "");
    let mut end = clean.len().min(MAX_IDENTIFIER - hash.len() - 1);
    while !clean.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}_{hash}", &clean[..end])
}

/// A quoted SQL identifier.
fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn sql_type(ty: ColumnType) -> &'static str {
    match ty {
        ColumnType::Boolean => "BOOLEAN",
        ColumnType::Integer => "BIGINT",
        ColumnType::Real => "DOUBLE PRECISION",
        ColumnType::Timestamp => "TIMESTAMPTZ",
        ColumnType::Text => "TEXT",
        ColumnType::Json => "JSONB",
    }
}

/// The `USING` expression converting a column's values to the wider type `to`.
/// Timestamps become RFC 3339 text (`2024-01-31T12:00:00+00:00`).
fn widen_expression(column: &str, to: ColumnType) -> String {
    match to {
        ColumnType::Real => format!("{column}::double precision"),
        ColumnType::Text => format!("to_jsonb({column}) #>> '{{}}'"),
        _ => format!("to_jsonb({column})"),
    }
}

/// The [`ColumnType`] of a column as the catalog names its type.
fn column_type_of_sql(data_type: &str) -> ColumnType {
    match data_type {
        "boolean" => ColumnType::Boolean,
        "bigint" | "integer" | "smallint" => ColumnType::Integer,
        "double precision" | "real" | "numeric" => ColumnType::Real,
        "timestamp with time zone" | "timestamp without time zone" => ColumnType::Timestamp,
        "text" | "character varying" | "character" => ColumnType::Text,
        _ => ColumnType::Json,
    }
}

fn page_error(page: &PageCommit, what: &str) -> SinkError {
    SinkError::Backend {
        sink: SINK,
        message: format!("{}: page of {}: {what}", page.table, page.resource),
    }
}

fn backend(e: postgres::Error) -> SinkError {
    SinkError::Backend {
        sink: SINK,
        message: describe(&e),
    }
}

/// The server's message for a database error (severity, SQLSTATE, message,
/// detail), otherwise the error and its causes.
fn describe(e: &postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        let mut s = format!("{} {}: {}", db.severity(), db.code().code(), db.message());
        if let Some(detail) = db.detail() {
            let _ = write!(s, " ({detail})");
        }
        return s;
    }
    let mut s = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        let _ = write!(s, ": {cause}");
        source = cause.source();
    }
    s
}

/// `message` with every occurrence of `password` replaced by `***`.
fn scrub(message: &str, password: Option<&str>) -> String {
    match password {
        Some(p) if !p.is_empty() => message.replace(p, "***"),
        _ => message.to_owned(),
    }
}

/// The password of a URL's user info, as written.
fn url_password(url: &str) -> Option<String> {
    let rest = &url[url.find("://")? + 3..];
    let userinfo = &rest[..rest.rfind('@')?];
    userinfo.split_once(':').map(|(_, p)| p.to_owned())
}

/// `url` with the password of its user info and any `password=` parameter
/// replaced by `***`.
pub(crate) fn redact_url(url: &str) -> String {
    let mut out = url.to_owned();
    if let Some(scheme_end) = url.find("://") {
        let start = scheme_end + 3;
        if let Some(at) = url[start..].rfind('@') {
            let userinfo = &url[start..start + at];
            if let Some(colon) = userinfo.find(':') {
                out = format!("{}***{}", &url[..start + colon + 1], &url[start + at..]);
            }
        }
    }
    if let Some(q) = out.find('?') {
        let (head, query) = out.split_at(q + 1);
        let query = query
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
                _ => pair.to_owned(),
            })
            .collect::<Vec<_>>()
            .join("&");
        out = format!("{head}{query}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sink::Row;

    /// The PostgreSQL column type of `v`, read as a field of a row.
    fn type_of(v: Value) -> Option<ColumnType> {
        let row = Row::from_map(serde_json::json!({ "v": v }).as_object().unwrap());
        column_type(row.get("v").unwrap())
    }

    #[test]
    fn redacts_passwords_in_user_info_and_query() {
        assert_eq!(
            redact_url("postgres://u:s3cr@t@localhost:5432/db"),
            "postgres://u:***@localhost:5432/db"
        );
        assert_eq!(
            redact_url("postgres://u@localhost/db?password=hunter2&sslmode=disable"),
            "postgres://u@localhost/db?password=***&sslmode=disable"
        );
        assert_eq!(
            redact_url("postgres://localhost/db"),
            "postgres://localhost/db"
        );
        assert_eq!(
            url_password("postgres://u:p%40ss@h/db").as_deref(),
            Some("p%40ss")
        );
    }

    #[test]
    fn timestamps_postgres_refuses_are_text() {
        for ok in [
            "2024-01-31T12:00:00Z",
            "2024-02-29T23:59:59.123456789+05:30",
            "2000-02-29 00:00:00-15:59",
            "2024-01-31t12:00:00z",
        ] {
            assert!(postgres_accepts_timestamp(ok), "{ok}");
            assert_eq!(type_of(Value::from(ok)), Some(ColumnType::Timestamp));
        }
        for bad in [
            "2023-02-29T00:00:00Z",
            "0000-01-01T00:00:00Z",
            "2024-13-01T00:00:00Z",
            "2024-01-31T24:00:00Z",
            "2024-01-31T12:00:00+16:00",
            "2024-01-31T12:00:00.Z",
            "2024-01-31T12:00:00abcZ",
        ] {
            assert!(!postgres_accepts_timestamp(bad), "{bad}");
        }
        assert_eq!(
            type_of(Value::from("2023-02-29T00:00:00Z")),
            Some(ColumnType::Text)
        );
    }

    #[test]
    fn long_or_empty_field_names_get_valid_distinct_columns() {
        let long_a = "a".repeat(70);
        let long_b = format!("{}b", "a".repeat(69));
        let (a, b) = (column_name(&long_a), column_name(&long_b));
        assert!(a.len() <= MAX_IDENTIFIER && b.len() <= MAX_IDENTIFIER);
        assert_ne!(a, b);
        assert!(!column_name("").is_empty());
        assert_eq!(column_name("name"), "name");
        assert_eq!(quote("we\"ird"), "\"we\"\"ird\"");
    }

    #[test]
    fn nul_characters_are_replaced() {
        let row = Row::from_map(
            serde_json::json!({"v": {"a\u{0}": ["x\u{0}y"]}})
                .as_object()
                .unwrap(),
        );
        let mut out = String::new();
        write_value(&mut out, row.get("v").unwrap());
        assert_eq!(out, "{\"a\u{fffd}\":[\"x\u{fffd}y\"]}");
        // Without NUL, the value's compact text as sent.
        let row = Row::from_map(
            serde_json::json!({"v": {"b": 1, "a": [2]}})
                .as_object()
                .unwrap(),
        );
        out.clear();
        write_value(&mut out, row.get("v").unwrap());
        assert_eq!(out, r#"{"a":[2],"b":1}"#);
    }
}
