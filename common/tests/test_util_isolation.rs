//! Each `MockApi` is a server of its own. wiremock's `MockServer::start`
//! lends out servers from a pool shared by the whole test binary, so a
//! request still on its way to one test's server could be answered by the
//! mocks, and counted in the logs, of the next test to borrow it.

use std::io::{Read as _, Write as _};
use std::time::Duration;

use affiliate_common::test_util::MockApi;

#[tokio::test]
async fn a_request_sent_to_a_dropped_mock_api_never_reaches_a_later_one() {
    let first = MockApi::start().await;
    let addr = format!("127.0.0.1:{}", first.url().port().unwrap());
    let mut conn = std::net::TcpStream::connect(&addr).unwrap();
    conn.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    drop(first);

    let second = MockApi::start().await;
    // A request written after the first server is gone: with a shared pool,
    // the same server now answers for `second`.
    let sent = conn.write_all(b"GET /leftover HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n");
    let mut answer = Vec::new();
    // A closed connection reads as an error or as nothing; a read that
    // times out keeps whatever came before it in `answer`.
    let _ = conn.read_to_end(&mut answer);
    assert!(
        sent.is_err() || answer.is_empty(),
        "the dropped server answered: {}",
        String::from_utf8_lossy(&answer)
    );
    assert!(second.received().await.is_empty());
    assert!(second.unmatched().is_empty());
}
