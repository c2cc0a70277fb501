//! One wiremock test per lists endpoint.

mod common;

use common::*;
use referralhero::Error;
use referralhero::models::{ListType, NewList};
use serde_json::json;

#[tokio::test]
async fn list_lists() {
    let (api, client) = setup().await;
    expect("GET", "/lists", fx("lists/page1.json"))
        .query(&[("page", "1")])
        .no_body()
        .mount(&api)
        .await;
    let lists = client.lists().list().collect_all().await.unwrap();
    bearer_only(&api).await;
    assert_eq!(lists.len(), 3);
    assert_eq!(lists[0].uuid, "MF078d000987");
    assert_eq!(lists[0].list_type, Some(ListType::Waitlist));
    assert_eq!(
        lists[0].created_at.as_ref().unwrap().unix_secs(),
        Some(1_690_000_000)
    );
    assert_eq!(lists[1].subscribers, None, "\"\" reads as none");
    assert_eq!(
        lists[1].list_type,
        Some(ListType::Unknown("referral_program".into()))
    );
    assert!(lists[1].extra.contains_key("new_setting"));
    assert_eq!(lists[2].name, None);
}

#[tokio::test]
async fn a_list_builder_is_awaitable_for_its_first_page() {
    let (api, client) = setup().await;
    expect("GET", "/lists", fx("lists/page1.json"))
        .query(&[("page", "1")])
        .no_body()
        .mount(&api)
        .await;
    let page = client.lists().list().await.unwrap();
    assert_eq!(page.items.len(), 3);
    assert_eq!(page.items[0].uuid, "MF078d000987");
}

#[tokio::test]
async fn create_list() {
    let (api, client) = setup().await;
    expect("POST", "/lists", fx("lists/created.json"))
        .json(json!({"name": "Launch", "website": "https://example.com"}))
        .mount(&api)
        .await;
    let list = client
        .lists()
        .create(&NewList::new("Launch").website("https://example.com"))
        .await
        .unwrap();
    bearer_only(&api).await;
    assert_eq!(list.uuid, "MF33cc44dd55");
    assert_eq!(
        client.last_rate_limit().and_then(|r| r.remaining),
        Some(4998)
    );
}

#[tokio::test]
async fn create_list_rejects_a_blank_name_before_sending() {
    let (api, client) = setup().await;
    let err = client
        .lists()
        .create(&NewList::new("  "))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput { .. }), "{err}");
    assert!(api.received().await.is_empty());
}

#[tokio::test]
async fn leaderboard() {
    let (api, client) = setup().await;
    expect(
        "GET",
        &format!("/lists/{UUID}/leaderboard"),
        fx("lists/leaderboard.json"),
    )
    .query(&[("count", "25")])
    .no_body()
    .mount(&api)
    .await;
    let board = client
        .lists()
        .leaderboard(UUID)
        .count(25)
        .send()
        .await
        .unwrap();
    bearer_only(&api).await;
    assert_eq!(board.ranking.len(), 2);
    assert_eq!(board.ranking[1].people_referred, Some(9));
    assert_eq!(board.ranking[1].position, Some(2));
    assert_eq!(board.count, Some(25));

    let err = client
        .lists()
        .leaderboard(UUID)
        .count(5)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput { .. }));
}

#[tokio::test]
async fn bonuses() {
    let (api, client) = setup().await;
    expect(
        "GET",
        &format!("/lists/{UUID}/bonuses"),
        fx("lists/bonuses.json"),
    )
    .no_body()
    .mount(&api)
    .await;
    let bonuses = client.lists().bonuses(UUID).await.unwrap();
    bearer_only(&api).await;
    assert_eq!(bonuses.len(), 2);
    assert_eq!(bonuses[0].id, "1");
    assert_eq!(bonuses[1].referrals, Some(3));
    assert_eq!(bonuses[1].signup_type.as_deref(), Some("confirmed"));
    assert_eq!(bonuses[1].image, None);
}
