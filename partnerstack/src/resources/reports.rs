//! `client.reports()` and `client.exports()`: custom reports and exports.

use affiliate_common::{ApiPath, Request, Result};

use super::{ListParams, data, list_builder};
use crate::models::{
    BaseRecordsExport, BaseRecordsExportResult, ExportReport, ReportConfiguration, ReportExport,
};

/// Custom-report endpoints of the vendor API.
/// [Docs](https://docs.partnerstack.com/reference)
#[derive(Debug, Clone)]
pub struct Reports {
    http: affiliate_common::Client,
}

impl Reports {
    pub(crate) fn new(http: affiliate_common::Client) -> Self {
        Reports { http }
    }

    /// Lists saved custom reports (configuration only).
    ///
    /// `GET /vendor-report-configuration/list`: `data.items` (or a bare
    /// array) holds the configurations; `data.has_more` ends the stream.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// let reports = client.reports().list().collect_all().await?;
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> ListReportConfigurations {
        ListReportConfigurations::new(ListParams::new(
            self.http.clone(),
            Ok(ApiPath::new("vendor-report-configuration/list")),
        ))
    }

    /// Retrieves one report configuration.
    ///
    /// `GET /vendor-report-configuration/{key}`.
    ///
    /// ```no_run
    /// # async fn run(client: partnerstack::Client) -> partnerstack::Result<()> {
    /// let r = client.reports().get("vrc_123").await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Api`](crate::Error::Api) with status 404 for an unknown key,
    /// and transport, rate-limit and decode errors.
    pub async fn get(&self, key: &str) -> Result<ReportConfiguration> {
        let path = ApiPath::new("vendor-report-configuration")
            .param("vendor_report_configuration_key", key)?;
        data(&self.http, Request::get(path)).await
    }

    /// Queues an export of a custom report, emailed to a teammate.
    ///
    /// `POST /vendor-report-export/{key}`. **Rate limit:** the API allows
    /// one export per report every 2 hours, and 20 exports per teammate
    /// email every 2 hours; more get a 429. Since this is a `POST`, the
    /// client does not retry it, so a 429 surfaces as
    /// [`Error::RateLimited`](crate::Error::RateLimited) at once. Building
    /// the file can take up to 30 minutes; poll [`Reports::export_status`].
    ///
    /// ```no_run
    /// # async fn run(client: partnerstack::Client) -> partnerstack::Result<()> {
    /// use partnerstack::ExportReport;
    /// let export = client.reports().export("vrc_123", &ExportReport::new("ops@example.com")).await?;
    /// println!("queued {}", export.key);
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::RateLimited`](crate::Error::RateLimited) within the 2-hour
    /// window, [`Error::Api`](crate::Error::Api) with status 404 for an
    /// unknown report, and transport errors.
    pub async fn export(&self, key: &str, body: &ExportReport) -> Result<ReportExport> {
        let path =
            ApiPath::new("vendor-report-export").param("vendor_report_configuration_key", key)?;
        data(&self.http, Request::post(path).json(body)?).await
    }

    /// The status of a report export, with `file_url` and `file_name` once ready.
    ///
    /// `GET /vendor-report-export/export/{export_key}`.
    ///
    /// ```no_run
    /// # async fn run(client: partnerstack::Client) -> partnerstack::Result<()> {
    /// let e = client.reports().export_status("vre_123").await?;
    /// println!("{:?} {:?}", e.status, e.file_url);
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Api`](crate::Error::Api) with status 404 for an unknown key,
    /// and transport, rate-limit and decode errors.
    pub async fn export_status(&self, export_key: &str) -> Result<ReportExport> {
        let path = ApiPath::new("vendor-report-export/export")
            .param("vendor_report_export_key", export_key)?;
        data(&self.http, Request::get(path)).await
    }
}

list_builder! {
    /// The list builder of `GET /vendor-report-configuration/list`.
    pub struct ListReportConfigurations => ReportConfiguration {}
}

/// Base-records export endpoints of the vendor API.
/// [Docs](https://docs.partnerstack.com/reference)
#[derive(Debug, Clone)]
pub struct Exports {
    http: affiliate_common::Client,
}

impl Exports {
    pub(crate) fn new(http: affiliate_common::Client) -> Self {
        Exports { http }
    }

    /// Queues an export of base records (partnerships, customers, ...),
    /// emailed to `member_email`.
    ///
    /// `POST /exports/base-records`. The response shape is undocumented;
    /// [`BaseRecordsExportResult`] types the one seen, and keeps other keys.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// use partnerstack::BaseRecordsExport;
    /// let body = BaseRecordsExport::new("ops@example.com").export_types(["partnerships"]);
    /// client.exports().base_records(&body).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Api`](crate::Error::Api) with status 403 when none of the
    /// requested types is accessible, and transport errors.
    pub async fn base_records(&self, body: &BaseRecordsExport) -> Result<BaseRecordsExportResult> {
        data(
            &self.http,
            Request::post(ApiPath::new("exports/base-records")).json(body)?,
        )
        .await
    }
}
