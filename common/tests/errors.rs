//! Error paths: decode errors name the JSON path and keep status, request
//! id and a body excerpt; non-JSON error pages become API errors; non-JSON
//! success bodies become decode errors; provider error bodies are parsed;
//! the helpers answer status, request id and retryability.

mod support;

use std::error::Error as _;
use std::time::Duration;

use affiliate_common::error::{BODY_EXCERPT_LEN, DecodeSource};
use affiliate_common::pagination::Cursor;
use affiliate_common::test_util::{MockApi, fixture};
use affiliate_common::{
    ApiError, ApiPath, Client, Error, FieldError, Flavor, PageBody, PageParts, Paginator, Request,
    RetryPolicy, Strategy,
};
use http::StatusCode;
use serde::Deserialize;
use support::{Log, client, client_with, fixture_text, fixtures, mount_all};
use wiremock::ResponseTemplate;

#[derive(Debug, Deserialize)]
struct Envelope {
    data: Data,
}

#[derive(Debug, Deserialize)]
struct Data {
    items: Vec<Strict>,
}

/// A record whose `status` must be a string.
#[derive(Debug, Deserialize)]
struct Strict {
    #[allow(dead_code)]
    id: String,
    #[allow(dead_code)]
    status: String,
}

impl PageBody for Envelope {
    type Item = Strict;
    fn into_parts(self) -> PageParts<Strict> {
        PageParts::new(self.data.items).has_more(Some(false))
    }
}

fn get(p: &str) -> Request {
    Request::get(ApiPath::new(p))
}

/// Mounts one answer for every request, recorded in the returned log.
async fn answer(api: &MockApi, template: ResponseTemplate) -> Log {
    let log = Log::new();
    mount_all(
        api,
        log.responder(move |_, _| (template.clone(), Duration::ZERO)),
    )
    .await;
    log
}

fn bad_item_response() -> ResponseTemplate {
    ResponseTemplate::new(200)
        .insert_header("x-request-id", "req_dec_1")
        .set_body_json(fixture(fixtures().join("errors"), "bad_status_item.json"))
}

fn assert_names_the_bad_field(err: &Error) {
    let Error::Decode(d) = err else {
        panic!("expected a decode error, got {err:?}");
    };
    assert_eq!(d.path, "data.items[3].status");
    assert_eq!(d.status, StatusCode::OK);
    assert_eq!(d.request_id.as_deref(), Some("req_dec_1"));
    assert!(d.body_excerpt.contains("\"it_3\""), "{}", d.body_excerpt);
    match &d.source {
        DecodeSource::Json(e) => assert!(e.is_data(), "{e}"),
        other => panic!("expected a JSON source, got {other:?}"),
    }
    assert_eq!(err.status(), Some(StatusCode::OK));
    assert_eq!(err.request_id(), Some("req_dec_1"));
    assert!(!err.is_retryable(), "a decode error will not fix itself");
    let shown = err.to_string();
    assert!(shown.contains("data.items[3].status"), "{shown}");
    assert!(shown.contains("req_dec_1"), "{shown}");
    // The decoder's own error is kept as a typed source, not a string.
    let source = d.source().expect("a decode error keeps its cause");
    assert!(source.downcast_ref::<DecodeSource>().is_some());
}

#[tokio::test]
async fn a_decode_error_names_the_json_path_status_request_id_and_body() {
    let api = MockApi::start().await;
    let log = answer(&api, bad_item_response()).await;
    let err = client(&api)
        .send_json::<Envelope>(get("items"))
        .await
        .unwrap_err();
    assert_names_the_bad_field(&err);
    assert_eq!(log.count(), 1, "decode errors are not retried");
}

#[tokio::test]
async fn a_decode_error_in_a_page_stream_names_the_same_path() {
    let api = MockApi::start().await;
    answer(&api, bad_item_response()).await;
    let p: Paginator<Envelope> = Paginator::new(
        client(&api),
        get("items"),
        Strategy::Cursor(Cursor::new("starting_after", |s: &Strict| {
            Some(s.id.clone())
        })),
    );
    let err = p.collect_all().await.unwrap_err();
    assert_names_the_bad_field(&err);
}

#[tokio::test]
async fn an_html_502_from_a_proxy_is_an_api_error_not_a_decode_error() {
    let api = MockApi::start().await;
    let log = answer(
        &api,
        ResponseTemplate::new(502)
            .insert_header("x-request-id", "req_502")
            .set_body_raw(fixture_text("errors/bad_gateway.html"), "text/html"),
    )
    .await;
    let err = client(&api)
        .send_json::<serde_json::Value>(get("items"))
        .await
        .unwrap_err();
    let Error::Api(api_err) = &err else {
        panic!("expected Error::Api, got {err:?}");
    };
    assert_eq!(api_err.status, StatusCode::BAD_GATEWAY);
    assert_eq!(api_err.message, "Bad Gateway");
    assert_eq!(api_err.code, None);
    assert!(api_err.body_excerpt.contains("<h1>502 Bad Gateway</h1>"));
    assert_eq!(err.request_id(), Some("req_502"));
    assert!(err.is_retryable());
    assert_eq!(
        log.count(),
        3,
        "a 502 is retried (3 attempts in fast_retry)"
    );
}

#[tokio::test]
async fn markup_under_a_json_content_type_is_a_not_json_decode_error() {
    let api = MockApi::start().await;
    answer(
        &api,
        ResponseTemplate::new(200)
            .set_body_raw(fixture_text("errors/list.xml"), "application/json"),
    )
    .await;
    let err = client(&api)
        .send_json::<serde_json::Value>(get("Actions"))
        .await
        .unwrap_err();
    let Error::Decode(d) = &err else {
        panic!("expected a decode error, got {err:?}");
    };
    let DecodeSource::NotJson { content_type } = &d.source else {
        panic!("expected NotJson, got {:?}", d.source);
    };
    assert!(content_type.contains("XML"), "{content_type}");
    assert!(content_type.contains("application/json"), "{content_type}");
    assert_eq!(d.path, ".");
}

#[tokio::test]
async fn an_xml_success_body_is_a_not_json_decode_error() {
    let api = MockApi::start().await;
    let log = answer(
        &api,
        ResponseTemplate::new(200)
            .insert_header("request-id", "req_xml")
            .set_body_raw(fixture_text("errors/list.xml"), "application/xml"),
    )
    .await;
    let err = client(&api)
        .send_json::<serde_json::Value>(get("Actions"))
        .await
        .unwrap_err();
    let Error::Decode(d) = &err else {
        panic!("expected a decode error, got {err:?}");
    };
    let DecodeSource::NotJson { content_type } = &d.source else {
        panic!("expected NotJson, got {:?}", d.source);
    };
    assert_eq!(content_type, "application/xml");
    assert_eq!(d.path, ".");
    assert_eq!(d.status, StatusCode::OK);
    assert!(d.body_excerpt.starts_with("<?xml"));
    assert_eq!(
        err.request_id(),
        Some("req_xml"),
        "the second request-id header is read"
    );
    assert_eq!(log.count(), 1);
}

#[tokio::test]
async fn malformed_json_is_a_decode_error_at_the_root() {
    let api = MockApi::start().await;
    answer(
        &api,
        ResponseTemplate::new(200).set_body_raw("{\"items\": [1, 2", "application/json"),
    )
    .await;
    let err = client(&api)
        .send_json::<serde_json::Value>(get("x"))
        .await
        .unwrap_err();
    let Error::Decode(d) = &err else {
        panic!("{err:?}")
    };
    assert!(
        matches!(&d.source, DecodeSource::Json(e) if e.is_eof()),
        "{:?}",
        d.source
    );
    assert_eq!(d.body_excerpt, "{\"items\": [1, 2");
}

#[tokio::test]
async fn a_long_body_is_cut_to_the_excerpt_length() {
    let api = MockApi::start().await;
    let long = format!("{{\"message\": \"{}\"}}", "é".repeat(2000));
    answer(
        &api,
        ResponseTemplate::new(404).set_body_raw(long, "application/json"),
    )
    .await;
    let err = client(&api).send_empty(get("x")).await.unwrap_err();
    let excerpt = &err.api_error().unwrap().body_excerpt;
    assert!(excerpt.ends_with('…'), "{excerpt}");
    assert!(excerpt.len() <= BODY_EXCERPT_LEN + '…'.len_utf8() + 3);
    assert!(excerpt.len() >= BODY_EXCERPT_LEN - 3);
}

#[tokio::test]
async fn a_nested_provider_error_gives_code_and_message() {
    let api = MockApi::start().await;
    let log = answer(
        &api,
        ResponseTemplate::new(404)
            .insert_header("x-request-id", "req_404")
            .set_body_json(fixture(fixtures().join("errors"), "not_found_404.json")),
    )
    .await;
    let path = ApiPath::new("links")
        .param("link_id", "lnk_secret_42")
        .unwrap();
    let err = client(&api)
        .send_empty(Request::get(path))
        .await
        .unwrap_err();
    let e = err.api_error().expect("an API error");
    assert_eq!(e.status, StatusCode::NOT_FOUND);
    assert_eq!(e.code.as_deref(), Some("not_found"));
    assert_eq!(e.message, "The requested link was not found.");
    assert_eq!(e.method, Some(http::Method::GET));
    assert_eq!(e.path_template.as_deref(), Some("/links/{link_id}"));
    // Method, path template (never the id), status, code, message, request id.
    assert_eq!(
        err.to_string(),
        "GET /links/{link_id} answered 404 Not Found with code not_found: \
         The requested link was not found. [request id req_404]"
    );
    assert_eq!(log.count(), 1);
}

#[tokio::test]
async fn field_errors_are_kept_and_a_422_is_not_retried() {
    let api = MockApi::start().await;
    let log = answer(
        &api,
        ResponseTemplate::new(422)
            .set_body_json(fixture(fixtures().join("errors"), "validation_422.json")),
    )
    .await;
    let req = Request::post(ApiPath::new("Conversions"))
        .form(&[("Amount", "-1")])
        .unwrap()
        .idempotent();
    let err = client(&api).send_empty(req).await.unwrap_err();
    let e = err.api_error().unwrap();
    assert_eq!(e.message, "The request is invalid");
    assert_eq!(
        e.field_errors,
        [
            FieldError::new("EventDate", "is required"),
            FieldError::new("Amount", "must be positive")
        ]
    );
    assert!(err.to_string().contains("EventDate: is required"));
    assert_eq!(
        log.count(),
        1,
        "even an idempotent call is not repeated on a 422"
    );
}

/// A provider with its own error envelope and request-id header.
#[derive(Debug)]
struct Acme;

impl Flavor for Acme {
    fn parse_error(&self, status: StatusCode, body: &[u8]) -> ApiError {
        let v: serde_json::Value = serde_json::from_slice(body).unwrap_or_default();
        ApiError::new(status, v["problem"]["text"].as_str().unwrap_or("?"))
            .with_code(v["problem"]["kind"].as_str().unwrap_or("?"))
    }
    fn request_id_headers(&self) -> &[&'static str] {
        &["x-acme-trace"]
    }
    fn name(&self) -> &'static str {
        "acme"
    }
}

#[tokio::test]
async fn a_flavor_parses_its_own_error_envelope_and_request_id_header() {
    let api = MockApi::start().await;
    answer(
        &api,
        ResponseTemplate::new(409)
            .insert_header("x-acme-trace", "tr_9")
            .insert_header("x-request-id", "not-this-one")
            .set_body_json(serde_json::json!({"problem": {"kind": "conflict", "text": "exists"}})),
    )
    .await;
    let client = Client::builder(api.url()).flavor(Acme).build().unwrap();
    let err = client.send_empty(get("x")).await.unwrap_err();
    let e = err.api_error().unwrap();
    assert_eq!(e.code.as_deref(), Some("conflict"));
    assert_eq!(e.message, "exists");
    assert_eq!(err.request_id(), Some("tr_9"));
    assert!(format!("{client:?}").contains("acme"));
}

#[tokio::test]
async fn helpers_answer_for_errors_without_a_response() {
    let invalid = ApiPath::new("x").param("id", "..").unwrap_err();
    assert!(matches!(invalid, Error::InvalidInput { .. }));
    assert_eq!(invalid.status(), None);
    assert_eq!(invalid.request_id(), None);
    assert!(!invalid.is_retryable());

    let url = format!("http://127.0.0.1:{}/", support::dead_port())
        .parse()
        .unwrap();
    let client = Client::builder(url)
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let transport = client.send_empty(get("x")).await.unwrap_err();
    assert!(matches!(transport, Error::Transport(_)));
    assert_eq!(transport.status(), None);
    assert!(transport.is_retryable());
    assert!(
        transport.source().is_some(),
        "the reqwest error is kept as the source"
    );
    assert!(transport.to_string().starts_with("transport error"));
}

#[tokio::test]
async fn rate_limited_and_api_errors_report_their_status() {
    let api = MockApi::start().await;
    answer(
        &api,
        ResponseTemplate::new(429).insert_header("retry-after", "7"),
    )
    .await;
    let err = client_with(&api, RetryPolicy::none())
        .send_empty(get("x"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::RateLimited { .. }));
    assert_eq!(err.status(), Some(StatusCode::TOO_MANY_REQUESTS));
    assert_eq!(err.retry_after(), Some(Duration::from_secs(7)));
    assert_eq!(err.api_error().unwrap().message, "Too Many Requests");
    assert!(err.to_string().contains("retry after 7.0s"), "{err}");
}

#[tokio::test]
async fn an_empty_request_id_header_is_no_request_id() {
    for value in ["", "   "] {
        let api = MockApi::start().await;
        answer(
            &api,
            ResponseTemplate::new(404)
                .insert_header("x-request-id", value)
                .set_body_json(serde_json::json!({"message": "nope"})),
        )
        .await;
        let err = client(&api)
            .send_json::<serde_json::Value>(get("items"))
            .await
            .unwrap_err();
        assert_eq!(err.request_id(), None, "header {value:?}");
        assert!(!err.to_string().contains("request id"), "{err}");
    }
}
