//! Transport rules: auth, IrVersion, Accept, XML guard, error bodies, rate
//! limits and write results.

mod common;

use std::time::Duration;

use affiliate_common::RateLimit;
use affiliate_common::error::DecodeSource;
use affiliate_common::test_util::MockApi;
use common::*;
use impact_com::{Client, Error, Request, WriteStatus};
use serde_json::{Value, json};
use wiremock::matchers::{body_string, header, header_exists, method, path, query_param};
use wiremock::{Mock, ResponseTemplate};

#[tokio::test]
async fn sends_basic_auth_accept_json_and_pinned_ir_version() {
    let api = MockApi::start().await;
    Mock::given(method("GET"))
        .and(path("/Advertisers/IR1/Campaigns/1000"))
        .and(header("authorization", BASIC))
        .and(header("accept", "application/json"))
        .and(header("IR-Version", "14"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"Id": "1000", "Name": "Acme"})),
        )
        .expect(1)
        .mount(api.server())
        .await;
    let client = builder(&api).ir_version(14).build().unwrap();
    assert_eq!(client.ir_version(), Some("14"));
    let brand = client.brand(SID);
    let req = Request::get(
        brand
            .scope()
            .path("Campaigns")
            .unwrap()
            .param("CampaignId", "1000")
            .unwrap(),
    );
    let v: Value = brand.scope().get(req).await.unwrap();
    assert_eq!(v["Name"], "Acme");
}

#[tokio::test]
async fn without_pinning_no_ir_version_header_is_sent() {
    let api = MockApi::start().await;
    Mock::given(method("GET"))
        .and(path("/Mediapartners/IR1/Campaigns/7"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"CampaignId": "7"})))
        .mount(api.server())
        .await;
    let partner = client(&api).partner(SID);
    let req = Request::get(
        partner
            .scope()
            .path("Campaigns")
            .unwrap()
            .param("Id", "7")
            .unwrap(),
    );
    let _: Value = partner.scope().get(req).await.unwrap();
    let received = api.received().await;
    assert!(received[0].headers.get("ir-version").is_none());
}

#[tokio::test]
async fn scopes_address_their_persona_and_encode_the_sid() {
    let client = Client::new("IR1", "t").unwrap();
    assert_eq!(
        client
            .brand("IR9")
            .scope()
            .path("Actions")
            .unwrap()
            .as_str(),
        "/Advertisers/IR9/Actions"
    );
    assert_eq!(
        client.partner("IR9").scope().path("").unwrap().as_str(),
        "/Mediapartners/IR9"
    );
    assert_eq!(
        client
            .agency("IR9")
            .scope()
            .path("Reports")
            .unwrap()
            .as_str(),
        "/Agencies/IR9/Reports"
    );
    assert_eq!(
        client.brand("a/b").scope().path("Ads").unwrap().as_str(),
        "/Advertisers/a%2Fb/Ads"
    );
    assert!(matches!(
        client.brand("..").scope().path("Ads"),
        Err(Error::InvalidInput { .. })
    ));
}

#[test]
fn builder_rejects_bad_input_and_hides_the_token() {
    assert!(matches!(Client::new("", "t"), Err(Error::Config { .. })));
    assert!(matches!(Client::new("IR1", " "), Err(Error::Config { .. })));
    assert!(matches!(
        Client::builder("IR1", "t").ir_version("14\n").build(),
        Err(Error::InvalidInput { .. })
    ));
    let client = Client::new("IR1", "tok_secret").unwrap();
    let debug = format!("{client:?} {:?}", Client::builder("IR1", "tok_secret"));
    assert!(!debug.contains("tok_secret"), "{debug}");
}

#[tokio::test]
async fn xml_content_type_is_a_clear_decode_error() {
    let api = MockApi::start().await;
    Mock::given(method("GET"))
        .and(path("/Advertisers/IR1/Campaigns"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            "<ImpactRadiusResponse><Campaigns/></ImpactRadiusResponse>",
            "application/xml",
        ))
        .mount(api.server())
        .await;
    let brand = client(&api).brand(SID);
    let err = brand
        .scope()
        .get::<Value>(Request::get(brand.scope().path("Campaigns").unwrap()))
        .await
        .unwrap_err();
    let Error::Decode(d) = err else {
        panic!("expected a decode error, got {err:?}")
    };
    assert!(matches!(d.source, DecodeSource::NotJson { .. }));
}

#[tokio::test]
async fn xml_body_under_a_json_content_type_is_a_clear_decode_error() {
    let api = MockApi::start().await;
    Mock::given(method("GET"))
        .and(path("/Advertisers/IR1/Campaigns"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            "<?xml version=\"1.0\"?><ImpactRadiusResponse/>",
            "application/json",
        ))
        .mount(api.server())
        .await;
    let brand = client(&api).brand(SID);
    let err = brand
        .scope()
        .get::<Value>(Request::get(brand.scope().path("Campaigns").unwrap()))
        .await
        .unwrap_err();
    let text = err.to_string();
    let Error::Decode(d) = err else {
        panic!("expected a decode error")
    };
    assert!(matches!(d.source, DecodeSource::NotJson { .. }), "{text}");
    assert!(text.contains("XML"), "{text}");
}

#[tokio::test]
async fn validation_error_body_maps_to_field_errors() {
    let api = MockApi::start().await;
    Mock::given(method("POST"))
        .and(path("/Advertisers/IR1/Conversions"))
        .respond_with(ResponseTemplate::new(400).set_body_json(fixture("error_validation.json")))
        .expect(1)
        .mount(api.server())
        .await;
    let brand = client(&api).brand(SID);
    let req = Request::post(brand.scope().path("Conversions").unwrap())
        .form(&[("CampaignId", "x")])
        .unwrap();
    let err = brand.scope().write(req).await.unwrap_err();
    let api_err = err.api_error().expect("api error");
    assert_eq!(api_err.status.as_u16(), 400);
    assert_eq!(api_err.message, "Validation Failed");
    // `"Status": "ERROR"` is an outcome word, not a code.
    assert_eq!(api_err.code, None);
    assert!(
        err.to_string().starts_with(
            "POST /Advertisers/{AccountSID}/Conversions answered 400 Bad Request: Validation Failed"
        ),
        "{err}"
    );
    let fields: Vec<_> = api_err
        .field_errors
        .iter()
        .map(|f| (f.field.as_str(), f.message.as_str()))
        .collect();
    assert_eq!(
        fields,
        [
            ("AccountId", "Not a numeric value"),
            ("EventDate", "Required")
        ]
    );
}

#[tokio::test]
async fn empty_and_text_error_bodies_fall_back_to_status_text() {
    let api = MockApi::start().await;
    Mock::given(method("GET"))
        .and(path("/Advertisers/IR1/Ads/1"))
        .respond_with(ResponseTemplate::new(401))
        .mount(api.server())
        .await;
    Mock::given(method("GET"))
        .and(path("/Advertisers/IR1/Ads/2"))
        .respond_with(ResponseTemplate::new(404).set_body_raw("Not here", "text/plain"))
        .mount(api.server())
        .await;
    let brand = client(&api).brand(SID);
    for (id, status, text) in [("1", 401, "Unauthorized"), ("2", 404, "Not Found")] {
        let req = Request::get(
            brand
                .scope()
                .path("Ads")
                .unwrap()
                .param("AdId", id)
                .unwrap(),
        );
        let err = brand.scope().get::<Value>(req).await.unwrap_err();
        let e = err.api_error().unwrap();
        assert_eq!(e.status.as_u16(), status);
        assert_eq!(e.message, text);
    }
}

#[tokio::test]
async fn rate_limited_get_waits_for_x_ratelimit_reset_seconds_then_retries() {
    let api = MockApi::start().await;
    Mock::given(method("GET"))
        .and(path("/Advertisers/IR1/Campaigns/1"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("x-ratelimit-limit", "1000")
                .insert_header("x-ratelimit-remaining", "0")
                .insert_header("x-ratelimit-reset", "1")
                .set_body_json(json!({"Status": "ERROR", "Message": "Too many requests"})),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(api.server())
        .await;
    Mock::given(method("GET"))
        .and(path("/Advertisers/IR1/Campaigns/1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"Id": "1"})))
        .mount(api.server())
        .await;
    let brand = client(&api).brand(SID);
    let started = std::time::Instant::now();
    let req = Request::get(
        brand
            .scope()
            .path("Campaigns")
            .unwrap()
            .param("Id", "1")
            .unwrap(),
    );
    let v: Value = brand.scope().get(req).await.unwrap();
    assert_eq!(v["Id"], "1");
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "waited {:?}",
        started.elapsed()
    );
    assert_eq!(api.received().await.len(), 2);
}

#[tokio::test]
async fn report_export_bucket_is_applied_automatically() {
    let api = MockApi::start().await;
    Mock::given(method("GET"))
        .and(path("/Advertisers/IR1/ReportExport/adv_perf"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(fixture("report_export_queued.json")),
        )
        .mount(api.server())
        .await;
    Mock::given(method("GET"))
        .and(path("/Advertisers/IR1/Campaigns"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"Campaigns": []})))
        .mount(api.server())
        .await;
    let client = builder(&api)
        .report_export_rate_limit(RateLimit::new(1, Duration::from_secs(3600)).burst(1))
        .build()
        .unwrap();
    let brand = client.brand(SID);
    let export = || {
        Request::get(
            brand
                .scope()
                .path("ReportExport")
                .unwrap()
                .param("Id", "adv_perf")
                .unwrap(),
        )
    };
    let _: Value = brand.scope().get(export()).await.unwrap();
    // The second export waits for the bucket (an hour); other calls do not.
    let second = tokio::time::timeout(
        Duration::from_millis(300),
        brand.scope().get::<Value>(export()),
    )
    .await;
    assert!(
        second.is_err(),
        "the second ReportExport must wait for its daily bucket"
    );
    let other = tokio::time::timeout(
        Duration::from_secs(5),
        brand
            .scope()
            .get::<Value>(Request::get(brand.scope().path("Campaigns").unwrap())),
    )
    .await;
    assert!(other.expect("not throttled").is_ok());
    assert_eq!(api.received().await.len(), 2);
}

#[tokio::test]
async fn catalogs_bucket_limits_catalog_calls_only() {
    let api = MockApi::start().await;
    Mock::given(method("GET"))
        .and(path("/Mediapartners/IR1/Catalogs"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"Catalogs": []})))
        .mount(api.server())
        .await;
    let client = builder(&api)
        .catalogs_rate_limit(RateLimit::new(1, Duration::from_secs(3600)).burst(1))
        .build()
        .unwrap();
    let partner = client.partner(SID);
    let req = || Request::get(partner.scope().path("Catalogs").unwrap());
    let _: Value = partner.scope().get(req()).await.unwrap();
    assert!(
        tokio::time::timeout(
            Duration::from_millis(300),
            partner.scope().get::<Value>(req())
        )
        .await
        .is_err()
    );
}

#[tokio::test]
async fn form_encoded_write_returns_a_queued_result() {
    let api = MockApi::start().await;
    Mock::given(method("POST"))
        .and(path("/Advertisers/IR1/Conversions"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string("CampaignId=1000&ActionTrackerId=12345&EventDate=2026-01-01T10%3A00%3A00-08%3A00&OrderId=ORD+1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"Status": "QUEUED", "QueuedUri": "/Advertisers/IR1/APISubmissions/A-1f2e"}),
        ))
        .expect(1)
        .mount(api.server())
        .await;
    let brand = client(&api).brand(SID);
    let req = Request::post(brand.scope().path("Conversions").unwrap())
        .form(&[
            ("CampaignId", "1000"),
            ("ActionTrackerId", "12345"),
            ("EventDate", "2026-01-01T10:00:00-08:00"),
            ("OrderId", "ORD 1"),
        ])
        .unwrap();
    let res = brand.scope().write(req).await.unwrap();
    assert_eq!(res.status, Some(WriteStatus::Queued));
    assert_eq!(res.submission_id(), Some("A-1f2e"));
}

#[tokio::test]
async fn ok_write_and_empty_delete_results() {
    let api = MockApi::start().await;
    Mock::given(method("PUT"))
        .and(path("/Advertisers/IR1/Ads/656565"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"Status": "OK", "Uri": "/Advertisers/IR1/Ads/656565"})),
        )
        .mount(api.server())
        .await;
    Mock::given(method("DELETE"))
        .and(path("/Advertisers/IR1/Deals/3"))
        .respond_with(ResponseTemplate::new(204))
        .mount(api.server())
        .await;
    let brand = client(&api).brand(SID);
    let put = Request::put(
        brand
            .scope()
            .path("Ads")
            .unwrap()
            .param("AdId", "656565")
            .unwrap(),
    )
    .form(&[("Name", "Spring banner")])
    .unwrap();
    let res = brand.scope().write(put).await.unwrap();
    assert_eq!(res.status, Some(WriteStatus::Ok));
    assert_eq!(res.resource_id(), Some("656565"));
    let del = Request::delete(
        brand
            .scope()
            .path("Deals")
            .unwrap()
            .param("DealId", "3")
            .unwrap(),
    );
    let res = brand.scope().write(del).await.unwrap();
    assert_eq!(res, impact_com::WriteResult::empty());
}

#[tokio::test]
async fn get_json_escape_hatch_applies_auth() {
    let api = MockApi::start().await;
    Mock::given(method("GET"))
        .and(path("/Advertisers/IR1/CompanyInformation"))
        .and(query_param("x", "1"))
        .and(header_exists("authorization"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"CompanyName": "Acme"})))
        .mount(api.server())
        .await;
    let v = client(&api)
        .get_json("Advertisers/IR1/CompanyInformation", &[("x", "1")])
        .await
        .unwrap();
    assert_eq!(v["CompanyName"], "Acme");
}
