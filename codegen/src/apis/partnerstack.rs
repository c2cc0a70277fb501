//! PartnerStack's rules: the models of `specs/partnerstack.yaml` are
//! generated into `partnerstack/src/generated/`; the endpoint methods,
//! pagination, webhooks and the sandbox stay hand-written.

use crate::config::{ApiConfig, Mode, ModelStyle, OpPlan, OpsStyle};
use crate::ir::{Operation, TypeRef};
use crate::names;

/// The PartnerStack REST API v2 (vendor and partner personas).
pub struct PartnerStack;

/// The root of PartnerStack's API documentation.
const DOCS_ROOT: &str = "https://docs.partnerstack.com/docs/partnerstack-api";

/// Components the crate writes by hand or that are not models: the
/// success and error envelopes (`envelope.rs`, `flavor.rs`), the webhook
/// payloads (`webhooks.rs`), and the enums whose Rust names or aliases the
/// description cannot carry (`OrderBy`'s `-created_at` is `CreatedAtDesc`;
/// `ExportStatus` folds its aliases).
fn hand_written(name: &str) -> bool {
    name.ends_with("Envelope")
        || name.ends_with("EventPayload")
        || matches!(
            name,
            "EnvelopeStatus"
                | "Error"
                | "ErrorCode"
                | "OrderBy"
                | "ExportStatus"
                | "WebhookEventType"
                | "AgreementAccepted"
                | "AgreementAcceptedPayload"
        )
}

/// Hand-written types the generated models name.
const EXTERNAL: &[&str] = &["ExportStatus", "StringOrObject"];

/// Inline schemas (by candidate name) typed by hand: values the sources
/// send as a string or an object, and a boolean one webhook sample sends
/// as text.
const OVERRIDES: &[(&str, &str)] = &[
    ("TransactionProductKey", "StringOrObject"),
    ("DealAccountName", "StringOrObject"),
    ("RewardPartnershipGroup", "StringOrObject"),
    ("PartnershipArchived", "bool"),
    ("OfferBaseRate", "string"),
    // Contact names plus any keys of the lead form: a free-form map.
    ("NewLeadMeta", "object"),
    ("NewTransactionMetadata", "object"),
    // A deal body sends the team and member as free-form objects.
    ("NewDealTeam", "object"),
    ("NewDealTeamMember", "object"),
    ("UpdateDealTeam", "object"),
    ("UpdateDealTeamMember", "object"),
];

/// Request bodies whose constructor is hand-written (`models/`): a new
/// transaction takes exactly one customer reference, a new reward one of
/// three targets.
const CUSTOM_CONSTRUCTORS: &[&str] = &["NewTransaction", "NewReward"];

impl ApiConfig for PartnerStack {
    fn name(&self) -> &'static str {
        "partnerstack"
    }

    fn crate_name(&self) -> &'static str {
        "partnerstack"
    }

    fn override_type(&self, candidate: &str) -> Option<TypeRef> {
        OVERRIDES
            .iter()
            .find(|(c, _)| *c == candidate)
            .map(|(_, t)| match *t {
                "bool" => TypeRef::Boolean,
                "string" => TypeRef::String,
                "object" => TypeRef::Object,
                other => TypeRef::Named(other.to_owned()),
            })
    }

    fn skip_component(&self, name: &str) -> bool {
        hand_written(name)
    }

    fn share_shapes(&self) -> bool {
        // Every component keeps its own type (`UpdateDeal` is not
        // `NewDeal`, `RewardTrigger` not `TierRef`).
        false
    }

    fn field_name(&self, type_name: &str, wire: &str) -> Option<String> {
        match (type_name, wire) {
            // `type` is a keyword; the crate calls it `kind` everywhere.
            (_, "type") => Some("kind".into()),
            // The marketplace's own spelling, kept apart from `type`.
            (_, "type_") => Some("type_".into()),
            ("UpdateTags", "add" | "remove") => Some(format!("{wire}_tags")),
            _ => None,
        }
    }

    fn external_types(&self) -> &'static [&'static str] {
        EXTERNAL
    }

    fn custom_constructor(&self, name: &str) -> bool {
        CUSTOM_CONSTRUCTORS.contains(&name)
    }

    fn model_style(&self) -> ModelStyle {
        ModelStyle {
            unsigned: None,
            plain_id: &[("key", "crate::de::key")],
            id_by_name: false,
            id_required: false,
            object: Some("crate::de::object"),
            strings: Some("crate::de::strings"),
            list: Some("crate::de::vec"),
            extra_on_responses_only: true,
        }
    }

    fn models_only(&self) -> bool {
        true
    }

    fn keep_extra(&self, _type_name: &str) -> bool {
        // Field sets vary by persona and by webhook: every response model
        // keeps unknown keys.
        true
    }

    fn ops_style(&self) -> OpsStyle {
        OpsStyle {
            roundtrip: true,
            ..OpsStyle::default()
        }
    }

    fn plan(&self, op: &Operation) -> OpPlan {
        // Only the models are generated; the plan names the handler for
        // messages and docs.
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
