//! One wiremock test per reward endpoint.

mod common;

use common::{api, expect, fx};
use partnerstack::{InvoiceStatus, NewReward, PaymentStatus, RewardStatus, StringOrObject};
use serde_json::json;

#[tokio::test]
async fn list_keeps_unknown_statuses() {
    let api = api().await;
    expect("GET", "/rewards", fx("rewards/list.json"))
        .query(&[
            ("limit", "250"),
            ("payment_status", "in_transit"),
            ("group_key", "grup_gold"),
        ])
        .mount(&api.mock)
        .await;
    let all = api
        .client
        .rewards()
        .list()
        .payment_status(PaymentStatus::InTransit)
        .group_key("grup_gold")
        .collect_all()
        .await
        .unwrap();
    let r = &all[0];
    assert_eq!(r.amount, Some(980));
    assert_eq!(
        r.reward_status,
        Some(RewardStatus::Unknown("clawed_back".into()))
    );
    assert_eq!(r.payment_status, Some(PaymentStatus::InTransit));
    assert_eq!(
        r.invoice.as_ref().unwrap().status,
        Some(InvoiceStatus::Unknown("charge_refunded".into()))
    );
    assert_eq!(r.action.as_ref().unwrap().value, Some(1));
    assert!(matches!(
        r.partnership.as_ref().unwrap().group,
        Some(StringOrObject::Object(_))
    ));
    assert_eq!(all[1].reward_status, Some(RewardStatus::Approved));
    assert_eq!(
        all[1]
            .partnership
            .as_ref()
            .unwrap()
            .group
            .as_ref()
            .unwrap()
            .as_str(),
        Some("Gold")
    );
}

#[tokio::test]
async fn create_targets_a_customer() {
    let api = api().await;
    expect("POST", "/rewards", fx("rewards/created.json"))
        .body(json!({"amount": 2500, "description": "Bonus", "target": {"key": "cus_1", "type": "customer"}}))
        .mount(&api.mock)
        .await;
    let r = api
        .client
        .rewards()
        .create(&NewReward::for_customer("cus_1", 2_500, "Bonus"))
        .await
        .unwrap();
    assert_eq!(r.reward_status, Some(RewardStatus::Pending));
}
