//! Plain `http`: `build()` refuses to send credentials over it to a host
//! other than the loopback, with an `InvalidInput` that names the fix, unless
//! the caller opts in with `allow_insecure_http(true)`. The loopback (where
//! mock servers and sandboxes live) and credential-less clients are fine.

use affiliate_common::test_util::{MockApi, fast_retry};
use affiliate_common::{ApiPath, Auth, Client, Error, Request};
use wiremock::matchers::header;
use wiremock::{Mock, ResponseTemplate};

const SECRET: &str = "sk_INSECURE_SECRET_77";

fn auths() -> Vec<Auth> {
    vec![
        Auth::bearer(SECRET),
        Auth::basic("pk_user", SECRET),
        Auth::header("X-API-Key", SECRET).unwrap(),
    ]
}

#[test]
fn credentials_over_plain_http_to_a_remote_host_are_refused() {
    for base in [
        "http://api.example.com/v2",
        "http://10.0.0.5:8080/",
        "http://[2001:db8::1]/",
        "http://localhost.example.com/",
    ] {
        for auth in auths() {
            let err = Client::builder(base.parse().unwrap())
                .auth(auth)
                .build()
                .unwrap_err();
            let Error::InvalidInput { message } = &err else {
                panic!("expected InvalidInput for {base}, got {err:?}");
            };
            assert!(message.contains("https://"), "{message}");
            assert!(message.contains("allow_insecure_http"), "{message}");
            assert!(!format!("{err} {err:?}").contains(SECRET));
        }
    }
}

#[test]
fn the_loopback_https_and_anonymous_clients_are_allowed() {
    for base in [
        "http://127.0.0.1:8080/",
        "http://127.4.5.6/",
        "http://localhost:3000/api",
        "http://[::1]:9000/",
        "https://api.example.com/v2",
    ] {
        for auth in auths() {
            Client::builder(base.parse().unwrap())
                .auth(auth)
                .build()
                .unwrap_or_else(|e| panic!("{base}: {e}"));
        }
    }
    Client::builder("http://api.example.com/".parse().unwrap())
        .build()
        .expect("no credentials, nothing to protect");
}

#[test]
fn the_opt_in_allows_a_remote_plain_http_host() {
    for auth in auths() {
        Client::builder("http://proxy.internal:8080/".parse().unwrap())
            .auth(auth)
            .allow_insecure_http(true)
            .build()
            .unwrap();
    }
}

#[tokio::test]
async fn a_loopback_mock_still_gets_the_credentials() {
    let api = MockApi::start().await;
    Mock::given(header("authorization", format!("Bearer {SECRET}")))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(api.server())
        .await;
    let client = Client::builder(api.url())
        .auth(Auth::bearer(SECRET))
        .retry(fast_retry())
        .build()
        .unwrap();
    client
        .send_empty(Request::get(ApiPath::new("ping")))
        .await
        .unwrap();
}
