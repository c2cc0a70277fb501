//! Endpoint docs (summary, vendor link, notes, `# Errors`, a `no_run`
//! example), query-parameter docs, and the example calls the docs and the
//! generated tests share.
//!
//! Text from the description goes through [`doc_comment`] (escaped); what
//! the generator writes itself (links, headings, the example) goes out as
//! is ([`raw_comment`]).

use std::fmt::Write as _;

use super::models::{first_variant, request_plain};
use super::operations::{Planned, path_params};
use super::rust_type;
use crate::config::{ApiConfig, ExampleSetup, Returns};
use crate::docs::{doc_comment, raw_comment};
use crate::ir::{BodyEncoding, Model, Operation, Param, ResponseBody, TypeDef, TypeRef, Usage};

/// A query parameter's doc (builder setters): wire name, facts, default,
/// encoding and our description if any.
pub fn param_doc(p: &Param) -> String {
    let mut doc = format!("`{}`: {}.", p.wire, p.facts);
    if let Some(d) = &p.default {
        let _ = write!(doc, " The API's default: `{d}`.");
    }
    if matches!(p.ty, TypeRef::OneOrMany(_) | TypeRef::Array(_)) {
        doc.push_str(" Sent comma-separated.");
    }
    if let Some(d) = &p.doc {
        doc.push_str("\n\n");
        doc.push_str(d);
    }
    if p.deprecated {
        doc.push_str("\n\n**Deprecated** by the API.");
    }
    doc
}

/// The argument type and wire conversion of a query parameter (`v` names
/// the value).
pub fn query_setter(p: &Param, model: &Model, v: &str) -> (String, String) {
    match &p.ty {
        TypeRef::OneOrMany(_) | TypeRef::Array(_) => (
            "impl IntoIterator<Item = impl AsRef<str>>".into(),
            format!("affiliate_common::op::join_values({v})"),
        ),
        // An id (`CampaignId`, `customerId`), like a path id: a number and
        // the text of a listed record's id both work.
        TypeRef::String if is_id_name(&p.wire) => {
            ("impl std::fmt::Display".into(), format!("{v}.to_string()"))
        }
        TypeRef::Boolean => ("bool".into(), format!("{v}.to_string()")),
        TypeRef::Integer | TypeRef::Number => ("u64".into(), format!("{v}.to_string()")),
        TypeRef::Named(n) if matches!(model.find(n), Some(TypeDef::Enum { .. })) => (
            format!("impl Into<models::{n}>"),
            format!("{v}.into().as_str().to_owned()"),
        ),
        _ => ("impl Into<String>".into(), format!("{v}.into()")),
    }
}

/// Whether a parameter names an id (`Id`, `CampaignId`, `customerId`,
/// `partner_key` is not one).
pub(crate) fn is_id_name(wire: &str) -> bool {
    wire.eq_ignore_ascii_case("id") || wire.ends_with("Id") || wire.ends_with("_id")
}

/// `` `list_links`, the vendor's `getLinks` `` (or one name when they agree).
fn op_names(op: &Operation) -> String {
    if op.operation_id == op.id {
        format!("`{}`", op.id)
    } else {
        format!("`{}`, the vendor's `{}`", op.operation_id, op.id)
    }
}

/// An endpoint method's doc.
pub fn method_doc(p: &Planned, model: &Model, cfg: &dyn ApiConfig) -> String {
    let style = cfg.ops_style();
    let op = &p.op;
    let mut d = String::new();
    let summary = op.summary.clone().unwrap_or_else(|| op.id.clone());
    d.push_str(summary.trim_end_matches('.'));
    d.push_str(".\n");
    let description = op
        .description
        .as_ref()
        .filter(|x| x.trim() != summary.trim());
    if let Some(desc) = description {
        d.push('\n');
        d.push_str(desc);
        d.push_str("\n\n");
    }
    if op.deprecated {
        if description.is_none() {
            d.push('\n');
        }
        d.push_str("**Deprecated** by the API.\n\n");
    }
    let mut out = doc_comment(&d, "    ");
    let mut d = String::new();
    // The route follows the summary in its paragraph (and the notes follow
    // the route); the example and `# Errors` follow without blank lines.
    let _ = writeln!(
        d,
        "`{} {}` ({}; [API docs]({})), answering `{}`.{}",
        op.method,
        op.path,
        op_names(op),
        p.plan.doc_url,
        op.status,
        style.path_note
    );
    if op.public {
        d.push_str("This endpoint needs no API key.\n");
    }
    let mut notes = Vec::new();
    if let Returns::List(t) = &p.returns {
        notes.push(format!(
            "A list of `{}`: `.await` (or `send()`) answers the first page; `stream()`, `pages()` and `collect_all()` go through every page.",
            rust_type(t)
        ));
    }
    if p.returns == Returns::Bytes {
        notes.push(match &op.response {
            ResponseBody::Binary(ct) => format!("Answers the raw bytes of the file (`{ct}`)."),
            _ => "Answers the raw bytes of the file.".into(),
        });
    }
    match op.body_encoding {
        _ if op.body.is_none() => {}
        BodyEncoding::Form => notes.push("The body is sent form-encoded.".into()),
        BodyEncoding::Json => {}
        BodyEncoding::Multipart => {
            notes.push("The body is sent as `multipart/form-data` (text fields).".into())
        }
    }
    if !p.optional.is_empty() && !matches!(p.returns, Returns::List(_)) {
        notes.push("Set optional query parameters on the returned builder, then `.await` it (or call `send()`).".into());
    }
    notes.extend(cfg.op_notes(op, &p.returns));
    // One line of notes, in the route's paragraph.
    if !notes.is_empty() {
        let _ = writeln!(d, "{}", notes.join(" "));
    }
    d.push_str(&runnable_example(p, model, cfg));
    let _ = write!(d, "# Errors\n{}\n", style.errors);
    out.push_str(&raw_comment(&d, "    "));
    out
}

/// A method's example: run against the crate's sandbox (a hidden set-up
/// starts it and binds the receiver and the ids the call names, then the
/// call shows), or, for an API without [`ApiConfig::example_setup`], a
/// `no_run` function taking what the call starts from.
fn runnable_example(p: &Planned, model: &Model, cfg: &dyn ApiConfig) -> String {
    let krate = cfg.crate_name();
    let style = cfg.ops_style();
    if let (Some(setup), Some(call)) = (
        cfg.example_setup(),
        sandbox_call(&p.op, Some(p), model, cfg),
    ) {
        let mut out = format!(
            "```\n# #[tokio::main(flavor = \"current_thread\")]\n# async fn main() -> {krate}::Result<()> {{\n# let running = {}.await?;\n",
            setup.start
        );
        for (var, expr) in &call.bindings {
            let _ = writeln!(out, "# let {var} = {expr};");
        }
        for l in &call.lets {
            let _ = writeln!(out, "{l}");
        }
        let binding = if matches!(p.returns, Returns::List(_)) {
            "page"
        } else {
            "result"
        };
        let _ = writeln!(out, "let {binding} = {};\n# Ok(()) }}\n```", call.call);
        return out;
    }
    // The example's function takes what the call starts from (`client`,
    // or a scoped client such as `brand`), so it shows only the call.
    let receiver = p.plan.accessor.split('.').next().unwrap_or("client");
    format!(
        "```no_run\n# async fn run({receiver}: {krate}::{}) -> {krate}::Result<()> {{\n{}# Ok(()) }}\n```\n",
        style.handlers_on.unwrap_or_else(|| style
            .receivers
            .iter()
            .find(|(r, _)| *r == receiver)
            .map_or("Client", |(_, t)| t)),
        example_call(p, model, cfg, ""),
    )
}

/// An example value of a type as Rust source (`models` is the path of the
/// models module).
pub fn example_value(t: &TypeRef, model: &Model, models: &str, depth: usize) -> String {
    match t {
        TypeRef::String => "\"example\"".into(),
        TypeRef::Integer => "1".into(),
        TypeRef::Number => "1.0".into(),
        TypeRef::Boolean => "true".into(),
        TypeRef::Any => "serde_json::json!({})".into(),
        TypeRef::Object => "serde_json::Map::new()".into(),
        TypeRef::Map(_) => "Default::default()".into(),
        // Constructor arguments take string iterators.
        TypeRef::Array(i) | TypeRef::OneOrMany(i) if **i == TypeRef::String => {
            "[\"example\"]".into()
        }
        TypeRef::Array(_) | TypeRef::OneOrMany(_) => "vec![]".into(),
        TypeRef::Named(n) => match model.find(n) {
            Some(TypeDef::Enum { values, .. }) => {
                format!("{models}::{n}::{}", first_variant(values))
            }
            Some(TypeDef::Struct {
                fields,
                usage: Usage::Request,
                ..
            }) if depth < 4 => {
                let args: Vec<String> = fields
                    .iter()
                    .filter(|f| request_plain(f))
                    .map(|f| example_value(&f.ty, model, models, depth + 1))
                    .collect();
                format!("{models}::{n}::new({})", args.join(", "))
            }
            _ => format!("{models}::{n}::default()"),
        },
    }
}

/// An example query argument: `(Rust source, wire text)`.
pub fn example_query(p: &Param, model: &Model, models: &str) -> (String, String) {
    match &p.ty {
        TypeRef::OneOrMany(_) | TypeRef::Array(_) => ("[\"example\"]".into(), "example".into()),
        TypeRef::Boolean => ("true".into(), "true".into()),
        TypeRef::Integer | TypeRef::Number => ("1".into(), "1".into()),
        TypeRef::Named(n) => match model.find(n) {
            Some(TypeDef::Enum { values, .. }) => (
                format!("{models}::{n}::{}", first_variant(values)),
                values.first().cloned().unwrap_or_default(),
            ),
            _ => ("\"example\"".into(), "example".into()),
        },
        _ => ("\"example\"".into(), "example".into()),
    }
}

/// The arguments of an example call: `id_123` for every id, example query
/// values, and the body (with `setters` chained on it).
fn call_args(p: &Planned, model: &Model, cfg: &dyn ApiConfig, setters: &str) -> Vec<String> {
    let style = cfg.ops_style();
    let models = &style.models_path;
    let mut args = Vec::new();
    for pp in path_params(&p.op, &style) {
        if !p.carried.contains(&pp.wire) {
            args.push("\"id_123\"".to_owned());
        }
    }
    for q in &p.required {
        // Bound to a variable of the parameter's name, so the example
        // reads `list(campaign_id)`, never a bare `list(1)`.
        args.push(q.name.clone());
    }
    if let Some(b) = &p.body_args {
        args.extend(b.args.iter().map(|(_, _, example)| example.clone()));
    } else if let Some(b) = &p.op.body {
        args.push(match b {
            TypeRef::Array(_) => "&[]".into(),
            TypeRef::Named(n) if cfg.example_body(n).is_some() => {
                format!("&{}{setters}", cfg.example_body(n).unwrap_or_default())
            }
            other => format!("&{}{setters}", example_value(other, model, models, 0)),
        });
    }
    args
}

/// The example: the required query parameters bound to their names, then
/// the call.
pub fn example_call(p: &Planned, model: &Model, cfg: &dyn ApiConfig, setters: &str) -> String {
    let args = call_args(p, model, cfg, setters).join(", ");
    let call = format!("{}.{}({args})", p.plan.accessor, p.plan.method);
    let models = &cfg.ops_style().models_path;
    let mut out = String::new();
    for q in &p.required {
        let _ = writeln!(
            out,
            "let {} = {};",
            q.name,
            example_query(q, model, models).0
        );
    }
    out + &match &p.returns {
        Returns::List(_) => format!("let page = {call}.send().await?;\n"),
        _ if p.has_setters() => format!("let result = {call}.send().await?;\n"),
        _ => format!("let result = {call}.await?;\n"),
    }
}

/// `(api, or api/persona, operation id, call)`: the calls of hand-written
/// methods, and of operations whose generated example values the sandbox
/// rightly refuses (a URL that is not one, a lookup without a key, a
/// reference to a record it does not hold). A call names the receiver it
/// starts from (`client`) and the held ids it needs by their variables
/// ([`ExampleSetup::held`]: `&link_id`), like a generated call.
const CALLS: &[(&str, &str, &str)] = &[
    (
        "dub",
        "createLink",
        "client.links().create(&dub::models::NewLink::new(\"https://example.com/launch\")).await?",
    ),
    (
        "dub",
        "getLinkInfo",
        "client.links().get().link_id(&link_id).send().await?",
    ),
    (
        "dub",
        "createPartner",
        "client.partners().create(&dub::models::NewPartner::new(\"new.partner@example.com\")).await?",
    ),
    (
        "dub",
        "banPartner",
        "client.partners().ban(&dub::models::BanPartner::new(dub::models::BannedReason::TosViolation).partner_id(&partner_id)).await?",
    ),
    (
        "dub",
        "deactivatePartner",
        "client.partners().deactivate(&dub::models::DeactivatePartner::new().partner_id(&partner_id)).await?",
    ),
    (
        "dub",
        "updateCommission",
        "client.commissions().update(&commission_id, &dub::models::UpdateCommission::new()).await?",
    ),
    (
        "dub",
        "upsertLink",
        "client.links().upsert(&dub::models::NewLink::new(\"https://example.com/pricing\")).await?",
    ),
    (
        "dub",
        "getLinksCount",
        "client.links().count().send().await?",
    ),
    (
        "dub",
        "bulkCreateLinks",
        "client.links().create_many(&[dub::models::NewLink::new(\"https://example.com/blog\")]).await?",
    ),
    (
        "dub",
        "retrieveAnalytics",
        "client.analytics().retrieve().send().await?",
    ),
    (
        "dub",
        "trackLead",
        "client.track().lead(&dub::models::TrackLead::new(\"click_123\", \"Sign up\", \"user_42\")).await?",
    ),
    (
        "dub",
        "trackSale",
        "client.track().sale(&dub::models::TrackSale::new(\"user_42\", 4900)).await?",
    ),
    (
        "dub",
        "retrievePartnerAnalytics",
        "client.partners().analytics().send().await?",
    ),
    (
        "dub",
        "createCommission",
        "client.commissions().create(&dub::models::NewCommission::Custom(dub::models::NewCommissionCustom::new(&partner_id, 5_000))).await?",
    ),
    (
        "dub",
        "getQRCode",
        "client.qr().get(\"https://dub.sh/abc\").send().await?",
    ),
    (
        "partnerstack",
        "list_deal_files",
        "client.deals().files(&deal_key).await?",
    ),
    (
        "partnerstack",
        "get_deal_file",
        "client.deals().file(&deal_key, \"file_0001\").await?",
    ),
    (
        "partnerstack",
        "list_disti_listing_categories",
        "client.disti_listings().categories().await?",
    ),
    (
        "partnerstack",
        "list_sales_cycle_stages",
        "client.sales_cycles().stages(\"deal\", None).await?",
    ),
    (
        "partnerstack",
        "create_customer",
        "client.customers().create(&partnerstack::NewCustomer::new(\"new.customer@example.com\", &partner_key)).await?",
    ),
    (
        "partnerstack",
        "create_deal",
        "client.deals().create(&partnerstack::NewDeal::new().partner_key(&partner_key).account_name(\"Acme Inc.\")).await?",
    ),
    (
        "partnerstack",
        "create_lead",
        "client.leads().create(&partnerstack::NewLead::new(&partner_key, \"lead-0001\", partnerstack::LeadStatus::Open, serde_json::Map::new())).await?",
    ),
    (
        "partnerstack",
        "create_partnership",
        "client.partnerships().create(&partnerstack::NewPartnership::new(\"new.partner@example.com\")).await?",
    ),
    (
        "partnerstack",
        "move_partnerships",
        "client.partnerships().move_to_group(&partnerstack::MovePartnerships::new(&group_key).partnership_keys([&partnership_key])).await?",
    ),
    (
        "partnerstack",
        "create_reward",
        "client.rewards().create(&partnerstack::NewReward::for_customer(&customer_key, 1000, \"Bonus\")).await?",
    ),
    (
        "partnerstack",
        "create_tier",
        "client.tiers().create(&partnerstack::NewTier::new(&collection_key, \"Platinum\")).await?",
    ),
    (
        "partnerstack",
        "create_transaction",
        "client.transactions().create(&partnerstack::NewTransaction::new(partnerstack::CustomerRef::Key(customer_key.clone()), 1000, \"USD\")).await?",
    ),
    (
        "impact/brand",
        "submit_conversion",
        "brand.conversions().submit(&impact_com::models::brand::ConversionPayload::new(impact_com::sandbox::SANDBOX_EVENT_TYPE_ID, \"NOW\", &campaign_id, \"ORDER-1\")).await?",
    ),
    (
        "impact/brand",
        "update_action_or_items",
        "brand.actions().update(&impact_com::models::brand::ActionModificationRequest::new().action_id(&action_id).amount(10.0)).await?",
    ),
    (
        "impact/brand",
        "reverse_action",
        "brand.actions().reverse(&impact_com::models::brand::ActionReversalRequest::new(impact_com::models::brand::ActionReversalRequestDispositionCode::Rejected).action_id(&action_id)).await?",
    ),
    (
        "impact/brand",
        "track_page_load",
        "client.tracking().page_load(&impact_com::tracking::PageLoad::new(1000, \"NOW\", \"https://www.acme.com/p/1\", \"visitor-42\")).await?",
    ),
    (
        "impact/brand",
        "get_deferred_deep_link",
        "client.tracking().deferred_deep_link(&impact_com::tracking::DeferredDeepLinkRequest::new(1000, 12345, \"2026-09-10T22:55:32-08:00\")).await?",
    ),
    (
        "impact/brand",
        "log_call_data_post",
        "client.tracking().log_call_data(&impact_com::tracking::CallData::new(1000, 12, \"2026-09-10T22:55:32-08:00\", 5555, \"Invoca\").session(\"sess-1\", \"+15555550100\", \"+15555550199\", 300, 240)).await?",
    ),
    (
        "impact/brand",
        "log_call_data_get",
        "client.tracking().log_call_data_get(&impact_com::tracking::CallData::new(1000, 12, \"2026-09-10T22:55:32-08:00\", 5555, \"Invoca\").session(\"sess-1\", \"+15555550100\", \"+15555550199\", 300, 240)).await?",
    ),
];

/// One operation's call against the crate's sandbox: the one an endpoint
/// method's example shows and the every-operation test makes.
#[derive(Debug, Clone, PartialEq)]
pub struct SandboxCall {
    /// `(variable, expression)` the call needs bound from `running`, in
    /// order: its receiver (`client`), then the held ids it names
    /// (`link_id`). Hidden in the examples.
    pub bindings: Vec<(String, String)>,
    /// Statements before the call, shown: the required query parameters
    /// the sandbox holds no value for (`let campaign_id = "example";`).
    pub lets: Vec<String>,
    /// The call, awaited with `?` (`client.links().update(&link_id,
    /// &dub::models::UpdateLink::new()).await?`).
    pub call: String,
}

/// The path arguments of an operation, in order, each `&variable` where
/// [`ExampleSetup::path_ids`] names the collection segment before it, else
/// `"id_123"`.
fn sandbox_path_args(op: &Operation, cfg: &dyn ApiConfig, setup: &ExampleSetup) -> Vec<String> {
    let style = cfg.ops_style();
    let segments: Vec<&str> = op.path.split('/').collect();
    path_params(op, &style)
        .into_iter()
        .map(|param| {
            let slot = format!("{{{}}}", param.wire);
            let before = segments
                .iter()
                .position(|s| *s == slot)
                .and_then(|i| i.checked_sub(1))
                .map(|i| segments[i]);
            setup
                .path_ids
                .iter()
                .find(|(seg, _)| Some(*seg) == before)
                .map_or_else(|| "\"id_123\"".to_owned(), |(_, var)| format!("&{var}"))
        })
        .collect()
}

/// The call of one operation against the sandbox, or `None` when it has
/// none: no generated method, no call in [`CALLS`], and not a list the
/// crate writes by hand. `p` is the operation's plan when it has a
/// generated method or builder.
pub fn sandbox_call(
    op: &Operation,
    p: Option<&Planned>,
    model: &Model,
    cfg: &dyn ApiConfig,
) -> Option<SandboxCall> {
    let setup = cfg.example_setup()?;
    let style = cfg.ops_style();
    // `CALLS` names a persona's calls as `impact/brand`.
    let unit = style
        .module
        .map_or_else(|| cfg.name().to_owned(), |m| format!("{}/{m}", cfg.name()));
    let written = CALLS
        .iter()
        .find(|(a, id, _)| *a == unit && (*id == op.id || *id == op.operation_id));
    let held = |name: &str| setup.held.iter().any(|(v, _)| *v == name);
    let mut lets = Vec::new();
    let call = match (written, p) {
        (Some((_, _, call)), _) => (*call).to_owned(),
        (None, Some(p)) => {
            let mut path = sandbox_path_args(op, cfg, &setup).into_iter();
            // The handler's own ids (`client.subscribers(uuid)`) fill the
            // accessor's placeholders, in path order.
            let mut accessor = p.plan.accessor.clone();
            let mut args = Vec::new();
            for pp in path_params(op, &style) {
                let arg = path.next().unwrap_or_default();
                if p.carried.contains(&pp.wire) {
                    accessor = accessor.replacen("\"id_123\"", &format!("\u{0}{arg}"), 1);
                } else {
                    args.push(arg);
                }
            }
            let accessor = accessor.replace('\u{0}', "");
            for q in &p.required {
                if !held(&q.name) {
                    let models = &style.models_path;
                    lets.push(format!(
                        "let {} = {};",
                        q.name,
                        example_query(q, model, models).0
                    ));
                }
            }
            // The rest of the arguments as the mock examples have them.
            let rest: Vec<String> = call_args(p, model, cfg, "")
                .into_iter()
                .skip(
                    path_params(op, &style)
                        .iter()
                        .filter(|pp| !p.carried.contains(&pp.wire))
                        .count(),
                )
                .collect();
            args.extend(rest);
            let send = if p.has_setters() {
                ".send().await?"
            } else {
                ".await?"
            };
            format!("{accessor}.{}({}){send}", p.plan.method, args.join(", "))
        }
        // Where the handlers are written by hand, a list is called by its
        // planned name (webhook receivers of generated handlers are no
        // calls a client makes).
        (None, None)
            if style.handlers_on.is_none()
                && op.method == "GET"
                && !op.query.iter().any(|q| q.required) =>
        {
            let plan = cfg.plan(op);
            let args = sandbox_path_args(op, cfg, &setup);
            format!(
                "{}.{}({}).send().await?",
                plan.accessor,
                plan.method,
                args.join(", ")
            )
        }
        (None, None) => return None,
    };
    // Bind what the statements name: receivers first, then held values
    // (and the held values those name), in the setup's order.
    let text = format!("{} {call}", lets.join(" "));
    let mut needed: Vec<&str> = setup
        .held
        .iter()
        .filter(|(v, _)| names_variable(&text, v))
        .map(|(v, _)| *v)
        .collect();
    loop {
        let more: Vec<&str> = setup
            .held
            .iter()
            .filter(|(v, _)| !needed.contains(v))
            .filter(|(v, _)| {
                setup
                    .held
                    .iter()
                    .any(|(n, e)| needed.contains(n) && names_variable(e, v))
            })
            .map(|(v, _)| *v)
            .collect();
        if more.is_empty() {
            break;
        }
        needed.extend(more);
    }
    let held: Vec<(String, String)> = setup
        .held
        .iter()
        .filter(|(v, _)| needed.contains(v))
        .map(|(v, e)| ((*v).to_owned(), (*e).to_owned()))
        .collect();
    // A receiver the call or a held value's expression names.
    let mut bindings: Vec<(String, String)> = setup
        .receivers
        .iter()
        .filter(|(v, _)| names_variable(&text, v) || held.iter().any(|(_, e)| names_variable(e, v)))
        .map(|(v, e)| ((*v).to_owned(), (*e).to_owned()))
        .collect();
    bindings.extend(held);
    Some(SandboxCall {
        bindings,
        lets,
        call,
    })
}

/// Whether Rust source names `var` as a variable: a word outside string
/// literals that is no method (`.var(`), path segment (`var::`) or call.
fn names_variable(source: &str, var: &str) -> bool {
    let mut code = String::new();
    let mut in_str = false;
    let mut escaped = false;
    for c in source.chars() {
        if in_str {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_str = false;
            }
            code.push(' ');
        } else if c == '"' {
            in_str = true;
            code.push(' ');
        } else {
            code.push(c);
        }
    }
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let bytes = code.as_bytes();
    let mut from = 0;
    while let Some(i) = code[from..].find(var).map(|i| i + from) {
        let end = i + var.len();
        let before = code[..i].trim_end();
        let after = code[end..].trim_start();
        let whole = (i == 0 || !word(bytes[i - 1] as char))
            && (end == code.len() || !word(bytes[end] as char));
        if whole
            && !before.ends_with('.')
            && !before.ends_with("::")
            && !after.starts_with('(')
            && !after.starts_with("::")
            && !after.starts_with('!')
        {
            return true;
        }
        from = end;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::names_variable;

    #[test]
    fn a_variable_is_a_word_outside_strings_methods_calls_and_paths() {
        assert!(names_variable(
            "client.links().update(&link_id, &x).await?",
            "link_id"
        ));
        assert!(names_variable("client.links()", "client"));
        assert!(names_variable("list(campaign_id)", "campaign_id"));
        // A setter, a string, a longer word, a path and a call are not.
        assert!(!names_variable("x.link_id(&y)", "link_id"));
        assert!(!names_variable("x(\"a \\\"link_id\\\"\")", "link_id"));
        assert!(!names_variable("my_link_id", "link_id"));
        assert!(!names_variable("partner::Thing", "partner"));
        assert!(!names_variable("partner(1)", "partner"));
        assert!(!names_variable("client.partners()", "partner"));
    }
}
