//! The Agency `createComplianceContent` operation in both of its documented
//! forms: one item form-encoded (`create`) and a batch as JSON
//! (`create_batch`, `{Context, Contents[]}`).

mod common;

use affiliate_common::test_util::MockApi;
use common::*;
use impact_com::WriteStatus;
use impact_com::models::agency::{
    ComplianceContent, ComplianceContentSource, ComplianceContentType, ComplianceSubmissionRequest,
    ComplianceSubmissionRequestContext,
};
use serde_json::json;
use wiremock::matchers::{body_json, body_string_contains, header, method, path};
use wiremock::{Mock, ResponseTemplate};

fn item(n: i64) -> ComplianceContent {
    ComplianceContent::new(
        1_048_291,
        12_345,
        format!("https://partner.example/review-{n}"),
        ComplianceContentType::Page,
        "Quarterly audit",
        ComplianceContentSource::ContentApi,
    )
}

#[tokio::test]
async fn a_batch_is_sent_as_json_with_its_context() {
    let api = MockApi::start().await;
    Mock::given(method("POST"))
        .and(path("/Agencies/IR1/Compliance/Content"))
        .and(header("authorization", BASIC))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({
            "Context": {"Type": "PAGE", "Source": "CONTENT_API"},
            "Contents": [
                {"AdvertiserId": "1048291", "CampaignId": "12345",
                 "Url": "https://partner.example/review-1", "Type": "PAGE",
                 "Reason": "Quarterly audit", "Source": "CONTENT_API"},
                {"AdvertiserId": "1048291", "CampaignId": "12345",
                 "Url": "https://partner.example/review-2", "Type": "PAGE",
                 "Reason": "Quarterly audit", "Source": "CONTENT_API"}
            ]
        })))
        .respond_with(ResponseTemplate::new(202).set_body_json(json!({
            "Status": "QUEUED",
            "QueuedUri": "/Agencies/IR1/Compliance/Content/ComplianceAPISubmissions/S1"
        })))
        .expect(1)
        .mount(api.server())
        .await;
    let mut context = ComplianceSubmissionRequestContext::default();
    context.r#type = Some(ComplianceContentType::Page);
    context.source = Some(ComplianceContentSource::ContentApi);
    let mut batch = ComplianceSubmissionRequest::default();
    batch.context = Some(context);
    batch.contents = Some(vec![item(1), item(2)]);
    let result = client(&api)
        .agency(SID)
        .compliance_content()
        .create_batch(&batch)
        .await
        .unwrap();
    assert_eq!(result.status, Some(WriteStatus::Queued), "{result:?}");
}

#[tokio::test]
async fn a_single_item_is_still_sent_form_encoded() {
    let api = MockApi::start().await;
    Mock::given(method("POST"))
        .and(path("/Agencies/IR1/Compliance/Content"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string_contains(
            "Url=https%3A%2F%2Fpartner.example%2Freview-1",
        ))
        .and(body_string_contains("AdvertiserId=1048291"))
        .respond_with(ResponseTemplate::new(202).set_body_json(json!({"Status": "QUEUED"})))
        .expect(1)
        .mount(api.server())
        .await;
    let result = client(&api)
        .agency(SID)
        .compliance_content()
        .create(&item(1))
        .await
        .unwrap();
    assert_eq!(result.status, Some(WriteStatus::Queued));
}
