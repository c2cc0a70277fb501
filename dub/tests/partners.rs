//! Wiremock tests of the partner and application endpoints.
mod common;

use common::{expect, fixture, setup};
use dub::models::{
    ApproveApplication, BanPartner, DeactivatePartner, NewPartner, NewPartnerLink, PartnerStatus,
    RejectApplication, UpsertPartnerLink,
};
use serde_json::json;

#[tokio::test]
async fn partners_page_without_newer_required_fields_still_decodes() {
    let (api, client) = setup().await;
    expect(
        &api,
        "GET",
        "/partners",
        &[("status", "approved"), ("page", "1"), ("pageSize", "100")],
        None,
        200,
        fixture("partners_page_lenient.json"),
    )
    .await;
    let page = client
        .partners()
        .list()
        .status("approved")
        .send()
        .await
        .unwrap();
    assert_eq!(page.items.len(), 2);
    let ada = &page.items[0];
    // `programId`, `networkStatus`, `totalCommissions`, `netRevenue` are missing.
    assert_eq!(ada.program_id, None);
    assert_eq!(ada.network_status, None);
    assert_eq!(ada.total_commissions, None);
    assert_eq!(ada.net_revenue, None);
    assert_eq!(ada.total_sale_amount, Some(4900));
    assert_eq!(
        ada.links.as_ref().unwrap()[0].sale_amount,
        Some(4900),
        "string number read"
    );
    assert_eq!(
        ada.extra.get("newSignupField"),
        Some(&json!("kept")),
        "unknown field kept"
    );
    assert!(
        ada.banned_reason.as_ref().unwrap().is_unknown(),
        "unknown enum value kept"
    );
    let grace = &page.items[1];
    assert_eq!(
        grace.status,
        Some(PartnerStatus::Unknown("onboarding".into()))
    );
    assert_eq!(grace.total_clicks, Some(7));
    assert_eq!(grace.total_sale_amount, None);
}

#[tokio::test]
async fn partner_stream_ends_on_a_short_page() {
    let (api, client) = setup().await;
    let page = |n: usize, start: usize| {
        json!(
            (start..start + n)
                .map(|i| json!({"id": format!("pn_{i}")}))
                .collect::<Vec<_>>()
        )
    };
    expect(
        &api,
        "GET",
        "/partners",
        &[("page", "1"), ("pageSize", "2")],
        None,
        200,
        page(2, 0),
    )
    .await;
    expect(
        &api,
        "GET",
        "/partners",
        &[("page", "2"), ("pageSize", "2")],
        None,
        200,
        page(1, 2),
    )
    .await;
    let all = client
        .partners()
        .list()
        .page_size(2)
        .collect_all()
        .await
        .unwrap();
    assert_eq!(all.len(), 3);
}

#[tokio::test]
async fn create_partner_returns_201() {
    let (api, client) = setup().await;
    expect(
        &api,
        "POST",
        "/partners",
        &[],
        Some(json!({"email": "ada@example.com", "name": "Ada", "tenantId": "t_1"})),
        201,
        json!({"id": "pn_1", "name": "Ada"}),
    )
    .await;
    let p = client
        .partners()
        .create(
            &NewPartner::new("ada@example.com")
                .name("Ada")
                .tenant_id("t_1"),
        )
        .await
        .unwrap();
    assert_eq!(p.id, "pn_1");
}

#[tokio::test]
async fn create_partner_link() {
    let (api, client) = setup().await;
    expect(
        &api,
        "POST",
        "/partners/links",
        &[],
        Some(json!({"partnerId": "pn_1", "key": "ada2"})),
        201,
        fixture("link.json"),
    )
    .await;
    client
        .partners()
        .create_link(&NewPartnerLink::new().partner_id("pn_1").key("ada2"))
        .await
        .unwrap();
}

#[tokio::test]
async fn retrieve_partner_links() {
    let (api, client) = setup().await;
    expect(
        &api,
        "GET",
        "/partners/links",
        &[("tenantId", "t_1")],
        None,
        200,
        json!([{"id": "link_1", "clicks": 3}]),
    )
    .await;
    let links = client
        .partners()
        .links()
        .tenant_id("t_1")
        .send()
        .await
        .unwrap();
    assert_eq!(links[0].clicks, Some(3));
}

#[tokio::test]
async fn upsert_partner_link() {
    let (api, client) = setup().await;
    expect(
        &api,
        "PUT",
        "/partners/links/upsert",
        &[],
        Some(json!({"url": "https://example.com", "partnerId": "pn_1"})),
        200,
        fixture("link.json"),
    )
    .await;
    client
        .partners()
        .upsert_link(&UpsertPartnerLink::new("https://example.com").partner_id("pn_1"))
        .await
        .unwrap();
}

#[tokio::test]
async fn partner_analytics_by_group() {
    let (api, client) = setup().await;
    expect(
        &api,
        "GET",
        "/partners/analytics",
        &[
            ("partnerId", "pn_1"),
            ("groupBy", "timeseries"),
            ("interval", "30d"),
        ],
        None,
        200,
        json!([{"start": "2026-01-01", "clicks": 1, "earnings": 100}]),
    )
    .await;
    let r = client
        .partners()
        .analytics()
        .partner_id("pn_1")
        .group_by("timeseries")
        .interval("30d")
        .send()
        .await
        .unwrap();
    assert!(
        matches!(r, dub::resources::PartnerAnalyticsResponse::Timeseries(rows) if rows[0].earnings == Some(100))
    );
}

#[tokio::test]
async fn ban_partner() {
    let (api, client) = setup().await;
    expect(
        &api,
        "POST",
        "/partners/ban",
        &[],
        Some(json!({"partnerId": "pn_1", "reason": "fraud"})),
        200,
        json!({"partnerId": "pn_1"}),
    )
    .await;
    let r = client
        .partners()
        .ban(&BanPartner::new("fraud").partner_id("pn_1"))
        .await
        .unwrap();
    assert_eq!(r.partner_id.as_deref(), Some("pn_1"));
}

#[tokio::test]
async fn deactivate_partner() {
    let (api, client) = setup().await;
    expect(
        &api,
        "POST",
        "/partners/deactivate",
        &[],
        Some(json!({"tenantId": "t_1"})),
        200,
        json!({"partnerId": "pn_1"}),
    )
    .await;
    client
        .partners()
        .deactivate(&DeactivatePartner::new().tenant_id("t_1"))
        .await
        .unwrap();
}

#[tokio::test]
async fn list_partner_applications() {
    let (api, client) = setup().await;
    expect(
        &api,
        "GET",
        "/partners/applications",
        &[("country", "US"), ("page", "1"), ("pageSize", "100")],
        None,
        200,
        json!([{"id": "app_1", "partner": {"id": "pn_9", "status": "pending"}}]),
    )
    .await;
    let apps = client
        .partner_applications()
        .list()
        .country("US")
        .collect_all()
        .await
        .unwrap();
    assert_eq!(
        Some(apps[0].partner.as_ref().unwrap().id.as_str()),
        Some("pn_9")
    );
}

#[tokio::test]
async fn approve_partner_application() {
    let (api, client) = setup().await;
    expect(
        &api,
        "POST",
        "/partners/applications/approve",
        &[],
        Some(json!({"partnerId": "pn_9", "groupId": "grp_1"})),
        200,
        json!({"partnerId": "pn_9"}),
    )
    .await;
    client
        .partner_applications()
        .approve(&ApproveApplication::new("pn_9").group_id("grp_1"))
        .await
        .unwrap();
}

#[tokio::test]
async fn reject_partner_application() {
    let (api, client) = setup().await;
    expect(
        &api,
        "POST",
        "/partners/applications/reject",
        &[],
        Some(json!({"partnerId": "pn_9", "rejectionReason": "other", "flagForFraud": false})),
        200,
        json!({"partnerId": "pn_9"}),
    )
    .await;
    client
        .partner_applications()
        .reject(
            &RejectApplication::new("pn_9")
                .rejection_reason("other")
                .flag_for_fraud(false),
        )
        .await
        .unwrap();
}
