//! One wiremock test per application endpoint.

mod common;

use common::{FIRST_PAGE, api, expect, fx};
use partnerstack::{ApplicationDecision, BulkDecision, Decision, NewApplication};
use serde_json::json;

#[tokio::test]
async fn list() {
    let api = api().await;
    expect("GET", "/applications", fx("applications/list.json"))
        .query(FIRST_PAGE)
        .mount(&api.mock)
        .await;
    let apps = api
        .client
        .applications()
        .list()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(
        apps[0].status,
        Some(ApplicationDecision::Unknown("waitlisted".into()))
    );
}

#[tokio::test]
async fn create() {
    let api = api().await;
    expect("POST", "/applications", fx("applications/created.json"))
        .body(json!({"email": "new@partner.com", "group_key": "grup_default"}))
        .mount(&api.mock)
        .await;
    let a = api
        .client
        .applications()
        .create(&NewApplication::new("new@partner.com").group_key("grup_default"))
        .await
        .unwrap();
    assert_eq!(a.status, Some(ApplicationDecision::Pending));
}

#[tokio::test]
async fn decide() {
    let api = api().await;
    expect(
        "PATCH",
        "/applications/app_1/decision",
        fx("applications/decided.json"),
    )
    .body(json!({"decision": "approved"}))
    .mount(&api.mock)
    .await;
    let a = api
        .client
        .applications()
        .decide("app_1", &Decision::new(ApplicationDecision::Approved))
        .await
        .unwrap();
    assert_eq!(a.status, Some(ApplicationDecision::Approved));
}

#[tokio::test]
async fn decide_many() {
    let api = api().await;
    expect(
        "PATCH",
        "/applications/decision",
        fx("applications/bulk.json"),
    )
    .body(json!({"decision": "declined", "application_keys": ["app_1", "app_2"]}))
    .mount(&api.mock)
    .await;
    let out = api
        .client
        .applications()
        .decide_many(
            &BulkDecision::new(ApplicationDecision::Declined).application_keys(["app_1", "app_2"]),
        )
        .await
        .unwrap();
    assert_eq!(
        out.decided.as_deref(),
        Some(&["app_1".to_owned(), "app_2".to_owned()][..])
    );
    assert!(out.extra.is_empty());
}
