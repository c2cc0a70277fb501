//! Tracing spans and events of requests record the method and the path
//! template, and never a secret. This runs alone in its own test binary so
//! the thread-local subscriber sees every callsite.
//!
//! The subscriber does not track the current span (that needs
//! `tracing_core::span::Current`, which `tracing` does not re-export), so
//! fields recorded later through `Span::current()` (attempt, status, request
//! id) are not seen here; none of them can hold a secret.

mod support;

use std::fmt::Write as _;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use affiliate_common::test_util::{MockApi, fast_retry};
use affiliate_common::{ApiPath, Client, Request};
use support::{Log, assert_hidden, mount_all, schemes};
use tracing::span::{Attributes, Id, Record};
use tracing::subscriber::Subscriber;
use tracing::{Event, Metadata};
use wiremock::ResponseTemplate;

/// A subscriber that writes every span field and event into one string.
#[derive(Clone, Default)]
struct Capture {
    text: Arc<Mutex<String>>,
    next_id: Arc<Mutex<u64>>,
}

struct Fields<'a>(&'a mut String);

impl tracing::field::Visit for Fields<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0, " {}={:?}", field.name(), value);
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut text = self.text.lock().unwrap();
        let _ = write!(text, "\nspan {}:", span.metadata().name());
        span.record(&mut Fields(&mut text));
        let mut id = self.next_id.lock().unwrap();
        *id += 1;
        Id::from_u64(*id)
    }
    fn record(&self, _: &Id, values: &Record<'_>) {
        let mut text = self.text.lock().unwrap();
        text.push_str("\nrecord:");
        values.record(&mut Fields(&mut text));
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut text = self.text.lock().unwrap();
        text.push_str("\nevent:");
        event.record(&mut Fields(&mut text));
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

#[tokio::test]
async fn tracing_records_the_request_but_never_the_secret() {
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());

    let api = MockApi::start().await;
    let log = Log::new();
    mount_all(
        &api,
        log.responder(|i, _| match i % 2 {
            0 => (ResponseTemplate::new(503), Duration::ZERO),
            _ => (
                ResponseTemplate::new(200)
                    .insert_header("x-request-id", "req_traced")
                    .set_body_json(serde_json::json!({})),
                Duration::ZERO,
            ),
        }),
    )
    .await;
    for (auth, secrets, _, _) in schemes() {
        let client = Client::builder(api.url())
            .auth(auth)
            .retry(fast_retry())
            .build()
            .unwrap();
        let path = ApiPath::new("partners").param("id", "part_777").unwrap();
        client
            .send_json::<serde_json::Value>(Request::get(path))
            .await
            .unwrap();
        let text = capture.text.lock().unwrap().clone();
        assert_hidden(&text, &secrets, "the tracing output");
    }
    assert_eq!(log.count(), 6);
    let text = capture.text.lock().unwrap().clone();
    assert!(text.contains("span affiliate_request"), "{text}");
    assert!(
        text.contains(r#"path="/partners/{id}""#),
        "the path template is recorded: {text}"
    );
    assert!(text.contains("method=GET"), "{text}");
    assert!(
        !text.contains("part_777"),
        "ids stay out of the span: {text}"
    );
    // The retry event names the error and the attempt.
    assert!(text.contains("message=retrying"), "{text}");
    assert!(text.contains("attempt=1"), "{text}");
    assert!(
        text.contains("GET /partners/{id} answered 503 Service Unavailable"),
        "{text}"
    );
}
