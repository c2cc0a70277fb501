//! `client.coupons(uuid)`: coupon groups of a list and their codes. Reading
//! and creating groups and adding codes are generated
//! (`generated/operations.rs`); the list builder is written here.

use affiliate_common::pagination::PageNumber;
use affiliate_common::{Paginator, Request, Result, Strategy};

use super::list_path;
use crate::Client;
use crate::envelope::{CouponGroupsKey, ListPage};
use crate::models::CouponGroup;

/// Coupon groups of one list.
#[derive(Debug, Clone)]
pub struct Coupons {
    pub(crate) client: Client,
    pub(crate) uuid: String,
}

impl Coupons {
    pub(crate) fn new(client: Client, uuid: String) -> Self {
        Coupons { client, uuid }
    }

    /// Lists the coupon groups of the list
    /// ([docs](https://support.referralhero.com/integrate/rest-api/endpoint-reference-v2)).
    ///
    /// Response: `data: {coupon_groups: [CouponGroup], ...}`; read as one
    /// page unless the response carries a `pagination` object.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> Result<(), referralhero::Error> {
    /// # let running = referralhero::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let list_uuid = running.api.list_uuids()[0].clone();
    /// let groups = client.coupons(&list_uuid).list_groups().collect_all().await?;
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// The terminal call fails with any error of a page request.
    pub fn list_groups(&self) -> ListCouponGroups {
        ListCouponGroups {
            client: self.client.clone(),
            uuid: self.uuid.clone(),
        }
    }
}

/// `GET /lists/:uuid/coupon_groups`; read with `send`, `stream`, `pages`
/// or `collect_all`.
#[derive(Debug)]
#[must_use = "a list request does nothing until it is sent or streamed"]
pub struct ListCouponGroups {
    client: Client,
    uuid: String,
}

impl ListCouponGroups {
    fn into_paginator(self) -> Result<Paginator<ListPage<CouponGroup, CouponGroupsKey>>> {
        let req = Request::get(list_path(&self.uuid)?.lit("coupon_groups"));
        Ok(Paginator::new(
            self.client.http().clone(),
            req,
            Strategy::PageNumber(PageNumber::new("page")),
        ))
    }
}

affiliate_common::list_builder!(ListCouponGroups => ListPage<CouponGroup, CouponGroupsKey>);
