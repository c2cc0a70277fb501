//! Subscribers (also the shape of leaderboard entries and referrals) and
//! the bodies of the calls that create, change or track them.

pub use crate::generated::models::{ReferralStatus, ReferredBy, SortBy, Subscriber};

use serde::Serialize;

use super::Identifier;

/// The body of `POST /lists/:uuid/subscribers`: adds a subscriber, or
/// records a referral when `referrer` is set.
///
/// ```
/// use referralhero::models::{Identifier, NewSubscriber};
///
/// let body = NewSubscriber::new(Identifier::email("ada@example.com"))
///     .name("Ada")
///     .referrer("a1b2c3");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct NewSubscriber {
    /// The subscriber's unique identifier.
    #[serde(flatten)]
    pub identifier: Identifier,
    /// The name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The initial status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// The referrer's referral code or email.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub referrer: Option<String>,
    /// The default referral link domain.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    /// The sign-up source.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The sign-up device.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device: Option<String>,
    /// Whether to send a double opt-in email.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub double_optin: Option<bool>,
    /// Initial points.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub points: Option<i64>,
    /// The first custom field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extra_field: Option<String>,
    /// The second custom field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extra_field_2: Option<String>,
    /// A transaction id for the conversion.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transaction_id: Option<String>,
    /// The conversion category.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conversion_category: Option<String>,
    /// The conversion value (campaign currency units).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conversion_value: Option<f64>,
    /// The Stripe customer id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stripe_customer_id: Option<String>,
    /// The advocate's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub advocate_name: Option<String>,
    /// Tags.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    /// The sign-up IP address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<String>,
    /// The operating system.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub os_type: Option<String>,
    /// The screen size.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub screen_size: Option<String>,
    /// The hosting URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hosting_url: Option<String>,
    /// The lifetime spend (campaign currency units).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lifetime_spend: Option<f64>,
    /// The URL of the sign-up page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subscribe_page_url: Option<String>,
}

impl NewSubscriber {
    /// A subscriber known by `identifier`.
    pub fn new(identifier: Identifier) -> Self {
        NewSubscriber {
            identifier,
            name: None,
            status: None,
            referrer: None,
            domain: None,
            source: None,
            device: None,
            double_optin: None,
            points: None,
            extra_field: None,
            extra_field_2: None,
            transaction_id: None,
            conversion_category: None,
            conversion_value: None,
            stripe_customer_id: None,
            advocate_name: None,
            tags: None,
            ip_address: None,
            os_type: None,
            screen_size: None,
            hosting_url: None,
            lifetime_spend: None,
            subscribe_page_url: None,
        }
    }

    /// The checks the endpoint method runs before anything is sent.
    ///
    /// # Errors
    /// [`Error::InvalidInput`](crate::Error::InvalidInput) for an empty identifier.
    pub fn validate(&self) -> affiliate_common::Result<()> {
        self.identifier.validate()
    }
}

super::setters!(NewSubscriber {
    /// Sets the name.
    name: String,
    /// Sets the initial status.
    status: String,
    /// Sets the referrer (their referral code or email).
    referrer: String,
    /// Sets the referral link domain.
    domain: String,
    /// Sets the sign-up source.
    source: String,
    /// Sets the sign-up device.
    device: String,
    /// Asks for (or skips) the double opt-in email.
    double_optin: bool,
    /// Sets initial points.
    points: i64,
    /// Sets the first custom field.
    extra_field: String,
    /// Sets the second custom field.
    extra_field_2: String,
    /// Sets the transaction id.
    transaction_id: String,
    /// Sets the conversion category.
    conversion_category: String,
    /// Sets the conversion value (campaign currency units).
    conversion_value: f64,
    /// Sets the Stripe customer id.
    stripe_customer_id: String,
    /// Sets the advocate's name.
    advocate_name: String,
    /// Sets the tags.
    tags: Vec<String>,
    /// Sets the IP address.
    ip_address: String,
    /// Sets the operating system.
    os_type: String,
    /// Sets the screen size.
    screen_size: String,
    /// Sets the hosting URL.
    hosting_url: String,
    /// Sets the lifetime spend (campaign currency units).
    lifetime_spend: f64,
    /// Sets the sign-up page URL.
    subscribe_page_url: String,
});

/// The body of `POST /lists/:uuid/subscribers/:subscriber_id` (update).
/// Only the fields set are sent.
///
/// ```
/// let body = referralhero::models::UpdateSubscriber::default().name("Ada L.").points(10);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct UpdateSubscriber {
    /// A new identifier (email, phone number, ...).
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub identifier: Option<Identifier>,
    /// The name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The first custom field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extra_field: Option<String>,
    /// The second custom field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extra_field_2: Option<String>,
    /// Points.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub points: Option<i64>,
    /// The Stripe customer id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stripe_customer_id: Option<String>,
    /// Tags.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    /// The street address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// The city.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// The country.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// The referral status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub referral_status: Option<ReferralStatus>,
}

impl UpdateSubscriber {
    /// The checks the endpoint method runs before anything is sent.
    ///
    /// # Errors
    /// [`Error::InvalidInput`](crate::Error::InvalidInput) for an empty
    /// identifier, when one is set.
    pub fn validate(&self) -> affiliate_common::Result<()> {
        self.identifier
            .as_ref()
            .map_or(Ok(()), Identifier::validate)
    }
}

super::setters!(UpdateSubscriber {
    /// Sets a new identifier.
    identifier: Identifier,
    /// Sets the name.
    name: String,
    /// Sets the first custom field.
    extra_field: String,
    /// Sets the second custom field.
    extra_field_2: String,
    /// Sets the points.
    points: i64,
    /// Sets the Stripe customer id.
    stripe_customer_id: String,
    /// Sets the tags.
    tags: Vec<String>,
    /// Sets the street address.
    address: String,
    /// Sets the city.
    city: String,
    /// Sets the country.
    country: String,
    /// Sets the referral status.
    referral_status: ReferralStatus,
});

/// The body of `POST /lists/:uuid/subscribers/track_referral_conversion_event`.
///
/// ```
/// use referralhero::models::{Identifier, TrackConversion};
///
/// let body = TrackConversion::new(Identifier::email("bob@example.com"))
///     .conversion_value(49.0)
///     .transaction_id("ord_1");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct TrackConversion {
    /// Who converted.
    #[serde(flatten)]
    pub identifier: Identifier,
    /// The referrer's referral code or email, when the referral is new.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub referrer: Option<String>,
    /// The conversion value (campaign currency units).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conversion_value: Option<f64>,
    /// The conversion category.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conversion_category: Option<String>,
    /// The transaction id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transaction_id: Option<String>,
    /// The product id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product_id: Option<String>,
    /// The Stripe customer id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stripe_customer_id: Option<String>,
    /// Tags.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
}

impl TrackConversion {
    /// A conversion of the subscriber known by `identifier`.
    pub fn new(identifier: Identifier) -> Self {
        TrackConversion {
            identifier,
            referrer: None,
            conversion_value: None,
            conversion_category: None,
            transaction_id: None,
            product_id: None,
            stripe_customer_id: None,
            tags: None,
        }
    }

    /// The checks the endpoint method runs before anything is sent.
    ///
    /// # Errors
    /// [`Error::InvalidInput`](crate::Error::InvalidInput) for an empty identifier or a
    /// non-finite value.
    pub fn validate(&self) -> affiliate_common::Result<()> {
        self.identifier.validate()?;
        if self.conversion_value.is_some_and(|v| !v.is_finite()) {
            return Err(affiliate_common::Error::invalid_input(
                "the conversion value must be a finite number",
            ));
        }
        Ok(())
    }
}

super::setters!(TrackConversion {
    /// Sets the referrer (referral code or email).
    referrer: String,
    /// Sets the conversion value (campaign currency units).
    conversion_value: f64,
    /// Sets the conversion category.
    conversion_category: String,
    /// Sets the transaction id.
    transaction_id: String,
    /// Sets the product id.
    product_id: String,
    /// Sets the Stripe customer id.
    stripe_customer_id: String,
    /// Sets the tags.
    tags: Vec<String>,
});

/// The body of `POST /lists/:uuid/subscribers/add_points`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct AddPoints {
    /// Who gets the points.
    #[serde(flatten)]
    pub identifier: Identifier,
    /// How many points (negative values subtract).
    pub points: i64,
}

impl AddPoints {
    /// `points` for the subscriber known by `identifier`.
    pub fn new(identifier: Identifier, points: i64) -> Self {
        AddPoints { identifier, points }
    }

    /// The checks the endpoint method runs before anything is sent.
    ///
    /// # Errors
    /// [`Error::InvalidInput`](crate::Error::InvalidInput) for an empty identifier.
    pub fn validate(&self) -> affiliate_common::Result<()> {
        self.identifier.validate()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn referred_by_empty_object_is_none() {
        let s: Subscriber = serde_json::from_str(r#"{"id":1,"referred_by":{}}"#).unwrap();
        assert_eq!(s.id, "1");
        assert!(s.referred_by.is_none());
        let s: Subscriber =
            serde_json::from_str(r#"{"id":"sub_1","referred_by":"sub_0","tags":"a, b"}"#).unwrap();
        assert_eq!(s.referred_by.unwrap().id.as_deref(), Some("sub_0"));
        assert_eq!(s.tags.unwrap(), ["a", "b"]);
    }

    #[test]
    fn both_spellings_of_created_at() {
        let a: Subscriber = serde_json::from_str(r#"{"id":"s","created_at":1700000000}"#).unwrap();
        let b: Subscriber =
            serde_json::from_str(r#"{"id":"s","createdAt":1700000000000}"#).unwrap();
        assert_eq!(a.created_at, b.created_at);
    }

    #[test]
    fn update_sends_only_what_is_set() {
        let v = serde_json::to_value(
            UpdateSubscriber::default()
                .identifier(Identifier::phone_number("+1"))
                .points(3),
        )
        .unwrap();
        assert_eq!(v, serde_json::json!({"phone_number": "+1", "points": 3}));
    }
}
