//! PartnerStack: the typed client against a hand-written loop (issue 3).
//!
//! The server child serves `GET /partnerships` the way PartnerStack does:
//! `{"data":{"items":[...],"has_more":bool,"total":N},"message":..,"status":200}`,
//! `limit` up to 250 and `starting_after=<key of the last item>`. Records
//! are shaped like the sandbox's seeded partnerships (about 700 bytes: keys,
//! epoch-millisecond times, names, a group, a team, tags, metadata, stats
//! and a manager), rendered once at start-up by [`render`].
//!
//! Both sides decode every page into
//! `partnerstack::envelope::ListEnvelope<partnerstack::Partnership>`:
//!
//! - **hand-written**: one `reqwest::Client` with Basic auth, `.bytes()`,
//!   `serde_json::from_slice`, following `starting_after` until `has_more`
//!   is false;
//! - **client**: `partnerstack::Client` built with the server's base URL
//!   and an unlimited rate limit, `client.partnerships().list().stream()`.
//!
//! Sizes: `--records` (20,000 and 200,000 by default). Targets: see
//! [`super::compare`].

use futures::StreamExt as _;
use partnerstack::envelope::ListEnvelope;
use partnerstack::{Partnership, RateLimit};
use serde_json::json;
use url::Url;

use super::compare::{self, Comparison};
use super::{Context, Needs, Options, Scenario};
use crate::BoxError;
use crate::record::{Tally, mix, pick};
use crate::report::Report;

/// Records per page: the API's maximum, the client's default.
pub const PAGE_SIZE: u64 = 250;

const FIRST: [&str; 8] = [
    "Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Margaret", "Ken",
];
const LAST: [&str; 8] = [
    "Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Hamilton", "Thompson",
];
const DOMAINS: [&str; 4] = [
    "example.com",
    "partners.example.org",
    "mail.example.net",
    "creators.example.io",
];
const GROUPS: [(&str, &str, &str); 5] = [
    ("grup_default", "Default", "default"),
    ("grup_gold", "Gold", "gold"),
    ("grup_silver", "Silver", "silver"),
    ("grup_agencies", "Agencies", "agencies"),
    ("grup_resellers", "Resellers", "resellers"),
];
const SOURCES: [&str; 3] = ["website", "referral", "event"];
const DAY_MS: u64 = 86_400_000;

/// The key (and pagination cursor) of partnership `i`.
pub fn key_of(i: u64) -> String {
    format!("part_{:012x}{i:07}", mix(i ^ 0x7061_7274) >> 16)
}

/// When partnership `i` was created, epoch milliseconds.
fn created_at(i: u64) -> u64 {
    1_650_000_000_000 + i * 60_000
}

/// When partner `i` joined, epoch milliseconds.
fn joined_at(i: u64) -> u64 {
    created_at(i) + (mix(i) >> 24) % (5 * DAY_MS)
}

/// The figure a drain counts for partnership `i`: its key length plus its
/// `joined_at`.
fn figure(i: u64) -> u64 {
    key_of(i).len() as u64 + joined_at(i)
}

/// Appends partnership `i`'s JSON to `out` and returns its key.
pub fn render(i: u64, out: &mut Vec<u8>) -> Option<String> {
    let h = mix(i);
    let first = pick(&FIRST, h);
    let last = pick(&LAST, h >> 8);
    let (gkey, gname, gslug) = pick(&GROUPS, h >> 16);
    let joined = joined_at(i);
    let mut tags = Vec::new();
    if (h >> 40).is_multiple_of(5) {
        tags.push("vip");
    }
    if (h >> 44).is_multiple_of(3) {
        tags.push("content");
    }
    let key = key_of(i);
    let record = json!({
        "key": key,
        "created_at": created_at(i),
        "updated_at": joined + (h >> 32) % (30 * DAY_MS),
        "email": format!(
            "{}.{}{i}@{}",
            first.to_lowercase(),
            last.to_lowercase(),
            pick(&DOMAINS, h >> 12)
        ),
        "first_name": first,
        "last_name": last,
        "partner_key": format!("{}-{}-{i}", first.to_lowercase(), last.to_lowercase()),
        "joined_at": joined,
        "group": {"key": gkey, "name": gname, "slug": gslug},
        "team": {"key": format!("team_{:016x}", mix(h)), "name": format!("{first} {last}'s team")},
        "tags": tags,
        "m_data": {"source": pick(&SOURCES, h >> 20)},
        "stats": {
            "CLICKS": (h >> 3) % 5000,
            "CUSTOMERS": (h >> 17) % 40,
            "REVENUE": (h >> 23) % 2_000_000
        },
        "fields": [],
        "manager": {"manager_email": "partners@vendor.example", "manager_name": "Pat Partner"},
        "archived": false
    });
    serde_json::to_writer(out, &record).expect("records always serialise");
    Some(key)
}

/// Counts one decoded partnership the way [`figure`] does.
fn add(tally: &mut Tally, p: &Partnership) {
    let joined = p
        .joined_at
        .as_ref()
        .and_then(|t| t.unix_millis())
        .unwrap_or(0) as u64;
    tally.push(p.key.len() as u64 + joined);
}

/// The idiomatic hand-written loop (see the module docs).
///
/// # Errors
/// Any transport, status or decode error.
pub async fn drain_by_hand(base: Url) -> Result<Tally, BoxError> {
    let http = reqwest::Client::new();
    let url = base.join("partnerships")?;
    let limit = PAGE_SIZE.to_string();
    let mut after: Option<String> = None;
    let mut tally = Tally::default();
    loop {
        let mut req = http
            .get(url.clone())
            .basic_auth("pk_bench", Some("sk_bench"))
            .query(&[("limit", &limit)]);
        if let Some(key) = &after {
            req = req.query(&[("starting_after", key)]);
        }
        let body = req.send().await?.error_for_status()?.bytes().await?;
        let page = serde_json::from_slice::<ListEnvelope<Partnership>>(&body)?.data;
        after = page.items.last().map(|p| p.key.clone());
        for p in page.items {
            add(&mut tally, &p);
        }
        if page.has_more != Some(true) || after.is_none() {
            return Ok(tally);
        }
    }
}

/// The same drain through `partnerstack::Client` (see the module docs).
///
/// # Errors
/// Any [`partnerstack::Error`] of the client or the stream.
pub async fn drain_with_client(base: Url) -> Result<Tally, BoxError> {
    let client = partnerstack::Client::builder(partnerstack::Auth::basic("pk_bench", "sk_bench"))
        .base_url(base)
        .rate_limit(RateLimit::unlimited())
        .build()?;
    let mut items = client.partnerships().list().stream();
    let mut tally = Tally::default();
    while let Some(p) = items.next().await {
        add(&mut tally, &p?);
    }
    Ok(tally)
}

/// See the module docs.
#[derive(Debug, Clone, Copy)]
pub struct PartnerStack;

impl Scenario for PartnerStack {
    fn name(&self) -> &'static str {
        "partnerstack"
    }

    fn about(&self) -> &'static str {
        "PartnerStack partnerships drained by partnerstack::Client and by a hand-written loop"
    }

    fn needs(&self, options: &Options) -> Needs {
        Needs {
            partnerstack: options.records.iter().copied().max().unwrap_or(0),
            ..Needs::default()
        }
    }

    fn run(&self, ctx: &Context) -> Result<Report, BoxError> {
        let mut sizes = ctx.options.records.clone();
        sizes.sort_unstable();
        compare::run(
            ctx,
            &Comparison {
                client_label: "partnerstack::Client",
                sizes,
                page_size: PAGE_SIZE,
                base: |server, n| server.partnerstack_base(n),
                expected: |n| Tally::expected_by(n, figure),
                hand: |base| Box::pin(drain_by_hand(base)),
                client: |base| Box::pin(drain_with_client(base)),
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_are_realistic_and_decode_into_the_model() {
        for i in [0, 1, 17, 199_999] {
            let mut out = Vec::new();
            let key = render(i, &mut out).unwrap();
            assert!((550..=900).contains(&out.len()), "{} bytes", out.len());
            let p: Partnership = serde_json::from_slice(&out).unwrap();
            assert_eq!(p.key, key);
            assert!(p.group.is_some() && p.team.is_some() && p.stats.is_some());
            let mut t = Tally::default();
            add(&mut t, &p);
            assert_eq!(t.checksum, figure(i));
        }
        assert_ne!(key_of(1), key_of(2));
    }
}
