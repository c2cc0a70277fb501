//! PartnerStack's rules: the models and the plain endpoint methods of
//! `specs/partnerstack.yaml` are generated into `partnerstack/src/generated/`;
//! the list builders (pagination wiring), webhooks and the sandbox stay
//! hand-written.

use crate::config::{ApiConfig, Mode, ModelStyle, OpPlan, OpsStyle, Returns};
use crate::ir::{Model, Operation, TypeRef};
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

    fn example_body(&self, name: &str) -> Option<&'static str> {
        match name {
            "NewTransaction" => Some(
                "partnerstack::NewTransaction::new(partnerstack::CustomerRef::Key(\"cus_123\".into()), 1000, \"USD\")",
            ),
            "NewReward" => {
                Some("partnerstack::NewReward::for_customer(\"cus_123\", 1000, \"Bonus\")")
            }
            _ => None,
        }
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

    fn keep_extra(&self, _type_name: &str) -> bool {
        // Field sets vary by persona and by webhook: every response model
        // keeps unknown keys.
        true
    }

    fn example_setup(&self) -> Option<crate::config::ExampleSetup> {
        // A small seed keeps each example's start cheap; held keys: the
        // first record the sandbox holds in a collection.
        Some(crate::config::ExampleSetup {
            start: "partnerstack::sandbox::start_with(partnerstack::sandbox::SandboxConfig::small(), |b| b)",
            receivers: &[
                ("client", "running.client.clone()"),
                ("partner", "running.partner.clone()"),
            ],
            held: &[
                (
                    "partner_key",
                    "running.api.values(\"partnerships\", \"partner_key\").unwrap_or_default()[0].clone()",
                ),
                (
                    "partnership_key",
                    "running.api.keys(\"partnerships\").unwrap_or_default()[0].clone()",
                ),
                (
                    "customer_key",
                    "running.api.keys(\"customers\").unwrap_or_default()[0].clone()",
                ),
                (
                    "transaction_key",
                    "running.api.keys(\"transactions\").unwrap_or_default()[0].clone()",
                ),
                (
                    "deal_key",
                    "running.api.keys(\"deals\").unwrap_or_default()[0].clone()",
                ),
                (
                    "lead_key",
                    "running.api.keys(\"leads\").unwrap_or_default()[0].clone()",
                ),
                (
                    "action_key",
                    "running.api.keys(\"actions\").unwrap_or_default()[0].clone()",
                ),
                (
                    "webhook_key",
                    "running.api.keys(\"webhooks\").unwrap_or_default()[0].clone()",
                ),
                (
                    "application_key",
                    "running.api.keys(\"applications\").unwrap_or_default()[0].clone()",
                ),
                (
                    "group_key",
                    "running.api.keys(\"groups\").unwrap_or_default()[0].clone()",
                ),
                (
                    "tier_key",
                    "running.api.keys(\"tiers\").unwrap_or_default()[0].clone()",
                ),
                (
                    "collection_key",
                    "running.api.keys(\"tiers/collection\").unwrap_or_default()[0].clone()",
                ),
                (
                    "product_book_key",
                    "running.api.keys(\"product-book\").unwrap_or_default()[0].clone()",
                ),
                (
                    "product_key",
                    "running.api.keys(\"products\").unwrap_or_default()[0].clone()",
                ),
                (
                    "report_configuration_key",
                    "running.api.keys(\"vendor-report-configuration\").unwrap_or_default()[0].clone()",
                ),
                (
                    "report_export_key",
                    "running.api.keys(\"vendor-report-export\").unwrap_or_default()[0].clone()",
                ),
                (
                    "company_key",
                    "running.api.keys(\"marketplace/programs\").unwrap_or_default()[0].clone()",
                ),
            ],
            path_ids: &[
                ("partnerships", "partnership_key"),
                ("links", "partnership_key"),
                ("assignment", "partnership_key"),
                ("customers", "customer_key"),
                ("transactions", "transaction_key"),
                ("deals", "deal_key"),
                ("leads", "lead_key"),
                ("actions", "action_key"),
                ("webhooks", "webhook_key"),
                ("applications", "application_key"),
                ("tiers", "tier_key"),
                ("collection", "collection_key"),
                ("product-book", "product_book_key"),
                ("products", "product_key"),
                ("vendor-report-configuration", "report_configuration_key"),
                ("vendor-report-export", "report_configuration_key"),
                ("export", "report_export_key"),
                ("programs", "company_key"),
            ],
        })
    }

    fn ops_style(&self) -> OpsStyle {
        OpsStyle {
            sender: "affiliate_common::Client",
            field: "http",
            imports: "#[allow(unused_imports)]\nuse affiliate_common::{ApiPath, Request};\n\nuse super::models;\n",
            models_path: "partnerstack".into(),
            strip_path: "/v2",
            receivers: &[("partner", "PartnerClient")],
            no_manual_builders: true,
            errors: "[`Error::Api`](crate::Error::Api) for an error response (404 for an unknown key), \
                     [`Error::RateLimited`](crate::Error::RateLimited) after a 429, \
                     [`Error::InvalidInput`](crate::Error::InvalidInput) for an empty key, \
                     and transport, timeout or decode errors. Writes are not retried once they may have reached the server.",
            roundtrip: true,
            ..OpsStyle::default()
        }
    }

    fn plan(&self, op: &Operation) -> OpPlan {
        let (receiver, accessor, method) = sdk_parts(op);
        let handler = HANDLERS
            .iter()
            .find(|(r, a, _)| *r == receiver && *a == accessor)
            .map(|(_, _, h)| format!("crate::resources::{h}"))
            .unwrap_or_else(|| format!("crate::resources::{}", names::pascal(&accessor)));
        // Lists (every page, `limit`, `starting_after`, `ending_before`)
        // and the answers a description cannot unwrap (a list that is not
        // paged, a deal's files under `deal_files`) stay hand-written.
        let mode = if is_list(op) || HAND_WRITTEN.contains(&op.operation_id.as_str()) {
            Mode::Manual
        } else {
            Mode::Generated
        };
        OpPlan {
            handler,
            accessor: format!("{receiver}.{accessor}()"),
            method,
            mode,
            request_calls: Vec::new(),
            doc_url: op.doc_url.clone().unwrap_or_else(|| DOCS_ROOT.to_owned()),
        }
    }

    fn returns(&self, op: &Operation, _plan: &OpPlan, model: &Model) -> Returns {
        // Every answer is a `{data}` envelope (hand-written): the method
        // answers `data`, the record the envelope is named after.
        let inner = op
            .response_component
            .as_deref()
            .and_then(|c| c.strip_suffix("Envelope"))
            .filter(|inner| model.find(inner).is_some());
        match inner {
            Some(inner) => Returns::Json(TypeRef::Named(inner.to_owned())),
            None => Returns::Empty,
        }
    }

    fn body_check(&self, op: &Operation) -> Option<&'static str> {
        // A new transaction names exactly one customer reference, an amount
        // in range and a 3-letter currency (`models/transaction.rs`); an
        // action's value is at least 1 (`models/mod.rs`).
        matches!(
            op.operation_id.as_str(),
            "create_transaction" | "create_action"
        )
        .then_some("validate")
    }

    fn send_expr(&self, returns: &Returns) -> Option<String> {
        match returns {
            Returns::Json(_) => Some("crate::resources::data(&sender, request).await".into()),
            Returns::Empty => Some("crate::resources::empty(&sender, request).await".into()),
            _ => None,
        }
    }
}

/// `(receiver, accessor, method)` of an operation's `x-sdk-method`
/// (`client.deals().update(key, body)` -> `client`, `deals`, `update`).
fn sdk_parts(op: &Operation) -> (String, String, String) {
    let sdk = op.sdk_method.clone().unwrap_or_default();
    let mut parts = sdk.split('.');
    let receiver = parts.next().unwrap_or("client").to_owned();
    let name = |s: Option<&str>| {
        s.and_then(|s| s.split('(').next())
            .unwrap_or_default()
            .to_owned()
    };
    let accessor = name(parts.next());
    let method = name(parts.next());
    if accessor.is_empty() || method.is_empty() {
        let tag = names::snake(&op.tag);
        return (receiver, tag, op.operation_id.clone());
    }
    (receiver, accessor, method)
}

/// Whether the operation answers a page of a list (`XListEnvelope`).
fn is_list(op: &Operation) -> bool {
    op.response_component
        .as_deref()
        .is_some_and(|c| c.ends_with("ListEnvelope"))
}

/// Operations whose method is written by hand although they are no list:
/// the answer is unwrapped further than `data`.
const HAND_WRITTEN: &[&str] = &["list_deal_files"];

/// `(receiver, accessor, handler type under crate::resources)`.
const HANDLERS: &[(&str, &str, &str)] = &[
    ("client", "actions", "actions::Actions"),
    ("client", "applications", "applications::Applications"),
    ("client", "customers", "customers::Customers"),
    ("client", "deals", "deals::Deals"),
    ("client", "disti_listings", "disti_listings::DistiListings"),
    ("client", "exports", "reports::Exports"),
    ("client", "form_templates", "form_templates::FormTemplates"),
    ("client", "groups", "groups::Groups"),
    ("client", "leads", "leads::Leads"),
    ("client", "partnerships", "partnerships::Partnerships"),
    ("client", "product_books", "products::ProductBooks"),
    ("client", "products", "products::Products"),
    ("client", "reports", "reports::Reports"),
    ("client", "rewards", "rewards::Rewards"),
    ("client", "sales_cycles", "sales_cycles::SalesCycles"),
    ("client", "tiers", "tiers::Tiers"),
    ("client", "transactions", "transactions::Transactions"),
    ("client", "webhooks", "webhooks::Webhooks"),
    ("partner", "actions", "partner::PartnerActions"),
    ("partner", "customers", "partner::PartnerCustomers"),
    ("partner", "marketplace", "partner::Marketplace"),
    ("partner", "partnerships", "partner::PartnerPartnerships"),
    ("partner", "payouts", "partner::Payouts"),
    ("partner", "rewards", "partner::PartnerRewards"),
    ("partner", "transactions", "partner::PartnerTransactions"),
];
