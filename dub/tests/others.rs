//! Wiremock tests of tags, folders, domains, track, analytics, events, tokens, QR codes, bounties and discount codes.
mod common;

use common::{expect, fixture, setup};
use dub::models::{
    ApproveSubmission, NewDiscountCode, NewDomain, NewEmbedToken, NewFolder, RegisterDomain,
    RejectSubmission, TagInput, TrackLead, TrackOpen, TrackSale, UpdateDomain, UpdateFolder,
};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

#[tokio::test]
async fn tags_crud_and_list() {
    let (api, client) = setup().await;
    let tag = json!({"id": "tag_1", "name": "launch", "color": "teal"});
    expect(
        &api,
        "POST",
        "/tags",
        &[],
        Some(json!({"name": "launch", "color": "blue"})),
        201,
        tag.clone(),
    )
    .await;
    expect(
        &api,
        "GET",
        "/tags",
        &[("ids", "tag_1,tag_2"), ("page", "1"), ("pageSize", "100")],
        None,
        200,
        json!([tag.clone()]),
    )
    .await;
    expect(
        &api,
        "PATCH",
        "/tags/tag_1",
        &[],
        Some(json!({"name": "spring"})),
        200,
        tag.clone(),
    )
    .await;
    expect(
        &api,
        "DELETE",
        "/tags/tag_1",
        &[],
        None,
        200,
        json!({"id": "tag_1"}),
    )
    .await;
    let t = client
        .tags()
        .create(&TagInput::new().name("launch").color("blue"))
        .await
        .unwrap();
    assert!(t.color.unwrap().is_unknown(), "teal is not in the spec");
    assert_eq!(
        client
            .tags()
            .list()
            .ids(["tag_1", "tag_2"])
            .collect_all()
            .await
            .unwrap()
            .len(),
        1
    );
    client
        .tags()
        .update("tag_1", &TagInput::new().name("spring"))
        .await
        .unwrap();
    client.tags().delete("tag_1").await.unwrap();
}

#[tokio::test]
async fn folders_crud_and_list() {
    let (api, client) = setup().await;
    let folder = json!({"id": "fold_1", "name": "Q1", "type": "default", "accessLevel": null});
    expect(
        &api,
        "POST",
        "/folders",
        &[],
        Some(json!({"name": "Q1"})),
        201,
        folder.clone(),
    )
    .await;
    expect(
        &api,
        "GET",
        "/folders",
        &[("search", "Q"), ("page", "1"), ("pageSize", "50")],
        None,
        200,
        json!([folder.clone()]),
    )
    .await;
    expect(
        &api,
        "PATCH",
        "/folders/fold_1",
        &[],
        Some(json!({"accessLevel": "read"})),
        200,
        folder.clone(),
    )
    .await;
    expect(
        &api,
        "DELETE",
        "/folders/fold_1",
        &[],
        None,
        200,
        json!({"id": "fold_1"}),
    )
    .await;
    client
        .folders()
        .create(&NewFolder::new("Q1"))
        .await
        .unwrap();
    assert_eq!(
        client
            .folders()
            .list()
            .search("Q")
            .collect_all()
            .await
            .unwrap()
            .len(),
        1
    );
    client
        .folders()
        .update("fold_1", &UpdateFolder::new().access_level("read"))
        .await
        .unwrap();
    client.folders().delete("fold_1").await.unwrap();
}

#[tokio::test]
async fn domains_endpoints() {
    let (api, client) = setup().await;
    let domain = json!({"id": "dom_1", "slug": "acme.link", "verified": true});
    expect(
        &api,
        "POST",
        "/domains",
        &[],
        Some(json!({"slug": "acme.link", "archived": false})),
        201,
        domain.clone(),
    )
    .await;
    expect(
        &api,
        "GET",
        "/domains",
        &[("archived", "false"), ("page", "1"), ("pageSize", "50")],
        None,
        200,
        json!([domain.clone()]),
    )
    .await;
    expect(
        &api,
        "PATCH",
        "/domains/acme.link",
        &[],
        Some(json!({"placeholder": "https://acme.com"})),
        200,
        domain.clone(),
    )
    .await;
    expect(
        &api,
        "DELETE",
        "/domains/acme.link",
        &[],
        None,
        200,
        json!({"slug": "acme.link"}),
    )
    .await;
    expect(
        &api,
        "POST",
        "/domains/register",
        &[],
        Some(json!({"domain": "acme.link"})),
        201,
        json!({"domain": "acme.link", "status": "registered", "expiration": 1767225600000_i64}),
    )
    .await;
    expect(
        &api,
        "GET",
        "/domains/status",
        &[("domains", "acme.link,beta.link")],
        None,
        200,
        json!([{"domain": "acme.link", "available": false, "price": null, "premium": null}]),
    )
    .await;
    client
        .domains()
        .create(&NewDomain::new("acme.link").archived(false))
        .await
        .unwrap();
    assert_eq!(
        client
            .domains()
            .list()
            .archived(false)
            .collect_all()
            .await
            .unwrap()
            .len(),
        1
    );
    client
        .domains()
        .update(
            "acme.link",
            &UpdateDomain::new().placeholder("https://acme.com"),
        )
        .await
        .unwrap();
    assert_eq!(
        client
            .domains()
            .delete("acme.link")
            .await
            .unwrap()
            .slug
            .as_deref(),
        Some("acme.link")
    );
    let r = client
        .domains()
        .register(&RegisterDomain::new("acme.link"))
        .await
        .unwrap();
    assert_eq!(
        r.expiration
            .as_ref()
            .and_then(affiliate_common::Timestamp::unix_millis),
        Some(1_767_225_600_000)
    );
    let s = client
        .domains()
        .check_status(["acme.link", "beta.link"])
        .await
        .unwrap();
    assert_eq!(s[0].available, Some(false));
}

#[tokio::test]
async fn track_lead_is_retried_because_dub_deduplicates_it() {
    let (api, client) = setup().await;
    let body = json!({"clickId": "c1", "eventName": "Sign up", "customerExternalId": "user_42"});
    Mock::given(method("POST"))
        .and(path("/track/lead"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(api.server())
        .await;
    expect(
        &api,
        "POST",
        "/track/lead",
        &[],
        Some(body),
        200,
        json!({"click": {"id": "c1"}, "link": null, "customer": {"externalId": "user_42"}}),
    )
    .await;
    let r = client
        .track()
        .lead(&TrackLead::new("c1", "Sign up", "user_42"))
        .await
        .unwrap();
    assert_eq!(r.customer.unwrap().external_id.as_deref(), Some("user_42"));
}

#[tokio::test]
async fn track_sale_with_invoice_is_retried_without_is_not() {
    let (api, client) = setup().await;
    Mock::given(method("POST"))
        .and(path("/track/sale"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .with_priority(1)
        .mount(api.server())
        .await;
    expect(
        &api,
        "POST",
        "/track/sale",
        &[],
        Some(json!({"customerExternalId": "user_42", "amount": 4900, "invoiceId": "in_1"})),
        200,
        json!({"eventName": "Purchase", "customer": null, "sale": {"amount": 4900, "invoiceId": "in_1"}}),
    )
    .await;
    // No invoice id: the first 503 is final.
    let err = client
        .track()
        .sale(&TrackSale::new("user_42", 4900))
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    // With an invoice id: retried past the second 503.
    let r = client
        .track()
        .sale(&TrackSale::new("user_42", 4900).invoice_id("in_1"))
        .await
        .unwrap();
    assert_eq!(r.sale.unwrap().invoice_id.as_deref(), Some("in_1"));
}

#[tokio::test]
async fn track_open() {
    let (api, client) = setup().await;
    expect(
        &api,
        "POST",
        "/track/open",
        &[],
        Some(json!({"deepLink": "https://acme.link/x"})),
        200,
        json!({"clickId": "c9", "link": null}),
    )
    .await;
    let r = client
        .track()
        .open(&TrackOpen::new().deep_link("https://acme.link/x"))
        .await
        .unwrap();
    assert_eq!(r.click_id.as_deref(), Some("c9"));
}

#[tokio::test]
async fn analytics_with_exclusion_filter_decodes_by_group() {
    let (api, client) = setup().await;
    expect(
        &api,
        "GET",
        "/analytics",
        &[
            ("groupBy", "countries"),
            ("country", "-US"),
            ("interval", "30d"),
            ("root", "false"),
        ],
        None,
        200,
        json!([{"country": "DE", "city": "*", "clicks": 5}]),
    )
    .await;
    let r = client
        .analytics()
        .retrieve()
        .group_by("countries")
        .country("-US")
        .interval("30d")
        .root(false)
        .send()
        .await
        .unwrap();
    assert!(
        matches!(r, dub::resources::AnalyticsResponse::Countries(rows) if rows[0].clicks == Some(5))
    );
}

#[tokio::test]
async fn events_use_page_and_limit_up_to_1000() {
    let (api, client) = setup().await;
    expect(
        &api,
        "GET",
        "/events",
        &[("event", "sales"), ("page", "1"), ("limit", "1000")],
        None,
        200,
        fixture("events.json"),
    )
    .await;
    let events = client
        .events()
        .list()
        .event("sales")
        .collect_all()
        .await
        .unwrap();
    assert_eq!(events.len(), 3);
    assert!(
        matches!(&events[0], dub::models::Event::Click(c) if c.click.as_ref().unwrap().country.as_deref() == Some("US"))
    );
    match &events[1] {
        dub::models::Event::Sale(s) => {
            let sale = s.sale.as_ref().unwrap();
            assert!(sale.payment_processor.as_ref().unwrap().is_unknown());
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(&events[2], dub::models::Event::Unknown(v) if v["platform"] == "ios"));
    let err = client.events().list().limit(1001).send().await.unwrap_err();
    assert!(matches!(err, dub::Error::InvalidInput { .. }));
}

#[tokio::test]
async fn referrals_embed_token() {
    let (api, client) = setup().await;
    expect(
        &api,
        "POST",
        "/tokens/embed/referrals",
        &[],
        Some(json!({"tenantId": "t_1"})),
        201,
        json!({"publicToken": "pt_1", "expires": "2026-01-01T01:00:00.000Z"}),
    )
    .await;
    let t = client
        .embed_tokens()
        .referrals(&NewEmbedToken::new().tenant_id("t_1"))
        .await
        .unwrap();
    assert_eq!(t.public_token.as_deref(), Some("pt_1"));
}

#[tokio::test]
async fn qr_code_returns_png_bytes() {
    let (api, client) = setup().await;
    let png = b"\x89PNG\r\n\x1a\nrest".to_vec();
    Mock::given(method("GET"))
        .and(path("/qr"))
        .and(common::q(&[
            ("url", "https://dub.sh/x"),
            ("size", "300"),
            ("level", "H"),
            ("hideLogo", "true"),
        ]))
        .respond_with(ResponseTemplate::new(200).set_body_raw(png.clone(), "image/png"))
        .expect(1)
        .mount(api.server())
        .await;
    let bytes = client
        .qr()
        .get("https://dub.sh/x")
        .size(300)
        .level("H")
        .hide_logo(true)
        .send()
        .await
        .unwrap();
    assert_eq!(bytes, png);
}

#[tokio::test]
async fn bounty_submissions() {
    let (api, client) = setup().await;
    expect(
        &api,
        "GET",
        "/bounties/bnty_1/submissions",
        &[("status", "submitted"), ("page", "1"), ("pageSize", "100")],
        None,
        200,
        json!([fixture("bounty_submission.json")]),
    )
    .await;
    expect(
        &api,
        "POST",
        "/bounties/bnty_1/submissions/bs_1/approve",
        &[],
        Some(json!({"rewardAmount": 1000})),
        200,
        fixture("bounty_submission.json"),
    )
    .await;
    expect(
        &api,
        "POST",
        "/bounties/bnty_1/submissions/bs_1/reject",
        &[],
        Some(json!({"rejectionReason": "invalidProof", "rejectionNote": "blurry"})),
        200,
        fixture("bounty_submission.json"),
    )
    .await;
    let subs = client
        .bounties()
        .list_submissions("bnty_1")
        .status("submitted")
        .collect_all()
        .await
        .unwrap();
    assert_eq!(subs[0].period_number, Some(1));
    client
        .bounties()
        .approve_submission(
            "bnty_1",
            "bs_1",
            &ApproveSubmission::new().reward_amount(1000),
        )
        .await
        .unwrap();
    client
        .bounties()
        .reject_submission(
            "bnty_1",
            "bs_1",
            &RejectSubmission::new()
                .rejection_reason("invalidProof")
                .rejection_note("blurry"),
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn discount_codes() {
    let (api, client) = setup().await;
    let code = json!({"id": "dcode_1", "code": "SPRING25", "discountId": "disc_1", "partnerId": "pn_1", "linkId": "link_1", "disabledAt": null});
    expect(
        &api,
        "GET",
        "/discount-codes",
        &[("partnerId", "pn_1"), ("page", "1"), ("pageSize", "100")],
        None,
        200,
        json!([code.clone()]),
    )
    .await;
    expect(
        &api,
        "POST",
        "/discount-codes",
        &[],
        Some(json!({"partnerId": "pn_1", "linkId": "link_1", "code": "SPRING25"})),
        200,
        code.clone(),
    )
    .await;
    expect(
        &api,
        "DELETE",
        "/discount-codes/SPRING25",
        &[],
        None,
        200,
        json!({"id": "dcode_1"}),
    )
    .await;
    let codes = client
        .discount_codes()
        .list()
        .partner_id("pn_1")
        .collect_all()
        .await
        .unwrap();
    assert_eq!(codes[0].code.as_deref(), Some("SPRING25"));
    client
        .discount_codes()
        .create(&NewDiscountCode::new("pn_1", "link_1").code("SPRING25"))
        .await
        .unwrap();
    client.discount_codes().delete("SPRING25").await.unwrap();
    let bad = client
        .discount_codes()
        .create(&NewDiscountCode::new("pn_1", "link_1").code("no spaces"))
        .await;
    assert!(matches!(bad, Err(dub::Error::InvalidInput { .. })));
}
