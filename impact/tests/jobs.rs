//! The job helper: submit, poll with backoff, download; success, failure,
//! timeout and not-ready downloads. Downloads stream to a writer or a file
//! (not bound by the in-memory response limit), rows are parsed as they
//! arrive, and a download cut short is an error that leaves no file and no
//! partial list of rows.

mod common;

use std::collections::HashMap;
use std::time::Duration;

use affiliate_common::test_util::{MockApi, fast_retry};
use common::*;
use impact_com::jobs::{JobError, WaitOptions};
use impact_com::{JobStatus, Request};
use serde::Deserialize;
use serde_json::{Value, json};
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, ResponseTemplate};

const JOB: &str = "d8807a9f-a5ee-4e3f-ad2b-3dfd19d1915f";

fn fast() -> WaitOptions {
    WaitOptions::default()
        .initial_interval(Duration::from_millis(10))
        .max_interval(Duration::from_millis(40))
        .timeout(Duration::from_secs(5))
}

async fn mount_export(api: &MockApi) {
    Mock::given(method("GET"))
        .and(path("/Advertisers/IR1/ReportExport/adv_performance"))
        .and(query_param("ResultFormat", "CSV"))
        .and(header("authorization", BASIC))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(fixture("report_export_queued.json")),
        )
        .expect(1)
        .mount(api.server())
        .await;
}

async fn mount_polls(api: &MockApi, running: u64, last: &str) {
    let job_path = format!("/Advertisers/IR1/Jobs/{JOB}");
    if running > 0 {
        Mock::given(method("GET"))
            .and(path(job_path.clone()))
            .respond_with(ResponseTemplate::new(200).set_body_json(fixture("job_running.json")))
            .up_to_n_times(running)
            .with_priority(1)
            .mount(api.server())
            .await;
    }
    Mock::given(method("GET"))
        .and(path(job_path))
        .respond_with(ResponseTemplate::new(200).set_body_json(fixture(last)))
        .mount(api.server())
        .await;
}

async fn mount_download(api: &MockApi) {
    Mock::given(method("GET"))
        .and(path(format!("/Advertisers/IR1/Jobs/{JOB}/Download")))
        .and(query_param("Mode", "Stream"))
        .and(header("accept", "*/*"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(fixture_bytes("report.csv"), "text/csv"),
        )
        .expect(1)
        .mount(api.server())
        .await;
}

fn export(brand: &impact_com::BrandClient) -> Request {
    Request::get(
        brand
            .scope()
            .path("ReportExport")
            .unwrap()
            .param("ReportId", "adv_performance")
            .unwrap(),
    )
    .query("ResultFormat", "CSV")
}

#[tokio::test]
async fn run_csv_submits_polls_until_completed_and_parses_rows() {
    let api = MockApi::start().await;
    mount_export(&api).await;
    mount_polls(&api, 2, "job_completed.json").await;
    mount_download(&api).await;
    let brand = client(&api).brand(SID);
    let rows = brand
        .job_runner()
        .run_csv(export(&brand), &fast())
        .await
        .unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["Date"], "2026-01-01");
    assert_eq!(rows[1]["Revenue"], "880.00");
    let polls = api
        .received()
        .await
        .iter()
        .filter(|r| r.url.path() == format!("/Advertisers/IR1/Jobs/{JOB}"))
        .count();
    assert_eq!(polls, 3, "two RUNNING polls, then COMPLETED");
}

#[tokio::test]
async fn step_by_step_with_typed_rows() {
    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct Row {
        date: String,
        actions: u32,
        payout: f64,
    }
    let api = MockApi::start().await;
    mount_export(&api).await;
    mount_polls(&api, 1, "job_completed.json").await;
    mount_download(&api).await;
    let brand = client(&api).brand(SID);
    let jobs = brand.job_runner();
    let ticket = jobs.submit(export(&brand)).await.unwrap();
    assert_eq!(ticket.id, JOB);
    assert!(ticket.submission.as_ref().unwrap().is_queued());
    let once = jobs.status(&ticket.id).await.unwrap();
    assert_eq!(once.status, Some(JobStatus::Running));
    assert_eq!(once.records_processed, Some(120));
    let done = jobs.wait(&ticket.id, &fast()).await.unwrap();
    assert_eq!(done.status, Some(JobStatus::Completed));
    assert_eq!(done.percentage_complete, Some(100));
    let rows: Vec<Row> = jobs.download_csv_as(&ticket.id).await.unwrap();
    assert_eq!(rows[0].date, "2026-01-01");
    assert_eq!(rows[0].actions, 12);
    assert!((rows[1].payout - 70.40).abs() < 1e-9);
}

#[tokio::test]
async fn failed_job_is_a_typed_error() {
    let api = MockApi::start().await;
    mount_export(&api).await;
    mount_polls(&api, 1, "job_failed.json").await;
    let brand = client(&api).brand(SID);
    let err = brand
        .job_runner()
        .run(export(&brand), &fast())
        .await
        .unwrap_err();
    match &err {
        JobError::Failed { job } => {
            assert_eq!(job.status, Some(JobStatus::Failed));
            assert_eq!(
                job.status_message.as_deref(),
                Some("Report failed: invalid filter")
            );
        }
        other => panic!("expected Failed, got {other:?}"),
    }
    assert!(err.to_string().contains("FAILED"), "{err}");
}

#[tokio::test]
async fn a_job_that_never_finishes_times_out() {
    let api = MockApi::start().await;
    mount_polls(&api, 0, "job_running.json").await;
    let brand = client(&api).brand(SID);
    let opts = WaitOptions::default()
        .initial_interval(Duration::from_millis(20))
        .max_interval(Duration::from_millis(40))
        .timeout(Duration::from_millis(200));
    let err = brand.job_runner().wait(JOB, &opts).await.unwrap_err();
    match err {
        JobError::TimedOut { id, waited, last } => {
            assert_eq!(id, JOB);
            // It gave up only once the next poll (at most 40 ms away) would
            // have passed the 200 ms timeout.
            assert!(
                waited + Duration::from_millis(40) > Duration::from_millis(200),
                "{waited:?}"
            );
            assert_eq!(last.unwrap().status, Some(JobStatus::Running));
        }
        other => panic!("expected TimedOut, got {other:?}"),
    }
    let polls = api.received().await.len();
    assert!((3..=10).contains(&polls), "backoff polls: {polls}");
}

#[tokio::test]
async fn download_before_completion_is_not_ready() {
    let api = MockApi::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/Mediapartners/IR1/Jobs/{JOB}/Download")))
        .respond_with(ResponseTemplate::new(202).set_body_json(fixture("job_running.json")))
        .mount(api.server())
        .await;
    let partner = client(&api).partner(SID);
    let mut out = Vec::new();
    let err = partner
        .job_runner()
        .download_to(JOB, &mut out)
        .await
        .unwrap_err();
    assert!(out.is_empty(), "the job status is not the file");
    assert!(
        matches!(err, JobError::NotReady { ref job } if job.status == Some(JobStatus::Running)),
        "{err:?}"
    );
}

#[tokio::test]
async fn click_export_returning_a_job_object_and_json_rows() {
    let api = MockApi::start().await;
    Mock::given(method("GET"))
        .and(path("/Advertisers/IR1/Programs/1000/ClickExport"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"Id": "job-9", "Status": "QUEUED", "Type": "ClickExport"})),
        )
        .mount(api.server())
        .await;
    Mock::given(method("GET"))
        .and(path("/Advertisers/IR1/Jobs/job-9"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"Id": "job-9", "Status": "COMPLETED"})),
        )
        .mount(api.server())
        .await;
    Mock::given(method("GET"))
        .and(path("/Advertisers/IR1/Jobs/job-9/Download"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"Records": [{"ClickId": "c1"}, {"ClickId": "c2"}]})),
        )
        .mount(api.server())
        .await;
    let brand = client(&api).brand(SID);
    let jobs = brand.job_runner();
    let req = Request::get(
        brand
            .scope()
            .path("Programs")
            .unwrap()
            .param("ProgramId", "1000")
            .unwrap()
            .lit("ClickExport"),
    );
    let ticket = jobs.submit(req).await.unwrap();
    assert_eq!(ticket.id, "job-9");
    assert!(ticket.job.is_some());
    jobs.wait(&ticket.id, &fast()).await.unwrap();
    let rows: Vec<HashMap<String, Value>> = jobs.download_json_rows(&ticket.id).await.unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1]["ClickId"], "c2");
}

#[tokio::test]
async fn a_submission_without_a_job_is_reported() {
    let api = MockApi::start().await;
    Mock::given(method("GET"))
        .and(path("/Advertisers/IR1/ReportExport/adv_performance"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"Status": "OK"})))
        .mount(api.server())
        .await;
    let brand = client(&api).brand(SID);
    let err = brand.job_runner().submit(export(&brand)).await.unwrap_err();
    assert!(matches!(err, JobError::NoJob { .. }), "{err:?}");
}

const CSV: &str = "Date,Clicks\n2026-01-01,5\n2026-01-02,7\n";

async fn mount_completed_download(api: &MockApi, body: Vec<u8>) {
    Mock::given(method("GET"))
        .and(path(format!("/Advertisers/IR1/Jobs/{JOB}/Download")))
        .and(query_param("Mode", "Stream"))
        .and(header("authorization", BASIC))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "text/csv"))
        .expect(1)
        .mount(api.server())
        .await;
}

/// A fresh path in the temp directory (the file is not created).
fn temp_path(name: &str) -> std::path::PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    std::env::temp_dir().join(format!(
        "impact-jobs-test-{}-{nanos}-{name}",
        std::process::id()
    ))
}

#[tokio::test]
async fn download_to_streams_the_file_into_a_writer() {
    let api = MockApi::start().await;
    mount_completed_download(&api, CSV.as_bytes().to_vec()).await;
    let brand = client(&api).brand(SID);
    let mut out = Vec::new();
    let n = brand.job_runner().download_to(JOB, &mut out).await.unwrap();
    assert_eq!(n, CSV.len() as u64);
    assert_eq!(out, CSV.as_bytes());
}

#[tokio::test]
async fn downloads_are_not_bound_by_the_in_memory_limit() {
    // 64 KiB of rows against a 1 KiB limit: streamed, they all arrive.
    let mut body = String::from("Date,Clicks\n");
    while body.len() < 64 * 1024 {
        body.push_str("2026-01-01,5\n");
    }
    let api = MockApi::start().await;
    mount_completed_download(&api, body.clone().into_bytes()).await;
    let brand = builder(&api)
        .max_response_size(1024)
        .build()
        .unwrap()
        .brand(SID);
    let path = temp_path("big.csv");
    let n = brand
        .job_runner()
        .download_to_file(JOB, &path)
        .await
        .unwrap();
    assert_eq!(n, body.len() as u64);
    assert_eq!(std::fs::read(&path).unwrap(), body.as_bytes());
    std::fs::remove_file(&path).unwrap();

    let api = MockApi::start().await;
    mount_completed_download(&api, body.clone().into_bytes()).await;
    let brand = builder(&api)
        .max_response_size(1024)
        .build()
        .unwrap()
        .brand(SID);
    let rows = brand.job_runner().download_csv(JOB).await.unwrap();
    assert_eq!(rows.len(), body.lines().count() - 1);
}

/// A server that answers one request with a CSV whose `Content-Length`
/// promises more than it sends, then closes the connection.
async fn truncating_server() -> affiliate_common::url::Url {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap())
        .parse()
        .unwrap();
    tokio::spawn(async move {
        let (mut sock, _) = listener.accept().await.unwrap();
        let mut head = Vec::new();
        let mut buf = [0u8; 1024];
        while !head.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = sock.read(&mut buf).await.unwrap();
            if n == 0 {
                return;
            }
            head.extend_from_slice(&buf[..n]);
        }
        let part = "Date,Clicks\n2026-01-01,5\n";
        let reply = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: text/csv\r\ncontent-length: 10000\r\n\r\n{part}"
        );
        sock.write_all(reply.as_bytes()).await.unwrap();
    });
    url
}

fn raw_client(url: affiliate_common::url::Url) -> impact_com::Client {
    impact_com::Client::builder(SID, TOKEN)
        .base_url(url)
        .retry(fast_retry())
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_download_cut_short_leaves_no_file() {
    let brand = raw_client(truncating_server().await).brand(SID);
    let path = temp_path("cut.csv");
    let err = brand
        .job_runner()
        .download_to_file(JOB, &path)
        .await
        .unwrap_err();
    assert!(
        matches!(err, JobError::Request(impact_com::Error::Transport(_))),
        "{err:?}"
    );
    assert!(!path.exists(), "a partial file was left behind");
}

#[tokio::test]
async fn rows_of_a_download_cut_short_are_an_error_not_a_short_list() {
    let brand = raw_client(truncating_server().await).brand(SID);
    let err = brand.job_runner().download_csv(JOB).await.unwrap_err();
    assert!(
        matches!(err, JobError::Request(impact_com::Error::Transport(_))),
        "{err:?}"
    );
}

#[tokio::test]
async fn bad_csv_in_a_stream_is_a_parse_error() {
    let api = MockApi::start().await;
    mount_completed_download(&api, b"a,b\n1,2\n1,2,3\n".to_vec()).await;
    let brand = client(&api).brand(SID);
    let err = brand.job_runner().download_csv(JOB).await.unwrap_err();
    assert!(matches!(err, JobError::Parse { .. }), "{err:?}");
}

#[tokio::test]
async fn run_to_submits_waits_and_streams() {
    let api = MockApi::start().await;
    mount_export(&api).await;
    mount_polls(&api, 1, "job_completed.json").await;
    mount_download(&api).await;
    let brand = client(&api).brand(SID);
    let mut out = Vec::new();
    let n = brand
        .job_runner()
        .run_to(export(&brand), &fast(), &mut out)
        .await
        .unwrap();
    assert_eq!(out, fixture_bytes("report.csv"));
    assert_eq!(n, out.len() as u64);
}

#[tokio::test]
async fn run_returns_the_completed_job_with_its_id() {
    let api = MockApi::start().await;
    mount_export(&api).await;
    mount_polls(&api, 1, "job_completed.json").await;
    let brand = client(&api).brand(SID);
    let job = brand
        .job_runner()
        .run(export(&brand), &fast())
        .await
        .unwrap();
    assert_eq!(job.status, Some(JobStatus::Completed));
    assert_eq!(job.id.as_deref(), Some(JOB));
}
