//! One wiremock test per transaction endpoint.

mod common;

use common::{api, expect, fx};
use partnerstack::{CustomerRef, Error, NewTransaction, StringOrObject, UnixTime};
use serde_json::json;

#[tokio::test]
async fn list_accepts_product_key_as_object_or_string() {
    let api = api().await;
    expect("GET", "/transactions", fx("transactions/list.json"))
        .query(&[
            ("limit", "250"),
            ("max_created", "1800000000000"),
            ("customer_key", "cus_1"),
        ])
        .mount(&api.mock)
        .await;
    let all = api
        .client
        .transactions()
        .list()
        .max_created(UnixTime::from_millis(1_800_000_000_000))
        .customer_key("cus_1")
        .collect_all()
        .await
        .unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].amount, Some(4_900), "amount sent as a string");
    assert_eq!(all[0].approved, Some(true));
    assert!(matches!(
        all[0].product_key,
        Some(StringOrObject::Object(_))
    ));
    assert_eq!(
        all[0].product_key.as_ref().unwrap().as_str(),
        Some("prod_abc")
    );
    assert_eq!(
        all[1].product_key,
        Some(StringOrObject::String("pro-annual".into()))
    );
    assert_eq!(all[1].amount, Some(-4_900));
    assert_eq!(all[0].customer.as_ref().unwrap().external_key, None);
}

#[tokio::test]
async fn get_reads_one() {
    let api = api().await;
    expect("GET", "/transactions/tran_1", fx("transactions/get.json"))
        .mount(&api.mock)
        .await;
    let t = api.client.transactions().get("tran_1").await.unwrap();
    assert_eq!(t.currency.as_deref(), Some("USD"));
}

#[tokio::test]
async fn create_posts_one_customer_reference() {
    let api = api().await;
    expect("POST", "/transactions", fx("transactions/created.json"))
        .body(json!({
            "customer_email": "buyer@acme.example", "amount": 4900, "currency": "USD",
            "key": "inv_1", "product_key": "pro-annual", "created_at": 1700000000000i64
        }))
        .mount(&api.mock)
        .await;
    let body = NewTransaction::new(
        CustomerRef::Email("buyer@acme.example".into()),
        4_900,
        "USD",
    )
    .key("inv_1")
    .product_key("pro-annual")
    .created_at(UnixTime::from_secs(1_700_000_000));
    let t = api.client.transactions().create(&body).await.unwrap();
    assert_eq!(t.key, "tran_new");
}

#[tokio::test]
async fn create_rejects_bad_input_before_sending() {
    let api = api().await;
    for body in [
        NewTransaction::new(CustomerRef::Key("cus_1".into()), 100, "DOLLARS"),
        NewTransaction::new(CustomerRef::Key("cus_1".into()), 60_000_000_000, "USD"),
    ] {
        let e = api.client.transactions().create(&body).await.unwrap_err();
        assert!(matches!(e, Error::InvalidInput { .. }), "{e}");
    }
    assert!(api.mock.received().await.is_empty());
}

#[tokio::test]
async fn delete_deletes() {
    let api = api().await;
    expect(
        "DELETE",
        "/transactions/tran_1",
        json!({"message": "deleted", "status": 200}),
    )
    .mount(&api.mock)
    .await;
    api.client.transactions().delete("tran_1").await.unwrap();
}
