//! Operation coverage against the project's API description,
//! `specs/partnerstack.yaml`, read at test time.
//!
//! Every operation of the description must be reachable in the crate, by
//! two independent checks:
//!
//! 1. its `x-sdk-method` (`client.deals().update(key, body)`) names an
//!    accessor that exists (`pub fn deals`), and the handler type that
//!    accessor returns has the method (`pub fn update` / `pub async fn
//!    update` in the file holding `impl Deals`);
//! 2. its route (`PATCH /deals/{key}`) is named in the doc comment of a
//!    public method of the crate.
//!
//! So an operation added to the description without a method in the crate
//! fails this test, and so does an operation without `x-sdk-method`. The
//! counts per persona are compared with the "Coverage" section of the
//! crate's README, which therefore cannot drift either.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

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
    persona: String,
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
                persona: s("x-persona").unwrap_or_default(),
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
                            // The generated docs keep the description's
                            // `/v2` prefix of partner paths.
                            let p = p.strip_prefix("/v2").unwrap_or(p);
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
/// (`impl Deals {`) or generated (`impl crate::resources::deals::Deals {`).
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
    let ops = ops(&root().join("../specs/partnerstack.yaml"));
    let mut files = Vec::new();
    sources(&root().join("src"), &mut files);
    let routes = documented_routes(&files);
    let mut missing = Vec::new();
    for op in &ops {
        // Partner operations sit under a `/v2` server prefix (specs/README.md).
        let path = op.path.strip_prefix("/v2").unwrap_or(&op.path);
        if !routes.contains(&(op.method.clone(), norm(path))) {
            missing.push(format!(
                "{} {} ({}): no method documents the route",
                op.method, op.path, op.id
            ));
        }
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

#[test]
fn readme_states_the_counts_per_persona() {
    let ops = ops(&root().join("../specs/partnerstack.yaml"));
    let mut by: BTreeMap<&str, usize> = BTreeMap::new();
    for op in &ops {
        *by.entry(op.persona.as_str()).or_default() += 1;
    }
    assert_eq!(
        by.keys().copied().collect::<Vec<_>>(),
        ["partner", "vendor"]
    );
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    for (persona, n) in &by {
        let row = format!("| {persona} | {n} | {n} |");
        assert!(readme.contains(&row), "README.md lacks the row `{row}`");
    }
    let row = format!("| total | {} | {} |", ops.len(), ops.len());
    assert!(readme.contains(&row), "README.md lacks the row `{row}`");
}
