//! `client.reports()` and `client.exports()`: custom reports and exports.

use affiliate_common::ApiPath;

use super::{ListParams, list_builder};
use crate::models::ReportConfiguration;

/// Custom-report endpoints of the vendor API.
/// [Docs](https://docs.partnerstack.com/reference)
#[derive(Debug, Clone)]
pub struct Reports {
    pub(crate) http: affiliate_common::Client,
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
}

list_builder! {
    /// The list builder of `GET /vendor-report-configuration/list`.
    pub struct ListReportConfigurations => ReportConfiguration {}
}

/// Base-records export endpoints of the vendor API.
/// [Docs](https://docs.partnerstack.com/reference)
#[derive(Debug, Clone)]
pub struct Exports {
    pub(crate) http: affiliate_common::Client,
}

impl Exports {
    pub(crate) fn new(http: affiliate_common::Client) -> Self {
        Exports { http }
    }
}
