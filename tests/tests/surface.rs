//! The family's public surface (the table in ARCHITECTURE.md, "One surface
//! across the four crates"), checked row by row on all four API crates.
//! Everything talks to 127.0.0.1 only.

use std::time::Duration;

use affiliate_common::test_util::{MockApi, fast_retry};
use affiliate_common::{Error, RateLimit};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, ResponseTemplate};

const UA: &str = "surface-test/1.0";

/// Applies the ten shared builder settings, with the same names and
/// argument types, to any of the four builders.
macro_rules! all_settings {
    ($builder:expr, $url:expr, $max:expr) => {
        $builder
            .base_url($url)
            .user_agent(UA)
            .timeout(Duration::from_secs(5))
            .connect_timeout(Duration::from_secs(2))
            .retry(fast_retry())
            .rate_limit(RateLimit::unlimited())
            .max_response_size($max)
            .follow_redirects(false)
            .allow_insecure_http(false)
    };
}

/// Mounts `GET /ping` answering `body` when the request carries our
/// User-Agent.
async fn mount_ping(api: &MockApi, body: serde_json::Value, remaining: &str) {
    Mock::given(method("GET"))
        .and(path("/ping"))
        .and(header("user-agent", UA))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-ratelimit-limit", "100")
                .insert_header("x-ratelimit-remaining", remaining)
                .set_body_json(body),
        )
        .expect(1)
        .mount(api.server())
        .await;
}

fn assert_too_large<T: std::fmt::Debug>(api: &str, r: Result<T, Error>) {
    let err = r.expect_err("a body over max_response_size must fail");
    assert!(
        matches!(err, Error::ResponseTooLarge { .. }),
        "{api}: expected ResponseTooLarge, got {err:?}"
    );
}

/// Row: `Client::builder(credentials)` and the ten shared settings. The
/// base URL, User-Agent and body limit set on the builder reach the wire.
#[tokio::test]
async fn every_builder_takes_credentials_and_the_same_settings() {
    let big = serde_json::json!({ "data": { "padding": "x".repeat(400) } });
    for api_name in ["partnerstack", "impact", "referralhero", "dub"] {
        let api = MockApi::start().await;
        mount_ping(&api, big.clone(), "10").await;
        let url = api.url();
        match api_name {
            "partnerstack" => {
                let c = all_settings!(
                    partnerstack::Client::builder(partnerstack::Auth::basic("pk", "sk")),
                    url.clone(),
                    64
                )
                .build()
                .unwrap();
                assert_eq!(c.http().base_url(), &url);
                assert_too_large(api_name, c.get_json("ping", &[]).await);
            }
            "impact" => {
                let c = all_settings!(impact_com::Client::builder("IRsid", "tok"), url.clone(), 64)
                    .build()
                    .unwrap();
                assert_eq!(c.http().base_url(), &url);
                assert_too_large(api_name, c.get_json("ping", &[]).await);
            }
            "referralhero" => {
                let c = all_settings!(referralhero::Client::builder("tok"), url.clone(), 64)
                    .build()
                    .unwrap();
                assert_eq!(c.http().base_url(), &url);
                assert_too_large(api_name, c.get_json("ping", &[]).await);
            }
            _ => {
                let c = all_settings!(dub::Client::builder("dub_key"), url.clone(), 64)
                    .build()
                    .unwrap();
                assert_eq!(c.http().base_url(), &url);
                assert_too_large(api_name, c.get_json("ping", &[]).await);
            }
        }
    }
}

/// Row: `http_client` is taken by every builder (the caller's pool is used).
#[tokio::test]
async fn every_builder_takes_a_callers_http_client() {
    let own = || {
        affiliate_common::reqwest::Client::builder()
            .redirect(affiliate_common::redirect_policy())
            .build()
            .unwrap()
    };
    let url: affiliate_common::url::Url = "http://127.0.0.1:9/".parse().unwrap();
    let ps = partnerstack::Client::builder(partnerstack::Auth::bearer("t"))
        .base_url(url.clone())
        .http_client(own())
        .build()
        .unwrap();
    let im = impact_com::Client::builder("IRsid", "tok")
        .base_url(url.clone())
        .http_client(own())
        .build()
        .unwrap();
    let rh = referralhero::Client::builder("tok")
        .base_url(url.clone())
        .http_client(own())
        .build()
        .unwrap();
    let dub = dub::Client::builder("dub_key")
        .base_url(url.clone())
        .http_client(own())
        .build()
        .unwrap();
    for base in [
        ps.http().base_url(),
        im.http().base_url(),
        rh.http().base_url(),
        dub.http().base_url(),
    ] {
        assert_eq!(base, &url);
    }
}

/// Row: plain `http` off the loopback is refused by every builder unless
/// `allow_insecure_http(true)`.
#[test]
fn every_builder_refuses_plain_http_off_loopback_the_same_way() {
    let remote: affiliate_common::url::Url = "http://api.example.test/".parse().unwrap();
    let refused = [
        partnerstack::Client::builder(partnerstack::Auth::bearer("t"))
            .base_url(remote.clone())
            .build()
            .map(drop),
        impact_com::Client::builder("IRsid", "tok")
            .base_url(remote.clone())
            .build()
            .map(drop),
        referralhero::Client::builder("tok")
            .base_url(remote.clone())
            .build()
            .map(drop),
        dub::Client::builder("dub_key")
            .base_url(remote.clone())
            .build()
            .map(drop),
    ];
    for r in refused {
        assert!(matches!(r, Err(Error::InvalidInput { .. })), "{r:?}");
    }
    assert!(
        partnerstack::Client::builder(partnerstack::Auth::bearer("t"))
            .base_url(remote.clone())
            .allow_insecure_http(true)
            .build()
            .is_ok()
    );
    assert!(
        impact_com::Client::builder("IRsid", "tok")
            .base_url(remote.clone())
            .allow_insecure_http(true)
            .build()
            .is_ok()
    );
    assert!(
        referralhero::Client::builder("tok")
            .base_url(remote.clone())
            .allow_insecure_http(true)
            .build()
            .is_ok()
    );
    assert!(
        dub::Client::builder("dub_key")
            .base_url(remote)
            .allow_insecure_http(true)
            .build()
            .is_ok()
    );
}

/// Rows: `get_json` returns `serde_json::Value` in every crate, and
/// `last_rate_limit()` reports the latest figures from the shared transport
/// (headers everywhere; ReferralHero's body `calls_left` wins over a header).
#[tokio::test]
async fn get_json_and_last_rate_limit_are_the_same_everywhere() {
    async fn setup(body: serde_json::Value) -> MockApi {
        let api = MockApi::start().await;
        mount_ping(&api, body, "41").await;
        api
    }
    let fast = |b: &MockApi| b.url();

    let api =
        setup(serde_json::json!({ "data": { "ok": true }, "message": "", "status": 200 })).await;
    let c = partnerstack::Client::builder(partnerstack::Auth::bearer("t"))
        .base_url(fast(&api))
        .user_agent(UA)
        .build()
        .unwrap();
    assert_eq!(c.last_rate_limit(), None);
    let v: serde_json::Value = c.get_json("ping", &[]).await.unwrap();
    assert_eq!(v["ok"], true);
    assert_eq!(c.last_rate_limit().unwrap().remaining, Some(41));
    assert_eq!(c.clone().last_rate_limit().unwrap().limit, Some(100));

    let api = setup(serde_json::json!({ "ok": true })).await;
    let c = impact_com::Client::builder("IRsid", "tok")
        .base_url(fast(&api))
        .user_agent(UA)
        .build()
        .unwrap();
    let v: serde_json::Value = c.get_json("ping", &[]).await.unwrap();
    assert_eq!(v["ok"], true);
    assert_eq!(c.last_rate_limit().unwrap().remaining, Some(41));

    let api = setup(serde_json::json!({ "ok": true })).await;
    let c = dub::Client::builder("dub_key")
        .base_url(fast(&api))
        .user_agent(UA)
        .build()
        .unwrap();
    let v: serde_json::Value = c.get_json("ping", &[]).await.unwrap();
    assert_eq!(v["ok"], true);
    assert_eq!(c.last_rate_limit().unwrap().remaining, Some(41));
    assert_eq!(
        c.http().last_rate_limit(),
        c.last_rate_limit(),
        "one implementation"
    );

    let api = MockApi::start().await;
    mount_ping(
        &api,
        serde_json::json!({ "status": "ok", "data": { "ok": true }, "calls_left": 7 }),
        "41",
    )
    .await;
    let c = referralhero::Client::builder("tok")
        .base_url(fast(&api))
        .user_agent(UA)
        .build()
        .unwrap();
    let v: serde_json::Value = c.get_json("ping", &[]).await.unwrap();
    assert_eq!(v["ok"], true);
    assert_eq!(
        c.last_rate_limit().unwrap().remaining,
        Some(7),
        "the body's calls_left"
    );
}

/// Keeps only values that own everything they use.
fn owned<T: Send + 'static>(t: T) -> T {
    t
}

/// Row: handlers own a clone of the client: they outlive the client they
/// came from and move into tasks.
#[tokio::test]
async fn handlers_own_their_client_and_move_into_tasks() {
    let ps = partnerstack::sandbox::start().await.unwrap();
    let handler = owned(ps.client.clone().partnerships());
    let n = tokio::spawn(async move { handler.list().limit(5).send().await })
        .await
        .unwrap()
        .unwrap()
        .items
        .len();
    assert_eq!(n, 5);

    let rh = referralhero::sandbox::start().await.unwrap();
    let handler = owned(rh.client.clone().lists());
    let lists = tokio::spawn(async move { handler.list().collect_all().await })
        .await
        .unwrap()
        .unwrap();
    assert!(!lists.is_empty());

    let dub = dub::sandbox::start().await.unwrap();
    let handler = owned(dub.client.clone().partners());
    let partners = tokio::spawn(async move { handler.list().collect_all().await })
        .await
        .unwrap()
        .unwrap();
    assert!(!partners.is_empty());

    let impact = impact_com::sandbox::start().await.unwrap();
    let brand = owned(impact.client.clone().brand(impact.client.account_sid()));
    let campaigns = tokio::spawn(async move { brand.campaigns().list().collect_all().await })
        .await
        .unwrap()
        .unwrap();
    assert!(!campaigns.is_empty());
}

/// Row: `from_env()` in every crate honours `<API>_BASE_URL`. Environment
/// variables are process-wide, so the check runs in a child process of this
/// test binary (the ignored test below), with the variables set only there.
#[tokio::test]
async fn from_env_honours_the_base_url_variable_in_every_crate() {
    let ps = MockApi::start().await;
    let im = MockApi::start().await;
    let rh = MockApi::start().await;
    let dub = MockApi::start().await;
    for (api, body) in [
        (&ps, serde_json::json!({ "data": { "api": "ps" } })),
        (&im, serde_json::json!({ "api": "im" })),
        (
            &rh,
            serde_json::json!({ "status": "ok", "data": { "api": "rh" } }),
        ),
        (&dub, serde_json::json!({ "api": "dub" })),
    ] {
        Mock::given(method("GET"))
            .and(path("/ping"))
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .expect(1)
            .mount(api.server())
            .await;
    }
    let exe = std::env::current_exe().unwrap();
    let out = tokio::process::Command::new(exe)
        .args([
            "--exact",
            "from_env_child",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("SURFACE_FROM_ENV_CHILD", "1")
        .env("PARTNERSTACK_API_KEY", "tok")
        .env_remove("PARTNERSTACK_PUBLIC_KEY")
        .env_remove("PARTNERSTACK_SECRET_KEY")
        .env("PARTNERSTACK_BASE_URL", ps.url().as_str())
        .env("IMPACT_ACCOUNT_SID", "IRsid")
        .env("IMPACT_AUTH_TOKEN", "tok")
        .env_remove("IMPACT_JWT")
        .env("IMPACT_BASE_URL", im.url().as_str())
        .env("REFERRALHERO_API_TOKEN", "tok")
        .env("REFERRALHERO_BASE_URL", rh.url().as_str())
        .env("DUB_API_KEY", "dub_key")
        .env_remove("DUB_PLAN")
        .env("DUB_BASE_URL", dub.url().as_str())
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
#[ignore = "run by from_env_honours_the_base_url_variable_in_every_crate in a child process"]
async fn from_env_child() {
    assert_eq!(
        std::env::var("SURFACE_FROM_ENV_CHILD").as_deref(),
        Ok("1"),
        "only run as a child process"
    );
    let ps = partnerstack::Client::from_env().unwrap();
    assert_eq!(ps.get_json("ping", &[]).await.unwrap()["api"], "ps");
    let im = impact_com::Client::from_env().unwrap();
    assert_eq!(im.get_json("ping", &[]).await.unwrap()["api"], "im");
    let rh = referralhero::Client::from_env().unwrap();
    assert_eq!(rh.get_json("ping", &[]).await.unwrap()["api"], "rh");
    let dub = dub::Client::from_env().unwrap();
    assert_eq!(dub.get_json("ping", &[]).await.unwrap()["api"], "dub");
}

/// Row: the sandbox switch. Without credentials in the environment, every
/// crate's `sandbox::connect()` starts its sandbox and returns the same
/// `affiliate_common::sandbox::Connection<Client, Running>` shape. Run in a
/// child process with the credential variables removed.
#[tokio::test]
async fn connect_without_credentials_starts_each_sandbox() {
    let exe = std::env::current_exe().unwrap();
    let mut cmd = tokio::process::Command::new(exe);
    cmd.args([
        "--exact",
        "connect_child",
        "--ignored",
        "--nocapture",
        "--test-threads=1",
    ])
    .env("SURFACE_CONNECT_CHILD", "1");
    for var in [
        "PARTNERSTACK_PUBLIC_KEY",
        "PARTNERSTACK_SECRET_KEY",
        "PARTNERSTACK_API_KEY",
        "IMPACT_ACCOUNT_SID",
        "IMPACT_AUTH_TOKEN",
        "REFERRALHERO_API_TOKEN",
        "DUB_API_KEY",
    ] {
        cmd.env_remove(var);
    }
    let out = cmd.output().await.unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("1 passed"),
        "child failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Every crate's `sandbox::start_with` hands its client builder to a
/// closure before building it: here the closure turns retries off, so one
/// injected 503 reaches the caller instead of being retried away. Dub's
/// seed has no settings, so its `start_with` takes the closure alone.
#[tokio::test]
async fn every_sandbox_start_with_lets_the_caller_shape_its_client() {
    use affiliate_common::RetryPolicy;
    use affiliate_common::sandbox::{Fault, Sandbox};

    /// Injects one 503, then makes `call` (not polled until then).
    async fn assert_not_retried<T>(
        api: &str,
        sandbox: &Sandbox,
        call: impl std::future::Future<Output = Result<T, Error>>,
    ) {
        sandbox.faults().fail_next(1, Fault::Status(503));
        let r = call.await;
        let requests = sandbox.faults().requests();
        let Err(err) = r else {
            panic!("{api}: the 503 was retried away ({requests} requests)");
        };
        assert_eq!(
            err.status().map(|s| s.as_u16()),
            Some(503),
            "{api}: {err:?}"
        );
        assert_eq!(requests, 1, "{api}: retried");
    }
    let no_retry = || RetryPolicy::none();

    let ps =
        partnerstack::sandbox::start_with(partnerstack::sandbox::SandboxConfig::small(), |b| {
            b.retry(no_retry())
        })
        .await
        .unwrap();
    let call = ps.client.partnerships().list().send();
    assert_not_retried("partnerstack", &ps.sandbox, call).await;

    let im = impact_com::sandbox::start_with(impact_com::sandbox::SandboxConfig::small(), |b| {
        b.retry(no_retry())
    })
    .await
    .unwrap();
    let brand = im.client.clone().brand(im.client.account_sid());
    let call = brand.campaigns().list().send();
    assert_not_retried("impact", &im.sandbox, call).await;

    let rh =
        referralhero::sandbox::start_with(referralhero::sandbox::SandboxConfig::small(), |b| {
            b.retry(no_retry())
        })
        .await
        .unwrap();
    let call = rh.client.lists().list().send();
    assert_not_retried("referralhero", &rh.sandbox, call).await;

    let dub = dub::sandbox::start_with(|b| b.retry(no_retry()))
        .await
        .unwrap();
    let call = dub.client.partners().list().send();
    assert_not_retried("dub", &dub.sandbox, call).await;
}

/// The sandbox's client is the one the connection hands out, and it works.
fn assert_sandboxed<C, R>(
    api: &str,
    conn: &affiliate_common::sandbox::Connection<C, R>,
    sandbox_url: impl Fn(&R) -> affiliate_common::url::Url,
    client_url: impl Fn(&C) -> affiliate_common::url::Url,
) {
    assert!(!conn.is_live(), "{api}");
    assert_eq!(conn.mode(), "sandbox", "{api}");
    let running = conn.sandbox.as_ref().expect("a running sandbox");
    assert_eq!(sandbox_url(running), client_url(&conn.client), "{api}");
}

#[tokio::test]
#[ignore = "run by connect_without_credentials_starts_each_sandbox in a child process"]
async fn connect_child() {
    assert_eq!(
        std::env::var("SURFACE_CONNECT_CHILD").as_deref(),
        Ok("1"),
        "only run as a child process"
    );
    let ps: partnerstack::sandbox::Connection = partnerstack::sandbox::connect().await.unwrap();
    assert_sandboxed(
        "partnerstack",
        &ps,
        |r| r.sandbox.url().clone(),
        |c| c.http().base_url().clone(),
    );
    assert!(
        !ps.client
            .partnerships()
            .list()
            .send()
            .await
            .unwrap()
            .items
            .is_empty()
    );

    let im: impact_com::sandbox::Connection = impact_com::sandbox::connect().await.unwrap();
    assert_sandboxed(
        "impact",
        &im,
        |r| r.sandbox.url().clone(),
        |c| c.http().base_url().clone(),
    );
    let brand = im.client.brand(im.client.account_sid());
    assert!(
        !brand
            .campaigns()
            .list()
            .collect_all()
            .await
            .unwrap()
            .is_empty()
    );

    let rh: referralhero::sandbox::Connection = referralhero::sandbox::connect().await.unwrap();
    assert_sandboxed(
        "referralhero",
        &rh,
        |r| r.sandbox.url().clone(),
        |c| c.http().base_url().clone(),
    );
    assert!(
        !rh.client
            .lists()
            .list()
            .collect_all()
            .await
            .unwrap()
            .is_empty()
    );

    let dub: dub::sandbox::Connection = dub::sandbox::connect().await.unwrap();
    assert_sandboxed(
        "dub",
        &dub,
        |r| r.sandbox.url().clone(),
        |c| c.http().base_url().clone(),
    );
    assert!(
        !dub.client
            .partners()
            .list()
            .collect_all()
            .await
            .unwrap()
            .is_empty()
    );
}
