//! Helpers for tests of code built on these clients (feature `test-util`).
//!
//! [`MockApi`] is a wiremock server with a catch-all mock that answers any
//! unexpected request with a 501 naming it, and makes the test fail when the
//! `MockApi` is dropped, so a wrong path or method can never pass silently.
//! [`ExactQuery`] and [`NoBody`] are the request matchers the API crates'
//! endpoint tests share; [`Expect`] mounts one strictly expected request
//! with them (each crate's `tests/common` only presets its credentials and
//! base path); [`fixture`] loads their JSON fixtures.
//!
//! ```
//! use affiliate_common::test_util::{MockApi, fast_retry};
//! use affiliate_common::{ApiPath, Request};
//! use wiremock::{Mock, ResponseTemplate, matchers::{method, path}};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let api = MockApi::start().await;
//! Mock::given(method("GET"))
//!     .and(path("/v2/things"))
//!     .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([])))
//!     .mount(api.server())
//!     .await;
//! let client = affiliate_common::Client::builder(api.url())
//!     .retry(fast_retry())
//!     .build()
//!     .unwrap();
//! let things: Vec<serde_json::Value> = client
//!     .send_json(Request::get(ApiPath::new("v2/things")))
//!     .await
//!     .unwrap()
//!     .into_inner();
//! assert!(things.is_empty());
//! # }
//! ```

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use url::Url;
use wiremock::{Match, Mock, MockServer, Respond, ResponseTemplate};

use crate::retry::RetryPolicy;

/// A wiremock server with a loud catch-all.
#[derive(Debug)]
pub struct MockApi {
    server: MockServer,
    unmatched: Arc<Mutex<Vec<String>>>,
}

struct CatchAll(Arc<Mutex<Vec<String>>>);

impl Respond for CatchAll {
    fn respond(&self, req: &wiremock::Request) -> ResponseTemplate {
        let line = format!(
            "{} {}{}",
            req.method,
            req.url.path(),
            req.url.query().map(|q| format!("?{q}")).unwrap_or_default()
        );
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(line.clone());
        ResponseTemplate::new(501).set_body_json(serde_json::json!({
            "message": format!("no mock matched {line}"),
            "code": "unmatched_request",
        }))
    }
}

impl MockApi {
    /// Starts the server and mounts the catch-all at the lowest priority.
    ///
    /// The server is this `MockApi`'s own, and stops when it is dropped.
    /// (wiremock's `MockServer::start` lends servers from a pool shared by
    /// the test binary: a request a finished test left in flight would then
    /// reach the next test's mocks and logs.)
    pub async fn start() -> Self {
        let server = MockServer::builder().start().await;
        let unmatched = Arc::new(Mutex::new(Vec::new()));
        Mock::given(wiremock::matchers::any())
            .respond_with(CatchAll(unmatched.clone()))
            .with_priority(u8::MAX)
            .named("catch-all")
            .mount(&server)
            .await;
        MockApi { server, unmatched }
    }

    /// The server, for mounting mocks.
    pub fn server(&self) -> &MockServer {
        &self.server
    }

    /// The base URL (`http://127.0.0.1:PORT`).
    pub fn url(&self) -> Url {
        Url::parse(&self.server.uri()).expect("wiremock serves a valid URL")
    }

    /// The base URL with a path prefix (`http://127.0.0.1:PORT/api/v2`).
    pub fn url_with(&self, prefix: &str) -> Url {
        Url::parse(&format!("{}{prefix}", self.server.uri())).expect("valid prefix")
    }

    /// The requests no mock matched, as `METHOD /path?query` lines.
    pub fn unmatched(&self) -> Vec<String> {
        self.unmatched
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Every request the server received, in order.
    pub async fn received(&self) -> Vec<wiremock::Request> {
        self.server.received_requests().await.unwrap_or_default()
    }
}

impl Drop for MockApi {
    fn drop(&mut self) {
        let unmatched = self.unmatched();
        if !unmatched.is_empty() && !std::thread::panicking() {
            panic!("requests matched no mock:\n  {}", unmatched.join("\n  "));
        }
    }
}

/// A retry policy for tests: 3 attempts, no jitter, 10 ms backoff, no budget.
pub fn fast_retry() -> RetryPolicy {
    RetryPolicy::default()
        .max_attempts(3)
        .jitter(false)
        .initial_backoff(Duration::from_millis(10))
        .max_backoff(Duration::from_millis(50))
        .max_retry_after(Duration::from_secs(2))
        .total_budget(None)
}

/// Reads a JSON fixture file `dir/name`, panicking with the path on failure.
pub fn fixture(dir: impl AsRef<Path>, name: &str) -> serde_json::Value {
    let path = dir.as_ref().join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read fixture {}: {e}", path.display()));
    serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("fixture {} is not JSON: {e}", path.display()))
}

/// `n` JSON records `{"id": "<prefix><i>", "n": i}` numbered from `start`,
/// for page fixtures.
pub fn records(prefix: &str, start: usize, n: usize) -> Vec<serde_json::Value> {
    (start..start + n)
        .map(|i| serde_json::json!({ "id": format!("{prefix}{i}"), "n": i }))
        .collect()
}

/// A wiremock matcher: the query holds exactly these pairs, in any order
/// (no more, no fewer, repeated keys counted).
#[derive(Debug, Clone)]
pub struct ExactQuery(Vec<(String, String)>);

impl ExactQuery {
    /// Expects exactly `pairs`.
    pub fn new(pairs: &[(&str, &str)]) -> Self {
        let mut v: Vec<_> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        v.sort();
        ExactQuery(v)
    }
}

impl Match for ExactQuery {
    fn matches(&self, req: &wiremock::Request) -> bool {
        let mut got: Vec<(String, String)> = req
            .url
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        got.sort();
        got == self.0
    }
}

/// A wiremock matcher: the request has no body.
#[derive(Debug, Clone, Copy)]
pub struct NoBody;

impl Match for NoBody {
    fn matches(&self, req: &wiremock::Request) -> bool {
        req.body.is_empty()
    }
}

/// What [`Expect`] requires of the request body.
#[derive(Debug, Clone, PartialEq)]
enum BodyRule {
    /// Not checked.
    Any,
    /// No body at all.
    Empty,
    /// This JSON, exactly.
    Json(serde_json::Value),
}

/// One expected request, mounted on a [`MockApi`] and expected exactly once
/// (or [`times`](Expect::times)): method, path, the exact query (none unless
/// [`query`](Expect::query) says), headers and body, answered with a JSON
/// response.
///
/// ```
/// use affiliate_common::test_util::{Expect, MockApi};
/// use affiliate_common::{ApiPath, Auth, Client, Request};
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let api = MockApi::start().await;
/// Expect::new("GET", "/v2/things", serde_json::json!([]))
///     .query(&[("limit", "100")])
///     .header("authorization", "Bearer key")
///     .no_body()
///     .mount(&api)
///     .await;
/// let client = Client::builder(api.url()).auth(Auth::bearer("key")).build().unwrap();
/// let request = Request::get(ApiPath::new("v2/things")).query("limit", 100);
/// let things: Vec<u32> = client.send_json(request).await.unwrap().into_inner();
/// assert!(things.is_empty());
/// // Dropping `api` checks the request came exactly once.
/// # }
/// ```
#[derive(Debug, Clone)]
#[must_use = "an expectation does nothing until it is mounted"]
pub struct Expect {
    method: String,
    path: String,
    /// `None`: any query.
    query: Option<Vec<(String, String)>>,
    headers: Vec<(String, String)>,
    body: BodyRule,
    status: u16,
    response: serde_json::Value,
    times: u64,
}

impl Expect {
    /// `method path`, with no query and any body, answered `200` with
    /// `response`, expected once.
    pub fn new(method: &str, path: &str, response: serde_json::Value) -> Self {
        Expect {
            method: method.to_owned(),
            path: path.to_owned(),
            query: Some(Vec::new()),
            headers: Vec::new(),
            body: BodyRule::Any,
            status: 200,
            response,
            times: 1,
        }
    }

    /// The query holds exactly these pairs, in any order.
    pub fn query(mut self, pairs: &[(&str, &str)]) -> Self {
        self.query = Some(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        );
        self
    }

    /// Any query matches (for a test that asserts the query of the
    /// received request itself, in order).
    pub fn any_query(mut self) -> Self {
        self.query = None;
        self
    }

    /// The request carries this header value; a second call for the same
    /// header replaces the first (a preset's credentials overridden).
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// The body is exactly this JSON.
    pub fn body(mut self, json: serde_json::Value) -> Self {
        self.body = BodyRule::Json(json);
        self
    }

    /// The request has no body.
    pub fn no_body(mut self) -> Self {
        self.body = BodyRule::Empty;
        self
    }

    /// Answers with this status.
    pub fn status(mut self, status: u16) -> Self {
        self.status = status;
        self
    }

    /// Expects `n` matching requests instead of one.
    pub fn times(mut self, n: u64) -> Self {
        self.times = n;
        self
    }

    /// Mounts the expectation; a request that differs in any respect falls
    /// through to the [`MockApi`]'s catch-all and fails the test.
    pub async fn mount(self, api: &MockApi) {
        use wiremock::matchers::{body_json, header, method, path};
        let mut mock = Mock::given(method(self.method.as_str())).and(path(self.path.as_str()));
        if let Some(query) = &self.query {
            let pairs: Vec<(&str, &str)> = query
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            mock = mock.and(ExactQuery::new(&pairs));
        }
        for (name, value) in &self.headers {
            mock = mock.and(header(name.as_str(), value.as_str()));
        }
        mock = match self.body {
            BodyRule::Any => mock,
            BodyRule::Empty => mock.and(NoBody),
            BodyRule::Json(b) => mock.and(body_json(b)),
        };
        mock.respond_with(ResponseTemplate::new(self.status).set_body_json(self.response))
            .expect(self.times)
            .mount(api.server())
            .await;
    }
}
