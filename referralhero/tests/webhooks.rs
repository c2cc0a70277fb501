//! Webhook payloads decode into typed events.

mod common;

use common::fx;
use referralhero::models::{ReferralStatus, RewardStatus};
use referralhero::webhooks::{WebhookEventType, from_value, parse};

#[test]
fn new_subscriber() {
    let e = from_value(fx("webhooks/new_subscriber.json")).unwrap();
    assert_eq!(e.event_type, WebhookEventType::NewSubscriber);
    assert_eq!(e.list_uuid.as_deref(), Some("MF078d000987"));
    let s = e.subscriber.unwrap();
    assert_eq!(s.referral_status, Some(ReferralStatus::Pending));
    assert_eq!(s.points, None);
    assert!(s.extra.contains_key("unknown"));
    assert_eq!(e.occurred_at.unwrap().as_secs(), 1_700_000_000);
}

#[test]
fn subscriber_confirmed_with_the_subscriber_as_data() {
    let e = from_value(fx("webhooks/subscriber_confirmed.json")).unwrap();
    assert_eq!(e.event_type, WebhookEventType::SubscriberConfirmed);
    assert_eq!(e.list_uuid.as_deref(), Some("MF078d000987"));
    let s = e.subscriber.unwrap();
    assert_eq!(s.verified_at.unwrap().as_secs(), 1_700_000_100);
}

#[test]
fn referral_attributed_names_both_sides() {
    let e = from_value(fx("webhooks/referral_attributed.json")).unwrap();
    assert_eq!(e.event_type, WebhookEventType::ReferralAttributed);
    assert_eq!(e.subscriber.unwrap().id, "sub_9f8e7d6c5b4a");
    let r = e.referrer.unwrap();
    assert_eq!(r.id, "sub_2bad325a25d7");
    assert_eq!(r.people_referred, Some(4));
}

#[test]
fn reward_unlocked_by_its_milestone_alias() {
    let e = from_value(fx("webhooks/reward_unlocked.json")).unwrap();
    assert_eq!(e.event_type, WebhookEventType::RewardUnlocked);
    let r = e.reward.unwrap();
    assert_eq!(r.id, "102");
    assert_eq!(r.status, Some(RewardStatus::Unlocked));
    assert_eq!(r.referrals, Some(3));
}

#[test]
fn subscriber_deleted_with_a_numeric_id() {
    let e = from_value(fx("webhooks/subscriber_deleted.json")).unwrap();
    assert_eq!(e.event_type, WebhookEventType::SubscriberDeleted);
    assert_eq!(e.subscriber.unwrap().id, "12345");
}

#[test]
fn unknown_events_still_decode() {
    let e = from_value(fx("webhooks/unknown.json")).unwrap();
    assert_eq!(
        e.event_type,
        WebhookEventType::Unknown("campaign_paused".into())
    );
    assert_eq!(e.raw["paused_by"], "admin");
    assert!(parse(b"{\"subscriber\": {\"name\": \"no id\"}}").is_err());
}
