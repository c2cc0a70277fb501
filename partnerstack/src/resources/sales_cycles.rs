//! `client.sales_cycles()`: configured sales-cycle stages.

use affiliate_common::{ApiPath, Request, Result};

use super::data;
use crate::envelope::ListData;
use crate::models::SalesCycleStage;

/// Sales-cycle endpoints of the vendor API.
/// [Docs](https://docs.partnerstack.com/reference)
#[derive(Debug, Clone)]
pub struct SalesCycles {
    pub(crate) http: affiliate_common::Client,
}

impl SalesCycles {
    pub(crate) fn new(http: affiliate_common::Client) -> Self {
        SalesCycles { http }
    }

    /// The configured stages of an object type's sales cycle (`deal`,
    /// `lead`, ...), optionally for one group.
    ///
    /// `GET /sales-cycles/{object_type}/stages` (hyphenated literal
    /// unverified). The response shape is undocumented: `data` may be an
    /// array or a page object; both are read, and only the first page is
    /// returned.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// let stages = client.sales_cycles().stages("deal", Some("default")).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Api`](crate::Error::Api) with status 404 for an unknown object
    /// type, and transport, rate-limit and decode errors.
    pub async fn stages(
        &self,
        object_type: &str,
        group_key: Option<&str>,
    ) -> Result<Vec<SalesCycleStage>> {
        let path = ApiPath::new("sales-cycles")
            .param("object_type", object_type)?
            .lit("stages");
        let req = Request::get(path).query_opt("group_key", group_key);
        let page: ListData<SalesCycleStage> = data(&self.http, req).await?;
        Ok(page.items)
    }
}
