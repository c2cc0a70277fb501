//! One wiremock test per coupon endpoint.

mod common;

use common::*;
use referralhero::Error;
use referralhero::models::{AddCoupons, NewCouponGroup};
use serde_json::json;

#[tokio::test]
async fn list_coupon_groups() {
    let (api, client) = setup().await;
    expect(
        "GET",
        &format!("/lists/{UUID}/coupon_groups"),
        fx("coupons/groups.json"),
    )
    .query(&[("page", "1")])
    .no_body()
    .mount(&api)
    .await;
    let groups = client
        .coupons(UUID)
        .list_groups()
        .collect_all()
        .await
        .unwrap();
    bearer_only(&api).await;
    assert_eq!(groups.len(), 2);
    assert_eq!(groups[0].id, "17");
    assert!(groups[0].coupons.is_none());
    assert_eq!(groups[1].active, Some(false));
    let coupons = groups[1].coupons.as_ref().unwrap();
    assert_eq!(coupons[0].code.as_deref(), Some("SPR-1"));
    assert_eq!(coupons[1].available, Some(false));
}

#[tokio::test]
async fn get_coupon_group() {
    let (api, client) = setup().await;
    expect(
        "GET",
        &format!("/lists/{UUID}/coupon_groups/17"),
        fx("coupons/group.json"),
    )
    .no_body()
    .mount(&api)
    .await;
    let coupons = client.coupons(UUID).get_group("17").await.unwrap();
    bearer_only(&api).await;
    assert_eq!(coupons.len(), 2);
    assert_eq!(coupons[1].available, Some(false));
    assert_eq!(
        coupons[1].sent_at.as_ref().unwrap().unix_secs(),
        Some(1_700_000_000)
    );
}

#[tokio::test]
async fn create_coupon_group() {
    let (api, client) = setup().await;
    expect(
        "POST",
        &format!("/lists/{UUID}/coupon_groups"),
        fx("coupons/created.json"),
    )
    .json(json!({"name": "Spring", "coupons": ["SPR-1"], "active": true}))
    .mount(&api)
    .await;
    let g = client
        .coupons(UUID)
        .create_group(&NewCouponGroup::new("Spring", ["SPR-1"]).active(true))
        .await
        .unwrap();
    bearer_only(&api).await;
    assert_eq!(g.id, "19");
}

#[tokio::test]
async fn add_coupons() {
    let (api, client) = setup().await;
    expect(
        "POST",
        &format!("/lists/{UUID}/coupons"),
        fx("coupons/added.json"),
    )
    .json(json!({"coupon_group_id": "17", "coupons": ["A", "B"]}))
    .mount(&api)
    .await;
    let ack = client
        .coupons(UUID)
        .add(&AddCoupons::new("17", ["A", "B"]))
        .await
        .unwrap();
    bearer_only(&api).await;
    assert_eq!(ack.response.as_deref(), Some("coupons_added"));

    let err = client
        .coupons(UUID)
        .add(&AddCoupons::new("17", Vec::<String>::new()))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput { .. }));
    let err = client
        .coupons(UUID)
        .add(&AddCoupons::new("17", ["ok", " "]))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput { .. }));
}
