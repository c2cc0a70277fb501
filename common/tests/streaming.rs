//! `Client::execute_streaming`: status checks and retries happen before the
//! body; the body then arrives chunk by chunk, with the per-attempt timeout
//! as an idle timeout between chunks (a long, steady download finishes; a
//! stalled one fails), and a body cut short is an error, never a short
//! result.

use std::time::Duration;

use affiliate_common::test_util::{MockApi, fast_retry};
use affiliate_common::{ApiPath, Client, Error, Request, TimeoutKind};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};
use wiremock::{Mock, ResponseTemplate};

async fn read_request_head(sock: &mut TcpStream) {
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = sock.read(&mut buf).await.unwrap();
        assert!(n > 0, "the client closed before sending a request");
        head.extend_from_slice(&buf[..n]);
    }
}

/// A server answering one request with a chunked body: `chunks` pieces of
/// `piece` bytes, `gap` apart; after `stall_after` pieces (if set) it stops
/// writing but keeps the connection open.
async fn chunked_server(
    chunks: usize,
    piece: usize,
    gap: Duration,
    stall_after: Option<usize>,
) -> url::Url {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap())
        .parse()
        .unwrap();
    tokio::spawn(async move {
        let (mut sock, _) = listener.accept().await.unwrap();
        read_request_head(&mut sock).await;
        sock.write_all(
            b"HTTP/1.1 200 OK\r\ncontent-type: text/csv\r\ntransfer-encoding: chunked\r\n\r\n",
        )
        .await
        .unwrap();
        for i in 0..chunks {
            if stall_after == Some(i) {
                tokio::time::sleep(Duration::from_secs(3600)).await;
            }
            let frame = format!("{piece:x}\r\n{}\r\n", "r".repeat(piece));
            sock.write_all(frame.as_bytes()).await.unwrap();
            sock.flush().await.unwrap();
            tokio::time::sleep(gap).await;
        }
        sock.write_all(b"0\r\n\r\n").await.unwrap();
        // Hold the socket until the client is done with it.
        let mut rest = Vec::new();
        let _ = sock.read_to_end(&mut rest).await;
    });
    url
}

fn client(base: url::Url, timeout: Duration) -> Client {
    Client::builder(base)
        .retry(fast_retry())
        .timeout(timeout)
        .build()
        .unwrap()
}

fn export() -> Request {
    Request::get(ApiPath::new("export"))
}

#[tokio::test(start_paused = true)]
async fn a_long_steady_download_outlives_the_per_attempt_timeout() {
    // Twenty chunks half a second apart: ten seconds in all, against a
    // one-second timeout that each gap stays under.
    let url = chunked_server(20, 100, Duration::from_millis(500), None).await;
    let started = tokio::time::Instant::now();
    let resp = client(url, Duration::from_secs(1))
        .execute_streaming(export())
        .await
        .unwrap();
    assert_eq!(resp.meta().status.as_u16(), 200);
    let mut out = Vec::new();
    let n = resp.copy_to(&mut out).await.unwrap();
    assert_eq!(n, 2_000);
    assert_eq!(out, vec![b'r'; 2_000]);
    assert!(
        started.elapsed() >= Duration::from_secs(9),
        "the download really took longer than the timeout: {:?}",
        started.elapsed()
    );
}

#[tokio::test(start_paused = true)]
async fn a_stalled_download_hits_the_idle_timeout() {
    let url = chunked_server(5, 100, Duration::from_millis(10), Some(2)).await;
    let mut resp = client(url, Duration::from_secs(1))
        .execute_streaming(export())
        .await
        .unwrap();
    let mut got = 0;
    let err = loop {
        match resp.next_chunk().await {
            Ok(Some(c)) => got += c.len(),
            Ok(None) => panic!("the stalled body ended"),
            Err(e) => break e,
        }
    };
    assert_eq!(got, 200, "the chunks before the stall arrived");
    assert_eq!(resp.bytes_received(), 200);
    assert!(
        matches!(
            err,
            Error::Timeout {
                kind: TimeoutKind::Idle,
                ..
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_body_cut_short_is_an_error() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url: url::Url = format!("http://{}/", listener.local_addr().unwrap())
        .parse()
        .unwrap();
    tokio::spawn(async move {
        let (mut sock, _) = listener.accept().await.unwrap();
        read_request_head(&mut sock).await;
        sock.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 1000\r\n\r\nonly-a-part")
            .await
            .unwrap();
        // Closing here leaves 989 promised bytes unsent.
    });
    let resp = client(url, Duration::from_secs(30))
        .execute_streaming(export())
        .await
        .unwrap();
    assert_eq!(resp.content_length(), Some(1000));
    let mut out = Vec::new();
    let err = resp.copy_to(&mut out).await.unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
}

#[tokio::test]
async fn retries_and_status_checks_come_before_the_body() {
    let api = MockApi::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(503).set_body_string("busy"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(api.server())
        .await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_body_string("a,b\n1,2\n"))
        .mount(api.server())
        .await;
    let mut resp = client(api.url(), Duration::from_secs(30))
        .execute_streaming(export())
        .await
        .unwrap();
    assert_eq!(resp.meta().attempts, 2);
    let mut body = Vec::new();
    while let Some(chunk) = resp.next_chunk().await.unwrap() {
        body.extend_from_slice(&chunk);
    }
    assert_eq!(body, b"a,b\n1,2\n");

    let api = MockApi::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(
            ResponseTemplate::new(404).set_body_json(serde_json::json!({"message": "no export"})),
        )
        .mount(api.server())
        .await;
    let err = client(api.url(), Duration::from_secs(30))
        .execute_streaming(export())
        .await
        .unwrap_err();
    let e = err.api_error().expect("an API error");
    assert_eq!(e.status.as_u16(), 404);
    assert_eq!(e.message, "no export");
}
