//! Operation coverage against the project's API description,
//! `specs/referralhero.yaml`, read at test time.
//!
//! Every operation of the description must be reachable in the crate: its
//! `x-sdk-method` (`client.coupons(uuid).create_group(body)`) names an
//! accessor that exists (`pub fn coupons`), and the handler type that
//! accessor returns has the method (`pub fn create_group` in an `impl
//! Coupons` block, hand-written, or generated as `impl
//! crate::resources::Coupons`); a single client call
//! (`client.search_subscribers(name)`) must be a public method of the
//! crate. So an operation added to the description without a method in the
//! crate fails this test, and so does an operation without `x-sdk-method`.
//! Every operation but the lists (paged by hand-written builders) has its
//! method generated (`src/generated/operations.rs`).
//! Every webhook name of the description must decode into a known
//! [`WebhookEventType`] variant. The count is compared with the "Coverage"
//! section of the crate's README, which therefore cannot drift either.

use std::path::{Path, PathBuf};

use referralhero::webhooks::WebhookEventType;
use serde_norway::Value;

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// One operation of the description.
#[derive(Debug)]
struct Op {
    method: String,
    path: String,
    id: String,
    sdk: Option<String>,
}

fn ops(spec: &Path) -> Vec<Op> {
    let text = std::fs::read_to_string(spec).unwrap();
    let doc: Value = serde_norway::from_str(&text).unwrap();
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_mapping().unwrap() {
        for m in METHODS {
            let Some(op) = item.get(m) else { continue };
            let s = |k: &str| op.get(k).and_then(Value::as_str).map(str::to_owned);
            out.push(Op {
                method: m.to_uppercase(),
                path: path.as_str().unwrap().to_owned(),
                id: s("operationId").unwrap_or_default(),
                sdk: s("x-sdk-method"),
            });
        }
    }
    out
}

/// The crate's Rust sources (the simulated API left out), as text.
fn sources(dir: &Path, out: &mut Vec<(PathBuf, String)>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            if p.file_name().is_some_and(|n| n != "sandbox") {
                sources(&p, out);
            }
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push((p.clone(), std::fs::read_to_string(&p).unwrap()));
        }
    }
}

/// Whether `text` defines a public method `name`.
fn defines(text: &str, name: &str) -> bool {
    ["pub fn ", "pub async fn "].iter().any(|p| {
        text.match_indices(&format!("{p}{name}")).any(|(i, m)| {
            let next = text[i + m.len()..].chars().next();
            matches!(next, Some('(' | '<'))
        })
    })
}

/// The inherent `impl` blocks of the type `ty` in `text`, hand-written
/// (`impl Coupons {`) or generated (`impl crate::resources::Coupons {`).
fn impl_blocks<'t>(text: &'t str, ty: &str) -> impl Iterator<Item = &'t str> {
    let ty = ty.to_owned();
    text.match_indices("\nimpl ").filter_map(move |(i, _)| {
        let head = &text[i + 6..];
        let name = head.split(' ').next()?;
        if name != ty && !name.ends_with(&format!("::{ty}")) {
            return None;
        }
        let body = &text[i + 1..];
        Some(&body[..body.find("\n}\n").map_or(body.len(), |end| end + 3)])
    })
}

/// The type an accessor returns (`pub fn deals(&self) -> resources::deals::Deals`).
fn accessor_type(files: &[(PathBuf, String)], name: &str) -> Option<String> {
    for (_, text) in files {
        for (i, _) in text.match_indices(&format!("pub fn {name}(")) {
            let sig = &text[i..text[i..].find('{').map_or(text.len(), |j| i + j)];
            let ret = sig.split("->").nth(1)?.trim();
            let ty = ret
                .rsplit("::")
                .next()?
                .split('<')
                .next()?
                .trim()
                .to_owned();
            if ty != "Self" {
                return Some(ty);
            }
        }
    }
    None
}

/// The method names of an `x-sdk-method`: the accessor and the handler
/// method (`client.lists().leaderboard(uuid).count(n)` gives `lists`,
/// `leaderboard`), or a single client method.
fn sdk_calls(sdk: &str) -> Vec<String> {
    sdk.split('.')
        .skip(1)
        .filter_map(|s| s.split('(').next())
        .map(str::to_owned)
        .take(2)
        .collect()
}

#[test]
fn every_operation_of_the_description_has_a_method() {
    let ops = ops(&root().join("../specs/referralhero.yaml"));
    let mut files = Vec::new();
    sources(&root().join("src"), &mut files);
    let mut missing = Vec::new();
    for op in &ops {
        let Some(sdk) = &op.sdk else {
            missing.push(format!("{} ({}): no x-sdk-method", op.path, op.id));
            continue;
        };
        let calls = sdk_calls(sdk);
        let ok = match calls.as_slice() {
            [single] => files.iter().any(|(_, t)| defines(t, single)),
            [accessor, method] => accessor_type(&files, accessor).is_some_and(|ty| {
                files
                    .iter()
                    .any(|(_, t)| impl_blocks(t, &ty).any(|b| defines(b, method)))
            }),
            _ => false,
        };
        if !ok {
            missing.push(format!(
                "{} {} ({}): `{sdk}` is not in the crate",
                op.method, op.path, op.id
            ));
        }
    }
    assert!(
        missing.is_empty(),
        "operations the crate lacks:\n  {}",
        missing.join("\n  ")
    );
}

/// Whether an operation answers a page of a collection (a list builder).
fn is_list(spec: &Value, op: &Op) -> bool {
    let m = op.method.to_lowercase();
    spec["paths"][op.path.as_str()][m.as_str()]["responses"]["200"]["content"]
        ["application/json"]["schema"]["$ref"]
        .as_str()
        .is_some_and(|r| r.ends_with("PageBody"))
}

#[test]
fn every_plain_operation_is_generated() {
    let path = root().join("../specs/referralhero.yaml");
    let spec: Value = serde_norway::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let generated = std::fs::read_to_string(root().join("src/generated/operations.rs")).unwrap();
    let ops = ops(&path);
    let (lists, plain): (Vec<&Op>, Vec<&Op>) = ops.iter().partition(|op| is_list(&spec, op));
    assert_eq!((plain.len(), lists.len()), (23, 12));
    for op in plain {
        let method = sdk_calls(op.sdk.as_deref().unwrap_or_default())
            .pop()
            .unwrap_or_default();
        assert!(
            generated.contains(&format!("(`{}`; [API docs]", op.id))
                && defines(&generated, &method),
            "{} ({}) has no generated method `{method}`",
            op.path,
            op.id
        );
    }
    for op in lists {
        assert!(
            !generated.contains(&format!("(`{}`; [API docs]", op.id)),
            "{} is a list, paged by a hand-written builder",
            op.id
        );
    }
}

#[test]
fn every_webhook_name_of_the_description_is_a_known_event_type() {
    let text = std::fs::read_to_string(root().join("../specs/referralhero.yaml")).unwrap();
    let doc: Value = serde_norway::from_str(&text).unwrap();
    let names: Vec<&str> = doc["webhooks"]
        .as_mapping()
        .unwrap()
        .keys()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(names.len(), 10);
    for name in names {
        let t = WebhookEventType::from(name);
        assert!(
            !t.is_unknown(),
            "webhook `{name}` has no WebhookEventType variant"
        );
    }
}

#[test]
fn readme_states_the_count() {
    let ops = ops(&root().join("../specs/referralhero.yaml"));
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let row = format!("| REST API v2 | {} | {} |", ops.len(), ops.len());
    assert!(readme.contains(&row), "README.md lacks the row `{row}`");
}
