//! `client.disti_listings()`: the category taxonomy of distribution listings.

use affiliate_common::{ApiPath, Request, Result};

use super::data;
use crate::envelope::ListData;
use crate::models::DistiCategory;

impl crate::Client {
    /// Distribution listings: the category taxonomy.
    pub fn disti_listings(&self) -> DistiListings {
        DistiListings::new(self.http.clone())
    }
}

/// Distribution-listing endpoints of the vendor API.
/// [Docs](https://docs.partnerstack.com/reference/get_disti-listings-categories)
#[derive(Debug, Clone)]
pub struct DistiListings {
    pub(crate) http: affiliate_common::Client,
}

impl DistiListings {
    pub(crate) fn new(http: affiliate_common::Client) -> Self {
        DistiListings { http }
    }

    /// The categories a distribution listing can be filed under.
    ///
    /// `GET /disti-listings/categories`. The response shape is
    /// undocumented: `data` may be an array or a page object; both are
    /// read, and only the first page is returned.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> partnerstack::Result<()> {
    /// # let running = partnerstack::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// for c in client.disti_listings().categories().await? {
    ///     println!("{:?} {:?}", c.id, c.name);
    /// }
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Api`](crate::Error::Api) for error responses, and transport,
    /// rate-limit and decode errors.
    pub async fn categories(&self) -> Result<Vec<DistiCategory>> {
        let req = Request::get(ApiPath::new("disti-listings/categories"));
        let page: ListData<DistiCategory> = data(&self.http, req).await?;
        Ok(page.items)
    }
}
