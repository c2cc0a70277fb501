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
    assert_eq!(
        e.occurred_at.as_ref().unwrap().unix_secs(),
        Some(1_700_000_000)
    );
}

#[test]
fn subscriber_confirmed_with_the_subscriber_as_data() {
    let e = from_value(fx("webhooks/subscriber_confirmed.json")).unwrap();
    assert_eq!(e.event_type, WebhookEventType::SubscriberConfirmed);
    assert_eq!(e.list_uuid.as_deref(), Some("MF078d000987"));
    let s = e.subscriber.unwrap();
    assert_eq!(
        s.verified_at.as_ref().unwrap().unix_secs(),
        Some(1_700_000_100)
    );
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

mod documented {
    use super::common::fx;
    use referralhero::webhooks::{
        Referral, SIGNATURE_HEADER, SignatureError, WebhookError, WebhookEventType, from_value,
        parse, sign, sign_base64, verify_and_parse, verify_signature,
    };

    const SECRET: &str = "rh_webhook_secret";

    fn raw(name: &str) -> Vec<u8> {
        serde_json::to_vec(&fx(name)).unwrap()
    }

    #[test]
    fn flat_new_registration_decodes_from_the_response_key() {
        let e = from_value(fx("webhooks/new_registration.json")).unwrap();
        assert_eq!(e.event_type, WebhookEventType::NewRegistration);
        assert_eq!(e.list_uuid.as_deref(), Some("MF078d000987"));
        assert_eq!(
            e.occurred_at.as_ref().unwrap().unix_secs(),
            Some(1_700_000_000)
        );
        let s = e.subscriber.as_ref().unwrap();
        assert_eq!(s.id, "sub_9f3a2c");
        assert_eq!(s.email.as_deref(), Some("grace@example.com"));
        assert_eq!(s.code.as_deref(), Some("GRACE42"));
        let r = e.registration.as_ref().unwrap();
        assert_eq!(r.subscriber_id.as_deref(), Some("sub_9f3a2c"));
        assert_eq!(r.first_name.as_deref(), Some("Grace"));
        assert_eq!(r.last_name.as_deref(), Some("Hopper"));
        assert_eq!(r.people_ahead, Some(57));
        assert_eq!(r.referred, Some(true));
        assert_eq!(r.source.as_deref(), Some("direct_visit"));
        assert_eq!(r.extra_field.as_deref(), Some("Engineering"));
        assert_eq!(
            r.created_at.as_ref().unwrap().unix_secs(),
            Some(1_700_000_000)
        );
        let Referral::Referrer(by) = &r.referral else {
            panic!("{:?}", r.referral)
        };
        assert_eq!(by.email.as_deref(), Some("ada@example.com"));
        assert_eq!(by.people_referred, Some(3));
        assert_eq!(by.points, Some(30.0));
        // That referrer has no id, so it is not passed off as a subscriber.
        assert!(e.referrer.is_none());
    }

    #[test]
    fn referral_as_empty_string_or_deleted_referrer() {
        let e = from_value(fx("webhooks/new_registration_unreferred.json")).unwrap();
        let r = e.registration.unwrap();
        assert_eq!(r.referral, Referral::NotReferred);
        assert_eq!(r.people_ahead, Some(0));
        assert!(e.referrer.is_none());
        let e = parse(
            br#"{"response":"new_registration","subscriber_id":"s","referral":"subscriber_deleted"}"#,
        )
        .unwrap();
        assert_eq!(e.registration.unwrap().referral, Referral::ReferrerDeleted);
    }

    #[test]
    fn a_new_registration_that_does_not_decode_names_the_path() {
        let err =
            parse(br#"{"response":"new_registration","subscriber_id":"s","people_ahead":{"n":1}}"#)
                .unwrap_err();
        assert!(err.to_string().contains("people_ahead"), "{err}");
    }

    #[test]
    fn documented_names_and_their_older_alias() {
        for (name, want) in [
            ("subscriber_promoted", WebhookEventType::SubscriberPromoted),
            ("subscriber_updated", WebhookEventType::SubscriberUpdated),
            ("subscriber_deleted", WebhookEventType::SubscriberDeleted),
            ("reward_unlocked", WebhookEventType::RewardUnlocked),
            ("reward_sent", WebhookEventType::RewardSent),
            ("bonus_unlocked", WebhookEventType::BonusUnlocked),
        ] {
            let body = format!(r#"{{"response":"{name}","subscriber_id":"sub_1"}}"#);
            let e = parse(body.as_bytes()).unwrap();
            assert_eq!(e.event_type, want, "{name}");
            assert_eq!(e.subscriber.unwrap().id, "sub_1");
            assert!(e.registration.is_none());
        }
        let e = parse(br#"{"response":"brand_new","x":1}"#).unwrap();
        assert_eq!(e.event_type, WebhookEventType::Unknown("brand_new".into()));
    }

    #[test]
    fn hex_and_base64_signatures_verify() {
        let body = raw("webhooks/new_registration.json");
        let hex = sign(SECRET, &body);
        assert_eq!(hex.len(), 64);
        assert!(
            hex.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        );
        assert_eq!(verify_signature(SECRET, &body, Some(&hex)), Ok(()));
        let b64 = sign_base64(SECRET, &body);
        assert_eq!(b64.len(), 44);
        assert_eq!(verify_signature(SECRET, &body, Some(&b64)), Ok(()));
        assert_eq!(
            verify_signature(SECRET, &body, Some(b64.trim_end_matches('='))),
            Ok(())
        );
        let e = verify_and_parse(SECRET, &body, Some(&hex)).unwrap();
        assert_eq!(e.event_type, WebhookEventType::NewRegistration);
        assert_eq!(SIGNATURE_HEADER, "X-ReferralHero-Signature");
    }

    #[test]
    fn known_hmac_vector() {
        // HMAC-SHA256(key = "key", "The quick brown fox jumps over the lazy dog").
        let body = b"The quick brown fox jumps over the lazy dog";
        assert_eq!(
            sign("key", body),
            "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8"
        );
        assert_eq!(
            sign_base64("key", body),
            "97yD9DBThCSxMpjmqm+xQ+9NWaFJRhdZl0edvC0aPNg="
        );
    }

    #[test]
    fn verification_fails_closed() {
        let body = raw("webhooks/new_registration.json");
        let good = sign(SECRET, &body);
        assert_eq!(
            verify_signature(SECRET, &body, None),
            Err(SignatureError::Missing)
        );
        assert_eq!(
            verify_signature(SECRET, &body, Some("  ")),
            Err(SignatureError::Missing)
        );
        assert_eq!(
            verify_signature("", &body, Some(&good)),
            Err(SignatureError::EmptySecret)
        );
        assert_eq!(
            verify_signature(SECRET, &body, Some("not a digest")),
            Err(SignatureError::Malformed)
        );
        // A valid digest of another body, or with another key.
        assert_eq!(
            verify_signature(SECRET, b"{}", Some(&good)),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify_signature("other", &body, Some(&good)),
            Err(SignatureError::Mismatch)
        );
        // A tampered body is rejected before it is read.
        let mut tampered = body.clone();
        tampered[5] ^= 1;
        assert!(matches!(
            verify_and_parse(SECRET, &tampered, Some(&good)),
            Err(WebhookError::Signature(SignatureError::Mismatch))
        ));
    }
}
