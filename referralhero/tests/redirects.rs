//! A redirect to another origin never carries the `X-API-Key` header there:
//! the HTTP client strips `Authorization` on a cross-host redirect, but not
//! an API-key header, so the transport must refuse to follow at all. Two
//! wiremock servers on 127.0.0.1 with different ports are different origins.

use affiliate_common::RedirectReason;
use affiliate_common::test_util::{MockApi, fast_retry};
use referralhero::{Client, Error};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, ResponseTemplate};

const TOKEN: &str = "rh_REDIRECT_TOKEN_31";

#[tokio::test]
async fn a_cross_origin_redirect_never_reaches_the_other_server() {
    let api = MockApi::start().await;
    let other = MockApi::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/lists"))
        .and(header("x-api-key", TOKEN))
        .respond_with(ResponseTemplate::new(302).insert_header(
            "location",
            other.url_with("/collect?from=rh&key=QUERY_SECRET").as_str(),
        ))
        .expect(1)
        .mount(api.server())
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "status": "ok", "data": {"planted": true}
        })))
        .expect(0)
        .mount(other.server())
        .await;
    let client = Client::builder(TOKEN)
        .api_key_header()
        .base_url(api.url_with("/api/v2"))
        .retry(fast_retry())
        .build()
        .unwrap();
    let err = client.get_json("lists", &[]).await.unwrap_err();
    match &err {
        Error::Redirect {
            status,
            location,
            reason,
        } => {
            assert_eq!(status.as_u16(), 302);
            assert_eq!(*reason, RedirectReason::CrossOrigin);
            let other_origin = other.url().origin().ascii_serialization();
            assert_eq!(
                location.as_deref(),
                Some(&*format!("{other_origin}/collect"))
            );
        }
        other => panic!("expected Error::Redirect, got {other:?}"),
    }
    assert!(
        other.received().await.is_empty(),
        "the other origin received the request (and the X-API-Key)"
    );
    let shown = format!("{err} {err:?}");
    assert!(
        !shown.contains("QUERY_SECRET") && !shown.contains(TOKEN),
        "{shown}"
    );
}

#[tokio::test]
async fn a_same_origin_redirect_keeps_the_api_key() {
    let api = MockApi::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/lists"))
        .and(header("x-api-key", TOKEN))
        .respond_with(ResponseTemplate::new(301).insert_header("location", "/api/v2/lists/moved"))
        .expect(1)
        .mount(api.server())
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/lists/moved"))
        .and(header("x-api-key", TOKEN))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"status": "ok", "data": {"moved": true}})),
        )
        .expect(1)
        .mount(api.server())
        .await;
    let client = Client::builder(TOKEN)
        .api_key_header()
        .base_url(api.url_with("/api/v2"))
        .retry(fast_retry())
        .build()
        .unwrap();
    let resp = client.get_json("lists", &[]).await.unwrap();
    assert_eq!(resp["moved"], true);
}
