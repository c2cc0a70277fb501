//! One wiremock test per action endpoint.

mod common;

use common::{api, expect, fx};
use partnerstack::{ActionTargetType, Error, NewAction};
use serde_json::json;

#[tokio::test]
async fn list_sends_filters() {
    let api = api().await;
    expect("GET", "/actions", fx("actions/list.json"))
        .query(&[
            ("limit", "250"),
            ("action_type", "demo_booked"),
            ("partnership_key", "part_9Xk2"),
        ])
        .mount(&api.mock)
        .await;
    let actions = api
        .client
        .actions()
        .list()
        .action_type("demo_booked")
        .partnership_key("part_9Xk2")
        .collect_all()
        .await
        .unwrap();
    let a = &actions[0];
    assert_eq!(a.kind.as_deref(), Some("demo_booked"));
    assert_eq!(a.value, Some(2));
    assert_eq!(a.archived, Some(false));
    assert_eq!(a.customer.as_ref().unwrap().sub_ids, None);
}

#[tokio::test]
async fn create_posts_and_reads_unknown_target_type() {
    let api = api().await;
    expect("POST", "/actions", fx("actions/created.json"))
        .body(json!({"target_key": "cus_1", "target_type": "customer", "type": "demo_booked", "value": 1}))
        .mount(&api.mock)
        .await;
    let a = api
        .client
        .actions()
        .create(&NewAction::new(
            "cus_1",
            ActionTargetType::Customer,
            "demo_booked",
            1,
        ))
        .await
        .unwrap();
    assert_eq!(
        a.target_type,
        Some(ActionTargetType::Unknown("customer_account".into()))
    );
    let e = api
        .client
        .actions()
        .create(&NewAction::new(
            "cus_1",
            ActionTargetType::Customer,
            "demo_booked",
            0,
        ))
        .await
        .unwrap_err();
    assert!(matches!(e, Error::InvalidInput { .. }));
}

#[tokio::test]
async fn archive_deletes() {
    let api = api().await;
    expect(
        "DELETE",
        "/actions/act_1",
        json!({"message": "archived", "status": 200}),
    )
    .mount(&api.mock)
    .await;
    api.client.actions().archive("act_1").await.unwrap();
}
