//! Groups, form templates and sales-cycle stages.

mod common;

use common::{FIRST_PAGE, api, expect, fx};

#[tokio::test]
async fn groups_list() {
    let api = api().await;
    expect("GET", "/groups", fx("groups/list.json"))
        .query(FIRST_PAGE)
        .mount(&api.mock)
        .await;
    let groups = api.client.groups().list().collect_all().await.unwrap();
    assert_eq!(groups.len(), 2);
    assert_eq!(groups[0].default, Some(false));
    assert_eq!(
        groups[0].features.as_ref().unwrap().deals_enabled,
        Some(true)
    );
    assert_eq!(groups[1].default, Some(true));
}

#[tokio::test]
async fn form_templates_list_by_target_type() {
    let api = api().await;
    expect("GET", "/form-templates", fx("form_templates/list.json"))
        .query(&[("limit", "250"), ("target_type", "deal")])
        .mount(&api.mock)
        .await;
    let forms = api
        .client
        .form_templates()
        .list()
        .target_type("deal")
        .collect_all()
        .await
        .unwrap();
    assert_eq!(forms.len(), 2);
    assert_eq!(forms[0].groups.as_ref().unwrap()[0].key, "grup_gold");
}

#[tokio::test]
async fn sales_cycle_stages() {
    let api = api().await;
    expect(
        "GET",
        "/sales-cycles/deal/stages",
        fx("sales_cycles/stages.json"),
    )
    .query(&[("group_key", "grup_gold")])
    .mount(&api.mock)
    .await;
    let stages = api
        .client
        .sales_cycles()
        .stages("deal", Some("grup_gold"))
        .await
        .unwrap();
    assert_eq!(stages.len(), 2);
    assert_eq!(stages[1].position, Some(4));
    assert_eq!(stages[1].won, Some(true));
    assert!(stages[1].extra.contains_key("color"));
}
