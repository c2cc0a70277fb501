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
    let mut ids: Vec<_> = links.iter().map(|l| l.id.clone().unwrap()).collect();
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
