//! One wiremock test per deal endpoint.

mod common;

use common::{FIRST_PAGE, api, expect, fx};
use partnerstack::{Conversion, DealSource, NewDeal, StringOrObject, UnixTime, UpdateDeal};
use serde_json::json;

#[tokio::test]
async fn list_accepts_account_name_as_object_and_unknown_source() {
    let api = api().await;
    expect("GET", "/deals", fx("deals/list.json"))
        .query(&[
            ("limit", "250"),
            ("min_updated", "1700000000000"),
            ("customer_key", "cus_1"),
            ("customer_key", "cus_2"),
        ])
        .mount(&api.mock)
        .await;
    let deals = api
        .client
        .deals()
        .list()
        .min_updated(UnixTime::from_millis(1_700_000_000_000))
        .customer_keys(["cus_1", "cus_2"])
        .collect_all()
        .await
        .unwrap();
    assert_eq!(deals.len(), 2, "no total: the stream ends on has_more");
    assert_eq!(
        deals[0].account_name.as_ref().unwrap().as_str(),
        Some("Acme Corp")
    );
    assert_eq!(
        deals[1].account_name,
        Some(StringOrObject::String("Globex".into()))
    );
    assert_eq!(
        deals[0].source,
        Some(DealSource::Unknown("marketplace".into()))
    );
    assert_eq!(deals[0].team.as_ref().unwrap().key, None);
    assert_eq!(
        deals[0]
            .team_member
            .as_ref()
            .unwrap()
            .joined_at
            .as_ref()
            .and_then(affiliate_common::Timestamp::unix_millis),
        Some(1_700_000_000_000)
    );
}

#[tokio::test]
async fn get_reads_one() {
    let api = api().await;
    expect("GET", "/deals/deal_1", fx("deals/get.json"))
        .mount(&api.mock)
        .await;
    let d = api.client.deals().get("deal_1").await.unwrap();
    assert_eq!(d.amount, Some(1_000_000));
}

#[tokio::test]
async fn create_posts() {
    let api = api().await;
    expect("POST", "/deals", fx("deals/created.json"))
        .body(json!({"account_name": "Acme", "amount": 500000, "group_key": "grup_gold", "source": "vendor"}))
        .mount(&api.mock)
        .await;
    let body = NewDeal::new()
        .account_name("Acme")
        .amount(500_000)
        .group_key("grup_gold")
        .source(DealSource::Vendor);
    let d = api.client.deals().create(&body).await.unwrap();
    assert_eq!(d.source, Some(DealSource::Vendor));
}

#[tokio::test]
async fn update_patches() {
    let api = api().await;
    expect("PATCH", "/deals/deal_1", fx("deals/get.json"))
        .body(json!({"stage": "closed_won"}))
        .mount(&api.mock)
        .await;
    api.client
        .deals()
        .update("deal_1", &UpdateDeal::new().stage("closed_won"))
        .await
        .unwrap();
}

#[tokio::test]
async fn archive_deletes() {
    let api = api().await;
    expect(
        "DELETE",
        "/deals/deal_1",
        json!({"message": "archived", "status": 200}),
    )
    .mount(&api.mock)
    .await;
    api.client.deals().archive("deal_1").await.unwrap();
}

#[tokio::test]
async fn convert_posts_email_and_customer_key() {
    let api = api().await;
    expect(
        "POST",
        "/deals/deal_1/convert",
        fx("customers/converted.json"),
    )
    .body(json!({"email": "buyer@acme.example", "customer_key": "crm-9"}))
    .mount(&api.mock)
    .await;
    let c = api
        .client
        .deals()
        .convert(
            "deal_1",
            &Conversion::new("buyer@acme.example").customer_key("crm-9"),
        )
        .await
        .unwrap();
    assert_eq!(c.key, "cus_conv");
}

#[tokio::test]
async fn files_unwraps_deal_files() {
    let api = api().await;
    expect("GET", "/deals/deal_1/files", fx("deals/files.json"))
        .mount(&api.mock)
        .await;
    let files = api.client.deals().files("deal_1").await.unwrap();
    assert_eq!(files.len(), 1, "null entries are dropped");
    assert_eq!(files[0].name.as_deref(), Some("proposal.pdf"));
}

#[tokio::test]
async fn file_returns_a_url() {
    let api = api().await;
    expect("GET", "/deals/deal_1/file/file_1", fx("deals/file.json"))
        .mount(&api.mock)
        .await;
    let f = api.client.deals().file("deal_1", "file_1").await.unwrap();
    assert!(f.url.unwrap().starts_with("https://"));
}

#[tokio::test]
async fn assign_posts_without_a_body() {
    let api = api().await;
    expect(
        "POST",
        "/deals/deal_1/assignment/part_1/stck_1",
        fx("deals/assigned.json"),
    )
    .mount(&api.mock)
    .await;
    api.client
        .deals()
        .assign("deal_1", "part_1", "stck_1")
        .await
        .unwrap();
}

#[tokio::test]
async fn form_templates_accepts_a_bare_array() {
    let api = api().await;
    expect(
        "GET",
        "/deals/form-templates",
        fx("deals/form_templates.json"),
    )
    .query(&[("limit", "250"), ("group_key", "grup_gold")])
    .mount(&api.mock)
    .await;
    let forms = api
        .client
        .deals()
        .form_templates()
        .group_key("grup_gold")
        .collect_all()
        .await
        .unwrap();
    assert_eq!(forms.len(), 1);
    let f = &forms[0].fields.as_ref().unwrap()[0];
    assert_eq!(f.maps_to.as_deref(), Some("account_name"));
    assert_eq!(f.protected, Some(false));
    let _ = FIRST_PAGE;
}

#[tokio::test]
async fn create_sends_team_and_team_member() {
    let api = api().await;
    let team = json!({"key": "team_1", "name": "Partner Co"});
    let member = json!({"key": "tmem_1", "email": "bob@partner.example"});
    expect("POST", "/deals", fx("deals/created.json"))
        .body(json!({"partner_key": "ada-lovelace", "team": team, "team_member": member}))
        .mount(&api.mock)
        .await;
    let body = NewDeal::new()
        .partner_key("ada-lovelace")
        .team(team.as_object().unwrap().clone())
        .team_member(member.as_object().unwrap().clone());
    let d = api.client.deals().create(&body).await.unwrap();
    assert_eq!(
        d.team_member.unwrap().email.as_deref(),
        Some("bob@example.com")
    );
}

#[tokio::test]
async fn update_sends_meta_and_source() {
    let api = api().await;
    let meta = json!({"crm_id": "opp-7"});
    expect("PATCH", "/deals/deal_1", fx("deals/get.json"))
        .body(json!({"source": "vendor", "meta": meta}))
        .mount(&api.mock)
        .await;
    api.client
        .deals()
        .update(
            "deal_1",
            &UpdateDeal::new()
                .source(DealSource::Vendor)
                .meta(meta.as_object().unwrap().clone()),
        )
        .await
        .unwrap();
}
