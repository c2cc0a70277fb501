//! Wiremock tests of commissions, clawbacks and payouts.
mod common;

use common::{expect, fixture, setup};
use dub::models::{
    BulkUpdateCommissions, ClawbackReason, NewCommission, NewCommissionSale, UpdateCommission,
};
use serde_json::json;

#[tokio::test]
async fn create_sale_commission_answers_202() {
    let (api, client) = setup().await;
    expect(
        &api,
        "POST",
        "/commissions",
        &[],
        Some(json!({"type": "sale", "partnerId": "pn_1", "saleAmount": 4900, "invoiceId": "in_1"})),
        202,
        json!({"success": true, "message": "queued"}),
    )
    .await;
    let body = NewCommission::Sale(
        NewCommissionSale::new("pn_1")
            .sale_amount(4900)
            .invoice_id("in_1"),
    );
    let r = client.commissions().create(&body).await.unwrap();
    assert_eq!(r.success, Some(true));
}

#[tokio::test]
async fn clawback_sends_a_negative_custom_commission_with_a_reason() {
    let (api, client) = setup().await;
    expect(
        &api,
        "POST",
        "/commissions",
        &[],
        Some(json!({"type": "custom", "partnerId": "pn_1", "amount": -2500, "description": "order_canceled"})),
        202,
        json!({"success": true, "message": "queued"}),
    )
    .await;
    client
        .commissions()
        .clawback("pn_1", 2500, ClawbackReason::OrderCanceled)
        .await
        .unwrap();
    let zero = client
        .commissions()
        .clawback("pn_1", 0, ClawbackReason::Fraud)
        .await;
    assert!(matches!(zero, Err(dub::Error::InvalidInput { .. })));
    let no_reason = NewCommission::Custom(dub::models::NewCommissionCustom::new("pn_1", -10));
    assert!(client.commissions().create(&no_reason).await.is_err());
}

#[tokio::test]
async fn create_commission_is_not_retried_after_a_500() {
    let (api, client) = setup().await;
    expect(
        &api,
        "POST",
        "/commissions",
        &[],
        None,
        500,
        json!({"error": {"code": "internal_server_error", "message": "boom"}}),
    )
    .await;
    let body = NewCommission::Sale(NewCommissionSale::new("pn_1"));
    let err = client.commissions().create(&body).await.unwrap_err();
    assert_eq!(
        dub::ErrorCode::of(&err),
        Some(dub::ErrorCode::InternalServerError)
    );
}

#[tokio::test]
async fn list_commissions_by_cursor_with_filters() {
    let (api, client) = setup().await;
    expect(
        &api,
        "GET",
        "/commissions",
        &[
            ("status", "pending"),
            ("partnerId", "pn_1"),
            ("pageSize", "100"),
        ],
        None,
        200,
        json!([fixture("commission.json")]),
    )
    .await;
    let all = client
        .commissions()
        .list()
        .status("pending")
        .partner_id("pn_1")
        .collect_all()
        .await
        .unwrap();
    assert_eq!(all[0].earnings, Some(980));
    assert_eq!(
        all[0].customer.as_ref().unwrap().external_id.as_deref(),
        Some("user_42")
    );
}

#[tokio::test]
async fn update_commission() {
    let (api, client) = setup().await;
    expect(
        &api,
        "PATCH",
        "/commissions/cm_1",
        &[],
        Some(json!({"status": "refunded"})),
        200,
        fixture("commission.json"),
    )
    .await;
    client
        .commissions()
        .update("cm_1", &UpdateCommission::new().status("refunded"))
        .await
        .unwrap();
}

#[tokio::test]
async fn bulk_update_commissions() {
    let (api, client) = setup().await;
    expect(
        &api,
        "PATCH",
        "/commissions/bulk",
        &[],
        Some(json!({"commissionIds": ["cm_1", "cm_2"], "status": "canceled"})),
        200,
        json!([{"id": "cm_1", "status": "canceled"}]),
    )
    .await;
    let r = client
        .commissions()
        .update_many(&BulkUpdateCommissions::new(["cm_1", "cm_2"], "canceled"))
        .await
        .unwrap();
    assert_eq!(r.len(), 1);
}

#[tokio::test]
async fn list_payouts() {
    let (api, client) = setup().await;
    expect(
        &api,
        "GET",
        "/payouts",
        &[
            ("status", "pending"),
            ("sortBy", "paidAt"),
            ("page", "1"),
            ("pageSize", "100"),
        ],
        None,
        200,
        json!([fixture("payout.json")]),
    )
    .await;
    let payouts = client
        .payouts()
        .list()
        .status("pending")
        .sort_by("paidAt")
        .collect_all()
        .await
        .unwrap();
    assert_eq!(payouts[0].currency.as_deref(), Some("USD"));
}
