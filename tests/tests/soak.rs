//! The fault soak: every main list of the four sandboxes drained through
//! more than 10,000 requests while the sandboxes answer about 10% of them
//! with 429s (every `Retry-After` form), 5% with 5xx, and now and then with
//! a reset connection, a truncated or stalled body; plus writes under the
//! same faults, and a few stale pages and cross-origin redirects scheduled
//! in the middle of drains.
//!
//! What must hold, per API and in total:
//!
//! - every list comes out exact: the collected ids equal the sandbox's own
//!   set, with nothing lost and nothing twice;
//! - no write reaches the server twice (each POST carries a unique marker),
//!   and every write the client saw succeed is stored exactly once;
//! - every retry after a 429 came no earlier than the server asked (on the
//!   server's clock, from the sandbox's per-request records);
//! - a stale page or a cross-origin redirect ends its drain with a typed
//!   error (then the list is read again from the start, as a sync job
//!   would), and the other origin receives nothing;
//! - nothing panics, and the whole run ends within a generous time bound
//!   (a guard against hangs, not a speed check).
//!
//! A summary line per API and one in total are printed (`--nocapture`).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use affiliate_common::pagination::PageStream;
use affiliate_common::sandbox::{Fault, FaultKind, Faults, RetryAfter, Sandbox};
use affiliate_common::{Error, IncompleteKind, RateLimit, RetryPolicy};
use futures::StreamExt;
use serde::Serialize;

/// The safety net around the whole run: far above the expected minute, so
/// only a hang trips it.
const HANG_GUARD: Duration = Duration::from_secs(900);
/// The client's per-attempt timeout: far above a sandbox round trip even
/// on a loaded machine, so only stalled bodies time out.
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(2);
/// How long a stalled body stalls (longer than the attempt timeout).
const STALL: Duration = Duration::from_secs(4);
/// Reads of one list before the soak gives up on it.
const MAX_READS: usize = 8;
/// Writes per API.
const WRITES: usize = 40;
/// The requests the four sandboxes must see in all.
const MIN_REQUESTS: u64 = 10_000;

static PANICS: AtomicU64 = AtomicU64::new(0);

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// Small backoffs, many attempts, server waits honoured up to 5 s.
fn policy() -> RetryPolicy {
    RetryPolicy::default()
        .initial_backoff(ms(5))
        .max_backoff(ms(50))
        .max_attempts(12)
        .max_retry_after(Duration::from_secs(5))
        .total_budget(Some(Duration::from_secs(120)))
}

/// The random part of the faults: ~10% 429s in the short forms, ~5% 5xx,
/// and the transport faults.
fn mix() -> Vec<(f64, Fault)> {
    vec![
        (0.04, Fault::Throttled(RetryAfter::DeltaSeconds(ms(20)))),
        (0.03, Fault::Throttled(RetryAfter::DeltaSeconds(ms(40)))),
        (0.03, Fault::Throttled(RetryAfter::EpochMillis(ms(40)))),
        (0.02, Fault::Status(500)),
        (0.02, Fault::Status(503)),
        (0.01, Fault::Status(502)),
        (0.005, Fault::ResetMidBody),
        (0.005, Fault::TruncatedBody),
        (0.001, Fault::StalledBody(STALL)),
    ]
}

/// Switches the faults on: the mix, plus the whole-second `Retry-After`
/// forms a few times only (each may cost up to a second).
fn arm(faults: &Faults, seed: u64) {
    faults.mix(seed, &mix());
    for _ in 0..2 {
        faults.fail_next(1, Fault::Throttled(RetryAfter::HttpDate(ms(50))));
        faults.fail_next(1, Fault::Throttled(RetryAfter::EpochSeconds(ms(50))));
    }
}

/// A fault queued once, on a list's first read, after its `after`-th page.
#[derive(Clone)]
struct Trap {
    after: u64,
    fault: Fault,
}

fn trap(after: u64, fault: Fault) -> Option<Trap> {
    Some(Trap { after, fault })
}

/// What happened to one API.
#[derive(Default)]
struct Report {
    api: &'static str,
    requests: u64,
    faults: BTreeMap<FaultKind, u64>,
    records: u64,
    duplicates: u64,
    lost: u64,
    unknown: u64,
    restarts: BTreeMap<String, u64>,
    unexpected: Vec<String>,
    posts: u64,
    posts_ok: u64,
    posts_failed: u64,
    posts_twice: u64,
    writes_missing: u64,
    throttles: u64,
    throttles_retried: u64,
    early: Vec<String>,
    foreign_requests: u64,
    foreign_credentials: u64,
    wall: Duration,
}

impl Report {
    fn new(api: &'static str) -> Self {
        Report {
            api,
            ..Report::default()
        }
    }

    /// Reads what the sandbox recorded.
    fn finish(&mut self, sandbox: &Sandbox, started: Instant) {
        let faults = sandbox.faults();
        self.requests = faults.requests();
        self.faults = faults.injected_by_kind();
        let throttles = faults.throttles();
        self.throttles = throttles.len() as u64;
        self.throttles_retried = throttles
            .iter()
            .filter(|t| t.came_back_after.is_some())
            .count() as u64;
        self.early = throttles
            .iter()
            .filter(|t| t.too_early())
            .map(|t| {
                format!(
                    "{} asked {:?} ({:?}), came back after {:?}",
                    t.key, t.asked, t.value, t.came_back_after
                )
            })
            .collect();
        self.foreign_requests = sandbox.foreign().requests();
        self.foreign_credentials = sandbox.foreign().credentials_seen().len() as u64;
        self.wall = started.elapsed();
    }

    fn add(&mut self, other: &Report) {
        self.requests += other.requests;
        for (k, v) in &other.faults {
            *self.faults.entry(*k).or_default() += v;
        }
        self.records += other.records;
        self.duplicates += other.duplicates;
        self.lost += other.lost;
        self.unknown += other.unknown;
        for (k, v) in &other.restarts {
            *self.restarts.entry(k.clone()).or_default() += v;
        }
        self.unexpected.extend(other.unexpected.iter().cloned());
        self.posts += other.posts;
        self.posts_ok += other.posts_ok;
        self.posts_failed += other.posts_failed;
        self.posts_twice += other.posts_twice;
        self.writes_missing += other.writes_missing;
        self.throttles += other.throttles;
        self.throttles_retried += other.throttles_retried;
        self.early.extend(other.early.iter().cloned());
        self.foreign_requests += other.foreign_requests;
        self.foreign_credentials += other.foreign_credentials;
        self.wall = self.wall.max(other.wall);
    }

    /// Reads `expected` through pages from `open`, again from the start
    /// after each typed error, and tallies the final reading.
    async fn drain<T: Send + 'static>(
        &mut self,
        faults: &Faults,
        list: &str,
        expected: &[String],
        trap: Option<Trap>,
        open: impl Fn() -> PageStream<T>,
        id: impl Fn(&T) -> String,
    ) {
        for read in 0..MAX_READS {
            let mut pages = open();
            let mut ids = Vec::new();
            let mut n = 0u64;
            let failed = loop {
                match pages.next().await {
                    None => break None,
                    Some(Ok(page)) => {
                        n += 1;
                        ids.extend(page.items.iter().map(&id));
                        if let Some(t) = &trap
                            && read == 0
                            && n == t.after
                        {
                            faults.fail_next(1, t.fault.clone());
                        }
                    }
                    Some(Err(e)) => break Some(e),
                }
            };
            match failed {
                None => {
                    self.tally(list, &ids, expected);
                    return;
                }
                Some(err) => {
                    let kind = restart_kind(&err);
                    if kind == "unexpected" {
                        self.unexpected.push(format!("{list}: {err}"));
                    }
                    *self.restarts.entry(kind.to_owned()).or_default() += 1;
                    // Dropping the failed stream cancels its read-ahead, and a
                    // cancelled fetch may have been answered 429 without the
                    // client ever reading the answer (so no pause was taken).
                    // Before reading again, wait out every wait the sandbox
                    // asked for that no request has come back from yet, as a
                    // job restarting after an error would back off.
                    pending_waits(faults).await;
                }
            }
        }
        self.unexpected
            .push(format!("{list}: no complete reading in {MAX_READS} tries"));
    }

    fn tally(&mut self, list: &str, ids: &[String], expected: &[String]) {
        let want: HashSet<&str> = expected.iter().map(String::as_str).collect();
        let mut seen: HashSet<&str> = HashSet::new();
        let mut duplicates = 0;
        let mut unknown = 0;
        for id in ids {
            if !seen.insert(id.as_str()) {
                duplicates += 1;
            } else if !want.contains(id.as_str()) {
                unknown += 1;
            }
        }
        let lost = want.difference(&seen).count() as u64;
        if duplicates + unknown + lost > 0 {
            self.unexpected.push(format!(
                "{list}: {duplicates} duplicated, {lost} lost, {unknown} unknown of {}",
                expected.len()
            ));
        }
        self.records += ids.len() as u64;
        self.duplicates += duplicates;
        self.lost += lost;
        self.unknown += unknown;
    }

    /// Sends one write per marker; counts the outcomes.
    async fn write<F, Fut, T>(&mut self, markers: &[String], send: F) -> Vec<(String, T)>
    where
        F: Fn(String) -> Fut,
        Fut: Future<Output = Result<T, Error>>,
    {
        let mut created = Vec::new();
        for m in markers {
            self.posts += 1;
            match send(m.clone()).await {
                Ok(v) => {
                    self.posts_ok += 1;
                    created.push((m.clone(), v));
                }
                Err(_) => self.posts_failed += 1,
            }
        }
        created
    }

    /// Checks, from the sandbox's log of writes, that no marker arrived
    /// twice.
    fn check_writes(&mut self, faults: &Faults, markers: &[String]) {
        let mut arrivals: HashMap<&str, u64> = HashMap::new();
        for w in faults.writes() {
            let body = String::from_utf8_lossy(&w.body);
            for m in markers {
                if body.contains(m.as_str()) {
                    *arrivals.entry(m.as_str()).or_default() += 1;
                }
            }
        }
        for m in markers {
            match arrivals.get(m.as_str()).copied().unwrap_or(0) {
                // A write that failed before it reached the server is no
                // harm; one the client saw succeed is checked as stored.
                0 | 1 => {}
                n => {
                    self.posts_twice += 1;
                    self.unexpected
                        .push(format!("write {m} reached the server {n} times"));
                }
            }
        }
    }

    /// Checks that every write the client saw succeed is stored once.
    fn check_stored(&mut self, what: &str, created: &[String], stored: &[String]) {
        let mut count: HashMap<&str, u64> = HashMap::new();
        for s in stored {
            *count.entry(s.as_str()).or_default() += 1;
        }
        for c in created {
            let n = count.get(c.as_str()).copied().unwrap_or(0);
            if n != 1 {
                self.writes_missing += 1;
                self.unexpected
                    .push(format!("{what} {c} is stored {n} times"));
            }
        }
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let faults: Vec<String> = self
            .faults
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect();
        let restarts: Vec<String> = self
            .restarts
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect();
        write!(
            f,
            "soak {:<12} requests {:>6} | faults [{}] | records {} duplicates {} lost {} unknown {} | \
             restarts [{}] | posts {} ok {} failed {} twice {} missing {} | 429s {} retried {} early {} | \
             foreign origin requests {} credentials {} | unexpected {} | panics {} | wall {:.1?}",
            self.api,
            self.requests,
            faults.join(", "),
            self.records,
            self.duplicates,
            self.lost,
            self.unknown,
            restarts.join(", "),
            self.posts,
            self.posts_ok,
            self.posts_failed,
            self.posts_twice,
            self.writes_missing,
            self.throttles,
            self.throttles_retried,
            self.early.len(),
            self.foreign_requests,
            self.foreign_credentials,
            self.unexpected.len(),
            PANICS.load(Ordering::Relaxed),
            self.wall,
        )
    }
}

/// Why a reading ended early: the loud errors the scheduled faults must
/// cause, or anything else (which fails the soak). A stale page shows as a
/// repeated page, or, where pages name their successor (impact.com's
/// `@nextpageuri`), as a repeated link.
/// Sleeps until every 429 the sandbox answered, whose request has not come
/// back yet, has had its full wait.
async fn pending_waits(faults: &Faults) {
    let open: Vec<_> = faults
        .throttles()
        .into_iter()
        .filter(|t| t.came_back_after.is_none())
        .collect();
    let mut until = tokio::time::Instant::now();
    for t in &open {
        if let Some(asked) = t.asked {
            until = until.max(t.sent_at + asked);
        }
        if let Some(at) = t.not_before
            && let Ok(left) = at.duration_since(std::time::SystemTime::now())
        {
            until = until.max(tokio::time::Instant::now() + left);
        }
    }
    tokio::time::sleep_until(until + Duration::from_millis(1)).await;
}

fn restart_kind(err: &Error) -> &'static str {
    match err {
        Error::Incomplete(data) => match data.kind {
            IncompleteKind::RepeatedPage { .. } => "repeated page",
            IncompleteKind::RepeatedCursor { .. } => "repeated link",
            _ => "unexpected",
        },
        Error::Redirect { .. } => "refused redirect",
        _ => "unexpected",
    }
}

/// A field of a record, as text.
fn field<T: Serialize>(record: &T, name: &str) -> String {
    match serde_json::to_value(record).ok().as_ref().map(|v| &v[name]) {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

fn markers(api: &str) -> Vec<String> {
    (0..WRITES)
        .map(|i| format!("soakmark-{api}-{i:03}-x"))
        .collect()
}

async fn partnerstack_soak(seed: u64) -> Report {
    use partnerstack::sandbox::{PUBLIC_KEY, PartnerStackSandbox, SECRET_KEY, SandboxConfig};
    let started = Instant::now();
    let mut r = Report::new("partnerstack");
    let api = PartnerStackSandbox::new(&SandboxConfig::default());
    let sandbox = Sandbox::start_with_prefix(api.clone(), "/api/v2")
        .await
        .unwrap();
    let client = partnerstack::Client::builder(partnerstack::Auth::basic(PUBLIC_KEY, SECRET_KEY))
        .base_url(sandbox.url().clone())
        .retry(policy())
        .timeout(ATTEMPT_TIMEOUT)
        .rate_limit(RateLimit::unlimited())
        .build()
        .unwrap();
    let faults = sandbox.faults();
    arm(faults, seed);
    let keys = |c: &str| api.keys(c).unwrap();
    let c = &client;
    // Two readers at once on one client, as a sync job pulling several
    // lists would: a fault queued by one may land on the other's list.
    let first = async {
        let mut g = Report::new("partnerstack");
        g.drain(
            faults,
            "partnerships",
            &keys("partnerships"),
            trap(5, Fault::RepeatedPage),
            || c.partnerships().list().limit(4).pages(),
            |x| field(x, "key"),
        )
        .await;
        g.drain(
            faults,
            "customers",
            &keys("customers"),
            trap(5, Fault::CrossOriginRedirect),
            || c.customers().list().limit(4).pages(),
            |x| field(x, "key"),
        )
        .await;
        g.drain(
            faults,
            "leads",
            &keys("leads"),
            None,
            || c.leads().list().limit(4).pages(),
            |x| field(x, "key"),
        )
        .await;
        g
    };
    let second = async {
        let mut g = Report::new("partnerstack");
        g.drain(
            faults,
            "transactions",
            &keys("transactions"),
            trap(10, Fault::RepeatedPage),
            || c.transactions().list().limit(4).pages(),
            |x| field(x, "key"),
        )
        .await;
        g.drain(
            faults,
            "rewards",
            &keys("rewards"),
            None,
            || c.rewards().list().limit(4).pages(),
            |x| field(x, "key"),
        )
        .await;
        g.drain(
            faults,
            "deals",
            &keys("deals"),
            None,
            || c.deals().list().limit(4).pages(),
            |x| field(x, "key"),
        )
        .await;
        g.drain(
            faults,
            "actions",
            &keys("actions"),
            trap(3, Fault::CrossOriginRedirect),
            || c.actions().list().limit(4).pages(),
            |x| field(x, "key"),
        )
        .await;
        g
    };
    let (first, second) = tokio::join!(first, second);
    r.add(&first);
    r.add(&second);

    let marks = markers("ps");
    let created = r
        .write(&marks, |m| async move {
            let body =
                partnerstack::models::NewCustomer::new(format!("{m}@soak.example"), "gstest")
                    .customer_key(m);
            c.customers().create(&body).await
        })
        .await;
    r.check_writes(faults, &marks);
    let created: Vec<String> = created.iter().map(|(_, cus)| field(cus, "key")).collect();
    r.check_stored("customer", &created, &keys("customers"));
    r.drain(
        faults,
        "customers after writes",
        &keys("customers"),
        None,
        || c.customers().list().limit(25).pages(),
        |x| field(x, "key"),
    )
    .await;
    r.finish(&sandbox, started);
    r
}

async fn dub_soak(seed: u64) -> Report {
    let started = Instant::now();
    let mut r = Report::new("dub");
    let running = dub::sandbox::start_with(|b| {
        b.retry(policy())
            .timeout(ATTEMPT_TIMEOUT)
            .rate_limit(RateLimit::unlimited())
    })
    .await
    .unwrap();
    let (sandbox, api, c) = (&running.sandbox, &running.api, &running.client);
    let faults = sandbox.faults();
    arm(faults, seed);
    let ids = |name: &str| api.ids(name).unwrap();
    r.drain(
        faults,
        "partners",
        &ids("partners"),
        trap(3, Fault::RepeatedPage),
        || c.partners().list().page_size(1).pages(),
        |x| field(x, "id"),
    )
    .await;
    r.drain(
        faults,
        "links",
        &ids("links"),
        trap(3, Fault::CrossOriginRedirect),
        || c.links().list().page_size(1).pages(),
        |x| field(x, "id"),
    )
    .await;
    r.drain(
        faults,
        "customers",
        &ids("customers"),
        None,
        || c.customers().list().page_size(1).pages(),
        |x| field(x, "id"),
    )
    .await;
    r.drain(
        faults,
        "commissions",
        &ids("commissions"),
        trap(5, Fault::RepeatedPage),
        || c.commissions().list().page_size(1).pages(),
        |x| field(x, "id"),
    )
    .await;
    r.drain(
        faults,
        "payouts",
        &ids("payouts"),
        None,
        || c.payouts().list().page_size(1).pages(),
        |x| field(x, "id"),
    )
    .await;

    let marks = markers("dub");
    let created = r
        .write(&marks, |m| async move {
            c.links()
                .create(&dub::models::NewLink::new(format!(
                    "https://soak.example/{m}"
                )))
                .await
        })
        .await;
    r.check_writes(faults, &marks);
    let created: Vec<String> = created.iter().map(|(_, l)| field(l, "id")).collect();
    r.check_stored("link", &created, &ids("links"));
    r.drain(
        faults,
        "links after writes",
        &ids("links"),
        None,
        || c.links().list().page_size(10).pages(),
        |x| field(x, "id"),
    )
    .await;
    r.finish(sandbox, started);
    r
}

async fn referralhero_soak(seed: u64) -> Report {
    use referralhero::sandbox::SandboxConfig;
    let started = Instant::now();
    let mut r = Report::new("referralhero");
    let config = SandboxConfig::default()
        .lists([
            ("Soak waitlist", 30_000),
            ("Soak giveaway", 15_000),
            ("Soak lead magnet", 5_000),
        ])
        .calls_per_window(10_000_000);
    let running = referralhero::sandbox::start_with(config, |b| {
        b.retry(policy())
            .timeout(ATTEMPT_TIMEOUT)
            .rate_limit(RateLimit::unlimited())
    })
    .await
    .unwrap();
    let (sandbox, api, c) = (&running.sandbox, &running.api, &running.client);
    let faults = sandbox.faults();
    arm(faults, seed);
    let uuids = api.list_uuids();
    r.drain(
        faults,
        "lists",
        &uuids,
        None,
        || c.lists().list().pages(),
        |x| field(x, "uuid"),
    )
    .await;
    let traps = [
        trap(3, Fault::RepeatedPage),
        trap(2, Fault::CrossOriginRedirect),
        trap(4, Fault::RepeatedPage),
    ];
    for (uuid, t) in uuids.iter().zip(traps) {
        r.drain(
            faults,
            &format!("subscribers of {uuid}"),
            &api.subscriber_ids(uuid).unwrap(),
            t,
            || c.subscribers(uuid.clone()).list().pages(),
            |x| x.id.clone(),
        )
        .await;
    }

    let list = uuids[0].clone();
    let marks = markers("rh");
    let created = r
        .write(&marks, |m| {
            let list = list.clone();
            async move {
                let body = referralhero::models::NewSubscriber::new(
                    referralhero::models::Identifier::email(format!("{m}@soak.example")),
                );
                c.subscribers(list).create(&body).await
            }
        })
        .await;
    r.check_writes(faults, &marks);
    let created: Vec<String> = created.iter().map(|(_, s)| s.id.clone()).collect();
    r.check_stored("subscriber", &created, &api.subscriber_ids(&list).unwrap());
    r.drain(
        faults,
        "subscribers after writes",
        &api.subscriber_ids(&list).unwrap(),
        None,
        || c.subscribers(list.clone()).list().pages(),
        |x| x.id.clone(),
    )
    .await;
    r.finish(sandbox, started);
    r
}

async fn impact_soak(seed: u64) -> Report {
    use impact_com::sandbox::{SANDBOX_ACCOUNT_SID, SandboxConfig};
    let started = Instant::now();
    let mut r = Report::new("impact");
    let running = impact_com::sandbox::start_with(SandboxConfig::default(), |b| {
        b.retry(policy())
            .timeout(ATTEMPT_TIMEOUT)
            .rate_limit(RateLimit::unlimited())
    })
    .await
    .unwrap();
    let (sandbox, api, client) = (&running.sandbox, &running.api, &running.client);
    let faults = sandbox.faults();
    arm(faults, seed);
    let brand = client.brand(SANDBOX_ACCOUNT_SID);
    let b = &brand;
    let ids = |name: &str| api.ids(name).unwrap();
    r.drain(
        faults,
        "campaigns",
        &ids("Campaigns"),
        None,
        || b.campaigns().list().page_size(1).pages(),
        |x| field(x, "Id"),
    )
    .await;
    r.drain(
        faults,
        "media partners",
        &ids("MediaPartners"),
        trap(10, Fault::RepeatedPage),
        || b.media_partners().list().page_size(1).pages(),
        |x| field(x, "Id"),
    )
    .await;
    r.drain(
        faults,
        "actions",
        &ids("Actions"),
        trap(1, Fault::CrossOriginRedirect),
        || b.actions().list(1000).page_size(2000).pages(),
        |x| field(x, "Id"),
    )
    .await;

    let marks = markers("impact");
    r.write(&marks, |m| async move {
        let payload = impact_com::models::brand::ConversionPayload::new(12_345, "NOW", 1000, m);
        b.conversions().submit(&payload).await
    })
    .await;
    r.check_writes(faults, &marks);
    let stored: Vec<String> = api
        .conversions()
        .iter()
        .filter_map(|pairs| {
            pairs
                .iter()
                .find(|(k, _)| k == "OrderId")
                .map(|(_, v)| v.clone())
        })
        .collect();
    // A conversion is stored when the handler ran, whatever the client saw;
    // each marker at most once, and every one the client saw succeed.
    let ok: Vec<String> = marks
        .iter()
        .filter(|m| {
            faults
                .writes()
                .iter()
                .any(|w| w.fault.is_none() && String::from_utf8_lossy(&w.body).contains(m.as_str()))
        })
        .cloned()
        .collect();
    r.check_stored("conversion", &ok, &stored);
    r.finish(sandbox, started);
    r
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn four_sandboxes_drained_exactly_through_ten_thousand_faulty_requests() {
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        PANICS.fetch_add(1, Ordering::Relaxed);
        default_hook(info);
    }));
    let started = Instant::now();
    let run = async {
        let (ps, dub, rh, impact) = tokio::join!(
            tokio::spawn(partnerstack_soak(1)),
            tokio::spawn(dub_soak(2)),
            tokio::spawn(referralhero_soak(3)),
            tokio::spawn(impact_soak(4)),
        );
        [ps.unwrap(), dub.unwrap(), rh.unwrap(), impact.unwrap()]
    };
    let reports = tokio::time::timeout(HANG_GUARD, run)
        .await
        .unwrap_or_else(|_| panic!("the soak did not end within {HANG_GUARD:?}"));
    let mut total = Report::new("total");
    for r in &reports {
        println!("{r}");
        total.add(r);
    }
    total.wall = started.elapsed();
    println!("{total}");
    for r in &reports {
        for line in r.unexpected.iter().chain(&r.early).take(20) {
            println!("  {}: {line}", r.api);
        }
    }

    assert!(
        total.requests >= MIN_REQUESTS,
        "only {} requests reached the sandboxes",
        total.requests
    );
    for r in &reports {
        let api = r.api;
        assert!(r.records > 0, "{api}: nothing collected");
        assert_eq!(r.duplicates, 0, "{api}: duplicated records");
        assert_eq!(r.lost, 0, "{api}: lost records");
        assert_eq!(r.unknown, 0, "{api}: records the sandbox never held");
        assert_eq!(r.posts_twice, 0, "{api}: a write reached the server twice");
        assert_eq!(
            r.writes_missing, 0,
            "{api}: a confirmed write is not stored once"
        );
        assert!(
            r.early.is_empty(),
            "{api}: retried before the server's wait: {:?}",
            r.early
        );
        assert_eq!(
            r.foreign_requests, 0,
            "{api}: a redirect reached the other origin"
        );
        assert_eq!(
            r.foreign_credentials, 0,
            "{api}: credentials reached the other origin"
        );
        assert!(r.unexpected.is_empty(), "{api}: {:?}", r.unexpected);
        for kind in [FaultKind::RateLimited, FaultKind::Status] {
            assert!(
                r.faults.get(&kind).copied().unwrap_or(0) > 0,
                "{api}: no {kind} injected"
            );
        }
    }
    for kind in [
        FaultKind::ResetMidBody,
        FaultKind::TruncatedBody,
        FaultKind::StalledBody,
        FaultKind::RepeatedPage,
        FaultKind::CrossOriginRedirect,
    ] {
        assert!(
            total.faults.get(&kind).copied().unwrap_or(0) > 0,
            "no {kind} injected in the whole run"
        );
    }
    assert!(total.throttles_retried > 0, "no 429 was retried");
    assert_eq!(PANICS.load(Ordering::Relaxed), 0, "something panicked");
}
