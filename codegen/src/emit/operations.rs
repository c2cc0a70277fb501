//! Handlers and endpoint methods: `operations.rs`.
//!
//! Every method builds its request (path, required query parameters, body)
//! and returns its builder ([`super::builders`]); where the API's handlers
//! are generated too ([`OpsStyle::handlers_on`]), so are their structs and
//! accessors.

use std::fmt::Write as _;

use super::docs::{method_doc, query_setter};
use super::{Header, qualified};
use crate::config::{ApiConfig, BodyArgs, Mode, OpPlan, OpsStyle, Returns};
use crate::ir::{BodyEncoding, Model, Operation, Param, TypeRef};

/// A planned, generated operation.
#[derive(Clone)]
pub struct Planned {
    /// The operation.
    pub op: Operation,
    /// Its plan.
    pub plan: OpPlan,
    /// Its request builder's type name ([`crate::names::builder_name`]).
    pub builder: String,
    /// What it answers.
    pub returns: Returns,
    /// Required query parameters (method arguments).
    pub required: Vec<Param>,
    /// Optional query parameters (builder setters).
    pub optional: Vec<Param>,
    /// Path parameters (wire names) the handler holds
    /// ([`ApiConfig::handler_fields`]): never method arguments.
    pub carried: Vec<String>,
    /// A body built from arguments of the method's own
    /// ([`ApiConfig::body_args`]).
    pub body_args: Option<BodyArgs>,
}

impl Planned {
    /// Whether the method returns a builder with setters or list methods
    /// (the example then calls `send()`).
    pub fn has_setters(&self) -> bool {
        matches!(self.returns, Returns::List(_)) || !self.optional.is_empty()
    }
}

/// The planned operations and the ones left to hand-written code.
pub struct Plans {
    /// Operations with a generated method or builder.
    pub done: Vec<Planned>,
    /// `METHOD path (id)` of the operations left out.
    pub skipped: Vec<String>,
}

/// Plans every operation: a `Manual` one keeps only its builder (when it
/// has optional query parameters and the handlers are hand-written).
pub fn plan_all(model: &Model, cfg: &dyn ApiConfig) -> Plans {
    let style = cfg.ops_style();
    let mut done = Vec::new();
    let mut skipped = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for op in &model.ops {
        let mut plan = cfg.plan(op);
        let optional: Vec<Param> = op.query.iter().filter(|p| !p.required).cloned().collect();
        let manual_builder =
            style.handlers_on.is_none() && !optional.is_empty() && !style.no_manual_builders;
        if plan.mode == Mode::Manual && !manual_builder {
            skipped.push(format!("{} {} ({})", op.method, op.path, op.id));
            continue;
        }
        if !seen.insert((plan.handler.clone(), plan.method.clone())) {
            plan.method = crate::names::rust_ident(&op.id);
            seen.insert((plan.handler.clone(), plan.method.clone()));
        }
        // A builder never takes a model's name: on a clash (`UpdateLink`
        // is the body of `links().update`) the builder gets `Request`.
        let mut builder = cfg
            .builder_name(op, &plan)
            .unwrap_or_else(|| crate::names::builder_name(&plan.handler, &plan.method));
        if is_model(model, cfg, &builder) {
            builder.push_str("Request");
        }
        let fields = cfg.handler_fields(&plan.handler);
        done.push(Planned {
            carried: op
                .path_params
                .iter()
                .filter(|p| fields.contains(&p.wire.as_str()))
                .map(|p| p.wire.clone())
                .collect(),
            body_args: cfg.body_args(op),
            builder,
            returns: cfg.returns(op, &plan, model),
            required: op.query.iter().filter(|p| p.required).cloned().collect(),
            optional,
            op: op.clone(),
            plan,
        });
    }
    // Two operations never share a builder (`catalogs().list_items` and
    // `catalog_items().list` would both be `ListCatalogItems`): the later
    // one is named after its operation (`<OperationId>`).
    let mut names = std::collections::HashSet::new();
    for p in &mut done {
        if !names.insert(p.builder.clone()) {
            p.builder = crate::names::pascal(&p.op.operation_id);
            if is_model(model, cfg, &p.builder) {
                p.builder.push_str("Request");
            }
            names.insert(p.builder.clone());
        }
    }
    Plans { done, skipped }
}

/// Whether `name` is a model's, generated or hand-written.
fn is_model(model: &Model, cfg: &dyn ApiConfig, name: &str) -> bool {
    model.find(name).is_some() || cfg.external_types().contains(&name)
}

/// The handler accessor's name (`links` of `client.links()`).
fn accessor_name(plan: &OpPlan) -> String {
    plan.accessor
        .rsplit('.')
        .next()
        .unwrap_or("")
        .trim_end_matches("()")
        .to_owned()
}

/// `operations.rs`.
pub fn operations_rs(
    model: &Model,
    cfg: &dyn ApiConfig,
    planned: &[Planned],
    h: &Header,
) -> Result<String, String> {
    let style = cfg.ops_style();
    let mut out = h.comment();
    out.push_str(
        "//! Endpoint methods and their request builders, generated from the project's API description.\n\n",
    );
    out.push_str("#[allow(unused_imports)]\nuse affiliate_common::op;\n");
    out.push_str(style.imports);
    out.push('\n');
    let mut handlers: Vec<&Planned> = Vec::new();
    for p in planned {
        if !handlers.iter().any(|h| h.plan.handler == p.plan.handler) {
            handlers.push(p);
        }
    }
    if let Some(client) = style.handlers_on {
        let field = style.field;
        let _ = writeln!(
            out,
            "affiliate_common::handlers! {{\n    crate::{client} => {field}: {} = |c| c.{field}().clone();",
            style.sender
        );
        for p in &handlers {
            let _ = writeln!(
                out,
                "    /// The `{}` resource.\n    {} => {};",
                p.op.tag,
                p.plan.handler,
                accessor_name(&p.plan)
            );
        }
        out.push_str("}\n\n");
    }
    let mut entries = String::new();
    let mut builders = String::new();
    let mut names: Vec<String> = Vec::new();
    for first in handlers {
        let handler = &first.plan.handler;
        let mut methods = String::new();
        for p in planned.iter().filter(|p| &p.plan.handler == handler) {
            let mut variants = vec![p.clone()];
            // The JSON form of a body, sent by a method of its own that
            // returns the same builder.
            if let Some((name, ty)) = &p.op.json_alternative {
                let mut alt = p.clone();
                alt.op.body = Some(ty.clone());
                alt.op.body_encoding = BodyEncoding::Json;
                alt.op.json_alternative = None;
                alt.plan.method = name.clone();
                variants.push(alt);
            }
            if !names.contains(&p.builder) {
                names.push(p.builder.clone());
                let (entry, rest) = super::builders::builder_rs(p, model, cfg)?;
                entries.push_str(&entry);
                builders.push_str(&rest);
            }
            // `List` (pagination wired by hand) and `Manual` methods are
            // hand-written; their builders are generated.
            if p.plan.mode != Mode::Generated {
                continue;
            }
            for v in &variants {
                methods.push_str(&method_doc(v, model, cfg));
                methods.push_str(&method_rs(v, model, &style, cfg.body_check(&v.op)));
            }
        }
        if !methods.is_empty() {
            let _ = writeln!(out, "impl {handler} {{\n{methods}}}\n");
        }
    }
    if !entries.is_empty() {
        let _ = writeln!(
            out,
            "affiliate_common::op_builders! {{ {};\n{entries}}}\n",
            style.sender
        );
    }
    out.push_str(&builders);
    Ok(out)
}

/// One endpoint method: arguments (path ids, required query parameters,
/// body), the request, the builder.
fn method_rs(p: &Planned, model: &Model, style: &OpsStyle, check: Option<&str>) -> String {
    let op = &p.op;
    let mut args = vec!["&self".to_owned()];
    for pp in path_params(op, style) {
        if p.carried.contains(&pp.wire) {
            continue;
        }
        // An id: a number and the text of a listed record's id both work.
        args.push(format!("{}: impl std::fmt::Display", pp.name));
    }
    for q in &p.required {
        let (ty, _) = query_setter(q, model, "value");
        args.push(format!("{}: {ty}", q.name));
    }
    match (&p.body_args, &op.body) {
        (Some(b), _) => args.extend(b.args.iter().map(|(n, ty, _)| format!("{n}: {ty}"))),
        (None, Some(b)) => {
            let ty = match b {
                TypeRef::Array(i) => format!("&[{}]", qualified(i)),
                other => format!("&{}", qualified(other)),
            };
            args.push(format!("body: {ty}"));
        }
        (None, None) => {}
    }
    let mut calls = String::new();
    // A checked text argument (`text_check`) makes the chain fallible.
    let mut fallible = false;
    for q in &p.required {
        let (_, mut conv) = query_setter(q, model, &q.name);
        if let (Some(f), TypeRef::String) = (style.text_check, &q.ty) {
            conv = format!("{f}({:?}, {conv})?", q.wire);
            fallible = true;
        }
        let _ = write!(calls, ".query({:?}, {conv})", q.wire);
    }
    for c in &p.plan.request_calls {
        calls.push_str(c);
    }
    let mut request = request_expr(p, style, &calls, fallible);
    if let Some(check) = check.filter(|_| op.body.is_some() && p.body_args.is_none()) {
        request = format!("body.{check}().and_then(|()| {request})");
    }
    let builder = &p.builder;
    format!(
        "    pub fn {}({}) -> {builder} {{\n        let request = {request};\n        {builder}::from_result(self.{}.clone(), request)\n    }}\n\n",
        p.plan.method,
        args.join(", "),
        style.field
    )
}

/// The path parameters the caller gives (the prefix's own are the
/// sender's: impact.com's `AccountSID`).
pub fn path_params<'o>(op: &'o Operation, style: &OpsStyle) -> Vec<&'o Param> {
    let prefix = style.path_prefix.unwrap_or("");
    op.path_params
        .iter()
        .filter(|p| !prefix.contains(&format!("{{{}}}", p.wire)))
        .collect()
}

/// The request expression: `op::request(method, template, ids)` (or
/// `op::request_under(base, ..)` under the sender's path prefix), which
/// fills each `{name}` of the template from the ids in order and refuses
/// an empty id, then the `calls` on the request and the body.
fn request_expr(p: &Planned, style: &OpsStyle, calls: &str, fallible: bool) -> String {
    let op = &p.op;
    let rest = match style.path_prefix {
        Some(prefix) => op.path.strip_prefix(prefix).unwrap_or(&op.path),
        None => op
            .path
            .strip_prefix(style.strip_path)
            .filter(|rest| !style.strip_path.is_empty() && rest.starts_with('/'))
            .unwrap_or(&op.path),
    };
    let template = rest.trim_start_matches('/');
    let ids: Vec<String> = template
        .split('/')
        .filter_map(|seg| seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .map(|w| {
            let ident = op
                .path_params
                .iter()
                .find(|x| x.wire == w)
                .map(|x| x.name.clone())
                .unwrap_or_else(|| crate::names::rust_ident(w));
            if p.carried.iter().any(|c| c == w) {
                format!("&self.{ident}")
            } else {
                format!("&{ident}")
            }
        })
        .collect();
    let args = format!("{:?}, {template:?}, &[{}]", op.method, ids.join(", "));
    let mut out = match style.path_prefix {
        Some(_) => format!("op::request_under(self.{}.path(\"\"), {args})", style.field),
        None => format!("op::request({args})"),
    };
    if fallible {
        let _ = write!(out, ".and_then(|r| Ok(r{calls}))");
    } else if !calls.is_empty() {
        let _ = write!(out, ".map(|r| r{calls})");
    }
    match &p.body_args {
        Some(b) => {
            let _ = write!(out, ".and_then(|r| r.json(&{}))", b.expr);
        }
        None => out.push_str(body_chain(op)),
    }
    out
}

/// The body calls appended to the request expression.
fn body_chain(op: &Operation) -> &'static str {
    match (op.body.is_some(), op.body_encoding) {
        (false, _) => "",
        (true, BodyEncoding::Json) => ".and_then(|r| r.json(body))",
        (true, BodyEncoding::Form) => {
            ".and_then(|r| crate::form::pairs(body).and_then(|pairs| r.form(&pairs)))"
        }
        (true, BodyEncoding::Multipart) => {
            ".and_then(|r| crate::form::pairs(body).and_then(|pairs| affiliate_common::op::multipart(r, &pairs)))"
        }
    }
}
