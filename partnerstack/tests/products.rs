//! One wiremock test per product-book and product endpoint.

mod common;

use common::{api, expect, fx};
use partnerstack::{NewProduct, NewProductBook, UpdateProduct, UpdateProductBook};
use serde_json::json;

#[tokio::test]
async fn list_books() {
    let api = api().await;
    expect("GET", "/product-book", fx("products/books.json"))
        .query(&[("limit", "250"), ("keywords", "pro")])
        .mount(&api.mock)
        .await;
    let books = api
        .client
        .product_books()
        .list()
        .keywords("pro")
        .collect_all()
        .await
        .unwrap();
    assert_eq!(books[0].price, Some(4_900));
}

#[tokio::test]
async fn get_book() {
    let api = api().await;
    expect("GET", "/product-book/pro", fx("products/book.json"))
        .mount(&api.mock)
        .await;
    assert_eq!(
        api.client.product_books().get("pro").await.unwrap().key,
        "pb_1"
    );
}

#[tokio::test]
async fn create_book() {
    let api = api().await;
    expect("POST", "/product-book", fx("products/book.json"))
        .body(json!({"name": "Pro plan", "price": 4900, "currency": "USD"}))
        .mount(&api.mock)
        .await;
    api.client
        .product_books()
        .create(&NewProductBook::new("Pro plan").price(4_900).currency("USD"))
        .await
        .unwrap();
}

#[tokio::test]
async fn update_book() {
    let api = api().await;
    expect("PATCH", "/product-book/pb_1", fx("products/book.json"))
        .body(json!({"description": "Monthly"}))
        .mount(&api.mock)
        .await;
    api.client
        .product_books()
        .update("pb_1", &UpdateProductBook::new().description("Monthly"))
        .await
        .unwrap();
}

#[tokio::test]
async fn delete_book() {
    let api = api().await;
    expect(
        "DELETE",
        "/product-book/pb_1",
        json!({"message": "deleted", "status": 200}),
    )
    .mount(&api.mock)
    .await;
    api.client.product_books().delete("pb_1").await.unwrap();
}

#[tokio::test]
async fn list_products() {
    let api = api().await;
    expect("GET", "/products", fx("products/products.json"))
        .query(&[
            ("limit", "250"),
            ("customer_key", "cus_1"),
            ("click_xid", "x1"),
        ])
        .mount(&api.mock)
        .await;
    let products = api
        .client
        .products()
        .list()
        .customer_key("cus_1")
        .click_xid("x1")
        .collect_all()
        .await
        .unwrap();
    assert_eq!(products[0].meta.as_ref().map(|m| m.len()), Some(0));
}

#[tokio::test]
async fn get_product() {
    let api = api().await;
    expect("GET", "/products/sub-1", fx("products/product.json"))
        .mount(&api.mock)
        .await;
    assert_eq!(
        api.client
            .products()
            .get("sub-1")
            .await
            .unwrap()
            .status
            .as_deref(),
        Some("active")
    );
}

#[tokio::test]
async fn create_product() {
    let api = api().await;
    expect("POST", "/products", fx("products/product.json"))
        .body(json!({"product_book_key": "pb_1", "customer_key": "cus_1", "status": "active"}))
        .mount(&api.mock)
        .await;
    api.client
        .products()
        .create(&NewProduct::new("pb_1", "cus_1", "active"))
        .await
        .unwrap();
}

#[tokio::test]
async fn update_product() {
    let api = api().await;
    expect("PATCH", "/products/prod_1", fx("products/product.json"))
        .body(json!({"status": "cancelled"}))
        .mount(&api.mock)
        .await;
    api.client
        .products()
        .update("prod_1", &UpdateProduct::new().status("cancelled"))
        .await
        .unwrap();
}

#[tokio::test]
async fn delete_product() {
    let api = api().await;
    expect(
        "DELETE",
        "/products/prod_1",
        json!({"message": "deleted", "status": 200}),
    )
    .mount(&api.mock)
    .await;
    api.client.products().delete("prod_1").await.unwrap();
}
