//! Webhook subscription endpoints and typed webhook events.

mod common;

use common::{FIRST_PAGE, api, expect, fx};
use partnerstack::webhooks::{self, EventData, EventType};
use partnerstack::{NewWebhook, UpdateWebhook};
use serde_json::json;

#[tokio::test]
async fn list() {
    let api = api().await;
    expect("GET", "/webhooks", fx("webhooks/list.json"))
        .query(FIRST_PAGE)
        .mount(&api.mock)
        .await;
    let hooks = api.client.webhooks().list().collect_all().await.unwrap();
    assert_eq!(hooks[0].events.as_ref().unwrap().len(), 2);
    assert_eq!(hooks[0].archived, None);
}

#[tokio::test]
async fn get() {
    let api = api().await;
    expect("GET", "/webhooks/wh_1", fx("webhooks/get.json"))
        .mount(&api.mock)
        .await;
    let w = api.client.webhooks().get("wh_1").await.unwrap();
    assert_eq!(w.target.as_deref(), Some("https://vendor.example/hooks"));
}

#[tokio::test]
async fn create() {
    let api = api().await;
    expect("POST", "/webhooks", fx("webhooks/created.json"))
        .body(json!({"target": "https://vendor.example/hooks", "events": ["partnership.created"]}))
        .mount(&api.mock)
        .await;
    let body = NewWebhook::new("https://vendor.example/hooks").events(["partnership.created"]);
    assert_eq!(
        api.client.webhooks().create(&body).await.unwrap().key,
        "wh_new"
    );
}

#[tokio::test]
async fn update() {
    let api = api().await;
    expect("PATCH", "/webhooks/wh_1", fx("webhooks/get.json"))
        .body(json!({"events": ["customer.created"]}))
        .mount(&api.mock)
        .await;
    api.client
        .webhooks()
        .update("wh_1", &UpdateWebhook::new().events(["customer.created"]))
        .await
        .unwrap();
}

#[tokio::test]
async fn delete() {
    let api = api().await;
    expect(
        "DELETE",
        "/webhooks/wh_1",
        json!({"message": "archived", "status": 200}),
    )
    .mount(&api.mock)
    .await;
    api.client.webhooks().delete("wh_1").await.unwrap();
}

fn body(name: &str) -> Vec<u8> {
    serde_json::to_vec(&fx(name)).unwrap()
}

#[test]
fn dotted_event_with_data_and_string_booleans() {
    let e = webhooks::parse(&body("webhooks/event_dotted.json")).unwrap();
    assert_eq!(e.event, EventType::PartnershipCreated);
    let EventData::Partnership(p) = e.data else {
        panic!("{:?}", e.data)
    };
    assert_eq!(p.archived, Some(false));
    assert_eq!(p.group.as_ref().unwrap().id, Some(12));
    assert_eq!(p.team.as_ref().unwrap().key, None);
}

#[test]
fn snake_case_event_with_a_top_level_record() {
    let e = webhooks::parse(&body("webhooks/event_snake.json")).unwrap();
    assert_eq!(e.event, EventType::CustomerCreated);
    let EventData::Customer(c) = e.data else {
        panic!("{:?}", e.data)
    };
    assert_eq!(c.key, "cus_1");
    assert_eq!(c.test, Some(false));
}

#[test]
fn unknown_event_is_kept() {
    let e = webhooks::parse(&body("webhooks/event_unknown.json")).unwrap();
    assert_eq!(e.event, EventType::Unknown("payout.sent".into()));
    assert_eq!(e.event.resource(), "payout");
    assert!(matches!(e.data, EventData::Other(ref v) if v["amount"] == 12500));
}

#[test]
fn team_carries_the_webhook_fields() {
    let e = webhooks::parse(&body("webhooks/team_member_created.json")).unwrap();
    let team: partnerstack::Team =
        serde_json::from_value(fx("webhooks/team_member_created.json")["data"]["team"].clone())
            .unwrap();
    assert_eq!(
        team.team_owner_email.as_deref(),
        Some("owner@partner.example")
    );
    assert_eq!(team.team_name.as_deref(), Some("Partner Co"));
    assert_eq!(team.team_key.as_deref(), Some("team_1"));
    assert_eq!(
        team.joined_at,
        Some(affiliate_common::Timestamp::from_millis(1_700_000_000_000))
    );
    assert!(team.extra.is_empty(), "{:?}", team.extra);
    assert_eq!(e.event.as_str(), "team_member_created");
}
