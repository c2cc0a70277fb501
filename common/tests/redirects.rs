//! Redirects: followed only within the origin of the request, with the
//! credentials kept; anything else (another origin, too many hops, following
//! turned off) stops at the first server and is an `Error::Redirect` whose
//! location leaves out the query. A caller's own `reqwest::Client` that
//! follows a redirect elsewhere has its foreign response discarded.
//!
//! Two wiremock servers on 127.0.0.1 listen on different ports, so they are
//! different origins.

use affiliate_common::test_util::{MockApi, fast_retry};
use affiliate_common::{ApiPath, Auth, Client, Error, RedirectReason, Request, reqwest};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, ResponseTemplate};

const TOKEN: &str = "tok_REDIRECT_SECRET_42";

fn redirect_to(location: &str) -> ResponseTemplate {
    ResponseTemplate::new(302).insert_header("location", location)
}

fn ok_json() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(serde_json::json!({"ok": true}))
}

fn client_for(api: &MockApi) -> affiliate_common::ClientBuilder {
    Client::builder(api.url())
        .auth(Auth::bearer(TOKEN))
        .retry(fast_retry())
}

async fn get(client: &Client, p: &str) -> Result<serde_json::Value, Error> {
    client
        .send_json::<serde_json::Value>(Request::get(ApiPath::new(p)))
        .await
        .map(|r| r.body)
}

fn redirect_parts(err: &Error) -> (u16, Option<String>, RedirectReason) {
    match err {
        Error::Redirect {
            status,
            location,
            reason,
        } => (status.as_u16(), location.clone(), *reason),
        other => panic!("expected Error::Redirect, got {other:?}"),
    }
}

#[tokio::test]
async fn a_redirect_to_another_origin_is_refused_before_anything_reaches_it() {
    let a = MockApi::start().await;
    let b = MockApi::start().await;
    Mock::given(method("GET"))
        .and(path("/things"))
        .respond_with(redirect_to(&format!(
            "{}/landing?token=QUERY_SECRET&x=1",
            b.url().as_str().trim_end_matches('/')
        )))
        .expect(1)
        .mount(a.server())
        .await;
    Mock::given(method("GET"))
        .respond_with(ok_json())
        .expect(0)
        .mount(b.server())
        .await;
    let client = client_for(&a).build().unwrap();
    let err = get(&client, "things").await.unwrap_err();
    let (status, location, reason) = redirect_parts(&err);
    assert_eq!(status, 302);
    assert_eq!(reason, RedirectReason::CrossOrigin);
    let b_origin = b.url().origin().ascii_serialization();
    assert_eq!(location.as_deref(), Some(&*format!("{b_origin}/landing")));
    assert!(
        b.received().await.is_empty(),
        "the other origin was contacted"
    );
    assert_eq!(
        a.received().await.len(),
        1,
        "a refused redirect is not retried"
    );
    assert!(!err.is_retryable());
    assert_eq!(err.status().map(|s| s.as_u16()), Some(302));
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains("QUERY_SECRET"), "{shown}");
    assert!(!shown.contains(TOKEN), "{shown}");
}

#[tokio::test]
async fn a_same_origin_redirect_is_followed_with_the_credentials() {
    let a = MockApi::start().await;
    Mock::given(method("GET"))
        .and(path("/old"))
        .and(header("authorization", format!("Bearer {TOKEN}")))
        .respond_with(redirect_to("/new?page=2"))
        .expect(1)
        .mount(a.server())
        .await;
    Mock::given(method("GET"))
        .and(path("/new"))
        .and(header("authorization", format!("Bearer {TOKEN}")))
        .respond_with(ok_json())
        .expect(1)
        .mount(a.server())
        .await;
    let client = client_for(&a).build().unwrap();
    let body = get(&client, "old").await.unwrap();
    assert_eq!(body["ok"], true);
    let hits = a.received().await;
    assert_eq!(hits.len(), 2);
    assert_eq!(hits[1].url.query(), Some("page=2"));
}

#[tokio::test]
async fn with_following_off_even_a_same_origin_redirect_is_an_error() {
    let a = MockApi::start().await;
    Mock::given(method("GET"))
        .and(path("/old"))
        .respond_with(redirect_to("/new"))
        .expect(1)
        .mount(a.server())
        .await;
    Mock::given(method("GET"))
        .and(path("/new"))
        .respond_with(ok_json())
        .expect(0)
        .mount(a.server())
        .await;
    let client = client_for(&a).follow_redirects(false).build().unwrap();
    let err = get(&client, "old").await.unwrap_err();
    let (status, location, reason) = redirect_parts(&err);
    assert_eq!(status, 302);
    assert_eq!(reason, RedirectReason::NotFollowed);
    let origin = a.url().origin().ascii_serialization();
    assert_eq!(location.as_deref(), Some(&*format!("{origin}/new")));
}

#[tokio::test]
async fn a_redirect_loop_stops_after_five_hops() {
    let a = MockApi::start().await;
    Mock::given(method("GET"))
        .and(path("/loop"))
        .respond_with(redirect_to("/loop"))
        .mount(a.server())
        .await;
    let client = client_for(&a).build().unwrap();
    let err = get(&client, "loop").await.unwrap_err();
    let (_, _, reason) = redirect_parts(&err);
    assert_eq!(reason, RedirectReason::TooManyRedirects);
    assert_eq!(
        a.received().await.len(),
        1 + affiliate_common::client::MAX_REDIRECTS,
        "the first request and five followed hops"
    );
}

#[tokio::test]
async fn a_redirect_without_a_location_is_an_error_too() {
    let a = MockApi::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(301))
        .mount(a.server())
        .await;
    let client = client_for(&a).build().unwrap();
    let err = get(&client, "x").await.unwrap_err();
    assert_eq!(
        redirect_parts(&err),
        (301, None, RedirectReason::BadLocation)
    );
}

#[tokio::test]
async fn the_callers_client_with_our_policy_does_not_leave_the_origin() {
    let a = MockApi::start().await;
    let b = MockApi::start().await;
    Mock::given(method("GET"))
        .respond_with(redirect_to(b.url_with("/landing").as_str()))
        .mount(a.server())
        .await;
    Mock::given(method("GET"))
        .respond_with(ok_json())
        .expect(0)
        .mount(b.server())
        .await;
    let http = reqwest::Client::builder()
        .redirect(affiliate_common::redirect_policy())
        .build()
        .unwrap();
    let client = client_for(&a).http_client(http).build().unwrap();
    let err = get(&client, "x").await.unwrap_err();
    assert_eq!(redirect_parts(&err).2, RedirectReason::CrossOrigin);
    assert!(b.received().await.is_empty());
}

#[tokio::test]
async fn a_foreign_response_from_the_callers_lax_client_is_discarded() {
    let a = MockApi::start().await;
    let b = MockApi::start().await;
    Mock::given(method("GET"))
        .respond_with(redirect_to(
            b.url_with("/landing?sig=QUERY_SECRET").as_str(),
        ))
        .mount(a.server())
        .await;
    Mock::given(method("GET"))
        .and(path("/landing"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"planted": true})),
        )
        .mount(b.server())
        .await;
    // reqwest's default policy follows redirects to other hosts.
    let client = client_for(&a)
        .http_client(reqwest::Client::new())
        .build()
        .unwrap();
    let err = get(&client, "x").await.unwrap_err();
    let (status, location, reason) = redirect_parts(&err);
    assert_eq!(reason, RedirectReason::FollowedElsewhere);
    assert_eq!(status, 200, "the status of the discarded foreign response");
    let b_origin = b.url().origin().ascii_serialization();
    assert_eq!(location.as_deref(), Some(&*format!("{b_origin}/landing")));
    assert!(!format!("{err:?}").contains("QUERY_SECRET"));
}
