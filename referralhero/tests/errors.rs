//! The error envelope, every documented code, auth styles and secrets.

mod common;

use affiliate_common::RateLimit;
use affiliate_common::test_util::{MockApi, fast_retry};
use common::*;
use referralhero::flavor::{DOCUMENTED_CODES, error_code};
use referralhero::{AuthStyle, Client, Error, ErrorCode, ErrorExt as _};
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, ResponseTemplate};

fn status_for(code: &str) -> u16 {
    match code {
        "no_token" | "invalid_token" => 401,
        "inactive_account" => 403,
        "too_many_calls" => 429,
        "invalid_list" | "subscriber_not_found" => 404,
        _ => 400,
    }
}

#[tokio::test]
async fn each_documented_code_maps_to_its_variant() {
    let expected = [
        ErrorCode::NoToken,
        ErrorCode::InvalidToken,
        ErrorCode::InactiveAccount,
        ErrorCode::TooManyCalls,
        ErrorCode::NoListUuid,
        ErrorCode::InvalidList,
        ErrorCode::NoSubscriberId,
        ErrorCode::SubscriberNotFound,
        ErrorCode::NoEmailAddress,
        ErrorCode::InvalidEmailAddress,
        ErrorCode::NoName,
        ErrorCode::NoPoints,
        ErrorCode::NoHostingUrl,
        ErrorCode::ErrorListCreation,
        ErrorCode::SubscriberAlreadyPromoted,
        ErrorCode::SubscriberNotPromoted,
        ErrorCode::NoListType,
        ErrorCode::UnknownListType,
        ErrorCode::WrongListType,
    ];
    assert_eq!(expected.len(), DOCUMENTED_CODES.len());
    for (code, variant) in DOCUMENTED_CODES.iter().zip(expected) {
        let api = MockApi::start().await;
        let client = Client::builder(TOKEN)
            .base_url(api.url_with("/api/v2"))
            .retry(fast_retry().max_attempts(1))
            .build()
            .unwrap();
        let status = status_for(code);
        Mock::given(method("GET"))
            .and(path(format!("/api/v2/lists/{UUID}/subscribers/{SUB}")))
            .respond_with(ResponseTemplate::new(status).set_body_json(
                json!({"status": "error", "message": format!("message for {code}"), "code": code}),
            ))
            .expect(1)
            .mount(api.server())
            .await;
        let err = client.subscribers(UUID).get(SUB).await.unwrap_err();
        assert_eq!(error_code(&err), Some(variant.clone()), "{code}");
        assert_eq!(err.referralhero_code(), Some(variant), "{code}");
        assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
        let api_err = err.api_error().unwrap();
        assert_eq!(api_err.message, format!("message for {code}"));
        if status == 429 {
            assert!(matches!(err, Error::RateLimited { .. }), "{code}: {err:?}");
        } else {
            assert!(matches!(err, Error::Api(_)), "{code}: {err:?}");
        }
    }
}

#[tokio::test]
async fn unknown_codes_are_kept() {
    let (api, client) = setup().await;
    expect(
        "GET",
        &format!("/lists/{UUID}/bonuses"),
        fx("errors/unknown_code.json"),
    )
    .status(422)
    .no_body()
    .mount(&api)
    .await;
    let err = client.lists().bonuses(UUID).await.unwrap_err();
    assert_eq!(
        error_code(&err),
        Some(ErrorCode::Unknown("list_archived".into()))
    );
    assert_eq!(
        err.api_error().unwrap().message,
        "The campaign is archived."
    );
    assert!(err.to_string().contains("list_archived"), "{err}");
}

#[tokio::test]
async fn invalid_token_is_not_retried_and_hides_the_token() {
    let (api, client) = setup().await;
    expect("GET", "/lists", fx("errors/invalid_token.json"))
        .query(&[("page", "1")])
        .status(401)
        .no_body()
        .mount(&api)
        .await;
    let err = client.lists().list().send().await.unwrap_err();
    assert_eq!(error_code(&err), Some(ErrorCode::InvalidToken));
    only_request(&api).await;
    let shown = format!("{err} {err:?} {client:?}");
    assert!(!shown.contains(TOKEN), "{shown}");
}

#[tokio::test]
async fn too_many_calls_is_retried_then_succeeds() {
    let (api, client) = setup().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/lists"))
        .respond_with(ResponseTemplate::new(429).set_body_json(fx("errors/too_many_calls.json")))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(api.server())
        .await;
    expect("GET", "/lists", fx("lists/page1.json"))
        .query(&[("page", "1")])
        .no_body()
        .mount(&api)
        .await;
    let lists = client.lists().list().collect_all().await.unwrap();
    assert_eq!(lists.len(), 3);
    assert_eq!(api.received().await.len(), 2);
}

#[tokio::test]
async fn too_many_calls_when_retries_run_out() {
    let (api, client) = setup().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/lists"))
        .respond_with(ResponseTemplate::new(429).set_body_json(fx("errors/too_many_calls.json")))
        .expect(3)
        .mount(api.server())
        .await;
    let err = client.lists().list().send().await.unwrap_err();
    assert!(matches!(err, Error::RateLimited { .. }));
    assert_eq!(err.referralhero_code(), Some(ErrorCode::TooManyCalls));
}

#[tokio::test]
async fn x_api_key_when_chosen() {
    let api = MockApi::start().await;
    let client = Client::builder(TOKEN)
        .auth_style(AuthStyle::ApiKeyHeader)
        .base_url(api.url_with("/api/v2"))
        .rate_limit(RateLimit::unlimited())
        .build()
        .unwrap();
    Mock::given(method("GET"))
        .and(path("/api/v2/lists"))
        .and(header("x-api-key", TOKEN))
        .respond_with(ResponseTemplate::new(200).set_body_json(fx("lists/page1.json")))
        .expect(1)
        .mount(api.server())
        .await;
    client.lists().list().send().await.unwrap();
    let req = only_request(&api).await;
    assert!(req.headers.get("authorization").is_none());
    assert_query(&req, &[("page", "1")]);
}

#[test]
fn constructors_validate_the_token() {
    assert!(matches!(Client::new(""), Err(Error::Config { .. })));
    assert!(matches!(Client::new("  "), Err(Error::Config { .. })));
    let err = Client::new("bad\ntoken-SECRET").unwrap_err();
    assert!(!err.to_string().contains("SECRET"));
    let b = Client::builder("tok-SECRET").api_key_header();
    assert!(!format!("{b:?}").contains("SECRET"));
    let c = Client::new("tok-SECRET").unwrap();
    assert!(!format!("{c:?}").contains("SECRET"));
    assert_eq!(c.http().base_url().as_str(), referralhero::DEFAULT_BASE_URL);
    assert_eq!(c.http().limiter().config().requests, 5_000);
    assert_eq!(c.http().limiter().config().max_in_flight, 10);
}

#[test]
fn from_env_reads_the_token_variable() {
    // The only test touching the variable, so no other test races with it.
    // SAFETY-free: `set_var` is `unsafe` in edition 2024, so exercise the
    // unset path only and check the message names the variable.
    if std::env::var(referralhero::TOKEN_ENV).is_err() {
        let err = Client::from_env().unwrap_err();
        assert!(
            matches!(&err, referralhero::Error::Config { variables, .. }
                if variables == &["REFERRALHERO_API_TOKEN"]),
            "{err:?}"
        );
        assert!(err.to_string().contains("REFERRALHERO_API_TOKEN"), "{err}");
    }
}
