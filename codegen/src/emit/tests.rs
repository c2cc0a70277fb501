//! Wiremock tests of the generated endpoint methods, one per operation,
//! and their response fixtures: method, path, query, auth and body
//! encoding are asserted, and the fixture (scalars as strings and `""`
//! empties, as impact.com sends them) must decode.

use std::fmt::Write as _;

use serde_json::{Map, Value, json};

use super::docs::{example_call, example_query};
use super::models::request_plain;
use super::operations::Planned;
use super::{File, Header};
use crate::config::{ApiConfig, Returns, struct_fields};
use crate::ir::{BodyEncoding, Model, TypeDef, TypeRef, Usage};

/// The test file and its fixtures (paths under the crate's `tests/`).
pub fn files(model: &Model, cfg: &dyn ApiConfig, planned: &[Planned], h: &Header) -> Vec<File> {
    let module = cfg.ops_style().module.unwrap_or(cfg.name());
    let mut out = vec![File {
        name: format!("generated_{module}.rs"),
        text: tests_rs(planned, cfg, model, h),
    }];
    for p in planned {
        if let Some(v) = fixture(p, model, cfg) {
            let mut text = serde_json::to_string_pretty(&v).unwrap_or_default();
            text.push('\n');
            out.push(File {
                name: format!("fixtures/generated/{module}/{}.json", p.op.id),
                text,
            });
        }
    }
    out
}

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
                        let mut v = wire_sample(model, &f.ty, depth + 1, empty);
                        // A record's own id (`x-id`, required) is always sent.
                        if f.id && f.required {
                            v = json!("1000");
                        }
                        m.insert(f.wire.clone(), v);
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

fn fixture(p: &Planned, model: &Model, cfg: &dyn ApiConfig) -> Option<Value> {
    let mut empty = false;
    match &p.returns {
        Returns::List(item) => {
            let key = cfg
                .list_items_key(&p.op, model)
                .unwrap_or_else(|| "Items".into());
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
        Returns::Write => Some(json!({"Status": "OK", "Uri": example_path(&p.op, cfg)})),
        Returns::Bytes | Returns::Empty => None,
    }
}

fn tests_rs(planned: &[Planned], cfg: &dyn ApiConfig, model: &Model, h: &Header) -> String {
    let style = cfg.ops_style();
    let module = style.module.unwrap_or(cfg.name());
    let models = &style.models_path;
    let mut out = h.comment();
    let _ = writeln!(
        out,
        "//! One wiremock test per generated {} operation: method, path, query,\n//! auth and body encoding are asserted, and the response fixture (string\n//! scalars and `\"\"` empties, as the API sends them) must decode.\n",
        h.title
    );
    out.push_str("#![allow(clippy::unreadable_literal)]\n\nmod common;\n\nuse affiliate_common::test_util::MockApi;\nuse common::*;\n#[allow(unused_imports)]\nuse wiremock::matchers::{body_string_contains, header, method, path, query_param};\nuse wiremock::{Mock, MockBuilder, ResponseTemplate};\n\n");
    let scoped_ty = style.handlers_on.unwrap_or("Client");
    let _ = writeln!(
        out,
        "/// A 200 answering the fixture `name` of these operations.\nfn json(name: &str) -> ResponseTemplate {{\n    ResponseTemplate::new(200).set_body_json(fixture(&format!(\"generated/{module}/{{name}}.json\")))\n}}\n"
    );
    let _ = writeln!(
        out,
        "/// Mounts `m` (the auth and accept headers checked too) to answer `body`\n/// exactly once; the server lives as long as the returned `MockApi`.\nasync fn scoped(m: MockBuilder, body: ResponseTemplate) -> (MockApi, impact_com::{scoped_ty}) {{\n    let api = MockApi::start().await;\n    m.and(header(\"authorization\", BASIC)).and(header(\"accept\", \"application/json\")).respond_with(body).expect(1).mount(api.server()).await;\n    let scoped = client(&api).{module}(SID);\n    (api, scoped)\n}}\n"
    );
    out.push_str("/// The fixture's unknown key survived decoding (and re-encoding).\nfn kept(value: &impl serde::Serialize) {\n    assert_eq!(serde_json::to_value(value).unwrap()[\"UnknownFieldFromANewerVersion\"], \"kept\");\n}\n\n");
    for p in planned {
        let op = &p.op;
        let name = crate::names::snake(&format!("{} {}", p.plan.handler, p.plan.method));
        let _ = writeln!(out, "#[tokio::test]\nasync fn {name}() {{");
        let mut m = format!(
            "Mock::given(method({:?})).and(path({:?}))",
            op.method,
            example_path(op, cfg)
        );
        for q in &p.required {
            let (_, wire) = example_query(q, model, models);
            let _ = write!(m, ".and(query_param({:?}, {wire:?}))", q.wire);
        }
        if let Returns::List(_) = &p.returns
            && let Some(size) = cfg.default_page_size(op)
        {
            let _ = write!(m, ".and(query_param(\"PageSize\", \"{size}\"))");
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
        let respond = match fixture(p, model, cfg) {
            Some(_) => format!("json({:?})", op.id),
            None if p.returns == Returns::Empty => "ResponseTemplate::new(204)".to_owned(),
            None => "ResponseTemplate::new(200).set_body_bytes(b\"%PDF-1.4 sample\".to_vec())"
                .to_owned(),
        };
        let _ = writeln!(
            out,
            "    let m = {m};\n    let (_api, {module}) = scoped(m, {respond}).await;"
        );
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
        // The example's lines: the named arguments (`let campaign_id =
        // 1;`) and the call.
        for line in example_call(p, model, cfg, &setters).lines() {
            let _ = writeln!(out, "    {}", line.replace("?;", ".unwrap();"));
        }
        match &p.returns {
            Returns::List(t) => {
                out.push_str("    assert_eq!(page.items.len(), 1);\n");
                if struct_fields(model, t).is_some() {
                    out.push_str("    kept(&page.items[0]);\n");
                }
            }
            Returns::Write => {
                out.push_str("    assert_eq!(result.status, Some(impact_com::WriteStatus::Ok));\n")
            }
            Returns::Bytes => {
                out.push_str("    assert_eq!(result, b\"%PDF-1.4 sample\".to_vec());\n")
            }
            Returns::Empty => out.push_str("    assert_eq!(result, ());\n"),
            Returns::Json(t) => {
                if struct_fields(model, t).is_some() {
                    out.push_str("    kept(&result);\n");
                } else {
                    out.push_str("    let _ = result;\n");
                }
            }
        }
        out.push_str("}\n\n");
        if matches!(p.returns, Returns::List(_)) && cfg.checks_list_rules(op) {
            actions_rules_test(&mut out, p, cfg, model, &name);
        }
    }
    out
}

/// The Actions rules are checked before anything is sent.
fn actions_rules_test(
    out: &mut String,
    p: &Planned,
    cfg: &dyn ApiConfig,
    model: &Model,
    name: &str,
) {
    let module = cfg.ops_style().module.unwrap_or(cfg.name());
    let example = example_call(p, model, cfg, "");
    let mut call = "";
    let _ = writeln!(
        out,
        "#[tokio::test]\nasync fn {name}_checks_the_actions_rules_before_sending() {{\n    let api = MockApi::start().await;\n    let {module} = client(&api).{module}(SID);"
    );
    for line in example.lines() {
        if let Some(c) = line.strip_prefix("let page = ") {
            call = c.trim_end_matches(".send().await?;");
        } else if line.starts_with("let ") {
            let _ = writeln!(out, "    {line}");
        }
    }
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

/// The example path: `id_123` for every id, `IR1` (the tests' `SID`) for
/// the ids of the sender's prefix.
fn example_path(op: &crate::ir::Operation, cfg: &dyn ApiConfig) -> String {
    let prefix = cfg.ops_style().path_prefix.unwrap_or("");
    op.path
        .split('/')
        .map(|s| {
            if s.starts_with('{') && prefix.contains(s) {
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
