//! One wiremock test per referral listing.

mod common;

use common::*;
use referralhero::models::{ReferralStatus, SortBy};
use referralhero::resources::ReferralLevel;

async fn check_level(level: ReferralLevel, segment: &str) {
    let (api, client) = setup().await;
    expect(
        "GET",
        &format!("/lists/{UUID}/subscribers/{SUB}/{segment}"),
        fx("referrals/level.json"),
    )
    .any_query()
    .no_body()
    .mount(&api)
    .await;
    let refs = client
        .referrals(UUID, SUB)
        .list(level)
        .sort_by(SortBy::RegistrationDesc)
        .collect_all()
        .await
        .unwrap();
    let req = only_request(&api).await;
    assert_query(&req, &[("sort_by", "registration_desc"), ("page", "1")]);
    bearer_only(&api).await;
    assert_eq!(refs.len(), 1);
    assert_eq!(refs[0].referral_status, Some(ReferralStatus::Confirmed));
}

#[tokio::test]
async fn referred_falls_back_to_the_single_array() {
    let (api, client) = setup().await;
    expect(
        "GET",
        &format!("/lists/{UUID}/subscribers/{SUB}/referred"),
        fx("referrals/referred.json"),
    )
    .query(&[("page", "1")])
    .no_body()
    .mount(&api)
    .await;
    let page = client.referrals(UUID, SUB).referred().send().await.unwrap();
    bearer_only(&api).await;
    assert_eq!(
        page.items.len(),
        2,
        "records read from the undocumented `referrals` key"
    );
    assert_eq!(page.total_items, Some(2));
}

#[tokio::test]
async fn level_1_referrals() {
    check_level(ReferralLevel::Level1, "level_1_referrals").await;
}

#[tokio::test]
async fn level_2_referrals() {
    check_level(ReferralLevel::Level2, "level_2_referrals").await;
}

#[tokio::test]
async fn level_3_referrals() {
    check_level(ReferralLevel::Level3, "level_3_referrals").await;
}

#[tokio::test]
async fn level_2_all_referrals() {
    check_level(ReferralLevel::Level2All, "level_2_all_referrals").await;
}

#[tokio::test]
async fn level_3_all_referrals() {
    check_level(ReferralLevel::Level3All, "level_3_all_referrals").await;
}

#[tokio::test]
async fn referred_with_sort() {
    check_level(ReferralLevel::Referred, "referred").await;
}

#[tokio::test]
async fn shortcut_methods_hit_the_same_paths() {
    let r = referralhero::Client::new("t").unwrap();
    let refs = r.referrals(UUID, SUB);
    let names: Vec<&str> = ReferralLevel::ALL.iter().map(|l| l.segment()).collect();
    assert_eq!(
        names,
        [
            "referred",
            "level_1_referrals",
            "level_2_referrals",
            "level_3_referrals",
            "level_2_all_referrals",
            "level_3_all_referrals"
        ]
    );
    // The shortcuts build the same listing as `list(level)`.
    let a = format!("{:?}", refs.level_2_all());
    let b = format!("{:?}", refs.list(ReferralLevel::Level2All));
    assert_eq!(a, b);
}
