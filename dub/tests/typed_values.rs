//! Typed values in the generated models: timestamps are
//! `affiliate_common::Timestamp`, money is integer cents, counts are
//! integers, and a resource's own id is a plain `String` that must be there.

use dub::models::{Commission, Customer};
use serde_json::{Value, json};

fn customer(v: Value) -> Customer {
    serde_json::from_value(v).expect("a customer")
}

#[test]
fn a_timestamp_field_reads_rfc3339_epoch_seconds_and_milliseconds_and_keeps_garbage() {
    let at = |v: Value| customer(json!({"id": "cus_1", "createdAt": v})).created_at;
    let rfc = at(json!("2024-01-31T12:00:00Z")).unwrap();
    let secs = at(json!(1_706_702_400)).unwrap();
    let millis = at(json!(1_706_702_400_000_i64)).unwrap();
    assert_eq!(rfc.unix_millis(), Some(1_706_702_400_000));
    assert_eq!(secs, rfc);
    assert_eq!(millis, rfc);

    let odd = at(json!("last tuesday")).expect("unreadable text is kept, not refused");
    assert_eq!(odd.instant(), None);
    assert_eq!(odd.raw(), Some("last tuesday"));
    assert_eq!(at(json!(null)), None);
    assert_eq!(at(json!("")), None);

    // Written back exactly as read.
    let c = customer(json!({"id": "cus_1", "createdAt": "2024-01-31T04:00:00-08:00"}));
    assert_eq!(
        serde_json::to_value(&c).unwrap()["createdAt"],
        "2024-01-31T04:00:00-08:00"
    );
}

#[test]
fn money_is_integer_cents_and_counts_are_integers() {
    let c: Commission = serde_json::from_value(json!({
        "id": "cm_1", "amount": 4900, "earnings": 980.0, "quantity": "2"
    }))
    .unwrap();
    assert_eq!(c.amount, Some(4900_i64));
    assert_eq!(c.earnings, Some(980_i64), "a whole float reads as cents");
    assert_eq!(c.quantity, Some(2_i64));
    let back = serde_json::to_value(&c).unwrap();
    assert_eq!(back["amount"], json!(4900), "sent as an integer");

    let cus = customer(json!({"id": "cus_1", "sales": 413.0, "saleAmount": 12_345}));
    assert_eq!(cus.sales, Some(413));
    assert_eq!(cus.sale_amount, Some(12_345));
}

#[test]
fn a_resource_id_is_a_plain_string() {
    let c = customer(json!({"id": "cus_1"}));
    let id: &String = &c.id;
    assert_eq!(id, "cus_1");
    let numeric = customer(json!({"id": 42}));
    assert_eq!(numeric.id, "42");
}

#[test]
fn a_record_without_its_id_fails_naming_the_path() {
    let page = json!([{"id": "cus_1"}, {"name": "no id"}]);
    let err = serde_path_to_error::deserialize::<_, Vec<Customer>>(page).unwrap_err();
    assert_eq!(err.path().to_string(), "[1]");
    assert!(
        err.inner().to_string().contains("missing field `id`"),
        "{err}"
    );

    let null = serde_path_to_error::deserialize::<_, Vec<Customer>>(json!([{"id": null}]));
    assert!(null.is_err(), "a null id is refused too");
}
