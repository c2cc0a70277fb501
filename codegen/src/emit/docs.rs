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
use crate::config::{ApiConfig, Returns};
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
    // The example's function takes what the call starts from (`client`,
    // or a scoped client such as `brand`), so it shows only the call.
    let krate = cfg.crate_name();
    let receiver = p.plan.accessor.split('.').next().unwrap_or("client");
    let _ = write!(
        d,
        "```no_run\n# async fn run({receiver}: {krate}::{}) -> {krate}::Result<()> {{\n{}# Ok(()) }}\n```\n# Errors\n{}\n",
        style.handlers_on.unwrap_or_else(|| style
            .receivers
            .iter()
            .find(|(r, _)| *r == receiver)
            .map_or("Client", |(_, t)| t)),
        example_call(p, model, cfg, ""),
        style.errors,
    );
    out.push_str(&raw_comment(&d, "    "));
    out
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
    for _ in path_params(&p.op, &style) {
        args.push("\"id_123\"".to_owned());
    }
    for q in &p.required {
        // Bound to a variable of the parameter's name, so the example
        // reads `list(campaign_id)`, never a bare `list(1)`.
        args.push(q.name.clone());
    }
    if let Some(b) = &p.op.body {
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
