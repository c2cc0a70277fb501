//! The built binary, spawned as an MCP client would: over stdio, and over
//! streamable HTTP behind its bearer token.

use std::process::Stdio;

use rmcp::ServiceExt as _;
use rmcp::model::CallToolRequestParams;
use serde_json::json;
use tokio::io::{AsyncBufReadExt as _, AsyncReadExt as _, AsyncWriteExt as _};
use tokio::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_affiliate-mcp");

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stdio_initialize_tools_list_and_one_call() {
    let mut child = Command::new(BIN)
        .args(["--sandbox", "--apis", "dub,referralhero"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let client = ().serve((stdout, stdin)).await.expect("initialize over stdio");
    assert_eq!(
        client
            .peer_info()
            .unwrap()
            .server_info
            .as_ref()
            .unwrap()
            .name,
        "affiliate-mcp"
    );
    let tools = client.list_all_tools().await.unwrap();
    assert_eq!(
        tools[0].input_schema["properties"]["api"]["enum"],
        json!(["referralhero", "dub"])
    );
    let out = client
        .call_tool(
            CallToolRequestParams::new("list_records").with_arguments(
                json!({"api": "dub", "resource": "partners", "limit": 2})
                    .as_object()
                    .unwrap()
                    .clone(),
            ),
        )
        .await
        .unwrap();
    assert_ne!(out.is_error, Some(true));
    let v = out.structured_content.unwrap();
    assert_eq!(v["records"].as_array().unwrap().len(), 2);
    client.cancel().await.unwrap();
    let status = child.wait().await.unwrap();
    assert!(status.success(), "clean exit when stdin closes: {status}");
    // Logs went to stderr; stdout carried only the protocol (the client
    // would have failed on anything else).
    let mut logs = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut logs)
        .await
        .unwrap();
    assert!(logs.contains("starting"), "{logs}");
}

/// One raw HTTP/1.1 exchange; the status code and the body.
async fn post(port: u16, auth: Option<&str>, body: &str) -> (u16, String) {
    let mut s = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .unwrap();
    let auth = auth
        .map(|a| format!("Authorization: {a}\r\n"))
        .unwrap_or_default();
    let req = format!(
        "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\n{auth}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).await.unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).await.unwrap();
    let text = String::from_utf8_lossy(&out).into_owned();
    let code = text[9..12].parse().unwrap();
    (code, text)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn http_requires_the_bearer_token_and_never_logs_it() {
    let token = "t0ken-for-the-http-test-0123456789";
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let mut child = Command::new(BIN)
        .args(["--sandbox", "--apis", "dub", "--http"])
        .arg(format!("127.0.0.1:{port}"))
        .args(["--token-env", "MCP_TEST_TOKEN"])
        .env("MCP_TEST_TOKEN", token)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    // Wait until it says it listens (no time limit: the log line is the signal).
    let mut stderr = tokio::io::BufReader::new(child.stderr.take().unwrap()).lines();
    let mut logs = String::new();
    while let Some(line) = stderr.next_line().await.unwrap() {
        logs.push_str(&line);
        logs.push('\n');
        if line.contains("serving MCP over streamable HTTP") {
            break;
        }
    }
    assert!(
        logs.contains("serving MCP"),
        "the server never listened:\n{logs}"
    );
    let init = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "0"}}})
    .to_string();
    let (code, _) = post(port, None, &init).await;
    assert_eq!(code, 401, "no token");
    let (code, _) = post(port, Some("Bearer wrong-token-of-some-length"), &init).await;
    assert_eq!(code, 401, "wrong token");
    let (code, _) = post(port, Some(&format!("Basic {token}")), &init).await;
    assert_eq!(code, 401, "not a bearer token");
    let (code, body) = post(port, Some(&format!("Bearer {token}")), &init).await;
    assert_eq!(code, 200, "{body}");
    assert!(body.contains("affiliate-mcp"), "{body}");

    child.start_kill().unwrap();
    let _ = child.wait().await;
    while let Some(line) = stderr.next_line().await.unwrap() {
        logs.push_str(&line);
        logs.push('\n');
    }
    let mut out = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .await
        .unwrap();
    assert!(
        logs.contains("refused a request without the right bearer token"),
        "{logs}"
    );
    assert!(
        !logs.contains(token) && !out.contains(token),
        "the token leaked:\n{logs}"
    );
}

#[tokio::test]
async fn http_off_loopback_needs_bind_any_and_a_token() {
    let out = Command::new(BIN)
        .args([
            "--sandbox",
            "--http",
            "0.0.0.0:0",
            "--token-env",
            "MCP_TEST_TOKEN_2",
        ])
        .env("MCP_TEST_TOKEN_2", "a-long-enough-token-value")
        .output()
        .await
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--bind-any"));

    let out = Command::new(BIN)
        .args(["--sandbox", "--http", "127.0.0.1:0"])
        .output()
        .await
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--token-env"));

    let out = Command::new(BIN)
        .args([
            "--sandbox",
            "--http",
            "127.0.0.1:0",
            "--token-env",
            "MCP_TEST_TOKEN_3",
        ])
        .env("MCP_TEST_TOKEN_3", "short")
        .output()
        .await
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("at least 16 characters") && !err.contains("short"),
        "{err}"
    );
}

#[tokio::test]
async fn credentials_come_from_the_environment_and_are_named_never_shown() {
    // Named explicitly and missing: the server refuses to start and names the variable.
    let out = Command::new(BIN)
        .args(["--apis", "dub"])
        .env_remove("DUB_API_KEY")
        .stdin(Stdio::null())
        .output()
        .await
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("DUB_API_KEY"), "{err}");
    assert!(
        out.stdout.is_empty(),
        "nothing on stdout, the protocol channel"
    );

    // Nothing configured at all: a clear refusal.
    let mut cmd = Command::new(BIN);
    for var in [
        "PARTNERSTACK_PUBLIC_KEY",
        "PARTNERSTACK_SECRET_KEY",
        "PARTNERSTACK_API_KEY",
        "IMPACT_ACCOUNT_SID",
        "IMPACT_AUTH_TOKEN",
        "IMPACT_JWT",
        "REFERRALHERO_API_TOKEN",
        "DUB_API_KEY",
    ] {
        cmd.env_remove(var);
    }
    let out = cmd.stdin(Stdio::null()).output().await.unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing to serve"));

    // Set: the key is used, and never printed (stdio session closed at once).
    let key = "dub_key_that_must_not_be_printed_42";
    let out = Command::new(BIN)
        .args(["--apis", "dub"])
        .env("DUB_API_KEY", key)
        .stdin(Stdio::null())
        .output()
        .await
        .unwrap();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(all.contains("starting"), "{all}");
    assert!(!all.contains(key), "{all}");
}
