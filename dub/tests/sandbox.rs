//! End-to-end tests against the in-process sandbox (feature `sandbox`).
#![cfg(feature = "sandbox")]

use affiliate_common::sandbox::Fault;
use dub::models::{NewLink, TrackSale};

#[tokio::test]
async fn every_pagination_style_returns_every_seeded_record() {
    let dub::sandbox::Running {
        sandbox: _sandbox,
        client,
        ..
    } = dub::sandbox::start().await.unwrap();
    assert_eq!(
        client.partners().list().collect_all().await.unwrap().len(),
        230
    );
    assert_eq!(
        client
            .partners()
            .list()
            .page_size(7)
            .collect_all()
            .await
            .unwrap()
            .len(),
        230
    );
    let links = client
        .links()
        .list()
        .page_size(50)
        .collect_all()
        .await
        .unwrap();
    assert_eq!(links.len(), 230);
    let mut ids: Vec<_> = links.iter().map(|l| l.id.clone()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 230, "no repeats");
    assert_eq!(
        client.customers().list().collect_all().await.unwrap().len(),
        150
    );
    assert_eq!(
        client
            .commissions()
            .list()
            .status("paid")
            .collect_all()
            .await
            .unwrap()
            .len(),
        80
    );
    assert_eq!(
        client.payouts().list().collect_all().await.unwrap().len(),
        45
    );
}

#[tokio::test]
async fn creates_and_upserts_persist_and_duplicates_are_reported() {
    let dub::sandbox::Running {
        sandbox: _sandbox,
        client,
        ..
    } = dub::sandbox::start().await.unwrap();
    client
        .links()
        .create(&NewLink::new("https://example.com/x").key("x"))
        .await
        .unwrap();
    let err = client
        .links()
        .create(&NewLink::new("https://example.com/y").key("x"))
        .await
        .unwrap_err();
    assert_eq!(dub::ErrorCode::of(&err), Some(dub::ErrorCode::Conflict));
    let a = client
        .links()
        .upsert(&NewLink::new("https://example.com/x"))
        .await
        .unwrap();
    assert_eq!(a.key.as_deref(), Some("x"));
    assert_eq!(
        client.links().list().collect_all().await.unwrap().len(),
        231
    );
}

#[tokio::test]
async fn faults_rate_limit_headers_and_sale_deduplication() {
    let dub::sandbox::Running {
        sandbox: s, client, ..
    } = dub::sandbox::start().await.unwrap();
    s.faults().fail_next(1, Fault::rate_limited(1));
    s.faults().fail_next(1, Fault::Status(503));
    let sale = TrackSale::new("user_1", 100).invoice_id("in_x");
    let first = client.track().sale(&sale).await.unwrap();
    let again = client.track().sale(&sale).await.unwrap();
    assert_eq!(first, again);
    let info = client.last_rate_limit().unwrap();
    assert_eq!(info.limit, Some(1200));
    assert!(
        info.reset.unwrap() <= std::time::Duration::from_secs(60),
        "epoch-ms read as a wait"
    );
    s.faults().fail_next(1, Fault::Status(502));
    let err = client
        .commissions()
        .clawback("pn_000001", 100, "fraud")
        .await
        .unwrap_err();
    assert_eq!(
        err.status().map(|s| s.as_u16()),
        Some(502),
        "POST not retried, edge 502 kept"
    );
}

/// The id, key and url of a model, read through its JSON form (so the test
/// does not depend on whether the id field is optional).
fn field(v: &impl serde::Serialize, name: &str) -> String {
    serde_json::to_value(v).unwrap()[name]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn links_listed_can_be_read_updated_and_deleted_by_id() {
    let running = dub::sandbox::start().await.unwrap();
    let client = &running.client;
    let listed = client.links().list().page_size(5).send().await.unwrap();
    let first = listed.items.into_iter().next().expect("a seeded link");
    let id = field(&first, "id");
    assert_eq!(running.api.ids("links").unwrap()[0], id);

    // GET /links/info by id, and by domain and key.
    let by_id = client.links().get().link_id(&id).await.unwrap();
    assert_eq!(field(&by_id, "id"), id);
    let by_key = client
        .links()
        .get()
        .domain(field(&first, "domain"))
        .key(field(&first, "key"))
        .await
        .unwrap();
    assert_eq!(field(&by_key, "id"), id);

    // PATCH /links/{linkId} keeps the change, and the list serves it.
    let mut patch = dub::models::UpdateLink::new();
    patch.url = Some("https://example.com/changed".into());
    patch.key = Some("changed-key".into());
    let updated = client.links().update(&id, &patch).await.unwrap();
    assert_eq!(field(&updated, "id"), id);
    assert_eq!(field(&updated, "url"), "https://example.com/changed");
    assert!(field(&updated, "shortLink").ends_with("/changed-key"));
    let again = client.links().get().link_id(&id).await.unwrap();
    assert_eq!(field(&again, "url"), "https://example.com/changed");

    // DELETE /links/{linkId} answers the id; the link is gone after.
    let deleted = client.links().delete(&id).await.unwrap();
    assert_eq!(field(&deleted, "id"), id);
    assert!(!running.api.ids("links").unwrap().contains(&id));
    let gone = client.links().get().link_id(&id).await.unwrap_err();
    assert_eq!(gone.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(dub::ErrorCode::of(&gone), Some(dub::ErrorCode::NotFound));
    let gone = client.links().delete(&id).await.unwrap_err();
    assert_eq!(gone.status().map(|s| s.as_u16()), Some(404));
}

#[tokio::test]
async fn customers_listed_can_be_read_updated_and_deleted_by_id() {
    let running = dub::sandbox::start().await.unwrap();
    let client = &running.client;
    let id = running.api.ids("customers").unwrap()[3].clone();
    let got = client.customers().get(&id).await.unwrap();
    assert_eq!(field(&got, "id"), id);
    let mut patch = dub::models::UpdateCustomer::new();
    patch.name = Some("Renamed Customer".into());
    let updated = client.customers().update(&id, &patch).await.unwrap();
    assert_eq!(field(&updated, "id"), id);
    assert_eq!(field(&updated, "name"), "Renamed Customer");
    let ext = field(&updated, "externalId");
    if !ext.is_empty() {
        let by_ext = client.customers().get(format!("ext_{ext}")).await.unwrap();
        assert_eq!(field(&by_ext, "name"), "Renamed Customer");
    }
    let deleted = client.customers().delete(&id).await.unwrap();
    assert_eq!(field(&deleted, "id"), id);
    let gone = client.customers().get(&id).await.unwrap_err();
    assert_eq!(gone.status().map(|s| s.as_u16()), Some(404));
}

#[tokio::test]
async fn a_route_the_sandbox_does_not_model_is_501_sandbox_unsupported_not_404() {
    let running = dub::sandbox::start().await.unwrap();
    let err = running
        .client
        .get_json("no-such-resource", &[])
        .await
        .unwrap_err();
    let api = err.api_error().expect("an API error");
    assert_eq!(api.status.as_u16(), 501);
    assert_eq!(api.code.as_deref(), Some("sandbox_unsupported"));
    assert!(!err.is_retryable());
    assert_eq!(
        err.to_string(),
        "GET /no-such-resource answered 501 Not Implemented with code sandbox_unsupported: \
         The sandbox does not serve GET /no-such-resource"
    );
}
