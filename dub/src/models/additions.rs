//! Models added after the spec snapshot (API.md §10), hand-written.

use serde::{Deserialize, Serialize};

/// A partner's discount code (`dcode_...`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DiscountCode {
    /// The id, `dcode_...`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The code customers enter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The discount the code applies (absent in webhook payloads).
    #[serde(
        rename = "discountId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub discount_id: Option<String>,
    /// The partner the code belongs to.
    #[serde(rename = "partnerId", default, skip_serializing_if = "Option::is_none")]
    pub partner_id: Option<String>,
    /// The partner link the code is tied to.
    #[serde(rename = "linkId", default, skip_serializing_if = "Option::is_none")]
    pub link_id: Option<String>,
    /// When the code was disabled (ISO-8601), if it was.
    #[serde(
        rename = "disabledAt",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub disabled_at: Option<String>,
    /// The discount itself (in `discount_code.*` webhooks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount: Option<serde_json::Value>,
    /// Keys this version of the SDK does not know, kept as sent.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// The body of `POST /discount-codes`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NewDiscountCode {
    /// The partner.
    #[serde(rename = "partnerId")]
    pub partner_id: String,
    /// The partner's link the code is tied to.
    #[serde(rename = "linkId")]
    pub link_id: String,
    /// The code (at most 100 of `A-Za-z0-9_-`); generated from the partner's
    /// name when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

impl NewDiscountCode {
    /// A code for `partner_id`'s link `link_id`.
    pub fn new(partner_id: impl Into<String>, link_id: impl Into<String>) -> Self {
        NewDiscountCode {
            partner_id: partner_id.into(),
            link_id: link_id.into(),
            code: None,
        }
    }

    /// Sets the code instead of letting Dub generate one.
    pub fn code(mut self, code: impl Into<String>) -> Self {
        self.code = Some(code.into());
        self
    }
}

affiliate_common::open_enum! {
    /// Why a commission is clawed back (the `description` of a negative
    /// custom commission). Free text up to 190 characters is accepted too:
    /// pass it as `ClawbackReason::from("...")`.
    pub enum ClawbackReason {
        /// The order was canceled.
        OrderCanceled = "order_canceled",
        /// Fraud.
        Fraud = "fraud",
        /// The partner violated the terms.
        TermsViolation = "terms_violation",
        /// The conversion was tracked by mistake.
        TrackingError = "tracking_error",
        /// The payment failed.
        PaymentFailed = "payment_failed",
        /// The partner was not eligible.
        IneligiblePartner = "ineligible_partner",
        /// The commission was a duplicate.
        DuplicateCommission = "duplicate_commission",
    }
}

affiliate_common::open_enum! {
    /// The kind of a bounty.
    pub enum BountyType {
        /// Rewarded on performance (sales, leads, ...).
        Performance = "performance",
        /// Rewarded on an approved submission.
        Submission = "submission",
    }
}

affiliate_common::open_enum! {
    /// How a bounty's start is measured.
    pub enum BountyStartMode {
        /// From `startsAt`.
        Absolute = "absolute",
        /// From each partner's enrollment.
        Relative = "relative",
    }
}

affiliate_common::open_enum! {
    /// How often partners may submit.
    pub enum SubmissionFrequency {
        /// Daily.
        Day = "day",
        /// Weekly.
        Week = "week",
        /// Monthly.
        Month = "month",
    }
}

affiliate_common::open_enum! {
    /// Which conversions count towards a performance bounty.
    pub enum PerformanceScope {
        /// Only new ones.
        New = "new",
        /// Lifetime totals.
        Lifetime = "lifetime",
    }
}

/// A reference by id (`{id}`), as in a bounty's `groups` and `partnerTags`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct IdRef {
    /// The id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

/// A bounty (in `bounty.created` / `bounty.updated` webhooks).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Bounty {
    /// The id, `bnty_...`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Performance or submission.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<BountyType>,
    /// When it starts (ISO-8601).
    #[serde(rename = "startsAt", default, skip_serializing_if = "Option::is_none")]
    pub starts_at: Option<String>,
    /// When it ends (ISO-8601).
    #[serde(rename = "endsAt", default, skip_serializing_if = "Option::is_none")]
    pub ends_at: Option<String>,
    /// Absolute or relative start.
    #[serde(rename = "startMode", default, skip_serializing_if = "Option::is_none")]
    pub start_mode: Option<BountyStartMode>,
    /// For relative bounties, the days until it ends.
    #[serde(
        rename = "endsAfterDays",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "affiliate_common::lenient::option_f64"
    )]
    pub ends_after_days: Option<f64>,
    /// When submissions open (ISO-8601).
    #[serde(
        rename = "submissionsOpenAt",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub submissions_open_at: Option<String>,
    /// How often partners may submit.
    #[serde(
        rename = "submissionFrequency",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub submission_frequency: Option<SubmissionFrequency>,
    /// The most submissions per partner.
    #[serde(
        rename = "maxSubmissions",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "affiliate_common::lenient::option_f64"
    )]
    pub max_submissions: Option<f64>,
    /// The reward, integer cents.
    #[serde(
        rename = "rewardAmount",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "affiliate_common::lenient::option_i64"
    )]
    pub reward_amount: Option<i64>,
    /// A text reward.
    #[serde(
        rename = "rewardDescription",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub reward_description: Option<String>,
    /// The performance condition.
    #[serde(
        rename = "performanceCondition",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub performance_condition: Option<serde_json::Value>,
    /// New or lifetime conversions.
    #[serde(
        rename = "performanceScope",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub performance_scope: Option<PerformanceScope>,
    /// What a submission must contain.
    #[serde(
        rename = "submissionRequirements",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub submission_requirements: Option<serde_json::Value>,
    /// When social metrics were last synced (ISO-8601).
    #[serde(
        rename = "socialMetricsLastSyncedAt",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub social_metrics_last_synced_at: Option<String>,
    /// The partner groups it applies to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<IdRef>>,
    /// The partner tags it applies to.
    #[serde(
        rename = "partnerTags",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub partner_tags: Option<Vec<IdRef>>,
    /// Keys this version of the SDK does not know, kept as sent.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}
