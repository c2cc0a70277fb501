//! One wiremock test per partner-API endpoint (Bearer auth).

mod common;

use common::{BEARER, FIRST_PAGE, api, expect, fx};
use partnerstack::{OrderBy, PaymentStatus, UnixTime};

#[tokio::test]
async fn partnerships() {
    let api = api().await;
    expect("GET", "/partnerships", fx("partner/partnerships.json"))
        .query(&[
            ("limit", "250"),
            ("include_offers", "true"),
            ("has_sub_id", "false"),
        ])
        .header("authorization", BEARER)
        .mount(&api.mock)
        .await;
    let ps = api
        .partner
        .partnerships()
        .list()
        .include_offers(true)
        .has_sub_id(false)
        .collect_all()
        .await
        .unwrap();
    let p = &ps[0];
    assert_eq!(
        p.company.as_ref().unwrap().id,
        Some(42),
        "id sent as a string"
    );
    let offer = &p.offers.as_ref().unwrap()[0];
    assert_eq!(offer.base_rate.as_deref(), Some("10.5"), "number base_rate");
    assert_eq!(offer.base_rate_value(), Some(10.5));
    assert!(p.team.as_ref().unwrap().extra.contains_key("members"));
}

#[tokio::test]
async fn customers() {
    let api = api().await;
    expect("GET", "/customers", fx("partner/customers.json"))
        .query(&[("limit", "250"), ("min_created", "1700000000000")])
        .header("authorization", BEARER)
        .mount(&api.mock)
        .await;
    let cs = api
        .partner
        .customers()
        .list()
        .min_created(UnixTime::from_millis(1_700_000_000_000))
        .collect_all()
        .await
        .unwrap();
    assert_eq!(cs[0].has_paid, Some(true));
    assert_eq!(
        cs[0].sub_ids.as_deref(),
        Some(&["a".to_owned(), "b".to_owned()][..])
    );
}

#[tokio::test]
async fn transactions() {
    let api = api().await;
    expect("GET", "/transactions", fx("partner/transactions.json"))
        .query(&[("limit", "250"), ("order_by", "-created_at")])
        .header("authorization", BEARER)
        .mount(&api.mock)
        .await;
    let ts = api
        .partner
        .transactions()
        .list()
        .order_by(OrderBy::CreatedAtDesc)
        .collect_all()
        .await
        .unwrap();
    assert_eq!(ts[0].partnership_key.as_deref(), Some("part_p1"));
}

#[tokio::test]
async fn rewards() {
    let api = api().await;
    expect("GET", "/rewards", fx("partner/rewards.json"))
        .query(&[
            ("limit", "250"),
            ("payment_status", "paid_and_refunded"),
            ("exclude_drip_rewards", "true"),
        ])
        .header("authorization", BEARER)
        .mount(&api.mock)
        .await;
    let rs = api
        .partner
        .rewards()
        .list()
        .payment_status(PaymentStatus::PaidAndRefunded)
        .exclude_drip_rewards(true)
        .collect_all()
        .await
        .unwrap();
    assert_eq!(rs[0].payment_status, Some(PaymentStatus::PaidAndRefunded));
    assert!(rs[0].ready_at.is_some());
}

#[tokio::test]
async fn actions() {
    let api = api().await;
    expect("GET", "/actions", fx("partner/actions.json"))
        .query(&[("limit", "250"), ("customer_key", "cus_1")])
        .header("authorization", BEARER)
        .mount(&api.mock)
        .await;
    let a = api
        .partner
        .actions()
        .list()
        .customer_key("cus_1")
        .collect_all()
        .await
        .unwrap();
    assert_eq!(a.len(), 1);
}

#[tokio::test]
async fn payouts() {
    let api = api().await;
    expect("GET", "/payouts", fx("partner/payouts.json"))
        .query(FIRST_PAGE)
        .header("authorization", BEARER)
        .mount(&api.mock)
        .await;
    let ps = api.partner.payouts().list().collect_all().await.unwrap();
    assert_eq!(ps[0].amount, Some(12_500));
    assert_eq!(
        ps[0].sent_at.as_ref().unwrap().unix_millis().unwrap(),
        1_700_000_100_000
    );
    assert_eq!(ps[0].withdrawal_date, None);
    assert_eq!(ps[1].amount, Some(5_000));
    assert_eq!(ps[1].status.as_deref(), Some("reversed"));
}

#[tokio::test]
async fn marketplace_programs() {
    let api = api().await;
    expect("GET", "/marketplace/programs", fx("partner/programs.json"))
        .query(&[("limit", "250"), ("category", "saas")])
        .header("authorization", BEARER)
        .mount(&api.mock)
        .await;
    let ps = api
        .partner
        .marketplace()
        .list()
        .category("saas")
        .collect_all()
        .await
        .unwrap();
    let offer = &ps[0].offers.as_ref().unwrap()[0];
    assert_eq!(offer.base_rate.as_deref(), Some("10%"), "string base_rate");
    assert_eq!(offer.base_rate_value(), Some(10.0));
    assert_eq!(offer.type_.as_deref(), Some("revenue_share"));
    assert_eq!(
        ps[0].promotions.as_ref().unwrap()[0].type_.as_deref(),
        Some("bonus")
    );
}

#[tokio::test]
async fn marketplace_program() {
    let api = api().await;
    expect(
        "GET",
        "/marketplace/programs/comp_m1",
        fx("partner/program.json"),
    )
    .header("authorization", BEARER)
    .mount(&api.mock)
    .await;
    let p = api.partner.marketplace().get("comp_m1").await.unwrap();
    assert_eq!(p.id, Some(77));
    assert_eq!(p.category.as_deref(), Some(&["saas".to_owned()][..]));
}

#[tokio::test]
async fn rewards_distinct_and_empty_line_filters() {
    let api = api().await;
    expect("GET", "/rewards", fx("partner/rewards.json"))
        .query(&[
            ("limit", "250"),
            ("empty_line_id", "true"),
            ("distinct_description", "true"),
            ("distinct_decline_reason", "false"),
        ])
        .header("authorization", BEARER)
        .mount(&api.mock)
        .await;
    let rs = api
        .partner
        .rewards()
        .list()
        .empty_line_id(true)
        .distinct_description(true)
        .distinct_decline_reason(false)
        .collect_all()
        .await
        .unwrap();
    assert!(!rs.is_empty());
}
