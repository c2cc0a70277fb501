//! End-to-end runs against the in-process sandbox.

use std::collections::HashSet;

use affiliate_common::RateLimit;
use affiliate_common::sandbox::Fault;
use affiliate_common::test_util::fast_retry;
use futures::{StreamExt as _, TryStreamExt as _};
use referralhero::models::{Identifier, NewSubscriber, ReferralStatus, SortBy, TrackConversion};
use referralhero::sandbox::{Running, SandboxConfig, start_with};
use referralhero::{Client, Error, ErrorCode, ErrorExt as _};

async fn start(config: SandboxConfig) -> Running {
    start_with(config, |b| {
        b.retry(fast_retry()).rate_limit(RateLimit::unlimited())
    })
    .await
    .unwrap()
}

fn small() -> SandboxConfig {
    SandboxConfig::default().lists([("Waitlist", 640), ("Giveaway", 120), ("Lead magnet", 7)])
}

#[tokio::test]
async fn every_subscriber_of_every_list_matches_total_objects() {
    let rh = start(small()).await;
    let lists = rh.client.lists().list().collect_all().await.unwrap();
    assert_eq!(lists.len(), 3);
    for list in &lists {
        let subs = rh
            .client
            .subscribers(&list.uuid)
            .list()
            .collect_all()
            .await
            .unwrap();
        assert_eq!(Some(subs.len() as u64), list.subscribers);
        let ids: HashSet<_> = subs.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids.len(), subs.len(), "no duplicates");
        // Positions are contiguous: no gaps.
        let positions: Vec<u64> = subs.iter().map(|s| s.position.unwrap()).collect();
        assert_eq!(positions, (1..=subs.len() as u64).collect::<Vec<_>>());
    }
}

#[tokio::test]
async fn concurrent_and_sequential_streams_agree_and_calls_left_counts_down() {
    let rh = start(small()).await;
    let uuid = rh.api.list_uuids()[0].clone();
    let before = rh.api.calls_left();
    let seq: Vec<String> = rh
        .client
        .subscribers(&uuid)
        .list()
        .concurrency(1)
        .stream()
        .map_ok(|s| s.id)
        .try_collect()
        .await
        .unwrap();
    let par: Vec<String> = rh
        .client
        .subscribers(&uuid)
        .list()
        .concurrency(6)
        .stream()
        .map_ok(|s| s.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(seq, par);
    assert_eq!(seq.len(), 640);
    let pages = 640usize.div_ceil(50) as u64;
    assert_eq!(before - rh.api.calls_left(), 2 * pages, "one call per page");
    let page = rh.client.subscribers(&uuid).list().send().await.unwrap();
    assert_eq!(page.meta.rate_limit.remaining, Some(rh.api.calls_left()));
}

#[tokio::test]
async fn a_429_mid_stream_is_retried_without_gaps_or_duplicates() {
    let rh = start(small()).await;
    let uuid = rh.api.list_uuids()[0].clone();
    let mut pages = rh.client.subscribers(&uuid).list().concurrency(4).pages();
    let first = pages.next().await.unwrap().unwrap();
    rh.sandbox.faults().fail_next(2, Fault::rate_limited(0));
    rh.sandbox.faults().fail_every(5, Fault::Status(503));
    let mut ids: Vec<String> = first.items.into_iter().map(|s| s.id).collect();
    while let Some(page) = pages.next().await {
        ids.extend(page.unwrap().items.into_iter().map(|s| s.id));
    }
    assert!(rh.sandbox.faults().injected() >= 2);
    let all = {
        rh.sandbox.faults().clear();
        rh.client
            .subscribers(&uuid)
            .list()
            .collect_all()
            .await
            .unwrap()
    };
    assert_eq!(ids, all.into_iter().map(|s| s.id).collect::<Vec<_>>());
}

#[tokio::test]
async fn exhausted_quota_is_too_many_calls() {
    let rh = start(small()).await;
    rh.api.set_calls_left(1);
    rh.client.lists().list().send().await.unwrap();
    let err = rh.client.lists().list().send().await.unwrap_err();
    assert!(matches!(err, Error::RateLimited { .. }), "{err:?}");
    assert_eq!(err.referralhero_code(), Some(ErrorCode::TooManyCalls));
}

#[tokio::test]
async fn real_error_envelopes() {
    let rh = start(small()).await;
    let uuid = rh.api.list_uuids()[0].clone();
    let e = rh
        .client
        .subscribers("MFnope")
        .get("sub_x")
        .await
        .unwrap_err();
    assert_eq!(e.referralhero_code(), Some(ErrorCode::InvalidList));
    let e = rh
        .client
        .subscribers(&uuid)
        .get("sub_missing")
        .await
        .unwrap_err();
    assert_eq!(e.referralhero_code(), Some(ErrorCode::SubscriberNotFound));
    let e = rh
        .client
        .lists()
        .leaderboard(rh.api.list_uuids()[1].clone())
        .send()
        .await
        .unwrap_err();
    assert_eq!(e.referralhero_code(), Some(ErrorCode::WrongListType));

    let bad = Client::builder("invalid-token")
        .base_url(rh.sandbox.url().clone())
        .retry(fast_retry())
        .build()
        .unwrap();
    let e = bad.lists().list().send().await.unwrap_err();
    assert_eq!(e.referralhero_code(), Some(ErrorCode::InvalidToken));
    let e = rh.client.get_json("lists", &[]).await.unwrap();
    assert!(e["lists"].is_array());

    let key = Client::builder("any")
        .api_key_header()
        .base_url(rh.sandbox.url().clone())
        .build()
        .unwrap();
    assert_eq!(key.lists().list().collect_all().await.unwrap().len(), 3);
}

#[tokio::test]
async fn referral_flow_updates_the_referrer() {
    let rh = start(small()).await;
    let uuid = rh.api.list_uuids()[0].clone();
    let subs = rh.client.subscribers(&uuid);
    let top = rh
        .client
        .lists()
        .leaderboard(&uuid)
        .send()
        .await
        .unwrap()
        .ranking
        .remove(0);
    let before = top.people_referred.unwrap();

    let new = subs
        .create(
            &NewSubscriber::new(Identifier::email("newbie@example.com"))
                .name("Newbie")
                .referrer(top.code.clone().unwrap()),
        )
        .await
        .unwrap();
    assert_eq!(new.referral_status, Some(ReferralStatus::Pending));
    assert_eq!(
        new.referred_by.as_ref().unwrap().id.as_deref(),
        Some(top.id.as_str())
    );

    let referred = rh
        .client
        .referrals(&uuid, &top.id)
        .referred()
        .collect_all()
        .await
        .unwrap();
    assert!(referred.iter().any(|s| s.id == new.id));

    let tracked = subs
        .track_conversion(
            &TrackConversion::new(Identifier::email("newbie@example.com")).conversion_value(25.0),
        )
        .await
        .unwrap();
    assert_eq!(tracked.referral_status, Some(ReferralStatus::Confirmed));
    assert_eq!(tracked.conversion_amount, Some(25.0));
    let confirmed = subs.confirm(&new.id).await.unwrap();
    assert_eq!(confirmed.verified, Some(true));

    let referrer = subs.get(&top.id).await.unwrap();
    assert_eq!(referrer.people_referred, Some(before + 1));
    let level1 = rh
        .client
        .referrals(&uuid, &top.id)
        .level_1()
        .collect_all()
        .await
        .unwrap();
    assert!(level1.iter().any(|s| s.id == new.id));
    let rewards = rh
        .client
        .rewards(&uuid)
        .of_subscriber(&top.id)
        .collect_all()
        .await
        .unwrap();
    assert!(!rewards.is_empty());

    let e = subs
        .promote(&top.id)
        .await
        .map(|_| ())
        .and(subs.promote(&top.id).await.map(|_| ()));
    assert_eq!(
        e.unwrap_err().referralhero_code(),
        Some(ErrorCode::SubscriberAlreadyPromoted)
    );
    let by_code = subs
        .get_by_referral_code(new.code.as_deref().unwrap())
        .await
        .unwrap();
    assert_eq!(by_code.id, new.id);
    subs.delete(&new.id).await.unwrap();
    let e = subs.get_by_email("newbie@example.com").await.unwrap_err();
    assert_eq!(e.referralhero_code(), Some(ErrorCode::SubscriberNotFound));
}

#[tokio::test]
async fn sorted_listing_rewards_and_coupons() {
    let rh = start(small()).await;
    let uuid = rh.api.list_uuids()[0].clone();
    let by_points = rh
        .client
        .subscribers(&uuid)
        .list()
        .sort_by(SortBy::PointsDesc)
        .collect_all()
        .await
        .unwrap();
    assert!(by_points.windows(2).all(|w| w[0].points >= w[1].points));
    let rewards = rh
        .client
        .rewards(&uuid)
        .list()
        .per_page(7)
        .collect_all()
        .await
        .unwrap();
    assert!(rewards.len() > 7, "several pages of rewards");
    let groups = rh
        .client
        .coupons(&uuid)
        .list_groups()
        .collect_all()
        .await
        .unwrap();
    let coupons = rh
        .client
        .coupons(&uuid)
        .get_group(&groups[0].id)
        .await
        .unwrap();
    assert_eq!(coupons.len(), 40);
    let found = rh
        .client
        .search_subscribers("Lovelace")
        .collect_all()
        .await
        .unwrap();
    assert!(
        found
            .iter()
            .all(|s| s.name.as_deref().unwrap().contains("Lovelace"))
    );
    assert!(!found.is_empty());
}

#[tokio::test]
async fn the_seed_is_deterministic() {
    let a = start(small()).await;
    let b = start(small()).await;
    assert_eq!(a.api.list_uuids(), b.api.list_uuids());
    let uuid = a.api.list_uuids()[2].clone();
    let x = a
        .client
        .subscribers(&uuid)
        .list()
        .collect_all()
        .await
        .unwrap();
    let y = b
        .client
        .subscribers(&uuid)
        .list()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(x, y);
}
