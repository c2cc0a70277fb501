//! One wiremock test per subscriber endpoint.

mod common;

use common::*;
use referralhero::Error;
use referralhero::models::{
    AddPoints, Identifier, NewSubscriber, ReferralStatus, RewardStatus, SortBy, TrackConversion,
    Transaction, UpdateRewardStatus, UpdateSubscriber,
};
use serde_json::json;

fn p(rest: &str) -> String {
    format!("/lists/{UUID}/subscribers{rest}")
}

#[tokio::test]
async fn list_subscribers_with_sort_and_filters() {
    let (api, client) = setup().await;
    expect("GET", &p(""), fx("subscribers/list_page1.json"))
        .any_query()
        .no_body()
        .mount(&api)
        .await;
    let subs = client
        .subscribers(UUID)
        .list()
        .sort_by(SortBy::PointsDesc)
        .extra_field("beta")
        .extra_field_2("x")
        .option_field("pro")
        .stripe_customer_id("cus_1")
        .collect_all()
        .await
        .unwrap();
    bearer_only(&api).await;
    assert_query(
        &only_request(&api).await,
        &[
            ("sort_by", "points_desc"),
            ("extra_field", "beta"),
            ("extra_field_2", "x"),
            ("option_field", "pro"),
            ("stripe_customer_id", "cus_1"),
            ("page", "1"),
        ],
    );
    assert_eq!(subs.len(), 2);
    assert_eq!(subs[0].people_referred, Some(2));
    assert!(subs[0].referred_by.is_none());
    assert_eq!(subs[1].id, "2", "numeric ids become strings");
    assert_eq!(subs[1].email, None);
    assert_eq!(subs[1].points, None);
    assert_eq!(
        subs[1].created_at,
        subs[0]
            .created_at
            .as_ref()
            .and_then(affiliate_common::Timestamp::unix_secs)
            .map(|secs| affiliate_common::Timestamp::from_secs(secs + 60))
    );
    assert!(subs[1].extra.contains_key("unknown_flag"));
}

#[tokio::test]
async fn first_page_reports_calls_left_and_totals() {
    let (api, client) = setup().await;
    expect("GET", &p(""), fx("subscribers/list_page1.json"))
        .query(&[("page", "1")])
        .no_body()
        .mount(&api)
        .await;
    let page = client.subscribers(UUID).list().send().await.unwrap();
    assert_eq!(page.total_items, Some(2));
    assert_eq!(page.total_pages, Some(1));
    assert_eq!(page.meta.rate_limit.remaining, Some(4997));
}

#[tokio::test]
async fn create_subscriber_with_a_referrer() {
    let (api, client) = setup().await;
    expect("POST", &p(""), fx("subscribers/created.json")).json(json!({"email": "bob@example.com", "name": "Bob", "referrer": "a1b2c3d4", "double_optin": false,
               "tags": ["beta"], "conversion_value": 12.5}))
        .mount(&api)
        .await;
    let body = NewSubscriber::new(Identifier::email("bob@example.com"))
        .name("Bob")
        .referrer("a1b2c3d4")
        .double_optin(false)
        .tags(vec!["beta".to_owned()])
        .conversion_value(12.5);
    let bob = client.subscribers(UUID).create(&body).await.unwrap();
    bearer_only(&api).await;
    assert_eq!(bob.referral_status, Some(ReferralStatus::Pending));
    assert_eq!(
        bob.referred_by.unwrap().id.as_deref(),
        Some("sub_2bad325a25d7")
    );
    assert_eq!(bob.verified_at, None);
}

#[tokio::test]
async fn create_with_other_identifiers_sends_exactly_one() {
    let (api, client) = setup().await;
    expect("POST", &p(""), fx("subscribers/created.json"))
        .json(json!({"crypto_wallet_address": "0xabc"}))
        .mount(&api)
        .await;
    client
        .subscribers(UUID)
        .create(&NewSubscriber::new(Identifier::crypto_wallet_address(
            "0xabc",
        )))
        .await
        .unwrap();
    let err = client
        .subscribers(UUID)
        .create(&NewSubscriber::new(Identifier::phone_number(" ")))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput { .. }));
}

#[tokio::test]
async fn get_subscriber_decodes_the_lenient_fixture() {
    let (api, client) = setup().await;
    expect(
        "GET",
        &p(&format!("/{SUB}")),
        fx("subscribers/subscriber.json"),
    )
    .no_body()
    .mount(&api)
    .await;
    let s = client.subscribers(UUID).get(SUB).await.unwrap();
    bearer_only(&api).await;
    assert_eq!(s.id, SUB);
    assert_eq!(s.conversion_amount, Some(49.9));
    assert_eq!(s.position, Some(12));
    assert_eq!(s.verified, Some(true));
    assert_eq!(s.points, Some(30));
    assert_eq!(s.pending_referrals, None);
    assert_eq!(s.crypto_wallet_address, None);
    assert_eq!(
        s.referral_status,
        Some(ReferralStatus::Unknown("on_hold".into()))
    );
    assert_eq!(
        s.tags.as_deref(),
        Some(&["vip".to_owned(), "7".to_owned()][..])
    );
    assert_eq!(
        s.last_updated_at.as_ref().unwrap().unix_secs(),
        Some(1_700_000_500),
        "milliseconds by magnitude"
    );
    let by = s.referred_by.unwrap();
    assert_eq!(by.people_referred, Some(4));
    assert!(by.extra.contains_key("brand_new_key"));
    assert!(s.extra.contains_key("extra_field_5"));
    assert_eq!(
        client.last_rate_limit().and_then(|r| r.remaining),
        Some(4999),
        "string calls_left"
    );
}

#[tokio::test]
async fn get_encodes_the_id_as_one_segment() {
    let (api, client) = setup().await;
    expect("GET", &p("/a%2F..%3Fx"), fx("subscribers/subscriber.json"))
        .no_body()
        .mount(&api)
        .await;
    client.subscribers(UUID).get("a/..?x").await.unwrap();
    let err = client.subscribers(UUID).get("").await.unwrap_err();
    assert!(matches!(err, Error::InvalidInput { .. }));
}

#[tokio::test]
async fn get_by_email() {
    let (api, client) = setup().await;
    expect(
        "GET",
        &p("/retrieve_by_email"),
        fx("subscribers/subscriber.json"),
    )
    .query(&[("email", "ada+x@example.com")])
    .no_body()
    .mount(&api)
    .await;
    client
        .subscribers(UUID)
        .get_by_email("ada+x@example.com")
        .await
        .unwrap();
    bearer_only(&api).await;
}

#[tokio::test]
async fn get_by_referral_code() {
    let (api, client) = setup().await;
    expect(
        "GET",
        &p("/retrieve_by_mwr"),
        fx("subscribers/subscriber.json"),
    )
    .query(&[("mwr", "a1b2c3d4")])
    .no_body()
    .mount(&api)
    .await;
    client
        .subscribers(UUID)
        .get_by_referral_code("a1b2c3d4")
        .await
        .unwrap();
    bearer_only(&api).await;
}

#[tokio::test]
async fn search_by_name() {
    let (api, client) = setup().await;
    expect(
        "GET",
        "/subscribers/search_by_name",
        fx("subscribers/search.json"),
    )
    .any_query()
    .no_body()
    .mount(&api)
    .await;
    let found = client
        .search_subscribers("Ada Lovelace")
        .collect_all()
        .await
        .unwrap();
    let req = only_request(&api).await;
    assert_query(&req, &[("name", "Ada Lovelace"), ("page", "1")]);
    bearer_only(&api).await;
    assert_eq!(found.len(), 1);
    let err = client
        .search_subscribers(" ")
        .collect_all()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput { .. }));
}

#[tokio::test]
async fn update_subscriber() {
    let (api, client) = setup().await;
    expect("POST", &p(&format!("/{SUB}")), fx("subscribers/subscriber.json")).json(json!({"email": "ada@new.example", "name": "Ada L.", "points": 5, "city": "London", "referral_status": "confirmed"}))
        .mount(&api)
        .await;
    let body = UpdateSubscriber::default()
        .name("Ada L.")
        .identifier(Identifier::email("ada@new.example"))
        .points(5)
        .city("London")
        .referral_status(ReferralStatus::Confirmed);
    client.subscribers(UUID).update(SUB, &body).await.unwrap();
    bearer_only(&api).await;
}

#[tokio::test]
async fn delete_subscriber() {
    let (api, client) = setup().await;
    expect(
        "DELETE",
        &p(&format!("/{SUB}")),
        fx("subscribers/deleted.json"),
    )
    .no_body()
    .mount(&api)
    .await;
    let ack = client.subscribers(UUID).delete(SUB).await.unwrap();
    bearer_only(&api).await;
    assert_eq!(ack.response.as_deref(), Some("subscriber_deleted"));
}

#[tokio::test]
async fn confirm_by_id() {
    let (api, client) = setup().await;
    expect(
        "POST",
        &p(&format!("/{SUB}/confirm")),
        fx("subscribers/subscriber.json"),
    )
    .json(json!({}))
    .mount(&api)
    .await;
    client.subscribers(UUID).confirm(SUB).await.unwrap();
    bearer_only(&api).await;
}

#[tokio::test]
async fn confirm_by_identifier() {
    let (api, client) = setup().await;
    expect("POST", &p("/confirm"), fx("subscribers/subscriber.json"))
        .json(json!({"other_identifier_value": "crm-42"}))
        .mount(&api)
        .await;
    client
        .subscribers(UUID)
        .confirm_by(&Identifier::other("crm-42"))
        .await
        .unwrap();
    bearer_only(&api).await;
}

#[tokio::test]
async fn track_conversion() {
    let (api, client) = setup().await;
    expect(
        "POST",
        &p("/track_referral_conversion_event"),
        fx("subscribers/subscriber.json"),
    )
    .json(
        json!({"email": "bob@example.com", "referrer": "a1b2c3d4", "conversion_value": 49.0,
               "conversion_category": "plan", "transaction_id": "ord_1", "product_id": "pro"}),
    )
    .mount(&api)
    .await;
    let body = TrackConversion::new(Identifier::email("bob@example.com"))
        .referrer("a1b2c3d4")
        .conversion_value(49.0)
        .conversion_category("plan")
        .transaction_id("ord_1")
        .product_id("pro");
    client
        .subscribers(UUID)
        .track_conversion(&body)
        .await
        .unwrap();
    bearer_only(&api).await;
}

#[tokio::test]
async fn add_points() {
    let (api, client) = setup().await;
    expect("POST", &p("/add_points"), fx("subscribers/subscriber.json"))
        .json(json!({"email": "ada@example.com", "points": -3}))
        .mount(&api)
        .await;
    client
        .subscribers(UUID)
        .add_points(&AddPoints::new(Identifier::email("ada@example.com"), -3))
        .await
        .unwrap();
    bearer_only(&api).await;
}

#[tokio::test]
async fn add_transaction() {
    let (api, client) = setup().await;
    expect("POST", &p("/add_transactions"), fx("subscribers/subscriber.json")).json(json!({"email": "ada@example.com", "amount": 19.99, "transaction_id": "ord_9", "reward_value": 2.0}))
        .mount(&api)
        .await;
    let t = Transaction::new(Identifier::email("ada@example.com"), 19.99)
        .transaction_id("ord_9")
        .reward_value(2.0);
    let ack = client.subscribers(UUID).add_transaction(&t).await.unwrap();
    bearer_only(&api).await;
    assert_eq!(ack.subscriber().unwrap().id, SUB);
}

#[tokio::test]
async fn add_bulk_transactions() {
    let (api, client) = setup().await;
    expect(
        "POST",
        &p("/add_bulk_transactions"),
        fx("subscribers/bulk.json"),
    )
    .json(json!({"transactions": [
        {"email": "a@example.com", "amount": 1.0},
        {"phone_number": "+15550001", "amount": 2.5, "product_id": "p"}
    ]}))
    .mount(&api)
    .await;
    let batch = vec![
        Transaction::new(Identifier::email("a@example.com"), 1.0),
        Transaction::new(Identifier::phone_number("+15550001"), 2.5).product_id("p"),
    ];
    let ack = client
        .subscribers(UUID)
        .add_bulk_transactions(batch)
        .await
        .unwrap();
    bearer_only(&api).await;
    assert_eq!(ack.response.as_deref(), Some("bulk_transactions_queued"));
}

#[tokio::test]
async fn bulk_transactions_are_limited_to_500_client_side() {
    let (api, client) = setup().await;
    let batch = |n: usize| {
        (0..n)
            .map(|i| Transaction::new(Identifier::email(format!("u{i}@example.com")), 1.0))
            .collect::<Vec<_>>()
    };
    let err = client
        .subscribers(UUID)
        .add_bulk_transactions(batch(501))
        .await
        .unwrap_err();
    match &err {
        Error::InvalidInput { message } => {
            assert!(message.contains("at most 500"), "{message}");
            assert!(message.contains("501"), "{message}");
        }
        other => panic!("expected InvalidInput, got {other:?}"),
    }
    let err = client
        .subscribers(UUID)
        .add_bulk_transactions(Vec::new())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput { .. }));
    let mut bad = batch(3);
    bad[2] = Transaction::new(Identifier::email("c@example.com"), f64::NAN);
    let err = client
        .subscribers(UUID)
        .add_bulk_transactions(bad)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("transaction 2"), "{err}");
    assert!(api.received().await.is_empty(), "nothing may be sent");

    // Exactly 500 goes out.
    expect(
        "POST",
        &p("/add_bulk_transactions"),
        fx("subscribers/bulk.json"),
    )
    .mount(&api)
    .await;
    client
        .subscribers(UUID)
        .add_bulk_transactions(batch(500))
        .await
        .unwrap();
    let req = only_request(&api).await;
    let body: serde_json::Value = serde_json::from_slice(&req.body).unwrap();
    assert_eq!(body["transactions"].as_array().unwrap().len(), 500);
}

#[tokio::test]
async fn promote() {
    let (api, client) = setup().await;
    expect(
        "POST",
        &p(&format!("/{SUB}/promote")),
        fx("subscribers/subscriber.json"),
    )
    .json(json!({}))
    .mount(&api)
    .await;
    client.subscribers(UUID).promote(SUB).await.unwrap();
    bearer_only(&api).await;
}

#[tokio::test]
async fn unlock_promoted_reward() {
    let (api, client) = setup().await;
    expect(
        "POST",
        &p(&format!("/{SUB}/unlock_promoted_reward")),
        fx("subscribers/status_only.json"),
    )
    .json(json!({"reward_id": "4"}))
    .mount(&api)
    .await;
    let ack = client
        .subscribers(UUID)
        .unlock_promoted_reward(SUB, "4")
        .await
        .unwrap();
    bearer_only(&api).await;
    assert_eq!(
        ack.data,
        serde_json::Value::Null,
        "a status-only reply has no data"
    );
}

#[tokio::test]
async fn qualify() {
    let (api, client) = setup().await;
    expect(
        "POST",
        &p(&format!("/{SUB}/qualify")),
        fx("subscribers/status_only.json"),
    )
    .json(json!({}))
    .mount(&api)
    .await;
    client.subscribers(UUID).qualify(SUB).await.unwrap();
    bearer_only(&api).await;
}

#[tokio::test]
async fn unqualify() {
    let (api, client) = setup().await;
    expect(
        "POST",
        &p(&format!("/{SUB}/unqualify")),
        fx("subscribers/status_only.json"),
    )
    .json(json!({}))
    .mount(&api)
    .await;
    client.subscribers(UUID).unqualify(SUB).await.unwrap();
    bearer_only(&api).await;
}

#[tokio::test]
async fn update_reward_status() {
    let (api, client) = setup().await;
    expect(
        "POST",
        &p("/update_reward_status"),
        fx("subscribers/deleted.json"),
    )
    .json(json!({"reward_id": "101", "status": "canceled"}))
    .mount(&api)
    .await;
    client
        .subscribers(UUID)
        .update_reward_status(&UpdateRewardStatus::new("101", RewardStatus::Canceled))
        .await
        .unwrap();
    bearer_only(&api).await;
}

#[tokio::test]
async fn writes_are_not_retried_after_a_5xx() {
    let (api, client) = setup().await;
    expect(
        "POST",
        &p("/add_points"),
        json!({"status": "error", "message": "down"}),
    )
    .status(503)
    .mount(&api)
    .await;
    let err = client
        .subscribers(UUID)
        .add_points(&AddPoints::new(Identifier::email("ada@example.com"), 1))
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    only_request(&api).await;
}
