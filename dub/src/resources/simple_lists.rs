//! The page/pageSize lists and the events list.

use affiliate_common::Paginator;

use super::pagination::page_number;
use crate::Result;
use crate::models::{BountySubmission, Domain, Event, Folder, PartnerApplication, Payout, Tag};
use crate::resources::{
    Events, ListBountySubmissions, ListDomains, ListEvents, ListFolders, ListPartnerApplications,
    ListPayouts, ListTags, Payouts,
};
use affiliate_common::{ApiPath, Request};

macro_rules! page_list {
    ($builder:ty, $item:ty, $size:literal) => {
        impl $builder {
            fn into_paginator(self) -> Result<Paginator<Vec<$item>>> {
                let (client, request) = self.into_parts()?;
                page_number(client, request, "pageSize", $size, None)
            }
        }
        affiliate_common::list_builder!($builder => Vec<$item>);
    };
}

page_list!(ListTags, Tag, 100);
page_list!(ListFolders, Folder, 50);
page_list!(ListDomains, Domain, 50);
page_list!(ListPayouts, Payout, 100);
page_list!(ListPartnerApplications, PartnerApplication, 100);
page_list!(ListBountySubmissions, BountySubmission, 100);

impl ListEvents {
    fn into_paginator(self) -> Result<Paginator<Vec<Event>>> {
        let (client, request) = self.into_parts()?;
        page_number(
            client,
            request.bucket(crate::client::ANALYTICS_BUCKET),
            "limit",
            1000,
            None,
        )
    }
}
affiliate_common::list_builder!(ListEvents => Vec<Event>);

impl crate::resources::Tags {
    /// Lists tags, `page`/`pageSize` (100 per page by default, the maximum).
    ///
    /// `GET /tags`. Response: a bare array of [`Tag`]; the stream ends on a
    /// page shorter than the page size.
    ///
    /// ```
    /// # #[allow(unsafe_code)] fn set(k: &str, v: &str) { unsafe { std::env::set_var(k, v) } }
    /// # #[tokio::main] async fn main() -> dub::Result<()> {
    /// # let running = dub::sandbox::start().await?;
    /// # set("DUB_API_KEY", dub::sandbox::SANDBOX_KEY);
    /// # set("DUB_BASE_URL", running.sandbox.url().as_str());
    /// let client = dub::Client::from_env()?;
    /// let tags = client.tags().list().collect_all().await?;
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> ListTags {
        ListTags::new(self.client.clone(), Ok(Request::get(ApiPath::new("tags"))))
    }
}

impl crate::resources::Folders {
    /// Lists folders, `page`/`pageSize` (50 per page, the maximum).
    ///
    /// `GET /folders`. Response: a bare array of [`Folder`]; the stream ends
    /// on a short page.
    ///
    /// ```
    /// # #[allow(unsafe_code)] fn set(k: &str, v: &str) { unsafe { std::env::set_var(k, v) } }
    /// # #[tokio::main] async fn main() -> dub::Result<()> {
    /// # let running = dub::sandbox::start().await?;
    /// # set("DUB_API_KEY", dub::sandbox::SANDBOX_KEY);
    /// # set("DUB_BASE_URL", running.sandbox.url().as_str());
    /// let client = dub::Client::from_env()?;
    /// let folders = client.folders().list().collect_all().await?;
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> ListFolders {
        ListFolders::new(
            self.client.clone(),
            Ok(Request::get(ApiPath::new("folders"))),
        )
    }
}

impl crate::resources::Domains {
    /// Lists domains, `page`/`pageSize` (50 per page, the maximum).
    ///
    /// `GET /domains`. Response: a bare array of [`Domain`]; the stream ends
    /// on a short page.
    ///
    /// ```
    /// # #[allow(unsafe_code)] fn set(k: &str, v: &str) { unsafe { std::env::set_var(k, v) } }
    /// # #[tokio::main] async fn main() -> dub::Result<()> {
    /// # let running = dub::sandbox::start().await?;
    /// # set("DUB_API_KEY", dub::sandbox::SANDBOX_KEY);
    /// # set("DUB_BASE_URL", running.sandbox.url().as_str());
    /// let client = dub::Client::from_env()?;
    /// let domains = client.domains().list().archived(false).collect_all().await?;
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> ListDomains {
        ListDomains::new(
            self.client.clone(),
            Ok(Request::get(ApiPath::new("domains"))),
        )
    }
}

impl Payouts {
    /// Lists payouts, `page`/`pageSize` (100 per page, the maximum).
    ///
    /// `GET /payouts`. Response: a bare array of [`Payout`] (amounts in
    /// cents); the stream ends on a short page.
    ///
    /// ```
    /// # #[allow(unsafe_code)] fn set(k: &str, v: &str) { unsafe { std::env::set_var(k, v) } }
    /// # #[tokio::main] async fn main() -> dub::Result<()> {
    /// # let running = dub::sandbox::start().await?;
    /// # set("DUB_API_KEY", dub::sandbox::SANDBOX_KEY);
    /// # set("DUB_BASE_URL", running.sandbox.url().as_str());
    /// let client = dub::Client::from_env()?;
    /// let payouts = client.payouts().list().status("pending").collect_all().await?;
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> ListPayouts {
        ListPayouts::new(
            self.client.clone(),
            Ok(Request::get(ApiPath::new("payouts"))),
        )
    }
}

impl crate::resources::PartnerApplications {
    /// Lists pending partner applications, `page`/`pageSize` (100 per page).
    ///
    /// `GET /partners/applications`. Response: a bare array of
    /// [`PartnerApplication`]; the stream ends on a short page.
    ///
    /// ```
    /// # #[allow(unsafe_code)] fn set(k: &str, v: &str) { unsafe { std::env::set_var(k, v) } }
    /// # #[tokio::main] async fn main() -> dub::Result<()> {
    /// # let running = dub::sandbox::start().await?;
    /// # set("DUB_API_KEY", dub::sandbox::SANDBOX_KEY);
    /// # set("DUB_BASE_URL", running.sandbox.url().as_str());
    /// let client = dub::Client::from_env()?;
    /// let apps = client.partner_applications().list().collect_all().await?;
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> ListPartnerApplications {
        ListPartnerApplications::new(
            self.client.clone(),
            Ok(Request::get(ApiPath::new("partners/applications"))),
        )
    }
}

impl crate::resources::Bounties {
    /// Lists a bounty's submissions, `page`/`pageSize` (100 per page).
    ///
    /// `GET /bounties/{bountyId}/submissions`. Response: a bare array of
    /// [`BountySubmission`]; the stream ends on a short page.
    ///
    /// ```
    /// # #[allow(unsafe_code)] fn set(k: &str, v: &str) { unsafe { std::env::set_var(k, v) } }
    /// # #[tokio::main] async fn main() -> dub::Result<()> {
    /// # let running = dub::sandbox::start().await?;
    /// # set("DUB_API_KEY", dub::sandbox::SANDBOX_KEY);
    /// # set("DUB_BASE_URL", running.sandbox.url().as_str());
    /// let client = dub::Client::from_env()?;
    /// let subs = client.bounties().list_submissions("bnty_123").collect_all().await?;
    /// # Ok(()) }
    /// ```
    pub fn list_submissions(&self, bounty_id: impl AsRef<str>) -> ListBountySubmissions {
        let request = ApiPath::new("bounties")
            .param("bountyId", bounty_id.as_ref())
            .map(|p| Request::get(p.lit("submissions")))
            .map_err(|e| e.to_string());
        ListBountySubmissions::new(self.client.clone(), request)
    }
}

impl Events {
    /// Lists raw click, lead or sale events, `page`/`limit` (1000 per page,
    /// the maximum), through the analytics rate-limit budget.
    ///
    /// `GET /events`. Response: a bare array of [`Event`] (told apart by
    /// `event`); the stream ends on a short page.
    ///
    /// ```
    /// # #[allow(unsafe_code)] fn set(k: &str, v: &str) { unsafe { std::env::set_var(k, v) } }
    /// # #[tokio::main] async fn main() -> dub::Result<()> {
    /// # let running = dub::sandbox::start().await?;
    /// # set("DUB_API_KEY", dub::sandbox::SANDBOX_KEY);
    /// # set("DUB_BASE_URL", running.sandbox.url().as_str());
    /// let client = dub::Client::from_env()?;
    /// let sales = client.events().list().event("sales").interval("30d").collect_all().await?;
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> ListEvents {
        ListEvents::new(
            self.client.clone(),
            Ok(Request::get(ApiPath::new("events"))),
        )
    }
}
