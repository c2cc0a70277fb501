//! Resource models and request bodies.
//!
//! The models are generated from `specs/partnerstack.yaml` (see
//! `crate::generated`, written by `cargo run -p codegen`) and re-exported
//! here; this module adds what the description cannot carry: the types
//! the sources disagree on ([`StringOrObject`]), the list sort order
//! ([`OrderBy`]), export states with their aliases ([`ExportStatus`]),
//! the constructors of [`NewTransaction`] and [`NewReward`], and helpers.
//!
//! Response models follow one pattern: `key` is a `String` (empty when the
//! API omitted it), every other field is an `Option`, scalars are read
//! leniently (numbers sent as strings, `""` for none), timestamps are
//! [`UnixTime`](affiliate_common::UnixTime) (epoch milliseconds on the
//! wire), money is `i64` integer cents, enums are open, and unknown fields
//! land in `extra`. Request bodies have a constructor taking the required
//! fields and one setter per optional field.

pub use crate::generated::models::*;

mod partner;
mod report;
mod reward;
mod shared;
mod transaction;

pub use report::*;
pub use shared::*;
pub use transaction::*;

/// A record that can be a pagination cursor.
pub(crate) trait Keyed {
    /// The key `starting_after` / `ending_before` take.
    fn cursor_key(&self) -> Option<String>;
}

/// Records whose `key` is a plain `String` (never null on the wire).
macro_rules! keyed {
    ($($name:ident),* $(,)?) => {
        $(impl Keyed for $name {
            fn cursor_key(&self) -> Option<String> {
                Some(self.key.clone())
            }
        })*
    };
}

keyed!(
    Action,
    Application,
    Customer,
    Deal,
    FormTemplate,
    Group,
    Lead,
    Link,
    MarketplaceProgram,
    PartnerCustomer,
    PartnerPartnership,
    Partnership,
    Payout,
    Product,
    ProductBook,
    ReportConfiguration,
    ReportExport,
    Reward,
    SalesCycleStage,
    Tier,
    TierCollection,
    Transaction,
    Webhook,
);

impl Keyed for TeamMember {
    fn cursor_key(&self) -> Option<String> {
        self.key.clone()
    }
}

impl NewAction {
    /// Checks what the API documents before anything is sent: `value` is
    /// at least 1.
    pub(crate) fn validate(&self) -> affiliate_common::Result<()> {
        if self.value < 1 {
            return Err(affiliate_common::Error::invalid_input(format!(
                "an action's value must be at least 1, got {}",
                self.value
            )));
        }
        Ok(())
    }
}
