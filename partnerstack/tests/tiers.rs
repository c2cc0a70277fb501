//! One wiremock test per tier and tier-collection endpoint.

mod common;

use common::{api, expect, fx};
use partnerstack::{NewTier, NewTierCollection, UpdateTier, UpdateTierCollection};
use serde_json::json;

#[tokio::test]
async fn list() {
    let api = api().await;
    expect("GET", "/tiers", fx("tiers/list.json"))
        .query(&[("limit", "250"), ("collection_key", "tcol_1")])
        .mount(&api.mock)
        .await;
    let tiers = api
        .client
        .tiers()
        .list()
        .collection_key("tcol_1")
        .collect_all()
        .await
        .unwrap();
    assert_eq!(tiers[0].position, Some(2));
}

#[tokio::test]
async fn get() {
    let api = api().await;
    expect("GET", "/tiers/tier_1", fx("tiers/get.json"))
        .mount(&api.mock)
        .await;
    assert_eq!(
        api.client
            .tiers()
            .get("tier_1")
            .await
            .unwrap()
            .name
            .as_deref(),
        Some("Gold")
    );
}

#[tokio::test]
async fn create() {
    let api = api().await;
    expect("POST", "/tiers", fx("tiers/get.json"))
        .body(json!({"collection_key": "tcol_1", "name": "Gold", "position": 2}))
        .mount(&api.mock)
        .await;
    api.client
        .tiers()
        .create(&NewTier::new("tcol_1", "Gold").position(2))
        .await
        .unwrap();
}

#[tokio::test]
async fn update() {
    let api = api().await;
    expect("PATCH", "/tiers/tier_1", fx("tiers/get.json"))
        .body(json!({"name": "Platinum"}))
        .mount(&api.mock)
        .await;
    api.client
        .tiers()
        .update("tier_1", &UpdateTier::new().name("Platinum"))
        .await
        .unwrap();
}

#[tokio::test]
async fn list_collections() {
    let api = api().await;
    expect("GET", "/tiers/collection", fx("tiers/collections.json"))
        .query(&[("limit", "250")])
        .mount(&api.mock)
        .await;
    let cols = api
        .client
        .tiers()
        .list_collections()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(cols[0].tiers.as_ref().unwrap().len(), 1);
}

#[tokio::test]
async fn get_collection() {
    let api = api().await;
    expect(
        "GET",
        "/tiers/collection/tcol_1",
        fx("tiers/collection.json"),
    )
    .mount(&api.mock)
    .await;
    assert_eq!(
        api.client
            .tiers()
            .get_collection("tcol_1")
            .await
            .unwrap()
            .key,
        "tcol_1"
    );
}

#[tokio::test]
async fn create_collection() {
    let api = api().await;
    expect("POST", "/tiers/collection", fx("tiers/collection.json"))
        .body(json!({"name": "Ladder"}))
        .mount(&api.mock)
        .await;
    api.client
        .tiers()
        .create_collection(&NewTierCollection::new("Ladder"))
        .await
        .unwrap();
}

#[tokio::test]
async fn update_collection() {
    let api = api().await;
    expect(
        "PATCH",
        "/tiers/collection/tcol_1",
        fx("tiers/collection.json"),
    )
    .body(json!({"description": "By revenue"}))
    .mount(&api.mock)
    .await;
    api.client
        .tiers()
        .update_collection(
            "tcol_1",
            &UpdateTierCollection::new().description("By revenue"),
        )
        .await
        .unwrap();
}
