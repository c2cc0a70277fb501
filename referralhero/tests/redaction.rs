//! The builder and the client never print the token (in either auth style),
//! and the transport settings of issue 9 (redirects, response size limit,
//! plain http) reach the transport through the builder.

use affiliate_common::RedirectReason;
use affiliate_common::test_util::{MockApi, fast_retry};
use referralhero::{AuthStyle, Client, Error};
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

const TOKEN: &str = "rh_Zq7XkP3vLm9Rt2WyH5";

/// Panics when `shown` contains any six-character piece of `secret`.
fn assert_no_part_of(shown: &str, secret: &str) {
    let chars: Vec<char> = secret.chars().collect();
    for w in chars.windows(6) {
        let piece: String = w.iter().collect();
        assert!(
            !shown.contains(&piece),
            "`{piece}` of the token leaked: {shown}"
        );
    }
}

#[test]
fn debug_of_the_builder_and_the_client_hides_the_token() {
    for style in [AuthStyle::Bearer, AuthStyle::ApiKeyHeader] {
        let builder = Client::builder(TOKEN).auth_style(style);
        let shown = format!("{builder:?} {builder:#?}");
        assert_no_part_of(&shown, TOKEN);
        assert!(shown.contains("REDACTED"), "{shown}");
        let client = builder.build().unwrap();
        assert_no_part_of(
            &format!("{client:?} {client:#?} {:?}", client.http()),
            TOKEN,
        );
    }
    let err = Client::builder(format!("{TOKEN}\nmore"))
        .api_key_header()
        .build()
        .unwrap_err();
    assert_no_part_of(&format!("{err} {err:?}"), TOKEN);
}

fn builder(api: &MockApi) -> referralhero::ClientBuilder {
    Client::builder(TOKEN)
        .base_url(api.url_with("/api/v2"))
        .retry(fast_retry())
}

#[tokio::test]
async fn the_response_size_limit_reaches_the_transport() {
    let api = MockApi::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/lists"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "status": "ok", "data": {"padding": "x".repeat(200)}
        })))
        .mount(api.server())
        .await;
    let client = builder(&api).max_response_size(64).build().unwrap();
    let err = client.get_json("lists", &[]).await.unwrap_err();
    assert!(
        matches!(err, Error::ResponseTooLarge { limit: 64, .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn following_redirects_can_be_turned_off() {
    let api = MockApi::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/old"))
        .respond_with(ResponseTemplate::new(307).insert_header("location", "/api/v2/lists"))
        .mount(api.server())
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/lists"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"status": "ok", "data": {"moved": true}})),
        )
        .mount(api.server())
        .await;
    let on = builder(&api).build().unwrap();
    assert_eq!(on.get_json("old", &[]).await.unwrap()["moved"], true);
    let off = builder(&api).follow_redirects(false).build().unwrap();
    let err = off.get_json("old", &[]).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Redirect {
                reason: RedirectReason::NotFollowed,
                ..
            }
        ),
        "{err:?}"
    );
}

#[test]
fn plain_http_off_the_loopback_needs_the_opt_in() {
    let remote: referralhero::common::url::Url =
        "http://referralhero.proxy.example/api/v2".parse().unwrap();
    let err = Client::builder(TOKEN)
        .base_url(remote.clone())
        .build()
        .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidInput { message } if message.contains("allow_insecure_http")),
        "{err:?}"
    );
    Client::builder(TOKEN)
        .base_url(remote)
        .allow_insecure_http(true)
        .build()
        .unwrap();
    Client::builder(TOKEN)
        .base_url("http://localhost:4010/api/v2".parse().unwrap())
        .build()
        .unwrap();
}
