//! An in-process simulated Dub (feature `sandbox`) for examples and tests.
//!
//! It serves seeded partners, links, customers, commissions, payouts, tags,
//! folders, domains, discount codes, partner applications and click, lead
//! and sale events on `127.0.0.1`, with Dub's three pagination styles, its error envelope,
//! `X-RateLimit-*` headers in the epoch-milliseconds form, persistent
//! creates and upserts, Dub's de-duplication of `track/lead` and of
//! `track/sale` with an `invoiceId`, and switchable faults. Links and
//! customers are stateful by id (or `ext_<externalId>`): `GET /links/info`,
//! `PATCH` and `DELETE /links/{linkId}`, and `GET`, `PATCH` and `DELETE
//! /customers/{id}` act on what the lists serve. An unknown id is Dub's
//! `404 not_found`. Partners are created (an upsert by email or
//! `tenantId`), banned and deactivated; commissions created and updated;
//! discount codes created and deleted, all statefully.
//! Every other operation of `specs/dub.yaml` answers the example of its
//! documented response ([`operations`], generated from the description:
//! analytics, QR codes, counts, bounty submissions, ...); a route or method
//! the description does not document answers `501` with the code
//! `sandbox_unsupported`, never a `404`.
//!
//! ```
//! # #[tokio::main] async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let running = dub::sandbox::start().await?;
//! let partners = running.client.partners().list().collect_all().await?;
//! running.sandbox.faults().fail_next(1, affiliate_common::sandbox::Fault::Status(503));
//! # Ok(()) }
//! ```
//!
//! # Live or sandbox
//!
//! [`start`] returns a [`Running`]: the server, a `client` pointed at it, and the simulated `api`.
//! [`connect`] returns a [`Connection`]
//! (`affiliate_common::sandbox::Connection<Client, Running>`): the live
//! client from the environment when credentials are set, else the client
//! of a freshly started sandbox, with the [`Running`] sandbox in
//! `sandbox`. The switch's mechanics live in [`affiliate_common::sandbox`].

#![allow(clippy::result_large_err)] // handlers answer errors as ready-made responses

mod data;

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use affiliate_common::RateLimit;
use affiliate_common::sandbox::ops::Operations;
use affiliate_common::sandbox::{Fault, Handler, Sandbox, SandboxRequest, SandboxResponse};
use http::Method;
use serde_json::{Value, json};

use crate::{Client, Plan};

/// The API key the sandbox accepts (any `dub_` key works).
pub const SANDBOX_KEY: &str = "dub_sandbox_key";

/// A running sandbox with a client pointed at it.
#[derive(Debug)]
#[non_exhaustive]
pub struct Running {
    /// The server; [`Sandbox::faults`] switches faults on.
    pub sandbox: Sandbox,
    /// A client for it (plan `Business`, no client-side limit, short retries).
    pub client: Client,
    /// The simulated API itself, to inspect what it holds.
    pub api: DubSandbox,
}

/// Starts a seeded sandbox and returns it with a client pointed at it.
/// Must be called inside a Tokio runtime.
///
/// # Errors
/// When no local port can be bound, or the client cannot be built.
pub async fn start() -> crate::Result<Running> {
    start_with(|b| b).await
}

/// Starts a seeded sandbox; `configure` adjusts the client builder (retry
/// policy, rate limit, ...).
///
/// # Errors
/// When no local port can be bound, or the client cannot be built.
pub async fn start_with(
    configure: impl FnOnce(crate::ClientBuilder) -> crate::ClientBuilder,
) -> crate::Result<Running> {
    let api = DubSandbox::seeded();
    let sandbox = Sandbox::start(api.clone())
        .await
        .map_err(|e| crate::Error::invalid_input(format!("cannot start the sandbox: {e}")))?;
    let builder = Client::builder(SANDBOX_KEY)
        .base_url(sandbox.url().clone())
        .plan(Plan::Business)
        .rate_limit(RateLimit::unlimited())
        .analytics_rate_limit(RateLimit::unlimited())
        .retry(
            affiliate_common::RetryPolicy::default()
                .max_attempts(3)
                .initial_backoff(Duration::from_millis(20))
                .max_backoff(Duration::from_millis(100))
                .max_retry_after(Duration::from_secs(2)),
        );
    let client = configure(builder).build()?;
    Ok(Running {
        sandbox,
        client,
        api,
    })
}

/// The "live or sandbox" switch [`connect`] returns: the [`Client`] to use
/// and, when not live, the [`Running`] sandbox behind it (`client`,
/// `sandbox`, `is_live()`, `mode()`; the same shape in every crate of the
/// family).
pub type Connection = affiliate_common::sandbox::Connection<Client, Running>;

/// The live API when `DUB_API_KEY` are set (and not empty), through
/// [`Client::from_env`] (which also honours the base-URL variable);
/// otherwise [`start`]: a freshly started sandbox with the default data.
///
/// # Errors
/// When the environment's credentials or base URL are not usable, or the
/// sandbox cannot start.
pub async fn connect() -> crate::Result<Connection> {
    let live = (env_set(crate::client::ENV_API_KEY)).then(Client::from_env);
    affiliate_common::sandbox::connect(live, start, |r: &Running| r.client.clone()).await
}

fn env_set(name: &str) -> bool {
    std::env::var(name).is_ok_and(|v| !v.trim().is_empty())
}

#[derive(Debug, Default)]
struct State {
    partners: Vec<Value>,
    links: Vec<Value>,
    customers: Vec<Value>,
    commissions: Vec<Value>,
    payouts: Vec<Value>,
    tags: Vec<Value>,
    folders: Vec<Value>,
    domains: Vec<Value>,
    discount_codes: Vec<Value>,
    applications: Vec<Value>,
    /// Oldest first.
    events: Vec<Value>,
    /// `invoiceId` -> the first `track/sale` response.
    sales_by_invoice: HashMap<String, Value>,
    /// `(customerExternalId, eventName)` of recorded leads.
    leads: Vec<(String, String)>,
    next_id: u64,
    requests: u64,
}

/// The simulated Dub API. Clones share the data.
#[derive(Debug, Clone)]
pub struct DubSandbox {
    state: Arc<Mutex<State>>,
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

fn error(status: u16, code: &str, message: &str) -> SandboxResponse {
    let doc = code.replacen('_', "-", 1);
    SandboxResponse::json(
        status,
        &json!({"error": {"code": code, "message": message, "doc_url": format!("https://dub.co/docs/api-reference/errors#{doc}")}}),
    )
}

fn number(req: &SandboxRequest, key: &str) -> Result<Option<usize>, SandboxResponse> {
    match req.query(key) {
        None => Ok(None),
        Some(v) => v.parse::<usize>().map(Some).map_err(|_| {
            error(
                422,
                "unprocessable_entity",
                &format!("{key}: Expected number, received string"),
            )
        }),
    }
}

impl DubSandbox {
    /// A sandbox with the seeded data set.
    pub fn seeded() -> Self {
        let (partners, links, customers, commissions, payouts) = data::seed();
        let extra = data::seed_extra(&partners, &links);
        DubSandbox {
            state: Arc::new(Mutex::new(State {
                partners,
                links,
                customers,
                commissions,
                payouts,
                tags: extra.tags,
                folders: extra.folders,
                domains: extra.domains,
                discount_codes: extra.discount_codes,
                applications: extra.applications,
                events: extra.events,
                next_id: 10_000,
                ..State::default()
            })),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The ids of every record a collection holds now (`partners`,
    /// `links`, `customers`, `commissions`, `payouts`, `tags`, `folders`,
    /// `domains`, `discount_codes`, `partner_applications`), in the order
    /// the lists serve them; `None` for another name.
    pub fn ids(&self, collection: &str) -> Option<Vec<String>> {
        let st = self.lock();
        let rows = match collection {
            "partners" => &st.partners,
            "links" => &st.links,
            "customers" => &st.customers,
            "commissions" => &st.commissions,
            "payouts" => &st.payouts,
            "tags" => &st.tags,
            "folders" => &st.folders,
            "domains" => &st.domains,
            "discount_codes" => &st.discount_codes,
            "partner_applications" => &st.applications,
            _ => return None,
        };
        Some(
            rows.iter()
                .filter_map(|r| r["id"].as_str().map(str::to_owned))
                .collect(),
        )
    }

    fn route(&self, req: &SandboxRequest) -> SandboxResponse {
        let auth = req.header("authorization").unwrap_or("");
        let public = matches!(req.path.as_str(), "/qr" | "/track/open");
        if !public {
            if auth.is_empty() {
                return error(401, "unauthorized", "Missing Authorization header.");
            }
            let Some(key) = auth.strip_prefix("Bearer ") else {
                return error(
                    400,
                    "bad_request",
                    "Misconfigured authorization header. Did you forget to add 'Bearer '?",
                );
            };
            if !key.starts_with("dub_") {
                return error(401, "unauthorized", "Unauthorized: Invalid API key.");
            }
        }
        let segs = req.segments();
        let segs: Vec<&str> = segs.iter().map(String::as_str).collect();
        let mut st = self.lock();
        match (&req.method, segs.as_slice()) {
            (&Method::GET, ["partners"]) => page_list(
                req,
                &filter(&st.partners, req, &["status", "country", "tenantId"]),
                100,
            ),
            (&Method::GET, ["partners", "applications"]) => page_list(req, &st.applications, 100),
            (&Method::GET, ["tags"]) => page_list(req, &st.tags, 100),
            (&Method::GET, ["folders"]) => page_list(req, &st.folders, 50),
            (&Method::GET, ["domains"]) => page_list(req, &st.domains, 50),
            (&Method::GET, ["discount-codes"]) => page_list(
                req,
                &filter(&st.discount_codes, req, &["partnerId", "discountId"]),
                100,
            ),
            (&Method::GET, ["payouts"]) => page_list(
                req,
                &filter(&st.payouts, req, &["status", "partnerId"]),
                100,
            ),
            (&Method::GET, ["links"]) => {
                cursor_list(req, &filter(&st.links, req, &["domain", "tenantId"]))
            }
            (&Method::GET, ["customers"]) => cursor_list(
                req,
                &filter(&st.customers, req, &["email", "externalId", "country"]),
            ),
            (&Method::GET, ["commissions"]) => {
                // A commission names its partner in `partner.id`.
                let rows: Vec<Value> = st
                    .commissions
                    .iter()
                    .filter(|c| {
                        req.query("partnerId")
                            .is_none_or(|p| c["partner"]["id"] == p)
                    })
                    .cloned()
                    .collect();
                cursor_list(req, &filter(&rows, req, &["status", "type", "invoiceId"]))
            }
            (&Method::GET, ["events"]) => {
                let kind = req.query("event").unwrap_or("clicks");
                let wanted = kind.trim_end_matches('s');
                let rows: Vec<&Value> = st.events.iter().filter(|e| e["event"] == wanted).collect();
                events_list(req, rows)
            }
            (&Method::POST, ["links"]) => match req.json::<Value>() {
                Ok(body) => match st.create_link(&body) {
                    Ok(link) => SandboxResponse::json(200, &link),
                    Err(e) => e,
                },
                Err(e) => error(400, "bad_request", &format!("Invalid JSON: {e}")),
            },
            (&Method::POST, ["links", "bulk"]) => match req.json::<Vec<Value>>() {
                Ok(items) if items.len() <= 100 => {
                    let out: Vec<Value> = items
                        .iter()
                        .map(|item| match st.create_link(item) {
                            Ok(link) => link,
                            Err(e) => {
                                let body: Value = serde_json::from_slice(&e.body).unwrap_or_default();
                                json!({"link": item, "error": body["error"]["message"], "code": body["error"]["code"]})
                            }
                        })
                        .collect();
                    SandboxResponse::json(200, &Value::Array(out))
                }
                Ok(_) => error(
                    422,
                    "unprocessable_entity",
                    "body: Array must contain at most 100 element(s)",
                ),
                Err(e) => error(400, "bad_request", &format!("Invalid JSON: {e}")),
            },
            (&Method::PUT, ["links", "upsert"]) => match req.json::<Value>() {
                Ok(body) => {
                    let url = body["url"].as_str().unwrap_or_default().to_owned();
                    if let Some(existing) = st.links.iter_mut().find(|l| l["url"] == url.as_str()) {
                        merge(existing, &body);
                        existing["updatedAt"] = json!(data::iso(now_ms() / 1000));
                        SandboxResponse::json(200, existing)
                    } else {
                        match st.create_link(&body) {
                            Ok(link) => SandboxResponse::json(200, &link),
                            Err(e) => e,
                        }
                    }
                }
                Err(e) => error(400, "bad_request", &format!("Invalid JSON: {e}")),
            },
            (&Method::POST, ["track", "lead"]) => match req.json::<Value>() {
                Ok(body) => st.track_lead(&body),
                Err(e) => error(400, "bad_request", &format!("Invalid JSON: {e}")),
            },
            (&Method::POST, ["track", "sale"]) => match req.json::<Value>() {
                Ok(body) => st.track_sale(&body),
                Err(e) => error(400, "bad_request", &format!("Invalid JSON: {e}")),
            },
            (&Method::POST, ["commissions"]) => match req.json::<Value>() {
                Ok(body) => st.create_commission(&body),
                Err(e) => error(400, "bad_request", &format!("Invalid JSON: {e}")),
            },
            (&Method::GET, ["links", "info"]) => st.link_info(req),
            (&Method::PATCH, ["links", id]) if !matches!(*id, "bulk" | "upsert") => {
                match req.json::<Value>() {
                    Ok(body) => st.update_link(id, &body),
                    Err(e) => error(400, "bad_request", &format!("Invalid JSON: {e}")),
                }
            }
            (&Method::DELETE, ["links", id]) if !matches!(*id, "bulk" | "upsert") => {
                match find_record(&st.links, id) {
                    Some(i) => {
                        let link = st.links.remove(i);
                        SandboxResponse::json(200, &json!({"id": link["id"]}))
                    }
                    None => error(404, "not_found", "Link not found."),
                }
            }
            (&Method::POST, ["partners"]) => match req.json::<Value>() {
                Ok(body) => st.upsert_partner(&body),
                Err(e) => error(400, "bad_request", &format!("Invalid JSON: {e}")),
            },
            (&Method::POST, ["partners", verb @ ("ban" | "deactivate")]) => {
                match req.json::<Value>() {
                    Ok(body) => st.set_partner_status(&body, verb),
                    Err(e) => error(400, "bad_request", &format!("Invalid JSON: {e}")),
                }
            }
            (&Method::PATCH, ["commissions", id]) if *id != "bulk" => match req.json::<Value>() {
                Ok(body) => match st.commissions.iter_mut().find(|c| c["id"] == *id) {
                    Some(c) => {
                        for key in ["status", "amount", "earnings", "currency"] {
                            if let Some(v) = body.get(key) {
                                c[key] = v.clone();
                            }
                        }
                        if let Some(v) = body.get("saleAmount") {
                            c["amount"] = v.clone();
                        }
                        c["updatedAt"] = json!(data::iso(now_ms() / 1000));
                        SandboxResponse::json(200, c)
                    }
                    None => error(404, "not_found", "Commission not found."),
                },
                Err(e) => error(400, "bad_request", &format!("Invalid JSON: {e}")),
            },
            (&Method::POST, ["discount-codes"]) => match req.json::<Value>() {
                Ok(body) => st.create_discount_code(&body),
                Err(e) => error(400, "bad_request", &format!("Invalid JSON: {e}")),
            },
            (&Method::DELETE, ["discount-codes", id]) => {
                match st
                    .discount_codes
                    .iter()
                    .position(|d| d["id"] == *id || d["code"] == *id)
                {
                    Some(i) => {
                        let d = st.discount_codes.remove(i);
                        SandboxResponse::json(200, &json!({"id": d["id"]}))
                    }
                    None => error(404, "not_found", "Discount code not found."),
                }
            }
            (&Method::GET, ["customers", id]) => match find_record(&st.customers, id) {
                Some(i) => SandboxResponse::json(200, &st.customers[i]),
                None => error(404, "not_found", "Customer not found."),
            },
            (&Method::PATCH, ["customers", id]) => match req.json::<Value>() {
                Ok(body) => match find_record(&st.customers, id) {
                    Some(i) => {
                        let c = &mut st.customers[i];
                        let own_id = c["id"].clone();
                        merge(c, &body);
                        c["id"] = own_id;
                        SandboxResponse::json(200, c)
                    }
                    None => error(404, "not_found", "Customer not found."),
                },
                Err(e) => error(400, "bad_request", &format!("Invalid JSON: {e}")),
            },
            (&Method::DELETE, ["customers", id]) => match find_record(&st.customers, id) {
                Some(i) => {
                    let c = st.customers.remove(i);
                    SandboxResponse::json(200, &json!({"id": c["id"]}))
                }
                None => error(404, "not_found", "Customer not found."),
            },
            _ => unsupported(req),
        }
    }
}

/// Every operation of `specs/dub.yaml` with an example answer (generated:
/// `src/generated/sandbox_ops.json`).
pub fn operations() -> &'static Operations {
    static OPS: LazyLock<Operations> = LazyLock::new(|| {
        Operations::embedded(
            "dub/src/generated/sandbox_ops.json",
            include_str!("../generated/sandbox_ops.json"),
        )
    });
    &OPS
}

/// A request the sandbox cannot honour (a route or method it does not
/// model): `501` with the code `sandbox_unsupported` in Dub's error
/// envelope, never a `404` that would read as a real not-found.
fn unsupported(req: &SandboxRequest) -> SandboxResponse {
    error(
        501,
        "sandbox_unsupported",
        &format!("The sandbox does not serve {} {}", req.method, req.path),
    )
}

/// The position of the record `id` names: its `id`, or `ext_<externalId>`
/// as Dub accepts in paths.
fn find_record(rows: &[Value], id: &str) -> Option<usize> {
    rows.iter().position(|r| r["id"] == id).or_else(|| {
        let ext = id.strip_prefix("ext_")?;
        rows.iter().position(|r| r["externalId"] == ext)
    })
}

/// Copies every key of `patch` into `target`.
fn merge(target: &mut Value, patch: &Value) {
    if let (Value::Object(t), Value::Object(p)) = (target, patch) {
        for (k, v) in p {
            t.insert(k.clone(), v.clone());
        }
    }
}

fn filter(rows: &[Value], req: &SandboxRequest, keys: &[&str]) -> Vec<Value> {
    rows.iter()
        .filter(|r| {
            keys.iter().all(|k| match req.query(k) {
                None => true,
                Some(want) => {
                    let (neg, want) = match want.strip_prefix('-') {
                        Some(w) => (true, w),
                        None => (false, want),
                    };
                    let hit = want.split(',').any(|w| r[*k].as_str() == Some(w));
                    hit != neg
                }
            })
        })
        .cloned()
        .collect()
}

fn page_list(req: &SandboxRequest, rows: &[Value], max: usize) -> SandboxResponse {
    let page = match number(req, "page") {
        Ok(p) => p.unwrap_or(1),
        Err(e) => return e,
    };
    let size = match number(req, "pageSize") {
        Ok(s) => s.unwrap_or(max),
        Err(e) => return e,
    };
    if page == 0 || size == 0 || size > max {
        return error(
            422,
            "unprocessable_entity",
            "page/pageSize: Number must be greater than 0 and within the maximum",
        );
    }
    if page > 1000 {
        return error(
            422,
            "unprocessable_entity",
            "Page is too big (cannot be more than 1000), recommend using cursor-based pagination instead.",
        );
    }
    let start = (page - 1) * size;
    let items: Vec<Value> = rows.iter().skip(start).take(size).cloned().collect();
    SandboxResponse::json(200, &Value::Array(items))
}

/// The first 19 characters of an ISO date-time (`YYYY-MM-DDTHH:MM:SS`,
/// UTC), padded for a bare date, so that dates compare as strings.
fn iso_key(s: &str) -> String {
    let mut k: String = s.chars().take(19).collect();
    if k.len() == 10 {
        k.push_str("T00:00:00");
    }
    k
}

/// Events in the `start`..`end` window (or the `interval` before now, 24
/// hours by default, as Dub does), sorted by `timestamp` in `sortOrder`
/// (newest first by default), then paged by `page`/`limit`.
fn events_list(req: &SandboxRequest, mut rows: Vec<&Value>) -> SandboxResponse {
    let start = match (req.query("start"), req.query("interval").unwrap_or("24h")) {
        (Some(s), _) => Some(iso_key(s)),
        (None, "all") => None,
        (None, interval) => {
            let secs = match interval {
                "24h" => 86_400,
                "7d" => 7 * 86_400,
                "30d" => 30 * 86_400,
                "90d" => 90 * 86_400,
                "1y" => 365 * 86_400,
                _ => return unsupported(req),
            };
            Some(iso_key(&data::iso((now_ms() / 1000).saturating_sub(secs))))
        }
    };
    let end = req.query("end").map(iso_key);
    rows.retain(|e| {
        let t = iso_key(e["timestamp"].as_str().unwrap_or(""));
        start.as_ref().is_none_or(|s| t >= *s) && end.as_ref().is_none_or(|e| t <= *e)
    });
    rows.sort_by(|a, b| a["timestamp"].as_str().cmp(&b["timestamp"].as_str()));
    if req
        .query("sortOrder")
        .or(req.query("order"))
        .unwrap_or("desc")
        != "asc"
    {
        rows.reverse();
    }

    let page = match number(req, "page") {
        Ok(p) => p.unwrap_or(1),
        Err(e) => return e,
    };
    let limit = match number(req, "limit") {
        Ok(s) => s.unwrap_or(100),
        Err(e) => return e,
    };
    if page == 0 || limit == 0 || limit > 1000 {
        return error(
            422,
            "unprocessable_entity",
            "limit: Number must be less than or equal to 1000",
        );
    }
    let items: Vec<Value> = rows
        .into_iter()
        .skip((page - 1) * limit)
        .take(limit)
        .cloned()
        .collect();
    SandboxResponse::json(200, &Value::Array(items))
}

fn cursor_list(req: &SandboxRequest, rows: &[Value]) -> SandboxResponse {
    let after = req.query("startingAfter");
    let before = req.query("endingBefore");
    if after.is_some() && before.is_some() {
        return error(
            422,
            "unprocessable_entity",
            "You cannot use both startingAfter and endingBefore at the same time.",
        );
    }
    if (after.is_some() || before.is_some()) && req.query("page").is_some() {
        return error(
            422,
            "unprocessable_entity",
            "You cannot use both cursor-based and offset-based pagination at the same time.",
        );
    }
    if (after.is_some() || before.is_some())
        && req.query("sortBy").is_some_and(|s| s != "createdAt")
    {
        return error(
            422,
            "unprocessable_entity",
            "Cursor-based pagination is only supported with sortBy=createdAt.",
        );
    }
    if req.query("page").is_some() || req.query("sortBy").is_some_and(|s| s != "createdAt") {
        return page_list(req, rows, 100);
    }
    let size = match number(req, "pageSize") {
        Ok(s) => s.unwrap_or(100),
        Err(e) => return e,
    };
    if size == 0 || size > 100 {
        return error(
            422,
            "unprocessable_entity",
            "pageSize: Number must be less than or equal to 100",
        );
    }
    // Rows are stored newest first (sortOrder desc, by id).
    let pos = |id: &str| rows.iter().position(|r| r["id"] == id);
    let items: Vec<Value> = match (after, before) {
        (Some(a), _) => match pos(a) {
            Some(i) => rows.iter().skip(i + 1).take(size).cloned().collect(),
            None => Vec::new(),
        },
        (_, Some(b)) => match pos(b) {
            Some(i) => rows[i.saturating_sub(size)..i].to_vec(),
            None => Vec::new(),
        },
        _ => rows.iter().take(size).cloned().collect(),
    };
    SandboxResponse::json(200, &Value::Array(items))
}

impl State {
    fn id(&mut self, prefix: &str) -> String {
        self.next_id += 1;
        format!("{prefix}_{:020}", self.next_id)
    }

    fn create_link(&mut self, body: &Value) -> Result<Value, SandboxResponse> {
        let Some(url) = body["url"].as_str().filter(|u| u.starts_with("http")) else {
            return Err(error(422, "unprocessable_entity", "url: Invalid URL"));
        };
        let domain = body["domain"].as_str().unwrap_or("dub.sh").to_owned();
        let id = self.id("link");
        let key = body["key"]
            .as_str()
            .map(str::to_owned)
            .unwrap_or_else(|| id[id.len() - 7..].to_owned());
        if self
            .links
            .iter()
            .any(|l| l["domain"] == domain.as_str() && l["key"] == key.as_str())
        {
            return Err(error(
                409,
                "conflict",
                &format!("Duplicate key: The key \"{key}\" is already in use."),
            ));
        }
        if let Some(ext) = body["externalId"]
            .as_str()
            .filter(|e| self.links.iter().any(|l| l["externalId"] == *e))
        {
            return Err(error(
                409,
                "conflict",
                &format!("A link with the externalId {ext} already exists."),
            ));
        }
        let mut link = data::link(&id, &domain, &key, url, now_ms() / 1000);
        merge(&mut link, body);
        link["id"] = json!(id);
        link["key"] = json!(key);
        link["shortLink"] = json!(format!("https://{domain}/{key}"));
        self.links.insert(0, link.clone());
        Ok(link)
    }

    /// `GET /links/info`: one link by `linkId`, `externalId` (with or
    /// without the `ext_` prefix) or `domain` and `key`.
    fn link_info(&self, req: &SandboxRequest) -> SandboxResponse {
        let found = if let Some(id) = req.query("linkId") {
            self.links.iter().find(|l| l["id"] == id)
        } else if let Some(ext) = req.query("externalId") {
            let ext = ext.strip_prefix("ext_").unwrap_or(ext);
            self.links.iter().find(|l| l["externalId"] == ext)
        } else if let (Some(domain), Some(key)) = (req.query("domain"), req.query("key")) {
            self.links
                .iter()
                .find(|l| l["domain"] == domain && l["key"] == key)
        } else {
            return error(
                400,
                "bad_request",
                "You must provide a domain and a key or a linkId or an externalId to retrieve a link.",
            );
        };
        match found {
            Some(link) => SandboxResponse::json(200, link),
            None => error(404, "not_found", "Link not found."),
        }
    }

    /// `PATCH /links/{linkId}`: merges the body into the link; a new
    /// `domain` or `key` that another link holds is a 409, as on Dub.
    fn update_link(&mut self, id: &str, body: &Value) -> SandboxResponse {
        let Some(i) = find_record(&self.links, id) else {
            return error(404, "not_found", "Link not found.");
        };
        if let Some(url) = body.get("url")
            && !url.as_str().is_some_and(|u| u.starts_with("http"))
        {
            return error(422, "unprocessable_entity", "url: Invalid URL");
        }
        let current = &self.links[i];
        let domain = body["domain"]
            .as_str()
            .or(current["domain"].as_str())
            .unwrap_or("dub.sh")
            .to_owned();
        let key = body["key"]
            .as_str()
            .or(current["key"].as_str())
            .unwrap_or_default()
            .to_owned();
        if self
            .links
            .iter()
            .enumerate()
            .any(|(j, l)| j != i && l["domain"] == domain.as_str() && l["key"] == key.as_str())
        {
            return error(
                409,
                "conflict",
                &format!("Duplicate key: The key \"{key}\" is already in use."),
            );
        }
        let link = &mut self.links[i];
        let own_id = link["id"].clone();
        merge(link, body);
        link["id"] = own_id;
        link["shortLink"] = json!(format!("https://{domain}/{key}"));
        link["updatedAt"] = json!(data::iso(now_ms() / 1000));
        SandboxResponse::json(200, link)
    }

    fn track_lead(&mut self, body: &Value) -> SandboxResponse {
        let (Some(customer), Some(event)) = (
            body["customerExternalId"].as_str(),
            body["eventName"].as_str(),
        ) else {
            return error(
                422,
                "unprocessable_entity",
                "customerExternalId: Required; eventName: Required",
            );
        };
        let key = (customer.to_owned(), event.to_owned());
        let deferred = body["mode"] == "deferred";
        if deferred || !self.leads.contains(&key) {
            self.leads.push(key);
            let ts = data::iso(now_ms() / 1000);
            let eid = self.id("evt");
            self.events.push(json!({"event": "lead", "timestamp": ts, "eventId": eid, "eventName": event, "customer": {"externalId": customer}}));
        }
        SandboxResponse::json(
            200,
            &json!({"click": {"id": body["clickId"]}, "link": null, "customer": {"name": body["customerName"], "email": body["customerEmail"], "avatar": null, "externalId": customer}}),
        )
    }

    fn track_sale(&mut self, body: &Value) -> SandboxResponse {
        let (Some(customer), Some(amount)) =
            (body["customerExternalId"].as_str(), body["amount"].as_i64())
        else {
            return error(
                422,
                "unprocessable_entity",
                "customerExternalId: Required; amount: Required",
            );
        };
        let invoice = body["invoiceId"].as_str().map(str::to_owned);
        if let Some(cached) = invoice.as_ref().and_then(|i| self.sales_by_invoice.get(i)) {
            return SandboxResponse::json(200, cached);
        }
        let event_name = body["eventName"].as_str().unwrap_or("Purchase");
        let sale = json!({"amount": amount, "currency": body["currency"].as_str().unwrap_or("usd"), "paymentProcessor": body["paymentProcessor"].as_str().unwrap_or("custom"), "invoiceId": invoice, "metadata": body["metadata"]});
        let resp = json!({"eventName": event_name, "customer": {"id": format!("cus_{customer}"), "externalId": customer}, "sale": sale});
        let eid = self.id("evt");
        self.events.push(json!({"event": "sale", "timestamp": data::iso(now_ms() / 1000), "eventId": eid, "eventName": event_name, "sale": sale, "customer": {"externalId": customer}}));
        if let Some(i) = invoice {
            self.sales_by_invoice.insert(i, resp.clone());
        }
        SandboxResponse::json(200, &resp)
    }

    /// `POST /partners`: Dub's upsert. A partner with the same `email` (or
    /// `tenantId`) takes the given fields; otherwise one is enrolled,
    /// `approved`, at the head of the list. Answers `201` with the partner.
    fn upsert_partner(&mut self, body: &Value) -> SandboxResponse {
        let Some(email) = body["email"].as_str().filter(|e| e.contains('@')) else {
            return error(422, "unprocessable_entity", "email: Invalid email");
        };
        let tenant = body["tenantId"].as_str();
        let found = self
            .partners
            .iter()
            .position(|p| p["email"] == email || tenant.is_some_and(|t| p["tenantId"] == t));
        let i = match found {
            Some(i) => i,
            None => {
                let id = self.id("pn");
                let now = data::iso(now_ms() / 1000);
                self.partners.insert(
                    0,
                    json!({"id": id, "partnerId": id, "name": null, "email": email, "tenantId": null,
                    "programId": "prog_sandbox", "groupId": "grp_default", "status": "approved",
                    "createdAt": now, "links": [], "totalClicks": 0, "totalLeads": 0, "totalSales": 0,
                    "totalSaleAmount": 0, "totalCommissions": 0, "netRevenue": 0}),
                );
                0
            }
        };
        let partner = &mut self.partners[i];
        for key in [
            "name",
            "email",
            "username",
            "image",
            "tenantId",
            "groupId",
            "country",
            "description",
        ] {
            if let Some(v) = body.get(key).filter(|v| !v.is_null()) {
                partner[key] = v.clone();
            }
        }
        SandboxResponse::json(201, partner)
    }

    /// `POST /partners/ban` and `/partners/deactivate`: the partner named
    /// by `partnerId` (or `tenantId`) becomes `banned` (with the reason) or
    /// `deactivated`.
    fn set_partner_status(&mut self, body: &Value, verb: &str) -> SandboxResponse {
        let (id, tenant) = (body["partnerId"].as_str(), body["tenantId"].as_str());
        if id.is_none() && tenant.is_none() {
            return error(
                400,
                "bad_request",
                "You must provide a partnerId or a tenantId.",
            );
        }
        let Some(p) = self.partners.iter_mut().find(|p| {
            id.is_some_and(|i| p["id"] == i) || tenant.is_some_and(|t| p["tenantId"] == t)
        }) else {
            return error(404, "not_found", "Partner not found.");
        };
        if verb == "ban" {
            p["status"] = json!("banned");
            p["bannedAt"] = json!(data::iso(now_ms() / 1000));
            p["bannedReason"] = body["reason"].clone();
        } else {
            p["status"] = json!("deactivated");
        }
        SandboxResponse::json(200, &json!({"partnerId": p["id"]}))
    }

    /// `POST /discount-codes`: a code for a partner's link (a code given
    /// or one made up); a code another discount code holds is a 409.
    fn create_discount_code(&mut self, body: &Value) -> SandboxResponse {
        let (Some(partner), Some(link)) = (body["partnerId"].as_str(), body["linkId"].as_str())
        else {
            return error(
                422,
                "unprocessable_entity",
                "partnerId: Required; linkId: Required",
            );
        };
        let id = self.id("dcode");
        let code = body["code"]
            .as_str()
            .map(str::to_owned)
            .unwrap_or_else(|| format!("SANDBOX{}", &id[id.len() - 6..]));
        if self
            .discount_codes
            .iter()
            .any(|d| d["code"] == code.as_str())
        {
            return error(
                409,
                "conflict",
                &format!("A discount code {code} already exists."),
            );
        }
        let record = json!({"id": id, "code": code, "discountId": "disc_sandbox", "partnerId": partner, "linkId": link, "createdAt": data::iso(now_ms() / 1000), "disabledAt": null});
        self.discount_codes.insert(0, record.clone());
        SandboxResponse::json(201, &record)
    }

    fn create_commission(&mut self, body: &Value) -> SandboxResponse {
        let Some(partner) = body["partnerId"].as_str() else {
            return error(422, "unprocessable_entity", "partnerId: Required");
        };
        let amount = body["amount"]
            .as_f64()
            .or_else(|| body["saleAmount"].as_f64())
            .unwrap_or(0.0);
        if body["type"] == "custom" {
            if amount == 0.0 {
                return error(422, "unprocessable_entity", "amount: Amount cannot be 0");
            }
            if amount < 0.0 && body["description"].as_str().is_none_or(str::is_empty) {
                return error(
                    422,
                    "unprocessable_entity",
                    "description: A clawback requires a reason",
                );
            }
        }
        // Amounts are integer cents, as the list serves them.
        let cents = amount.round() as i64;
        let id = self.id("cm");
        let partner_obj = self
            .partners
            .iter()
            .find(|p| p["id"] == partner)
            .map(|p| json!({"id": p["id"], "name": p["name"], "email": p["email"]}));
        self.commissions.insert(
            0,
            json!({"id": id, "type": body["type"], "amount": cents, "earnings": cents, "currency": "usd", "status": "pending", "description": body["description"], "partner": partner_obj.unwrap_or(json!({"id": partner})), "createdAt": data::iso(now_ms() / 1000)}),
        );
        SandboxResponse::json(
            202,
            &json!({"success": true, "message": "Commission creation queued."}),
        )
    }
}

impl Handler for DubSandbox {
    fn handle(&self, req: SandboxRequest) -> SandboxResponse {
        let n = {
            let mut st = self.lock();
            st.requests += 1;
            st.requests
        };
        let resp = self.route(&req);
        // What the routes do not model, the description's example answers.
        let resp = operations().after(req.method.as_str(), &req.path, resp);
        with_rate_headers(resp, n)
    }

    fn fault(&self, fault: &Fault) -> SandboxResponse {
        match fault {
            Fault::RateLimited { retry_after } => {
                // Dub sends the window's reset as epoch milliseconds: a
                // delay in seconds is turned into that form; any other form
                // (an HTTP-date, an absolute time) goes out as given, so
                // tests can exercise it, with the reset header naming the
                // same moment in epoch milliseconds.
                let wait = affiliate_common::retry::parse_wait(retry_after, SystemTime::now())
                    .unwrap_or(Duration::from_secs(1));
                let reset_ms = now_ms().saturating_add(wait.as_millis() as u64);
                let reset = reset_ms.to_string();
                let delay = retry_after.trim().parse::<f64>().is_ok_and(|n| n < 1e9);
                let retry_after = if delay { reset.as_str() } else { retry_after };
                error(429, "rate_limit_exceeded", "Too many requests.")
                    .header("retry-after", retry_after)
                    .header("x-ratelimit-reset", &reset)
                    .header("x-ratelimit-limit", "1200")
                    .header("x-ratelimit-remaining", "0")
            }
            Fault::Status(502) | Fault::Status(504) => SandboxResponse::bytes(
                502,
                "text/html",
                "<html><body>502 Bad Gateway</body></html>",
            ),
            Fault::Status(code) => error(
                *code,
                "internal_server_error",
                "An internal server error occurred.",
            ),
            _ => error(
                500,
                "internal_server_error",
                "An internal server error occurred.",
            ),
        }
    }
}

fn with_rate_headers(resp: SandboxResponse, n: u64) -> SandboxResponse {
    let reset = (now_ms() / 60_000 + 1) * 60_000;
    resp.header("x-ratelimit-limit", "1200")
        .header("x-ratelimit-remaining", &(1200 - (n % 1200)).to_string())
        .header("x-ratelimit-reset", &reset.to_string())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_table_holds_every_operation_of_the_description() {
        let ops = super::operations().all();
        assert_eq!(ops.len(), 54);
        assert!(ops.iter().any(|o| o.method == "GET" && o.template == "/qr"));
    }
}
