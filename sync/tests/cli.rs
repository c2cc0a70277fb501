//! The `affiliate` binary: exit codes, `--json`, and `kill -9` resumability.

mod support;

use std::process::{Command, Output, Stdio};
use std::time::Duration;

use serde_json::{Value, json};
use support::{fake, partnership};

const BIN: &str = env!("CARGO_BIN_EXE_affiliate");

/// Every variable the four crates read credentials or base URLs from.
const ENV: &[&str] = &[
    "PARTNERSTACK_PUBLIC_KEY",
    "PARTNERSTACK_SECRET_KEY",
    "PARTNERSTACK_API_KEY",
    "PARTNERSTACK_BASE_URL",
    "IMPACT_ACCOUNT_SID",
    "IMPACT_AUTH_TOKEN",
    "IMPACT_JWT",
    "IMPACT_BASE_URL",
    "REFERRALHERO_API_TOKEN",
    "REFERRALHERO_BASE_URL",
    "DUB_API_KEY",
    "DUB_BASE_URL",
    "AFFILIATE_SYNC_TO",
];

fn affiliate(args: &[&str], env: &[(&str, &str)]) -> Command {
    let mut c = Command::new(BIN);
    c.args(args);
    for v in ENV {
        c.env_remove(v);
    }
    for (k, v) in env {
        c.env(k, v);
    }
    c
}

async fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = affiliate(args, env);
    tokio::task::spawn_blocking(move || c.output().unwrap())
        .await
        .unwrap()
}

fn ps_env(url: &str) -> Vec<(&'static str, String)> {
    vec![
        (
            "PARTNERSTACK_PUBLIC_KEY",
            partnerstack::sandbox::PUBLIC_KEY.to_owned(),
        ),
        (
            "PARTNERSTACK_SECRET_KEY",
            partnerstack::sandbox::SECRET_KEY.to_owned(),
        ),
        ("PARTNERSTACK_BASE_URL", url.to_owned()),
    ]
}

/// The `--json` summary `out` printed, once its exit code is `code` (else
/// the failure shows its stderr).
fn summary(out: &Output, code: i32) -> Value {
    assert_eq!(
        out.status.code(),
        Some(code),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn env_refs<'a>(env: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    env.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sandbox_sync_exits_0_and_prints_a_json_summary() {
    let dir = tempfile::tempdir().unwrap();
    let to = format!("sqlite://{}", dir.path().join("a.db").display());
    let out = run(&["sync", "dub", "--sandbox", "--to", &to, "--json"], &[]).await;
    let v = summary(&out, 0);
    assert_eq!(v["exit_code"], 0);
    let dub_resources = affiliate_sync::registry::select(&["dub".into()])
        .unwrap()
        .len();
    let list = v["resources"].as_array().unwrap();
    assert_eq!(list.len(), dub_resources);
    for r in list {
        assert_eq!(r["status"], "ok", "{r}");
        for k in [
            "records",
            "new",
            "updated",
            "quarantined",
            "requests",
            "seconds",
        ] {
            assert!(r[k].is_number(), "{k} in {r}");
        }
        assert!(r["records"].as_u64().unwrap() > 0);
        assert_eq!(r["new"], r["records"]);
    }
    // `status` reads the stored state back.
    let out = run(&["status", "--to", &to, "--json"], &[]).await;
    assert_eq!(out.status.code(), Some(0));
    let states: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(states.as_array().unwrap().len(), dub_resources);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn usage_and_configuration_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let to = format!("sqlite://{}", dir.path().join("u.db").display());
    for args in [
        vec!["sync", "nosuch.resource", "--sandbox", "--to", &to],
        vec!["sync", "dub", "--sandbox", "--to", "mysql://db"],
        vec!["sync", "dub", "--sandbox", "--on-bad-record", "ignore"],
        vec!["sync", "--bogus"],
        // A named API without credentials (and no --sandbox) is an error...
        vec!["sync", "dub", "--to", &to],
    ] {
        let out = run(&args, &[]).await;
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // ...while `all` skips the APIs without credentials, with a line each.
    let out = run(&["sync", "all", "--to", &to, "--json"], &[]).await;
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    for api in ["partnerstack", "impact", "referralhero", "dub"] {
        assert!(err.contains(&format!("skipping {api}")), "{err}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quarantined_records_exit_4_and_a_failed_resource_exits_3() {
    let f = fake(vec![
        partnership(1),
        json!({"key": {"no": 1}}),
        partnership(2),
    ])
    .await;
    let env = ps_env(f.sandbox.url().as_str());
    let env = env_refs(&env);
    let dir = tempfile::tempdir().unwrap();
    let to = format!("sqlite://{}", dir.path().join("q.db").display());

    let out = run(
        &["sync", "partnerstack.partnerships", "--to", &to, "--json"],
        &env,
    )
    .await;
    let v = summary(&out, 4);
    assert_eq!(v["quarantined"], 1);
    assert_eq!(v["resources"][0]["new"], 2);

    let out = run(
        &[
            "sync",
            "partnerstack.partnerships",
            "partnerstack.customers",
            "--to",
            &to,
            "--json",
        ],
        &env,
    )
    .await;
    let v = summary(&out, 3);
    let by = |name: &str| {
        v["resources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["resource"] == name)
            .unwrap()
            .clone()
    };
    assert_eq!(by("partnerstack.partnerships")["status"], "ok");
    assert_eq!(by("partnerstack.customers")["status"], "failed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_summary_gives_the_time_a_resource_was_held_back_by_the_rate_limiter() {
    let sb = partnerstack::sandbox::start_with(
        partnerstack::sandbox::SandboxConfig::partnerships_only(600),
        |b| b,
    )
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let to = format!("sqlite://{}", dir.path().join("w.db").display());
    let env = ps_env(sb.url().as_str());
    let env = env_refs(&env);
    let args = [
        "sync",
        "partnerstack.partnerships",
        "--full-refresh",
        "--to",
        &to,
        "--json",
    ];
    let wait = |out: &Output| {
        let v = summary(out, 0);
        assert_eq!(v["resources"][0]["records"], 600, "{v}");
        v["resources"][0]["rate_limit_wait_seconds"]
            .as_f64()
            .unwrap()
    };

    // Nothing holds the run back.
    let out = run(&args, &env).await;
    assert_eq!(wait(&out), 0.0);

    // A 429 with `Retry-After: 2` pauses the client, which then reads on.
    sb.faults()
        .fail_next(1, affiliate_common::sandbox::Fault::rate_limited(2));
    let out = run(&args, &env).await;
    let waited = wait(&out);
    assert!(waited >= 1.9, "waited {waited} s");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_mid_run_then_run_again_ends_complete_without_duplicates() {
    const N: usize = 30_000;
    let sb = partnerstack::sandbox::start_with(
        partnerstack::sandbox::SandboxConfig::partnerships_only(N),
        |b| b,
    )
    .await
    .unwrap();
    // Slow pages down so the run is surely in the middle when it is killed.
    sb.faults().set_latency(Duration::from_millis(15));
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    let to = format!("sqlite://{}", db.display());
    let env = ps_env(sb.url().as_str());
    let env = env_refs(&env);
    let args = ["sync", "partnerstack.partnerships", "--to", &to, "--json"];

    let mut child = affiliate(&args, &env)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until some pages are committed (and the run is not over), then kill -9.
    let stored_before_kill = loop {
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert!(
            child.try_wait().unwrap().is_none(),
            "the run ended before it could be killed"
        );
        let Ok(conn) =
            rusqlite::Connection::open_with_flags(&db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        else {
            continue;
        };
        let state: Option<(i64, Option<String>)> = conn
            .query_row(
                "SELECT records, cursor FROM _affiliate_state WHERE resource = 'partnerstack.partnerships'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .ok();
        if let Some((records, Some(_cursor))) = state
            && records >= 2_000
        {
            break records;
        }
    };
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    assert!((stored_before_kill as usize) < N);

    sb.faults().set_latency(Duration::ZERO);
    let out = run(&args, &env).await;
    let v = summary(&out, 0);
    let r = &v["resources"][0];
    assert_eq!(r["resumed"], true, "{r}");
    // It continued after the last stored page instead of starting over.
    assert!((r["records"].as_u64().unwrap() as usize) < N, "{r}");

    let conn = rusqlite::Connection::open(&db).unwrap();
    let (rows, keys): (i64, i64) = conn
        .query_row(
            "SELECT COUNT(*), COUNT(DISTINCT key) FROM partnerstack_partnerships",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((rows as usize, keys as usize), (N, N));
    let (cursor, completed): (Option<String>, Option<String>) = conn
        .query_row(
            "SELECT cursor, completed_at FROM _affiliate_state WHERE resource = 'partnerstack.partnerships'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(cursor.is_none() && completed.is_some());
}
