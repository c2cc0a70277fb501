//! `sql_query`: read-only SQL over the sync's SQLite database.
//!
//! Four locks, each enough on its own for the case it covers:
//! - the file is opened with `SQLITE_OPEN_READ_ONLY`, so no statement can
//!   change it;
//! - the text must be one statement starting with `SELECT` or `WITH`
//!   (rusqlite refuses a second statement, and SQLite's own
//!   `sqlite3_stmt_readonly` must agree that it writes nothing);
//! - an authorizer allows only reading: `ATTACH`, `DETACH`, `PRAGMA`
//!   (statements and `pragma_*` table functions), `load_extension` and every
//!   write are denied while the statement is prepared;
//! - a progress handler interrupts a query that runs past its time budget.
//!
//! Results are capped: at most [`MAX_ROWS`] rows (fewer if asked) and
//! [`MAX_OUTPUT_BYTES`] of JSON; a capped result says it was truncated and
//! how to narrow the query, it never fails for being large.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rusqlite::hooks::{AuthAction, AuthContext, Authorization};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::ToolError;

/// The most rows one `sql_query` returns.
pub const MAX_ROWS: usize = 500;

/// The most bytes of row JSON one `sql_query` returns.
pub const MAX_OUTPUT_BYTES: usize = 64 * 1024;

/// How long one query may run before it is interrupted.
pub const QUERY_TIMEOUT: Duration = Duration::from_secs(10);

/// The most bytes of table list the `sql_query` description carries.
const MAX_SCHEMA_TEXT: usize = 12 * 1024;

/// A read-only handle on the sync's database: just its path; every query
/// opens its own read-only connection.
#[derive(Debug, Clone)]
pub struct Database {
    path: PathBuf,
    timeout: Duration,
}

/// The answer of a query.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[non_exhaustive]
pub struct QueryResult {
    /// The column names, in order.
    pub columns: Vec<String>,
    /// The rows, each an object of column to value.
    pub rows: Vec<Map<String, Value>>,
    /// Whether rows were left out (the row or size cap was reached).
    pub truncated: bool,
    /// Why, and how to get the rest, when truncated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A table of the database and its columns.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[non_exhaustive]
pub struct TableInfo {
    /// The table's name.
    pub name: String,
    /// `(column, declared type)`, in order.
    pub columns: Vec<(String, String)>,
}

impl Database {
    /// A database at `url`: `sqlite://PATH`, `sqlite:PATH` or a plain path.
    ///
    /// # Errors
    /// A [`ToolError`] for another scheme (`postgres://` is not read here).
    pub fn from_url(url: &str) -> Result<Database, ToolError> {
        let path = if let Some(p) = url.strip_prefix("sqlite://") {
            p
        } else if let Some(p) = url.strip_prefix("sqlite:") {
            p
        } else if url.contains("://") {
            return Err(ToolError::invalid(
                "--db takes a SQLite database: sqlite://PATH (the sync's default sink)",
            ));
        } else {
            url
        };
        if path.is_empty() {
            return Err(ToolError::invalid("--db sqlite://PATH needs a path"));
        }
        Ok(Database {
            path: PathBuf::from(path),
            timeout: QUERY_TIMEOUT,
        })
    }

    /// Sets the time budget of one query (tests shorten it).
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn open(&self) -> Result<Connection, ToolError> {
        if !self.path.exists() {
            return Err(ToolError::invalid(format!(
                "the database {} does not exist yet; run `affiliate sync --to sqlite://{}` first",
                self.path.display(),
                self.path.display()
            )));
        }
        Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| ToolError::invalid(format!("cannot open the database read-only: {e}")))
    }

    /// The tables (sync tables first, then `_affiliate_*`) and their columns.
    ///
    /// # Errors
    /// A [`ToolError`] when the database can't be read.
    pub fn tables(&self) -> Result<Vec<TableInfo>, ToolError> {
        let conn = self.open()?;
        let sql_err = |e: rusqlite::Error| ToolError::invalid(format!("reading the schema: {e}"));
        let mut names: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY name")
            .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
            .map_err(sql_err)?;
        names.sort_by_key(|n: &String| (n.starts_with('_'), n.clone()));
        let mut out = Vec::new();
        for name in names {
            let columns = conn
                .prepare("SELECT name, type FROM pragma_table_info(?1) ORDER BY cid")
                .and_then(|mut s| {
                    s.query_map([&name], |r| Ok((r.get(0)?, r.get(1)?)))?
                        .collect()
                })
                .map_err(sql_err)?;
            out.push(TableInfo { name, columns });
        }
        Ok(out)
    }

    /// The table list for the tool's description, bounded in size.
    pub fn schema_text(&self) -> String {
        match self.tables() {
            Err(e) => format!("(no tables to show: {e})"),
            Ok(tables) if tables.is_empty() => {
                "(the database has no tables yet: run `affiliate sync` into it)".to_owned()
            }
            Ok(tables) => {
                let mut s = String::new();
                for (i, t) in tables.iter().enumerate() {
                    let cols: Vec<String> = t
                        .columns
                        .iter()
                        .map(|(c, ty)| {
                            if ty.is_empty() {
                                c.clone()
                            } else {
                                format!("{c} {ty}")
                            }
                        })
                        .collect();
                    let line = format!("- {}({})\n", t.name, cols.join(", "));
                    if s.len() + line.len() > MAX_SCHEMA_TEXT {
                        s.push_str(&format!(
                            "- ... and {} more tables: SELECT name FROM sqlite_master WHERE type = 'table'\n",
                            tables.len() - i
                        ));
                        break;
                    }
                    s.push_str(&line);
                }
                s
            }
        }
    }

    /// Runs one read-only `SELECT`/`WITH` statement, returning at most
    /// `max_rows` (capped at [`MAX_ROWS`]) rows.
    ///
    /// # Errors
    /// A [`ToolError`] saying why the statement was refused or failed.
    pub fn query(&self, sql: &str, max_rows: usize) -> Result<QueryResult, ToolError> {
        check_statement(sql)?;
        let conn = self.open()?;
        let timeout = self.timeout;
        let fail = move |e: rusqlite::Error| refusal(e, timeout);
        // A first compile, before the authorizer, tells "two statements"
        // apart from "a forbidden one" (compiling runs nothing).
        drop(conn.prepare(sql).map_err(fail)?);
        conn.authorizer(Some(authorize))
            .map_err(|e| ToolError::internal(e.to_string()))?;
        let deadline = Instant::now() + self.timeout;
        conn.progress_handler(10_000, Some(move || Instant::now() > deadline))
            .map_err(|e| ToolError::internal(e.to_string()))?;

        let mut stmt = conn.prepare(sql).map_err(fail)?;
        if !stmt.readonly() {
            return Err(ToolError::invalid(
                "only read-only statements are allowed (SELECT or WITH)",
            ));
        }
        let columns: Vec<String> = stmt.column_names().iter().map(|c| c.to_string()).collect();
        let cap = max_rows.clamp(1, MAX_ROWS);
        let mut rows_out = Vec::new();
        let mut bytes = 0usize;
        let mut note = None;
        let mut rows = stmt.query([]).map_err(fail)?;
        while let Some(row) = rows.next().map_err(fail)? {
            if rows_out.len() == cap {
                note = Some(format!(
                    "stopped at {cap} rows; add a LIMIT/OFFSET or a narrower WHERE, or aggregate (COUNT, SUM, GROUP BY) to see the rest"
                ));
                break;
            }
            let mut obj = Map::new();
            for (i, name) in columns.iter().enumerate() {
                let v = match row.get_ref(i).map_err(fail)? {
                    ValueRef::Null => Value::Null,
                    ValueRef::Integer(n) => Value::from(n),
                    ValueRef::Real(x) => serde_json::Number::from_f64(x)
                        .map(Value::Number)
                        .unwrap_or(Value::Null),
                    ValueRef::Text(t) => Value::String(String::from_utf8_lossy(t).into_owned()),
                    ValueRef::Blob(b) => Value::String(format!("<blob, {} bytes>", b.len())),
                };
                obj.insert(name.clone(), v);
            }
            let size = serde_json::to_string(&obj).map(|s| s.len()).unwrap_or(0);
            if bytes + size > MAX_OUTPUT_BYTES {
                note = Some(format!(
                    "stopped at {} rows, the {} KiB output limit; select fewer columns, add a LIMIT/OFFSET or aggregate to see the rest",
                    rows_out.len(),
                    MAX_OUTPUT_BYTES / 1024
                ));
                break;
            }
            bytes += size;
            rows_out.push(obj);
        }
        Ok(QueryResult {
            columns,
            rows: rows_out,
            truncated: note.is_some(),
            note,
        })
    }
}

/// Skips whitespace and SQL comments.
fn skip_blank(mut s: &str) -> &str {
    loop {
        let t = s.trim_start();
        if let Some(rest) = t.strip_prefix("--") {
            s = rest.split_once('\n').map_or("", |(_, r)| r);
        } else if let Some(rest) = t.strip_prefix("/*") {
            s = rest.split_once("*/").map_or("", |(_, r)| r);
        } else {
            return t;
        }
    }
}

/// The cheap first check: one statement that starts with SELECT or WITH.
fn check_statement(sql: &str) -> Result<(), ToolError> {
    let body = skip_blank(sql);
    if body.is_empty() {
        return Err(ToolError::invalid(
            "`sql` is empty; give one SELECT statement",
        ));
    }
    let word: String = body
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect::<String>()
        .to_ascii_uppercase();
    if word != "SELECT" && word != "WITH" {
        return Err(ToolError::invalid(format!(
            "only one SELECT or WITH statement is allowed, not {}; the database is read-only",
            if word.is_empty() {
                "this".to_owned()
            } else {
                format!("`{word}`")
            }
        )));
    }
    Ok(())
}

fn authorize(ctx: AuthContext<'_>) -> Authorization {
    match ctx.action {
        AuthAction::Select | AuthAction::Read { .. } | AuthAction::Recursive => {
            Authorization::Allow
        }
        AuthAction::Function { function_name } => {
            if function_name.eq_ignore_ascii_case("load_extension") {
                Authorization::Deny
            } else {
                Authorization::Allow
            }
        }
        _ => Authorization::Deny,
    }
}

fn refusal(e: rusqlite::Error, timeout: Duration) -> ToolError {
    use rusqlite::ffi::ErrorCode;
    match &e {
        rusqlite::Error::MultipleStatement => ToolError::invalid(
            "only one statement is allowed; send the statements one call at a time",
        ),
        rusqlite::Error::SqliteFailure(f, _)
            if f.code == ErrorCode::AuthorizationForStatementDenied =>
        {
            ToolError::invalid(
                "not allowed: only reading is permitted (no ATTACH, DETACH, PRAGMA, load_extension or writes); the table list is in this tool's description",
            )
        }
        rusqlite::Error::SqliteFailure(f, _) if f.code == ErrorCode::OperationInterrupted => {
            ToolError::invalid(format!(
                "the query ran longer than {} s and was stopped; add a LIMIT or a narrower WHERE",
                timeout.as_secs_f64()
            ))
        }
        rusqlite::Error::SqliteFailure(f, _) if f.code == ErrorCode::ReadOnly => {
            ToolError::invalid(
                "the database is read-only; only SELECT or WITH statements are allowed",
            )
        }
        _ if e.to_string().contains("not authorized") => ToolError::invalid(
            "not allowed: only reading is permitted (no ATTACH, DETACH, PRAGMA, load_extension or writes); the table list is in this tool's description",
        ),
        _ => ToolError::invalid(format!("SQL error: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_check_skips_comments_and_wants_select_or_with() {
        assert!(check_statement(" -- hi\n /* x */ select 1").is_ok());
        assert!(check_statement("WITH a AS (SELECT 1) SELECT * FROM a").is_ok());
        for bad in [
            "",
            "  -- only a comment",
            "DROP TABLE t",
            "PRAGMA writable_schema = 1",
            "ATTACH 'x' AS y",
            "/* */ insert into t values (1)",
        ] {
            assert!(check_statement(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_query_past_its_time_budget_is_stopped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        Connection::open(&path)
            .unwrap()
            .execute_batch("CREATE TABLE t (x INTEGER)")
            .unwrap();
        let endless = "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c) SELECT COUNT(*) FROM c";
        // A budget of zero: the first progress callback is already late.
        let db = Database::from_url(path.to_str().unwrap())
            .unwrap()
            .with_timeout(Duration::ZERO);
        let e = db.query(endless, 1).unwrap_err();
        assert!(e.message.contains("was stopped"), "{e}");
        // A bounded query under the default budget answers.
        let db = Database::from_url(path.to_str().unwrap()).unwrap();
        let q = db
            .query("WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 10) SELECT COUNT(*) AS n FROM c", 1)
            .unwrap();
        assert_eq!(q.rows[0]["n"], 10);
    }

    #[test]
    fn urls() {
        assert_eq!(
            Database::from_url("sqlite://a.db").unwrap().path(),
            Path::new("a.db")
        );
        assert_eq!(
            Database::from_url("sqlite:///tmp/a.db").unwrap().path(),
            Path::new("/tmp/a.db")
        );
        assert!(Database::from_url("postgres://x").is_err());
    }
}
