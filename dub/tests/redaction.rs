//! The builder and the client never print the API key, and the transport
//! settings of issue 9 (redirects, response size limit, plain http) reach
//! the transport through the builder.

use std::time::Duration;

use affiliate_common::RedirectReason;
use affiliate_common::test_util::{MockApi, fast_retry};
use dub::{Client, Error, Plan};
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

const KEY: &str = "dub_Zq7XkP3vLm9Rt2WyH5";

/// Panics when `shown` contains any six-character piece of `secret`.
fn assert_no_part_of(shown: &str, secret: &str) {
    let chars: Vec<char> = secret.chars().collect();
    for w in chars.windows(6) {
        let piece: String = w.iter().collect();
        assert!(
            !shown.contains(&piece),
            "`{piece}` of the secret leaked: {shown}"
        );
    }
}

#[test]
fn debug_of_the_builder_and_the_client_hides_the_key() {
    let builder = Client::builder(KEY)
        .plan(Plan::Pro)
        .timeout(Duration::from_secs(5));
    let shown = format!("{builder:?} {builder:#?}");
    assert_no_part_of(&shown, KEY);
    assert!(shown.contains("REDACTED"), "{shown}");
    let client = builder.build().unwrap();
    let shown = format!("{client:?} {client:#?} {:?}", client.http());
    assert_no_part_of(&shown, KEY);
}

#[test]
fn build_errors_do_not_repeat_the_key() {
    for key in [format!("dub_pk_{KEY}"), format!("{KEY}\nsecond-line")] {
        let err = Client::builder(key.clone()).build().unwrap_err();
        assert_no_part_of(&format!("{err} {err:?}"), KEY);
    }
}

fn builder(api: &MockApi) -> dub::ClientBuilder {
    Client::builder(KEY).base_url(api.url()).retry(fast_retry())
}

#[tokio::test]
async fn the_response_size_limit_reaches_the_transport() {
    let api = MockApi::start().await;
    Mock::given(method("GET"))
        .and(path("/links"))
        .respond_with(
            ResponseTemplate::new(200).set_body_string(format!("[\"{}\"]", "x".repeat(100))),
        )
        .mount(api.server())
        .await;
    let client = builder(&api).max_response_size(64).build().unwrap();
    let err = client.get_json("links", &[]).await.unwrap_err();
    assert!(
        matches!(err, Error::ResponseTooLarge { limit: 64, .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn following_redirects_can_be_turned_off() {
    let api = MockApi::start().await;
    Mock::given(method("GET"))
        .and(path("/old"))
        .respond_with(ResponseTemplate::new(302).insert_header("location", "/links"))
        .mount(api.server())
        .await;
    Mock::given(method("GET"))
        .and(path("/links"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([])))
        .mount(api.server())
        .await;
    let on = builder(&api).build().unwrap();
    assert_eq!(
        on.get_json("old", &[]).await.unwrap(),
        serde_json::json!([])
    );
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
    let err = Client::builder(KEY)
        .base_url("http://api.dub.example".parse().unwrap())
        .build()
        .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidInput { message } if message.contains("allow_insecure_http")),
        "{err:?}"
    );
    Client::builder(KEY)
        .base_url("http://api.dub.example".parse().unwrap())
        .allow_insecure_http(true)
        .build()
        .unwrap();
    // A sandbox or proxy on the loopback, as `DUB_BASE_URL` may point to.
    Client::builder(KEY)
        .base_url("http://127.0.0.1:4010".parse().unwrap())
        .build()
        .unwrap();
}
