use affiliate_common::pagination::{Cursor, PageNumber};
use affiliate_common::test_util::{MockApi, fast_retry, records};
use affiliate_common::{ApiPath, Client, PageBody, PageParts, Paginator, Request, Strategy};
use futures::TryStreamExt;
use serde::Deserialize;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, ResponseTemplate};

#[derive(Deserialize, Debug, Clone, PartialEq)]
struct Item { id: String, n: u64 }

#[derive(Deserialize)]
struct Env { data: Data }
#[derive(Deserialize)]
struct Data { items: Vec<Item>, has_more: bool, total: Option<u64> }
impl PageBody for Env {
    type Item = Item;
    fn into_parts(self) -> PageParts<Item> {
        PageParts::new(self.data.items).has_more(Some(self.data.has_more)).total_items(self.data.total)
    }
}

#[derive(Deserialize)]
struct Numbered { items: Vec<Item>, total_pages: u64 }
impl PageBody for Numbered {
    type Item = Item;
    fn into_parts(self) -> PageParts<Item> { PageParts::new(self.items).total_pages(Some(self.total_pages)) }
}

#[tokio::test]
async fn cursor_smoke() {
    let api = MockApi::start().await;
    for (i, after) in [(0usize, None), (1, Some("x2")), (2, Some("x5"))] {
        let items = records("x", i * 3, 3);
        let mut m = Mock::given(method("GET")).and(path("/v2/things"));
        if let Some(a) = after { m = m.and(query_param("starting_after", a)); }
        m.respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"data": {"items": items, "has_more": i < 2, "total": 9}})))
            .with_priority(if after.is_some() { 1 } else { 2 })
            .mount(api.server()).await;
    }
    let client = Client::builder(api.url()).retry(fast_retry()).build().unwrap();
    let p: Paginator<Env> = Paginator::new(client, Request::get(ApiPath::new("v2/things")),
        Strategy::Cursor(Cursor::new("starting_after", |i: &Item| Some(i.id.clone()))));
    let all = p.collect_all().await.unwrap();
    assert_eq!(all.iter().map(|i| i.n).collect::<Vec<_>>(), (0..9).collect::<Vec<_>>());
}

#[tokio::test]
async fn page_number_concurrent_smoke() {
    let api = MockApi::start().await;
    for page in 1..=10u64 {
        Mock::given(method("GET")).and(path("/list")).and(query_param("page", page.to_string()))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"items": records("p", ((page-1)*5) as usize, 5), "total_pages": 10})))
            .mount(api.server()).await;
    }
    let client = Client::builder(api.url()).retry(fast_retry()).build().unwrap();
    let p: Paginator<Numbered> = Paginator::new(client, Request::get(ApiPath::new("list")),
        Strategy::PageNumber(PageNumber::new("page").page_size("per_page", 5)));
    let all: Vec<Item> = p.stream().try_collect().await.unwrap();
    assert_eq!(all.iter().map(|i| i.n).collect::<Vec<_>>(), (0..50).collect::<Vec<_>>());
}
