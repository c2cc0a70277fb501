//! ReferralHero's rules: the response models and the plain endpoint methods
//! of `specs/referralhero.yaml` are generated into
//! `referralhero/src/generated/`. The handlers carry the list (and
//! subscriber) they work on (`client.subscribers(uuid).get(id)`): those path
//! parameters are the handlers' fields ([`ApiConfig::handler_fields`]). The
//! request bodies (an identifier flattened into each, checked by their
//! `validate`), the list builders (pagination wiring), webhooks and the
//! sandbox stay hand-written.

use crate::config::{ApiConfig, BodyArgs, Mode, ModelStyle, OpPlan, OpsStyle, Returns};
use crate::ir::{Model, Operation, TypeRef};
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

/// Hand-written types the generated models or endpoint methods name: the
/// enums with aliases, the request bodies, the leaderboard and the
/// acknowledgement (`models::Ack`).
const EXTERNAL: &[&str] = &[
    "ListType",
    "RewardStatus",
    "NewList",
    "NewSubscriber",
    "UpdateSubscriber",
    "Identifier",
    "TrackConversion",
    "AddPoints",
    "Transaction",
    "BulkTransactions",
    "UpdateRewardStatus",
    "UnlockPromotedReward",
    "NewCouponGroup",
    "AddCoupons",
    "Leaderboard",
    "Ack",
];

/// `(success envelope, what the method answers)`: `data` of the envelope,
/// read as the record (`[T]`: the items `data` holds, under the key of
/// `crate::envelope::<key>`, the third column).
const RETURNS: &[(&str, &str, &str)] = &[
    ("SubscriberBody", "Subscriber", ""),
    ("ListBody", "List", ""),
    ("CouponGroupBody", "CouponGroup", ""),
    ("LeaderboardBody", "Leaderboard", ""),
    ("AckBody", "Ack", ""),
    ("BonusesBody", "[Bonus]", "BonusesKey"),
    ("CouponsBody", "[Coupon]", "CouponsKey"),
];

/// `(handler, the path parameters it holds)`.
const HANDLER_FIELDS: &[(&str, &[&str])] = &[
    ("crate::resources::Subscribers", &["uuid"]),
    ("crate::resources::Coupons", &["uuid"]),
    ("crate::resources::Rewards", &["uuid"]),
    ("crate::resources::Referrals", &["uuid", "subscriber_id"]),
];

/// An example identifier in doc examples: the email of a subscriber the
/// sandbox holds (`email`, bound by the examples' set-up).
const BOB: &str = "referralhero::models::Identifier::email(&email)";

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

    fn example_body(&self, name: &str) -> Option<&'static str> {
        Some(match name {
            "NewList" => "referralhero::models::NewList::new(\"Launch\")",
            "NewSubscriber" => {
                "referralhero::models::NewSubscriber::new(referralhero::models::Identifier::email(&email)).name(\"Bob\")"
            }
            "UpdateSubscriber" => {
                "referralhero::models::UpdateSubscriber::default().name(\"Ada L.\")"
            }
            "Identifier" => "referralhero::models::Identifier::email(&email)",
            "TrackConversion" => {
                "referralhero::models::TrackConversion::new(referralhero::models::Identifier::email(&email)).conversion_value(49.0)"
            }
            "AddPoints" => {
                "referralhero::models::AddPoints::new(referralhero::models::Identifier::email(&email), 5)"
            }
            "Transaction" => {
                "referralhero::models::Transaction::new(referralhero::models::Identifier::email(&email), 49.0)"
            }
            "UpdateRewardStatus" => {
                "referralhero::models::UpdateRewardStatus::new(&reward_id, referralhero::models::RewardStatus::Sent)"
            }
            "NewCouponGroup" => {
                "referralhero::models::NewCouponGroup::new(\"Spring\", [\"SPR-1\"])"
            }
            "AddCoupons" => "referralhero::models::AddCoupons::new(&coupon_group_id, [\"SPR-2\"])",
            _ => return None,
        })
    }

    fn handler_fields(&self, handler: &str) -> &'static [&'static str] {
        HANDLER_FIELDS
            .iter()
            .find(|(h, _)| *h == handler)
            .map_or(&[], |(_, f)| f)
    }

    fn body_args(&self, op: &Operation) -> Option<BodyArgs> {
        let (args, expr) = match op.operation_id.as_str() {
            // A batch of transactions, checked (1 to 500, each valid) as
            // the body is built.
            "add_bulk_transactions" => (
                vec![(
                    "transactions".to_owned(),
                    "Vec<models::Transaction>".to_owned(),
                    format!("vec![referralhero::models::Transaction::new({BOB}, 10.0)]"),
                )],
                "models::BulkTransactions::new(transactions)?",
            ),
            "unlock_promoted_reward" => (
                vec![(
                    "reward_id".to_owned(),
                    "impl Into<String>".to_owned(),
                    "bonus_id".to_owned(),
                )],
                "models::UnlockPromotedReward::new(reward_id)?",
            ),
            // Calls that need no input still send `{}` (`EmptyBody`).
            _ if op.body == Some(TypeRef::Any) => (Vec::new(), "serde_json::json!({})"),
            _ => return None,
        };
        Some(BodyArgs {
            args,
            expr: expr.to_owned(),
        })
    }

    fn builder_name(&self, op: &Operation, plan: &OpPlan) -> Option<String> {
        // A method that is no verb of the naming scheme (`leaderboard`,
        // `confirm`, `track_conversion`) takes its operation's name
        // (`GetLeaderboard`, `ConfirmSubscriber`, `TrackConversion`).
        let verb = plan.method.split('_').next().unwrap_or_default();
        let scheme = names::builder_name(&plan.handler, &plan.method);
        (!scheme.to_lowercase().starts_with(verb)).then(|| names::pascal(&op.operation_id))
    }

    fn returns(&self, op: &Operation, plan: &OpPlan, _model: &Model) -> Returns {
        if plan.mode == Mode::Manual {
            return Returns::List(TypeRef::Any);
        }
        let found = RETURNS
            .iter()
            .find(|(c, _, _)| op.response_component.as_deref() == Some(*c));
        match found {
            Some((_, t, _)) => match t.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
                Some(item) => Returns::Json(TypeRef::Array(Box::new(TypeRef::Named(item.into())))),
                None => Returns::Json(TypeRef::Named((*t).to_owned())),
            },
            None => Returns::Empty,
        }
    }

    fn send_expr(&self, returns: &Returns) -> Option<String> {
        match returns {
            Returns::Json(TypeRef::Named(n)) if n == "Ack" => {
                Some("crate::resources::ack(sender, request).await".into())
            }
            Returns::Json(TypeRef::Array(item)) => {
                let key = RETURNS
                    .iter()
                    .find(|(_, t, _)| t.trim_matches(['[', ']']) == crate::emit::rust_type(item))
                    .map(|(_, _, k)| *k)?;
                Some(format!(
                    "crate::resources::items::<_, crate::envelope::{key}>(sender, request).await"
                ))
            }
            Returns::Json(_) => Some("sender.send_data(request).await".into()),
            _ => None,
        }
    }

    fn body_check(&self, op: &Operation) -> Option<&'static str> {
        // Every hand-written body checks itself (a blank identifier, name
        // or code; a non-finite amount).
        matches!(&op.body, Some(TypeRef::Named(_))).then_some("validate")
    }

    fn keep_extra(&self, _type_name: &str) -> bool {
        true
    }

    fn example_setup(&self) -> Option<crate::config::ExampleSetup> {
        // A small seed keeps each example's start cheap; the first list,
        // and the first subscriber and coupon group it holds.
        Some(crate::config::ExampleSetup {
            start: "referralhero::sandbox::start_with(referralhero::sandbox::SandboxConfig::small(), |b| b)",
            receivers: &[("client", "running.client.clone()")],
            held: &[
                ("uuid", "running.api.list_uuids()[0].clone()"),
                (
                    "subscriber_id",
                    "running.api.subscriber_ids(&uuid).unwrap_or_default()[0].clone()",
                ),
                (
                    "coupon_group_id",
                    "running.api.coupon_group_ids(&uuid).unwrap_or_default()[0].clone()",
                ),
                // A held subscriber's email and referral code, an issued
                // reward, and a bonus the (promoted) subscriber may unlock.
                (
                    "email",
                    "client.subscribers(&uuid).get(&subscriber_id).await?.email.unwrap_or_default()",
                ),
                (
                    "mwr",
                    "client.subscribers(&uuid).get(&subscriber_id).await?.code.unwrap_or_default()",
                ),
                (
                    "reward_id",
                    "client.rewards(&uuid).list().send().await?.items[0].id.clone()",
                ),
                (
                    "bonus_id",
                    "{ client.subscribers(&uuid).promote(&subscriber_id).await?; client.lists().bonuses(&uuid).await?[0].id.clone() }",
                ),
            ],
            path_ids: &[
                ("lists", "uuid"),
                ("subscribers", "subscriber_id"),
                ("coupon_groups", "coupon_group_id"),
            ],
        })
    }

    fn ops_style(&self) -> OpsStyle {
        OpsStyle {
            sender: "crate::Client",
            field: "client",
            imports: "use crate::models;\n",
            models_path: "referralhero::models".into(),
            no_manual_builders: true,
            errors: "[`Error::Api`](crate::Error::Api) for an error response (its `code`, such as `subscriber_not_found` or `invalid_list`), \
                     [`Error::RateLimited`](crate::Error::RateLimited) after a 429 (`too_many_calls`), \
                     [`Error::InvalidInput`](crate::Error::InvalidInput) before sending for an empty id or a body that fails its checks, \
                     and transport, timeout or decode errors. Writes are not retried once they may have reached the server.",
            roundtrip: true,
            text_check: Some("crate::resources::text"),
            range_check: Some("crate::resources::in_range"),
            hand_written_every_op: true,
            ..OpsStyle::default()
        }
    }

    fn plan(&self, op: &Operation) -> OpPlan {
        let (receiver, accessor, args, method) = sdk_parts(op);
        let handler = match receiver_type(&accessor) {
            Some(h) => format!("crate::resources::{h}"),
            None => "crate::Client".to_owned(),
        };
        // Lists (pages of a collection) keep their hand-written builders.
        let list = op
            .response_component
            .as_deref()
            .is_some_and(|c| c.ends_with("PageBody"));
        // The accessor's arguments are the handler's fields: ids in
        // examples.
        let accessor = if accessor.is_empty() {
            receiver
        } else {
            let ids = vec!["\"id_123\""; args];
            format!("{receiver}.{accessor}({})", ids.join(", "))
        };
        OpPlan {
            handler,
            accessor,
            method,
            mode: if list { Mode::Manual } else { Mode::Generated },
            // A POST the description calls idempotent may be retried.
            request_calls: if op.method == "POST" && op.idempotent == Some(true) {
                vec![".idempotent()".to_owned()]
            } else {
                Vec::new()
            },
            doc_url: op.doc_url.clone().unwrap_or_else(|| DOCS_ROOT.to_owned()),
        }
    }
}

/// `(receiver, accessor, number of accessor arguments, method)` of an
/// operation's `x-sdk-method` (`client.subscribers(uuid).get(subscriber_id)`
/// -> `client`, `subscribers`, 1, `get`; `client.search_subscribers(name)`
/// -> `client`, ``, 0, `search_subscribers`).
fn sdk_parts(op: &Operation) -> (String, String, usize, String) {
    let sdk = op.sdk_method.clone().unwrap_or_default();
    let parts: Vec<&str> = sdk.split(").").collect();
    let name = |s: &str| s.split('(').next().unwrap_or_default().to_owned();
    let argc = |s: &str| {
        let inner = s
            .split_once('(')
            .map_or("", |(_, a)| a.trim_end_matches(')'));
        inner.split(',').filter(|a| !a.trim().is_empty()).count()
    };
    match parts.as_slice() {
        [first, second, ..] => {
            let (receiver, accessor) = first.split_once('.').unwrap_or(("client", first));
            (
                receiver.to_owned(),
                name(accessor),
                argc(accessor),
                name(second),
            )
        }
        [only] => {
            let (receiver, method) = only.split_once('.').unwrap_or(("client", only));
            (receiver.to_owned(), String::new(), 0, name(method))
        }
        [] => (
            "client".into(),
            names::snake(&op.tag),
            0,
            op.operation_id.clone(),
        ),
    }
}

/// The handler type an accessor returns (`subscribers` -> `Subscribers`).
fn receiver_type(accessor: &str) -> Option<String> {
    (!accessor.is_empty()).then(|| names::pascal(accessor))
}
