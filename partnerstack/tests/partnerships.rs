//! One wiremock test per partnership endpoint.

mod common;

use common::{FIRST_PAGE, api, expect, fx};
use partnerstack::{
    MovePartnerships, NewMember, NewPartnership, OrderBy, UnixTime, UpdatePartnership, UpdateTags,
};
use serde_json::json;

#[tokio::test]
async fn list_sends_filters_and_decodes_loose_fields() {
    let api = api().await;
    expect("GET", "/partnerships", fx("partnerships/list.json"))
        .query(&[
            ("limit", "250"),
            ("min_updated", "1700000000000"),
            ("max_created", "1800000000000"),
            ("order_by", "-updated_at"),
            ("group_key", "grup_gold"),
            ("include_archived", "true"),
        ])
        .mount(&api.mock)
        .await;
    let page = api
        .client
        .partnerships()
        .list()
        .min_updated(UnixTime::from_millis(1_700_000_000_000))
        .max_created(UnixTime::from_millis(1_800_000_000_000))
        .order_by(OrderBy::UpdatedAtDesc)
        .group_key("grup_gold")
        .include_archived(true)
        .send()
        .await
        .unwrap();
    assert_eq!(page.total_items, Some(3), "total sent as a string");
    assert_eq!(page.has_more, Some(true));
    let p = &page.items[0];
    assert_eq!(p.key, "part_9Xk2");
    assert_eq!(
        p.updated_at.as_ref().unwrap().unix_millis().unwrap(),
        1_700_000_500_000,
        "timestamp sent as a string"
    );
    assert_eq!(p.last_name, None, "null where the docs promise a string");
    assert_eq!(p.joined_at, None);
    let group = p.group.as_ref().unwrap();
    assert_eq!(group.default, Some(false));
    assert_eq!(group.features.as_ref().unwrap().leads_enabled, Some(false));
    assert!(
        group
            .features
            .as_ref()
            .unwrap()
            .extra
            .contains_key("beta_feature")
    );
    assert_eq!(
        p.tags.as_deref(),
        Some(&["vip".to_owned(), "7".to_owned()][..])
    );
    assert_eq!(p.fields.as_ref().unwrap()[0].position, Some(0));
    assert_eq!(p.fields.as_ref().unwrap()[0].required, Some(true));
    assert_eq!(
        p.field_data.as_ref().map(|m| m.len()),
        Some(0),
        "[] read as an empty object"
    );
    assert!(p.extra.contains_key("new_field_from_the_future"));
    assert_eq!(p.tier.as_ref().unwrap().name.as_deref(), Some("Gold"));
}

#[tokio::test]
async fn get_escapes_the_key() {
    let api = api().await;
    expect(
        "GET",
        "/partnerships/part%2F9Xk2",
        fx("partnerships/get.json"),
    )
    .mount(&api.mock)
    .await;
    let p = api.client.partnerships().get("part/9Xk2").await.unwrap();
    assert_eq!(p.email.as_deref(), Some("ada@example.com"));
    let err = api.client.partnerships().get("").await.unwrap_err();
    assert!(matches!(err, partnerstack::Error::InvalidInput { .. }));
}

#[tokio::test]
async fn create_posts_the_body() {
    let api = api().await;
    expect("POST", "/partnerships", fx("partnerships/created.json"))
        .body(json!({"email": "ada@example.com", "first_name": "Ada", "group_key": "grup_gold", "tags": ["vip"]}))
        .mount(&api.mock)
        .await;
    let body = NewPartnership::new("ada@example.com")
        .first_name("Ada")
        .group_key("grup_gold")
        .tags(["vip"]);
    let p = api.client.partnerships().create(&body).await.unwrap();
    assert_eq!(p.key, "part_new");
    assert_eq!(p.claimed, Some(false));
}

#[tokio::test]
async fn update_patches_only_set_fields() {
    let api = api().await;
    expect(
        "PATCH",
        "/partnerships/part_9Xk2",
        fx("partnerships/get.json"),
    )
    .body(json!({"group_key": "grup_gold", "tier_key": "tier_gold"}))
    .mount(&api.mock)
    .await;
    let body = UpdatePartnership::new()
        .group_key("grup_gold")
        .tier_key("tier_gold");
    api.client
        .partnerships()
        .update("part_9Xk2", &body)
        .await
        .unwrap();
}

#[tokio::test]
async fn archive_deletes() {
    let api = api().await;
    expect(
        "DELETE",
        "/partnerships/part_9Xk2",
        json!({"message": "Partnership archived", "status": 200}),
    )
    .mount(&api.mock)
    .await;
    api.client
        .partnerships()
        .archive("part_9Xk2")
        .await
        .unwrap();
}

#[tokio::test]
async fn move_to_group_patches_the_collection() {
    let api = api().await;
    expect("PATCH", "/partnerships", fx("partnerships/moved.json"))
        .body(json!({"group_key": "grup_gold", "partnership_keys": ["part_1", "part_2"]}))
        .mount(&api.mock)
        .await;
    let out = api
        .client
        .partnerships()
        .move_to_group(&MovePartnerships::new("grup_gold").partnership_keys(["part_1", "part_2"]))
        .await
        .unwrap();
    assert_eq!(out.moved, Some(2));
    assert!(out.extra.is_empty());
}

#[tokio::test]
async fn update_tags_sends_add_and_remove() {
    let api = api().await;
    expect(
        "PATCH",
        "/partnerships/part_9Xk2/tags",
        fx("partnerships/get.json"),
    )
    .body(json!({"add": ["vip"], "remove": ["cold"]}))
    .mount(&api.mock)
    .await;
    let body = UpdateTags::new().add_tags(["vip"]).remove_tags(["cold"]);
    api.client
        .partnerships()
        .update_tags("part_9Xk2", &body)
        .await
        .unwrap();
}

#[tokio::test]
async fn add_member_posts_to_the_partner() {
    let api = api().await;
    expect(
        "POST",
        "/partnerships/ada-lovelace/member",
        fx("partnerships/member.json"),
    )
    .body(json!({"email": "bob@example.com", "first_name": "Bob"}))
    .mount(&api.mock)
    .await;
    let m = api
        .client
        .partnerships()
        .add_member(
            "ada-lovelace",
            &NewMember::new("bob@example.com").first_name("Bob"),
        )
        .await
        .unwrap();
    assert_eq!(m.team_key.as_deref(), Some("team_1"));
}

#[tokio::test]
async fn team_members_lists_a_team() {
    let api = api().await;
    expect(
        "GET",
        "/partner-team/team_1",
        fx("partnerships/members.json"),
    )
    .query(FIRST_PAGE)
    .mount(&api.mock)
    .await;
    let members = api
        .client
        .partnerships()
        .team_members("team_1")
        .collect_all()
        .await
        .unwrap();
    assert_eq!(members[0].email.as_deref(), Some("bob@example.com"));
    assert_eq!(members[0].updated_at, None);
}

#[tokio::test]
async fn links_lists_a_partnerships_links() {
    let api = api().await;
    expect("GET", "/links/part_9Xk2", fx("partnerships/links.json"))
        .query(FIRST_PAGE)
        .mount(&api.mock)
        .await;
    let links = api
        .client
        .partnerships()
        .links("part_9Xk2")
        .collect_all()
        .await
        .unwrap();
    assert_eq!(links.len(), 1);
    assert_eq!(links[0].default, Some(true));
}
