//! Coupon groups and their coupons.

use affiliate_common::UnixTime;
use affiliate_common::lenient;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

/// A group of coupon codes handed out as rewards.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CouponGroup {
    /// The group id.
    #[serde(deserialize_with = "lenient::string_or_number")]
    pub id: String,
    /// The group name.
    #[serde(default, deserialize_with = "lenient::option_string")]
    pub name: Option<String>,
    /// Whether codes are handed out from this group.
    #[serde(default, deserialize_with = "lenient::option_bool")]
    pub active: Option<bool>,
    /// When the group was created.
    #[serde(default, alias = "createdAt", deserialize_with = "super::de::time")]
    pub created_at: Option<UnixTime>,
    /// The coupons, when the response embeds them (`None` when absent).
    #[serde(default, deserialize_with = "coupons")]
    pub coupons: Option<Vec<Coupon>>,
    /// Keys this version does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Coupons as objects, or as bare code strings (as they are sent).
fn coupons<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<Coupon>>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Item {
        Code(String),
        Full(Coupon),
    }
    let items = Option::<Vec<Item>>::deserialize(d)?;
    Ok(items.map(|v| {
        v.into_iter()
            .map(|i| match i {
                Item::Full(c) => c,
                Item::Code(code) => Coupon::from_code(code),
            })
            .collect()
    }))
}

/// One coupon code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Coupon {
    /// The code.
    #[serde(default, deserialize_with = "lenient::option_string")]
    pub code: Option<String>,
    /// Whether the code is still available.
    #[serde(default, deserialize_with = "lenient::option_bool")]
    pub available: Option<bool>,
    /// When the code was added.
    #[serde(default, alias = "createdAt", deserialize_with = "super::de::time")]
    pub created_at: Option<UnixTime>,
    /// The email the code was sent to.
    #[serde(default, deserialize_with = "lenient::option_string")]
    pub email_id: Option<String>,
    /// When the code was sent (`None` until then).
    #[serde(default, alias = "sentAt", deserialize_with = "super::de::time")]
    pub sent_at: Option<UnixTime>,
    /// Keys this version does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Coupon {
    /// A coupon sent as a bare code string; `""` is no code, as it is in
    /// the object form.
    fn from_code(code: String) -> Self {
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
}
