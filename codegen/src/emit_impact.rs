//! The impact.com flavour of the Rust emitter: models come from
//! `emit::models_rs`; operations become resource handlers on the
//! hand-written account-scoped clients (`BrandClient`, `PartnerClient`),
//! built on `Scope` (paths under `/{Persona}/{AccountSID}`, JSON reads,
//! `WriteResult` writes, `ImpactPage` paginators). It also writes the
//! wiremock tests and their fixtures (string-typed scalars, as the wire
//! sends them).

use std::fmt::Write as _;

use serde_json::{Map, Value, json};

use crate::apis::impact::{Impact, Persona};
use crate::config::{ApiConfig, Mode, OpPlan};
use crate::docs::doc_comment;
use crate::emit::{
    File, Header, first_variant, models_rs_with, op_names, param_doc, query_setter, request_plain,
    rust_type,
};
use crate::ir::{BodyEncoding, Model, Operation, Param, ResponseBody, TypeDef, TypeRef, Usage};

/// What a generated method returns.
#[derive(Debug, Clone, PartialEq)]
enum Returns {
    /// `ImpactPage` items of this type (a list).
    List(TypeRef),
    /// JSON of this type.
    Json(TypeRef),
    /// A `WriteResult`.
    Write,
    /// Raw bytes (PDFs, job downloads, images).
    Bytes,
}

/// A planned, generated operation.
#[derive(Clone)]
pub struct Planned {
    /// The operation.
    pub op: Operation,
    /// Its plan.
    pub plan: OpPlan,
    returns: Returns,
    /// Required query parameters (method arguments).
    required: Vec<Param>,
    /// Optional query parameters (builder setters).
    optional: Vec<Param>,
}

impl Planned {
    fn has_builder(&self) -> bool {
        matches!(self.returns, Returns::List(_)) || !self.optional.is_empty()
    }
}

/// `models::X` for named types, recursively.
fn qualified(t: &TypeRef) -> String {
    match t {
        TypeRef::Named(n) => format!("models::{n}"),
        TypeRef::Array(i) | TypeRef::OneOrMany(i) => format!("Vec<{}>", qualified(i)),
        TypeRef::Map(i) => format!("std::collections::BTreeMap<String, {}>", qualified(i)),
        other => rust_type(other),
    }
}

fn struct_fields<'m>(model: &'m Model, t: &TypeRef) -> Option<&'m [crate::ir::Field]> {
    match t {
        TypeRef::Named(n) => match model.find(n) {
            Some(TypeDef::Struct { fields, .. }) => Some(fields),
            _ => None,
        },
        _ => None,
    }
}

fn returns(op: &Operation, model: &Model) -> Returns {
    match &op.response {
        ResponseBody::Binary(_) => Returns::Bytes,
        // A read without a documented body answers its raw bytes.
        ResponseBody::Empty if op.method == "GET" => Returns::Bytes,
        ResponseBody::Empty => Returns::Write,
        // impact.com wraps every list in an `@`-metadata object, even where
        // a spec documents a bare array: the wire wins.
        ResponseBody::Json(TypeRef::Array(item)) if op.method == "GET" => {
            Returns::List((**item).clone())
        }
        ResponseBody::Json(t) if op.method == "GET" => {
            if let Some(fields) = struct_fields(model, t) {
                let data: Vec<_> = fields.iter().filter(|f| !f.wire.starts_with('@')).collect();
                if let [only] = data.as_slice()
                    && let TypeRef::Array(item) = &only.ty
                {
                    return Returns::List((**item).clone());
                }
            }
            Returns::Json(t.clone())
        }
        ResponseBody::Json(t) => {
            let is_write = struct_fields(model, t).is_some_and(|fs| {
                fs.iter()
                    .any(|f| matches!(f.wire.as_str(), "Status" | "Uri" | "QueuedUri"))
            });
            if is_write || *t == TypeRef::Any || *t == TypeRef::Object {
                Returns::Write
            } else {
                Returns::Json(t.clone())
            }
        }
    }
}

/// Plans every account-scoped operation; the rest are reported.
pub fn plan_all(model: &Model, cfg: &Impact) -> (Vec<Planned>, Vec<(Operation, OpPlan)>) {
    let mut done = Vec::new();
    let mut skipped = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for op in &model.ops {
        let mut plan = cfg.plan(op);
        if plan.mode == Mode::Manual {
            skipped.push((op.clone(), plan));
            continue;
        }
        if !seen.insert((plan.handler.clone(), plan.method.clone())) {
            plan.method = crate::names::rust_ident(&op.id);
            plan.builder = crate::names::pascal(&op.id);
            seen.insert((plan.handler.clone(), plan.method.clone()));
        }
        let required = op
            .query
            .iter()
            .filter(|p| p.required)
            .cloned()
            .collect::<Vec<_>>();
        let optional = op
            .query
            .iter()
            .filter(|p| !p.required)
            .cloned()
            .collect::<Vec<_>>();
        done.push(Planned {
            returns: returns(op, model),
            op: op.clone(),
            plan,
            required,
            optional,
        });
    }
    (done, skipped)
}

/// An example value of a type as Rust source.
fn example_value(t: &TypeRef, model: &Model, models: &str, depth: usize) -> String {
    match t {
        TypeRef::String => "\"example\"".into(),
        TypeRef::Integer => "1".into(),
        TypeRef::Number => "1.0".into(),
        TypeRef::Boolean => "true".into(),
        TypeRef::Any => "serde_json::json!({})".into(),
        TypeRef::Object => "serde_json::Map::new()".into(),
        TypeRef::Map(_) => "Default::default()".into(),
        TypeRef::Array(i) | TypeRef::OneOrMany(i) if **i == TypeRef::String => {
            "vec![\"example\".to_owned()]".into()
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
                    .map(|f| example_arg(&f.ty, model, models, depth + 1))
                    .collect();
                format!("{models}::{n}::new({})", args.join(", "))
            }
            _ => format!("{models}::{n}::default()"),
        },
    }
}

/// An example argument for a constructor parameter (`arg` in `emit.rs`
/// takes `impl Into<String>` and string iterators).
fn example_arg(t: &TypeRef, model: &Model, models: &str, depth: usize) -> String {
    match t {
        TypeRef::Array(i) | TypeRef::OneOrMany(i) if **i == TypeRef::String => {
            "[\"example\"]".into()
        }
        other => example_value(other, model, models, depth),
    }
}

/// The wire text of an example query argument.
fn example_query(p: &Param, model: &Model) -> (String, String) {
    match &p.ty {
        TypeRef::OneOrMany(_) | TypeRef::Array(_) => ("[\"example\"]".into(), "example".into()),
        TypeRef::Boolean => ("true".into(), "true".into()),
        TypeRef::Integer | TypeRef::Number => ("1".into(), "1".into()),
        TypeRef::Named(n) => match model.find(n) {
            Some(TypeDef::Enum { values, .. }) => (
                format!("{}::{}", n, first_variant(values)),
                values.first().cloned().unwrap_or_default(),
            ),
            _ => ("\"example\"".into(), "example".into()),
        },
        _ => ("\"example\"".into(), "example".into()),
    }
}

/// `self.scope.path("A")?.param("B", b.as_ref())?.lit("C")` as a chain of
/// `Result`s (`and_then`/`map`) so builders can keep the error.
fn path_expr(op: &Operation, persona: Persona) -> String {
    let rest = op
        .path
        .strip_prefix(persona.path_prefix())
        .unwrap_or(&op.path);
    let mut first = Vec::new();
    let mut segs = rest.split('/').filter(|s| !s.is_empty()).peekable();
    while let Some(s) = segs.peek() {
        if s.starts_with('{') {
            break;
        }
        first.push(*s);
        segs.next();
    }
    let mut expr = format!("self.scope.path({:?})", first.join("/"));
    let mut lits: Vec<&str> = Vec::new();
    for seg in segs {
        if let Some(p) = seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            if !lits.is_empty() {
                let _ = write!(expr, ".map(|p| p.lit({:?}))", lits.join("/"));
                lits.clear();
            }
            let ident = op
                .path_params
                .iter()
                .find(|x| x.wire == p)
                .map(|x| x.name.clone())
                .unwrap_or_else(|| crate::names::rust_ident(p));
            let _ = write!(expr, ".and_then(|p| p.param({p:?}, {ident}.as_ref()))");
        } else {
            lits.push(seg);
        }
    }
    if !lits.is_empty() {
        let _ = write!(expr, ".map(|p| p.lit({:?}))", lits.join("/"));
    }
    expr
}

fn path_params(op: &Operation) -> Vec<&Param> {
    op.path_params
        .iter()
        .filter(|p| p.wire != "AccountSID")
        .collect()
}

/// The example path with `id_123` for every parameter and `IR1` as SID.
fn example_path(op: &Operation) -> String {
    op.path
        .split('/')
        .map(|s| {
            if s == "{AccountSID}" {
                "IR1".to_owned()
            } else if s.starts_with('{') {
                "id_123".to_owned()
            } else {
                s.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn method_doc(p: &Planned, persona: Persona, model: &Model) -> String {
    let op = &p.op;
    let mut d = String::new();
    let summary = op.summary.clone().unwrap_or_else(|| op.id.clone());
    d.push_str(summary.trim_end_matches('.'));
    d.push_str(".\n\n");
    if let Some(desc) = op
        .description
        .as_ref()
        .filter(|x| x.trim() != summary.trim())
    {
        d.push_str(desc);
        d.push_str("\n\n");
    }
    if op.deprecated {
        d.push_str("**Deprecated** by the API.\n\n");
    }
    // Text from the description is sanitized; what the generator writes
    // below (links, example) goes out as is.
    let mut out = doc_comment(&d, "    ");
    out.push_str("    ///\n");
    let mut d = String::new();
    let _ = writeln!(
        d,
        "`{} {}` ({}; [API docs]({})). The Account SID comes from the scoped client.",
        op.method,
        op.path,
        op_names(op),
        p.plan.doc_url
    );
    match &p.returns {
        Returns::List(t) => {
            let _ = writeln!(
                d,
                "\nA list of `{}`: the builder pages through `@nextpageuri` (`.await` or `send()` for the first page, `stream()`, `pages()`, `collect_all()`); the stream ends when `@nextpageuri` is empty.",
                rust_type(t)
            );
        }
        Returns::Write => d.push_str(
            "\nAnswers a [`WriteResult`](crate::WriteResult) (`{Status, Uri}` or a queued job).\n",
        ),
        Returns::Bytes => d.push_str("\nAnswers the raw bytes of the file.\n"),
        Returns::Json(_) => {}
    }
    match op.body_encoding {
        _ if op.body.is_none() => {}
        BodyEncoding::Form => d.push_str("\nThe body is sent form-encoded.\n"),
        BodyEncoding::Json => d.push_str("\nThe body is sent as JSON.\n"),
        BodyEncoding::Multipart => {
            d.push_str("\nThe body is sent as `multipart/form-data` (text fields).\n")
        }
    }
    if p.has_builder() && !matches!(p.returns, Returns::List(_)) {
        d.push_str(
            "\nSet optional query parameters on the returned builder, then `.await` it (or call `send()`).\n",
        );
    }
    if matches!(p.returns, Returns::List(_)) && is_actions(&op.path) {
        d.push_str("\nThe Actions rules (PageSize at least 2,000, a 45-day window, at most 10 pages) are checked before sending.\n");
    }
    d.push_str("\n# Errors\n");
    d.push_str("[`Error::Api`](crate::Error::Api) for an error response, ");
    d.push_str("[`Error::RateLimited`](crate::Error::RateLimited) after a 429, ");
    d.push_str(
        "[`Error::InvalidInput`](crate::Error::InvalidInput) for an empty id or a rejected query, ",
    );
    d.push_str(
        "and transport, timeout or decode errors (XML bodies included).\n\n# Example\n```no_run\n",
    );
    d.push_str("# async fn run() -> impact_com::Result<()> {\n");
    d.push_str("let client = impact_com::Client::from_env()?;\n");
    let _ = writeln!(
        d,
        "let {} = client.{}(client.account_sid());",
        persona.module(),
        persona.module()
    );
    d.push_str(&example_call(
        p,
        persona,
        model,
        "impact_com::generated",
        "",
    ));
    d.push_str("# Ok(())\n# }\n```\n");
    for line in d.lines() {
        if line.is_empty() {
            out.push_str("    ///\n");
        } else {
            let _ = writeln!(out, "    /// {line}");
        }
    }
    out
}

/// The call expression of an example (and of the generated test).
fn call_args(p: &Planned, model: &Model, models: &str, setters: &str) -> Vec<String> {
    let mut args = Vec::new();
    for _ in path_params(&p.op) {
        args.push("\"id_123\"".to_owned());
    }
    for q in &p.required {
        let (src, _) = example_query(q, model);
        let src = if matches!(
            model.find(&src_type_name(&q.ty)),
            Some(TypeDef::Enum { .. })
        ) {
            format!("{models}::{src}")
        } else {
            src
        };
        args.push(src);
    }
    if let Some(b) = &p.op.body {
        args.push(match b {
            TypeRef::Array(_) => "&[]".into(),
            other => format!("&{}{setters}", example_value(other, model, models, 0)),
        });
    }
    args
}

fn src_type_name(t: &TypeRef) -> String {
    match t {
        TypeRef::Named(n) => n.clone(),
        _ => String::new(),
    }
}

fn example_call(
    p: &Planned,
    persona: Persona,
    model: &Model,
    generated: &str,
    setters: &str,
) -> String {
    let models = format!("{generated}::{}", persona.module());
    let args = call_args(p, model, &models, setters).join(", ");
    let call = format!("{}.{}({args})", p.plan.accessor, p.plan.method);
    match &p.returns {
        Returns::List(_) => format!(
            "let page = {call}.send().await?;\nprintln!(\"{{}} items\", page.items.len());\n"
        ),
        _ if p.has_builder() => {
            format!("let result = {call}.send().await?;\nprintln!(\"{{result:?}}\");\n")
        }
        _ => format!("let result = {call}.await?;\nprintln!(\"{{result:?}}\");\n"),
    }
}

fn return_type(r: &Returns) -> String {
    match r {
        Returns::List(t) => format!("crate::ImpactPage<{}>", qualified(t)),
        Returns::Json(t) => qualified(t),
        Returns::Write => "crate::WriteResult".into(),
        Returns::Bytes => "Vec<u8>".into(),
    }
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

/// The terminal send of a request `request` on `scope`.
fn send_expr(r: &Returns, scope: &str) -> String {
    match r {
        Returns::List(_) => unreachable!("lists send through their builder"),
        Returns::Json(t) => format!("{scope}.get::<{}>(request).await", qualified(t)),
        Returns::Write => format!("{scope}.write(request).await"),
        Returns::Bytes => format!(
            "Ok({scope}.client().http().execute({scope}.prepare(request)).await.map_err(crate::flavor::xml_error)?.body.to_vec())"
        ),
    }
}

fn operations_rs(planned: &[Planned], persona: Persona, model: &Model, h: &Header) -> String {
    let mut out = h.comment();
    let _ = writeln!(
        out,
        "//! Resource handlers of the {} API, reached from [`{}`](crate::{}).\n//!\n//! Every method builds its path under `{}` (the Account SID comes from\n//! the scoped client), sends through [`Scope`] and decodes\n//! the lenient models of [`super::models`].\n",
        persona.title().0,
        persona.client_type(),
        persona.client_type(),
        persona.path_prefix()
    );
    out.push_str("#[allow(unused_imports)]\nuse affiliate_common::{ApiPath, Request};\n\nuse super::models;\nuse crate::{Result, Scope};\n\n");
    let mut handlers: Vec<(String, String)> = Vec::new();
    for p in planned {
        let acc = p
            .plan
            .accessor
            .split('.')
            .nth(1)
            .unwrap_or("")
            .trim_end_matches("()")
            .to_owned();
        if !handlers.iter().any(|(h, _)| *h == p.plan.handler) {
            handlers.push((p.plan.handler.clone(), acc));
        }
    }
    // Accessors on the hand-written scoped client.
    let _ = writeln!(out, "impl crate::{} {{", persona.client_type());
    for (handler, acc) in &handlers {
        let tag = planned
            .iter()
            .find(|p| &p.plan.handler == handler)
            .map(|p| p.op.tag.clone())
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "    /// The `{tag}` resource ([`{handler}`]).\n    pub fn {acc}(&self) -> {handler} {{\n        {handler} {{ scope: self.scope().clone() }}\n    }}\n"
        );
    }
    out.push_str("}\n\n");
    let mut builders = String::new();
    for (handler, _) in &handlers {
        let tag = planned
            .iter()
            .find(|p| &p.plan.handler == handler)
            .map(|p| p.op.tag.clone())
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "/// The `{tag}` resource of the {} API.\n#[derive(Debug, Clone)]\npub struct {handler} {{\n    scope: Scope,\n}}\n\nimpl {handler} {{",
            persona.title().0
        );
        let mut ops: Vec<Planned> = Vec::new();
        for p in planned.iter().filter(|p| &p.plan.handler == handler) {
            ops.push(p.clone());
            // The JSON form of the body, sent by a method of its own that
            // returns the same builder.
            if let Some((name, ty)) = &p.op.json_alternative {
                let mut alt = p.clone();
                alt.op.body = Some(ty.clone());
                alt.op.body_encoding = BodyEncoding::Json;
                alt.op.json_alternative = None;
                alt.plan.method = name.clone();
                ops.push(alt);
            }
        }
        for p in &ops {
            let op = &p.op;
            out.push_str(&method_doc(p, persona, model));
            let mut args = vec!["&self".to_owned()];
            for pp in path_params(op) {
                args.push(format!("{}: impl AsRef<str>", pp.name));
            }
            for q in &p.required {
                let (ty, _) = query_setter(q, model, "value");
                args.push(format!("{}: {}", q.name, qualify_setter(&ty)));
            }
            if let Some(b) = &op.body {
                let ty = match b {
                    TypeRef::Array(i) => format!("&[{}]", qualified(i)),
                    other => format!("&{}", qualified(other)),
                };
                args.push(format!("body: {ty}"));
            }
            let mut chain = format!(
                "{}.map(Request::{})",
                path_expr(op, persona),
                op.method.to_lowercase()
            );
            for q in &p.required {
                let (_, conv) = query_setter(q, model, &q.name);
                let _ = write!(chain, ".map(|r| r.query({:?}, {conv}))", q.wire);
            }
            chain.push_str(body_chain(op));
            let _ = writeln!(
                out,
                "    pub fn {}({}) -> {} {{\n        let request = {chain};\n        {}::from_result(self.scope.clone(), request)\n    }}\n",
                p.plan.method,
                args.join(", "),
                p.plan.builder,
                p.plan.builder
            );
            if ops
                .iter()
                .find(|o| o.plan.builder == p.plan.builder)
                .is_some_and(|first| std::ptr::eq(first, p))
            {
                builders.push_str(&builder_rs(p, model, persona));
            }
        }
        out.push_str("}\n\n");
    }
    out.push_str(&builders);
    out
}

/// Enum setter types name the models module.
fn qualify_setter(ty: &str) -> String {
    match ty.strip_prefix("impl Into<") {
        Some(rest) if !rest.starts_with("String") => format!("impl Into<models::{rest}"),
        _ => ty.to_owned(),
    }
}

fn builder_rs(p: &Planned, model: &Model, persona: Persona) -> String {
    let op = &p.op;
    let name = &p.plan.builder;
    let mut out = String::from("affiliate_common::op_builder! {\n");
    let _ = writeln!(
        out,
        "    /// Request builder for `{} {}` (`{}`), returned by [`{}::{}`].",
        op.method, op.path, op.id, p.plan.handler, p.plan.method
    );
    match &p.returns {
        Returns::List(_) => {
            let _ = writeln!(out, "    pub struct {name}(Scope)\n}}\n");
        }
        r => {
            let _ = writeln!(
                out,
                "    pub struct {name}(Scope) -> {} = |scope, request| {}\n}}\n",
                return_type(r),
                send_expr(r, "scope")
            );
        }
    }
    let mut setters = String::new();
    for q in &p.optional {
        let (ty, conv) = query_setter(q, model, "value");
        setters.push_str(&doc_comment(&param_doc(q), "    "));
        let setter = if q.name == "request" || q.name == "query_param" || q.name == "send" {
            format!("{}_param", q.name)
        } else {
            q.name.clone()
        };
        let _ = writeln!(
            setters,
            "    pub fn {setter}(self, value: {}) -> Self {{\n        self.set({:?}, {conv})\n    }}\n",
            qualify_setter(&ty),
            q.wire
        );
    }
    if matches!(p.returns, Returns::List(_)) && !p.optional.iter().any(|q| q.wire == "PageSize") {
        setters.push_str("    /// `PageSize`: items per page. Defaults to the largest page the API allows for this list.\n");
        setters.push_str("    pub fn page_size(self, value: u64) -> Self {\n        self.set(\"PageSize\", value.to_string())\n    }\n\n");
    }
    if let Returns::List(item) = &p.returns {
        let item = qualified(item);
        let actions = is_actions(&op.path);
        let _ = writeln!(
            setters,
            "\n    /// The paginator of this list (page size and rate-limit bucket applied).\n    ///\n    /// # Errors\n    /// [`Error::InvalidInput`](crate::Error::InvalidInput) when a parameter was rejected{}.\n    pub fn into_paginator(self) -> Result<crate::Paginator<crate::ImpactPage<{item}>>> {{\n        let (scope, request) = self.into_parts()?;",
            if actions {
                " or the Actions rules fail"
            } else {
                ""
            }
        );
        if actions {
            setters.push_str("        let request = if request.query_value(\"PageSize\").is_none() {\n            request.set_query(\"PageSize\", crate::validate::ListKind::Actions.default_page_size())\n        } else {\n            request\n        };\n        crate::validate::check_actions_request(&request)?;\n");
        }
        setters.push_str("        scope.paginate(request)\n    }\n");
        let _ = writeln!(
            out,
            "impl {name} {{\n{setters}}}\n\naffiliate_common::list_builder!({name} => crate::ImpactPage<{item}>);\n"
        );
    } else if !setters.is_empty() {
        let _ = writeln!(out, "impl {name} {{\n{setters}}}\n");
    }
    let _ = persona;
    out
}

// ---------------------------------------------------------------- tests

/// A sample scalar as impact.com sends it: a string.
fn wire_sample(model: &Model, t: &TypeRef, depth: usize, empty: &mut bool) -> Value {
    match t {
        TypeRef::String => {
            // Every other string field is the `""` empty the API sends.
            *empty = !*empty;
            if *empty { json!("") } else { json!("sample") }
        }
        TypeRef::Integer => json!("1000"),
        TypeRef::Number => json!("0.88"),
        TypeRef::Boolean => json!("true"),
        TypeRef::Any => json!({"any": ["value", "1"]}),
        TypeRef::Object => json!({"key": "value"}),
        TypeRef::Named(n) => match model.find(n) {
            Some(TypeDef::Struct { fields, .. }) => {
                let mut m = Map::new();
                if depth < 4 {
                    for f in fields {
                        m.insert(f.wire.clone(), wire_sample(model, &f.ty, depth + 1, empty));
                    }
                }
                m.insert("UnknownFieldFromANewerVersion".into(), json!("kept"));
                Value::Object(m)
            }
            Some(TypeDef::Enum { values, .. }) => {
                // Enums too arrive as `""` when unset.
                *empty = !*empty;
                if *empty {
                    json!("")
                } else {
                    json!(values.first().cloned().unwrap_or_default())
                }
            }
            Some(TypeDef::Alias { ty, .. }) => wire_sample(model, ty, depth, empty),
            _ => json!({}),
        },
        TypeRef::Array(i) | TypeRef::OneOrMany(i) => {
            if depth < 4 {
                // Array items are never `""` (the API sends `[]` when empty).
                let mut item_empty = true;
                Value::Array(vec![wire_sample(model, i, depth + 1, &mut item_empty)])
            } else {
                json!([])
            }
        }
        TypeRef::Map(i) => {
            let mut m = Map::new();
            m.insert("key".into(), wire_sample(model, i, depth + 1, empty));
            Value::Object(m)
        }
    }
}

/// The key of the records in a list operation's body (`Actions`), or
/// `None` when the operation is not a list.
pub fn list_items_key(op: &Operation, model: &Model) -> Option<String> {
    if !matches!(returns(op, model), Returns::List(_)) {
        return None;
    }
    let key = match &op.response {
        ResponseBody::Json(t) => struct_fields(model, t)
            .and_then(|fs| fs.iter().find(|f| !f.wire.starts_with('@')))
            .map(|f| f.wire.clone()),
        _ => None,
    }
    .or_else(|| {
        op.path
            .rsplit('/')
            .find(|s| !s.starts_with('{'))
            .map(str::to_owned)
    })
    .unwrap_or_else(|| "Items".into());
    Some(key)
}

fn fixture(p: &Planned, model: &Model) -> Option<Value> {
    let mut empty = false;
    match &p.returns {
        Returns::List(item) => {
            let key = list_items_key(&p.op, model).unwrap_or_else(|| "Items".into());
            let mut m = Map::new();
            for (k, v) in [
                ("@page", "1"),
                ("@numpages", "1"),
                ("@pagesize", "20000"),
                ("@total", "1"),
                ("@start", "0"),
                ("@end", "0"),
                ("@nextpageuri", ""),
            ] {
                m.insert(k.into(), json!(v));
            }
            m.insert(
                key,
                Value::Array(vec![wire_sample(model, item, 1, &mut empty)]),
            );
            Some(Value::Object(m))
        }
        Returns::Json(t) => Some(wire_sample(model, t, 0, &mut empty)),
        Returns::Write => Some(json!({"Status": "OK", "Uri": example_path(&p.op)})),
        Returns::Bytes => None,
    }
}

fn tests_rs(planned: &[Planned], persona: Persona, model: &Model, h: &Header) -> String {
    let module = persona.module();
    let mut out = h.comment();
    let _ = writeln!(
        out,
        "//! One wiremock test per generated {} operation: method, path, query,\n//! auth and body encoding are asserted, and the response fixture (string\n//! scalars and `\"\"` empties, as the API sends them) must decode.\n",
        persona.title().0
    );
    out.push_str("#![allow(clippy::unreadable_literal)]\n\nmod common;\n\nuse affiliate_common::test_util::MockApi;\nuse common::*;\n#[allow(unused_imports)]\nuse wiremock::matchers::{body_string_contains, header, method, path, query_param};\nuse wiremock::{Mock, MockBuilder, ResponseTemplate};\n\n");
    let _ = writeln!(
        out,
        "fn fixture_of(name: &str) -> serde_json::Value {{\n    fixture(&format!(\"generated/{module}/{{name}}.json\"))\n}}\n"
    );
    out.push_str("fn expect(m: MockBuilder) -> MockBuilder {\n    m.and(header(\"authorization\", BASIC)).and(header(\"accept\", \"application/json\"))\n}\n\n");
    for p in planned {
        let op = &p.op;
        let name = crate::names::snake(&format!("{} {}", p.plan.handler, p.plan.method));
        let _ = writeln!(
            out,
            "#[tokio::test]\nasync fn {name}() {{\n    let api = MockApi::start().await;"
        );
        let mut m = format!(
            "expect(Mock::given(method({:?})).and(path({:?})))",
            op.method,
            example_path(op)
        );
        for q in &p.required {
            let (_, wire) = example_query(q, model);
            let _ = write!(m, ".and(query_param({:?}, {wire:?}))", q.wire);
        }
        if let Returns::List(_) = &p.returns {
            let size = if is_actions(&op.path) || is_report_run(op) {
                "20000"
            } else {
                "1000"
            };
            let _ = write!(m, ".and(query_param(\"PageSize\", {size:?}))");
        }
        if let Some(b) = &op.body {
            match op.body_encoding {
                BodyEncoding::Form => {
                    m.push_str(
                        ".and(header(\"content-type\", \"application/x-www-form-urlencoded\"))",
                    );
                    for (k, v) in body_pairs(b, model) {
                        let _ = write!(m, ".and(body_string_contains({:?}))", format!("{k}={v}"));
                    }
                }
                BodyEncoding::Json => {
                    m.push_str(".and(header(\"content-type\", \"application/json\"))");
                    for (k, v) in body_pairs(b, model) {
                        let _ = write!(
                            m,
                            ".and(wiremock::matchers::body_partial_json(serde_json::json!({{{k:?}: {}}})))",
                            json_lit(b, model, &k, &v)
                        );
                    }
                }
                BodyEncoding::Multipart => {
                    for (k, v) in body_pairs(b, model) {
                        let _ = write!(
                            m,
                            ".and(body_string_contains({:?}))",
                            format!("name=\"{k}\"\r\n\r\n{v}\r\n")
                        );
                    }
                }
            }
        }
        let respond = match fixture(p, model) {
            Some(_) => format!(
                "ResponseTemplate::new(200).set_body_json(fixture_of({:?}))",
                op.id
            ),
            None => "ResponseTemplate::new(200).set_body_bytes(b\"%PDF-1.4 sample\".to_vec())"
                .to_owned(),
        };
        let _ = writeln!(
            out,
            "    {m}\n        .respond_with({respond})\n        .expect(1)\n        .mount(api.server())\n        .await;"
        );
        let _ = writeln!(out, "    let {module} = client(&api).{module}(SID);");
        let setters: String =
            p.op.body
                .as_ref()
                .map(|b| {
                    optional_body_fields(b, model)
                        .iter()
                        .map(|(name, _, _, arg)| format!(".{name}({arg})"))
                        .collect()
                })
                .unwrap_or_default();
        let call = example_call(p, persona, model, "impact_com::generated", &setters)
            .lines()
            .next()
            .unwrap_or_default()
            .replace("?;", ".unwrap();");
        let _ = writeln!(out, "    {call}");
        match &p.returns {
            Returns::List(t) => {
                out.push_str("    assert_eq!(page.items.len(), 1);\n");
                if struct_fields(model, t).is_some() {
                    out.push_str("    let item = serde_json::to_value(&page.items[0]).unwrap();\n    assert_eq!(item[\"UnknownFieldFromANewerVersion\"], \"kept\");\n");
                }
            }
            Returns::Write => {
                out.push_str("    assert_eq!(result.status, Some(impact_com::WriteStatus::Ok));\n")
            }
            Returns::Bytes => {
                out.push_str("    assert_eq!(result, b\"%PDF-1.4 sample\".to_vec());\n")
            }
            Returns::Json(t) => {
                if struct_fields(model, t).is_some() {
                    out.push_str("    let value = serde_json::to_value(&result).unwrap();\n    assert_eq!(value[\"UnknownFieldFromANewerVersion\"], \"kept\");\n");
                } else {
                    out.push_str("    let _ = result;\n");
                }
            }
        }
        out.push_str("}\n\n");
        if matches!(p.returns, Returns::List(_)) && is_actions(&op.path) {
            actions_rules_test(&mut out, p, persona, model, &name);
        }
    }
    out
}

/// The Actions rules are checked before anything is sent.
fn actions_rules_test(out: &mut String, p: &Planned, persona: Persona, model: &Model, name: &str) {
    let module = persona.module();
    let models = format!("impact_com::generated::{module}");
    let args = call_args(p, model, &models, "").join(", ");
    let call = format!("{}.{}({args})", p.plan.accessor, p.plan.method);
    let _ = writeln!(
        out,
        "#[tokio::test]\nasync fn {name}_checks_the_actions_rules_before_sending() {{\n    let api = MockApi::start().await;\n    let {module} = client(&api).{module}(SID);"
    );
    for (label, chain) in [
        ("page size below 2,000", ".page_size(100)"),
        (
            "StartDate without EndDate",
            ".start_date(\"2026-01-01T00:00:00Z\")",
        ),
        (
            "a window over 45 days",
            ".start_date(\"2026-01-01T00:00:00Z\").end_date(\"2026-03-01T00:00:00Z\")",
        ),
    ] {
        if chain.contains("start_date") && !p.optional.iter().any(|q| q.wire == "StartDate") {
            continue;
        }
        let _ = writeln!(
            out,
            "    let err = {call}{chain}.send().await.unwrap_err();\n    assert!(matches!(err, impact_com::Error::InvalidInput {{ .. }}), \"{label}: {{err:?}}\");"
        );
    }
    out.push_str("    assert!(api.received().await.is_empty(), \"nothing may be sent\");\n}\n\n");
}

/// `/{Persona}/{AccountSID}/Actions` or `.../ActionUpdates`.
fn is_actions(path: &str) -> bool {
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    matches!(segs.as_slice(), [_, _, last] if matches!(*last, "Actions" | "ActionUpdates"))
}

fn is_report_run(op: &Operation) -> bool {
    let segs: Vec<&str> = op.path.split('/').filter(|s| !s.is_empty()).collect();
    matches!(segs.as_slice(), [_, _, "Reports", id] if id.starts_with('{'))
}

/// Up to three optional fields of a request body the generated test sets:
/// `(setter, wire key, wire value, Rust argument)`.
fn optional_body_fields(b: &TypeRef, model: &Model) -> Vec<(String, String, String, String)> {
    let Some(TypeDef::Struct {
        fields,
        usage: Usage::Request,
        ..
    }) = (match b {
        TypeRef::Named(n) => model.find(n),
        _ => None,
    })
    else {
        return Vec::new();
    };
    fields
        .iter()
        .filter(|f| !request_plain(f))
        .filter_map(|f| {
            let (v, arg) = match &f.ty {
                TypeRef::String => ("example", "\"example\""),
                TypeRef::Integer => ("1", "1"),
                TypeRef::Boolean => ("true", "true"),
                TypeRef::Array(i) | TypeRef::OneOrMany(i) if **i == TypeRef::String => {
                    ("example", "[\"example\"]")
                }
                _ => return None,
            };
            Some((f.name.clone(), f.wire.clone(), v.to_owned(), arg.to_owned()))
        })
        .take(3)
        .collect()
}

/// The `(key, wire value)` pairs the test body sends: its required scalar
/// fields and the optional ones [`optional_body_fields`] sets.
fn body_pairs(b: &TypeRef, model: &Model) -> Vec<(String, String)> {
    let Some(fields) = struct_fields(model, b) else {
        return Vec::new();
    };
    let mut pairs: Vec<(String, String)> = fields
        .iter()
        .filter(|f| request_plain(f))
        .filter_map(|f| {
            let v = match &f.ty {
                TypeRef::String => "example".to_owned(),
                TypeRef::Integer => "1".to_owned(),
                TypeRef::Boolean => "true".to_owned(),
                _ => return None,
            };
            Some((f.wire.clone(), v))
        })
        .collect();
    pairs.extend(
        optional_body_fields(b, model)
            .into_iter()
            .map(|(_, wire, v, _)| (wire, v)),
    );
    pairs
}

fn json_lit(b: &TypeRef, model: &Model, key: &str, v: &str) -> String {
    let ty = struct_fields(model, b)
        .and_then(|fs| fs.iter().find(|f| f.wire == key))
        .map(|f| f.ty.clone());
    match ty {
        Some(TypeRef::String) => format!("{v:?}"),
        Some(TypeRef::Array(_) | TypeRef::OneOrMany(_)) => format!("[{v:?}]"),
        _ => v.to_owned(),
    }
}

/// Every file of one persona: `<module>/{mod,models,operations}.rs`, plus
/// the test and its fixtures (paths relative to the crate root, prefixed
/// `tests/`).
pub fn emit_persona(
    model: &Model,
    cfg: &Impact,
    h: &Header,
) -> (Vec<File>, Vec<File>, usize, Vec<String>) {
    let persona = cfg.persona;
    let (planned, skipped) = plan_all(model, cfg);
    let module = persona.module();
    let files = vec![
        File {
            name: format!("{module}/mod.rs"),
            text: format!(
                "{}//! The {} {}: models (re-exported here) and resource handlers\n//! ([`operations`]).\n\n#[allow(clippy::large_enum_variant, clippy::too_many_arguments, clippy::doc_markdown)]\npub mod models;\n#[allow(clippy::too_many_arguments, clippy::doc_markdown)]\npub mod operations;\n\npub use models::*;\n",
                h.comment(),
                persona.title().0,
                persona.title().1
            ),
        },
        File {
            name: format!("{module}/models.rs"),
            text: models_rs_with(model, h, true),
        },
        File {
            name: format!("{module}/operations.rs"),
            text: operations_rs(&planned, persona, model, h),
        },
    ];
    let mut tests = vec![File {
        name: format!("generated_{module}.rs"),
        text: tests_rs(&planned, persona, model, h),
    }];
    for p in &planned {
        if let Some(v) = fixture(p, model) {
            let mut text = serde_json::to_string_pretty(&v).unwrap_or_default();
            text.push('\n');
            tests.push(File {
                name: format!("fixtures/generated/{module}/{}.json", p.op.id),
                text,
            });
        }
    }
    let skipped = skipped
        .iter()
        .map(|(o, _)| format!("{} {} ({})", o.method, o.path, o.id))
        .collect();
    (files, tests, planned.len(), skipped)
}

/// The top `mod.rs`.
pub fn root_mod(headers: &[Header]) -> File {
    let mut text = String::new();
    for h in headers {
        text.push_str(&h.comment());
    }
    text.push_str("//! Code generated from the project's impact.com descriptions\n//! (`specs/impact/`): one module per persona, so the Brand and Partner\n//! models never merge.\n\npub mod agency;\npub mod brand;\npub mod partner;\n\n");
    File {
        name: "mod.rs".into(),
        text,
    }
}
