//! One wiremock test per report and export endpoint.

mod common;

use common::{FIRST_PAGE, api, expect, fx};
use partnerstack::{BaseRecordsExport, Error, ExportReport, ExportStatus};
use serde_json::json;

#[tokio::test]
async fn list_configurations_accepts_a_bare_array() {
    let api = api().await;
    expect(
        "GET",
        "/vendor-report-configuration/list",
        fx("reports/configurations.json"),
    )
    .query(FIRST_PAGE)
    .mount(&api.mock)
    .await;
    let reports = api.client.reports().list().collect_all().await.unwrap();
    assert_eq!(reports[0].name.as_deref(), Some("Monthly revenue"));
}

#[tokio::test]
async fn get_configuration() {
    let api = api().await;
    expect(
        "GET",
        "/vendor-report-configuration/vrc_1",
        fx("reports/configuration.json"),
    )
    .mount(&api.mock)
    .await;
    assert_eq!(
        api.client
            .reports()
            .get("vrc_1")
            .await
            .unwrap()
            .kind
            .as_deref(),
        Some("custom")
    );
}

#[tokio::test]
async fn export_posts_the_member_email() {
    let api = api().await;
    expect(
        "POST",
        "/vendor-report-export/vrc_1",
        fx("reports/export.json"),
    )
    .body(json!({"member_email": "ops@vendor.example"}))
    .mount(&api.mock)
    .await;
    let e = api
        .client
        .reports()
        .export("vrc_1", &ExportReport::new("ops@vendor.example"))
        .await
        .unwrap();
    assert_eq!(e.status, Some(ExportStatus::Queued));
    assert_eq!(e.file_url, None);
}

#[tokio::test]
async fn export_within_two_hours_is_rate_limited_and_not_retried() {
    let api = api().await;
    expect(
        "POST",
        "/vendor-report-export/vrc_1",
        fx("errors/rate_limited.json"),
    )
    .body(json!({"member_email": "ops@vendor.example"}))
    .status(429)
    .mount(&api.mock)
    .await;
    let e = api
        .client
        .reports()
        .export("vrc_1", &ExportReport::new("ops@vendor.example"))
        .await
        .unwrap_err();
    assert!(matches!(e, Error::RateLimited { .. }), "{e}");
}

#[tokio::test]
async fn export_status_reads_the_file() {
    let api = api().await;
    expect(
        "GET",
        "/vendor-report-export/export/vre_1",
        fx("reports/export_status.json"),
    )
    .mount(&api.mock)
    .await;
    let e = api.client.reports().export_status("vre_1").await.unwrap();
    assert_eq!(
        e.status,
        Some(ExportStatus::Completed),
        "`done` is an alias"
    );
    assert_eq!(e.file_name.as_deref(), Some("monthly.csv"));
}

#[tokio::test]
async fn base_records_export() {
    let api = api().await;
    expect("POST", "/exports/base-records", fx("reports/base_records.json"))
        .body(json!({"member_email": "ops@vendor.example", "export_types": ["partnerships", "customers"]}))
        .mount(&api.mock)
        .await;
    let out = api
        .client
        .exports()
        .base_records(
            &BaseRecordsExport::new("ops@vendor.example")
                .export_types(["partnerships", "customers"]),
        )
        .await
        .unwrap();
    assert_eq!(out.queued, Some(true));
    assert_eq!(out.extra["job"], "exp_1");
}
