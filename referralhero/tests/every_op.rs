//! Calls every operation of `specs/referralhero.yaml` (35) through the
//! typed client against the sandbox, one line an operation, in the shape
//! of the generated `every_op` tests of the other crates (written by hand
//! until ReferralHero's methods are generated): no transport error, no
//! decode error, no `501 sandbox_unsupported`; API errors are counted and
//! printed apart.

use referralhero::common::sandbox::ops::Tally;
use referralhero::models::{
    AddCoupons, AddPoints, Identifier, NewCouponGroup, NewList, NewSubscriber, RewardStatus,
    TrackConversion, Transaction, UpdateRewardStatus, UpdateSubscriber,
};

macro_rules! call {
    ($t:ident, $op:literal, $($call:tt)*) => {
        $t.add($op, async { $($call)*; Ok::<(), referralhero::Error>(()) }.await);
    };
}

#[rustfmt::skip]
#[tokio::test]
async fn every_operation_answers_in_the_sandbox() {
    let running = referralhero::sandbox::start().await.unwrap();
    let client = running.client.clone();
    let list = running.api.list_uuids()[0].clone();
    let ids = running.api.subscriber_ids(&list).unwrap();
    let (sub, other) = (ids[0].clone(), ids[1].clone());
    let known = client.subscribers(&list).get(&sub).await.unwrap();
    let (email, code) = (known.email.clone().unwrap_or_default(), known.code.clone().unwrap_or_default());
    let bob = || Identifier::email("bob@example.com");
    let mut t = Tally::new("referralhero");
    call! { t, "list_lists", client.lists().list().send().await? }
    call! { t, "create_list", client.lists().create(&NewList::new("Launch").website("https://example.com")).await? }
    call! { t, "get_bonuses", client.lists().bonuses(&list).await? }
    call! { t, "list_coupon_groups", client.coupons(&list).list_groups().send().await? }
    call! { t, "create_coupon_group", client.coupons(&list).create_group(&NewCouponGroup::new("Spring", ["SPR-1"])).await? }
    call! { t, "get_coupon_group", let g = client.coupons(&list).list_groups().send().await?; client.coupons(&list).get_group(&g.items[0].id).await? }
    call! { t, "add_coupons", let g = client.coupons(&list).list_groups().send().await?; client.coupons(&list).add(&AddCoupons::new(&g.items[0].id, ["SPR-2"])).await? }
    call! { t, "get_leaderboard", client.lists().leaderboard(&list).count(25).send().await? }
    call! { t, "list_rewards", client.rewards(&list).list().status(RewardStatus::Unlocked).send().await? }
    call! { t, "list_subscribers", client.subscribers(&list).list().send().await? }
    call! { t, "create_subscriber", client.subscribers(&list).create(&NewSubscriber::new(bob()).name("Bob").referrer(&code)).await? }
    call! { t, "add_bulk_transactions", client.subscribers(&list).add_bulk_transactions(vec![Transaction::new(bob(), 10.0)]).await? }
    call! { t, "add_points", client.subscribers(&list).add_points(&AddPoints::new(bob(), 5)).await? }
    call! { t, "add_transaction", client.subscribers(&list).add_transaction(&Transaction::new(bob(), 49.0).transaction_id("ord_1")).await? }
    call! { t, "confirm_subscriber_by_identifier", client.subscribers(&list).confirm_by(&bob()).await? }
    call! { t, "get_subscriber_by_email", client.subscribers(&list).get_by_email(&email).await? }
    call! { t, "get_subscriber_by_referral_code", client.subscribers(&list).get_by_referral_code(&code).await? }
    call! { t, "track_conversion", client.subscribers(&list).track_conversion(&TrackConversion::new(bob()).conversion_value(49.0)).await? }
    call! { t, "update_reward_status", let r = client.rewards(&list).list().send().await?; client.subscribers(&list).update_reward_status(&UpdateRewardStatus::new(r.items.first().map(|r| r.id.to_string()).unwrap_or_default(), RewardStatus::Sent)).await? }
    call! { t, "get_subscriber", client.subscribers(&list).get(&sub).await? }
    call! { t, "update_subscriber", client.subscribers(&list).update(&sub, &UpdateSubscriber::default().name("Ada L.")).await? }
    call! { t, "delete_subscriber", client.subscribers(&list).delete(&other).await? }
    call! { t, "confirm_subscriber", client.subscribers(&list).confirm(&sub).await? }
    call! { t, "promote_subscriber", client.subscribers(&list).promote(&sub).await? }
    call! { t, "qualify_subscriber", client.subscribers(&list).qualify(&sub).await? }
    call! { t, "list_referrals", client.referrals(&list, &sub).referred().send().await? }
    call! { t, "list_level_1_referrals", client.referrals(&list, &sub).level_1().send().await? }
    call! { t, "list_level_2_referrals", client.referrals(&list, &sub).level_2().send().await? }
    call! { t, "list_level_3_referrals", client.referrals(&list, &sub).level_3().send().await? }
    call! { t, "list_level_2_all_referrals", client.referrals(&list, &sub).level_2_all().send().await? }
    call! { t, "list_level_3_all_referrals", client.referrals(&list, &sub).level_3_all().send().await? }
    call! { t, "list_subscriber_rewards", client.rewards(&list).of_subscriber(&sub).send().await? }
    call! { t, "unlock_promoted_reward", let r = client.rewards(&list).of_subscriber(&sub).send().await?; client.subscribers(&list).unlock_promoted_reward(&sub, r.items.first().map(|r| r.id.to_string()).unwrap_or_default()).await? }
    call! { t, "unqualify_subscriber", client.subscribers(&list).unqualify(&sub).await? }
    call! { t, "search_subscribers", client.search_subscribers("Ada").send().await? }
    println!("{t}");
    assert_eq!(t.calls(), 35);
    assert!(t.failures().is_empty(), "{t}");
}
