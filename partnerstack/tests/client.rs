//! Client behaviour: auth schemes, the error envelope, retries, the raw
//! escape hatch and secret redaction.

mod common;

use common::{api, expect, fx};
use partnerstack::{Client, Error, NewCustomer};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

#[tokio::test]
async fn vendor_bearer_auth() {
    let api = api().await;
    let client = Client::builder(partnerstack::Auth::bearer("vendor_token"))
        .base_url(api.mock.url_with("/api/v2"))
        .build()
        .unwrap();
    expect("GET", "/customers/cus_1", fx("customers/get.json"))
        .header("authorization", "Bearer vendor_token")
        .mount(&api.mock)
        .await;
    client.customers().get("cus_1").await.unwrap();
}

#[tokio::test]
async fn error_envelope_becomes_api_errors() {
    let api = api().await;
    expect("GET", "/customers/nope", fx("errors/not_found.json"))
        .status(404)
        .mount(&api.mock)
        .await;
    expect("GET", "/customers/bad", fx("errors/unauthorized.json"))
        .status(401)
        .mount(&api.mock)
        .await;
    expect("GET", "/customers/legacy", fx("errors/legacy_error.json"))
        .status(403)
        .mount(&api.mock)
        .await;

    let e = api.client.customers().get("nope").await.unwrap_err();
    let a = e.api_error().unwrap();
    assert_eq!((a.status.as_u16(), a.message.as_str()), (404, "Not Found"));
    assert!(!e.is_retryable());

    let e = api.client.customers().get("bad").await.unwrap_err();
    assert_eq!(
        e.api_error().unwrap().message,
        "Unauthorized",
        "string status accepted"
    );
    assert_eq!(e.api_error().unwrap().code, None);

    let e = api.client.customers().get("legacy").await.unwrap_err();
    assert_eq!(
        e.api_error().unwrap().message,
        "Invalid API key",
        "`error` fallback"
    );
}

#[tokio::test]
async fn reads_retry_429_with_retry_after_and_5xx() {
    let api = api().await;
    let s = api.mock.server();
    Mock::given(method("GET"))
        .and(path("/api/v2/groups"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "0")
                .set_body_json(fx("errors/rate_limited.json")),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(s)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/groups"))
        .respond_with(ResponseTemplate::new(503).set_body_string("<html>unavailable</html>"))
        .up_to_n_times(1)
        .with_priority(2)
        .mount(s)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/groups"))
        .respond_with(ResponseTemplate::new(200).set_body_json(fx("groups/list.json")))
        .with_priority(3)
        .mount(s)
        .await;
    let page = api.client.groups().list().send().await.unwrap();
    assert_eq!(page.items.len(), 2);
    assert_eq!(page.meta.attempts, 3);
}

#[tokio::test]
async fn writes_are_not_retried_after_a_5xx() {
    let api = api().await;
    Mock::given(method("POST"))
        .and(path("/api/v2/customers"))
        .respond_with(
            ResponseTemplate::new(502)
                .set_body_json(json!({"message": "Bad Gateway", "status": 502})),
        )
        .expect(1)
        .mount(api.mock.server())
        .await;
    let e = api
        .client
        .customers()
        .create(&NewCustomer::new("a@b.co", "gstest"))
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Api(ref a) if a.status.as_u16() == 502));
}

#[tokio::test]
async fn get_json_unwraps_the_envelope() {
    let api = api().await;
    expect(
        "GET",
        "/disti-listings/categories",
        json!({"data": [{"id": 1, "slug": "crm", "name": "CRM"}], "status": "200"}),
    )
    .query(&[("limit", "5")])
    .mount(&api.mock)
    .await;
    let v = api
        .client
        .get_json("disti-listings/categories", &[("limit", "5")])
        .await
        .unwrap();
    assert_eq!(v[0]["slug"], "crm");
}

#[test]
fn secrets_never_print_and_credentials_are_required() {
    let c = Client::new("pk_live_SECRET1", "sk_live_SECRET2").unwrap();
    let shown = format!("{c:?}");
    assert!(!shown.contains("SECRET"), "{shown}");
    let e = Client::builder(partnerstack::Auth::None)
        .build()
        .unwrap_err();
    assert!(matches!(e, Error::Config { .. }));
    let e = Client::with_bearer("tok\nSECRET").unwrap_err();
    assert!(!e.to_string().contains("SECRET"));
}
