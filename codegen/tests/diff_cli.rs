//! `codegen diff` as a command: one line per difference on stdout, exit 0
//! when the documents agree, 1 when they differ, 2 on an error.

use std::process::Command;

fn run(vendor: &str, ours: &str) -> (i32, String) {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/diff");
    let out = Command::new(env!("CARGO_BIN_EXE_codegen"))
        .args([
            "diff",
            "dub",
            &format!("{dir}/{vendor}"),
            &format!("{dir}/{ours}"),
        ])
        .output()
        .expect("run codegen");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("utf-8"),
    )
}

#[test]
fn same_facts_exit_zero_and_print_nothing() {
    assert_eq!(run("vendor.yaml", "ours.yaml"), (0, String::new()));
}

#[test]
fn differences_exit_one_with_one_line_each() {
    let (code, out) = run("vendor_newer.yaml", "ours.yaml");
    assert_eq!(code, 1);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 10, "{out}");
    assert!(lines.contains(&"vendor only: operation DELETE /widgets/{id}"));
    assert!(lines.contains(&"ours only: field schema Widget.colour"));
}

#[test]
fn a_missing_document_exits_two() {
    let (code, out) = run("no-such-file.yaml", "ours.yaml");
    assert_eq!((code, out.as_str()), (2, ""));
}
