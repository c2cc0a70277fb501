//! `codegen diff`: what a vendor's OpenAPI document has that our
//! description lacks, and the reverse.
//!
//! Both documents are reduced to a set of facts, one line each:
//!
//! ```text
//! operation GET /links
//! parameter GET /links query page
//! field schema LinkSchema.url
//! field GET /links response 200[].url
//! enum schema LinkSchema.status = active
//! ```
//!
//! Operations are keyed by method and path; parameters by location and
//! name; fields by where their schema sits (a component by name, an inline
//! schema by operation and body or response) and their property path
//! (`[]` for array items, `{}` for map values); enum values by the same
//! location. `$ref`s are not followed: the component is compared where it
//! is defined. A `null` enum value is nullability, not a value, and is left
//! out (3.0 documents say `nullable`, ours say `null`).

use std::collections::BTreeSet;

use crate::spec::Node;

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The facts of a document, sorted.
pub fn facts(root: &Node) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (path, item) in root.get("paths").entries() {
        for method in METHODS {
            let op = item.get(method);
            if op.is_null() {
                continue;
            }
            let key = format!("{} {path}", method.to_uppercase());
            out.insert(format!("operation {key}"));
            for p in item
                .get("parameters")
                .items()
                .iter()
                .chain(op.get("parameters").items())
            {
                let p = resolve(root, p);
                let name = p.get("name").as_str().unwrap_or("?");
                let location = p.get("in").as_str().unwrap_or("?");
                let at = format!("{key} {location} {name}");
                out.insert(format!("parameter {at}"));
                walk(p.get("schema"), &at, &mut out);
            }
            let body = resolve(root, op.get("requestBody"));
            for (media, content) in body.get("content").entries() {
                walk(
                    content.get("schema"),
                    &format!("{key} body {media}"),
                    &mut out,
                );
            }
            for (code, response) in op.get("responses").entries() {
                let response = resolve(root, response);
                for (media, content) in response.get("content").entries() {
                    walk(
                        content.get("schema"),
                        &format!("{key} response {code} {media}"),
                        &mut out,
                    );
                }
            }
        }
    }
    for (name, schema) in root.get("components").get("schemas").entries() {
        walk(schema, &format!("schema {name}"), &mut out);
    }
    out
}

/// Follows a local `$ref` of a parameter, request body or response.
fn resolve<'a>(root: &'a Node, node: &'a Node) -> &'a Node {
    let Some(path) = node.get("$ref").as_str().and_then(|r| r.strip_prefix("#/")) else {
        return node;
    };
    let mut at = root;
    for seg in path.split('/') {
        at = at.get(&seg.replace("~1", "/").replace("~0", "~"));
    }
    at
}

fn walk(schema: &Node, at: &str, out: &mut BTreeSet<String>) {
    if schema.has("$ref") && !schema.has("properties") {
        return;
    }
    for v in schema.get("enum").items() {
        if let Some(v) = scalar(v) {
            out.insert(format!("enum {at} = {v}"));
        }
    }
    if let Some(v) = scalar(schema.get("const")) {
        out.insert(format!("enum {at} = {v}"));
    }
    for (name, p) in schema.get("properties").entries() {
        let field = format!("{at}.{name}");
        out.insert(format!("field {field}"));
        walk(p, &field, out);
    }
    if !schema.get("items").is_null() {
        walk(schema.get("items"), &format!("{at}[]"), out);
    }
    if let Node::Obj(_) = schema.get("additionalProperties") {
        walk(
            schema.get("additionalProperties"),
            &format!("{at}{{}}"),
            out,
        );
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        for v in schema.get(key).items() {
            walk(v, at, out);
        }
    }
}

fn scalar(v: &Node) -> Option<String> {
    match v {
        Node::Str(s) => Some(s.clone()),
        Node::Num(n) => Some(n.clone()),
        Node::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// One line per difference: `vendor only: <fact>` for what the vendor's
/// document has and ours lacks, `ours only: <fact>` for the reverse.
pub fn diff(vendor: &Node, ours: &Node) -> Vec<String> {
    let v = facts(vendor);
    let o = facts(ours);
    let mut lines: Vec<String> = v
        .difference(&o)
        .map(|f| format!("vendor only: {f}"))
        .collect();
    lines.extend(o.difference(&v).map(|f| format!("ours only: {f}")));
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(name: &str) -> Node {
        let path = format!("{}/tests/fixtures/diff/{name}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap();
        serde_norway::from_str(&text).unwrap()
    }

    #[test]
    fn the_same_facts_make_no_lines_whatever_the_prose() {
        // `ours.yaml` is `vendor.yaml` as the importer writes it: no prose,
        // 3.1 nullability, our operationIds and summaries.
        assert_eq!(
            diff(&load("vendor.yaml"), &load("ours.yaml")),
            Vec::<String>::new()
        );
    }

    #[test]
    fn every_kind_of_difference_is_one_line() {
        let lines = diff(&load("vendor_newer.yaml"), &load("ours.yaml"));
        assert_eq!(
            lines,
            [
                "vendor only: enum GET /widgets query status = archived",
                "vendor only: enum schema Widget.kind = round",
                "vendor only: field GET /widgets/{id} response 200 application/json.meta",
                "vendor only: field schema Widget.weight",
                "vendor only: operation DELETE /widgets/{id}",
                "vendor only: parameter DELETE /widgets/{id} path id",
                "vendor only: parameter GET /widgets query cursor",
                "ours only: enum schema Widget.kind = square",
                "ours only: field schema Widget.colour",
                "ours only: parameter GET /widgets query limit",
            ]
        );
    }
}
