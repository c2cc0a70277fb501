//! The sandbox's main resources round-trip through the typed client: what
//! a write does, the following reads show (links, customers, partners,
//! commissions, discount codes).

use dub::models::{
    BanPartner, BannedReason, CommissionUpdateStatus, NewCommission, NewCommissionCustom,
    NewDiscountCode, NewLink, NewPartner, UpdateCommission, UpdateCustomer, UpdateLink,
};

fn not_found(e: &dub::Error) -> bool {
    e.status().map(|s| s.as_u16()) == Some(404)
}

#[tokio::test]
async fn a_link_is_created_read_updated_listed_and_deleted() {
    let running = dub::sandbox::start().await.unwrap();
    let links = running.client.links();
    let made = links
        .create(&NewLink::new("https://example.com/roundtrip").external_id("rt-1"))
        .await
        .unwrap();
    let got = links.get().link_id(&made.id).send().await.unwrap();
    assert_eq!(got.url.as_deref(), Some("https://example.com/roundtrip"));
    let by_ext = links.get().external_id("rt-1").send().await.unwrap();
    assert_eq!(by_ext.id, made.id);

    let updated = links
        .update(
            &made.id,
            &UpdateLink::new().url("https://example.com/moved"),
        )
        .await
        .unwrap();
    assert_eq!(updated.id, made.id);
    let first = links.list().send().await.unwrap();
    let listed = first.items.iter().find(|l| l.id == made.id).unwrap();
    assert_eq!(listed.url.as_deref(), Some("https://example.com/moved"));

    links.delete(&made.id).await.unwrap();
    let gone = links.get().link_id(&made.id).send().await.unwrap_err();
    assert!(not_found(&gone), "{gone}");
    let all = links.list().collect_all().await.unwrap();
    assert!(all.iter().all(|l| l.id != made.id));
}

#[tokio::test]
async fn a_customer_is_read_updated_listed_and_deleted() {
    let running = dub::sandbox::start().await.unwrap();
    let customers = running.client.customers();
    let id = running.api.ids("customers").unwrap()[0].clone();
    let before = customers.get(&id).await.unwrap();
    assert_eq!(before.id, id);
    customers
        .update(&id, &UpdateCustomer::new().name("Renamed Customer"))
        .await
        .unwrap();
    assert_eq!(
        customers.get(&id).await.unwrap().name.as_deref(),
        Some("Renamed Customer")
    );
    let all = customers.list().collect_all().await.unwrap();
    let listed = all.iter().find(|c| c.id == id).unwrap();
    assert_eq!(listed.name.as_deref(), Some("Renamed Customer"));
    customers.delete(&id).await.unwrap();
    assert!(not_found(&customers.get(&id).await.unwrap_err()));
    let after = customers.list().collect_all().await.unwrap();
    assert_eq!(after.len() + 1, all.len());
}

#[tokio::test]
async fn a_partner_is_created_upserted_listed_and_banned() {
    let running = dub::sandbox::start().await.unwrap();
    let partners = running.client.partners();
    let made = partners
        .create(
            &NewPartner::new("rt@example.com")
                .name("Round Trip")
                .tenant_id("rt-tenant"),
        )
        .await
        .unwrap();
    // The same email again updates the partner (Dub's upsert), never a second one.
    let again = partners
        .create(&NewPartner::new("rt@example.com").name("Round Trip Renamed"))
        .await
        .unwrap();
    assert_eq!(again.id, made.id);
    let listed = partners.list().tenant_id("rt-tenant").send().await.unwrap();
    assert_eq!(listed.items.len(), 1);
    assert_eq!(listed.items[0].id, made.id);
    assert_eq!(listed.items[0].name.as_deref(), Some("Round Trip Renamed"));

    partners
        .ban(&BanPartner::new(BannedReason::TosViolation).partner_id(&made.id))
        .await
        .unwrap();
    let banned = partners
        .list()
        .status("banned")
        .collect_all()
        .await
        .unwrap();
    assert!(banned.iter().any(|p| p.id == made.id));
    let unknown = partners
        .ban(&BanPartner::new(BannedReason::TosViolation).partner_id("pn_missing"))
        .await
        .unwrap_err();
    assert!(not_found(&unknown), "{unknown}");
}

#[tokio::test]
async fn a_commission_is_created_listed_and_updated() {
    let running = dub::sandbox::start().await.unwrap();
    let partner = running.api.ids("partners").unwrap()[3].clone();
    let commissions = running.client.commissions();
    commissions
        .create(&NewCommission::Custom(
            NewCommissionCustom::new(&partner, 2_500).description("Round trip bonus"),
        ))
        .await
        .unwrap();
    let page = commissions
        .list()
        .partner_id(&partner)
        .send()
        .await
        .unwrap();
    let made = page
        .items
        .iter()
        .find(|c| c.amount == Some(2_500))
        .expect("the new commission is listed")
        .clone();
    commissions
        .update(
            &made.id,
            &UpdateCommission::new()
                .status(CommissionUpdateStatus::Canceled)
                .amount(3_000),
        )
        .await
        .unwrap();
    let page = commissions
        .list()
        .partner_id(&partner)
        .send()
        .await
        .unwrap();
    let after = page.items.iter().find(|c| c.id == made.id).unwrap();
    assert_eq!(after.amount, Some(3_000));
    assert_eq!(
        after
            .status
            .as_ref()
            .map(|s| s.as_str().to_owned())
            .as_deref(),
        Some("canceled")
    );
    let missing = commissions
        .update("cm_missing", &UpdateCommission::new().amount(1))
        .await
        .unwrap_err();
    assert!(not_found(&missing), "{missing}");
}

#[tokio::test]
async fn a_discount_code_is_created_listed_and_deleted() {
    let running = dub::sandbox::start().await.unwrap();
    let codes = running.client.discount_codes();
    let before = codes.list().collect_all().await.unwrap();
    let made = codes
        .create(&NewDiscountCode::new("pn_000000", "link_00000000000000000000").code("RT25"))
        .await
        .unwrap();
    assert_eq!(made.code.as_deref(), Some("RT25"));
    let listed = codes.list().collect_all().await.unwrap();
    assert_eq!(listed.len(), before.len() + 1);
    assert!(listed.iter().any(|d| d.code.as_deref() == Some("RT25")));
    let dup = codes
        .create(&NewDiscountCode::new("pn_000000", "link_00000000000000000000").code("RT25"))
        .await
        .unwrap_err();
    assert_eq!(dup.status().map(|s| s.as_u16()), Some(409));
    codes.delete("RT25").await.unwrap();
    assert_eq!(
        codes.list().collect_all().await.unwrap().len(),
        before.len()
    );
    assert!(not_found(&codes.delete("RT25").await.unwrap_err()));
}
