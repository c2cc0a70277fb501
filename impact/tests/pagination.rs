//! `@`-metadata pagination: next links, foreign origins, page sizes and the
//! Actions rules.

mod common;

use affiliate_common::test_util::MockApi;
use affiliate_common::{Error, IncompleteKind};
use common::*;
use futures::StreamExt as _;
use impact_com::{ImpactPage, Request};
use serde_json::{Value, json};
use wiremock::matchers::{header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, ResponseTemplate};

async fn mount_three_pages(api: &MockApi) {
    Mock::given(method("GET"))
        .and(path("/Advertisers/IR1/Campaigns"))
        .and(query_param("PageSize", "2"))
        .and(query_param_is_missing("Page"))
        .and(header("authorization", BASIC))
        .respond_with(ResponseTemplate::new(200).set_body_json(fixture("campaigns_page1.json")))
        .expect(1)
        .mount(api.server())
        .await;
    for n in ["2", "3"] {
        Mock::given(method("GET"))
            .and(path("/Advertisers/IR1/Campaigns"))
            .and(query_param("PageSize", "2"))
            .and(query_param("Page", n))
            .and(header("authorization", BASIC))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(fixture(&format!("campaigns_page{n}.json"))),
            )
            .expect(1)
            .mount(api.server())
            .await;
    }
}

#[tokio::test]
async fn follows_next_page_uris_across_three_pages_without_stopping_on_total() {
    let api = MockApi::start().await;
    mount_three_pages(&api).await;
    let brand = client(&api).brand(SID);
    let req = Request::get(brand.scope().path("Campaigns").unwrap()).query("PageSize", 2);
    // `@total` is "0" on every page: the stream must not stop or fail on it.
    let items = brand
        .scope()
        .paginate::<Value>(req)
        .unwrap()
        .collect_all()
        .await
        .unwrap();
    let ids: Vec<&str> = items.iter().map(|c| c["Id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["1000", "1001", "1002", "1003", "1004"]);
}

#[tokio::test]
async fn pages_report_metadata() {
    let api = MockApi::start().await;
    mount_three_pages(&api).await;
    let brand = client(&api).brand(SID);
    let req = Request::get(brand.scope().path("Campaigns").unwrap()).query("PageSize", 2);
    let pages: Vec<_> = brand
        .scope()
        .paginate::<Value>(req)
        .unwrap()
        .pages()
        .collect()
        .await;
    assert_eq!(pages.len(), 3);
    let first = pages[0].as_ref().unwrap();
    assert_eq!(first.total_pages, Some(3));
    assert_eq!(first.total_items, None);
    assert_eq!(pages[2].as_ref().unwrap().items.len(), 1);
}

#[tokio::test]
async fn foreign_origin_next_link_ends_the_stream_with_an_error() {
    let api = MockApi::start().await;
    Mock::given(method("GET"))
        .and(path("/Advertisers/IR1/Campaigns"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "@page": "1", "@numpages": "2", "@nextpageuri": "https://evil.example/Advertisers/IR1/Campaigns?Page=2",
            "Campaigns": [{"Id": "1"}]
        })))
        .expect(1)
        .mount(api.server())
        .await;
    let brand = client(&api).brand(SID);
    let req = Request::get(brand.scope().path("Campaigns").unwrap());
    let results: Vec<_> = brand
        .scope()
        .paginate::<Value>(req)
        .unwrap()
        .stream()
        .collect()
        .await;
    assert_eq!(results.len(), 2);
    assert_eq!(results[0].as_ref().unwrap()["Id"], "1");
    match &results[1] {
        Err(Error::Incomplete(i)) => assert!(
            matches!(i.kind, IncompleteKind::ForeignNextLink { .. }),
            "{i:?}"
        ),
        other => panic!("expected a foreign-link error, got {other:?}"),
    }
    assert_eq!(
        api.received().await.len(),
        1,
        "nothing may be sent to the foreign origin"
    );
}

#[tokio::test]
async fn default_page_size_is_sent_and_partners_key_is_read() {
    let api = MockApi::start().await;
    Mock::given(method("GET"))
        .and(path("/Advertisers/IR1/MediaPartners"))
        .and(query_param("PageSize", "1000"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "@page": "1", "@numpages": "1", "@nextpageuri": "", "Partners": [{"Id": "50001"}, {"Id": "50002"}]
        })))
        .expect(1)
        .mount(api.server())
        .await;
    let brand = client(&api).brand(SID);
    let req = Request::get(brand.scope().path("MediaPartners").unwrap());
    let page = brand
        .scope()
        .paginate::<Value>(req)
        .unwrap()
        .send()
        .await
        .unwrap();
    assert_eq!(page.items.len(), 2);
}

#[tokio::test]
async fn tap_generation_media_partners_key_decodes() {
    let api = MockApi::start().await;
    Mock::given(method("GET"))
        .and(path("/Advertisers/IR1/MediaPartners"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(fixture("media_partners_tap_page.json")),
        )
        .mount(api.server())
        .await;
    let brand = client(&api).brand(SID);
    let req = Request::get(brand.scope().path("MediaPartners").unwrap());
    let all = brand
        .scope()
        .paginate::<Value>(req)
        .unwrap()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[1]["State"], "PENDING");
}

#[tokio::test]
async fn actions_get_20000_per_page_and_a_valid_window_passes() {
    let api = MockApi::start().await;
    Mock::given(method("GET"))
        .and(path("/Mediapartners/IR1/Actions"))
        .and(query_param("PageSize", "20000"))
        .and(query_param("StartDate", "2026-01-01T00:00:00Z"))
        .and(query_param("EndDate", "2026-01-31T00:00:00Z"))
        .respond_with(ResponseTemplate::new(200).set_body_json(fixture("actions_tap_page.json")))
        .expect(1)
        .mount(api.server())
        .await;
    let partner = client(&api).partner(SID);
    let req = Request::get(partner.scope().path("Actions").unwrap())
        .query("StartDate", "2026-01-01T00:00:00Z")
        .query("EndDate", "2026-01-31T00:00:00Z");
    let actions = partner
        .scope()
        .paginate::<Value>(req)
        .unwrap()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(actions.len(), 2);
}

#[tokio::test]
async fn actions_rules_are_checked_before_anything_is_sent() {
    let api = MockApi::start().await;
    let brand = client(&api).brand(SID);
    let base = || Request::get(brand.scope().path("Actions").unwrap());
    let cases = [
        (base().query("PageSize", 500), "minimum of 2000"),
        (
            base().query("StartDate", "2026-01-01"),
            "EndDate is required",
        ),
        (
            base()
                .query("StartDate", "2025-10-01")
                .query("EndDate", "2026-01-01"),
            "45 days",
        ),
    ];
    for (req, needle) in cases {
        let err = brand.scope().paginate::<Value>(req).unwrap_err();
        assert!(matches!(err, Error::InvalidInput { .. }));
        assert!(err.to_string().contains(needle), "{err}");
    }
    // ActionUpdates follow the same rules.
    let req = Request::get(brand.scope().path("ActionUpdates").unwrap()).query("PageSize", 10);
    assert!(brand.scope().paginate::<Value>(req).is_err());
    assert!(api.received().await.is_empty());
}

#[tokio::test]
async fn actions_fixture_decodes_through_impact_page_directly() {
    let page: ImpactPage<Value> = serde_json::from_value(fixture("actions_tap_page.json")).unwrap();
    assert_eq!(page.collection_key.as_deref(), Some("Actions"));
    assert_eq!(page.num_pages, Some(1));
    assert_eq!(page.next_page_uri, None);
}

/// The shape the generated list builders take: a builder with
/// `into_paginator` calling `Scope::paginate`, plus `list_methods!`.
struct ListCampaigns {
    scope: impact_com::Scope,
    page_size: Option<u64>,
}

impl ListCampaigns {
    fn into_paginator(self) -> impact_com::Result<impact_com::Paginator<ImpactPage<Value>>> {
        let req = Request::get(self.scope.path("Campaigns")?).query_opt("PageSize", self.page_size);
        self.scope.paginate(req)
    }
}

affiliate_common::list_methods!(ListCampaigns => ImpactPage<Value>);

#[tokio::test]
async fn generated_style_list_builder_streams_every_page() {
    let api = MockApi::start().await;
    mount_three_pages(&api).await;
    let brand = client(&api).brand(SID);
    let list = ListCampaigns {
        scope: brand.scope().clone(),
        page_size: Some(2),
    };
    let items: Vec<Value> = list.stream().map(|r| r.unwrap()).collect().await;
    assert_eq!(items.len(), 5);
}

/// Page 2 of 3 leaves out `@nextpageuri`: the stream must not end there as
/// if the data were complete, one page at a time or concurrently.
#[tokio::test]
async fn a_middle_page_without_a_next_link_is_incomplete() {
    for concurrency in [Some(1), None] {
        let api = MockApi::start().await;
        let body = |page: u64, next: &str| {
            json!({
                "@page": page.to_string(), "@numpages": "3", "@pagesize": "2",
                "@nextpageuri": next,
                "Campaigns": [{"Id": format!("{page}a")}, {"Id": format!("{page}b")}]
            })
        };
        Mock::given(method("GET"))
            .and(path("/Advertisers/IR1/Campaigns"))
            .and(query_param_is_missing("Page"))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(body(1, "/Advertisers/IR1/Campaigns?PageSize=2&Page=2")),
            )
            .mount(api.server())
            .await;
        for (page, next) in [(2, ""), (3, "")] {
            Mock::given(method("GET"))
                .and(path("/Advertisers/IR1/Campaigns"))
                .and(query_param("Page", page.to_string()))
                .respond_with(ResponseTemplate::new(200).set_body_json(body(page, next)))
                .mount(api.server())
                .await;
        }
        let brand = client(&api).brand(SID);
        let req = Request::get(brand.scope().path("Campaigns").unwrap()).query("PageSize", 2);
        let mut paginator = brand.scope().paginate::<Value>(req).unwrap();
        if let Some(n) = concurrency {
            paginator = paginator.concurrency(n);
        }
        let err = paginator.collect_all().await.unwrap_err();
        match &err {
            Error::Incomplete(i) => assert_eq!(
                i.kind,
                IncompleteKind::MissingNextLink { page: 2 },
                "concurrency {concurrency:?}: {i}"
            ),
            other => panic!("concurrency {concurrency:?}: expected Incomplete, got {other:?}"),
        }
    }
}
