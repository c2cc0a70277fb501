//! The sandbox's main resources round-trip through the typed client:
//! create -> get -> update -> list -> delete (or archive) for partnerships,
//! customers, deals and leads; create -> get -> list -> delete for
//! transactions (the API has no update).

use partnerstack::{
    CustomerRef, LeadStatus, NewCustomer, NewDeal, NewLead, NewPartnership, NewTransaction,
    UpdateCustomer, UpdateDeal, UpdateLead, UpdatePartnership,
};

fn not_found(e: &partnerstack::Error) -> bool {
    e.status().map(|s| s.as_u16()) == Some(404)
}

#[tokio::test]
async fn partnerships_and_customers_round_trip() {
    let running = partnerstack::sandbox::start().await.unwrap();
    let c = &running.client;

    let p = c
        .partnerships()
        .create(&NewPartnership::new("roundtrip@example.com"))
        .await
        .unwrap();
    let got = c.partnerships().get(&p.key).await.unwrap();
    assert_eq!(got.email.as_deref(), Some("roundtrip@example.com"));
    c.partnerships()
        .update(&p.key, &UpdatePartnership::new().first_name("Round"))
        .await
        .unwrap();
    let all = c.partnerships().list().collect_all().await.unwrap();
    let listed = all.iter().find(|x| x.key == p.key).expect("listed");
    assert_eq!(listed.first_name.as_deref(), Some("Round"));

    let partner_key = listed.partner_key.clone().expect("a partner key");
    let cus = c
        .customers()
        .create(&NewCustomer::new("buyer@example.com", partner_key.as_str()))
        .await
        .unwrap();
    assert_eq!(c.customers().get(&cus.key).await.unwrap().key, cus.key);
    c.customers()
        .update(&cus.key, &UpdateCustomer::new().name("Buyer Renamed"))
        .await
        .unwrap();
    let customers = c.customers().list().collect_all().await.unwrap();
    let listed = customers.iter().find(|x| x.key == cus.key).expect("listed");
    assert_eq!(listed.name.as_deref(), Some("Buyer Renamed"));

    // A transaction for the new customer: create, get, list, delete.
    let tx = c
        .transactions()
        .create(&NewTransaction::new(
            CustomerRef::Key(cus.key.clone()),
            4_900,
            "USD",
        ))
        .await
        .unwrap();
    assert_eq!(c.transactions().get(&tx.key).await.unwrap().key, tx.key);
    let txs = c.transactions().list().collect_all().await.unwrap();
    assert!(txs.iter().any(|x| x.key == tx.key));
    c.transactions().delete(&tx.key).await.unwrap();
    assert!(not_found(&c.transactions().get(&tx.key).await.unwrap_err()));

    c.customers().delete(&cus.key).await.unwrap();
    assert!(not_found(&c.customers().get(&cus.key).await.unwrap_err()));
    c.partnerships().archive(&p.key).await.unwrap();
    assert!(not_found(&c.partnerships().get(&p.key).await.unwrap_err()));
}

#[tokio::test]
async fn deals_and_leads_round_trip() {
    let running = partnerstack::sandbox::start().await.unwrap();
    let c = &running.client;
    let partnerships = c.partnerships().list().send().await.unwrap();
    let partner_key = partnerships.items[0].partner_key.clone().unwrap();

    let deal = c
        .deals()
        .create(
            &NewDeal::new()
                .account_name("Acme")
                .partner_key(partner_key.as_str()),
        )
        .await
        .unwrap();
    assert_eq!(c.deals().get(&deal.key).await.unwrap().key, deal.key);
    c.deals()
        .update(&deal.key, &UpdateDeal::new().account_name("Acme Renamed"))
        .await
        .unwrap();
    let deals = c.deals().list().collect_all().await.unwrap();
    let listed = deals.iter().find(|x| x.key == deal.key).expect("listed");
    // `account_name` is a string or an object on the wire.
    assert!(format!("{:?}", listed.account_name).contains("Acme Renamed"));
    c.deals().archive(&deal.key).await.unwrap();
    assert!(not_found(&c.deals().get(&deal.key).await.unwrap_err()));

    let lead = c
        .leads()
        .create(&NewLead::new(
            partner_key.as_str(),
            "lead-rt-1",
            LeadStatus::Open,
            serde_json::Map::new(),
        ))
        .await
        .unwrap();
    assert_eq!(c.leads().get(&lead.key).await.unwrap().key, lead.key);
    c.leads()
        .update(&lead.key, &UpdateLead::new().approved(true))
        .await
        .unwrap();
    let leads = c.leads().list().collect_all().await.unwrap();
    let listed = leads.iter().find(|x| x.key == lead.key).expect("listed");
    assert_eq!(listed.approved, Some(true));
    c.leads().archive(&lead.key).await.unwrap();
    assert!(not_found(&c.leads().get(&lead.key).await.unwrap_err()));
}
