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

#[tokio::test]
async fn call_data_get_sends_the_fields_as_a_query() {
    use wiremock::matchers::query_param;
    let api = MockApi::start().await;
    Mock::given(method("GET"))
        .and(path("/calldata/logCallData"))
        .and(header("authorization", BASIC))
        .and(query_param("CampaignId", "1000"))
        .and(query_param("MediaId", "12"))
        .and(query_param("EventDate", "2026-09-10T22:55:32-08:00"))
        .and(query_param("ActionTrackerId", "5555"))
        .and(query_param("CallProvider", "Invoca"))
        .and(query_param("CallSessionId", "s-1"))
        .and(query_param("CallerId", "+15555550100"))
        .and(query_param("CalledPhoneNumber", "+15555550199"))
        .and(query_param("CallDuration", "300"))
        .and(query_param("TalkDuration", "240"))
        .and(query_param("CallStatus", "CANCEL"))
        .and(query_param("Zip", "02134"))
        .and(query_param("IvrDuration", "30"))
        .and(query_param("SaleAmount", "19.5"))
        .and(query_param("Channel", "radio"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"Status": "OK"})))
        .expect(1)
        .mount(api.server())
        .await;
    let call = CallData::new(1000, 12, "2026-09-10T22:55:32-08:00", 5555, "Invoca")
        .session("s-1", "+15555550100", "+15555550199", 300, 240)
        .call_status("CANCEL")
        .zip("02134")
        .ivr_duration(30u64)
        .sale_amount(19.5)
        .field("Channel", "radio");
    let res = client(&api)
        .tracking()
        .log_call_data_get(&call)
        .await
        .unwrap();
    assert_eq!(res.status.as_deref(), Some("OK"));
    let received = api.received().await;
    assert_eq!(received.len(), 1);
    assert!(received[0].body.is_empty(), "a GET carries no body");
    assert_eq!(received[0].url.query_pairs().count(), 15);
}

/// Every one of the 50 documented fields has a typed setter and is sent
/// under its documented wire name, once.
#[test]
fn call_data_types_all_50_documented_fields() {
    let call = CallData::new(1000, 12, "2026-09-10T22:55:32-08:00", 5555, "Invoca")
        .session("s-1", "+15555550100", "+15555550199", 300, 240)
        .ad_id(656_565u64)
        .call_status("ANSWER")
        .caller_phone_number_country("US")
        .called_phone_number_country("CA")
        .sub_id1("a")
        .sub_id2("b")
        .sub_id3("c")
        .click_id("click")
        .city("Santa Barbara")
        .region("CA")
        .zip("93101")
        .repeat_caller("true")
        .phone_type("Mobile")
        .call_recording("https://calls.example/1.mp3")
        .ivr_duration(30u64)
        .keypresses("12")
        .key1("1")
        .key2("2")
        .key3("3")
        .key4("4")
        .traffic_source("radio")
        .opt_in_sms("yes")
        .user_agent("UA")
        .disposition_name("sale")
        .sale_amount(19.5)
        .reference_id("9007199254740993")
        .custom_conversion_event1_name("c1")
        .custom_conversion_event2_name("c2")
        .custom_conversion_event3_name("c3")
        .custom_conversion_event1_value("v1")
        .custom_conversion_event2_value("v2")
        .custom_conversion_event3_value("v3")
        .vendor_event_id("ev-1")
        .promo_number_description("spring")
        .custom_call_event1_name("e1")
        .custom_call_event2_name("e2")
        .custom_call_event3_name("e3")
        .custom_call_event1_value("w1")
        .custom_call_event2_value("w2")
        .custom_call_event3_value("w3");
    let v = serde_json::to_value(&call).unwrap();
    let mut keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    let documented = [
        "CampaignId",
        "MediaId",
        "EventDate",
        "ActionTrackerId",
        "CallProvider",
        "CallSessionId",
        "CallerId",
        "CalledPhoneNumber",
        "CallDuration",
        "TalkDuration",
        "AdId",
        "CallStatus",
        "CallerPhoneNumberCountry",
        "CalledPhoneNumberCountry",
        "SubId1",
        "SubId2",
        "SubId3",
        "ClickId",
        "City",
        "Region",
        "Zip",
        "RepeatCaller",
        "PhoneType",
        "CallRecording",
        "IvrDuration",
        "Keypresses",
        "Key1",
        "Key2",
        "Key3",
        "Key4",
        "TrafficSource",
        "OptInSms",
        "UserAgent",
        "DispositionName",
        "SaleAmount",
        "ReferenceId",
        "CustomConversionEvent1Name",
        "CustomConversionEvent2Name",
        "CustomConversionEvent3Name",
        "CustomConversionEvent1Value",
        "CustomConversionEvent2Value",
        "CustomConversionEvent3Value",
        "VendorEventId",
        "PromoNumberDescription",
        "CustomCallEvent1Name",
        "CustomCallEvent2Name",
        "CustomCallEvent3Name",
        "CustomCallEvent1Value",
        "CustomCallEvent2Value",
        "CustomCallEvent3Value",
    ];
    assert_eq!(documented.len(), 50);
    let mut sorted = documented.to_vec();
    sorted.sort_unstable();
    assert_eq!(keys, sorted, "every documented field, and nothing else");
    assert!(
        call.fields.is_empty(),
        "no field went through the escape hatch"
    );
    assert_eq!(v["Zip"], "93101");
    assert_eq!(v["IvrDuration"], 30);
    assert_eq!(v["SaleAmount"], 19.5);
}
