//! Property tests of webhook signatures and payloads: any secret, body and
//! header give `Ok` or a typed error without panicking; a body signed with
//! [`webhooks::sign`] always verifies, and any change to the body, the
//! signature or the secret is a mismatch; verified bodies parse into an
//! event or a typed parse error, and parsed events survive encode → parse.
//!
//! A long soak:
//! `PROPTEST_CASES=200000 cargo test --release -p dub --test fuzz_webhooks`.

use std::sync::LazyLock;

use affiliate_common::fuzz::proptest::prelude::*;
use affiliate_common::fuzz::proptest::proptest;
use affiliate_common::fuzz::{self, no_panic};
use dub::webhooks::{self, SignatureError, WebhookError, WebhookEvent};
use serde_json::{Value, json};

/// One delivery per event type: the generated event samples, and the event
/// types the spec lacks with the data samples of their models.
static BODIES: LazyLock<Vec<Value>> = LazyLock::new(|| {
    let samples: Value =
        serde_json::from_str(include_str!("../src/generated/samples.json")).expect("samples.json");
    let t = &samples["types"];
    let with = |event: &str, sample: &str| {
        let mut body = t
            .get(sample)
            .cloned()
            .unwrap_or_else(|| json!({"data": t[sample].clone()}));
        body["event"] = json!(event);
        body["id"] = json!("evt_1");
        body
    };
    let data = |event: &str, model: &str| json!({"id": "evt_2", "event": event, "createdAt": "2026-01-01T00:00:00Z", "data": t[model].clone()});
    vec![
        with("link.created", "LinkWebhookEvent"),
        with("link.clicked", "LinkClickedEvent"),
        with("lead.created", "LeadCreatedEvent"),
        with("sale.created", "SaleCreatedEvent"),
        with("partner.enrolled", "PartnerEnrolledEvent"),
        with(
            "partner.application_submitted",
            "PartnerApplicationSubmittedEvent",
        ),
        with("commission.created", "CommissionCreatedEvent"),
        data("partner.merged", "PartnerMerged"),
        data("bounty.created", "Bounty"),
        data("payout.confirmed", "Payout"),
        data("discount_code.created", "DiscountCode"),
        json!({"id": "evt_3", "event": "brand.new_event", "data": {"x": 1}}),
    ]
});

fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        4 => (0..BODIES.len(), fuzz::mutations())
            .prop_map(|(i, m)| fuzz::mutate(&BODIES[i], &m)),
        1 => (0..BODIES.len()).prop_map(|i| serde_json::to_vec(&BODIES[i]).expect("JSON")),
        1 => prop::collection::vec(any::<u8>(), 0..300),
    ]
}

fn secret() -> impl Strategy<Value = String> {
    prop_oneof![
        "whsec_[A-Za-z0-9]{1,40}",
        any::<String>().prop_filter("non-empty", |s| !s.is_empty()),
        Just("\u{0}".to_owned()),
        Just("k".repeat(200)),
    ]
}

fn header() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        Just(None),
        "[0-9a-f]{64}".prop_map(Some),
        "[0-9a-fA-F]{0,70}".prop_map(Some),
        any::<String>().prop_map(Some),
        "[ \t]{0,3}".prop_map(Some),
    ]
}

proptest! {
    #![proptest_config(fuzz::config(400))]

    /// Whatever arrives: no panic; the only `Ok` is the right signature.
    #[test]
    fn any_signature_is_ok_only_when_it_is_right(
        secret in prop_oneof![secret(), Just(String::new())],
        body in body(),
        header in header(),
    ) {
        let got = no_panic(|| Ok(webhooks::verify_signature(&secret, &body, header.as_deref())))
            .map_err(TestCaseError::fail)?;
        let right = webhooks::sign(&secret, &body);
        match got {
            Ok(()) => prop_assert_eq!(
                header.as_deref().map(|h| h.trim().to_ascii_lowercase()),
                Some(right)
            ),
            Err(SignatureError::EmptySecret) => prop_assert!(secret.is_empty()),
            Err(SignatureError::Missing) => {
                prop_assert!(header.as_deref().is_none_or(|h| h.trim().is_empty()))
            }
            Err(SignatureError::Malformed | SignatureError::Mismatch) => {}
            Err(other) => prop_assert!(false, "unexpected {:?}", other),
        }
    }

    /// A body signed with `sign` verifies (surrounding whitespace allowed);
    /// one changed bit of the body, one changed digit of the signature or
    /// another secret is a mismatch.
    #[test]
    fn signed_bodies_verify_and_tampering_is_a_mismatch(
        secret in secret(),
        other_secret in secret(),
        body in body(),
        flip in any::<prop::sample::Index>(),
        bit in 0u8..8,
        digit in 0usize..64,
    ) {
        let sig = webhooks::sign(&secret, &body);
        prop_assert_eq!(sig.len(), 64);
        prop_assert_eq!(webhooks::verify_signature(&secret, &body, Some(&sig)), Ok(()));
        prop_assert_eq!(
            webhooks::verify_signature(&secret, &body, Some(&format!(" {sig}\t"))),
            Ok(())
        );
        if !body.is_empty() {
            let mut tampered = body.clone();
            tampered[flip.index(body.len())] ^= 1 << bit;
            prop_assert_eq!(
                webhooks::verify_signature(&secret, &tampered, Some(&sig)),
                Err(SignatureError::Mismatch)
            );
        }
        let mut wrong = sig.clone().into_bytes();
        wrong[digit] = if wrong[digit] == b'0' { b'1' } else { b'0' };
        let wrong = String::from_utf8(wrong).expect("hex");
        prop_assert_eq!(
            webhooks::verify_signature(&secret, &body, Some(&wrong)),
            Err(SignatureError::Mismatch)
        );
        if other_secret != secret {
            prop_assert_eq!(
                webhooks::verify_signature(&other_secret, &body, Some(&sig)),
                Err(SignatureError::Mismatch)
            );
        }
    }

    /// A correctly signed body parses into an event or a typed parse error
    /// (never a signature error); events survive encode → parse unchanged.
    #[test]
    fn verified_bodies_parse_or_fail_typed(secret in secret(), body in body()) {
        let sig = webhooks::sign(&secret, &body);
        let got = no_panic(|| Ok(webhooks::verify_and_parse(&secret, &body, Some(&sig))))
            .map_err(TestCaseError::fail)?;
        match got {
            Ok(event) => {
                let _ = event.event_type();
                let text = serde_json::to_vec(&event)
                    .map_err(|e| TestCaseError::fail(format!("event does not encode: {e}")))?;
                let again = webhooks::parse(&text).map_err(|e| {
                    TestCaseError::fail(format!("re-encoded event does not parse: {e}"))
                })?;
                prop_assert_eq!(&again, &event);
                let typed: WebhookEvent = serde_json::from_slice(&text)
                    .map_err(|e| TestCaseError::fail(format!("Deserialize disagrees: {e}")))?;
                prop_assert_eq!(typed, event);
            }
            Err(WebhookError::Parse(_)) => {}
            Err(WebhookError::Payload { event, path, .. }) => {
                prop_assert!(!event.is_empty() && !path.is_empty(), "{} {}", event, path);
            }
            Err(e) => prop_assert!(false, "unexpected {}", e),
        }
    }
}
