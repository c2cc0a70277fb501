//! Every fault the sandbox injects, and what the client makes of it: a
//! retried transport error, a timeout, a wait at least as long as the
//! server asked, a loud `Incomplete`, a refused redirect. Also the sandbox's
//! own bookkeeping (faults by kind, 429s and their retries, writes), which
//! the cross-crate soak relies on.

use std::time::{Duration, UNIX_EPOCH};

use affiliate_common::error::{RedirectReason, TimeoutKind};
use affiliate_common::pagination::PageNumber;
use affiliate_common::retry::parse_wait;
use affiliate_common::sandbox::{
    Fault, FaultKind, RetryAfter, Sandbox, SandboxRequest, SandboxResponse,
};
use affiliate_common::{
    ApiPath, Auth, Client, Error, IncompleteKind, PageBody, PageParts, Paginator, Request,
    RetryPolicy, Strategy,
};
use serde::Deserialize;
use serde_json::json;

const SECRET: &str = "sk_sandbox_faults_S3CR3T";

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// Quick retries, enough attempts, and server waits honoured up to 5 s.
fn quick_retry() -> RetryPolicy {
    RetryPolicy::default()
        .max_attempts(4)
        .initial_backoff(ms(5))
        .max_backoff(ms(20))
        .max_retry_after(Duration::from_secs(5))
}

/// A record body of about 4 KB, so a cut body is cut in the middle of a
/// JSON document.
fn record(req: &SandboxRequest) -> SandboxResponse {
    let filler = "x".repeat(4000);
    SandboxResponse::json(200, &json!({ "path": req.path, "filler": filler }))
}

async fn record_server() -> Sandbox {
    Sandbox::start(|req: SandboxRequest| record(&req))
        .await
        .unwrap()
}

fn client(sandbox: &Sandbox, retry: RetryPolicy) -> Client {
    Client::builder(sandbox.url().clone())
        .auth(Auth::header("x-api-key", SECRET).unwrap())
        .retry(retry)
        .build()
        .unwrap()
}

async fn get(client: &Client, path: &str) -> Result<serde_json::Value, Error> {
    client
        .send_json::<serde_json::Value>(Request::get(ApiPath::new(path)))
        .await
        .map(|r| r.into_inner())
}

/// A retryable transport error whose underlying I/O error is of `kind`
/// (a reset reads as `ConnectionReset`, a short body as `UnexpectedEof`).
fn assert_retryable_transport(err: &Error, kind: std::io::ErrorKind) {
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert!(err.is_retryable(), "{err:?}");
    let mut source = std::error::Error::source(err);
    let mut io = None;
    while let Some(e) = source {
        if let Some(e) = e.downcast_ref::<std::io::Error>() {
            io = Some(e.kind());
        }
        source = e.source();
    }
    assert_eq!(io, Some(kind), "{err:?}");
}

#[tokio::test]
async fn a_reset_mid_body_is_a_transport_error_and_a_read_is_retried() {
    let sandbox = record_server().await;
    let faults = sandbox.faults();

    faults.fail_next(1, Fault::ResetMidBody);
    let err = get(&client(&sandbox, RetryPolicy::none()), "once")
        .await
        .unwrap_err();
    assert_retryable_transport(&err, std::io::ErrorKind::ConnectionReset);

    faults.fail_next(1, Fault::ResetMidBody);
    let body = get(&client(&sandbox, quick_retry()), "retried")
        .await
        .unwrap();
    assert_eq!(body["path"], "/retried");
    assert_eq!(faults.requests(), 3, "one failed call, one retried call");
    assert_eq!(faults.injected_of(FaultKind::ResetMidBody), 2);
}

#[tokio::test]
async fn a_write_reset_after_it_took_effect_is_not_sent_again() {
    let sandbox = record_server().await;
    let faults = sandbox.faults();
    faults.fail_next(1, Fault::ResetMidBody);
    let req = Request::post(ApiPath::new("orders"))
        .json(&json!({ "marker": "order-1" }))
        .unwrap();
    let err = client(&sandbox, quick_retry())
        .send_json::<serde_json::Value>(req)
        .await
        .unwrap_err();
    assert_retryable_transport(&err, std::io::ErrorKind::ConnectionReset);
    let writes = faults.writes();
    assert_eq!(writes.len(), 1, "the POST was sent once: {writes:?}");
    assert_eq!(writes[0].path, "/orders");
    assert_eq!(writes[0].fault, Some(FaultKind::ResetMidBody));
    assert!(String::from_utf8_lossy(&writes[0].body).contains("order-1"));
}

#[tokio::test]
async fn a_truncated_body_is_a_transport_error_and_a_read_is_retried() {
    let sandbox = record_server().await;
    let faults = sandbox.faults();

    faults.fail_next(1, Fault::TruncatedBody);
    let err = get(&client(&sandbox, RetryPolicy::none()), "once")
        .await
        .unwrap_err();
    assert_retryable_transport(&err, std::io::ErrorKind::UnexpectedEof);

    faults.fail_next(2, Fault::TruncatedBody);
    let body = get(&client(&sandbox, quick_retry()), "retried")
        .await
        .unwrap();
    assert_eq!(body["path"], "/retried");
    assert_eq!(faults.requests(), 4);
    assert_eq!(faults.injected_of(FaultKind::TruncatedBody), 3);
}

#[tokio::test]
async fn a_truncated_empty_body_still_fails() {
    // Even a handler answering with no body gets a Content-Length it
    // does not meet.
    let sandbox =
        Sandbox::start(|_req: SandboxRequest| SandboxResponse::bytes(200, "application/json", ""))
            .await
            .unwrap();
    sandbox.faults().fail_next(1, Fault::TruncatedBody);
    let err = client(&sandbox, RetryPolicy::none())
        .send_empty(Request::get(ApiPath::new("empty")))
        .await
        .unwrap_err();
    assert_retryable_transport(&err, std::io::ErrorKind::UnexpectedEof);
}

#[tokio::test]
async fn a_stalled_body_times_the_attempt_out_and_a_read_is_retried() {
    let sandbox = record_server().await;
    let faults = sandbox.faults();
    let build = |retry| {
        Client::builder(sandbox.url().clone())
            .timeout(Duration::from_secs(1))
            .retry(retry)
            .build()
            .unwrap()
    };

    faults.fail_next(1, Fault::StalledBody(Duration::from_secs(60)));
    let err = get(&build(RetryPolicy::none()), "once").await.unwrap_err();
    match &err {
        Error::Timeout { kind, elapsed } => {
            assert_eq!(*kind, TimeoutKind::Attempt);
            assert!(*elapsed >= Duration::from_secs(1), "{elapsed:?}");
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert!(err.is_retryable());

    faults.fail_next(1, Fault::StalledBody(Duration::from_secs(60)));
    let body = get(&build(quick_retry()), "retried").await.unwrap();
    assert_eq!(body["path"], "/retried");
    assert_eq!(faults.requests(), 3);
    assert_eq!(faults.injected_of(FaultKind::StalledBody), 2);
}

#[test]
fn retry_after_forms_are_written_rounded_up() {
    let now = UNIX_EPOCH + Duration::from_millis(1_767_225_600_250);
    let cases = [
        (RetryAfter::DeltaSeconds(ms(50)), "0.050"),
        (
            RetryAfter::DeltaSeconds(Duration::from_micros(1_500)),
            "0.002",
        ),
        (RetryAfter::EpochMillis(ms(50)), "1767225600300"),
        (RetryAfter::EpochSeconds(ms(50)), "1767225601"),
        (
            RetryAfter::HttpDate(ms(1_800)),
            "Thu, 01 Jan 2026 00:00:03 GMT",
        ),
    ];
    for (form, want) in cases {
        let value = form.render(now);
        assert_eq!(value, want, "{form:?}");
        let wait = parse_wait(&value, now).unwrap();
        assert!(wait >= form.wait(), "{form:?}: {value} reads as {wait:?}");
        assert!(wait < form.wait() + Duration::from_secs(1), "{form:?}");
    }
}

#[tokio::test]
async fn every_retry_after_form_is_waited_out_in_full() {
    let sandbox = record_server().await;
    let faults = sandbox.faults();
    let client = client(&sandbox, quick_retry());
    let forms = [
        RetryAfter::DeltaSeconds(ms(50)),
        RetryAfter::EpochMillis(ms(50)),
        RetryAfter::EpochSeconds(ms(50)),
        RetryAfter::HttpDate(ms(50)),
    ];
    for (i, form) in forms.iter().enumerate() {
        faults.fail_next(1, Fault::Throttled(*form));
        let body = get(&client, &format!("form{i}")).await.unwrap();
        assert_eq!(body["path"], format!("/form{i}"));
    }
    let throttles = faults.throttles();
    assert_eq!(throttles.len(), forms.len());
    for (t, form) in throttles.iter().zip(forms) {
        let asked = t.asked.expect("every form asks for a wait");
        // Rounding up may add up to a second; the time between writing the
        // value and sending it may take a hair off.
        assert!(asked + ms(5) >= form.wait(), "{form:?}: asked {asked:?}");
        assert!(asked <= form.wait() + Duration::from_secs(1), "{form:?}");
        let back = t.came_back_after.expect("the read was retried");
        match form {
            RetryAfter::DeltaSeconds(_) => {
                assert_eq!(t.not_before, None);
                assert!(
                    back >= asked,
                    "{form:?}: back after {back:?}, asked {asked:?}"
                );
            }
            _ => {
                // A moment is honoured on the wall clock.
                let moment = t.not_before.expect("a moment");
                assert!(t.came_back_at.unwrap() >= moment, "{form:?}");
            }
        }
        assert!(!t.too_early());
    }
    assert!(faults.early_retries().is_empty());
    assert_eq!(faults.injected_of(FaultKind::RateLimited), 4);
}

#[tokio::test]
async fn without_retries_a_throttle_is_a_typed_rate_limit_with_its_wait() {
    let sandbox = record_server().await;
    sandbox
        .faults()
        .fail_next(1, Fault::Throttled(RetryAfter::DeltaSeconds(ms(1_250))));
    let err = get(&client(&sandbox, RetryPolicy::none()), "limited")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::RateLimited { .. }), "{err:?}");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(429));
    assert_eq!(err.retry_after(), Some(ms(1_250)));
}

#[tokio::test]
async fn the_throttle_records_catch_a_retry_that_comes_too_early() {
    // A client that ignores Retry-After: the records must show it.
    let sandbox = record_server().await;
    let faults = sandbox.faults();
    faults.fail_next(1, Fault::Throttled(RetryAfter::DeltaSeconds(ms(10_000))));
    let url = sandbox.url().join("/impatient?page=2").unwrap();
    let raw = reqwest::Client::new();
    let first = raw.get(url.clone()).send().await.unwrap();
    assert_eq!(first.status().as_u16(), 429);
    assert_eq!(first.headers()["retry-after"], "10.000");
    let second = raw.get(url).send().await.unwrap();
    assert_eq!(second.status().as_u16(), 200);

    let early = faults.early_retries();
    assert_eq!(early.len(), 1, "{early:?}");
    assert_eq!(early[0].key, "GET /impatient?page=2");
    assert_eq!(early[0].value.as_deref(), Some("10.000"));
    assert_eq!(early[0].asked, Some(ms(10_000)));
    assert!(early[0].came_back_after.unwrap() < ms(10_000));
}

#[tokio::test]
async fn the_throttle_records_catch_an_early_retry_of_a_moment() {
    let sandbox = record_server().await;
    let faults = sandbox.faults();
    faults.fail_next(1, Fault::Throttled(RetryAfter::EpochMillis(ms(10_000))));
    let url = sandbox.url().join("/impatient").unwrap();
    let raw = reqwest::Client::new();
    assert_eq!(
        raw.get(url.clone()).send().await.unwrap().status().as_u16(),
        429
    );
    assert_eq!(raw.get(url).send().await.unwrap().status().as_u16(), 200);
    let early = faults.early_retries();
    assert_eq!(early.len(), 1, "{early:?}");
    let t = &early[0];
    let moment = t.not_before.expect("epoch milliseconds name a moment");
    let named: u128 = t.value.as_deref().unwrap().parse().unwrap();
    assert_eq!(
        moment.duration_since(UNIX_EPOCH).unwrap().as_millis(),
        named,
        "the moment is the one the header names"
    );
    assert!(t.came_back_at.unwrap() < moment);
}

#[derive(Deserialize)]
struct Numbers {
    items: Vec<u64>,
    has_more: bool,
}

impl PageBody for Numbers {
    type Item = u64;
    fn into_parts(self) -> PageParts<u64> {
        PageParts::new(self.items).has_more(Some(self.has_more))
    }
}

/// 30 numbers in pages of 5, by `page`.
async fn numbers_server() -> Sandbox {
    Sandbox::start(|req: SandboxRequest| {
        let page: u64 = req.query("page").and_then(|p| p.parse().ok()).unwrap_or(1);
        let items: Vec<u64> = ((page - 1) * 5..(page * 5).min(30)).collect();
        SandboxResponse::json(200, &json!({ "items": items, "has_more": page * 5 < 30 }))
    })
    .await
    .unwrap()
}

fn numbers(client: Client) -> Paginator<Numbers> {
    Paginator::new(
        client,
        Request::get(ApiPath::new("numbers")),
        Strategy::PageNumber(PageNumber::new("page")),
    )
}

#[tokio::test]
async fn a_page_served_twice_ends_the_stream_loudly() {
    let sandbox = numbers_server().await;
    let faults = sandbox.faults();
    let client = client(&sandbox, quick_retry());
    assert_eq!(
        numbers(client.clone()).collect_all().await.unwrap(),
        (0..30).collect::<Vec<_>>()
    );

    // Queued before the drain: a first page is never served stale (the
    // previous drain's last page would otherwise qualify), so it is page 2
    // that gets page 1 again.
    let before = faults.requests();
    faults.fail_next(1, Fault::RepeatedPage);
    let err = numbers(client).collect_all().await.unwrap_err();
    match &err {
        Error::Incomplete(data) => {
            assert_eq!(data.kind, IncompleteKind::RepeatedPage { page: 2 })
        }
        other => panic!("expected Incomplete RepeatedPage, got {other:?}"),
    }
    assert!(!err.is_retryable());
    assert_eq!(faults.injected_of(FaultKind::RepeatedPage), 1);
    assert_eq!(faults.requests() - before, 2);
}

#[tokio::test]
async fn a_repeated_page_waits_for_a_page_it_can_repeat() {
    let sandbox = numbers_server().await;
    let faults = sandbox.faults();
    let client = client(&sandbox, quick_retry());
    faults.fail_next(1, Fault::RepeatedPage);
    // A write and a first page cannot be "served twice".
    let req = Request::post(ApiPath::new("numbers"))
        .json(&json!({}))
        .unwrap();
    client.send_empty(req).await.unwrap();
    let first = numbers(client.clone()).send().await.unwrap();
    assert_eq!(first.items, vec![0, 1, 2, 3, 4]);
    assert_eq!(faults.injected(), 0);
    // The next page of the same list gets the first one again.
    let second = client
        .send_json::<Numbers>(Request::get(ApiPath::new("numbers")).query("page", "2"))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(second.items, vec![0, 1, 2, 3, 4]);
    assert_eq!(faults.injected_of(FaultKind::RepeatedPage), 1);
}

#[tokio::test]
async fn the_redirect_fault_points_at_the_second_origin() {
    let sandbox = Sandbox::start_with_prefix(|req: SandboxRequest| record(&req), "/api/v2")
        .await
        .unwrap();
    sandbox.faults().fail_next(1, Fault::CrossOriginRedirect);
    let raw = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let url = sandbox.url().join("/api/v2/things?page=3").unwrap();
    let resp = raw.get(url).send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 302);
    let location = resp.headers()["location"].to_str().unwrap();
    let foreign = sandbox.foreign().url();
    assert_ne!(foreign.port(), sandbox.url().port());
    assert_eq!(
        location,
        format!("{}api/v2/things?page=3", foreign.as_str()),
        "same path and query, other origin"
    );
    assert_eq!(sandbox.foreign().requests(), 0);

    // The second origin counts what reaches it, credentials included.
    raw.get(foreign.join("/x").unwrap())
        .header("x-api-key", "k")
        .header("accept", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(sandbox.foreign().requests(), 1);
    assert_eq!(
        sandbox.foreign().credentials_seen(),
        vec![("x-api-key".to_owned(), "k".to_owned())]
    );
}

#[tokio::test]
async fn the_client_refuses_a_redirect_to_another_origin_and_sends_it_nothing() {
    let sandbox = record_server().await;
    sandbox.faults().fail_next(1, Fault::CrossOriginRedirect);
    let client = Client::builder(sandbox.url().clone())
        .auth(Auth::header("x-api-key", SECRET).unwrap())
        .default_header("x-account", "acct_1")
        .unwrap()
        .retry(quick_retry())
        .build()
        .unwrap();
    let err = get(&client, "things").await.unwrap_err();
    match &err {
        Error::Redirect { status, reason, .. } => {
            assert_eq!(status.as_u16(), 302);
            assert_eq!(*reason, RedirectReason::CrossOrigin);
        }
        other => panic!("expected a refused redirect, got {other:?}"),
    }
    assert!(!err.is_retryable());
    assert!(!format!("{err} {err:?}").contains(SECRET));
    assert_eq!(sandbox.foreign().requests(), 0);
    assert!(sandbox.foreign().credentials_seen().is_empty());
    assert_eq!(sandbox.faults().requests(), 1, "not retried");
}

#[tokio::test]
async fn a_mix_is_deterministic_per_seed_and_counted_by_kind() {
    async fn run(seed: u64) -> (Vec<u16>, u64, u64) {
        let sandbox = record_server().await;
        sandbox.faults().mix(
            seed,
            &[
                (0.25, Fault::Status(503)),
                (0.10, Fault::Throttled(RetryAfter::DeltaSeconds(ms(1)))),
            ],
        );
        let raw = reqwest::Client::new();
        let mut statuses = Vec::new();
        for i in 0..400 {
            let url = sandbox.url().join(&format!("/r{i}")).unwrap();
            statuses.push(raw.get(url).send().await.unwrap().status().as_u16());
        }
        let f = sandbox.faults();
        assert_eq!(f.requests(), 400);
        assert_eq!(
            f.injected(),
            f.injected_of(FaultKind::Status) + f.injected_of(FaultKind::RateLimited)
        );
        (
            statuses,
            f.injected_of(FaultKind::Status),
            f.injected_of(FaultKind::RateLimited),
        )
    }
    let (a, status_a, limited_a) = run(7).await;
    let (b, status_b, limited_b) = run(7).await;
    assert_eq!(a, b, "same seed, same faults");
    assert_eq!((status_a, limited_a), (status_b, limited_b));
    assert_eq!(a.iter().filter(|s| **s == 503).count() as u64, status_a);
    assert_eq!(a.iter().filter(|s| **s == 429).count() as u64, limited_a);
    // 400 draws at 25% and 10%: far from both zero and everything.
    assert!((60..140).contains(&status_a), "{status_a}");
    assert!((15..70).contains(&limited_a), "{limited_a}");
    let (c, _, _) = run(8).await;
    assert_ne!(a, c, "another seed, other faults");
}

#[tokio::test]
async fn queued_faults_come_before_periodic_and_mixed_ones() {
    let sandbox = record_server().await;
    let faults = sandbox.faults();
    faults.mix(1, &[(1.0, Fault::Status(500))]);
    faults.fail_every(2, Fault::Status(502));
    faults.fail_next(1, Fault::Status(504));
    let raw = reqwest::Client::new();
    let mut statuses = Vec::new();
    for i in 0..4 {
        let url = sandbox.url().join(&format!("/q{i}")).unwrap();
        statuses.push(raw.get(url).send().await.unwrap().status().as_u16());
    }
    assert_eq!(statuses, vec![504, 502, 500, 502]);
    faults.clear();
    let url = sandbox.url().join("/after").unwrap();
    assert_eq!(raw.get(url).send().await.unwrap().status().as_u16(), 200);
    assert_eq!(
        faults.injected_of(FaultKind::Status),
        4,
        "records outlive clear"
    );
}

#[tokio::test]
async fn writes_are_recorded_with_the_fault_that_answered_them() {
    let sandbox = record_server().await;
    let faults = sandbox.faults();
    let client = client(&sandbox, quick_retry());
    let post = |marker: &str| {
        Request::post(ApiPath::new("orders"))
            .json(&json!({ "marker": marker }))
            .unwrap()
    };
    client.send_empty(post("a")).await.unwrap();
    faults.fail_next(1, Fault::Status(503));
    let err = client.send_empty(post("b")).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    get(&client, "not-a-write").await.unwrap();

    let writes = faults.writes();
    let seen: Vec<_> = writes
        .iter()
        .map(|w| {
            (
                w.method.as_str().to_owned(),
                serde_json::from_slice::<serde_json::Value>(&w.body).unwrap()["marker"].clone(),
                w.fault,
            )
        })
        .collect();
    assert_eq!(
        seen,
        vec![
            ("POST".to_owned(), json!("a"), None),
            ("POST".to_owned(), json!("b"), Some(FaultKind::Status)),
        ],
        "a POST answered 503 is not sent again"
    );
}
