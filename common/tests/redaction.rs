//! Secrets never leak: not through `Debug` or `Display` of `Auth`, the
//! builder, the client or any error variant (each produced by a real
//! failure), not into URLs, and not into tracing spans or events. The
//! credentials still reach the server in their header.

mod support;

use std::error::Error as _;
use std::fmt::Write as _;
use std::time::Duration;

use affiliate_common::pagination::NextLink;
use affiliate_common::test_util::MockApi;
use affiliate_common::{
    ApiPath, Auth, Client, ClientBuilder, Error, Paginator, Request, RetryPolicy, Strategy,
};
use support::{BEARER, KEY, ListBody, Log, PASS, USER, assert_hidden, mount_all, schemes};
use wiremock::ResponseTemplate;

/// `Display`, `Debug`, pretty `Debug` and the whole source chain.
fn everything_shown(e: &Error) -> String {
    let mut s = format!("{e}\n{e:?}\n{e:#?}\n");
    let mut source = e.source();
    while let Some(inner) = source {
        let _ = writeln!(s, "{inner}\n{inner:?}");
        source = inner.source();
    }
    s
}

#[test]
fn auth_debug_and_display_never_show_the_secret() {
    for (auth, secrets, _, _) in schemes() {
        let shown = format!("{auth:?} {auth:#?} {auth}");
        assert_hidden(&shown, &secrets, "Auth");
        assert!(
            shown.contains("REDACTED") || shown.contains("api key"),
            "{shown}"
        );
    }
}

#[test]
fn builder_and_client_debug_never_show_the_secret() {
    for (auth, secrets, _, _) in schemes() {
        let builder = ClientBuilder::new("https://api.example.com/v2".parse().unwrap()).auth(auth);
        let shown = format!("{builder:?} {builder:#?}");
        assert_hidden(&shown, &secrets, "ClientBuilder");
        let client = builder.build().unwrap();
        let shown = format!("{client:?} {client:#?}");
        assert_hidden(&shown, &secrets, "Client");
        assert!(shown.contains("api.example.com"), "{shown}");
    }
}

#[test]
fn a_secret_a_header_cannot_carry_is_invalid_input_without_the_secret() {
    for auth in [
        Auth::bearer(format!("{BEARER}\nInjected: 1")),
        Auth::header("X-API-Key", format!("{KEY}\nInjected: 1")).unwrap(),
        Auth::header("X-API-Key", format!("{KEY}\u{7f}")).unwrap(),
    ] {
        let err = Client::builder("https://api.example.com".parse().unwrap())
            .auth(auth)
            .build()
            .unwrap_err();
        assert!(matches!(err, Error::InvalidInput { .. }), "{err:?}");
        assert_hidden(
            &everything_shown(&err),
            &[BEARER.into(), USER.into(), PASS.into(), KEY.into()],
            "InvalidInput",
        );
    }
}

/// A server that fails in every way an error variant covers.
async fn failing_api(foreign: &MockApi) -> (MockApi, Log) {
    let api = MockApi::start().await;
    let log = Log::new();
    let foreign = foreign.url();
    mount_all(
        &api,
        log.responder(move |_, req| {
            let json = |code: u16, v: serde_json::Value| {
                (ResponseTemplate::new(code).set_body_json(v), Duration::ZERO)
            };
            match req.url.path() {
                "/unauthorized" => json(401, serde_json::json!({"message": "bad credentials"})),
                "/limited" => (
                    // A short wait: a 429 pauses the whole client for it.
                    ResponseTemplate::new(429).insert_header("retry-after", "0"),
                    Duration::ZERO,
                ),
                "/slow" => (ResponseTemplate::new(200), Duration::from_millis(800)),
                "/garbage" => json(200, serde_json::json!({"items": "not a list"})),
                "/links" => json(
                    200,
                    serde_json::json!({"items": [], "next": format!("{foreign}x")}),
                ),
                _ => json(404, serde_json::json!({})),
            }
        }),
    )
    .await;
    (api, log)
}

#[tokio::test]
async fn no_error_variant_shows_the_secret() {
    let foreign = MockApi::start().await;
    let (api, log) = failing_api(&foreign).await;
    for (i, (auth, secrets, _, _)) in schemes().into_iter().enumerate() {
        let client = Client::builder(api.url())
            .auth(auth)
            .timeout(Duration::from_millis(150))
            .retry(RetryPolicy::none())
            .build()
            .unwrap();
        let get = |p: &str| Request::get(ApiPath::new(p));
        let dead = Client::builder(
            format!("http://127.0.0.1:{}/", support::dead_port())
                .parse()
                .unwrap(),
        )
        .auth(schemes().remove(i).0)
        .retry(RetryPolicy::none())
        .build()
        .unwrap();

        let mut errors = vec![
            client.send_empty(get("unauthorized")).await.unwrap_err(),
            client.send_empty(get("limited")).await.unwrap_err(),
            client.send_empty(get("slow")).await.unwrap_err(),
            client
                .send_json::<ListBody>(get("garbage"))
                .await
                .unwrap_err(),
            dead.send_empty(get("x")).await.unwrap_err(),
        ];
        let links: Paginator<ListBody> = Paginator::new(
            client.clone(),
            get("links"),
            Strategy::NextLink(NextLink::new()),
        );
        errors.push(links.collect_all().await.unwrap_err());

        let kinds: Vec<&str> = errors
            .iter()
            .map(|e| match e {
                Error::Api(_) => "api",
                Error::RateLimited { .. } => "rate_limited",
                Error::Timeout { .. } => "timeout",
                Error::Decode(_) => "decode",
                Error::Transport(_) => "transport",
                Error::Incomplete(_) => "incomplete",
                Error::InvalidInput { .. } => "invalid_input",
                _ => "other",
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "api",
                "rate_limited",
                "timeout",
                "decode",
                "transport",
                "incomplete"
            ]
        );
        for err in &errors {
            assert_hidden(&everything_shown(err), &secrets, "an error");
        }
    }
    // The credentials did reach the server, in their header only.
    let hits = log.hits();
    assert!(!hits.is_empty());
    let all_expected: Vec<String> = schemes().into_iter().map(|s| s.3).collect();
    for hit in &hits {
        let sent = [hit.header("authorization"), hit.header("x-api-key")];
        assert!(
            sent.iter()
                .flatten()
                .any(|v| all_expected.iter().any(|e| e == v)),
            "{:?}",
            hit.headers
        );
        assert!(hit.query.is_empty(), "credentials must never go in the URL");
    }
    assert!(foreign.received().await.is_empty());
}

#[tokio::test]
async fn each_scheme_reaches_the_server_in_its_header() {
    let api = MockApi::start().await;
    let log = Log::new();
    mount_all(
        &api,
        log.responder(|_, _| support::ok(serde_json::json!({}))),
    )
    .await;
    for (auth, _, header, expected) in schemes() {
        let before = log.count();
        Client::builder(api.url())
            .auth(auth)
            .build()
            .unwrap()
            .get_json("me", &[])
            .await
            .unwrap();
        let hit = &log.hits()[before];
        assert_eq!(hit.header(header), Some(expected.as_str()));
    }
}
