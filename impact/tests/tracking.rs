//! The account-independent tracking helpers: form bodies, hosts, responses,
//! and which of them carry the credentials (`PageLoad` takes none).

mod common;

use affiliate_common::test_util::MockApi;
use common::*;
use impact_com::tracking::{CallData, DeferredDeepLinkRequest, PageLoad};
use serde_json::json;
use wiremock::matchers::{body_string, header, method, path};
use wiremock::{Mock, ResponseTemplate};

#[tokio::test]
async fn page_load_posts_a_form_to_the_tracking_host() {
    let api = MockApi::start().await;
    Mock::given(method("POST"))
        .and(path("/PageLoad"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string(
            "CampaignId=1000&EventDate=NOW&PageUrl=https%3A%2F%2Fwww.acme.com%2Fp%3Fa%3D1&CustomProfileId=v-42&TrackingConsent=true&IpAddress=72.194.216.61",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "clickId": "0c22384eN", "landingPage": "", "sessionStart": "2026-09-10T22:55:32-08:00",
            "warnings": [{"field": "UserAgent", "level": "WARNING", "message": "missing"}]
        })))
        .expect(1)
        .mount(api.server())
        .await;
    let load = PageLoad::new(1000, "NOW", "https://www.acme.com/p?a=1", "v-42")
        .tracking_consent(true)
        .ip_address("72.194.216.61");
    let resp = client(&api).tracking().page_load(&load).await.unwrap();
    assert_eq!(resp.click_id.as_deref(), Some("0c22384eN"));
    assert_eq!(resp.landing_page, None);
    assert_eq!(resp.warnings[0].field.as_deref(), Some("UserAgent"));
}

#[tokio::test]
async fn page_load_sends_no_credentials() {
    let api = MockApi::start().await;
    Mock::given(method("POST"))
        .and(path("/PageLoad"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"clickId": "c-1"})))
        .expect(1)
        .mount(api.server())
        .await;
    let load = PageLoad::new(1000, "NOW", "https://www.acme.com/", "v-1");
    client(&api).tracking().page_load(&load).await.unwrap();
    let received = api.received().await;
    assert_eq!(received.len(), 1);
    let sent = &received[0];
    assert!(
        !sent.headers.contains_key("authorization"),
        "PageLoad carried {:?}",
        sent.headers.get("authorization")
    );
    // Nothing else carries the secret either.
    for (name, value) in &sent.headers {
        let v = value.to_str().unwrap_or_default();
        assert!(
            !v.contains(TOKEN) && !v.contains(&BASIC[6..]),
            "{name}: {v}"
        );
    }
    assert!(!String::from_utf8_lossy(&sent.body).contains(TOKEN));
}

#[tokio::test]
async fn page_load_errors_carry_field_errors() {
    let api = MockApi::start().await;
    Mock::given(method("POST"))
        .and(path("/PageLoad"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "errors": [{"field": "CampaignId", "level": "ERROR", "message": "Invalid CampaignId"}], "warnings": []
        })))
        .mount(api.server())
        .await;
    let err = client(&api)
        .tracking()
        .page_load(&PageLoad::new(0, "NOW", "https://x.example", "v"))
        .await
        .unwrap_err();
    let e = err.api_error().unwrap();
    assert_eq!(e.status.as_u16(), 400);
    assert_eq!(e.field_errors[0].field, "CampaignId");
    assert_eq!(e.field_errors[0].message, "Invalid CampaignId");
}

#[tokio::test]
async fn deferred_deep_link_form_and_response() {
    let api = MockApi::start().await;
    Mock::given(method("POST"))
        .and(path("/DeferredDeepLink"))
        .and(header("authorization", BASIC))
        .and(body_string("CampaignId=1000&ImpactAppId=12345&EventDate=2026-09-10T22%3A55%3A32-08%3A00&GoogAId=g-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "landingPage": "https://www.acme.com/p/1", "clickId": "Qii", "clickIpAddress": "192.0.2.1",
            "connectionIpAddress": "192.0.2.2"
        })))
        .expect(1)
        .mount(api.server())
        .await;
    let req =
        DeferredDeepLinkRequest::new(1000, 12345, "2026-09-10T22:55:32-08:00").goog_a_id("g-1");
    let link = client(&api)
        .tracking()
        .deferred_deep_link(&req)
        .await
        .unwrap();
    assert_eq!(
        link.landing_page.as_deref(),
        Some("https://www.acme.com/p/1")
    );
    assert_eq!(link.connection_ip_address.as_deref(), Some("192.0.2.2"));
}

#[tokio::test]
async fn call_data_form_includes_extra_fields() {
    let api = MockApi::start().await;
    Mock::given(method("POST"))
        .and(path("/calldata/logCallData"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(header("authorization", BASIC))
        .and(body_string(
            "CampaignId=1000&MediaId=12&EventDate=2026-09-10T22%3A55%3A32-08%3A00&ActionTrackerId=5555&CallProvider=Invoca&CallSessionId=s-1&CallerId=%2B15555550100&CalledPhoneNumber=%2B15555550199&CallDuration=300&TalkDuration=240&SaleAmount=19.5&SubId1=abc",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"Status": "OK"})))
        .expect(1)
        .mount(api.server())
        .await;
    let call = CallData::new(1000, 12, "2026-09-10T22:55:32-08:00", 5555, "Invoca")
        .session("s-1", "+15555550100", "+15555550199", 300, 240)
        .sale_amount(19.5)
        .field("SubId1", "abc");
    let res = client(&api).tracking().log_call_data(&call).await.unwrap();
    assert_eq!(res.status.as_deref(), Some("OK"));
}
