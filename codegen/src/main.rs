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
    let status = Command::new(std::env::var("RUSTFMT").unwrap_or_else(|_| "rustfmt".into()))
        .arg("--edition")
        .arg("2024")
        .args(&rust_files)
        .status()
        .map_err(|e| format!("cannot run rustfmt: {e}"))?;
    if !status.success() {
        return Err("rustfmt failed on the generated code".into());
    }
    Ok(files.len())
}
