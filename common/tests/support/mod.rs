//! Shared helpers of the `affiliate-common` integration tests: a recording
//! wiremock responder (arrival times, overlap of in-flight requests), a
//! generic list body for every pagination strategy, and small assertions.

#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use affiliate_common::test_util::{MockApi, fast_retry};
use affiliate_common::{Auth, Client, Error, IncompleteKind, PageBody, PageParts, RetryPolicy};
use base64::Engine as _;
use serde::Deserialize;
use wiremock::{Mock, Request, Respond, ResponseTemplate};

/// One request as the recording responder saw it.
#[derive(Debug, Clone)]
pub struct Hit {
    /// When the request arrived (real time).
    pub at: Instant,
    /// The method.
    pub method: String,
    /// The raw (still percent-encoded) path.
    pub path: String,
    /// The decoded query pairs.
    pub query: Vec<(String, String)>,
    /// How long the server held the response back.
    pub delay: Duration,
    /// The request headers.
    pub headers: http::HeaderMap,
    /// The body.
    pub body: Vec<u8>,
}

impl Hit {
    /// The first value of the query parameter `key`.
    pub fn q(&self, key: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// A header as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// The first value of the query parameter `key` of a wiremock request.
pub fn q(req: &Request, key: &str) -> Option<String> {
    req.url
        .query_pairs()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.into_owned())
}

/// A shared log of the requests a [`Scripted`] responder answered.
#[derive(Debug, Clone, Default)]
pub struct Log(Arc<Mutex<Vec<Hit>>>);

impl Log {
    pub fn new() -> Self {
        Self::default()
    }

    /// A responder that records every request and answers with
    /// `script(index, request)`: a template and how long to hold it back.
    pub fn responder<F>(&self, script: F) -> Scripted<F>
    where
        F: Fn(usize, &Request) -> (ResponseTemplate, Duration) + Send + Sync + 'static,
    {
        Scripted {
            log: self.clone(),
            script,
        }
    }

    pub fn hits(&self) -> Vec<Hit> {
        self.0.lock().unwrap().clone()
    }

    pub fn count(&self) -> usize {
        self.0.lock().unwrap().len()
    }

    /// The time between consecutive arrivals.
    pub fn gaps(&self) -> Vec<Duration> {
        let hits = self.hits();
        hits.windows(2).map(|w| w[1].at - w[0].at).collect()
    }

    /// The largest number of requests the server was holding at once: for
    /// each arrival, how many requests (itself included) had arrived and not
    /// yet been answered.
    pub fn max_overlap(&self) -> usize {
        let hits = self.hits();
        hits.iter()
            .map(|h| {
                hits.iter()
                    .filter(|o| o.at <= h.at && h.at < o.at + o.delay)
                    .count()
            })
            .max()
            .unwrap_or(0)
    }

    /// The value of query parameter `key` on every request, in arrival order.
    pub fn query_values(&self, key: &str) -> Vec<Option<String>> {
        self.hits()
            .iter()
            .map(|h| h.q(key).map(str::to_owned))
            .collect()
    }
}

/// A recording, scripted wiremock responder (see [`Log::responder`]).
pub struct Scripted<F> {
    log: Log,
    script: F,
}

impl<F> Respond for Scripted<F>
where
    F: Fn(usize, &Request) -> (ResponseTemplate, Duration) + Send + Sync + 'static,
{
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let at = Instant::now();
        let index = self.log.count();
        let (template, delay) = (self.script)(index, req);
        self.log.0.lock().unwrap().push(Hit {
            at,
            method: req.method.to_string(),
            path: req.url.path().to_owned(),
            query: req
                .url
                .query_pairs()
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
            delay,
            headers: req.headers.clone(),
            body: req.body.clone(),
        });
        if delay.is_zero() {
            template
        } else {
            template.set_delay(delay)
        }
    }
}

/// Mounts `responder` for every request on `api` (above the catch-all).
pub async fn mount_all(api: &MockApi, responder: impl Respond + 'static) {
    Mock::given(wiremock::matchers::any())
        .respond_with(responder)
        .mount(api.server())
        .await;
}

/// A 200 JSON answer without delay.
pub fn ok(body: serde_json::Value) -> (ResponseTemplate, Duration) {
    (
        ResponseTemplate::new(200).set_body_json(body),
        Duration::ZERO,
    )
}

/// An answer with `status` and a small JSON error body, without delay.
pub fn status(code: u16) -> ResponseTemplate {
    ResponseTemplate::new(code).set_body_json(serde_json::json!({ "message": "injected" }))
}

/// The record every list fixture holds.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Item {
    pub id: String,
    pub n: u64,
}

/// A list body with every paging fact optional, so one type serves every
/// strategy: `{items, has_more?, total?, total_pages?, next?}`.
#[derive(Debug, Deserialize)]
pub struct ListBody {
    #[serde(default)]
    pub items: Vec<Item>,
    pub has_more: Option<bool>,
    pub total: Option<u64>,
    pub total_pages: Option<u64>,
    pub next: Option<String>,
}

impl PageBody for ListBody {
    type Item = Item;
    fn into_parts(self) -> PageParts<Item> {
        PageParts::new(self.items)
            .has_more(self.has_more)
            .total_items(self.total)
            .total_pages(self.total_pages)
            .next_link(self.next)
    }
}

/// The `n` fields of `items`.
pub fn ns(items: &[Item]) -> Vec<u64> {
    items.iter().map(|i| i.n).collect()
}

/// A client for `api` with the fast, deterministic test retry policy.
pub fn client(api: &MockApi) -> Client {
    client_with(api, fast_retry())
}

/// A client for `api` with `policy`.
pub fn client_with(api: &MockApi, policy: RetryPolicy) -> Client {
    Client::builder(api.url()).retry(policy).build().unwrap()
}

/// The kind of an [`Error::Incomplete`], panicking on anything else.
pub fn incomplete(err: &Error) -> IncompleteKind {
    match err {
        Error::Incomplete(d) => d.kind.clone(),
        other => panic!("expected Error::Incomplete, got {other:?}"),
    }
}

/// A retry policy with no jitter and the given first backoff.
pub fn fixed_backoff(attempts: u32, initial: Duration, max: Duration) -> RetryPolicy {
    RetryPolicy::default()
        .max_attempts(attempts)
        .jitter(false)
        .initial_backoff(initial)
        .max_backoff(max)
        .max_retry_after(Duration::from_secs(5))
        .total_budget(None)
}

/// A port on 127.0.0.1 nothing listens on (bound, then released).
pub fn dead_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

/// The directory of the JSON fixtures.
pub fn fixtures() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Drains a stream up to its first error, then checks the stream ends
/// there (an error is final, never followed by more items or a hang).
pub async fn drain<T>(
    mut stream: impl futures::Stream<Item = affiliate_common::Result<T>> + Unpin,
) -> (Vec<T>, Option<Error>) {
    use futures::StreamExt as _;
    let mut out = Vec::new();
    while let Some(next) = stream.next().await {
        match next {
            Ok(v) => out.push(v),
            Err(e) => {
                assert!(
                    stream.next().await.is_none(),
                    "the stream went on after {e}"
                );
                return (out, Some(e));
            }
        }
    }
    (out, None)
}

/// `{"id": "c<i>", "n": i}` records for `start..end`.
pub fn recs(start: u64, end: u64) -> Vec<serde_json::Value> {
    (start..end)
        .map(|i| serde_json::json!({ "id": format!("c{i}"), "n": i }))
        .collect()
}

/// The number after the `c` of a record id (`c17` -> 17).
pub fn key_n(key: &str) -> u64 {
    key.trim_start_matches('c').parse().expect("a cNN key")
}

/// A cursor-paged data set of `total` records, `size` per page, with or
/// without a `has_more` flag and a `total`.
pub fn cursor_page(
    req: &Request,
    total: u64,
    size: u64,
    flag: bool,
    with_total: bool,
) -> serde_json::Value {
    let start = q(req, "starting_after").map(|k| key_n(&k) + 1).unwrap_or(0);
    let end = (start + size).min(total);
    let mut body = serde_json::json!({ "items": recs(start.min(end), end) });
    if flag {
        body["has_more"] = serde_json::json!(end < total);
    }
    if with_total {
        body["total"] = serde_json::json!(total);
    }
    body
}

/// Asserts a `Send + 'static` value (streams must be storable and spawnable).
pub fn assert_send_static<T: Send + 'static>(_: &T) {}

/// The raw text of the fixture `tests/fixtures/<rel>`.
pub fn fixture_text(rel: &str) -> String {
    let path = fixtures().join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

pub const BEARER: &str = "sk_live_BEARER_SECRET_123";
pub const USER: &str = "pk_USER_SECRET_456";
pub const PASS: &str = "sk_PASS_SECRET_789";
pub const KEY: &str = "rh_APIKEY_SECRET_000";

/// Every auth scheme under test, with the strings that must never be shown and
/// the header the server must receive.
pub fn schemes() -> Vec<(Auth, Vec<String>, &'static str, String)> {
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("{USER}:{PASS}"));
    vec![
        (
            Auth::bearer(BEARER),
            vec![BEARER.into()],
            "authorization",
            format!("Bearer {BEARER}"),
        ),
        (
            Auth::basic(USER, PASS),
            vec![USER.into(), PASS.into(), basic.clone()],
            "authorization",
            format!("Basic {basic}"),
        ),
        (
            Auth::header("X-API-Key", KEY).unwrap(),
            vec![KEY.into()],
            "x-api-key",
            KEY.into(),
        ),
    ]
}

/// Asserts that none of `secrets` appears in `shown`.
pub fn assert_hidden(shown: &str, secrets: &[String], what: &str) {
    for secret in secrets {
        assert!(
            !shown.contains(secret.as_str()),
            "{what} shows a secret:\n{shown}"
        );
    }
}
