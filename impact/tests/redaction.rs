//! The builder, the client and every handle made from it never print the
//! Auth Token nor the Basic credential built from it, and the transport
//! settings of issue 9 (redirects, response size limit, plain http) reach
//! the REST and tracking transports through the builder.
//!
//! The Account SID is an account identifier (it is in every REST path), not
//! a secret, so `Debug` shows it.

use affiliate_common::RedirectReason;
use affiliate_common::test_util::{MockApi, fast_retry};
use impact_com::tracking::PageLoad;
use impact_com::{Client, Error};
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

const SID: &str = "IRs1dUniQ9";
const TOKEN: &str = "tok_Zq7XkP3vLm9Rt2Wy";
/// `base64("IRs1dUniQ9:tok_Zq7XkP3vLm9Rt2Wy")`, the Basic credential.
const BASIC_B64: &str = "SVJzMWRVbmlROTp0b2tfWnE3WGtQM3ZMbTlSdDJXeQ==";

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
    assert_no_part_of(shown, TOKEN);
    assert_no_part_of(shown, BASIC_B64);
}

#[test]
fn debug_of_the_builder_the_client_and_the_handles_hides_the_token() {
    let builder = Client::builder(SID, TOKEN).ir_version(14);
    let shown = format!("{builder:?} {builder:#?}");
    assert_hidden(&shown);
    assert!(shown.contains("REDACTED"), "{shown}");
    let client = builder.build().unwrap();
    assert_hidden(&format!("{client:?} {client:#?} {:?}", client.http()));
    let brand = client.brand(SID);
    assert_hidden(&format!(
        "{brand:?} {:?} {:?} {:?} {:?} {:?}",
        brand.scope(),
        brand.job_runner(),
        client.partner(SID),
        client.agency(SID),
        client.tracking()
    ));
}

fn builder(api: &MockApi) -> impact_com::ClientBuilder {
    Client::builder(SID, TOKEN)
        .base_url(api.url())
        .tracking_base_url(api.url())
        .calldata_base_url(api.url())
        .retry(fast_retry())
}

#[tokio::test]
async fn the_response_size_limit_reaches_the_transports() {
    let api = MockApi::start().await;
    let big = serde_json::json!({"padding": "x".repeat(200)});
    Mock::given(method("GET"))
        .and(path(format!("/Advertisers/{SID}/CompanyInformation")))
        .respond_with(ResponseTemplate::new(200).set_body_json(big.clone()))
        .mount(api.server())
        .await;
    Mock::given(method("POST"))
        .and(path("/PageLoad"))
        .respond_with(ResponseTemplate::new(200).set_body_json(big))
        .mount(api.server())
        .await;
    let client = builder(&api).max_response_size(64).build().unwrap();
    let err = client
        .get_json(&format!("Advertisers/{SID}/CompanyInformation"), &[])
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::ResponseTooLarge { limit: 64, .. }),
        "{err:?}"
    );
    let err = client
        .tracking()
        .page_load(&PageLoad::new(1, "NOW", "https://www.acme.com/", "v"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::ResponseTooLarge { .. }), "{err:?}");
}

#[tokio::test]
async fn following_redirects_can_be_turned_off() {
    let api = MockApi::start().await;
    Mock::given(method("GET"))
        .and(path("/old"))
        .respond_with(ResponseTemplate::new(302).insert_header("location", "/new"))
        .mount(api.server())
        .await;
    Mock::given(method("GET"))
        .and(path("/new"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"moved": true})))
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
    let remote: impact_com::common::url::Url = "http://impact.proxy.example/".parse().unwrap();
    for b in [
        Client::builder(SID, TOKEN).base_url(remote.clone()),
        Client::builder(SID, TOKEN).tracking_base_url(remote.clone()),
        Client::builder(SID, TOKEN).calldata_base_url(remote.clone()),
    ] {
        let err = b.build().unwrap_err();
        assert!(
            matches!(&err, Error::InvalidInput { message } if message.contains("allow_insecure_http")),
            "{err:?}"
        );
        assert_hidden(&format!("{err} {err:?}"));
    }
    Client::builder(SID, TOKEN)
        .base_url(remote.clone())
        .tracking_base_url(remote.clone())
        .calldata_base_url(remote)
        .allow_insecure_http(true)
        .build()
        .unwrap();
    let local: impact_com::common::url::Url = "http://127.0.0.1:4010/".parse().unwrap();
    Client::builder(SID, TOKEN)
        .base_url(local.clone())
        .tracking_base_url(local.clone())
        .calldata_base_url(local)
        .build()
        .unwrap();
}
