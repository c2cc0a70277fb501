//! The records and request bodies of the ReferralHero API.
//!
//! The response records ([`Subscriber`], [`ReferredBy`], [`List`],
//! [`Bonus`], [`Reward`], [`CouponGroup`], [`Coupon`]) and the enums
//! [`ReferralStatus`] and [`SortBy`] are generated from
//! `specs/referralhero.yaml` (`cargo run -p codegen`) and re-exported from
//! the modules below; the request bodies (each flattens an [`Identifier`]),
//! [`Leaderboard`], the enums whose values have aliases ([`ListType`],
//! [`RewardStatus`]) and the lenient readers are hand-written.
//!
//! Responses follow the wire rather than the documentation: every field but
//! ids is an `Option`, numbers may arrive as strings (`""` reads as `None`),
//! ids are strings even where the docs say integer, timestamps are
//! [`UnixTime`](affiliate_common::UnixTime)s in seconds or milliseconds, and
//! unknown keys are kept in `extra`.

pub mod coupon;
pub(crate) mod de;
pub mod identifier;
pub mod list;
pub mod reward;
pub mod subscriber;
pub mod transaction;

pub use crate::envelope::Ack;
pub use coupon::{AddCoupons, Coupon, CouponGroup, NewCouponGroup};
pub use identifier::Identifier;
pub use list::{Bonus, Leaderboard, List, ListType, NewList};
pub use reward::{Reward, RewardStatus, UnlockPromotedReward, UpdateRewardStatus};
pub use subscriber::{
    AddPoints, NewSubscriber, ReferralStatus, ReferredBy, SortBy, Subscriber, TrackConversion,
    UpdateSubscriber,
};
pub use transaction::{BulkTransactions, MAX_BULK_TRANSACTIONS, Transaction};

/// Generates chained setters for the optional fields of a request body.
macro_rules! setters {
    ($ty:ident { $( $(#[$m:meta])* $field:ident : $fty:ty ),+ $(,)? }) => {
        impl $ty {
            $(
                $(#[$m])*
                pub fn $field(mut self, value: impl Into<$fty>) -> Self {
                    self.$field = Some(value.into());
                    self
                }
            )+
        }
    };
}
pub(crate) use setters;
