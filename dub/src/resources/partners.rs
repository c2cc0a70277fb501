//! The partners list (page/pageSize) and partner analytics.

use affiliate_common::{ApiPath, Paginator, Request};

use super::pagination::page_number;
use crate::Result;
use crate::models::Partner;
use crate::resources::{ListPartners, PartnerAnalytics, Partners};

impl ListPartners {
    fn into_paginator(self) -> Result<Paginator<Vec<Partner>>> {
        let (client, request) = self.into_parts()?;
        page_number(client, request, "pageSize", 100, None)
    }
}
affiliate_common::list_builder!(ListPartners => Vec<Partner>);

impl Partners {
    /// Lists the program's partners with their totals, `page`/`pageSize`
    /// (100 per page, the maximum).
    ///
    /// `GET /partners`. Response: a bare array of [`Partner`]; the stream
    /// ends on a short page. Pages above 1000 are refused.
    ///
    /// ```
    /// # #[allow(unsafe_code)] fn set(k: &str, v: &str) { unsafe { std::env::set_var(k, v) } }
    /// # #[tokio::main] async fn main() -> dub::Result<()> {
    /// # let running = dub::sandbox::start().await?;
    /// # set("DUB_API_KEY", dub::sandbox::SANDBOX_KEY);
    /// # set("DUB_BASE_URL", running.sandbox.url().as_str());
    /// let client = dub::Client::from_env()?;
    /// let partners = client.partners().list().status("approved").collect_all().await?;
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> ListPartners {
        ListPartners::new(
            self.client.clone(),
            Ok(Request::get(ApiPath::new("partners"))),
        )
    }

    /// Analytics of one partner (by `partner_id` or `tenant_id` on the
    /// builder), through the analytics rate-limit budget.
    ///
    /// `GET /partners/analytics`. The shape depends on `groupBy`; see
    /// [`PartnerAnalyticsResponse`](crate::resources::PartnerAnalyticsResponse).
    ///
    /// # Errors
    /// Any [`Error`](crate::Error) of the request.
    ///
    /// ```
    /// # #[allow(unsafe_code)] fn set(k: &str, v: &str) { unsafe { std::env::set_var(k, v) } }
    /// # #[tokio::main] async fn main() -> dub::Result<()> {
    /// # let running = dub::sandbox::start().await?;
    /// # set("DUB_API_KEY", dub::sandbox::SANDBOX_KEY);
    /// # set("DUB_BASE_URL", running.sandbox.url().as_str());
    /// let client = dub::Client::from_env()?;
    /// let stats = client.partners().analytics().partner_id("pn_123").send().await?;
    /// # Ok(()) }
    /// ```
    pub fn analytics(&self) -> PartnerAnalytics {
        PartnerAnalytics::new(
            self.client.clone(),
            Ok(Request::get(ApiPath::new("partners/analytics"))
                .bucket(crate::client::ANALYTICS_BUCKET)),
        )
    }
}
