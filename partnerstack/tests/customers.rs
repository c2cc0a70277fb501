//! One wiremock test per customer endpoint.

mod common;

use common::{api, expect, fx};
use partnerstack::{NewCustomer, OrderBy, UnixTime, UpdateCustomer};
use serde_json::json;

#[tokio::test]
async fn list_sends_filters() {
    let api = api().await;
    expect("GET", "/customers", fx("customers/list.json"))
        .query(&[
            ("limit", "100"),
            ("partner_key", "ada-lovelace"),
            ("min_created", "1700000000000"),
            ("order_by", "created_at"),
        ])
        .mount(&api.mock)
        .await;
    let page = api
        .client
        .customers()
        .list()
        .limit(100)
        .partner_key("ada-lovelace")
        .min_created(UnixTime::from_millis(1_700_000_000_000))
        .order_by(OrderBy::CreatedAt)
        .send()
        .await
        .unwrap();
    let c = &page.items[0];
    assert_eq!(
        c.customer_key.as_deref(),
        Some("12345"),
        "number where a string is documented"
    );
    assert_eq!(c.test, Some(false), "boolean sent as a string");
    assert_eq!(c.provider_key, None);
    assert!(c.extra.contains_key("unexpected"));
}

#[tokio::test]
async fn get_reads_one() {
    let api = api().await;
    expect("GET", "/customers/cus_1", fx("customers/get.json"))
        .mount(&api.mock)
        .await;
    let c = api.client.customers().get("cus_1").await.unwrap();
    assert_eq!(c.email.as_deref(), Some("buyer@acme.example"));
}

#[tokio::test]
async fn create_posts_required_and_set_fields() {
    let api = api().await;
    expect("POST", "/customers", fx("customers/created.json"))
        .body(json!({"email": "buyer@acme.example", "partner_key": "ada-lovelace", "customer_key": "crm-1", "name": "Acme"}))
        .mount(&api.mock)
        .await;
    let body = NewCustomer::new("buyer@acme.example", "ada-lovelace")
        .customer_key("crm-1")
        .name("Acme");
    let c = api.client.customers().create(&body).await.unwrap();
    assert_eq!(c.key, "cus_new");
}

#[tokio::test]
async fn update_patches() {
    let api = api().await;
    expect("PATCH", "/customers/cus_1", fx("customers/get.json"))
        .body(json!({"name": "Acme Inc."}))
        .mount(&api.mock)
        .await;
    api.client
        .customers()
        .update("cus_1", &UpdateCustomer::default().name("Acme Inc."))
        .await
        .unwrap();
}

#[tokio::test]
async fn delete_deletes() {
    let api = api().await;
    expect(
        "DELETE",
        "/customers/cus_1",
        json!({"message": "Customer deleted", "status": 200}),
    )
    .mount(&api.mock)
    .await;
    api.client.customers().delete("cus_1").await.unwrap();
}
