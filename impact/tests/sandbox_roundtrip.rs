//! The sandbox's main resources round-trip through the typed client:
//! campaigns list and read back, a submitted conversion becomes a pending
//! action that lists, reads, changes amount and is reversed.

use impact_com::models::brand::{
    ActionModificationRequest, ActionReversalRequest, ActionReversalRequestDispositionCode,
    ConversionPayload,
};
use impact_com::sandbox::{SANDBOX_ACCOUNT_SID, SANDBOX_CAMPAIGN_ID, SANDBOX_EVENT_TYPE_ID};

#[tokio::test]
async fn every_listed_campaign_reads_back_by_its_id() {
    let running = impact_com::sandbox::start().await.unwrap();
    let brand = running.client.brand(SANDBOX_ACCOUNT_SID);
    let campaigns = brand.campaigns().list().collect_all().await.unwrap();
    assert!(!campaigns.is_empty());
    for c in &campaigns {
        let one = brand.campaigns().get(&c.id).await.unwrap();
        assert_eq!(
            (one.id.as_str(), one.name.as_deref()),
            (c.id.as_str(), c.name.as_deref())
        );
    }
    let missing = brand.campaigns().get("999999").await.unwrap_err();
    assert_eq!(missing.status().map(|s| s.as_u16()), Some(404));
}

#[tokio::test]
async fn a_conversion_becomes_an_action_that_is_read_changed_and_reversed() {
    let running = impact_com::sandbox::start().await.unwrap();
    let brand = running.client.brand(SANDBOX_ACCOUNT_SID);
    let before = brand
        .actions()
        .list(SANDBOX_CAMPAIGN_ID)
        .collect_all()
        .await
        .unwrap();
    brand
        .conversions()
        .submit(
            &ConversionPayload::new(
                SANDBOX_EVENT_TYPE_ID,
                "NOW",
                SANDBOX_CAMPAIGN_ID,
                "ORDER-RT-1",
            )
            .amount(42.5),
        )
        .await
        .unwrap();
    let after = brand
        .actions()
        .list(SANDBOX_CAMPAIGN_ID)
        .collect_all()
        .await
        .unwrap();
    assert_eq!(after.len(), before.len() + 1);
    let made = after
        .iter()
        .find(|a| a.oid.as_deref() == Some("ORDER-RT-1"))
        .expect("the conversion is listed as an action");
    assert_eq!(made.state.as_ref().map(|s| s.as_str()), Some("PENDING"));
    assert_eq!(made.amount, Some(42.5));

    let read = brand.actions().get(&made.id).await.unwrap();
    assert_eq!(read.oid.as_deref(), Some("ORDER-RT-1"));

    brand
        .actions()
        .update(
            &ActionModificationRequest::new()
                .action_id(&made.id)
                .amount(30.0),
        )
        .await
        .unwrap();
    assert_eq!(
        brand.actions().get(&made.id).await.unwrap().amount,
        Some(30.0)
    );

    brand
        .actions()
        .reverse(
            &ActionReversalRequest::new(ActionReversalRequestDispositionCode::ItemReturned)
                .order_id("ORDER-RT-1"),
        )
        .await
        .unwrap();
    let reversed = brand.actions().get(&made.id).await.unwrap();
    assert_eq!(
        reversed.state.as_ref().map(|s| s.as_str()),
        Some("REVERSED")
    );

    let unknown = brand
        .actions()
        .update(
            &ActionModificationRequest::new()
                .action_id("1000.1.missing")
                .amount(1.0),
        )
        .await
        .unwrap_err();
    assert_eq!(unknown.status().map(|s| s.as_u16()), Some(404));
}
