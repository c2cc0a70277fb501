//! ReferralHero's rules: the response models of `specs/referralhero.yaml`
//! are generated into `referralhero/src/generated/`; the request bodies
//! (an identifier flattened into each), the endpoint methods, pagination,
//! webhooks and the sandbox stay hand-written.

use crate::config::{ApiConfig, Mode, ModelStyle, OpPlan, OpsStyle};
use crate::ir::{Operation, TypeRef};
use crate::names;

/// The ReferralHero API v2.
pub struct ReferralHero;

/// The root of ReferralHero's API documentation.
const DOCS_ROOT: &str = "https://support.referralhero.com/integrate/rest-api";

/// Components the crate writes by hand or that are not models: envelopes,
/// pages and errors (`envelope.rs`, `flavor.rs`), webhook payloads
/// (`webhooks.rs`), request bodies (each flattens an `Identifier`-style
/// oneOf the generator cannot carry), and the enums whose values have
/// aliases (`ListType`, `RewardStatus`), and `Leaderboard`.
fn hand_written(name: &str) -> bool {
    name.ends_with("Body")
        || name.ends_with("Page")
        || name.starts_with("Webhook")
        || matches!(
            name,
            "Ack"
                | "Envelope"
                | "ErrorCode"
                | "Pagination"
                | "ResponseStatus"
                | "Identifier"
                | "NewSubscriber"
                | "UpdateSubscriber"
                | "TrackConversion"
                | "AddPoints"
                | "Transaction"
                | "BulkTransactions"
                | "NewList"
                | "NewCouponGroup"
                | "AddCoupons"
                | "UpdateRewardStatus"
                | "UnlockPromotedReward"
                | "ListType"
                | "RewardStatus"
                // `ranking` is a list that reads `null` as empty, not an
                // optional list.
                | "Leaderboard"
        )
}

/// Hand-written types the generated models name.
const EXTERNAL: &[&str] = &["ListType", "RewardStatus"];

impl ApiConfig for ReferralHero {
    fn name(&self) -> &'static str {
        "referralhero"
    }

    fn crate_name(&self) -> &'static str {
        "referralhero"
    }

    fn override_type(&self, candidate: &str) -> Option<TypeRef> {
        match candidate {
            // An object, a bare id, or empty: read by `de::referred_by`.
            "SubscriberReferredBy" => Some(TypeRef::Named("ReferredBy".into())),
            // A coupon object or a bare code: read by `de::coupons`.
            "CouponGroupCoupon" => Some(TypeRef::Named("Coupon".into())),
            _ => None,
        }
    }

    fn skip_component(&self, name: &str) -> bool {
        hand_written(name)
    }

    fn share_shapes(&self) -> bool {
        false
    }

    fn field_name(&self, type_name: &str, wire: &str) -> Option<String> {
        match (type_name, wire) {
            ("List", "type") => Some("list_type".into()),
            _ => None,
        }
    }

    fn field_reader(&self, type_name: &str, wire: &str) -> Option<&'static str> {
        match (type_name, wire) {
            ("Subscriber", "referred_by") => Some("crate::models::de::referred_by"),
            ("Subscriber", "tags") => Some("crate::models::de::tags"),
            ("CouponGroup", "coupons") => Some("crate::models::de::coupons"),
            _ => None,
        }
    }

    fn external_types(&self) -> &'static [&'static str] {
        EXTERNAL
    }

    fn model_style(&self) -> ModelStyle {
        ModelStyle {
            unsigned: Some("affiliate_common::lenient::option_u64"),
            plain_id: &[
                ("id", "affiliate_common::lenient::string_or_number"),
                ("uuid", "affiliate_common::lenient::string_or_number"),
            ],
            // A webhook subscriber without an id is refused.
            id_by_name: false,
            id_required: true,
            object: None,
            strings: None,
            list: None,
            extra_on_responses_only: true,
        }
    }

    fn models_only(&self) -> bool {
        true
    }

    fn keep_extra(&self, _type_name: &str) -> bool {
        true
    }

    fn ops_style(&self) -> OpsStyle {
        OpsStyle {
            roundtrip: true,
            ..OpsStyle::default()
        }
    }

    fn plan(&self, op: &Operation) -> OpPlan {
        let (handler, accessor) = (names::pascal(&op.tag), names::snake(&op.tag));
        OpPlan {
            handler,
            accessor: format!("client.{accessor}()"),
            method: op.operation_id.clone(),
            mode: Mode::Manual,
            request_calls: Vec::new(),
            doc_url: op.doc_url.clone().unwrap_or_else(|| DOCS_ROOT.to_owned()),
        }
    }
}
