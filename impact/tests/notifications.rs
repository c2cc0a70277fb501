//! Partner event notifications: POST bodies and GET query strings decode
//! into one typed notification; a documented key of the wrong shape fails
//! with its JSON path; an unknown status is kept.

use impact_com::notifications::{self, NotificationError, NotificationStatus};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/notifications/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

#[test]
fn post_body_decodes_every_documented_field() {
    let n = notifications::parse(&fixture("approved.json")).unwrap();
    assert_eq!(n.campaign_id.as_deref(), Some("10306"));
    assert_eq!(n.action_id.as_deref(), Some("1234567890"));
    assert_eq!(n.status, Some(NotificationStatus::Approved));
    assert_eq!(n.payout.as_deref(), Some("5.00"), "kept as decimal text");
    assert_eq!(n.items.len(), 2);
    assert_eq!(n.items[0].sku.as_deref(), Some("APP-0016"));
    assert_eq!(n.items[0].amt.as_deref(), Some("719.10"));
    // Numbers are read as their text.
    assert_eq!(n.items[1].qty.as_deref(), Some("2"));
    assert_eq!(n.items[1].amt.as_deref(), Some("10.5"));
    assert_eq!(n.items[1].extra["category"], "apps");
    assert_eq!(n.extra["sub_id1"], "newsletter");
    assert_eq!(n.extra.len(), 1);
}

#[test]
fn unknown_status_is_kept() {
    let n = notifications::parse(&fixture("unknown_status.json")).unwrap();
    assert_eq!(
        n.status,
        Some(NotificationStatus::Unknown("CLAWED_BACK".into()))
    );
    assert_eq!(n.campaign_id.as_deref(), Some("10306"));
    assert!(n.items.is_empty());
}

#[test]
fn a_documented_key_of_the_wrong_shape_names_its_path() {
    let err = notifications::parse(&fixture("bad_item.json")).unwrap_err();
    assert_eq!(
        err,
        NotificationError::Field {
            path: "items[1].amt".into(),
            expected: "a string or a number"
        }
    );
    assert!(err.to_string().contains("items[1].amt"), "{err}");
    let err =
        notifications::parse(br#"{"status": "APPROVED", "items": {"sku": "x"}}"#).unwrap_err();
    assert!(matches!(err, NotificationError::Field { ref path, .. } if path == "items"));
    let err = notifications::parse(br#"{"payout": true}"#).unwrap_err();
    assert!(matches!(err, NotificationError::Field { ref path, .. } if path == "payout"));
}

#[test]
fn not_an_object_is_an_error() {
    assert!(matches!(
        notifications::parse(b"[1, 2]"),
        Err(NotificationError::NotAnObject(_))
    ));
    assert!(matches!(
        notifications::parse(b"campaign_id=1"),
        Err(NotificationError::NotAnObject(_))
    ));
}

#[test]
fn get_query_decodes_and_percent_decodes() {
    let n = notifications::parse_query(
        "?campaign_id=10306&action_id=1234567890&status=PENDING&payout=5.00&note=a%20b",
    )
    .unwrap();
    assert_eq!(n.campaign_id.as_deref(), Some("10306"));
    assert_eq!(n.status, Some(NotificationStatus::Pending));
    assert_eq!(n.payout.as_deref(), Some("5.00"));
    assert_eq!(n.extra["note"], "a b");
    assert!(n.items.is_empty());
}

#[test]
fn get_query_with_a_repeated_documented_key_is_an_error() {
    let err = notifications::parse_query("status=APPROVED&status=REVERSED").unwrap_err();
    assert!(matches!(err, NotificationError::Field { ref path, .. } if path == "status"));
}
