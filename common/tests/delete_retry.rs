//! A `DELETE` retried after an attempt that may have reached the server
//! (a timeout, a 5xx) and then answered 404 or 410 was carried out by that
//! earlier attempt: the call reports success, with the 404 or 410 and the
//! attempt count in the metadata. A 404 on the first attempt, or after an
//! attempt the server certainly refused (429), stays an error; so does a 404
//! for any other method.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use affiliate_common::test_util::{MockApi, fast_retry};
use affiliate_common::{ApiPath, Client, Error, Request};
use serde::Deserialize;
use wiremock::{Mock, Respond, ResponseTemplate};

/// Answers the requests in turn with `script`, the last one repeating.
struct Script {
    n: Arc<AtomicUsize>,
    script: Vec<ResponseTemplate>,
}

impl Respond for Script {
    fn respond(&self, _: &wiremock::Request) -> ResponseTemplate {
        let i = self.n.fetch_add(1, Ordering::SeqCst);
        self.script[i.min(self.script.len() - 1)].clone()
    }
}

async fn serve(script: Vec<ResponseTemplate>) -> (MockApi, Arc<AtomicUsize>) {
    let api = MockApi::start().await;
    let n = Arc::new(AtomicUsize::new(0));
    Mock::given(wiremock::matchers::method("DELETE"))
        .respond_with(Script {
            n: n.clone(),
            script,
        })
        .mount(api.server())
        .await;
    Mock::given(wiremock::matchers::method("POST"))
        .respond_with(Script {
            n: n.clone(),
            script: vec![status(503), status(404)],
        })
        .mount(api.server())
        .await;
    (api, n)
}

fn status(code: u16) -> ResponseTemplate {
    ResponseTemplate::new(code)
        .set_body_json(serde_json::json!({"message": format!("status {code}")}))
}

fn client(api: &MockApi) -> Client {
    Client::builder(api.url())
        .retry(fast_retry())
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap()
}

fn delete() -> Request {
    Request::delete(ApiPath::new("orders").param("id", "ord_1").unwrap())
}

#[tokio::test]
async fn a_404_after_a_timed_out_attempt_is_a_done_delete() {
    // The first attempt is carried out but answered too late.
    let (api, n) = serve(vec![
        ResponseTemplate::new(204).set_delay(Duration::from_secs(5)),
        status(404),
    ])
    .await;
    let meta = client(&api).send_empty(delete()).await.unwrap();
    assert_eq!(meta.status.as_u16(), 404);
    assert_eq!(meta.attempts, 2);
    assert!(meta.already_gone());
    assert_eq!(n.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_410_after_a_5xx_is_a_done_delete() {
    let (api, _) = serve(vec![status(502), status(410)]).await;
    let meta = client(&api).send_empty(delete()).await.unwrap();
    assert_eq!(meta.status.as_u16(), 410);
    assert_eq!(meta.attempts, 2);
}

#[tokio::test]
async fn a_404_on_the_first_attempt_is_still_an_error() {
    let (api, n) = serve(vec![status(404)]).await;
    let err = client(&api).send_empty(delete()).await.unwrap_err();
    assert!(
        matches!(&err, Error::Api(e) if e.status.as_u16() == 404),
        "{err:?}"
    );
    assert_eq!(n.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_404_after_a_429_is_still_an_error() {
    // A 429 means the server refused the attempt: nothing was deleted by it.
    let (api, _) = serve(vec![
        ResponseTemplate::new(429).insert_header("retry-after", "0"),
        status(404),
    ])
    .await;
    let err = client(&api).send_empty(delete()).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
}

#[tokio::test]
async fn only_deletes_take_a_late_404_as_success() {
    let (api, _) = serve(vec![status(404)]).await;
    let post = Request::post(ApiPath::new("orders")).idempotent();
    let err = client(&api).send_empty(post).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
}

#[tokio::test]
async fn a_typed_delete_decodes_an_empty_payload() {
    #[derive(Debug, Deserialize)]
    struct Deleted {
        id: Option<String>,
    }
    let (api, _) = serve(vec![status(503), status(404)]).await;
    let resp = client(&api).send_json::<Deleted>(delete()).await.unwrap();
    assert_eq!(resp.body.id, None, "the 404 body is not the payload");
    assert!(resp.meta.already_gone());

    // A payload that cannot be empty gets the API error back.
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Strict {
        id: String,
    }
    let (api, _) = serve(vec![status(503), status(404)]).await;
    let err = client(&api)
        .send_json::<Strict>(delete())
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Api(e) if e.status.as_u16() == 404 && e.message == "status 404"),
        "{err:?}"
    );
}
