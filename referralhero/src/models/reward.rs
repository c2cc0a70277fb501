//! Issued (unlocked) rewards and the call that changes their status.

use affiliate_common::UnixTime;
use affiliate_common::lenient;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

affiliate_common::open_enum! {
    /// The state of an issued reward. `sent`, `resent` and `canceled` are the
    /// values the update call accepts; the others are observed states.
    pub enum RewardStatus {
        /// Earned, waiting for review.
        Pending = "pending",
        /// Unlocked, not sent yet.
        Unlocked = "unlocked",
        /// Sent to the subscriber.
        Sent = "sent",
        /// Sent again.
        Resent = "resent",
        /// Canceled.
        Canceled = "canceled" | "cancelled",
    }
}

/// A reward issued to a subscriber.
///
/// The Android SDK reads some keys in camelCase (`createdAt`, `signupType`,
/// `referralsType`, `recurringCount`); both spellings are accepted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Reward {
    /// The reward id (a number or a string on the wire).
    #[serde(deserialize_with = "lenient::string_or_number")]
    pub id: String,
    /// The reward name.
    #[serde(default, deserialize_with = "lenient::option_string")]
    pub name: Option<String>,
    /// The reward status.
    #[serde(default)]
    pub status: Option<RewardStatus>,
    /// The image URL.
    #[serde(
        default,
        alias = "imageUrl",
        deserialize_with = "lenient::option_string"
    )]
    pub image_url: Option<String>,
    /// The reward value (campaign currency units).
    #[serde(default, deserialize_with = "lenient::option_f64")]
    pub value: Option<f64>,
    /// The total, as text.
    #[serde(default, deserialize_with = "lenient::option_string")]
    pub total: Option<String>,
    /// The referral the reward is for.
    #[serde(default, deserialize_with = "lenient::option_string")]
    pub referral: Option<String>,
    /// The referral threshold.
    #[serde(default, deserialize_with = "lenient::option_u64")]
    pub referrals: Option<u64>,
    /// How referrals are counted.
    #[serde(
        default,
        alias = "referralsType",
        deserialize_with = "lenient::option_string"
    )]
    pub referrals_type: Option<String>,
    /// How many times the reward recurs.
    #[serde(
        default,
        alias = "recurringCount",
        deserialize_with = "lenient::option_u64"
    )]
    pub recurring_count: Option<u64>,
    /// Which sign-ups count.
    #[serde(
        default,
        alias = "signupType",
        deserialize_with = "lenient::option_string"
    )]
    pub signup_type: Option<String>,
    /// The coupon code handed out.
    #[serde(
        default,
        alias = "couponCode",
        deserialize_with = "lenient::option_string"
    )]
    pub coupon_code: Option<String>,
    /// The coupon group the code came from.
    #[serde(
        default,
        alias = "couponGroup",
        deserialize_with = "lenient::option_string"
    )]
    pub coupon_group: Option<String>,
    /// The subscriber who earned it.
    #[serde(
        default,
        alias = "subscriberId",
        deserialize_with = "lenient::option_string"
    )]
    pub subscriber_id: Option<String>,
    /// The email of the subscriber who earned it.
    #[serde(
        default,
        alias = "subscriberEmail",
        deserialize_with = "lenient::option_string"
    )]
    pub subscriber_email: Option<String>,
    /// When the reward was created.
    #[serde(default, alias = "createdAt", deserialize_with = "super::de::time")]
    pub created_at: Option<UnixTime>,
    /// When the reward was unlocked.
    #[serde(default, alias = "unlockedDate", deserialize_with = "super::de::time")]
    pub unlocked_date: Option<UnixTime>,
    /// When the reward was sent.
    #[serde(default, alias = "sentDate", deserialize_with = "super::de::time")]
    pub sent_date: Option<UnixTime>,
    /// Keys this version does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The body of `POST /lists/:uuid/subscribers/update_reward_status`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct UpdateRewardStatus {
    /// The reward.
    pub reward_id: String,
    /// The new status: [`RewardStatus::Sent`], [`RewardStatus::Resent`] or
    /// [`RewardStatus::Canceled`].
    pub status: RewardStatus,
}

impl UpdateRewardStatus {
    /// Sets reward `reward_id` to `status`.
    pub fn new(reward_id: impl Into<String>, status: RewardStatus) -> Self {
        UpdateRewardStatus {
            reward_id: reward_id.into(),
            status,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camel_and_snake_case() {
        let r: Reward = serde_json::from_str(
            r#"{"id":12,"status":"cancelled","createdAt":1700000000,"signupType":"x","value":"","new_key":1}"#,
        )
        .unwrap();
        assert_eq!(r.id, "12");
        assert_eq!(r.status, Some(RewardStatus::Canceled));
        assert_eq!(r.signup_type.as_deref(), Some("x"));
        assert_eq!(r.value, None);
        assert!(r.extra.contains_key("new_key"));
    }
}
