//! Coupon groups and their coupons.

pub use crate::generated::models::{Coupon, CouponGroup};

use serde::Serialize;
use serde_json::Map;

impl Coupon {
    /// A coupon sent as a bare code string; `""` is no code, as it is in
    /// the object form.
    pub(crate) fn from_code(code: String) -> Self {
        Coupon {
            code: Some(code).filter(|c| !c.is_empty()),
            available: None,
            created_at: None,
            email_id: None,
            sent_at: None,
            extra: Map::new(),
        }
    }
}

/// The body of `POST /lists/:uuid/coupon_groups`.
///
/// ```
/// let body = referralhero::models::NewCouponGroup::new("Spring", ["SPRING-1", "SPRING-2"]).active(true);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct NewCouponGroup {
    /// The group name.
    pub name: String,
    /// The coupon codes.
    pub coupons: Vec<String>,
    /// Whether codes are handed out from the group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
}

impl NewCouponGroup {
    /// A group called `name` holding `coupons`.
    pub fn new<I, S>(name: impl Into<String>, coupons: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        NewCouponGroup {
            name: name.into(),
            coupons: coupons.into_iter().map(Into::into).collect(),
            active: None,
        }
    }

    /// The checks the endpoint method runs before anything is sent.
    ///
    /// # Errors
    /// [`Error::InvalidInput`](crate::Error::InvalidInput) for a blank name or code.
    pub fn validate(&self) -> affiliate_common::Result<()> {
        crate::resources::non_blank("name", &self.name)?;
        check_codes(&self.coupons)
    }
}

super::setters!(NewCouponGroup {
    /// Sets whether codes are handed out from the group.
    active: bool,
});

/// The body of `POST /lists/:uuid/coupons`: adds codes to a group.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct AddCoupons {
    /// The group.
    pub coupon_group_id: String,
    /// The codes to add.
    pub coupons: Vec<String>,
}

impl AddCoupons {
    /// Adds `coupons` to the group `coupon_group_id`.
    pub fn new<I, S>(coupon_group_id: impl Into<String>, coupons: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        AddCoupons {
            coupon_group_id: coupon_group_id.into(),
            coupons: coupons.into_iter().map(Into::into).collect(),
        }
    }

    /// The checks the endpoint method runs before anything is sent.
    ///
    /// # Errors
    /// [`Error::InvalidInput`](crate::Error::InvalidInput) for an empty group id, no codes or a
    /// blank code.
    pub fn validate(&self) -> affiliate_common::Result<()> {
        crate::resources::non_blank("coupon_group_id", &self.coupon_group_id)?;
        if self.coupons.is_empty() {
            return Err(affiliate_common::Error::invalid_input(
                "at least one coupon code is needed",
            ));
        }
        check_codes(&self.coupons)
    }
}

/// Refuses a blank coupon code, naming its position.
fn check_codes(codes: &[String]) -> affiliate_common::Result<()> {
    if let Some(i) = codes.iter().position(|c| c.trim().is_empty()) {
        return Err(affiliate_common::Error::invalid_input(format!(
            "coupon code {i} is blank"
        )));
    }
    Ok(())
}
