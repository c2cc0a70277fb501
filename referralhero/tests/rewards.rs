//! One wiremock test per rewards endpoint.

mod common;

use common::*;
use referralhero::models::RewardStatus;

#[tokio::test]
async fn list_rewards_with_status_and_per_page() {
    let (api, client) = setup().await;
    expect(
        "GET",
        &format!("/lists/{UUID}/rewards"),
        fx("rewards/list.json"),
    )
    .any_query()
    .no_body()
    .mount(&api)
    .await;
    let rewards = client
        .rewards(UUID)
        .list()
        .status(RewardStatus::Unlocked)
        .collect_all()
        .await
        .unwrap();
    bearer_only(&api).await;
    assert_query(
        &only_request(&api).await,
        &[("status", "unlocked"), ("page", "1"), ("per_page", "100")],
    );
    assert_eq!(rewards.len(), 2);
    assert_eq!(rewards[0].id, "101");
    assert_eq!(rewards[0].sent_date, None);
    assert_eq!(
        rewards[1].status,
        Some(RewardStatus::Unknown("fulfilled".into()))
    );
    assert_eq!(rewards[1].value, Some(20.0));
    assert_eq!(rewards[1].total, None);
    assert_eq!(rewards[1].unlocked_date, None);
    assert_eq!(
        rewards[1].created_at.as_ref().unwrap().unix_secs(),
        Some(1_700_000_100)
    );
}

#[tokio::test]
async fn custom_page_size() {
    let (api, client) = setup().await;
    expect(
        "GET",
        &format!("/lists/{UUID}/rewards"),
        fx("rewards/list.json"),
    )
    .any_query()
    .no_body()
    .mount(&api)
    .await;
    client
        .rewards(UUID)
        .list()
        .per_page(250)
        .send()
        .await
        .unwrap();
    assert_query(
        &only_request(&api).await,
        &[("page", "1"), ("per_page", "250")],
    );
    let err = client
        .rewards(UUID)
        .list()
        .per_page(0)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, referralhero::Error::InvalidInput { .. }));
}

#[tokio::test]
async fn rewards_of_a_subscriber_without_pagination_is_one_page() {
    let (api, client) = setup().await;
    expect(
        "GET",
        &format!("/lists/{UUID}/subscribers/{SUB}/rewards"),
        fx("rewards/subscriber.json"),
    )
    .any_query()
    .no_body()
    .mount(&api)
    .await;
    let rewards = client
        .rewards(UUID)
        .of_subscriber(SUB)
        .status(RewardStatus::Sent)
        .collect_all()
        .await
        .unwrap();
    let req = only_request(&api).await;
    assert_query(&req, &[("status", "sent"), ("page", "1")]);
    bearer_only(&api).await;
    assert_eq!(rewards.len(), 1);
    let r = &rewards[0];
    assert_eq!(
        r.created_at.as_ref().unwrap().unix_secs(),
        Some(1_700_000_000),
        "camelCase and milliseconds"
    );
    assert_eq!(r.signup_type.as_deref(), Some("confirmed"));
    assert_eq!(r.referrals_type.as_deref(), Some("confirmed"));
    assert_eq!(r.recurring_count, Some(0));
}
