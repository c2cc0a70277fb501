//! The MCP server: the tool list and the dispatch of `tools/call`.

use std::borrow::Cow;
use std::sync::Arc;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rmcp::handler::server::common::schema_for_type;
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, Implementation,
    JsonObject, ListToolsResult, PaginatedRequestParams, ServerCapabilities, ServerConfig, Tool,
    ToolAnnotations,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer, ServerHandler};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::catalog::{self, Api, Clients, Resource};
use crate::error::ToolError;
use crate::filters::Filters;
use crate::sql::{self, Database};
use crate::writes;

/// The most records one `list_records` call returns.
pub const MAX_LIMIT: u32 = 100;

/// The `limit` of `list_records` when none is given.
pub const DEFAULT_LIMIT: u32 = 25;

/// The most bytes of record JSON one `list_records` or `get_record` call
/// returns.
pub const MAX_RECORD_BYTES: usize = 64 * 1024;

/// What the server exposes.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Options {
    /// The sync's database, for `sql_query`, `sync_status` and
    /// `describe_resource`'s "held by the sync".
    pub db: Option<Database>,
    /// Whether the write tools are listed and callable.
    pub allow_writes: bool,
}

impl Options {
    /// No database, no writes.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the database.
    pub fn db(mut self, db: Database) -> Self {
        self.db = Some(db);
        self
    }

    /// Enables or disables the write tools.
    pub fn allow_writes(mut self, on: bool) -> Self {
        self.allow_writes = on;
        self
    }
}

/// The affiliate MCP server. Cheap to clone (one `Arc`); each transport
/// session gets a clone.
#[derive(Debug, Clone)]
pub struct AffiliateMcp {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    clients: Clients,
    options: Options,
}

/// Arguments of `list_records`.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListRecordsArgs {
    /// The API.
    pub api: String,
    /// The resource of that API (describe_resource explains each one).
    pub resource: String,
    /// Filters; each resource accepts the ones describe_resource lists.
    #[serde(default)]
    pub filters: Filters,
    /// How many records to return, 1 to 100 (default 25).
    #[schemars(range(min = 1, max = 100))]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous call, to continue the same listing.
    pub cursor: Option<String>,
}

/// Arguments of `get_record`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GetRecordArgs {
    /// The API.
    pub api: String,
    /// The resource of that API.
    pub resource: String,
    /// The record's id (the resource's id field, e.g. `key` for PartnerStack).
    pub id: String,
    /// ReferralHero subscribers: the list uuid the subscriber belongs to.
    pub list_uuid: Option<String>,
}

/// Arguments of `describe_resource`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DescribeResourceArgs {
    /// The API.
    pub api: String,
    /// The resource of that API.
    pub resource: String,
}

/// Arguments of `sql_query`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SqlQueryArgs {
    /// One SELECT (or WITH ... SELECT) statement in SQLite's dialect.
    pub sql: String,
    /// The most rows to return, 1 to 500 (default 500); larger results are truncated, not failed.
    #[schemars(range(min = 1, max = 500))]
    pub max_rows: Option<u32>,
}

/// Arguments of `sync_status` (none).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoArgs {}

/// Where a listing goes on: encoded, opaque to the assistant.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
struct Cursor {
    /// `<api>.<resource>`.
    r: String,
    /// A fingerprint of the filters the listing was started with.
    f: u64,
    /// The API-level token of the page (a key or a page number).
    t: Option<String>,
    /// Records of that page already returned.
    s: usize,
    /// The page size the listing uses.
    z: u64,
}

impl Cursor {
    fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(self).unwrap_or_default())
    }

    fn decode(s: &str) -> Result<Cursor, ToolError> {
        let bytes = URL_SAFE_NO_PAD
            .decode(s.trim())
            .map_err(|_| ToolError::bad_cursor("it is not one this server wrote"))?;
        serde_json::from_slice(&bytes)
            .map_err(|_| ToolError::bad_cursor("it is not one this server wrote"))
    }
}

/// FNV-1a of the filters' JSON: a cursor only continues the listing it
/// came from.
fn fingerprint(filters: &Filters) -> u64 {
    let text = serde_json::to_string(filters).unwrap_or_default();
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn ok_result(summary: String, structured: Value) -> CallToolResult {
    let body = serde_json::to_string(&structured).unwrap_or_default();
    let mut r = CallToolResult::structured(structured);
    r.content = vec![ContentBlock::text(format!("{summary}\n{body}"))];
    r
}

fn error_result(e: &ToolError) -> CallToolResult {
    CallToolResult::error(vec![ContentBlock::text(e.message.clone())])
}

fn parse_args<T: for<'de> Deserialize<'de>>(
    tool: &str,
    args: Option<JsonObject>,
) -> Result<T, ToolError> {
    serde_json::from_value(Value::Object(args.unwrap_or_default())).map_err(|e| {
        ToolError::invalid(format!(
            "invalid arguments for {tool}: {e}; see the tool's input schema"
        ))
    })
}

impl AffiliateMcp {
    /// A server over `clients` (the APIs it exposes are those with a client).
    pub fn new(clients: Clients, options: Options) -> Self {
        AffiliateMcp {
            inner: Arc::new(Inner { clients, options }),
        }
    }

    /// The APIs this server exposes.
    pub fn apis(&self) -> Vec<Api> {
        self.inner.clients.apis()
    }

    fn api(&self, name: &str) -> Result<Api, ToolError> {
        let apis = self.apis();
        Api::parse(name)
            .filter(|a| apis.contains(a))
            .ok_or_else(|| ToolError::unknown_api(name, &apis))
    }

    fn resource(&self, api: &str, name: &str) -> Result<&'static Resource, ToolError> {
        let api = self.api(api)?;
        catalog::find(api, name.trim()).ok_or_else(|| ToolError::unknown_resource(api, name))
    }

    fn db(&self) -> Result<&Database, ToolError> {
        self.inner.options.db.as_ref().ok_or_else(|| {
            ToolError::invalid(
                "no database configured: start the server with --db sqlite://affiliate.db (written by `affiliate sync`)",
            )
        })
    }

    /// A schema derived from `T`, with `api` and `resource` narrowed to
    /// enums of what this server exposes.
    fn schema<T: JsonSchema + 'static>(&self) -> Arc<JsonObject> {
        let mut schema = (*schema_for_type::<T>()).clone();
        let apis: Vec<Value> = self.apis().iter().map(|a| json!(a.name())).collect();
        let mut resources: Vec<&str> = self
            .apis()
            .into_iter()
            .flat_map(catalog::of)
            .map(|r| r.name)
            .collect();
        resources.sort_unstable();
        resources.dedup();
        if let Some(Value::Object(props)) = schema.get_mut("properties") {
            if let Some(Value::Object(api)) = props.get_mut("api") {
                api.insert("enum".into(), Value::Array(apis));
            }
            if let Some(Value::Object(res)) = props.get_mut("resource") {
                res.insert("enum".into(), json!(resources));
            }
        }
        Arc::new(schema)
    }

    fn catalog_text(&self) -> String {
        self.apis()
            .into_iter()
            .map(|a| {
                format!(
                    "{a}: {}",
                    catalog::of(a)
                        .map(|r| r.name)
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// The tools this server lists, in order.
    pub fn tools(&self) -> Vec<Tool> {
        let read = ToolAnnotations::new()
            .read_only(true)
            .destructive(false)
            .idempotent(true)
            .open_world(true);
        let catalog = self.catalog_text();
        let mut tools = vec![
            Tool::new(
                "list_records",
                format!(
                    "List records of one resource, live from the API, newest first where the API sorts. \
                     Resources: {catalog}. Returns up to `limit` (at most {MAX_LIMIT}) records and at most \
                     {} KiB of JSON, a one-line summary, and `next_cursor` when more exist: pass it back \
                     as `cursor` with the same api, resource and filters to continue. Money fields state their \
                     unit in describe_resource.",
                    MAX_RECORD_BYTES / 1024
                ),
                self.schema::<ListRecordsArgs>(),
            )
            .annotate(read.clone().with_title_annotation("List records")),
            Tool::new(
                "get_record",
                format!(
                    "Fetch one record by its id, live from the API. Resources: {catalog}. \
                     Some resources have no get endpoint (describe_resource says which); list them with a filter instead."
                ),
                self.schema::<GetRecordArgs>(),
            )
            .annotate(read.clone().with_title_annotation("Get one record")),
            Tool::new(
                "describe_resource",
                "Describe a resource: its fields with types and units, its filters, its id field, \
                 and whether the sync's database holds it (table name and row count).",
                self.schema::<DescribeResourceArgs>(),
            )
            .annotate(
                read.clone()
                    .open_world(false)
                    .with_title_annotation("Describe a resource"),
            ),
        ];
        if let Some(db) = &self.inner.options.db {
            tools.push(
                Tool::new(
                    "sql_query",
                    format!(
                        "Run one read-only SQL query (SQLite dialect, SELECT or WITH only) over the database \
                         written by `affiliate sync` ({}). One table per resource, named <api>_<resource>; \
                         top-level fields are columns, nested values JSON text (use json_extract), \
                         `_synced_at` says when a row was written; `_affiliate_state` holds the sync state. \
                         Units follow the API: PartnerStack times are Unix milliseconds and amounts integer cents, \
                         ReferralHero times Unix seconds, Dub amounts cents, impact.com amounts major units \
                         (describe_resource gives each field's unit). \
                         Returns at most {} rows and {} KiB (truncated, and said so, beyond that); stops after {} s. \
                         ATTACH, PRAGMA, extensions and writes are refused.\nTables:\n{}",
                        db.path().display(),
                        sql::MAX_ROWS,
                        sql::MAX_OUTPUT_BYTES / 1024,
                        sql::QUERY_TIMEOUT.as_secs(),
                        db.schema_text()
                    ),
                    self.schema::<SqlQueryArgs>(),
                )
                .annotate(
                    read.clone()
                        .open_world(false)
                        .with_title_annotation("Query the synced database"),
                ),
            );
            tools.push(
                Tool::new(
                    "sync_status",
                    "What `affiliate sync` has stored: per resource, its state (high-water mark, \
                     interrupted-run cursor, last completed run, records) and the row count of its table.",
                    self.schema::<NoArgs>(),
                )
                .annotate(
                    read.clone()
                        .open_world(false)
                        .with_title_annotation("Sync status"),
                ),
            );
        }
        if self.inner.options.allow_writes {
            tools.extend(writes::tools(&self.apis()));
        }
        tools
    }

    /// Runs the tool `name` with `args`: every failure is a tool error
    /// result (`isError: true`), never a protocol error.
    pub async fn call(&self, name: &str, args: Option<JsonObject>) -> CallToolResult {
        let outcome = match name {
            "list_records" => match parse_args(name, args) {
                Ok(a) => self.list_records(a).await,
                Err(e) => Err(e),
            },
            "get_record" => match parse_args(name, args) {
                Ok(a) => self.get_record(a).await,
                Err(e) => Err(e),
            },
            "describe_resource" => match parse_args(name, args) {
                Ok(a) => self.describe_resource(a).await,
                Err(e) => Err(e),
            },
            "sql_query" if self.inner.options.db.is_some() => match parse_args(name, args) {
                Ok(a) => self.sql_query(a).await,
                Err(e) => Err(e),
            },
            "sync_status" if self.inner.options.db.is_some() => {
                match parse_args::<NoArgs>(name, args) {
                    Ok(_) => self.sync_status().await,
                    Err(e) => Err(e),
                }
            }
            other => {
                if self.inner.options.allow_writes && writes::is_write_tool(other) {
                    writes::call(&self.inner.clients, other, args)
                        .await
                        .map(|(summary, value)| ok_result(summary, value))
                } else {
                    Err(self.unknown_tool(other))
                }
            }
        };
        outcome.unwrap_or_else(|e| {
            tracing::info!(tool = %name, error = %e, "tool error");
            error_result(&e)
        })
    }

    fn unknown_tool(&self, name: &str) -> ToolError {
        let known: Vec<String> = self.tools().iter().map(|t| t.name.to_string()).collect();
        let hint = if writes::is_write_tool(name) {
            " (write tools are enabled only when the server runs with --allow-writes)"
        } else if matches!(name, "sql_query" | "sync_status") {
            " (it needs --db sqlite://PATH)"
        } else {
            ""
        };
        ToolError::invalid(format!(
            "unknown tool `{name}`{hint}; known: {}",
            known.join(", ")
        ))
    }

    async fn list_records(&self, args: ListRecordsArgs) -> Result<CallToolResult, ToolError> {
        let r = self.resource(&args.api, &args.resource)?;
        args.filters.check_allowed(r)?;
        let selector = format!("{}.{}", r.api, r.name);
        let requested = args.limit.unwrap_or(DEFAULT_LIMIT);
        if requested == 0 {
            return Err(ToolError::invalid("`limit` must be at least 1"));
        }
        let limit = requested.min(MAX_LIMIT) as usize;
        let fp = fingerprint(&args.filters);
        let (token, skip, size) = match &args.cursor {
            None => (None, 0, limit as u64),
            Some(c) => {
                let c = Cursor::decode(c)?;
                if c.r != selector || c.f != fp {
                    return Err(ToolError::bad_cursor(
                        "it belongs to another resource or other filters",
                    ));
                }
                if c.z == 0 || c.z > u64::from(MAX_LIMIT) {
                    return Err(ToolError::bad_cursor("its page size is out of range"));
                }
                (c.t, c.s, c.z)
            }
        };
        let page = catalog::list_page(
            &self.inner.clients,
            r,
            &args.filters,
            token.as_deref(),
            size,
        )
        .await?;
        let mut records = Vec::new();
        let mut bytes = 0usize;
        let mut size_capped = false;
        for item in page.items.iter().skip(skip).take(limit) {
            let item = bounded_record(r, item);
            let n = serde_json::to_string(&item).map(|s| s.len()).unwrap_or(0);
            if bytes + n > MAX_RECORD_BYTES && !records.is_empty() {
                size_capped = true;
                break;
            }
            bytes += n;
            records.push(item);
        }
        let returned = records.len();
        let next = if skip + returned < page.items.len() {
            Some(Cursor {
                r: selector.clone(),
                f: fp,
                t: token.clone(),
                s: skip + returned,
                z: size,
            })
        } else {
            page.next.clone().map(|t| Cursor {
                r: selector.clone(),
                f: fp,
                t: Some(t),
                s: 0,
                z: size,
            })
        };
        let mut summary = format!(
            "{returned} {selector} record{}",
            if returned == 1 { "" } else { "s" }
        );
        if let Some(total) = page.total {
            summary.push_str(&format!(" (the API reports {total} in all)"));
        }
        if requested > MAX_LIMIT {
            summary.push_str(&format!(
                "; limit {requested} lowered to the maximum of {MAX_LIMIT}"
            ));
        }
        if size_capped {
            summary.push_str(&format!(
                "; stopped at the {} KiB output limit",
                MAX_RECORD_BYTES / 1024
            ));
        }
        if next.is_some() {
            summary.push_str("; more exist: call again with `cursor` = next_cursor");
        } else {
            summary.push_str("; this is the end of the list");
        }
        let structured = json!({
            "api": r.api.name(),
            "resource": r.name,
            "count": returned,
            "records": records,
            "truncated": next.is_some(),
            "next_cursor": next.as_ref().map(Cursor::encode),
            "total": page.total,
        });
        Ok(ok_result(summary, structured))
    }

    async fn get_record(&self, args: GetRecordArgs) -> Result<CallToolResult, ToolError> {
        let r = self.resource(&args.api, &args.resource)?;
        let filters = Filters {
            list_uuid: args.list_uuid.clone(),
            ..Filters::default()
        };
        let record = catalog::get_record(&self.inner.clients, r, &args.id, &filters).await?;
        let record = bounded_record(r, &record);
        let summary = format!("{}.{} `{}`", r.api, r.name, args.id);
        Ok(ok_result(
            summary,
            json!({ "api": r.api.name(), "resource": r.name, "record": record }),
        ))
    }

    async fn describe_resource(
        &self,
        args: DescribeResourceArgs,
    ) -> Result<CallToolResult, ToolError> {
        let r = self.resource(&args.api, &args.resource)?;
        let table = r.table();
        let registry = affiliate_sync::registry::find(r.sync_selector).map(|s| {
            let (field, filter) = match s.mode {
                affiliate_sync::registry::Mode::Incremental { field, filter, .. } => {
                    (Some(field), Some(filter))
                }
                _ => (None, None),
            };
            json!({
                "mode": s.mode.label(),
                "primary_key": s.primary_key,
                "incremental_field": field,
                "incremental_filter": filter,
                "parent": s.parent.map(|(p, f)| format!("{p}.{f}")),
            })
        });
        let mut sync = match &self.inner.options.db {
            None => json!({
                "selector": r.sync_selector,
                "table": table,
                "held": Value::Null,
                "note": "no database configured (--db sqlite://PATH)",
            }),
            Some(db) => {
                let db = db.clone();
                let t = table.clone();
                let found = tokio::task::spawn_blocking(move || {
                    let tables = db.tables()?;
                    let info = tables.into_iter().find(|x| x.name == t);
                    let rows = match &info {
                        Some(_) => db
                            .query(&format!("SELECT COUNT(*) AS n FROM \"{t}\""), 1)
                            .ok()
                            .and_then(|q| q.rows.first().and_then(|row| row.get("n").cloned())),
                        None => None,
                    };
                    Ok::<_, ToolError>((info, rows))
                })
                .await
                .map_err(|e| ToolError::internal(e.to_string()))?;
                match found {
                    Ok((Some(info), rows)) => json!({
                        "selector": r.sync_selector,
                        "table": table,
                        "held": true,
                        "rows": rows,
                        "columns": info.columns.iter().map(|(c, t)| json!({"name": c, "type": t})).collect::<Vec<_>>(),
                    }),
                    Ok((None, _)) => json!({
                        "selector": r.sync_selector,
                        "table": table,
                        "held": false,
                        "note": format!("not synced yet: `affiliate sync {}`", r.sync_selector),
                    }),
                    Err(e) => json!({
                        "selector": r.sync_selector,
                        "table": table,
                        "held": Value::Null,
                        "note": e.message,
                    }),
                }
            }
        };
        if let (Value::Object(o), Some(reg)) = (&mut sync, registry) {
            o.insert("registry".into(), reg);
        }
        let structured = json!({
            "api": r.api.name(),
            "resource": r.name,
            "summary": r.summary,
            "id_field": r.id_field,
            "get_record": r.gettable,
            "required_filter": r.required_filter,
            "fields": r.fields.iter().map(|f| json!({"name": f.name, "type": f.ty, "description": f.doc})).collect::<Vec<_>>(),
            "other_fields": "records may carry more fields than these; they are passed through as the API sends them",
            "filters": r.filters.iter().map(|f| json!({"name": f.name, "description": f.doc})).collect::<Vec<_>>(),
            "sync": sync,
        });
        let held = match structured["sync"]["held"].as_bool() {
            Some(true) => format!("held by the sync in table {}", r.table()),
            Some(false) => "not in the synced database yet".to_owned(),
            None => "sync database not available".to_owned(),
        };
        let summary = format!(
            "{}.{}: {} {} documented fields, {} filters; {held}",
            r.api,
            r.name,
            r.summary,
            r.fields.len(),
            r.filters.len()
        );
        Ok(ok_result(summary, structured))
    }

    async fn sql_query(&self, args: SqlQueryArgs) -> Result<CallToolResult, ToolError> {
        let db = self.db()?.clone();
        let max_rows = args.max_rows.unwrap_or(sql::MAX_ROWS as u32) as usize;
        let sql_text = args.sql;
        let result = tokio::task::spawn_blocking(move || db.query(&sql_text, max_rows))
            .await
            .map_err(|e| ToolError::internal(e.to_string()))??;
        let mut summary = format!(
            "{} row{}",
            result.rows.len(),
            if result.rows.len() == 1 { "" } else { "s" }
        );
        if let Some(note) = &result.note {
            summary.push_str(&format!(" (truncated: {note})"));
        }
        let structured =
            serde_json::to_value(&result).map_err(|e| ToolError::internal(e.to_string()))?;
        Ok(ok_result(summary, structured))
    }

    async fn sync_status(&self) -> Result<CallToolResult, ToolError> {
        let db = self.db()?.clone();
        let status = tokio::task::spawn_blocking(move || sync_status_of(&db))
            .await
            .map_err(|e| ToolError::internal(e.to_string()))??;
        let n = status["resources"].as_array().map_or(0, Vec::len);
        let summary = if n == 0 {
            "nothing synced yet: run `affiliate sync all --to sqlite://...`".to_owned()
        } else {
            format!("{n} synced resource{}", if n == 1 { "" } else { "s" })
        };
        Ok(ok_result(summary, status))
    }
}

/// The state rows of `_affiliate_state` (as the sync wrote them), with the
/// row count of each resource's table and the quarantine count.
fn sync_status_of(db: &Database) -> Result<Value, ToolError> {
    let tables = db.tables()?;
    let has = |name: &str| tables.iter().any(|t| t.name == name);
    if !has("_affiliate_state") {
        return Ok(
            json!({ "resources": [], "note": "no `_affiliate_state` table: this database has not been synced into yet" }),
        );
    }
    let state = db.query("SELECT * FROM _affiliate_state ORDER BY 1", sql::MAX_ROWS)?;
    let mut resources = Vec::new();
    for mut row in state.rows {
        let selector = row
            .get("resource")
            .and_then(Value::as_str)
            .map(str::to_owned);
        if let Some(sel) = selector {
            let table = sel.replace('.', "_");
            if has(&table) {
                let n = db
                    .query(&format!("SELECT COUNT(*) AS n FROM \"{table}\""), 1)
                    .ok()
                    .and_then(|q| q.rows.first().and_then(|r| r.get("n").cloned()))
                    .unwrap_or(Value::Null);
                row.insert("table".into(), json!(table));
                row.insert("table_rows".into(), n);
            }
        }
        resources.push(Value::Object(row));
    }
    let quarantined = if has("_affiliate_quarantine") {
        db.query("SELECT COUNT(*) AS n FROM _affiliate_quarantine", 1)
            .ok()
            .and_then(|q| q.rows.first().and_then(|r| r.get("n").cloned()))
            .unwrap_or(Value::Null)
    } else {
        json!(0)
    };
    Ok(
        json!({ "resources": resources, "quarantined_records": quarantined, "truncated": state.truncated }),
    )
}

/// A record, or a stub naming it when its JSON alone is over the output limit.
fn bounded_record(r: &Resource, item: &Value) -> Value {
    let n = serde_json::to_string(item).map(|s| s.len()).unwrap_or(0);
    if n <= MAX_RECORD_BYTES {
        return item.clone();
    }
    json!({
        r.id_field: item.get(r.id_field).cloned().unwrap_or(Value::Null),
        "_omitted": format!(
            "this record is {} KiB, over the {} KiB output limit; select the columns you need from table {} with sql_query",
            n / 1024, MAX_RECORD_BYTES / 1024, r.table()
        ),
    })
}

trait TitleAnnotation {
    fn with_title_annotation(self, title: &str) -> Self;
}

impl TitleAnnotation for ToolAnnotations {
    fn with_title_annotation(mut self, title: &str) -> Self {
        self.title = Some(title.to_owned());
        self
    }
}

impl ServerHandler for AffiliateMcp {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(
                Implementation::new("affiliate-mcp", env!("CARGO_PKG_VERSION"))
                    .with_title("Affiliate programs (PartnerStack, impact.com, ReferralHero, Dub)"),
            )
            .with_instructions(format!(
                "Read-{} access to affiliate programs. Start with describe_resource to learn a resource's \
                 fields and filters, list_records/get_record for live data, and sql_query over the synced \
                 database for totals and joins. APIs: {}.",
                if self.inner.options.allow_writes {
                    "write"
                } else {
                    "only"
                },
                self.catalog_text()
            ))
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        Ok(ListToolsResult::with_all_items(self.tools()))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        let name: Cow<'_, str> = request.name.clone();
        tracing::info!(tool = %name, "tools/call");
        Ok(self.call(&name, request.arguments).await.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_over_the_output_limit_becomes_a_stub_naming_it() {
        let r = catalog::find(Api::Dub, "links").unwrap();
        let small = json!({"id": "link_1", "url": "https://example.com"});
        assert_eq!(bounded_record(r, &small), small);
        let huge = json!({"id": "link_2", "pad": "x".repeat(MAX_RECORD_BYTES)});
        let stub = bounded_record(r, &huge);
        assert_eq!(stub["id"], "link_2");
        assert!(stub["_omitted"].as_str().unwrap().contains("dub_links"));
        assert!(serde_json::to_string(&stub).unwrap().len() < 1024);
    }

    #[test]
    fn a_cursor_round_trips_and_garbage_is_refused() {
        let c = Cursor {
            r: "dub.partners".into(),
            f: 7,
            t: Some("3".into()),
            s: 5,
            z: 25,
        };
        assert_eq!(Cursor::decode(&c.encode()).unwrap(), c);
        assert!(Cursor::decode("not base64 !").is_err());
        assert!(Cursor::decode(&URL_SAFE_NO_PAD.encode(b"{}")).is_err());
    }
}
