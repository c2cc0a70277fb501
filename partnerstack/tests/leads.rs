//! One wiremock test per lead endpoint.

mod common;

use common::{FIRST_PAGE, api, expect, fx};
use partnerstack::{Conversion, LeadStatus, NewLead, UpdateLead};
use serde_json::json;

#[tokio::test]
async fn list_reads_statuses_with_spaces() {
    let api = api().await;
    expect("GET", "/leads", fx("leads/list.json"))
        .query(&[("limit", "250"), ("partner_key", "ada-lovelace")])
        .mount(&api.mock)
        .await;
    let leads = api
        .client
        .leads()
        .list()
        .partner_key("ada-lovelace")
        .collect_all()
        .await
        .unwrap();
    assert_eq!(leads[0].status, Some(LeadStatus::ClosedWon));
    assert_eq!(leads[0].approved, Some(true), "1 read as true");
    assert_eq!(
        leads[1].status,
        Some(LeadStatus::Unknown("nurturing".into()))
    );
}

#[tokio::test]
async fn get_reads_one() {
    let api = api().await;
    expect("GET", "/leads/lead_1", fx("leads/get.json"))
        .mount(&api.mock)
        .await;
    let l = api.client.leads().get("lead_1").await.unwrap();
    assert_eq!(l.meta.unwrap()["first_name"], "Grace");
}

#[tokio::test]
async fn create_posts_required_fields() {
    let api = api().await;
    expect("POST", "/leads", fx("leads/created.json"))
        .body(json!({"partner_key": "ada-lovelace", "external_key": "grace@navy.mil", "status": "closed won",
                     "meta": {"first_name": "Grace", "last_name": "Hopper"}, "amount": 1000}))
        .mount(&api.mock)
        .await;
    let mut meta = serde_json::Map::new();
    meta.insert("first_name".into(), "Grace".into());
    meta.insert("last_name".into(), "Hopper".into());
    let body = NewLead::new(
        "ada-lovelace",
        "grace@navy.mil",
        LeadStatus::ClosedWon,
        meta,
    )
    .amount(1_000);
    let l = api.client.leads().create(&body).await.unwrap();
    assert_eq!(l.status, Some(LeadStatus::Open));
}

#[tokio::test]
async fn update_patches() {
    let api = api().await;
    expect("PATCH", "/leads/lead_1", fx("leads/get.json"))
        .body(json!({"status": "dead"}))
        .mount(&api.mock)
        .await;
    api.client
        .leads()
        .update("lead_1", &UpdateLead::new().status(LeadStatus::Dead))
        .await
        .unwrap();
}

#[tokio::test]
async fn archive_deletes() {
    let api = api().await;
    expect(
        "DELETE",
        "/leads/lead_1",
        json!({"message": "archived", "status": 200}),
    )
    .mount(&api.mock)
    .await;
    api.client.leads().archive("lead_1").await.unwrap();
}

#[tokio::test]
async fn convert_posts() {
    let api = api().await;
    expect(
        "POST",
        "/leads/lead_1/convert",
        fx("customers/converted.json"),
    )
    .body(json!({"email": "grace@navy.mil"}))
    .mount(&api.mock)
    .await;
    let c = api
        .client
        .leads()
        .convert("lead_1", &Conversion::new("grace@navy.mil"))
        .await
        .unwrap();
    assert_eq!(c.key, "cus_conv");
}

#[tokio::test]
async fn form_templates_lists() {
    let api = api().await;
    expect(
        "GET",
        "/leads/form-templates",
        fx("leads/form_templates.json"),
    )
    .query(FIRST_PAGE)
    .mount(&api.mock)
    .await;
    let forms = api
        .client
        .leads()
        .form_templates()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(forms[0].kind.as_deref(), Some("lead"));
}
