//! Error envelope, error codes, rate-limit headers and key handling.
mod common;

use common::setup;
use dub::ErrorCode;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

async fn error_for(status: u16, body: ResponseTemplate) -> dub::Error {
    let (api, client) = setup().await;
    Mock::given(method("DELETE"))
        .and(path("/tags/t"))
        .respond_with(body)
        .mount(api.server())
        .await;
    let err = client.tags().delete("t").await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
    err
}

#[tokio::test]
async fn error_envelope_becomes_an_api_error_with_its_code() {
    let body = json!({"error": {"code": "exceeded_limit", "message": "Plan limit reached", "doc_url": "https://dub.co/docs/api-reference/errors#exceeded-limit"}});
    let err = error_for(403, ResponseTemplate::new(403).set_body_json(body)).await;
    assert_eq!(ErrorCode::of(&err), Some(ErrorCode::ExceededLimit));
    assert_eq!(err.api_error().unwrap().message, "Plan limit reached");
    assert_eq!(
        dub::doc_url(&err).as_deref(),
        Some("https://dub.co/docs/api-reference/errors#exceeded-limit")
    );
    let body = json!({"error": {"code": "invite_pending", "message": "pending"}});
    let err = error_for(409, ResponseTemplate::new(409).set_body_json(body)).await;
    assert_eq!(ErrorCode::of(&err), Some(ErrorCode::InvitePending));
    let body = json!({"error": {"code": "something_new", "message": "?"}});
    let err = error_for(400, ResponseTemplate::new(400).set_body_json(body)).await;
    assert_eq!(
        ErrorCode::of(&err),
        Some(ErrorCode::Unknown("something_new".into()))
    );
}

#[tokio::test]
async fn html_502_from_the_edge_keeps_its_status() {
    let err = error_for(
        502,
        ResponseTemplate::new(502).set_body_raw("<html>Bad Gateway</html>", "text/html"),
    )
    .await;
    assert!(matches!(err, dub::Error::Api(_)));
    assert_eq!(ErrorCode::of(&err), None);
}

#[tokio::test]
async fn epoch_ms_retry_after_is_honoured_and_rate_limits_are_exposed() {
    let (api, client) = setup().await;
    let now_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64;
    let reset = (now_ms + 200).to_string();
    Mock::given(method("GET"))
        .and(path("/links/info"))
        .respond_with(
            ResponseTemplate::new(429)
                .set_body_json(json!({"error": {"code": "rate_limit_exceeded", "message": "Too many requests."}}))
                .insert_header("retry-after", reset.as_str())
                .insert_header("x-ratelimit-reset", reset.as_str())
                .insert_header("x-ratelimit-limit", "600")
                .insert_header("x-ratelimit-remaining", "0"),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(api.server())
        .await;
    Mock::given(method("GET"))
        .and(path("/links/info"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"id": "link_1"}))
                .insert_header("x-ratelimit-limit", "600")
                .insert_header("x-ratelimit-remaining", "598")
                .insert_header("x-ratelimit-reset", (now_ms + 60_000).to_string().as_str()),
        )
        .mount(api.server())
        .await;
    // Read as "200 ms from now", not 1.7e12 s: a wait above the policy's
    // `max_retry_after` (2 s) is never retried, so the retry succeeding
    // shows the reading.
    let link = client.links().get().link_id("link_1").send().await.unwrap();
    assert_eq!(link.id, "link_1");
    let info = client.last_rate_limit().unwrap();
    assert_eq!(info.limit, Some(600));
    assert_eq!(info.remaining, Some(598));
    assert!(info.reset.unwrap() <= std::time::Duration::from_secs(60));
}

#[test]
fn keys_are_checked_and_never_printed() {
    assert!(matches!(
        dub::Client::new(""),
        Err(dub::Error::Config { .. })
    ));
    assert!(matches!(
        dub::Client::new("dub_pk_abc"),
        Err(dub::Error::Config { .. })
    ));
    let c = dub::Client::new("dub_secret_value").unwrap();
    assert!(!format!("{c:?}").contains("dub_secret_value"));
}
