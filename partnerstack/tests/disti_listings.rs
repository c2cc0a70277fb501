//! One wiremock test per distribution-listing endpoint.

mod common;

use common::{api, expect, fx};

#[tokio::test]
async fn categories_reads_a_bare_array_and_numeric_ids() {
    let api = api().await;
    expect(
        "GET",
        "/disti-listings/categories",
        fx("disti_listings/categories.json"),
    )
    .mount(&api.mock)
    .await;
    let cats = api.client.disti_listings().categories().await.unwrap();
    assert_eq!(cats.len(), 2);
    assert_eq!(cats[0].id.as_deref(), Some("101"));
    assert_eq!(cats[0].product_line.as_deref(), Some("software"));
    assert_eq!(cats[1].id.as_deref(), Some("102"));
    assert_eq!(cats[1].name.as_deref(), Some("CRM"));
    assert_eq!(cats[1].extra["parent_id"], 100);
}

#[tokio::test]
async fn categories_reads_a_page_object() {
    let api = api().await;
    expect(
        "GET",
        "/disti-listings/categories",
        fx("disti_listings/categories_page.json"),
    )
    .mount(&api.mock)
    .await;
    let cats = api.client.disti_listings().categories().await.unwrap();
    assert_eq!(cats.len(), 1);
    assert_eq!(cats[0].slug.as_deref(), Some("security"));
}
