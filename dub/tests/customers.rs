//! Wiremock tests of the customer endpoints.
mod common;

use common::{expect, fixture, setup};
use dub::models::UpdateCustomer;
use serde_json::json;

#[tokio::test]
async fn list_customers_pages_by_cursor() {
    let (api, client) = setup().await;
    let mut second = fixture("customer.json");
    second["id"] = json!("cus_2");
    expect(
        &api,
        "GET",
        "/customers",
        &[
            ("email", "sam@example.com"),
            ("includeExpandedFields", "true"),
            ("pageSize", "1"),
        ],
        None,
        200,
        json!([fixture("customer.json")]),
    )
    .await;
    expect(
        &api,
        "GET",
        "/customers",
        &[
            ("email", "sam@example.com"),
            ("includeExpandedFields", "true"),
            ("pageSize", "1"),
            ("startingAfter", "cus_1"),
        ],
        None,
        200,
        json!([second]),
    )
    .await;
    expect(
        &api,
        "GET",
        "/customers",
        &[
            ("email", "sam@example.com"),
            ("includeExpandedFields", "true"),
            ("pageSize", "1"),
            ("startingAfter", "cus_2"),
        ],
        None,
        200,
        json!([]),
    )
    .await;
    let all = client
        .customers()
        .list()
        .email("sam@example.com")
        .include_expanded_fields(true)
        .page_size(1)
        .collect_all()
        .await
        .unwrap();
    assert_eq!(all.len(), 2);
}

#[tokio::test]
async fn sorting_by_amount_pages_by_number() {
    let (api, client) = setup().await;
    expect(
        &api,
        "GET",
        "/customers",
        &[("sortBy", "saleAmount"), ("page", "1"), ("pageSize", "100")],
        None,
        200,
        json!([fixture("customer.json")]),
    )
    .await;
    let all = client
        .customers()
        .list()
        .sort_by("saleAmount")
        .collect_all()
        .await
        .unwrap();
    assert_eq!(all.len(), 1);
}

#[tokio::test]
async fn get_customer_by_external_id() {
    let (api, client) = setup().await;
    expect(
        &api,
        "GET",
        "/customers/ext_user_42",
        &[("includeExpandedFields", "false")],
        None,
        200,
        fixture("customer.json"),
    )
    .await;
    let c = client
        .customers()
        .get("ext_user_42")
        .include_expanded_fields(false)
        .send()
        .await
        .unwrap();
    assert_eq!(c.external_id.as_deref(), Some("user_42"));
}

#[tokio::test]
async fn update_customer() {
    let (api, client) = setup().await;
    expect(
        &api,
        "PATCH",
        "/customers/cus_1",
        &[],
        Some(json!({"name": "Samuel"})),
        200,
        fixture("customer.json"),
    )
    .await;
    client
        .customers()
        .update("cus_1", &UpdateCustomer::new().name("Samuel"))
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn delete_customer() {
    let (api, client) = setup().await;
    expect(
        &api,
        "DELETE",
        "/customers/cus_1",
        &[],
        None,
        200,
        json!({"id": "cus_1"}),
    )
    .await;
    client.customers().delete("cus_1").await.unwrap();
}
