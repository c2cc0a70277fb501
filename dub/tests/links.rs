//! Wiremock tests of the link endpoints.
mod common;

use common::{expect, fixture, setup};
use dub::models::{BulkLinkUpdate, BulkUpdateLinks, NewLink, UpdateLink};
use futures::TryStreamExt;
use serde_json::json;

#[tokio::test]
async fn create_link_posts_the_body() {
    let (api, client) = setup().await;
    expect(
        &api,
        "POST",
        "/links",
        &[],
        Some(json!({"url": "https://example.com", "key": "launch", "tagIds": ["tag_1", "tag_2"], "trackConversion": true})),
        200,
        fixture("link.json"),
    )
    .await;
    let link = client
        .links()
        .create(
            &NewLink::new("https://example.com")
                .key("launch")
                .tag_ids(["tag_1", "tag_2"])
                .track_conversion(true),
        )
        .await
        .unwrap();
    assert_eq!(link.id, "link_1");
    assert_eq!(link.sale_amount, Some(4900));
    assert_eq!(
        link.tags.unwrap()[0].color,
        Some(dub::models::TagColor::Blue)
    );
}

#[tokio::test]
async fn list_links_sends_comma_arrays_booleans_and_the_max_page_size() {
    let (api, client) = setup().await;
    expect(
        &api,
        "GET",
        "/links",
        &[
            ("domain", "dub.sh"),
            ("tagIds", "tag_1,tag_2"),
            ("showArchived", "true"),
            ("pageSize", "100"),
        ],
        None,
        200,
        json!([fixture("link.json")]),
    )
    .await;
    let page = client
        .links()
        .list()
        .domain("dub.sh")
        .tag_ids(["tag_1", "tag_2"])
        .show_archived(true)
        .send()
        .await
        .unwrap();
    assert_eq!(page.items.len(), 1);
}

#[tokio::test]
async fn link_stream_pages_with_starting_after_the_last_id() {
    let (api, client) = setup().await;
    let page = |start: usize, n: usize| {
        json!(
            (start..start + n)
                .map(|i| json!({"id": format!("link_{i}")}))
                .collect::<Vec<_>>()
        )
    };
    expect(
        &api,
        "GET",
        "/links",
        &[("pageSize", "2")],
        None,
        200,
        page(1, 2),
    )
    .await;
    expect(
        &api,
        "GET",
        "/links",
        &[("pageSize", "2"), ("startingAfter", "link_2")],
        None,
        200,
        page(3, 2),
    )
    .await;
    expect(
        &api,
        "GET",
        "/links",
        &[("pageSize", "2"), ("startingAfter", "link_4")],
        None,
        200,
        page(5, 1),
    )
    .await;
    let all: Vec<_> = client
        .links()
        .list()
        .page_size(2)
        .stream()
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<_> = all.iter().map(|l| l.id.clone()).collect();
    assert_eq!(ids, ["link_1", "link_2", "link_3", "link_4", "link_5"]);
}

#[tokio::test]
async fn cursor_with_page_and_pages_above_1000_are_refused_before_sending() {
    let (_api, client) = setup().await;
    let err = client
        .links()
        .list()
        .starting_after("link_1")
        .page(2)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, dub::Error::InvalidInput { .. }), "{err}");
    let err = client.links().list().page(1001).send().await.unwrap_err();
    assert!(err.to_string().contains("starting_after"), "{err}");
    let err = client
        .customers()
        .list()
        .starting_after("cus_1")
        .sort_by("saleAmount")
        .send()
        .await
        .unwrap_err();
    assert!(err.to_string().contains("createdAt"), "{err}");
}

#[tokio::test]
async fn count_links_reads_a_number_or_grouped_rows() {
    let (api, client) = setup().await;
    expect(
        &api,
        "GET",
        "/links/count",
        &[("search", "launch")],
        None,
        200,
        json!(42),
    )
    .await;
    expect(
        &api,
        "GET",
        "/links/count",
        &[("groupBy", "domain")],
        None,
        200,
        json!([{"domain": "dub.sh", "_count": 3}]),
    )
    .await;
    let n = client
        .links()
        .count()
        .search("launch")
        .send()
        .await
        .unwrap();
    assert_eq!(n, dub::resources::LinksCount::Total(42));
    let g = client
        .links()
        .count()
        .group_by("domain")
        .send()
        .await
        .unwrap();
    assert!(matches!(g, dub::resources::LinksCount::Grouped(rows) if rows.len() == 1));
}

#[tokio::test]
async fn get_link_info_by_external_id() {
    let (api, client) = setup().await;
    expect(
        &api,
        "GET",
        "/links/info",
        &[("externalId", "ext_crm_9")],
        None,
        200,
        fixture("link.json"),
    )
    .await;
    let link = client
        .links()
        .get()
        .external_id("ext_crm_9")
        .send()
        .await
        .unwrap();
    assert_eq!(link.external_id.as_deref(), Some("crm_9"));
}

#[tokio::test]
async fn update_link_by_external_id_in_the_path() {
    let (api, client) = setup().await;
    expect(
        &api,
        "PATCH",
        "/links/ext_crm_9",
        &[],
        Some(json!({"archived": true})),
        200,
        fixture("link.json"),
    )
    .await;
    client
        .links()
        .update("ext_crm_9", &UpdateLink::new().archived(true))
        .await
        .unwrap();
}

#[tokio::test]
async fn delete_link_and_empty_ids_are_refused() {
    let (api, client) = setup().await;
    expect(
        &api,
        "DELETE",
        "/links/link_1",
        &[],
        None,
        200,
        json!({"id": "link_1"}),
    )
    .await;
    let d = client.links().delete("link_1").await.unwrap();
    assert_eq!(d.id, "link_1");
    let err = client.links().delete("").await.unwrap_err();
    assert!(matches!(err, dub::Error::InvalidInput { .. }));
}

#[tokio::test]
async fn bulk_create_separates_links_from_errors() {
    let (api, client) = setup().await;
    expect(
        &api,
        "POST",
        "/links/bulk",
        &[],
        Some(json!([{"url": "https://example.com/a"}, {"url": "https://example.com/b", "key": "taken"}, {"url": "not a url"}])),
        200,
        fixture("bulk_create.json"),
    )
    .await;
    let result = client
        .links()
        .create_many(&[
            NewLink::new("https://example.com/a"),
            NewLink::new("https://example.com/b").key("taken"),
            NewLink::new("not a url"),
        ])
        .await
        .unwrap();
    assert_eq!(result.created.len(), 1);
    assert_eq!(result.errors.len(), 2);
    assert_eq!(
        result.errors[0].code,
        Some(dub::models::LinkErrorCode::Conflict)
    );
    assert!(result.errors[1].code.as_ref().unwrap().is_unknown());
    let too_many: Vec<NewLink> = (0..101)
        .map(|i| NewLink::new(format!("https://e.com/{i}")))
        .collect();
    assert!(client.links().create_many(&too_many).await.is_err());
}

#[tokio::test]
async fn bulk_update_links() {
    let (api, client) = setup().await;
    expect(
        &api,
        "PATCH",
        "/links/bulk",
        &[],
        Some(json!({"linkIds": ["link_1", "link_2"], "data": {"archived": true}})),
        200,
        json!([fixture("link.json")]),
    )
    .await;
    let body =
        BulkUpdateLinks::new(BulkLinkUpdate::new().archived(true)).link_ids(["link_1", "link_2"]);
    let links = client.links().update_many(&body).await.unwrap();
    assert_eq!(links.len(), 1);
}

#[tokio::test]
async fn bulk_delete_links_sends_ids_comma_joined() {
    let (api, client) = setup().await;
    expect(
        &api,
        "DELETE",
        "/links/bulk",
        &[("linkIds", "link_1,link_2")],
        None,
        200,
        json!({"deletedCount": 2}),
    )
    .await;
    let r = client
        .links()
        .delete_many(["link_1", "link_2"])
        .await
        .unwrap();
    assert_eq!(r.deleted_count, Some(2));
}

#[tokio::test]
async fn upsert_link_is_a_put() {
    let (api, client) = setup().await;
    expect(
        &api,
        "PUT",
        "/links/upsert",
        &[],
        Some(json!({"url": "https://example.com"})),
        200,
        fixture("link.json"),
    )
    .await;
    client
        .links()
        .upsert(&NewLink::new("https://example.com"))
        .await
        .unwrap();
}
