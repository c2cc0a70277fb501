//! Webhook signature verification and event parsing.
use dub::webhooks::{
    SignatureError, WebhookError, WebhookEvent, sign, verify_and_parse, verify_signature,
};
use serde_json::json;

const SECRET: &str = "whsec_0123456789abcdef";

fn body(event: &str, data: serde_json::Value) -> Vec<u8> {
    serde_json::to_vec(&json!({"id": "evt_1", "event": event, "createdAt": "2026-08-21T00:00:00.000Z", "data": data})).unwrap()
}

#[test]
fn known_good_signature_verifies() {
    // HMAC-SHA256("whsec_0123456789abcdef", "{}") computed independently.
    let raw = b"{}";
    let sig = sign(SECRET, raw);
    assert_eq!(
        sig,
        "e81fd93502e93b1c784f672d95299df283f070ff8d03937c65f4b921bbd00822"
    );
    assert!(
        sig.chars()
            .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
    );
    assert_eq!(verify_signature(SECRET, raw, Some(&sig)), Ok(()));
    // The prefix is part of the key.
    assert_ne!(sign("0123456789abcdef", raw), sig);
}

#[test]
fn tampered_missing_and_malformed_signatures_are_rejected() {
    let raw = body(
        "link.clicked",
        json!({"click": {"id": "c1"}, "link": {"id": "link_1"}}),
    );
    let sig = sign(SECRET, &raw);
    let mut tampered = raw.clone();
    let last = tampered.len() - 2;
    tampered[last] ^= 1;
    assert_eq!(
        verify_signature(SECRET, &tampered, Some(&sig)),
        Err(SignatureError::Mismatch)
    );
    assert_eq!(
        verify_signature("whsec_other", &raw, Some(&sig)),
        Err(SignatureError::Mismatch)
    );
    assert_eq!(
        verify_signature(SECRET, &raw, None),
        Err(SignatureError::Missing)
    );
    assert_eq!(
        verify_signature(SECRET, &raw, Some("  ")),
        Err(SignatureError::Missing)
    );
    assert_eq!(
        verify_signature(SECRET, &raw, Some("zz")),
        Err(SignatureError::Malformed)
    );
    assert_eq!(
        verify_signature(SECRET, &raw, Some(&"g".repeat(64))),
        Err(SignatureError::Malformed)
    );
    assert!(matches!(
        verify_and_parse(SECRET, &tampered, Some(&sig)),
        Err(WebhookError::Signature(SignatureError::Mismatch))
    ));
}

#[test]
fn every_event_type_parses_into_its_variant() {
    let cases = [
        ("link.created", json!({"id": "link_1"})),
        ("link.updated", json!({"id": "link_1"})),
        ("link.deleted", json!({"id": "link_1"})),
        (
            "link.clicked",
            json!({"click": {"id": "c1"}, "link": {"id": "link_1"}}),
        ),
        (
            "lead.created",
            json!({"eventName": "Sign up", "customer": {"id": "cus_1"}, "partner": null}),
        ),
        (
            "sale.created",
            json!({"eventName": "Purchase", "sale": {"amount": 4900, "currency": "usd"}}),
        ),
        (
            "partner.enrolled",
            json!({"id": "pn_1", "status": "approved"}),
        ),
        (
            "partner.application_submitted",
            json!({"id": "app_1", "partner": {"id": "pn_1"}}),
        ),
        (
            "partner.merged",
            json!({"sourcePartner": {"id": "pn_1"}, "targetPartner": {"id": "pn_2"}, "targetAlreadyEnrolled": false}),
        ),
        (
            "commission.created",
            json!({"id": "cm_1", "amount": -2500, "partner": {"id": "pn_1", "totalCommissions": 100}}),
        ),
        (
            "bounty.created",
            json!({"id": "bnty_1", "type": "performance", "groups": [{"id": "grp_1"}]}),
        ),
        (
            "bounty.updated",
            json!({"id": "bnty_1", "type": "submission"}),
        ),
        (
            "payout.confirmed",
            json!({"id": "po_1", "amount": 980, "periodStart": "2026-07-01"}),
        ),
        (
            "discount_code.created",
            json!({"id": "dcode_1", "code": "SPRING25", "discount": {"id": "disc_1"}}),
        ),
        ("discount_code.deleted", json!({"id": "dcode_1"})),
    ];
    for (event, data) in cases {
        let raw = body(event, data);
        let parsed = verify_and_parse(SECRET, &raw, Some(&sign(SECRET, &raw))).unwrap();
        assert!(
            !matches!(parsed, WebhookEvent::Unknown(_)),
            "{event} fell back to Unknown"
        );
        assert_eq!(parsed.event_type(), event);
        // Re-serializing keeps the event type and data.
        let back = serde_json::to_value(&parsed).unwrap();
        assert_eq!(back["event"], event);
    }
    let raw = body(
        "partner.merged",
        json!({"sourcePartner": {"id": "pn_1", "email": "a@b.c"}, "targetPartner": {"id": "pn_2"}, "targetAlreadyEnrolled": true}),
    );
    match verify_and_parse(SECRET, &raw, Some(&sign(SECRET, &raw))).unwrap() {
        WebhookEvent::PartnerMerged(w) => {
            assert_eq!(w.id.as_deref(), Some("evt_1"));
            assert_eq!(w.data.target_already_enrolled, Some(true));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn unknown_events_keep_the_raw_json() {
    let raw = body("referral.converted", json!({"anything": [1, 2]}));
    let parsed = verify_and_parse(SECRET, &raw, Some(&sign(SECRET, &raw))).unwrap();
    match &parsed {
        WebhookEvent::Unknown(v) => assert_eq!(v["data"]["anything"], json!([1, 2])),
        other => panic!("{other:?}"),
    }
    assert_eq!(parsed.event_type(), "referral.converted");
    assert!(matches!(
        verify_and_parse(SECRET, b"not json", Some(&sign(SECRET, b"not json"))),
        Err(WebhookError::Parse(_))
    ));
}

#[test]
fn a_known_event_whose_payload_does_not_decode_is_an_error_not_unknown() {
    // `sale.created` whose `data.customer` is an array: matching on
    // `SaleCreated` must not silently miss this sale.
    let raw = body("sale.created", json!({"customer": [1, 2], "sale": {}}));
    let err = verify_and_parse(SECRET, &raw, Some(&sign(SECRET, &raw))).unwrap_err();
    match &err {
        WebhookError::Payload { event, path, .. } => {
            assert_eq!(event, "sale.created");
            assert_eq!(path, "data.customer");
        }
        other => panic!("expected a payload error, got {other:?}"),
    }
    let text = err.to_string();
    assert!(
        text.contains("sale.created") && text.contains("data.customer"),
        "{text}"
    );

    // The same through serde: the message names the event and the path.
    let via_serde = serde_json::from_slice::<WebhookEvent>(&raw).unwrap_err();
    assert!(
        via_serde.to_string().contains("data.customer"),
        "{via_serde}"
    );

    // A known event without its `data` fails too.
    let raw = br#"{"id":"evt_1","event":"sale.created"}"#;
    assert!(matches!(
        dub::webhooks::parse(raw),
        Err(WebhookError::Payload { .. })
    ));
}

#[test]
fn payout_confirmed_types_every_field_of_the_sample() {
    let raw = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/webhook_payout_confirmed.json"
    ))
    .unwrap();
    let WebhookEvent::PayoutConfirmed(w) =
        verify_and_parse(SECRET, &raw, Some(&sign(SECRET, &raw))).unwrap()
    else {
        panic!("not payout.confirmed")
    };
    assert_eq!(w.id.as_deref(), Some("evt_po_1"));
    let p = w.data;
    assert_eq!(p.id.as_deref(), Some("po_1K2J3H4G5F"));
    assert_eq!(p.invoice_id.as_deref(), Some("inv_9Z8Y7X"));
    assert_eq!(p.amount, Some(125_000), "integer cents");
    assert_eq!(p.currency.as_deref(), Some("USD"));
    assert_eq!(p.status.as_deref(), Some("processing"));
    assert_eq!(p.method.as_deref(), Some("connect"));
    assert_eq!(p.description.as_deref(), Some("July commissions"));
    assert_eq!(p.period_start.as_deref(), Some("2026-07-01T00:00:00.000Z"));
    assert_eq!(p.period_end.as_deref(), Some("2026-07-31T23:59:59.999Z"));
    assert_eq!(p.created_at.as_deref(), Some("2026-08-01T11:59:00.000Z"));
    assert_eq!(p.initiated_at.as_deref(), Some("2026-08-01T12:00:00.000Z"));
    assert_eq!(p.paid_at, None);
    assert_eq!(p.mode.as_deref(), Some("internal"));
    assert!(
        p.extra.is_empty(),
        "nothing of the sample left untyped: {:?}",
        p.extra
    );
    let partner = p.partner.unwrap();
    assert_eq!(partner.id.as_deref(), Some("pn_1ABC"));
    assert_eq!(partner.name.as_deref(), Some("Ada Lovelace"));
    assert_eq!(partner.email.as_deref(), Some("ada@example.com"));
    assert_eq!(
        partner.image.as_deref(),
        Some("https://avatar.example/ada.png")
    );
    assert_eq!(partner.country.as_deref(), Some("GB"));
    assert_eq!(partner.tenant_id.as_deref(), Some("ext_42"));
    assert_eq!(partner.status.as_deref(), Some("approved"));
    assert!(partner.extra.is_empty(), "{:?}", partner.extra);
}

#[test]
fn payout_confirmed_with_a_fractional_amount_fails_loudly() {
    let raw = body("payout.confirmed", json!({"id": "po_1", "amount": 12.5}));
    match verify_and_parse(SECRET, &raw, Some(&sign(SECRET, &raw))) {
        Err(WebhookError::Payload { event, path, .. }) => {
            assert_eq!(event, "payout.confirmed");
            assert_eq!(path, "data.amount");
        }
        other => panic!("{other:?}"),
    }
}
