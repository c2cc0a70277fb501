//! The importer: turns a vendor's OpenAPI document into the project's own
//! API description under `specs/`, which is then edited by hand.
//!
//! Facts stay: operations, parameters, request and response schemas,
//! types, formats, enum values, defaults, required-ness and constraints.
//! Everything written as prose goes: every `description`, `summary` and
//! `title`, `example`/`examples`, tag lists, `info` prose, contact and
//! licence, and every vendor extension (`x-...`). Responses keep a
//! `description` (OpenAPI requires one): the status code's reason phrase.
//!
//! OpenAPI 3.0 forms become 3.1: `nullable: true` turns into
//! `type: [T, "null"]` (or an `anyOf` with `{type: "null"}` next to a
//! `$ref` or a composition), a boolean `exclusiveMinimum` turns into the
//! bound itself.
//!
//! Each operation then gets what the conventions of `specs/` ask for: our
//! snake_case `operationId` (the vendor's stays in `x-vendor-operation-id`,
//! from which the generator still derives Rust names), a one-line summary
//! built from the operationId, `tags: [<handler>]` (the vendor's tag stays
//! in `x-vendor-tag`), `externalDocs.url` and, on lists, `x-pagination`.
//! Units the vendor states in a description become facts (`x-unit`,
//! `x-time`) before the description is dropped.

use std::collections::HashSet;

use indexmap::IndexMap;

use crate::config::{ApiConfig, OpPlan};
use crate::ir::{Model, Operation};
use crate::names;
use crate::spec::{Node, Spec};

/// Keys whose values are prose (or vendor links): dropped wherever they
/// are keywords (not where they name a property or a component).
const DROP: &[&str] = &[
    "description",
    "summary",
    "title",
    "example",
    "examples",
    "externalDocs",
    "contact",
    "license",
    "termsOfService",
];

/// Keys whose values are data, copied as they are.
const DATA: &[&str] = &["enum", "default", "const", "security", "required"];

/// Keys whose values map names (of properties, components, status codes,
/// media types, paths) to objects: the names are kept, the objects cleaned.
const NAME_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "schemas",
    "responses",
    "requestBodies",
    "securitySchemes",
    "headers",
    "content",
    "encoding",
    "paths",
    "callbacks",
    "links",
    "webhooks",
    "$defs",
    "definitions",
    "dependentSchemas",
    "mapping",
    "variables",
];

/// Removes the vendor's prose and extensions from a whole document and
/// rewrites 3.0 forms as 3.1. The top-level `tags` list (names with
/// descriptions) is dropped too.
pub fn clean(root: &Node) -> Node {
    let mut out = clean_keywords(root);
    if let Node::Obj(m) = &mut out {
        m.shift_remove("tags");
        if m.contains_key("openapi") {
            m.insert("openapi".into(), Node::Str("3.1.0".into()));
        }
    }
    out
}

fn clean_keywords(node: &Node) -> Node {
    match node {
        Node::Obj(m) => {
            let units = units_from_prose(node);
            let mut out = IndexMap::new();
            for (k, v) in m {
                if DROP.contains(&k.as_str()) || k.starts_with("x-") {
                    continue;
                }
                let v = if DATA.contains(&k.as_str()) {
                    v.clone()
                } else if NAME_MAPS.contains(&k.as_str())
                    || (k == "parameters" && matches!(v, Node::Obj(_)))
                {
                    clean_names(v, k == "responses")
                } else {
                    clean_keywords(v)
                };
                out.insert(k.clone(), v);
            }
            out.extend(units);
            to_31(&mut out);
            Node::Obj(out)
        }
        Node::Arr(a) => Node::Arr(a.iter().map(clean_keywords).collect()),
        other => other.clone(),
    }
}

fn clean_names(node: &Node, responses: bool) -> Node {
    match node {
        Node::Obj(m) => Node::Obj(
            m.iter()
                .map(|(k, v)| {
                    let mut v = clean_keywords(v);
                    if responses
                        && let Node::Obj(r) = &mut v
                        && !r.contains_key("$ref")
                    {
                        r.shift_insert(0, "description".into(), Node::Str(reason(k).into()));
                    }
                    (k.clone(), v)
                })
                .collect(),
        ),
        other => clean_keywords(other),
    }
}

/// The reason phrase of a status code (a response's required `description`).
fn reason(code: &str) -> &'static str {
    match code {
        "200" => "OK",
        "201" => "Created",
        "202" => "Accepted",
        "204" => "No Content",
        "301" => "Moved Permanently",
        "302" => "Found",
        "304" => "Not Modified",
        "400" => "Bad Request",
        "401" => "Unauthorized",
        "403" => "Forbidden",
        "404" => "Not Found",
        "405" => "Method Not Allowed",
        "409" => "Conflict",
        "410" => "Gone",
        "413" => "Content Too Large",
        "415" => "Unsupported Media Type",
        "422" => "Unprocessable Content",
        "429" => "Too Many Requests",
        "500" => "Internal Server Error",
        "502" => "Bad Gateway",
        "503" => "Service Unavailable",
        "default" => "Any other status",
        _ => "Response",
    }
}

fn null_schema() -> Node {
    let mut m = IndexMap::new();
    m.insert("type".to_owned(), Node::Str("null".into()));
    Node::Obj(m)
}

/// Rewrites `nullable` and boolean exclusive bounds as OpenAPI 3.1 does.
fn to_31(m: &mut IndexMap<String, Node>) {
    if m.shift_remove("nullable") == Some(Node::Bool(true)) {
        make_nullable(m);
    }
    for (exclusive, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        match m.get(exclusive) {
            Some(Node::Bool(true)) => match m.shift_remove(bound) {
                Some(b) => {
                    m.insert(exclusive.to_owned(), b);
                }
                None => {
                    m.shift_remove(exclusive);
                }
            },
            Some(Node::Bool(false)) => {
                m.shift_remove(exclusive);
            }
            _ => {}
        }
    }
}

fn make_nullable(m: &mut IndexMap<String, Node>) {
    let add_null_to_enum = |m: &mut IndexMap<String, Node>| {
        if let Some(Node::Arr(values)) = m.get_mut("enum")
            && !values.contains(&Node::Null)
        {
            values.push(Node::Null);
        }
    };
    if let Some(r) = m.shift_remove("$ref") {
        let mut inner = IndexMap::new();
        inner.insert("$ref".to_owned(), r);
        m.insert(
            "anyOf".into(),
            Node::Arr(vec![Node::Obj(inner), null_schema()]),
        );
        return;
    }
    match m.get_mut("type") {
        Some(Node::Str(t)) => {
            let t = std::mem::take(t);
            m.insert(
                "type".into(),
                Node::Arr(vec![Node::Str(t), Node::Str("null".into())]),
            );
            add_null_to_enum(m);
            return;
        }
        Some(Node::Arr(types)) => {
            if !types.contains(&Node::Str("null".into())) {
                types.push(Node::Str("null".into()));
            }
            add_null_to_enum(m);
            return;
        }
        _ => {}
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(Node::Arr(variants)) = m.get_mut(key) {
            variants.push(null_schema());
            return;
        }
    }
    if let Some(all) = m.shift_remove("allOf") {
        let mut inner = IndexMap::new();
        inner.insert("allOf".to_owned(), all);
        m.insert(
            "anyOf".into(),
            Node::Arr(vec![Node::Obj(inner), null_schema()]),
        );
    } else if m.contains_key("properties") {
        m.insert(
            "type".into(),
            Node::Arr(vec![Node::Str("object".into()), Node::Str("null".into())]),
        );
    } else if m.contains_key("items") {
        m.insert(
            "type".into(),
            Node::Arr(vec![Node::Str("array".into()), Node::Str("null".into())]),
        );
    } else {
        m.insert(
            "anyOf".into(),
            Node::Arr(vec![Node::Obj(IndexMap::new()), null_schema()]),
        );
    }
}

/// Whether `word` occurs in `text` as a whole word (ASCII, case as given).
fn has_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_alphanumeric())
            && !after.is_some_and(|c| c.is_ascii_alphanumeric())
    })
}

/// The unit facts a scalar schema's description states (`x-unit`,
/// `x-time`), so they survive when the description is dropped.
fn units_from_prose(schema: &Node) -> Vec<(String, Node)> {
    let Some(text) = schema.get("description").as_str() else {
        return Vec::new();
    };
    let types: Vec<&str> = match schema.get("type") {
        Node::Str(t) => vec![t.as_str()],
        Node::Arr(a) => a.iter().filter_map(Node::as_str).collect(),
        _ => Vec::new(),
    };
    let numeric = types.iter().any(|t| matches!(*t, "integer" | "number"));
    let string = types.contains(&"string");
    let lower = text.to_lowercase();
    let mut out = Vec::new();
    let mut unit = |u: &str| out.push(("x-unit".to_owned(), Node::Str(u.to_owned())));
    if numeric && has_word(&lower, "cents") {
        unit("cents");
    } else if string && (text.contains("ISO 4217") || lower.contains("currency code")) {
        unit("currency-code");
    } else if numeric && (has_word(text, "percent") || has_word(text, "percentage")) {
        unit("percent");
    } else if numeric && has_word(&lower, "in seconds") {
        unit("seconds");
    } else if numeric && has_word(&lower, "milliseconds") && !has_word(&lower, "unix") {
        unit("milliseconds");
    }
    let unix = has_word(&lower, "unix") || has_word(&lower, "epoch");
    if numeric && unix {
        let t = if has_word(&lower, "milliseconds") {
            "unix-ms"
        } else {
            "unix-s"
        };
        out.push(("x-time".to_owned(), Node::Str(t.to_owned())));
    } else if string && text.contains("ISO 8601") && schema.get("format").is_null() {
        out.push(("x-time".to_owned(), Node::Str("rfc3339".to_owned())));
    }
    out
}

/// How the importer treats one API's operations.
pub struct Rules<'a> {
    /// The generator config (handlers, list modes).
    pub cfg: &'a dyn ApiConfig,
    /// The vendor page of an operation.
    pub doc_url: &'a dyn Fn(&Operation) -> String,
    /// `x-pagination` for list operations, `None` for the rest.
    pub pagination: &'a dyn Fn(&Operation, &OpPlan, &Model) -> Option<Node>,
    /// `info`: title, version, vendor docs root.
    pub info: (&'a str, &'a str, &'a str),
    /// The first comment lines of the written file.
    pub preamble: &'a str,
}

/// Imports one document (already merged for impact.com): cleans it,
/// annotates every operation and returns the YAML text.
pub fn import(vendor: &Node, rules: &Rules<'_>) -> Result<String, String> {
    let cleaned = clean(vendor);
    let spec = Spec {
        root: cleaned.clone(),
        title: rules.info.0.to_owned(),
        version: rules.info.1.to_owned(),
        openapi: "3.1.0".to_owned(),
        sha256: String::new(),
    };
    let model = crate::lower::lower(&spec, rules.cfg)?;
    let Node::Obj(mut root) = cleaned else {
        return Err("the document is not an object".into());
    };
    let mut info = IndexMap::new();
    info.insert("title".to_owned(), Node::Str(rules.info.0.to_owned()));
    info.insert("version".to_owned(), Node::Str(rules.info.1.to_owned()));
    info.insert(
        "x-vendor-docs".to_owned(),
        Node::Str(rules.info.2.to_owned()),
    );
    root.insert("info".to_owned(), Node::Obj(info));
    let mut taken: HashSet<String> = HashSet::new();
    if let Some(Node::Obj(paths)) = root.get_mut("paths") {
        for (path, item) in paths.iter_mut() {
            let Node::Obj(item) = item else { continue };
            for (method, op) in item.iter_mut() {
                let Some(lowered) = model
                    .ops
                    .iter()
                    .find(|o| o.path == *path && o.method.eq_ignore_ascii_case(method))
                else {
                    continue;
                };
                let Node::Obj(fields) = op else { continue };
                let plan = rules.cfg.plan(lowered);
                let pagination = (rules.pagination)(lowered, &plan, &model);
                *fields = annotate(
                    fields,
                    lowered,
                    &plan,
                    pagination,
                    (rules.doc_url)(lowered),
                    &mut taken,
                );
            }
        }
    }
    // Methods in the order get, post, put, patch, delete (paths keep the
    // vendor's order: the generator names shared shapes after the first
    // operation that reaches them).
    if let Some(Node::Obj(paths)) = root.get_mut("paths") {
        for item in paths.values_mut() {
            if let Node::Obj(m) = item {
                let rank = |k: &str| {
                    ["get", "post", "put", "patch", "delete"]
                        .iter()
                        .position(|x| *x == k)
                        .map_or(0, |i| i + 1)
                };
                m.sort_by(|a, _, b, _| rank(a).cmp(&rank(b)));
            }
        }
    }
    // Stable order of the top-level sections.
    let mut ordered = IndexMap::new();
    for key in [
        "openapi",
        "info",
        "servers",
        "security",
        "paths",
        "webhooks",
        "components",
    ] {
        if let Some(v) = root.shift_remove(key) {
            ordered.insert(key.to_owned(), v);
        }
    }
    ordered.extend(root);
    let yaml = crate::yaml::to_yaml(&Node::Obj(ordered))?;
    Ok(format!("{}{yaml}", rules.preamble))
}

/// Acronyms written in capitals in summaries.
const ACRONYMS: &[(&str, &str)] = &[
    ("qr", "QR"),
    ("id", "ID"),
    ("ids", "IDs"),
    ("ftp", "FTP"),
    ("api", "API"),
    ("sku", "SKU"),
    ("url", "URL"),
    ("ivr", "IVR"),
    ("pdf", "PDF"),
    ("csv", "CSV"),
];

/// The words of our name for an operation: the vendor's operationId with
/// `get`/`retrieve` on a list read as `list`, `retrieve` as `get`.
fn op_words(vendor_id: &str, is_list: bool) -> Vec<String> {
    let mut words = names::words(vendor_id);
    if let Some(first) = words.first_mut() {
        match (first.as_str(), is_list) {
            ("get" | "retrieve", true) => *first = "list".into(),
            ("retrieve", false) => *first = "get".into(),
            _ => {}
        }
    }
    words
}

/// `List links.`, `Get QR code.`
pub fn summary_of(vendor_id: &str, is_list: bool) -> String {
    let words: Vec<String> = op_words(vendor_id, is_list)
        .into_iter()
        .map(|w| {
            ACRONYMS
                .iter()
                .find(|(k, _)| *k == w)
                .map(|(_, v)| (*v).to_owned())
                .unwrap_or(w)
        })
        .collect();
    let text = words.join(" ");
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => format!("{}{}.", c.to_uppercase(), chars.as_str()),
        None => String::new(),
    }
}

/// Our operationId: `list_links`, unique in the document.
pub fn operation_id_of(vendor_id: &str, is_list: bool, taken: &mut HashSet<String>) -> String {
    let first = op_words(vendor_id, is_list).join("_");
    if taken.insert(first.clone()) {
        return first;
    }
    let plain = names::snake(vendor_id);
    if taken.insert(plain.clone()) {
        return plain;
    }
    let mut n = 2;
    loop {
        let candidate = format!("{plain}_{n}");
        if taken.insert(candidate.clone()) {
            return candidate;
        }
        n += 1;
    }
}

/// The handler name of a plan's accessor (`client.links()` -> `links`).
fn handler_tag(plan: &OpPlan) -> String {
    plan.accessor
        .rsplit('.')
        .next()
        .unwrap_or_default()
        .trim_end_matches("()")
        .to_owned()
}

fn annotate(
    fields: &IndexMap<String, Node>,
    op: &Operation,
    plan: &OpPlan,
    pagination: Option<Node>,
    doc_url: String,
    taken: &mut HashSet<String>,
) -> IndexMap<String, Node> {
    let is_list = pagination.is_some();
    let mut out = IndexMap::new();
    out.insert(
        "operationId".to_owned(),
        Node::Str(operation_id_of(&op.id, is_list, taken)),
    );
    out.insert("x-vendor-operation-id".to_owned(), Node::Str(op.id.clone()));
    out.insert("summary".to_owned(), Node::Str(summary_of(&op.id, is_list)));
    out.insert(
        "tags".to_owned(),
        Node::Arr(vec![Node::Str(handler_tag(plan))]),
    );
    if let Some(tag) = fields.get("tags").and_then(|t| t.items().first()) {
        out.insert("x-vendor-tag".to_owned(), tag.clone());
    }
    let mut docs = IndexMap::new();
    docs.insert("url".to_owned(), Node::Str(doc_url));
    out.insert("externalDocs".to_owned(), Node::Obj(docs));
    for (k, v) in fields {
        if !matches!(k.as_str(), "operationId" | "tags") {
            out.insert(k.clone(), v.clone());
        }
    }
    if let Some(p) = pagination {
        out.insert("x-pagination".to_owned(), p);
    }
    out
}

/// Builds an `x-pagination` object from `(key, value)` pairs.
pub fn pagination(pairs: &[(&str, &str)]) -> Node {
    Node::Obj(
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), Node::Str((*v).to_owned())))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(text: &str) -> Node {
        serde_norway::from_str(text).unwrap()
    }

    #[test]
    fn prose_goes_facts_stay() {
        let doc = yaml(
            r#"
openapi: 3.0.3
info: {title: T, description: Some words about the API., version: '1'}
tags: [{name: Links, description: All about links.}]
paths:
  /links:
    get:
      operationId: getLinks
      summary: List all the links
      description: Returns the links of the workspace.
      x-speakeasy-name-override: list
      parameters:
        - {name: page, in: query, description: The page., example: 2, schema: {type: integer, minimum: 0, exclusiveMinimum: true, default: 1}}
      responses:
        '200':
          description: The links.
          content:
            application/json:
              schema:
                type: object
                title: LinkList
                properties:
                  description: {type: string, nullable: true, description: The link's own description field.}
                  amount: {type: number, description: The sale amount in cents.}
                  kind: {type: string, enum: [a, b], nullable: true, example: a}
                  owner: {$ref: '#/components/schemas/Owner'}
components:
  schemas:
    Owner: {type: object, description: Who owns it., properties: {x-name: {type: string}}}
"#,
        );
        let out = clean(&doc);
        let text = serde_norway::to_string(&out).unwrap();
        for prose in [
            "Some words",
            "All about",
            "List all",
            "Returns the",
            "The page",
            "The links",
            "LinkList",
            "own description",
            "sale amount",
            "Who owns",
            "speakeasy",
            "example",
        ] {
            assert!(!text.contains(prose), "{prose} survived:\n{text}");
        }
        let schema = out
            .get("paths")
            .get("/links")
            .get("get")
            .get("responses")
            .get("200")
            .get("content")
            .get("application/json")
            .get("schema");
        // A property called `description` is a fact and stays.
        let props = schema.get("properties");
        assert_eq!(
            props.get("description").get("type"),
            &Node::Arr(vec![Node::Str("string".into()), Node::Str("null".into())])
        );
        assert_eq!(props.get("amount").get("x-unit").as_str(), Some("cents"));
        assert_eq!(
            props.get("kind").get("enum"),
            &Node::Arr(vec![
                Node::Str("a".into()),
                Node::Str("b".into()),
                Node::Null
            ])
        );
        // Responses keep a description: the reason phrase.
        let ok = out
            .get("paths")
            .get("/links")
            .get("get")
            .get("responses")
            .get("200");
        assert_eq!(ok.get("description").as_str(), Some("OK"));
        let page = &out
            .get("paths")
            .get("/links")
            .get("get")
            .get("parameters")
            .items()[0];
        assert_eq!(
            page.get("schema").get("exclusiveMinimum"),
            &Node::Num("0".into())
        );
        assert!(!page.get("schema").has("minimum"));
        assert_eq!(page.get("schema").get("default"), &Node::Num("1".into()));
        assert!(
            out.get("components")
                .get("schemas")
                .get("Owner")
                .get("properties")
                .has("x-name")
        );
        assert_eq!(out.get("openapi").as_str(), Some("3.1.0"));
        assert!(!out.has("tags"));
    }

    #[test]
    fn nullable_refs_and_compositions_become_any_of() {
        let doc = yaml(
            "a: {$ref: '#/x', nullable: true}\nb: {allOf: [{$ref: '#/x'}], nullable: true}\nc: {nullable: true}\n",
        );
        let out = clean(&doc);
        for key in ["a", "b", "c"] {
            let any = out.get(key).get("anyOf").items();
            assert_eq!(any.len(), 2, "{key}");
            assert_eq!(any[1].get("type").as_str(), Some("null"), "{key}");
        }
    }

    #[test]
    fn names_and_summaries_come_from_the_operation_id() {
        assert_eq!(summary_of("getLinks", true), "List links.");
        assert_eq!(summary_of("getQRCode", false), "Get QR code.");
        assert_eq!(summary_of("retrieveActionItem", false), "Get action item.");
        let mut taken = HashSet::new();
        assert_eq!(operation_id_of("getLinks", true, &mut taken), "list_links");
        assert_eq!(
            operation_id_of("listLinks", false, &mut taken),
            "list_links_2"
        );
    }
}
