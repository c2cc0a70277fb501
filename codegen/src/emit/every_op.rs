//! `tests/every_op*.rs`: one test that calls every operation of a
//! description through the typed client against the crate's sandbox, one
//! line an operation (the call of the doc examples, [`example_call`]), and
//! asserts no transport error, no decode error and no `501
//! sandbox_unsupported` (API errors are counted and printed apart).
//!
//! Ids the sandbox serves statefully are taken from its seeded data
//! ([`IDS`]). A method written by hand over a generated builder is called
//! by its planned name, like a generated one; other hand-written methods
//! have their call in [`MANUAL`].

use super::docs::example_call;
use super::operations::{Planned, path_params};
use super::{File, Header};
use crate::config::ApiConfig;
use crate::ir::{Model, Operation};

/// `(api, collection segment, variable, sandbox expression)`: a path
/// parameter right after the segment is the variable, the first id the
/// sandbox holds in that collection (`running.api.ids(..)`).
const IDS: &[(&str, &str, &str, &str)] = &[
    ("dub", "links", "link", "links"),
    ("dub", "customers", "customer", "customers"),
    ("impact", "Campaigns", "campaign", "Campaigns"),
    ("impact", "MediaPartners", "media_partner", "MediaPartners"),
    ("impact", "Actions", "action", "Actions"),
    ("impact", "Jobs", "job", "Jobs"),
    (
        "partnerstack",
        "partnerships",
        "partnership",
        "partnerships",
    ),
    ("partnerstack", "links", "partnership", "partnerships"),
    ("partnerstack", "customers", "customer", "customers"),
    (
        "partnerstack",
        "transactions",
        "transaction",
        "transactions",
    ),
    ("partnerstack", "deals", "deal", "deals"),
    ("partnerstack", "leads", "lead", "leads"),
    ("partnerstack", "actions", "action", "actions"),
    ("partnerstack", "webhooks", "webhook", "webhooks"),
];

/// `(api, or api/persona, operation id, call)`: the calls of hand-written methods, and of
/// operations whose generated example values the sandbox rightly refuses
/// (a URL that is not one, a lookup without a key). The receiver a call
/// starts from is `client`; `held("<collection>")` is the first id the
/// sandbox holds in a collection.
const MANUAL: &[(&str, &str, &str)] = &[
    (
        "dub",
        "createLink",
        "client.links().create(&dub::models::NewLink::new(\"https://example.com/every-op/create\")).await?",
    ),
    (
        "dub",
        "getLinkInfo",
        "client.links().get().link_id(&link).send().await?",
    ),
    (
        "dub",
        "createPartner",
        "client.partners().create(&dub::models::NewPartner::new(\"every-op@example.com\")).await?",
    ),
    (
        "dub",
        "banPartner",
        "client.partners().ban(&dub::models::BanPartner::new(dub::models::BannedReason::TosViolation).partner_id(held(\"partners\"))).await?",
    ),
    (
        "dub",
        "deactivatePartner",
        "client.partners().deactivate(&dub::models::DeactivatePartner::new().partner_id(held(\"partners\"))).await?",
    ),
    (
        "dub",
        "updateCommission",
        "client.commissions().update(held(\"commissions\"), &dub::models::UpdateCommission::new()).await?",
    ),
    (
        "dub",
        "upsertLink",
        "client.links().upsert(&dub::models::NewLink::new(\"https://example.com/every-op/upsert\")).await?",
    ),
    (
        "dub",
        "getLinksCount",
        "client.links().count().send().await?",
    ),
    (
        "dub",
        "bulkCreateLinks",
        "client.links().create_many(&[dub::models::NewLink::new(\"https://example.com/every-op\")]).await?",
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
        "client.commissions().create(&dub::models::NewCommission::Custom(dub::models::NewCommissionCustom::new(\"pn_123\", 5_000))).await?",
    ),
    (
        "dub",
        "getQRCode",
        "client.qr().get(\"https://dub.sh/abc\").send().await?",
    ),
    (
        "partnerstack",
        "list_deal_files",
        "client.deals().files(\"id_123\").await?",
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
        "impact/brand",
        "submit_conversion",
        "brand.conversions().submit(&impact_com::models::brand::ConversionPayload::new(impact_com::sandbox::SANDBOX_EVENT_TYPE_ID, \"NOW\", held(\"Campaigns\"), \"ORDER-EVERY-OP\")).await?",
    ),
    (
        "impact/brand",
        "update_action_or_items",
        "brand.actions().update(&impact_com::models::brand::ActionModificationRequest::new().action_id(held(\"Actions\")).amount(10.0)).await?",
    ),
    (
        "impact/brand",
        "reverse_action",
        "brand.actions().reverse(&impact_com::models::brand::ActionReversalRequest::new(impact_com::models::brand::ActionReversalRequestDispositionCode::Rejected).action_id(held(\"Actions\"))).await?",
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

/// The call of one planned operation, with `"id_123"` replaced by a held
/// id where [`IDS`] names one.
fn generated_call(
    p: &Planned,
    model: &Model,
    cfg: &dyn ApiConfig,
    vars: &mut Vec<(String, String)>,
) -> String {
    let mut call = example_call(p, model, cfg, "");
    for arg in path_args(&p.op, cfg, vars) {
        call = call.replacen("\"id_123\"", &format!("\u{0}{arg}"), 1);
    }
    let call = call.replace('\u{0}', "");
    call.lines()
        .map(|l| {
            l.strip_prefix("let result = ")
                .or_else(|| l.strip_prefix("let page = "))
                .map_or_else(|| l.to_owned(), |c| c.trim_end_matches(';').to_owned())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The path arguments of a call: a held id where [`IDS`] names one (its
/// variable recorded in `vars`), else `"id_123"`.
fn path_args(op: &Operation, cfg: &dyn ApiConfig, vars: &mut Vec<(String, String)>) -> Vec<String> {
    let style = cfg.ops_style();
    let segments: Vec<&str> = op.path.split('/').collect();
    let mut args = Vec::new();
    for param in path_params(op, &style) {
        let slot = format!("{{{}}}", param.wire);
        let before = segments
            .iter()
            .position(|s| *s == slot)
            .and_then(|i| i.checked_sub(1))
            .map(|i| segments[i]);
        let held = IDS
            .iter()
            .find(|(api, seg, _, _)| *api == cfg.name() && Some(*seg) == before);
        args.push(match held {
            Some((_, _, var, collection)) => {
                if !vars.iter().any(|(v, _)| v == var) {
                    vars.push(((*var).to_owned(), (*collection).to_owned()));
                }
                format!("&{var}")
            }
            None => "\"id_123\"".to_owned(),
        });
    }
    args
}

/// The call of a list written by hand with no generated builder: its
/// planned accessor and method (the description's `x-sdk-method`), the path
/// arguments, then the first page.
fn hand_list_call(op: &Operation, cfg: &dyn ApiConfig, vars: &mut Vec<(String, String)>) -> String {
    let plan = cfg.plan(op);
    let args = path_args(op, cfg, vars).join(", ");
    format!("{}.{}({args}).send().await?", plan.accessor, plan.method)
}

/// The test file, or `None` when the API has no generated endpoint methods.
pub fn every_op_test(
    model: &Model,
    cfg: &dyn ApiConfig,
    planned: &[Planned],
    h: &Header,
) -> Option<File> {
    let style = cfg.ops_style();
    let krate = cfg.crate_name();
    let api = cfg.name();
    // `MANUAL` names a persona's calls as `impact/brand`.
    let unit = style
        .module
        .map_or_else(|| api.to_owned(), |m| format!("{api}/{m}"));
    let mut vars = Vec::new();
    let mut lines = Vec::new();
    let mut receivers: Vec<String> = Vec::new();
    let mut missing = Vec::new();
    for op in &model.ops {
        let p = planned
            .iter()
            .find(|p| p.op.operation_id == op.operation_id);
        let written = MANUAL
            .iter()
            .find(|(a, id, _)| *a == unit && (*id == op.id || *id == op.operation_id));
        let call = match (written, p) {
            (Some((_, _, call)), _) => (*call).to_owned(),
            (None, Some(p)) => {
                let receiver = p
                    .plan
                    .accessor
                    .split('.')
                    .next()
                    .unwrap_or("client")
                    .to_owned();
                if !receivers.contains(&receiver) {
                    receivers.push(receiver);
                }
                generated_call(p, model, cfg, &mut vars)
            }
            // Where the handlers are written by hand, a list is called by
            // its planned name (webhook receivers of generated handlers are
            // no calls a client makes).
            (None, None)
                if style.handlers_on.is_none()
                    && op.method == "GET"
                    && !op.query.iter().any(|q| q.required) =>
            {
                let call = hand_list_call(op, cfg, &mut vars);
                let receiver = call.split('.').next().unwrap_or("client").to_owned();
                if !receivers.contains(&receiver) {
                    receivers.push(receiver);
                }
                call
            }
            (None, None) => {
                missing.push(format!("{} {} ({})", op.method, op.path, op.operation_id));
                continue;
            }
        };
        // Braces: rustfmt leaves the line as it is.
        lines.push(format!("    call! {{ t, {:?}, {call} }}", op.operation_id));
    }
    if lines.is_empty() {
        return None;
    }
    let name = match style.module {
        Some(m) => format!("every_op_{m}.rs"),
        None => "every_op.rs".to_owned(),
    };
    let mut text = h.comment();
    text.push_str(
        "//! Calls every operation of the description through the typed client against\n//! the sandbox, one line an operation: no transport error, no decode error, no\n//! `501 sandbox_unsupported`; API errors are counted and printed apart.\n",
    );
    if !missing.is_empty() {
        text.push_str(
            "//!\n//! Not called (hand-written methods without a call in the generator's table):\n",
        );
        for m in &missing {
            text.push_str(&format!("//! - `{m}`\n"));
        }
    }
    text.push_str(&format!(
        "\nuse {krate}::common::sandbox::ops::Tally;\n\n\
         macro_rules! call {{\n    ($t:ident, $op:literal, $($call:tt)*) => {{\n        $t.add($op, async {{ $($call)*; Ok::<(), {krate}::Error>(()) }}.await);\n    }};\n}}\n\n\
         #[tokio::test]\nasync fn every_operation_answers_in_the_sandbox() {{\n    let running = {krate}::sandbox::start().await.unwrap();\n"
    ));
    for r in &receivers {
        if r == "client" {
            text.push_str("    let client = running.client.clone();\n");
        } else if api == "impact" {
            text.push_str(&format!(
                "    let {r} = running.client.{r}({krate}::sandbox::SANDBOX_ACCOUNT_SID);\n"
            ));
        } else {
            // PartnerStack's partner-API client is a field of `Running`.
            text.push_str(&format!("    let {r} = running.{r}.clone();\n"));
        }
    }
    if lines.iter().any(|l| l.contains("client.")) && !receivers.iter().any(|r| r == "client") {
        text.push_str("    let client = running.client.clone();\n");
    }
    if !vars.is_empty() || lines.iter().any(|l| l.contains("held(")) {
        // PartnerStack's records are named by keys.
        let ids = if api == "partnerstack" { "keys" } else { "ids" };
        text.push_str(&format!("    let held = |c: &str| running.api.{ids}(c).unwrap_or_default().into_iter().next().unwrap_or_default();\n"));
    }
    for (var, collection) in &vars {
        text.push_str(&format!("    let {var} = held({collection:?});\n"));
    }
    text.push_str(&format!(
        "    let mut t = Tally::new({:?});\n",
        style
            .module
            .map_or_else(|| api.to_owned(), |m| format!("{api} {m}"))
    ));
    for l in &lines {
        text.push_str(l);
        text.push('\n');
    }
    text.push_str(&format!(
        "    println!(\"{{t}}\");\n    assert_eq!(t.calls(), {});\n    assert!(t.failures().is_empty(), \"{{t}}\");\n}}\n",
        lines.len()
    ));
    Some(File { name, text })
}
