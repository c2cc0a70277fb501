//! The simulated API: authentication, routing, paging and writes.

// Handlers return early with a ready error response; boxing them would only
// add noise to a test server.
#![allow(clippy::result_large_err)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use affiliate_common::Auth;
use affiliate_common::reqwest::Method;
use affiliate_common::sandbox::{Fault, Handler, SandboxRequest, SandboxResponse};
use serde_json::{Map, Value, json};

use super::seed::{self, Rng};
use super::store::{Collection, PageError, Paging, Spec};
use super::{PARTNER_TOKEN, SandboxConfig, Seeded, VENDOR_TOKEN};

/// How long a report stays locked after an export (the API's rule).
const EXPORT_WINDOW: Duration = Duration::from_secs(2 * 3600);

/// What each vendor collection supports.
struct Route {
    name: &'static str,
    spec: Spec,
    list: bool,
    create: bool,
    get: bool,
    update: bool,
    delete: bool,
}

const fn route(
    name: &'static str,
    prefix: &'static str,
    filters: &'static [(&'static str, &'static str)],
    aliases: &'static [&'static str],
    ops: [bool; 5],
) -> Route {
    Route {
        name,
        spec: Spec {
            prefix,
            filters,
            aliases,
        },
        list: ops[0],
        create: ops[1],
        get: ops[2],
        update: ops[3],
        delete: ops[4],
    }
}

const ALL: [bool; 5] = [true, true, true, true, true];

static VENDOR: &[Route] = &[
    route(
        "partnerships",
        "part_",
        &[
            ("group_key", "/group/key"),
            ("group", "/group/slug"),
            ("partner_key", "/partner_key"),
        ],
        &["/partner_key"],
        ALL,
    ),
    route(
        "customers",
        "cus_",
        &[
            ("partner_key", "/partner_key"),
            ("partnership_key", "/partnership_key"),
        ],
        &["/customer_key"],
        ALL,
    ),
    route(
        "transactions",
        "tran_",
        &[("customer_key", "/customer_key")],
        &[],
        [true, true, true, false, true],
    ),
    route(
        "rewards",
        "rew_",
        &[
            ("customer_key", "/customer/key"),
            ("status", "/reward_status"),
        ],
        &[],
        [true, true, false, false, false],
    ),
    route(
        "deals",
        "deal_",
        &[("partner_key", "/partner_key")],
        &["/external_key"],
        ALL,
    ),
    route(
        "leads",
        "lead_",
        &[("partner_key", "/partner_key")],
        &[],
        ALL,
    ),
    route(
        "actions",
        "act_",
        &[
            ("partnership_key", "/partnership_key"),
            ("action_type", "/type"),
        ],
        &[],
        [true, true, false, false, true],
    ),
    route(
        "groups",
        "grup_",
        &[],
        &[],
        [true, false, false, false, false],
    ),
    route(
        "form-templates",
        "mold_",
        &[("target_type", "/type"), ("mold_key", "/key")],
        &[],
        [true, false, false, false, false],
    ),
    route("webhooks", "wh_", &[], &[], ALL),
    route(
        "applications",
        "app_",
        &[("group_key", "/group_key")],
        &[],
        [true, true, false, false, false],
    ),
    route(
        "tiers",
        "tier_",
        &[("collection_key", "/collection_key")],
        &[],
        [true, true, true, true, false],
    ),
    route(
        "tiers/collection",
        "tcol_",
        &[],
        &[],
        [true, true, true, true, false],
    ),
    route("product-book", "pb_", &[], &["/external_key"], ALL),
    route(
        "products",
        "prod_",
        &[
            ("customer_key", "/customer_key"),
            ("stack_key", "/stack_key"),
            ("click_xid", "/click_xid"),
        ],
        &["/external_key"],
        ALL,
    ),
    route(
        "vendor-report-configuration",
        "vrc_",
        &[],
        &[],
        [true, false, true, false, false],
    ),
    route(
        "vendor-report-export",
        "vre_",
        &[],
        &[],
        [false, false, true, false, false],
    ),
    route(
        "links",
        "link_",
        &[("partnership_key", "/partnership_key")],
        &[],
        [false; 5],
    ),
    route(
        "partner-team",
        "mem_",
        &[("team_key", "/team_key")],
        &[],
        [false; 5],
    ),
];

static PARTNER: &[Route] = &[
    route(
        "partnerships",
        "part_",
        &[],
        &[],
        [true, false, false, false, false],
    ),
    route(
        "customers",
        "cus_",
        &[],
        &[],
        [true, false, false, false, false],
    ),
    route(
        "transactions",
        "tran_",
        &[],
        &[],
        [true, false, false, false, false],
    ),
    route(
        "rewards",
        "rew_",
        &[("status", "/reward_status")],
        &[],
        [true, false, false, false, false],
    ),
    route(
        "actions",
        "act_",
        &[("customer_key", "/customer/key")],
        &[],
        [true, false, false, false, false],
    ),
    route(
        "payouts",
        "pay_",
        &[],
        &[],
        [true, false, false, false, false],
    ),
    route(
        "marketplace/programs",
        "comp_",
        &[("category", "/category/0")],
        &[],
        [true, false, true, false, false],
    ),
];

fn find(routes: &'static [Route], name: &str) -> Option<&'static Route> {
    routes.iter().find(|r| r.name == name)
}

/// Who is calling.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Caller {
    Vendor,
    Partner,
}

struct State {
    vendor: HashMap<&'static str, Collection>,
    partner: HashMap<&'static str, Collection>,
    clock: i64,
    rng: Rng,
    exported: HashMap<String, Instant>,
}

impl State {
    fn now(&mut self) -> i64 {
        let real = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or(0);
        self.clock = real.max(self.clock + 1);
        self.clock
    }

    fn col(&mut self, name: &str) -> &mut Collection {
        self.vendor
            .get_mut(name)
            .expect("every vendor route has a collection")
    }
}

/// The simulated PartnerStack: implements the common sandbox [`Handler`].
///
/// Build one with [`PartnerStackSandbox::new`] and serve it with
/// `Sandbox::start_with_prefix(handler, "/api/v2")`, or use
/// [`super::start`], which does both and returns clients. Clones share the
/// data, so a test can keep one to inspect what the server holds.
#[derive(Clone)]
pub struct PartnerStackSandbox {
    state: Arc<Mutex<State>>,
    basic: String,
    seeded: Seeded,
}

impl std::fmt::Debug for PartnerStackSandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PartnerStackSandbox")
            .field("seeded", &self.seeded)
            .finish_non_exhaustive()
    }
}

type Resp = SandboxResponse;

fn err(status: u16, message: &str) -> Resp {
    SandboxResponse::json(status, &json!({"message": message, "status": status}))
}

fn ok(status: u16, data: Value, message: &str) -> Resp {
    SandboxResponse::json(
        status,
        &json!({"data": data, "message": message, "status": status}),
    )
}

fn ok_raw(json: &str, message: &str) -> Resp {
    let mut body = String::with_capacity(json.len() + 64);
    body.push_str("{\"data\":");
    body.push_str(json);
    body.push_str(",\"message\":");
    body.push_str(&Value::String(message.to_owned()).to_string());
    body.push_str(",\"status\":200}");
    SandboxResponse::bytes(200, "application/json", body)
}

/// A record the sandbox does not hold: the API's own 404.
fn not_found() -> Resp {
    err(404, "Not Found")
}

/// A request the sandbox cannot honour (a route or method it does not
/// model): `501` with the code `sandbox_unsupported`, in PartnerStack's
/// error shape, so it is never mistaken for a real not-found.
fn unsupported(req: &SandboxRequest) -> Resp {
    SandboxResponse::json(
        501,
        &json!({
            "message": format!("The sandbox does not serve {} {}", req.method, req.path),
            "status": 501,
            "code": "sandbox_unsupported",
        }),
    )
}

fn str_field<'a>(body: &'a Map<String, Value>, name: &str) -> Option<&'a str> {
    body.get(name)
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
}

impl PartnerStackSandbox {
    /// Seeds a sandbox (deterministic for a given `config.seed`).
    pub fn new(config: &SandboxConfig) -> Self {
        let mut rng = Rng::new(config.seed);
        let mut vendor: HashMap<&'static str, Collection> = VENDOR
            .iter()
            .map(|r| (r.name, Collection::new(r.spec)))
            .collect();
        let mut partner: HashMap<&'static str, Collection> = PARTNER
            .iter()
            .map(|r| (r.name, Collection::new(r.spec)))
            .collect();

        let groups = seed::groups();
        for g in &groups {
            vendor.get_mut("groups").expect("groups").put(g);
        }
        let mut partnerships = Vec::with_capacity(config.partnerships);
        for (n, t) in seed::times(config.partnerships, &mut rng)
            .into_iter()
            .enumerate()
        {
            let p = seed::partnership(&mut rng, n, t, &groups);
            vendor
                .get_mut("partnerships")
                .expect("partnerships")
                .put(&p);
            if n < 50 {
                let link = json!({
                    "key": format!("link_{n:04}"), "created_at": t, "updated_at": t,
                    "url": format!("https://partnerlinks.io/{}", p["partner_key"].as_str().unwrap_or("p")),
                    "destination": "https://vendor.example/pricing", "name": "Default link",
                    "default": true, "partnership_key": p["key"]
                });
                vendor.get_mut("links").expect("links").put(&link);
                let (first, last, email) = seed::person(&mut rng, n + 500_000);
                let member = json!({
                    "key": format!("mem_{n:04}"), "created_at": t, "updated_at": t,
                    "email": email, "first_name": first, "last_name": last,
                    "team_key": p["team"]["key"]
                });
                vendor.get_mut("partner-team").expect("team").put(&member);
            }
            // Only a sample is kept in memory for references; big seeds stay cheap.
            if partnerships.len() < 5_000 {
                partnerships.push(p);
            }
        }
        let mut customers = Vec::with_capacity(config.customers.min(10_000));
        if !partnerships.is_empty() {
            for (n, t) in seed::times(config.customers, &mut rng)
                .into_iter()
                .enumerate()
            {
                let p = &partnerships[rng.below(partnerships.len() as u64) as usize];
                let c = seed::customer(&mut rng, n, t, p);
                vendor.get_mut("customers").expect("customers").put(&c);
                if customers.len() < 10_000 {
                    customers.push(c);
                }
            }
        }
        let by_key: HashMap<&str, usize> = partnerships
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p["key"].as_str().map(|k| (k, i)))
            .collect();
        let mut transactions = 0;
        let mut rewards = 0;
        if !customers.is_empty() {
            let reward_every = if config.rewards == 0 {
                usize::MAX
            } else {
                (config.transactions / config.rewards.max(1)).max(1)
            };
            for (n, t) in seed::times(config.transactions, &mut rng)
                .into_iter()
                .enumerate()
            {
                let c = &customers[rng.below(customers.len() as u64) as usize];
                let tx = seed::transaction(&mut rng, t, c);
                vendor.get_mut("transactions").expect("tx").put(&tx);
                transactions += 1;
                if rewards < config.rewards && n % reward_every == 0 {
                    let p = c["partnership_key"]
                        .as_str()
                        .and_then(|k| by_key.get(k))
                        .map_or(&partnerships[0], |&i| &partnerships[i]);
                    let r = seed::reward(&mut rng, t + 1, &tx, c, p);
                    vendor.get_mut("rewards").expect("rewards").put(&r);
                    rewards += 1;
                }
            }
            for (n, t) in seed::times(config.actions, &mut rng)
                .into_iter()
                .enumerate()
            {
                let _ = n;
                let c = &customers[rng.below(customers.len() as u64) as usize];
                vendor
                    .get_mut("actions")
                    .expect("actions")
                    .put(&seed::action(&mut rng, t, c));
            }
        }
        if !partnerships.is_empty() {
            for (n, t) in seed::times(config.deals, &mut rng).into_iter().enumerate() {
                let p = &partnerships[rng.below(partnerships.len() as u64) as usize];
                vendor
                    .get_mut("deals")
                    .expect("deals")
                    .put(&seed::deal(&mut rng, n, t, p));
            }
            for (n, t) in seed::times(config.leads, &mut rng).into_iter().enumerate() {
                let p = &partnerships[rng.below(partnerships.len() as u64) as usize];
                vendor
                    .get_mut("leads")
                    .expect("leads")
                    .put(&seed::lead(&mut rng, n, t, p));
            }
        }
        for (n, kind) in ["partnership", "customer", "deal", "lead"]
            .iter()
            .enumerate()
        {
            vendor
                .get_mut("form-templates")
                .expect("forms")
                .put(&seed::form_template(kind, n, &groups));
        }
        type Make = fn(usize) -> Value;
        let simple: &[(&str, &str, usize, Make)] = &[
            ("webhooks", "wh_", 3, |n| {
                let events = [
                    ["partnership.created", "partnership.updated"],
                    ["customer.created", "customer.updated"],
                    ["transaction.created", "reward.created"],
                ];
                json!({"target": format!("https://vendor.example/hooks/{n}"), "events": events[n % 3], "archived": false})
            }),
            ("applications", "app_", 40, |n| {
                json!({"email": format!("applicant{n}@example.com"), "first_name": seed::FIRST[n % 20], "last_name": seed::LAST[n % 20],
                       "group_key": "grup_default", "status": (["pending", "approved", "declined"][n % 3])})
            }),
            (
                "tiers/collection",
                "tcol_",
                2,
                |n| json!({"name": (["Reseller ladder", "Affiliate ladder"][n % 2]), "description": "Tiers by revenue"}),
            ),
            (
                "tiers",
                "tier_",
                6,
                |n| json!({"name": (["Bronze", "Silver", "Gold"][n % 3]), "collection_key": format!("tcol_{:04}", n / 3), "position": n % 3}),
            ),
            ("product-book", "pb_", 4, |n| {
                json!({"name": (["Starter", "Pro", "Pro annual", "Enterprise"][n]), "description": "Subscription plan",
                       "external_key": (["starter-monthly", "pro-monthly", "pro-annual", "enterprise-annual"][n]), "price": ([1_900, 4_900, 49_900, 99_900][n]), "currency": "USD"})
            }),
            (
                "vendor-report-configuration",
                "vrc_",
                3,
                |n| json!({"name": (["Monthly revenue", "Top partners", "Reward liability"][n]), "type": "custom", "configuration": {"range": "last_30_days"}}),
            ),
            // One finished export of the first report, to read back.
            ("vendor-report-export", "vre_", 1, |_| {
                json!({"status": "completed", "vendor_report_configuration_key": "vrc_0000", "member_email": "partners@vendor.example",
                       "file_url": "https://exports.partnerstack.example/vre_0000.csv", "file_name": "vrc_0000.csv"})
            }),
        ];
        for (name, prefix, count, make) in simple {
            for n in 0..*count {
                let v = seed::simple(prefix, n, make(n));
                vendor.get_mut(name).expect("collection").put(&v);
            }
        }
        for (n, c) in customers.iter().take(30).enumerate() {
            let v = seed::simple(
                "prod_",
                n,
                json!({"product_book_key": format!("pb_{:04}", n % 4), "customer_key": c["key"], "stack_key": Value::Null,
                       "click_xid": Value::Null, "external_key": format!("sub-{n:04}"), "status": "active", "meta": {}}),
            );
            vendor.get_mut("products").expect("products").put(&v);
        }

        // Partner-API data for the sandbox's one partner.
        for n in 0..3 {
            partner
                .get_mut("partnerships")
                .expect("p")
                .put(&seed::partner_partnership(n));
        }
        let sample: Vec<&Value> = customers.iter().take(150).collect();
        for (n, c) in sample.iter().enumerate() {
            let v = json!({
                "key": c["key"], "created_at": c["created_at"], "updated_at": c["updated_at"],
                "archived": false, "company": {"key": "comp_000", "name": "Sandbox Vendor Inc.", "id": 1000},
                "country_iso": (["US", "CA", "GB"][n % 3]), "customer_key": c["customer_key"],
                "has_paid": n % 4 != 0, "partnership_key": "part_pv0000", "shared_id": format!("shr_{n:04}"),
                "sub_ids": if n % 5 == 0 { json!(["newsletter"]) } else { json!([]) }
            });
            partner.get_mut("customers").expect("pc").put(&v);
        }
        for row in vendor["transactions"].iter().take(300) {
            let mut v = row.value();
            v["partnership_key"] = json!("part_pv0000");
            partner.get_mut("transactions").expect("pt").put(&v);
        }
        for row in vendor["rewards"].iter().take(200) {
            let mut v = row.value();
            v["payment_status"] = json!(
                (["available", "in_transit", "withdrawn", "paid_and_refunded"]
                    [row.created_at as usize % 4])
            );
            partner.get_mut("rewards").expect("pr").put(&v);
        }
        for row in vendor["actions"].iter().take(80) {
            partner.get_mut("actions").expect("pa").put(&row.value());
        }
        for n in 0..24 {
            partner
                .get_mut("payouts")
                .expect("pay")
                .put(&seed::payout(&mut rng, n));
        }
        for n in 0..60 {
            partner
                .get_mut("marketplace/programs")
                .expect("mkt")
                .put(&seed::program(&mut rng, n));
        }

        let seeded = Seeded {
            partnerships: vendor["partnerships"].len(),
            customers: vendor["customers"].len(),
            transactions,
            rewards,
            deals: vendor["deals"].len(),
            leads: vendor["leads"].len(),
            actions: vendor["actions"].len(),
            groups: vendor["groups"].len(),
        };
        let basic = Auth::basic(super::PUBLIC_KEY, super::SECRET_KEY)
            .header_pair()
            .ok()
            .flatten()
            .and_then(|(_, v)| v.to_str().ok().map(str::to_owned))
            .unwrap_or_default();
        PartnerStackSandbox {
            state: Arc::new(Mutex::new(State {
                vendor,
                partner,
                clock: seed::SEED_END_MS,
                rng,
                exported: HashMap::new(),
            })),
            basic,
            seeded,
        }
    }

    /// What was seeded.
    pub fn seeded(&self) -> Seeded {
        self.seeded
    }

    /// The keys of every record a vendor collection holds now
    /// (`partnerships`, `customers`, `transactions`, ...), or else a
    /// partner-API one (`marketplace/programs`), oldest first; `None` for a
    /// collection the sandbox does not serve.
    pub fn keys(&self, collection: &str) -> Option<Vec<String>> {
        let st = self.state.lock().unwrap_or_else(|p| p.into_inner());
        st.vendor
            .get(collection)
            .or_else(|| st.partner.get(collection))
            .map(|c| c.iter().map(|row| row.key.clone()).collect())
    }

    /// The text of `field` in every record of a collection (as for
    /// [`keys`](Self::keys)), in the same order; a record without the
    /// field gives `""`. `values("partnerships", "partner_key")` names the
    /// partners.
    pub fn values(&self, collection: &str, field: &str) -> Option<Vec<String>> {
        let st = self.state.lock().unwrap_or_else(|p| p.into_inner());
        st.vendor
            .get(collection)
            .or_else(|| st.partner.get(collection))
            .map(|c| {
                c.iter()
                    .map(|row| row.value()[field].as_str().unwrap_or_default().to_owned())
                    .collect()
            })
    }

    fn caller(&self, req: &SandboxRequest) -> Option<Caller> {
        let auth = req.header("authorization")?.trim();
        if auth == self.basic {
            return Some(Caller::Vendor);
        }
        match auth.strip_prefix("Bearer ").map(str::trim) {
            Some(VENDOR_TOKEN) => Some(Caller::Vendor),
            Some(PARTNER_TOKEN) => Some(Caller::Partner),
            _ => None,
        }
    }
}

fn paging(req: &SandboxRequest, spec: &Spec) -> Result<Paging, Resp> {
    let mut p = Paging {
        limit: 10,
        ..Paging::default()
    };
    if let Some(l) = req.query("limit") {
        let n: i64 = l
            .trim()
            .parse()
            .map_err(|_| err(400, "limit: must be an integer between 1 and 250"))?;
        if n < 1 {
            return Err(err(400, "limit: must be an integer between 1 and 250"));
        }
        p.limit = n.min(250) as usize;
    }
    p.starting_after = req.query("starting_after").map(str::to_owned);
    p.ending_before = req.query("ending_before").map(str::to_owned);
    if p.starting_after.is_some() && p.ending_before.is_some() {
        return Err(err(
            400,
            "starting_after and ending_before cannot be used together",
        ));
    }
    let time = |name: &str| -> Result<Option<i64>, Resp> {
        match req.query(name) {
            None => Ok(None),
            Some(v) => v
                .trim()
                .parse()
                .map(Some)
                .map_err(|_| err(400, &format!("{name}: must be a timestamp in milliseconds"))),
        }
    };
    p.min_created = time("min_created")?;
    p.max_created = time("max_created")?;
    p.min_updated = time("min_updated")?;
    p.max_updated = time("max_updated")?;
    p.ascending = matches!(
        req.query("order_by"),
        Some("created_at") | Some("updated_at")
    );
    for (param, _) in spec.filters {
        if let Some(v) = req.query(param) {
            p.equals.push(((*param).to_owned(), v.to_owned()));
        }
    }
    Ok(p)
}

fn list_response(col: &Collection, p: &Paging) -> Resp {
    match col.page(p) {
        Ok(page) => {
            let mut items =
                String::with_capacity(page.items.iter().map(|s| s.len() + 1).sum::<usize>() + 2);
            items.push('[');
            for (i, it) in page.items.iter().enumerate() {
                if i > 0 {
                    items.push(',');
                }
                items.push_str(it);
            }
            items.push(']');
            let data = format!(
                "{{\"has_more\":{},\"items\":{},\"total\":{}}}",
                page.has_more, items, page.total
            );
            ok_raw(&data, "Page returned successfully")
        }
        Err(PageError::UnknownCursor(k)) => err(400, &format!("cursor: no record with key {k}")),
    }
}

impl Handler for PartnerStackSandbox {
    fn handle(&self, req: SandboxRequest) -> SandboxResponse {
        let Some(caller) = self.caller(&req) else {
            return err(401, "Unauthorized");
        };
        let mut segs = req.segments();
        if segs.len() >= 2 && segs[0] == "api" && segs[1] == "v2" {
            segs.drain(..2);
        }
        let segs: Vec<&str> = segs.iter().map(String::as_str).collect();
        let mut st = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let resp = match caller {
            Caller::Partner => partner_route(&mut st, &req, &segs),
            Caller::Vendor => vendor_route(&mut st, &req, &segs),
        };
        // What the routes do not model, the description's example answers;
        // the description writes the partner API's paths under `/v2`.
        let path = match caller {
            Caller::Partner => format!("/v2/{}", segs.join("/")),
            Caller::Vendor => format!("/{}", segs.join("/")),
        };
        super::operations().after(req.method.as_str(), &path, resp)
    }

    fn fault(&self, fault: &Fault) -> SandboxResponse {
        match fault {
            Fault::RateLimited { retry_after } => {
                err(429, "Too Many Requests").header("retry-after", retry_after)
            }
            Fault::Status(code) => {
                let text = affiliate_common::reqwest::StatusCode::from_u16(*code)
                    .ok()
                    .and_then(|s| s.canonical_reason())
                    .unwrap_or("Server Error");
                err(*code, text)
            }
            _ => err(500, "Internal Server Error"),
        }
    }
}

fn partner_route(st: &mut State, req: &SandboxRequest, segs: &[&str]) -> Resp {
    if req.method != Method::GET {
        return err(403, "Forbidden");
    }
    let (name, key) = match segs {
        ["marketplace", "programs"] => ("marketplace/programs", None),
        ["marketplace", "programs", k] => ("marketplace/programs", Some(*k)),
        [c] => (*c, None),
        _ => return unsupported(req),
    };
    let Some(route) = find(PARTNER, name) else {
        return unsupported(req);
    };
    let col = &st.partner[route.name];
    match key {
        None if route.list => match paging(req, &route.spec) {
            Ok(p) => list_response(col, &p),
            Err(e) => e,
        },
        Some(k) if route.get => match col.get(k) {
            Some(row) => ok_raw(&row.json, "Object returned successfully"),
            None => not_found(),
        },
        _ => unsupported(req),
    }
}

fn body_object(req: &SandboxRequest) -> Result<Map<String, Value>, Resp> {
    if req.body.is_empty() {
        return Ok(Map::new());
    }
    match req.json::<Value>() {
        Ok(Value::Object(m)) => Ok(m),
        _ => Err(err(400, "Bad Request: the body must be a JSON object")),
    }
}

fn vendor_route(st: &mut State, req: &SandboxRequest, segs: &[&str]) -> Resp {
    let m = &req.method;
    let body = match body_object(req) {
        Ok(b) => b,
        Err(e) => return e,
    };
    match segs {
        ["deals", "form-templates"] if *m == Method::GET => {
            let items: Vec<Value> = st.vendor["form-templates"]
                .iter()
                .filter(|r| r.value()["type"] == "deal")
                .map(|r| r.value())
                .collect();
            ok(
                200,
                Value::Array(items),
                "Form templates returned successfully",
            )
        }
        ["leads", "form-templates"] if *m == Method::GET => {
            let mut p = match paging(req, &VENDOR[8].spec) {
                Ok(p) => p,
                Err(e) => return e,
            };
            p.equals.push(("target_type".into(), "lead".into()));
            list_response(&st.vendor["form-templates"], &p)
        }
        ["vendor-report-configuration", "list"] if *m == Method::GET => {
            list(st, "vendor-report-configuration", req)
        }
        ["vendor-report-export", "export", k] if *m == Method::GET => {
            get(st, "vendor-report-export", k)
        }
        ["vendor-report-export", k] if *m == Method::POST => export_report(st, k, &body),
        ["exports", "base-records"] if *m == Method::POST => {
            let Some(email) = str_field(&body, "member_email") else {
                return err(400, "member_email is required");
            };
            let types = body.get("export_types").cloned().unwrap_or(json!([]));
            let now = st.now();
            ok(
                200,
                json!({"member_email": email, "export_types": types, "queued_at": now}),
                "Export queued",
            )
        }
        ["tiers", "collection"] => collection_op(st, req, "tiers/collection", None, body),
        ["tiers", "collection", k] => collection_op(st, req, "tiers/collection", Some(k), body),
        ["disti-listings", "categories"] if *m == Method::GET => {
            let items = json!([
                {"id": 1, "slug": "analytics", "name": "Analytics", "productLine": "software"},
                {"id": 2, "slug": "crm", "name": "CRM", "productLine": "software"},
                {"id": 3, "slug": "security", "name": "Security", "productLine": "software"},
            ]);
            ok(200, items, "Categories returned successfully")
        }
        ["sales-cycles", object_type, "stages"] if *m == Method::GET => {
            let stages = ["open", "qualified", "proposal", "closed_won", "closed_lost"];
            let items: Vec<Value> = stages
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    json!({"key": format!("stage_{object_type}_{s}"), "name": s, "position": i,
                           "group_key": req.query("group_key").unwrap_or("grup_default"),
                           "closed": s.starts_with("closed"), "won": *s == "closed_won"})
                })
                .collect();
            ok(200, Value::Array(items), "Stages returned successfully")
        }
        ["links", p] if *m == Method::GET => {
            if st.vendor["partnerships"].get(p).is_none() {
                return not_found();
            }
            filtered_list(st, "links", req, "partnership_key", p)
        }
        ["partner-team", t] if *m == Method::GET => {
            filtered_list(st, "partner-team", req, "team_key", t)
        }
        ["partnerships"] if *m == Method::PATCH => {
            let Some(group_key) = str_field(&body, "group_key").map(str::to_owned) else {
                return err(400, "group_key is required");
            };
            let Some(group) = st.vendor["groups"].get(&group_key).map(|r| r.value()) else {
                return err(400, "group_key: no group with this key");
            };
            let keys: Vec<String> = body
                .get("partnership_keys")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            let now = st.now();
            let mut moved = 0;
            for k in &keys {
                if let Some(mut v) = st.vendor["partnerships"].get(k).map(|r| r.value()) {
                    v["group"] =
                        json!({"key": group["key"], "name": group["name"], "slug": group["slug"]});
                    v["updated_at"] = json!(now);
                    st.col("partnerships").put(&v);
                    moved += 1;
                }
            }
            ok(200, json!({"moved": moved}), "Partnerships updated")
        }
        ["partnerships", k, "tags"] if *m == Method::PATCH => {
            let Some(mut v) = st.vendor["partnerships"].get(k).map(|r| r.value()) else {
                return not_found();
            };
            let list = |name: &str| -> Vec<String> {
                body.get(name)
                    .and_then(Value::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(|v| v.as_str().map(str::to_owned))
                            .collect()
                    })
                    .unwrap_or_default()
            };
            let mut tags: Vec<String> = v["tags"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|t| t.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            for t in list("add") {
                if !tags.contains(&t) {
                    tags.push(t);
                }
            }
            let remove = list("remove");
            tags.retain(|t| !remove.contains(t));
            v["tags"] = json!(tags);
            v["updated_at"] = json!(st.now());
            st.col("partnerships").put(&v);
            ok(200, v, "Partnership updated")
        }
        ["partnerships", pk, "member"] if *m == Method::POST => {
            let Some(p) = st.vendor["partnerships"].get(pk).map(|r| r.value()) else {
                return not_found();
            };
            let Some(email) = str_field(&body, "email").map(str::to_owned) else {
                return err(400, "email is required");
            };
            let now = st.now();
            let key = st.rng.key("mem_");
            let v = json!({"key": key, "created_at": now, "updated_at": now, "email": email,
                           "first_name": body.get("first_name"), "last_name": body.get("last_name"),
                           "team_key": p["team"]["key"]});
            st.col("partner-team").put(&v);
            ok(200, v, "Member added")
        }
        [kind @ ("deals" | "leads"), k, "convert"] if *m == Method::POST => {
            convert(st, kind, k, body)
        }
        ["deals", k, "files"] if *m == Method::GET => {
            if st.vendor["deals"].get(k).is_none() {
                return not_found();
            }
            ok(
                200,
                json!({"deal_files": [{"key": "file_0001", "name": "proposal.pdf", "field_key": "attachments"}]}),
                "Files returned",
            )
        }
        ["deals", k, "file", f] if *m == Method::GET => {
            if st.vendor["deals"].get(k).is_none() || *f != "file_0001" {
                return not_found();
            }
            ok(
                200,
                json!({"url": format!("https://files.partnerstack.example/{k}/{f}?signature=sandbox")}),
                "File returned",
            )
        }
        ["deals", k, "assignment", p, _stack] if *m == Method::POST => {
            if st.vendor["deals"].get(k).is_none() || st.vendor["partnerships"].get(p).is_none() {
                return not_found();
            }
            SandboxResponse::json(200, &json!({"message": "Deal assigned", "status": 200}))
        }
        ["applications", "decision"] if *m == Method::PATCH => {
            let keys: Vec<String> = body
                .get("application_keys")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            let Some(decision) = str_field(&body, "decision").map(str::to_owned) else {
                return err(400, "decision is required");
            };
            let now = st.now();
            let mut decided = Vec::new();
            for k in keys {
                if let Some(mut v) = st.vendor["applications"].get(&k).map(|r| r.value()) {
                    v["status"] = json!(decision);
                    v["updated_at"] = json!(now);
                    st.col("applications").put(&v);
                    decided.push(k);
                }
            }
            ok(200, json!({"decided": decided}), "Applications updated")
        }
        ["applications", k, "decision"] if *m == Method::PATCH => {
            let Some(mut v) = st.vendor["applications"].get(k).map(|r| r.value()) else {
                return not_found();
            };
            let Some(decision) = str_field(&body, "decision").map(str::to_owned) else {
                return err(400, "decision is required");
            };
            v["status"] = json!(decision);
            v["updated_at"] = json!(st.now());
            st.col("applications").put(&v);
            ok(200, v, "Application updated")
        }
        [name] => collection_op(st, req, name, None, body),
        [name, k] => collection_op(st, req, name, Some(k), body),
        _ => unsupported(req),
    }
}

fn list(st: &State, name: &str, req: &SandboxRequest) -> Resp {
    let Some(route) = find(VENDOR, name) else {
        return unsupported(req);
    };
    match paging(req, &route.spec) {
        Ok(p) => list_response(&st.vendor[route.name], &p),
        Err(e) => e,
    }
}

fn filtered_list(st: &State, name: &str, req: &SandboxRequest, field: &str, value: &str) -> Resp {
    let Some(route) = find(VENDOR, name) else {
        return unsupported(req);
    };
    match paging(req, &route.spec) {
        Ok(mut p) => {
            p.equals.retain(|(k, _)| k != field);
            p.equals.push((field.to_owned(), value.to_owned()));
            list_response(&st.vendor[route.name], &p)
        }
        Err(e) => e,
    }
}

fn get(st: &State, name: &str, key: &str) -> Resp {
    match st.vendor.get(name).and_then(|c| c.get(key)) {
        Some(row) => ok_raw(&row.json, "Object returned successfully"),
        None => not_found(),
    }
}

fn collection_op(
    st: &mut State,
    req: &SandboxRequest,
    name: &str,
    key: Option<&str>,
    body: Map<String, Value>,
) -> Resp {
    let Some(route) = find(VENDOR, name) else {
        return unsupported(req);
    };
    let m = &req.method;
    match key {
        None if *m == Method::GET && route.list => list(st, route.name, req),
        None if *m == Method::POST && route.create => create(st, route, body),
        Some(k) if *m == Method::GET && route.get => get(st, route.name, k),
        Some(k) if *m == Method::PATCH && route.update => update(st, route, k, body),
        Some(k) if *m == Method::DELETE && route.delete => match st.col(route.name).remove(k) {
            Some(_) => {
                SandboxResponse::json(200, &json!({"message": "Object deleted", "status": 200}))
            }
            None => not_found(),
        },
        _ => unsupported(req),
    }
}

fn group_ref(st: &State, key: &str) -> Option<Value> {
    st.vendor["groups"]
        .get(key)
        .map(|r| r.value())
        .map(|g| json!({"key": g["key"], "name": g["name"], "slug": g["slug"]}))
}

/// Checks and completes a create body; returns the record without its
/// key and timestamps.
fn prepare(
    st: &mut State,
    name: &str,
    mut body: Map<String, Value>,
) -> Result<Map<String, Value>, Resp> {
    match name {
        "partnerships" => {
            let email = str_field(&body, "email").ok_or_else(|| err(400, "email is required"))?;
            if email.len() > 255 || !email.contains('@') {
                return Err(err(400, "email: must be a valid email address"));
            }
            if let Some(pk) = str_field(&body, "partner_key") {
                if st.vendor["partnerships"].get(pk).is_some() {
                    return Err(err(
                        400,
                        "partner_key: a partnership with this partner_key already exists",
                    ));
                }
            } else {
                let pk = st.rng.key("pk_");
                body.insert("partner_key".into(), json!(pk));
            }
            let group_key = str_field(&body, "group_key")
                .unwrap_or("grup_default")
                .to_owned();
            let group = group_ref(st, &group_key)
                .ok_or_else(|| err(400, "group_key: no group with this key"))?;
            body.remove("group_key");
            body.insert("group".into(), group);
            body.insert("claimed".into(), json!(false));
            body.insert("joined_at".into(), Value::Null);
            body.entry("tags").or_insert(json!([]));
        }
        "customers" => {
            let email = str_field(&body, "email").ok_or_else(|| err(400, "email is required"))?;
            if email.len() < 4 || email.len() > 255 {
                return Err(err(400, "email: must be 4 to 255 characters"));
            }
            let pk = str_field(&body, "partner_key")
                .map(str::to_owned)
                .ok_or_else(|| err(400, "partner_key is required"))?;
            let pk = pk.as_str();
            let partner = if pk == "gstest" {
                json!({"key": "part_gstest", "partner_key": "gstest"})
            } else {
                st.vendor["partnerships"]
                    .get(pk)
                    .map(|r| r.value())
                    .ok_or_else(|| {
                        err(400, "partner_key: no partner with this key in the program")
                    })?
            };
            if str_field(&body, "customer_key")
                .is_some_and(|ck| st.vendor["customers"].get(ck).is_some())
            {
                return Err(err(
                    400,
                    "customer_key: a customer with this key already exists",
                ));
            }
            body.insert("partner_key".into(), partner["partner_key"].clone());
            body.insert("partnership_key".into(), partner["key"].clone());
            body.insert("test".into(), json!(pk == "gstest"));
            body.insert("source_type".into(), json!("api"));
            body.remove("member_key");
        }
        "transactions" => {
            let refs = ["customer_key", "customer_external_key", "customer_email"];
            let given: Vec<&str> = refs
                .iter()
                .copied()
                .filter(|r| str_field(&body, r).is_some())
                .collect();
            if given.len() != 1 {
                return Err(err(
                    400,
                    "exactly one of customer_key, customer_external_key or customer_email is required",
                ));
            }
            let value = str_field(&body, given[0]).unwrap_or_default().to_owned();
            let customer = match given[0] {
                "customer_email" => st.vendor["customers"]
                    .iter()
                    .rev()
                    .map(|r| r.value())
                    .find(|c| c["email"] == value.as_str()),
                _ => st.vendor["customers"].get(&value).map(|r| r.value()),
            }
            .ok_or_else(|| err(404, "Not Found: no such customer"))?;
            let amount = body
                .get("amount")
                .and_then(Value::as_i64)
                .ok_or_else(|| err(400, "amount is required and must be an integer"))?;
            if !(-50_000_000_000..=50_000_000_000).contains(&amount) {
                return Err(err(400, "amount: out of range"));
            }
            let currency = str_field(&body, "currency")
                .map(str::to_owned)
                .ok_or_else(|| err(400, "currency is required"))?;
            if currency.chars().count() != 3 {
                return Err(err(400, "currency: must be exactly 3 characters"));
            }
            let rate = match currency.to_ascii_uppercase().as_str() {
                "EUR" => 108,
                "GBP" => 127,
                "CAD" => 73,
                _ => 100,
            };
            for r in refs {
                body.remove(r);
            }
            body.insert("currency".into(), json!(currency.to_ascii_uppercase()));
            body.insert("amount_usd".into(), json!(amount * rate / 100));
            body.insert("customer_key".into(), customer["key"].clone());
            body.insert(
                "customer".into(),
                json!({"key": customer["key"], "email": customer["email"], "external_key": customer["customer_key"]}),
            );
            body.insert("approved".into(), json!(true));
            body.insert("archived".into(), json!(false));
            body.entry("test").or_insert(customer["test"].clone());
        }
        "rewards" => {
            if body.get("amount").and_then(Value::as_i64).is_none() {
                return Err(err(400, "amount is required and must be an integer"));
            }
            if str_field(&body, "description").is_none() {
                return Err(err(400, "description is required"));
            }
            if let Some(target) = body.get("target").cloned() {
                let tkey = target
                    .get("key")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                let kind = target
                    .get("type")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                let col = match kind {
                    "customer" => "customers",
                    "transaction" => "transactions",
                    "partnership" => "partnerships",
                    _ => return Err(err(400, "target.type: must be customer or transaction")),
                };
                let found = st.vendor[col]
                    .get(tkey)
                    .map(|r| r.value())
                    .ok_or_else(not_found)?;
                if col == "customers" {
                    body.insert(
                        "customer".into(),
                        json!({"key": found["key"], "email": found["email"], "name": found["name"], "external_key": found["customer_key"]}),
                    );
                }
            } else if let Some(pk) = str_field(&body, "partner_key") {
                let p = st.vendor["partnerships"]
                    .get(pk)
                    .map(|r| r.value())
                    .ok_or_else(not_found)?;
                body.insert(
                    "partnership".into(),
                    json!({"key": p["key"], "name": p["email"]}),
                );
            } else {
                return Err(err(400, "target or partner_key is required"));
            }
            body.insert("reward_status".into(), json!("pending"));
        }
        "actions" => {
            for f in ["target_key", "target_type", "type"] {
                if str_field(&body, f).is_none() {
                    return Err(err(400, &format!("{f} is required")));
                }
            }
            if body
                .get("value")
                .and_then(Value::as_i64)
                .is_none_or(|v| v < 1)
            {
                return Err(err(400, "value: must be an integer of at least 1"));
            }
            body.insert("archived".into(), json!(false));
        }
        "deals" => {
            let source = str_field(&body, "source").unwrap_or("partner");
            if source == "partner" && str_field(&body, "partner_key").is_none() {
                return Err(err(400, "partner_key is required when source is partner"));
            }
            if source == "vendor" && str_field(&body, "group_key").is_none() {
                return Err(err(400, "group_key is required when source is vendor"));
            }
            body.entry("source").or_insert(json!("partner"));
            body.insert("archived".into(), json!(false));
        }
        "leads" => {
            for f in ["partner_key", "external_key", "status"] {
                if str_field(&body, f).is_none() {
                    return Err(err(400, &format!("{f} is required")));
                }
            }
            if !body.get("meta").is_some_and(Value::is_object) {
                return Err(err(
                    400,
                    "meta is required and must include first_name and last_name",
                ));
            }
            body.insert("archived".into(), json!(false));
        }
        "webhooks" => {
            if str_field(&body, "target").is_none() {
                return Err(err(400, "target is required"));
            }
            body.insert("archived".into(), json!(false));
        }
        "applications" => {
            if str_field(&body, "email").is_none() {
                return Err(err(400, "email is required"));
            }
            body.insert("status".into(), json!("pending"));
        }
        "tiers" => {
            let ck = str_field(&body, "collection_key")
                .ok_or_else(|| err(400, "collection_key is required"))?;
            if st.vendor["tiers/collection"].get(ck).is_none() {
                return Err(err(400, "collection_key: no tier collection with this key"));
            }
        }
        "tiers/collection" | "product-book" if str_field(&body, "name").is_none() => {
            return Err(err(400, "name is required"));
        }
        "products" => {
            for f in ["product_book_key", "customer_key", "status"] {
                if str_field(&body, f).is_none() {
                    return Err(err(400, &format!("{f} is required")));
                }
            }
        }
        _ => {}
    }
    Ok(body)
}

fn create(st: &mut State, route: &Route, body: Map<String, Value>) -> Resp {
    let mut rec = match prepare(st, route.name, body) {
        Ok(r) => r,
        Err(e) => return e,
    };
    let now = st.now();
    let key = match rec.get("key").and_then(Value::as_str) {
        Some(k) if !k.is_empty() => {
            if st.vendor[route.name].get(k).is_some() {
                return err(400, "key: a record with this key already exists");
            }
            k.to_owned()
        }
        _ => st.rng.key(route.spec.prefix),
    };
    let created = rec
        .get("created_at")
        .and_then(Value::as_i64)
        .filter(|_| route.name == "transactions")
        .unwrap_or(now);
    rec.insert("key".into(), json!(key));
    rec.insert("created_at".into(), json!(created));
    rec.insert("updated_at".into(), json!(now));
    let v = Value::Object(rec);
    // A back-dated transaction still lists as the newest record: the
    // sandbox keeps insertion order, like a cursor over creation ids.
    st.col(route.name).put(&v);
    ok(200, v, "Object created successfully")
}

fn update(st: &mut State, route: &Route, key: &str, body: Map<String, Value>) -> Resp {
    let Some(mut v) = st.vendor[route.name].get(key).map(|r| r.value()) else {
        return not_found();
    };
    let Some(obj) = v.as_object_mut() else {
        return err(500, "Internal Server Error");
    };
    for (k, val) in body {
        match (route.name, k.as_str()) {
            (_, "key" | "created_at" | "updated_at") => {}
            ("customers", "partner_key") => {}
            ("partnerships", "group_key") => {
                let Some(group) = val.as_str().and_then(|g| group_ref(st, g)) else {
                    return err(400, "group_key: no group with this key");
                };
                obj.insert("group".into(), group);
            }
            ("partnerships", "tier_key") => {
                let tier = val
                    .as_str()
                    .and_then(|t| st.vendor["tiers"].get(t))
                    .map(|r| r.value());
                let Some(tier) = tier else {
                    return err(400, "tier_key: no tier with this key");
                };
                obj.insert(
                    "tier".into(),
                    json!({"key": tier["key"], "name": tier["name"]}),
                );
            }
            _ => {
                obj.insert(k, val);
            }
        }
    }
    obj.insert("updated_at".into(), json!(st.now()));
    st.col(route.name).put(&v);
    ok(200, v, "Object updated successfully")
}

fn convert(st: &mut State, kind: &str, key: &str, body: Map<String, Value>) -> Resp {
    let Some(src) = st.vendor[kind].get(key).map(|r| r.value()) else {
        return not_found();
    };
    let Some(email) = str_field(&body, "email").map(str::to_owned) else {
        return err(400, "email is required");
    };
    let mut cbody = Map::new();
    cbody.insert("email".into(), json!(email));
    cbody.insert("partner_key".into(), src["partner_key"].clone());
    if let Some(ck) = body.get("customer_key") {
        cbody.insert("customer_key".into(), ck.clone());
    }
    let route = find(VENDOR, "customers").expect("customers route");
    let resp = create(st, route, cbody);
    if let Some(mut v) = resp
        .status
        .is_success()
        .then(|| st.vendor[kind].get(key).map(|r| r.value()))
        .flatten()
    {
        {
            v["stage"] = json!("closed_won");
            v["updated_at"] = json!(st.now());
            st.col(kind).put(&v);
        }
    }
    resp
}

fn export_report(st: &mut State, key: &str, body: &Map<String, Value>) -> Resp {
    if st.vendor["vendor-report-configuration"].get(key).is_none() {
        return not_found();
    }
    let Some(email) = str_field(body, "member_email").map(str::to_owned) else {
        return err(400, "member_email is required");
    };
    if let Some(at) = st.exported.get(key) {
        let left = EXPORT_WINDOW.saturating_sub(at.elapsed());
        if !left.is_zero() {
            return err(429, "This report can be exported once every 2 hours")
                .header("retry-after", &left.as_secs().to_string());
        }
    }
    st.exported.insert(key.to_owned(), Instant::now());
    let now = st.now();
    let export_key = st.rng.key("vre_");
    let v = json!({
        "key": export_key, "created_at": now, "updated_at": now, "status": "completed",
        "vendor_report_configuration_key": key, "member_email": email,
        "file_url": format!("https://exports.partnerstack.example/{export_key}.csv"),
        "file_name": format!("{key}.csv")
    });
    st.col("vendor-report-export").put(&v);
    ok(200, v, "Export queued")
}
