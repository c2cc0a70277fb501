//! The OpenAPI code generator of the workspace.
//!
//! ```text
//! cargo run -p codegen -- dub ../shared/reference/dub/openapi.json dub/src/generated
//! ```
//!
//! Layout: [`spec`] loads a document into an ordered tree; [`lower`] (the
//! core) turns it into the language-neutral [`ir`] under the rules of one
//! [`config::ApiConfig`] (in [`apis`]); [`emit`] writes Rust from the IR and
//! [`samples`] writes the round-trip fixtures. The output is run through
//! `rustfmt` so it is stable under `cargo fmt --check`.

mod apis;
mod config;
mod docs;
mod emit;
mod emit_impact;
mod ir;
mod lower;
mod names;
mod samples;
mod spec;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

fn usage() -> ExitCode {
    eprintln!(
        "usage: cargo run -p codegen -- <api> <spec.json> <out-dir>\n  apis: {}",
        apis::NAMES.join(", ")
    );
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() != 3 || args[0] == "--help" || args[0] == "-h" {
        return usage();
    }
    match run(&args[0], Path::new(&args[1]), Path::new(&args[2])) {
        Ok(n) => {
            eprintln!("codegen: {}: wrote {n} files to {}", args[0], args[2]);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("codegen: error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(api: &str, spec_path: &Path, out: &Path) -> Result<usize, String> {
    if api == "impact" {
        return run_impact(spec_path, out);
    }
    let cfg = apis::by_name(api).ok_or_else(|| format!("unknown api `{api}`"))?;
    let api = cfg.name();
    let spec = spec::Spec::load(spec_path)?;
    let model = lower::lower(&spec, cfg.as_ref())?;
    let header = emit::Header {
        command: format!(
            "cargo run -p codegen -- {api} <path to openapi.json> {}/src/generated",
            cfg.crate_name()
        ),
        title: spec.title.clone(),
        version: spec.version.clone(),
        openapi: spec.openapi.clone(),
        sha256: spec.sha256.clone(),
    };
    let files = emit::emit(&model, cfg.as_ref(), &header)?;
    std::fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let mut rust_files: Vec<PathBuf> = Vec::new();
    for f in &files {
        let path = out.join(&f.name);
        std::fs::write(&path, &f.text)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        if f.name.ends_with(".rs") {
            rust_files.push(path);
        }
    }
    rustfmt(&rust_files)?;
    Ok(files.len())
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

/// impact.com: `dir` holds one YAML document per resource; the Brand v14
/// and Partner v16 (and Agency v3) documents are merged per persona and generated into
/// `out/<persona>/`. The wiremock tests and their fixtures go to the
/// crate's `tests/` folder (`out/../../tests`).
fn run_impact(dir: &Path, out: &Path) -> Result<usize, String> {
    use apis::impact::{Impact, Persona};
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let tests_dir = out
        .parent()
        .and_then(Path::parent)
        .map(|p| p.join("tests"))
        .ok_or_else(|| format!("{} has no crate folder above it", out.display()))?;
    let mut headers = Vec::new();
    let mut rust_files: Vec<PathBuf> = Vec::new();
    let mut written = 0;
    for persona in Persona::ALL {
        let selected: Vec<&String> = names.iter().filter(|n| persona.selects(n)).collect();
        if selected.is_empty() {
            return Err(format!(
                "no {} documents in {}",
                persona.module(),
                dir.display()
            ));
        }
        let mut docs = Vec::new();
        let mut stems = Vec::new();
        for name in &selected {
            let path = dir.join(name.as_str());
            let bytes =
                std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            let spec = spec::Spec::parse(&bytes, "yaml").map_err(|e| format!("{name}: {e}"))?;
            // `impact-brand-exceptionlists-v14.yaml` -> `Exceptionlists`.
            let stem = name
                .trim_end_matches(".yaml")
                .split('-')
                .skip(2)
                .filter(|w| !w.starts_with('v') || !w[1..].chars().all(|c| c.is_ascii_digit()))
                .collect::<Vec<_>>()
                .join(" ");
            stems.push(names::pascal(&stem));
            docs.push((spec, bytes));
        }
        let (title, version) = persona.title();
        let spec = spec::Spec::merge(
            docs,
            format!("{title} ({} documents)", selected.len()),
            version.to_owned(),
            |i| stems[i].clone(),
        )?;
        let cfg = Impact { persona };
        let model = lower::lower(&spec, &cfg)?;
        let header = emit::Header {
            command: "cargo run -p codegen -- impact <path to impact openapi folder> impact/src/generated".into(),
            title: spec.title.clone(),
            version: spec.version.clone(),
            openapi: spec.openapi.clone(),
            sha256: spec.sha256.clone(),
        };
        let (files, tests, ops, skipped) = emit_impact::emit_persona(&model, &cfg, &header);
        eprintln!(
            "codegen: impact {}: {} operations generated, {} types; not generated: {}",
            persona.module(),
            ops,
            model.types.len(),
            if skipped.is_empty() {
                "none".to_owned()
            } else {
                skipped.join(", ")
            }
        );
        for (base, list) in [(out.to_path_buf(), files), (tests_dir.clone(), tests)] {
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
        headers.push(header);
    }
    let root = emit_impact::root_mod(&headers);
    let path = out.join(&root.name);
    std::fs::write(&path, &root.text)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    rust_files.push(path);
    rustfmt(&rust_files)?;
    Ok(written + 1)
}
