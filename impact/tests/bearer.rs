//! JWT (Bearer) authentication: the token goes in `Authorization: Bearer`,
//! never as Basic, never in `Debug`; the
//! Account SID stays in the paths; `from_env` prefers `IMPACT_JWT`.

use affiliate_common::test_util::MockApi;
use impact_com::{Client, Request};
use serde_json::{Value, json};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, ResponseTemplate};

const SID: &str = "IR1";
const JWT: &str = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJJUjEifQ.c2lnbmF0dXJlLXBhcnQ";
const TOKEN: &str = "tok_should_not_be_sent";

async fn mount_campaign(api: &MockApi) {
    Mock::given(method("GET"))
        .and(path("/Advertisers/IR1/Campaigns/1000"))
        .and(header("authorization", format!("Bearer {JWT}").as_str()))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"Id": "1000", "Name": "Acme"})),
        )
        .expect(1)
        .mount(api.server())
        .await;
}

async fn get_campaign(client: &Client) -> Value {
    let brand = client.brand(client.account_sid());
    let req = Request::get(
        brand
            .scope()
            .path("Campaigns")
            .unwrap()
            .param("CampaignId", "1000")
            .unwrap(),
    );
    brand.scope().get(req).await.unwrap()
}

#[tokio::test]
async fn a_jwt_is_sent_as_bearer_with_the_sid_in_the_path() {
    let api = MockApi::start().await;
    mount_campaign(&api).await;
    let client = Client::builder(SID, TOKEN)
        .bearer_token(JWT)
        .base_url(api.url())
        .build()
        .unwrap();
    assert_eq!(get_campaign(&client).await["Name"], "Acme");
    for r in api.server().received_requests().await.unwrap() {
        let auth = r.headers.get("authorization").unwrap().to_str().unwrap();
        assert!(auth.starts_with("Bearer "), "{auth}");
    }
}

#[test]
fn debug_never_shows_the_jwt_and_an_empty_jwt_is_refused() {
    let builder = Client::builder(SID, "").bearer_token(JWT);
    let shown = format!("{builder:?}");
    assert!(
        shown.contains("Bearer") && !shown.contains(&JWT[10..30]),
        "{shown}"
    );
    let client = builder.build().unwrap();
    let shown = format!("{client:?} {:?}", client.http());
    assert!(!shown.contains(&JWT[10..30]), "{shown}");
    let err = Client::builder(SID, "tok")
        .bearer_token("  ")
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("JWT"), "{err}");
}

/// `from_env` reads process-wide variables, so it runs in a child process
/// of this test binary (the ignored test below) with the variables set there.
#[tokio::test]
async fn from_env_prefers_impact_jwt_over_the_auth_token() {
    let api = MockApi::start().await;
    mount_campaign(&api).await;
    let out = tokio::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "from_env_child", "--ignored", "--test-threads=1"])
        .env("IMPACT_BEARER_CHILD", "1")
        .env("IMPACT_ACCOUNT_SID", SID)
        .env("IMPACT_AUTH_TOKEN", TOKEN)
        .env("IMPACT_JWT", JWT)
        .env("IMPACT_BASE_URL", api.url().as_str())
        .output()
        .await
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("1 passed"),
        "child failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test]
#[ignore = "run by from_env_prefers_impact_jwt_over_the_auth_token in a child process"]
async fn from_env_child() {
    assert_eq!(std::env::var("IMPACT_BEARER_CHILD").as_deref(), Ok("1"));
    let client = Client::from_env().unwrap();
    assert_eq!(get_campaign(&client).await["Name"], "Acme");
}
