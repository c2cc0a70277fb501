//! The response size limit: a body over `max_response_size` is an
//! `Error::ResponseTooLarge` naming the limit, for success and error bodies
//! alike, never retried. A `Content-Length` over the limit fails before the
//! body is read; a chunked body fails as soon as it passes the limit, and
//! the client stops reading (the server sees the connection close long
//! before it could finish).

use std::time::Duration;

use affiliate_common::test_util::{MockApi, fast_retry};
use affiliate_common::{ApiPath, Client, DEFAULT_MAX_RESPONSE_SIZE, Error, Request};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpListener;
use wiremock::{Mock, ResponseTemplate};

const LIMIT: u64 = 1024;

fn client(base: url::Url) -> Client {
    Client::builder(base)
        .retry(fast_retry())
        .max_response_size(LIMIT)
        .build()
        .unwrap()
}

async fn get(client: &Client) -> Result<affiliate_common::RawResponse, Error> {
    client.execute(Request::get(ApiPath::new("export"))).await
}

fn too_large(err: &Error) -> (u64, u16) {
    match err {
        Error::ResponseTooLarge { limit, status } => (*limit, status.as_u16()),
        other => panic!("expected ResponseTooLarge, got {other:?}"),
    }
}

#[test]
fn the_default_limit_is_64_mib() {
    assert_eq!(DEFAULT_MAX_RESPONSE_SIZE, 64 * 1024 * 1024);
}

#[tokio::test]
async fn a_body_over_the_limit_is_an_error_naming_the_limit() {
    let api = MockApi::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_body_bytes(vec![b'x'; LIMIT as usize + 1]))
        .mount(api.server())
        .await;
    let err = get(&client(api.url())).await.unwrap_err();
    assert_eq!(too_large(&err), (LIMIT, 200));
    assert!(!err.is_retryable());
    assert_eq!(err.status().map(|s| s.as_u16()), Some(200));
    assert!(err.to_string().contains("1024 bytes"), "{err}");
    assert_eq!(api.received().await.len(), 1, "not retried");
}

#[tokio::test]
async fn a_body_at_the_limit_is_read() {
    let api = MockApi::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_body_bytes(vec![b'x'; LIMIT as usize]))
        .mount(api.server())
        .await;
    let raw = get(&client(api.url())).await.unwrap();
    assert_eq!(raw.body.len() as u64, LIMIT);
}

#[tokio::test]
async fn an_error_body_over_the_limit_is_too_large_and_not_retried() {
    let api = MockApi::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(503).set_body_bytes(vec![b'e'; 4 * LIMIT as usize]))
        .mount(api.server())
        .await;
    let err = get(&client(api.url())).await.unwrap_err();
    assert_eq!(too_large(&err), (LIMIT, 503));
    assert_eq!(api.received().await.len(), 1, "not retried");
}

/// Accepts one connection, reads the request head, and writes `head`; then
/// keeps the connection open until the client closes it. Returns whether the
/// client closed it.
async fn serve_head_then_hold(head: String) -> (url::Url, tokio::task::JoinHandle<bool>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap())
        .parse()
        .unwrap();
    let task = tokio::spawn(async move {
        let (mut sock, _) = listener.accept().await.unwrap();
        read_request_head(&mut sock).await;
        sock.write_all(head.as_bytes()).await.unwrap();
        let mut buf = [0u8; 64];
        // Anything but a close (or reset) means the client kept waiting.
        matches!(sock.read(&mut buf).await, Ok(0) | Err(_))
    });
    (url, task)
}

async fn read_request_head(sock: &mut tokio::net::TcpStream) {
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = sock.read(&mut buf).await.unwrap();
        assert!(n > 0, "the client closed before sending a request");
        head.extend_from_slice(&buf[..n]);
    }
}

#[tokio::test]
async fn a_content_length_over_the_limit_fails_before_the_body_is_read() {
    // The server promises a gigabyte, sends ten bytes and waits. Reading the
    // body would hang until the per-attempt timeout; the error must come from
    // the header alone.
    let head =
        "HTTP/1.1 200 OK\r\ncontent-type: text/csv\r\ncontent-length: 1000000000\r\n\r\n0123456789"
            .to_owned();
    let (url, server) = serve_head_then_hold(head).await;
    let client = Client::builder(url)
        .retry(fast_retry().max_attempts(1))
        .timeout(Duration::from_secs(600))
        .max_response_size(LIMIT)
        .build()
        .unwrap();
    let err = get(&client).await.unwrap_err();
    assert_eq!(too_large(&err), (LIMIT, 200));
    assert!(server.await.unwrap(), "the client kept the connection open");
}

#[tokio::test]
async fn a_chunked_body_stops_as_soon_as_it_passes_the_limit() {
    const CHUNK: usize = 64 * 1024;
    const TOTAL: usize = 256 * 1024 * 1024;
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url: url::Url = format!("http://{}/", listener.local_addr().unwrap())
        .parse()
        .unwrap();
    // Writes a 256 MiB chunked body and reports how much it managed to
    // write before the client closed the connection.
    let server = tokio::spawn(async move {
        let (mut sock, _) = listener.accept().await.unwrap();
        read_request_head(&mut sock).await;
        sock.write_all(
            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n",
        )
        .await
        .unwrap();
        let data = vec![b'x'; CHUNK];
        let frame = [
            format!("{CHUNK:x}\r\n").into_bytes(),
            data,
            b"\r\n".to_vec(),
        ]
        .concat();
        let mut written = 0usize;
        while written < TOTAL {
            if sock.write_all(&frame).await.is_err() {
                return written;
            }
            written += CHUNK;
        }
        let _ = sock.write_all(b"0\r\n\r\n").await;
        written
    });
    let limit = 1024 * 1024;
    let client = Client::builder(url)
        .retry(fast_retry())
        .max_response_size(limit)
        .build()
        .unwrap();
    let err = get(&client).await.unwrap_err();
    match err {
        Error::ResponseTooLarge { limit: l, status } => {
            assert_eq!(l, limit);
            assert_eq!(status.as_u16(), 200);
        }
        other => panic!("expected ResponseTooLarge, got {other:?}"),
    }
    // The client is still alive: only the abandoned body closed the socket.
    let written = server.await.unwrap();
    assert!(
        written < TOTAL,
        "the server wrote the whole {TOTAL} bytes: the client kept reading"
    );
    drop(client);
}

#[tokio::test]
async fn streaming_downloads_are_not_bound_by_the_limit() {
    let api = MockApi::start().await;
    let body = vec![b'z'; 16 * LIMIT as usize];
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_body_bytes(body.clone()))
        .mount(api.server())
        .await;
    let client = client(api.url());
    let resp = client
        .execute_streaming(Request::get(ApiPath::new("export")))
        .await
        .unwrap();
    let mut out = Vec::new();
    let n = resp.copy_to(&mut out).await.unwrap();
    assert_eq!(n, body.len() as u64);
    assert_eq!(out, body);
}
