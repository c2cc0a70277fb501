//! The builders and clients (vendor and partner) never print the keys, and
//! the transport settings of issue 9 (redirects, response size limit, plain
//! http) reach the transport through the builders.

use affiliate_common::RedirectReason;
use affiliate_common::test_util::{MockApi, fast_retry};
use partnerstack::{Client, Error, PartnerClient};
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

const PUBLIC: &str = "pk_Hq4TnW8cVb2Jx6Ld";
const SECRET: &str = "sk_Zq7XkP3vLm9Rt2Wy";
const TOKEN: &str = "tok_Fm5GsY1pQe8Ku3Na";
const PARTNER_KEY: &str = "pak_Wd9RtC4vBn7Xs2Qm";
/// `base64("pk_Hq4TnW8cVb2Jx6Ld:sk_Zq7XkP3vLm9Rt2Wy")`, the Basic credential.
const BASIC_B64: &str = "cGtfSHE0VG5XOGNWYjJKeDZMZDpza19acTdYa1AzdkxtOVJ0Mld5";

/// Panics when `shown` contains any six-character piece of `secret`.
fn assert_no_part_of(shown: &str, secret: &str) {
    let chars: Vec<char> = secret.chars().collect();
    for w in chars.windows(6) {
        let piece: String = w.iter().collect();
        assert!(
            !shown.contains(&piece),
            "`{piece}` of a secret leaked: {shown}"
        );
    }
}

fn assert_hidden(shown: &str) {
    for s in [PUBLIC, SECRET, TOKEN, PARTNER_KEY, BASIC_B64] {
        assert_no_part_of(shown, s);
    }
}

#[test]
fn debug_of_the_builders_and_clients_hides_every_key() {
    let basic = Client::builder(partnerstack::Auth::basic(PUBLIC, SECRET));
    assert_hidden(&format!("{basic:?} {basic:#?}"));
    let client = basic.build().unwrap();
    assert_hidden(&format!("{client:?} {client:#?} {:?}", client.http()));

    let bearer = Client::builder(partnerstack::Auth::bearer(TOKEN));
    assert_hidden(&format!("{bearer:?} {bearer:#?}"));
    assert_hidden(&format!("{:?}", bearer.build().unwrap()));

    let partner = PartnerClient::builder(PARTNER_KEY);
    assert_hidden(&format!("{partner:?} {partner:#?}"));
    let partner = partner.build().unwrap();
    assert_hidden(&format!("{partner:?} {partner:#?} {:?}", partner.http()));
}

fn builder(api: &MockApi) -> partnerstack::ClientBuilder {
    Client::builder(partnerstack::Auth::basic(PUBLIC, SECRET))
        .base_url(api.url_with("/api/v2"))
        .retry(fast_retry())
}

#[tokio::test]
async fn the_response_size_limit_reaches_the_transport() {
    let api = MockApi::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/partnerships"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "data": {"items": [], "padding": "x".repeat(200)}, "message": "", "status": 200
        })))
        .mount(api.server())
        .await;
    let client = builder(&api).max_response_size(64).build().unwrap();
    let err = client.get_json("partnerships", &[]).await.unwrap_err();
    assert!(
        matches!(err, Error::ResponseTooLarge { limit: 64, .. }),
        "{err:?}"
    );
    let partner = PartnerClient::builder(PARTNER_KEY)
        .base_url(api.url_with("/api/v2"))
        .retry(fast_retry())
        .max_response_size(64)
        .build()
        .unwrap();
    let err = partner.get_json("partnerships", &[]).await.unwrap_err();
    assert!(matches!(err, Error::ResponseTooLarge { .. }), "{err:?}");
}

#[tokio::test]
async fn following_redirects_can_be_turned_off() {
    let api = MockApi::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/old"))
        .respond_with(ResponseTemplate::new(301).insert_header("location", "/api/v2/new"))
        .mount(api.server())
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/new"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "data": {"moved": true}, "message": "", "status": 200
        })))
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
    let remote: partnerstack::common::url::Url =
        "http://partnerstack.proxy.example/api/v2".parse().unwrap();
    let err = Client::builder(partnerstack::Auth::basic(PUBLIC, SECRET))
        .base_url(remote.clone())
        .build()
        .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidInput { message } if message.contains("allow_insecure_http")),
        "{err:?}"
    );
    assert_hidden(&format!("{err} {err:?}"));
    PartnerClient::builder(PARTNER_KEY)
        .base_url(remote.clone())
        .build()
        .unwrap_err();
    Client::builder(partnerstack::Auth::basic(PUBLIC, SECRET))
        .base_url(remote.clone())
        .allow_insecure_http(true)
        .build()
        .unwrap();
    PartnerClient::builder(PARTNER_KEY)
        .base_url(remote)
        .allow_insecure_http(true)
        .build()
        .unwrap();
    // The sandbox, as `PARTNERSTACK_BASE_URL` may point to it.
    Client::builder(partnerstack::Auth::bearer(TOKEN))
        .base_url("http://127.0.0.1:4010/api/v2".parse().unwrap())
        .build()
        .unwrap();
}
