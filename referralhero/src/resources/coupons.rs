//! `client.coupons(uuid)`: coupon groups of a list and their codes.

use affiliate_common::pagination::PageNumber;
use affiliate_common::{Error, Paginator, Request, Result, Strategy};
use serde_json::Value;

use super::{list_path, non_blank};
use crate::Client;
use crate::envelope::{Ack, CouponGroupsKey, CouponsKey, ListPage, PageData};
use crate::models::{AddCoupons, Coupon, CouponGroup, NewCouponGroup};

/// Coupon groups of one list.
#[derive(Debug, Clone)]
pub struct Coupons {
    client: Client,
    uuid: String,
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

    /// The coupons of one group
    /// ([docs](https://support.referralhero.com/integrate/rest-api/endpoint-reference-v2)).
    ///
    /// `data` may be the array of coupons, or an object holding it (under
    /// `coupons`, or as its only array).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> Result<(), referralhero::Error> {
    /// # let running = referralhero::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let list_uuid = running.api.list_uuids()[0].clone();
    /// # let group_id = client.coupons(&list_uuid).list_groups().collect_all().await?[0].id.clone();
    /// let coupons = client.coupons(&list_uuid).get_group(&group_id).await?;
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for an empty id; API errors.
    pub async fn get_group(&self, group_id: &str) -> Result<Vec<Coupon>> {
        let path = list_path(&self.uuid)?
            .lit("coupon_groups")
            .param("id", group_id)?;
        let data: PageData<Coupon, CouponsKey> = self.client.send_data(Request::get(path)).await?;
        Ok(data.items)
    }

    /// Creates a coupon group
    /// ([docs](https://support.referralhero.com/integrate/rest-api/endpoint-reference-v2)).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> Result<(), referralhero::Error> {
    /// # let running = referralhero::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let list_uuid = running.api.list_uuids()[0].clone();
    /// use referralhero::models::NewCouponGroup;
    /// let g = client.coupons(&list_uuid).create_group(&NewCouponGroup::new("Spring", ["SPR-1"])).await?;
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for a blank name or code; API errors.
    pub async fn create_group(&self, body: &NewCouponGroup) -> Result<CouponGroup> {
        non_blank("name", &body.name)?;
        check_codes(&body.coupons)?;
        let req = Request::post(list_path(&self.uuid)?.lit("coupon_groups")).json(body)?;
        self.client.send_data(req).await
    }

    /// Adds codes to a coupon group
    /// ([docs](https://support.referralhero.com/integrate/rest-api/endpoint-reference-v2)).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> Result<(), referralhero::Error> {
    /// # let running = referralhero::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// # let list_uuid = running.api.list_uuids()[0].clone();
    /// use referralhero::models::AddCoupons;
    /// # let group_id = client.coupons(&list_uuid).list_groups().collect_all().await?[0].id.clone();
    /// client.coupons(&list_uuid).add(&AddCoupons::new(&group_id, ["SPR-2", "SPR-3"])).await?;
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for an empty group id, no codes or a blank
    /// code; API errors.
    pub async fn add(&self, body: &AddCoupons) -> Result<Ack> {
        non_blank("coupon_group_id", &body.coupon_group_id)?;
        if body.coupons.is_empty() {
            return Err(Error::invalid_input("at least one coupon code is needed"));
        }
        check_codes(&body.coupons)?;
        let req = Request::post(list_path(&self.uuid)?.lit("coupons")).json(body)?;
        let data: Option<Value> = self.client.send_data(req).await?;
        Ok(Ack::from_data(data))
    }
}

fn check_codes(codes: &[String]) -> Result<()> {
    if let Some(i) = codes.iter().position(|c| c.trim().is_empty()) {
        return Err(Error::invalid_input(format!("coupon code {i} is blank")));
    }
    Ok(())
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
