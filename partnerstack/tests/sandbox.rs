//! The simulated PartnerStack: full drains under faults, writes that show
//! up in later reads, the real error envelope, and partner-API data.

use std::collections::HashSet;
use std::time::Instant;

use affiliate_common::sandbox::Fault;
use affiliate_common::test_util::fast_retry;
use futures::TryStreamExt as _;
use partnerstack::sandbox::{self, PUBLIC_KEY};
use partnerstack::{Client, CustomerRef, Error, NewCustomer, NewTransaction, UnixTime};

fn unique<'a>(keys: impl Iterator<Item = &'a str>) -> usize {
    keys.collect::<HashSet<_>>().len()
}

#[tokio::test]
async fn full_drain_with_429_and_5xx_faults_is_complete_and_unique() {
    let sb = sandbox::start().await.unwrap();
    let client = sb.client_builder().retry(fast_retry()).build().unwrap();
    sb.faults().fail_every(5, Fault::Status(503));
    sb.faults().fail_next(1, Fault::rate_limited(1));
    let started = Instant::now();

    let partnerships = client.partnerships().list().collect_all().await.unwrap();
    assert_eq!(partnerships.len(), sb.seeded.partnerships);
    assert_eq!(
        unique(partnerships.iter().map(|p| p.key.as_str())),
        partnerships.len()
    );

    let customers = client.customers().list().collect_all().await.unwrap();
    assert_eq!(customers.len(), sb.seeded.customers);
    assert_eq!(
        unique(customers.iter().map(|c| c.key.as_str())),
        customers.len()
    );

    let mut stream = client.transactions().list().check_total(true).stream();
    let mut keys = HashSet::new();
    while let Some(t) = stream.try_next().await.unwrap() {
        assert!(keys.insert(t.key.clone()), "duplicate {}", t.key);
    }
    assert_eq!(keys.len(), sb.seeded.transactions);

    // 429 once (Retry-After: 1) plus a 503 on every fifth request, all retried.
    assert!(sb.faults().injected() >= 10, "{}", sb.faults().injected());
    assert!(
        started.elapsed().as_millis() >= 900,
        "the Retry-After wait was honoured"
    );
}

#[tokio::test]
async fn every_main_resource_drains_to_its_seeded_count() {
    let sb = sandbox::start().await.unwrap();
    let c = &sb.client;
    assert_eq!(
        c.rewards().list().collect_all().await.unwrap().len(),
        sb.seeded.rewards
    );
    assert_eq!(
        c.deals().list().collect_all().await.unwrap().len(),
        sb.seeded.deals
    );
    assert_eq!(
        c.leads().list().collect_all().await.unwrap().len(),
        sb.seeded.leads
    );
    assert_eq!(
        c.actions().list().collect_all().await.unwrap().len(),
        sb.seeded.actions
    );
    assert_eq!(
        c.groups().list().collect_all().await.unwrap().len(),
        sb.seeded.groups
    );
    for r in c.rewards().list().limit(50).send().await.unwrap().items {
        assert!(r.reward_status.is_some_and(|s| !s.is_unknown()));
    }
}

#[tokio::test]
async fn limit_is_capped_at_250_and_pages_link_up() {
    let sb = sandbox::start().await.unwrap();
    let raw = sb
        .client
        .get_json("partnerships", &[("limit", "1000")])
        .await
        .unwrap();
    assert_eq!(raw["items"].as_array().unwrap().len(), 250);
    assert_eq!(raw["has_more"], true);
    assert_eq!(raw["total"], sb.seeded.partnerships);

    let first = sb
        .client
        .partnerships()
        .list()
        .limit(100)
        .send()
        .await
        .unwrap();
    let last = first.items.last().unwrap().key.clone();
    let second = sb
        .client
        .partnerships()
        .list()
        .limit(100)
        .starting_after(&last)
        .send()
        .await
        .unwrap();
    // Paging back from the second page's first item returns the first page.
    let back = sb
        .client
        .partnerships()
        .list()
        .limit(100)
        .ending_before(&second.items[0].key)
        .send()
        .await
        .unwrap();
    let a: Vec<_> = first.items.iter().map(|p| &p.key).collect();
    let b: Vec<_> = back.items.iter().map(|p| &p.key).collect();
    assert_eq!(a, b);
    assert_eq!(back.has_more, Some(false));
}

#[tokio::test]
async fn time_filters_apply() {
    let sb = sandbox::start().await.unwrap();
    let all = sb.client.customers().list().collect_all().await.unwrap();
    let mut created: Vec<i64> = all
        .iter()
        .map(|c| c.created_at.as_ref().unwrap().unix_millis().unwrap())
        .collect();
    created.sort_unstable();
    let cut = created[created.len() / 2];
    let newer = sb
        .client
        .customers()
        .list()
        .min_created(UnixTime::from_millis(cut))
        .collect_all()
        .await
        .unwrap();
    assert_eq!(newer.len(), created.iter().filter(|t| **t >= cut).count());
    assert!(
        newer
            .iter()
            .all(|c| c.created_at.as_ref().unwrap().unix_millis().unwrap() >= cut)
    );
}

#[tokio::test]
async fn creates_show_up_in_later_reads() {
    let sb = sandbox::start().await.unwrap();
    let partner = sb
        .client
        .partnerships()
        .list()
        .limit(1)
        .send()
        .await
        .unwrap()
        .items
        .remove(0);
    let pk = partner.partner_key.unwrap();
    let customer = sb
        .client
        .customers()
        .create(&NewCustomer::new("new.buyer@acme.example", pk.as_str()).customer_key("crm-new-1"))
        .await
        .unwrap();
    assert!(customer.key.starts_with("cus_"));
    let page = sb.client.customers().list().limit(1).send().await.unwrap();
    assert_eq!(page.items[0].key, customer.key, "newest first");
    assert_eq!(page.total_items, Some(sb.seeded.customers as u64 + 1));

    let tx = sb
        .client
        .transactions()
        .create(&NewTransaction::new(
            CustomerRef::ExternalKey("crm-new-1".into()),
            4_900,
            "EUR",
        ))
        .await
        .unwrap();
    assert_eq!(tx.customer_key.as_deref(), Some(customer.key.as_str()));
    assert_eq!(tx.amount_usd, Some(5_292));
    let listed = sb
        .client
        .transactions()
        .list()
        .customer_key(&customer.key)
        .collect_all()
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].key, tx.key);

    sb.client.customers().delete(&customer.key).await.unwrap();
    let gone = sb.client.customers().get(&customer.key).await.unwrap_err();
    assert_eq!(gone.status().map(|s| s.as_u16()), Some(404));
}

#[tokio::test]
async fn bad_keys_get_401_and_unknown_ids_404_in_the_real_envelope() {
    let sb = sandbox::start().await.unwrap();
    let wrong = Client::builder(partnerstack::Auth::basic(PUBLIC_KEY, "sk_wrong"))
        .base_url(sb.url().clone())
        .build()
        .unwrap();
    let e = wrong.partnerships().list().send().await.unwrap_err();
    let api = e.api_error().expect("an API error");
    assert_eq!(api.status.as_u16(), 401);
    assert_eq!(api.message, "Unauthorized");
    assert!(!e.to_string().contains("sk_wrong"));

    let e = sb
        .client
        .partnerships()
        .get("part_missing")
        .await
        .unwrap_err();
    assert!(matches!(&e, Error::Api(a) if a.status.as_u16() == 404 && a.message == "Not Found"));
}

#[tokio::test]
async fn report_exports_are_limited_to_one_per_two_hours() {
    let sb = sandbox::start().await.unwrap();
    let report = sb
        .client
        .reports()
        .list()
        .send()
        .await
        .unwrap()
        .items
        .remove(0);
    let body = partnerstack::ExportReport::new("ops@vendor.example");
    let first = sb
        .client
        .reports()
        .export(&report.key, &body)
        .await
        .unwrap();
    let status = sb.client.reports().export_status(&first.key).await.unwrap();
    assert!(status.file_url.is_some());
    let second = sb
        .client
        .reports()
        .export(&report.key, &body)
        .await
        .unwrap_err();
    assert!(matches!(second, Error::RateLimited { .. }), "{second:?}");
}

#[tokio::test]
async fn partner_api_sees_its_own_data() {
    let sb = sandbox::start().await.unwrap();
    let p = &sb.partner;
    assert_eq!(
        p.partnerships().list().collect_all().await.unwrap().len(),
        3
    );
    assert_eq!(p.payouts().list().collect_all().await.unwrap().len(), 24);
    let programs = p.marketplace().list().limit(7).collect_all().await.unwrap();
    assert_eq!(programs.len(), 60);
    let one = p.marketplace().get(&programs[3].key).await.unwrap();
    assert_eq!(one.name, programs[3].name);
    assert!(one.offers.unwrap()[0].base_rate_value().is_some());
    let customers = p.customers().list().collect_all().await.unwrap();
    assert_eq!(customers.len(), 150);
    assert!(
        customers
            .iter()
            .all(|c| c.partnership_key.as_deref() == Some("part_pv0000"))
    );
    // The partner API has no single-partnership read: the sandbox says it
    // does not serve it (501 `sandbox_unsupported`), not a fake 404.
    let e = p.get_json("partnerships/part_1", &[]).await.unwrap_err();
    assert_eq!(e.status().map(|s| s.as_u16()), Some(501));
    assert_eq!(
        e.api_error().and_then(|a| a.code.as_deref()),
        Some("sandbox_unsupported")
    );
}

#[tokio::test]
async fn sandbox_serves_the_disti_categories_and_typed_bulk_results() {
    let sb = sandbox::start().await.unwrap();
    let client = sb.client_builder().retry(fast_retry()).build().unwrap();
    let cats = client.disti_listings().categories().await.unwrap();
    assert_eq!(cats.len(), 3);
    assert_eq!(cats[0].id.as_deref(), Some("1"));
    let out = client
        .exports()
        .base_records(
            &partnerstack::BaseRecordsExport::new("ops@vendor.example")
                .export_types(["partnerships"]),
        )
        .await
        .unwrap();
    assert_eq!(out.member_email.as_deref(), Some("ops@vendor.example"));
    assert!(out.queued_at.is_some());
}
