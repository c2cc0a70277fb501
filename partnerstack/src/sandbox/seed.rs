//! Deterministic, realistic seed data.

use serde_json::{Value, json};

/// A small deterministic generator (SplitMix64), so every run of the
/// sandbox holds the same data.
#[derive(Debug, Clone)]
pub(crate) struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// A key like `part_8fK2xQ0aLm`.
    pub fn key(&mut self, prefix: &str) -> String {
        const ALPHABET: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        let mut s = String::with_capacity(prefix.len() + 12);
        s.push_str(prefix);
        for _ in 0..12 {
            s.push(ALPHABET[self.below(ALPHABET.len() as u64) as usize] as char);
        }
        s
    }
}

pub(crate) const FIRST: &[&str] = &[
    "Ada",
    "Grace",
    "Alan",
    "Katherine",
    "Linus",
    "Margaret",
    "Dennis",
    "Barbara",
    "Ken",
    "Frances",
    "Edsger",
    "Radia",
    "Tim",
    "Hedy",
    "Donald",
    "Shafi",
    "John",
    "Sophie",
    "Niklaus",
    "Anita",
];
pub(crate) const LAST: &[&str] = &[
    "Lovelace",
    "Hopper",
    "Turing",
    "Johnson",
    "Torvalds",
    "Hamilton",
    "Ritchie",
    "Liskov",
    "Thompson",
    "Allen",
    "Dijkstra",
    "Perlman",
    "Berners-Lee",
    "Lamarr",
    "Knuth",
    "Goldwasser",
    "Backus",
    "Wilson",
    "Wirth",
    "Borg",
];
const DOMAINS: &[&str] = &[
    "example.com",
    "agency.io",
    "growthlabs.co",
    "saasreviews.net",
    "consultco.com",
    "devtools.blog",
];
const COMPANIES: &[&str] = &[
    "Acme",
    "Globex",
    "Initech",
    "Umbrella",
    "Hooli",
    "Stark Industries",
    "Wayne Enterprises",
    "Soylent",
    "Vandelay",
    "Wonka",
    "Cyberdyne",
    "Tyrell",
];
const CURRENCIES: &[(&str, i64)] = &[
    ("USD", 100),
    ("USD", 100),
    ("USD", 100),
    ("EUR", 108),
    ("GBP", 127),
    ("CAD", 73),
];
const PRODUCTS: &[&str] = &[
    "starter-monthly",
    "pro-monthly",
    "pro-annual",
    "enterprise-annual",
];
const ACTION_TYPES: &[&str] = &[
    "signup_completed",
    "demo_booked",
    "trial_started",
    "workspace_created",
];

/// The sandbox's fixed "now" for seeded data: 2025-06-01T00:00:00Z.
pub(crate) const SEED_END_MS: i64 = 1_748_736_000_000;
/// The first seeded timestamp: 2023-01-01T00:00:00Z.
pub(crate) const SEED_START_MS: i64 = 1_672_531_200_000;

/// `count` ascending timestamps spread over the seed period.
pub(crate) fn times(count: usize, rng: &mut Rng) -> Vec<i64> {
    let span = (SEED_END_MS - SEED_START_MS).max(1);
    let step = (span / (count.max(1) as i64)).max(1);
    (0..count as i64)
        .map(|i| SEED_START_MS + i * step + rng.below((step / 2).max(1) as u64) as i64)
        .collect()
}

pub(crate) fn person(rng: &mut Rng, n: usize) -> (String, String, String) {
    let first = *rng.pick(FIRST);
    let last = *rng.pick(LAST);
    let domain = *rng.pick(DOMAINS);
    let email = format!(
        "{}.{}{}@{}",
        first.to_lowercase(),
        last.to_lowercase().replace('-', ""),
        n,
        domain
    );
    (first.to_owned(), last.to_owned(), email)
}

pub(crate) fn groups() -> Vec<Value> {
    let names = [
        ("Default", true),
        ("Gold", false),
        ("Silver", false),
        ("Agencies", false),
        ("Resellers", false),
    ];
    names
        .iter()
        .enumerate()
        .map(|(i, (name, default))| {
            let t = SEED_START_MS + i as i64 * 86_400_000;
            json!({
                "key": format!("grup_{}", name.to_lowercase()),
                "created_at": t,
                "updated_at": t,
                "name": name,
                "slug": name.to_lowercase(),
                "default": default,
                "archived": false,
                "features": {
                    "application_enabled": true,
                    "deals_enabled": i.is_multiple_of(2),
                    "disable_link_create": false,
                    "leads_enabled": i != 4
                }
            })
        })
        .collect()
}

pub(crate) fn partnership(rng: &mut Rng, n: usize, t: i64, groups: &[Value]) -> Value {
    let (first, last, email) = person(rng, n);
    let group = rng.pick(groups).clone();
    let joined = t + rng.below(5 * 86_400_000) as i64;
    let updated = joined + rng.below(30 * 86_400_000) as i64;
    let mut tags = Vec::new();
    if rng.chance(20) {
        tags.push("vip");
    }
    if rng.chance(30) {
        tags.push("content");
    }
    json!({
        "key": rng.key("part_"),
        "created_at": t,
        "updated_at": updated.min(SEED_END_MS),
        "email": email,
        "first_name": first,
        "last_name": last,
        "partner_key": format!("{}-{}-{n}", first.to_lowercase(), last.to_lowercase()),
        "joined_at": joined,
        "group": {"key": group["key"], "name": group["name"], "slug": group["slug"]},
        "team": {"key": rng.key("team_"), "name": format!("{first} {last}'s team")},
        "tags": tags,
        "m_data": {"source": *rng.pick(&["website", "referral", "event"])},
        "stats": {"CLICKS": rng.below(5000), "CUSTOMERS": rng.below(40), "REVENUE": rng.below(2_000_000)},
        "fields": [],
        "manager": {"manager_email": "partners@vendor.example", "manager_name": "Pat Partner"},
        "archived": false
    })
}

pub(crate) fn customer(rng: &mut Rng, n: usize, t: i64, partner: &Value) -> Value {
    let company = *rng.pick(COMPANIES);
    let (first, last, _) = person(rng, n);
    let email = format!(
        "{}.{}@{}.example",
        first.to_lowercase(),
        last.to_lowercase().replace('-', ""),
        company.to_lowercase().replace(' ', "")
    );
    json!({
        "key": rng.key("cus_"),
        "created_at": t,
        "updated_at": t + rng.below(10 * 86_400_000) as i64,
        "customer_key": format!("crm-{n:06}"),
        "email": email,
        "name": format!("{company} ({first} {last})"),
        "partner_key": partner["partner_key"],
        "partnership_key": partner["key"],
        "provider_key": if rng.chance(70) { Value::String(format!("cus_stripe_{n:06}")) } else { Value::Null },
        "source_key": Value::Null,
        "source_type": *rng.pick(&["api", "stripe", "link"]),
        "test": false,
        "meta": {"plan": *rng.pick(PRODUCTS)},
        "fields": []
    })
}

pub(crate) fn transaction(rng: &mut Rng, t: i64, customer: &Value) -> Value {
    let (currency, rate) = *rng.pick(CURRENCIES);
    let amount = [1_900, 4_900, 9_900, 49_900, 99_900][rng.below(5) as usize] as i64;
    let amount = if rng.chance(3) { -amount } else { amount };
    json!({
        "key": rng.key("tran_"),
        "created_at": t,
        "updated_at": t,
        "amount": amount,
        "amount_usd": amount * rate / 100,
        "currency": currency,
        "approved": rng.chance(90),
        "archived": false,
        "category_key": "subscription",
        "product_key": *rng.pick(PRODUCTS),
        "customer_key": customer["key"],
        "customer": {"key": customer["key"], "email": customer["email"], "external_key": customer["customer_key"]},
        "metadata": {},
        "test": false
    })
}

pub(crate) fn reward(
    rng: &mut Rng,
    t: i64,
    tx: &Value,
    customer: &Value,
    partner: &Value,
) -> Value {
    let amount = tx["amount_usd"].as_i64().unwrap_or(0).abs() / 5;
    let status = *rng.pick(&[
        "hold", "pending", "approved", "approved", "paid", "paid", "declined",
    ]);
    json!({
        "key": rng.key("rew_"),
        "created_at": t,
        "updated_at": t,
        "amount": amount,
        "description": "20% of the first year's subscription",
        "reward_status": status,
        "customer": {"key": customer["key"], "email": customer["email"], "name": customer["name"], "external_key": customer["customer_key"]},
        "transaction": {"key": tx["key"], "amount": tx["amount"], "currency": tx["currency"]},
        "partnership": {"key": partner["key"], "group": partner["group"]["name"], "name": format!("{} {}", partner["first_name"].as_str().unwrap_or(""), partner["last_name"].as_str().unwrap_or(""))},
        "offer": {"key": "offr_revshare20", "description": "20% revenue share"},
        "trigger": {"key": "trig_payment"},
        "invoice": if status == "paid" { json!({"key": rng.key("inv_"), "payment_date": t + 30 * 86_400_000_i64, "status": "charge_succeeded"}) } else { Value::Null }
    })
}

pub(crate) fn deal(rng: &mut Rng, n: usize, t: i64, partner: &Value) -> Value {
    let company = *rng.pick(COMPANIES);
    let (first, last, _) = person(rng, n);
    json!({
        "key": rng.key("deal_"),
        "created_at": t,
        "updated_at": t + rng.below(20 * 86_400_000) as i64,
        "account_name": format!("{company} {n}"),
        "amount": (1 + rng.below(50)) as i64 * 100_000,
        "close_date": "2025-09-30",
        "contact_first_name": first,
        "contact_last_name": last,
        "external_key": format!("opp-{n:05}"),
        "group_key": partner["group"]["key"],
        "partner_key": partner["partner_key"],
        "source": "partner",
        "stage": *rng.pick(&["open", "qualified", "closed_won", "closed_lost"]),
        "lost_reason": Value::Null,
        "mold_key": "mold_deal",
        "fields": [],
        "team": partner["team"],
        "archived": false
    })
}

pub(crate) fn lead(rng: &mut Rng, n: usize, t: i64, partner: &Value) -> Value {
    let (first, last, email) = person(rng, n + 100_000);
    json!({
        "key": rng.key("lead_"),
        "created_at": t,
        "updated_at": t,
        "amount": Value::Null,
        "approved": rng.chance(50),
        "external_key": email,
        "fields": [],
        "meta": {"first_name": first, "last_name": last},
        "group_key": partner["group"]["key"],
        "mold_key": "mold_lead",
        "partner_key": partner["partner_key"],
        "status": *rng.pick(&["open", "closed", "dead", "closed won", "closed lost"]),
        "archived": false
    })
}

pub(crate) fn action(rng: &mut Rng, t: i64, customer: &Value) -> Value {
    json!({
        "key": rng.key("act_"),
        "created_at": t,
        "updated_at": t,
        "archived": false,
        "company": {"key": "comp_sandbox", "name": "Sandbox Vendor Inc."},
        "customer": {"key": customer["key"], "sub_ids": []},
        "partnership_key": customer["partnership_key"],
        "type": *rng.pick(ACTION_TYPES),
        "value": 1 + rng.below(3) as i64
    })
}

pub(crate) fn form_template(kind: &str, n: usize, groups: &[Value]) -> Value {
    let t = SEED_START_MS + n as i64 * 3_600_000;
    json!({
        "key": format!("mold_{kind}"),
        "created_at": t,
        "updated_at": t,
        "name": format!("{kind} form"),
        "title": format!("Register a {kind}"),
        "description": format!("The default {kind} form"),
        "type": kind,
        "fields": [
            {"field_key": "company", "name": "Company", "type": "input", "required": true, "position": 0},
            {"field_key": "size", "name": "Company size", "type": "picklist", "required": false, "position": 1,
             "options": {"small": "1-50", "medium": "51-500", "large": "500+"}}
        ],
        "groups": groups.iter().take(2).cloned().collect::<Vec<_>>()
    })
}

pub(crate) fn simple(prefix: &str, n: usize, extra: Value) -> Value {
    let t = SEED_START_MS + n as i64 * 86_400_000;
    let mut v = json!({"key": format!("{prefix}{n:04}"), "created_at": t, "updated_at": t});
    if let (Some(obj), Value::Object(more)) = (v.as_object_mut(), extra) {
        obj.extend(more);
    }
    v
}

/// Partner-API views, seeded for the sandbox's one partner.
pub(crate) fn partner_partnership(n: usize) -> Value {
    let companies = ["Sandbox Vendor Inc.", "Globex Cloud", "Hooli Analytics"];
    simple(
        "part_pv",
        n,
        json!({
            "claimed": true,
            "company": {"key": format!("comp_{n:03}"), "name": companies[n % 3], "id": 1000 + n},
            "has_sub_id": n.is_multiple_of(2),
            "is_archived": false,
            "offers": [{"base_rate": 20.0, "currency": "USD", "description": "20% revenue share", "type": "revenue_share"}],
            "status": "active",
            "link": {"url": format!("https://partnerlinks.io/sandbox{n}"), "key": format!("link_{n}")},
            "team": {"key": "team_sandbox", "name": "Sandbox partner team"}
        }),
    )
}

pub(crate) fn payout(rng: &mut Rng, n: usize) -> Value {
    let t = SEED_START_MS + n as i64 * 30 * 86_400_000;
    json!({
        "key": format!("pay_{n:04}"),
        "created_at": t,
        "updated_at": t,
        "amount": 5_000 + rng.below(200_000) as i64,
        "currency": "USD",
        "provider": {"name": *rng.pick(&["paypal", "stripe", "wire"])},
        "sent_at": t + 86_400_000,
        "status": *rng.pick(&["successful", "successful", "pending", "failed"]),
        "withdrawal_date": t + 3 * 86_400_000
    })
}

pub(crate) fn program(rng: &mut Rng, n: usize) -> Value {
    let company = COMPANIES[n % COMPANIES.len()];
    let t = SEED_START_MS + n as i64 * 7 * 86_400_000;
    json!({
        "key": format!("comp_mkt{n:04}"),
        "id": 5000 + n,
        "created_at": t,
        "updated_at": t,
        "name": format!("{company} Partner Program {n}"),
        "description": format!("Refer customers to {company} and earn recurring commission."),
        "website": format!("https://{}.example", company.to_lowercase().replace(' ', "")),
        "logo": format!("file_logo{n}"),
        "country": *rng.pick(&["US", "CA", "GB", "DE"]),
        "category": [*rng.pick(&["saas", "marketing", "fintech", "devtools"])],
        "has_sub_id": rng.chance(50),
        "offers": [{"base_rate": format!("{}%", 10 + rng.below(20)), "currency": "USD", "description": "Recurring share", "type_": "revenue_share"}],
        "promotions": [{"key": format!("promo_{n}"), "availability": "public", "type_": "bonus", "value": 5000}]
    })
}
