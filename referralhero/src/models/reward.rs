//! Issued (unlocked) rewards and the call that changes their status.

pub use crate::generated::models::Reward;

use serde::Serialize;

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

    /// The checks the endpoint method runs before anything is sent.
    ///
    /// # Errors
    /// [`Error::InvalidInput`](crate::Error::InvalidInput) for an empty reward id.
    pub fn validate(&self) -> affiliate_common::Result<()> {
        crate::resources::non_blank("reward_id", &self.reward_id)
    }
}

/// The body of `POST /lists/:uuid/subscribers/:subscriber_id/unlock_promoted_reward`:
/// the reward to unlock.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct UnlockPromotedReward {
    /// The reward.
    pub reward_id: String,
}

impl UnlockPromotedReward {
    /// Unlocks reward `reward_id`.
    ///
    /// # Errors
    /// [`Error::InvalidInput`](crate::Error::InvalidInput) for an empty
    /// reward id.
    pub fn new(reward_id: impl Into<String>) -> affiliate_common::Result<Self> {
        let reward_id = reward_id.into();
        crate::resources::non_blank("reward_id", &reward_id)?;
        Ok(UnlockPromotedReward { reward_id })
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
