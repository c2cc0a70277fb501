//! The code generator of the workspace. It reads the project's own API
//! descriptions in `specs/` (OpenAPI 3.1, facts only) and writes the
//! generated modules of the API crates.
//!
//! ```text
//! cargo run -p codegen                                   # every API in specs/
//! cargo run -p codegen -- dub specs/dub.yaml dub/src/generated
//! cargo run -p codegen -- impact specs/impact impact/src/generated
//! cargo run -p codegen -- partnerstack specs/partnerstack.yaml partnerstack/src/generated
//! cargo run -p codegen -- referralhero specs/referralhero.yaml referralhero/src/generated
//! cargo run -p codegen -- import dub <vendor openapi.json> specs/dub.yaml
//! cargo run -p codegen -- import impact <vendor openapi folder> specs/impact
//! cargo run -p codegen -- diff dub <vendor openapi.json> [specs/dub.yaml]
//! cargo run -p codegen -- diff impact <vendor openapi folder> [specs/impact]
//! ```
//!
//! Layout: [`spec`] loads a document into an ordered tree; [`lower`] (the
//! core) turns it into the language-neutral [`ir`] under the rules of one
//! [`config::ApiConfig`] (in [`apis`]); [`emit`] writes Rust from the IR and
//! [`samples`] writes the round-trip fixtures. The output is run through
//! `rustfmt` so it is stable under `cargo fmt --check`. [`mod@import`] turns a
//! vendor document into our description; [`mod@diff`] compares the two.

mod apis;
mod config;
#[cfg(test)]
mod coverage;
mod diff;
mod docs;
mod emit;
mod import;
mod ir;
mod lower;
mod names;
mod samples;
mod spec;
mod yaml;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use apis::impact::{Impact, Persona};

const USAGE: &str = "usage:
  cargo run -p codegen                              regenerate every API described in specs/
  cargo run -p codegen -- <api> <description> <out> generate one API (dub: specs/dub.yaml;
                                                     impact: the folder specs/impact;
                                                     partnerstack, referralhero: specs/<api>.yaml)
  cargo run -p codegen -- import <api> <vendor> <out>  write our description from a vendor
                                                     OpenAPI document (impact: its folder)
  cargo run -p codegen -- diff <api> <vendor> [<ours>] list what differs (exit 1) or not (0)
apis: dub, impact, partnerstack and referralhero (generate only)";

/// The APIs generated today: name, description (file or folder) and output
/// folder, relative to the workspace root.
const APIS: &[(&str, &str, &str)] = &[
    ("dub", "specs/dub.yaml", "dub/src/generated"),
    ("impact", "specs/impact", "impact/src/generated"),
    (
        "partnerstack",
        "specs/partnerstack.yaml",
        "partnerstack/src/generated",
    ),
    (
        "referralhero",
        "specs/referralhero.yaml",
        "referralhero/src/generated",
    ),
];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        [] => generate_all(),
        ["-h" | "--help", ..] => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        ["import", api, vendor, out] => import(api, Path::new(vendor), Path::new(out)),
        ["diff", api, vendor] => return diff(api, Path::new(vendor), None),
        ["diff", api, vendor, ours] => return diff(api, Path::new(vendor), Some(Path::new(ours))),
        [api, spec, out] => generate(api, Path::new(spec), Path::new(out)),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("codegen: error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root (the folder above this crate).
fn root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// `path` relative to the workspace root, with `/` separators, for the
/// headers (so they do not depend on where the generator runs).
fn repo_path(path: &Path) -> String {
    let full = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let root = std::fs::canonicalize(root()).unwrap_or_else(|_| root());
    match full.strip_prefix(&root) {
        Ok(rel) => rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/"),
        Err(_) => full.display().to_string(),
    }
}

/// Regenerates every API whose description is in `specs/`. An API the
/// generator knows must have its description; a description without a
/// generator yet is reported.
fn generate_all() -> Result<(), String> {
    let root = root();
    for (api, spec, out) in APIS {
        let spec = root.join(spec);
        if !spec.exists() {
            return Err(format!("{} is missing", spec.display()));
        }
        generate(api, &spec, &root.join(out))?;
    }
    let specs = root.join("specs");
    let mut others: Vec<String> = std::fs::read_dir(&specs)
        .map_err(|e| format!("cannot read {}: {e}", specs.display()))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| {
            n.ends_with(".yaml")
                && !APIS
                    .iter()
                    .any(|(_, spec, _)| spec.strip_prefix("specs/") == Some(n.as_str()))
        })
        .collect();
    others.sort();
    for name in others {
        eprintln!("codegen: specs/{name}: no generator for this API yet; not generated");
    }
    Ok(())
}

/// Generates one API: each of its descriptions (impact.com has one per
/// persona, each into a module of its own) through the one emitter. Test
/// files go to the crate's `tests/` folder (`out/../../tests`).
fn generate(api: &str, spec: &Path, out: &Path) -> Result<(), String> {
    let units: Vec<(Box<dyn config::ApiConfig>, PathBuf)> = if api == "impact" {
        Persona::ALL
            .into_iter()
            .map(|persona| {
                (
                    Box::new(Impact { persona }) as Box<dyn config::ApiConfig>,
                    spec.join(persona.spec_file()),
                )
            })
            .collect()
    } else {
        let cfg = apis::by_name(api).ok_or_else(|| format!("unknown api `{api}`"))?;
        vec![(cfg, spec.to_path_buf())]
    };
    let tests_dir = out
        .parent()
        .and_then(Path::parent)
        .map(|p| p.join("tests"))
        .ok_or_else(|| format!("{} has no crate folder above it", out.display()))?;
    let mut modules = Vec::new();
    let mut rust_files: Vec<PathBuf> = Vec::new();
    let mut written = 0;
    let mut lowered = Vec::new();
    for (cfg, path) in &units {
        let spec = load_description(path)?;
        let model = lower::lower(&spec, cfg.as_ref())?;
        lowered.push((model, header_of(&spec, path)));
    }
    // Several descriptions of one API (impact.com's personas): the types
    // they share are emitted once.
    let models: Vec<&ir::Model> = lowered.iter().map(|(m, _)| m).collect();
    let shared = if units.len() > 1 {
        emit::shared::shared_types(&models)
    } else {
        Vec::new()
    };
    for ((cfg, _), (model, header)) in units.iter().zip(&lowered) {
        let output = emit::emit(model, cfg.as_ref(), header, &shared)?;
        let module = cfg.ops_style().module;
        eprintln!(
            "codegen: {}{}: {} endpoint methods, {} types; left to hand-written code: {}",
            cfg.name(),
            module.map(|m| format!(" {m}")).unwrap_or_default(),
            output.ops,
            model.types.len(),
            if output.skipped.is_empty() {
                "none".to_owned()
            } else {
                output.skipped.join(", ")
            }
        );
        for (base, list) in [
            (out.to_path_buf(), output.src),
            (tests_dir.clone(), output.tests),
        ] {
            for f in list {
                let path = base.join(&f.name);
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent)
                        .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
                }
                std::fs::write(&path, &f.text)
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
                if f.name.ends_with(".rs") {
                    rust_files.push(path);
                }
                written += 1;
            }
        }
        modules.extend(module);
    }
    let headers: Vec<&emit::Header> = lowered.iter().map(|(_, h)| h).collect();
    if !shared.is_empty() {
        let (cfg, _) = &units[0];
        let header = emit::Header {
            input: headers
                .iter()
                .map(|h| h.input.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            title: format!("{} shared types", api),
            version: headers
                .iter()
                .map(|h| h.version.as_str())
                .collect::<Vec<_>>()
                .join("/"),
            openapi: headers
                .first()
                .map(|h| h.openapi.clone())
                .unwrap_or_default(),
            sha256: headers
                .iter()
                .map(|h| h.sha256.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        };
        let file = emit::shared_rs(&models, cfg.as_ref(), &header, &shared);
        let path = out.join(&file.name);
        std::fs::write(&path, &file.text)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        rust_files.push(path);
        written += 1;
        eprintln!(
            "codegen: {api}: {} types shared by its descriptions, written once",
            shared.len()
        );
    }
    if !modules.is_empty() {
        let root = emit::root_mod(
            &headers,
            apis::impact::ROOT_DOC,
            &modules,
            !shared.is_empty(),
        );
        let path = out.join(&root.name);
        std::fs::write(&path, &root.text)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        rust_files.push(path);
        written += 1;
    }
    rustfmt(&rust_files)?;
    eprintln!("codegen: {api}: wrote {written} files to {}", out.display());
    Ok(())
}

/// Loads one of the project's descriptions. A vendor's document (it has no
/// `info.x-vendor-docs`) is refused: its prose would end up in the
/// generated docs; import it first.
fn load_description(path: &Path) -> Result<spec::Spec, String> {
    let spec = spec::Spec::load(path)?;
    if spec.root.get("info").get("x-vendor-docs").is_null() {
        return Err(format!(
            "{} is not one of the project's descriptions (no info.x-vendor-docs); \
             write ours with `cargo run -p codegen -- import <api> <vendor document> <out>`",
            path.display()
        ));
    }
    Ok(spec)
}

fn header_of(spec: &spec::Spec, path: &Path) -> emit::Header {
    emit::Header {
        input: repo_path(path),
        title: spec.title.clone(),
        version: spec.version.clone(),
        openapi: spec.openapi.clone(),
        sha256: spec.sha256.clone(),
    }
}

fn rustfmt(rust_files: &[PathBuf]) -> Result<(), String> {
    let status = Command::new(std::env::var("RUSTFMT").unwrap_or_else(|_| "rustfmt".into()))
        .arg("--edition")
        .arg("2024")
        .args(rust_files)
        .status()
        .map_err(|e| format!("cannot run rustfmt: {e}"))?;
    if !status.success() {
        return Err("rustfmt failed on the generated code".into());
    }
    Ok(())
}

/// `import dub <openapi.json> <out.yaml>` or
/// `import impact <openapi folder> <out folder>`.
fn import(api: &str, vendor: &Path, out: &Path) -> Result<(), String> {
    let write = |path: &Path, text: &str| -> Result<(), String> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        eprintln!("codegen: wrote {}", path.display());
        Ok(())
    };
    match api {
        "dub" => write(out, &apis::dub::import(vendor)?),
        "impact" => {
            for (persona, text) in apis::impact::import(vendor)? {
                write(&out.join(persona.spec_file()), &text)?;
            }
            Ok(())
        }
        other => Err(format!("unknown api `{other}`")),
    }
}

/// `diff <api> <vendor> [<ours>]`: prints one line per difference; exit 0
/// when there is none, 1 when there are, 2 on an error.
fn diff(api: &str, vendor: &Path, ours: Option<&Path>) -> ExitCode {
    let pairs = || -> Result<Vec<(String, spec::Node, spec::Node)>, String> {
        match api {
            "dub" => {
                let ours = ours.map_or_else(|| root().join("specs/dub.yaml"), Path::to_path_buf);
                Ok(vec![(
                    String::new(),
                    spec::Spec::load(vendor)?.root,
                    spec::Spec::load(&ours)?.root,
                )])
            }
            "impact" => {
                let ours = ours.map_or_else(|| root().join("specs/impact"), Path::to_path_buf);
                let mut out = Vec::new();
                for persona in Persona::ALL {
                    out.push((
                        format!("{}: ", persona.module()),
                        apis::impact::load_vendor(vendor, persona)?.root,
                        spec::Spec::load(&ours.join(persona.spec_file()))?.root,
                    ));
                }
                Ok(out)
            }
            other => Err(format!("unknown api `{other}`")),
        }
    };
    let pairs = match pairs() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("codegen: error: {e}");
            return ExitCode::from(2);
        }
    };
    let mut differ = false;
    for (prefix, vendor, ours) in pairs {
        for line in diff::diff(&vendor, &ours) {
            println!("{prefix}{line}");
            differ = true;
        }
    }
    if differ {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
