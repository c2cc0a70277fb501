//! The job helper: submit, poll with backoff, download; success, failure,
//! timeout and not-ready downloads.

mod common;

use std::collections::HashMap;
use std::time::Duration;

use affiliate_common::test_util::MockApi;
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
    let err = partner.job_runner().download(JOB).await.unwrap_err();
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
