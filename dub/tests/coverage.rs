//! Operation coverage against the project's API description,
//! `specs/dub.yaml`, read at test time.
//!
//! Every operation of the description must be reachable in the crate: its
//! route (`GET /links/count`) must be named in the doc comment of a public
//! method, generated or hand-written. So an operation added to the
//! description without a method in the crate fails this test. The count is
//! compared with the "Coverage" section of the crate's README, which
//! therefore cannot drift either.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_norway::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

/// One operation of the description.
#[derive(Debug)]
struct Op {
    method: String,
    path: String,
    id: String,
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

/// A path with each parameter (`{key}`, `:key`) as `{}`.
fn norm(path: &str) -> String {
    path.split('/')
        .map(|s| {
            if s.starts_with('{') || s.starts_with(':') {
                "{}"
            } else {
                s
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Routes (`GET /deals/{}`) named in the doc comment of a public method.
fn documented_routes(files: &[(PathBuf, String)]) -> BTreeSet<(String, String)> {
    let mut routes = BTreeSet::new();
    for (_, text) in files {
        let mut block: Vec<&str> = Vec::new();
        for line in text.lines().map(str::trim) {
            if line.starts_with("///") {
                block.push(line);
                continue;
            }
            if line.starts_with("#[") {
                continue;
            }
            if line.starts_with("pub fn ") || line.starts_with("pub async fn ") {
                for doc in &block {
                    for part in doc.split('`').skip(1).step_by(2) {
                        if let Some((m, p)) = part.split_once(' ')
                            && METHODS.contains(&m.to_lowercase().as_str())
                            && p.starts_with('/')
                        {
                            let p = p.split(['?', ' ']).next().unwrap_or(p);
                            routes.insert((m.to_owned(), norm(p)));
                        }
                    }
                }
            }
            block.clear();
        }
    }
    routes
}

#[test]
fn every_operation_of_the_description_has_a_method() {
    let mut files = Vec::new();
    sources(&root().join("src"), &mut files);
    let routes = documented_routes(&files);
    let missing: Vec<String> = ops(&root().join("../specs/dub.yaml"))
        .into_iter()
        .filter(|op| !routes.contains(&(op.method.clone(), norm(&op.path))))
        .map(|op| {
            format!(
                "{} {} ({}): no method documents the route",
                op.method, op.path, op.id
            )
        })
        .collect();
    assert!(
        missing.is_empty(),
        "operations the crate lacks:\n  {}",
        missing.join("\n  ")
    );
}

#[test]
fn readme_states_the_count() {
    let n = ops(&root().join("../specs/dub.yaml")).len();
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let row = format!("| Dub API | {n} | {n} |");
    assert!(readme.contains(&row), "README.md lacks the row `{row}`");
}
