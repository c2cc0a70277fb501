//! `tests/every_op*.rs`: one test that calls every operation of a
//! description through the typed client against the crate's sandbox, one
//! line an operation (the call the method's doc example makes,
//! [`sandbox_call`]), and asserts no transport error, no decode error and
//! no `501 sandbox_unsupported` (API errors are counted and printed apart).
//!
//! Like the examples, each call reads the ids it names from the sandbox's
//! data right before it runs ([`ExampleSetup::held`]), so a call after a
//! delete gets a record that still exists.

use super::docs::sandbox_call;
use super::operations::Planned;
use super::{File, Header};
use crate::config::{ApiConfig, ExampleSetup};
use crate::ir::Model;

/// The test file, or `None` when the API has no generated endpoint methods.
pub fn every_op_test(
    model: &Model,
    cfg: &dyn ApiConfig,
    planned: &[Planned],
    h: &Header,
) -> Option<File> {
    let setup: ExampleSetup = cfg.example_setup()?;
    let style = cfg.ops_style();
    let krate = cfg.crate_name();
    let api = cfg.name();
    let mut receivers: Vec<(String, String)> = Vec::new();
    let mut lines = Vec::new();
    let mut missing = Vec::new();
    for op in &model.ops {
        let p = planned
            .iter()
            .find(|p| p.op.operation_id == op.operation_id);
        let Some(c) = sandbox_call(op, p, model, cfg) else {
            missing.push(format!("{} {} ({})", op.method, op.path, op.operation_id));
            continue;
        };
        let mut stmts = Vec::new();
        for (var, expr) in c.bindings {
            if setup.receivers.iter().any(|(r, _)| *r == var) {
                if !receivers.iter().any(|(r, _)| *r == var) {
                    receivers.push((var, expr));
                }
            } else {
                stmts.push(format!("let {var} = {expr};"));
            }
        }
        stmts.extend(c.lets);
        stmts.push(c.call);
        // Braces: rustfmt leaves the line as it is.
        lines.push(format!(
            "    call! {{ t, {:?}, {} }}",
            op.operation_id,
            stmts.join(" ")
        ));
    }
    if lines.is_empty() {
        return None;
    }
    // The receivers in the setup's order.
    receivers.sort_by_key(|(r, _)| setup.receivers.iter().position(|(s, _)| s == r));
    let name = match style.module {
        Some(m) => format!("every_op_{m}.rs"),
        None => "every_op.rs".to_owned(),
    };
    let mut text = h.comment();
    text.push_str(
        "//! Calls every operation of the description through the typed client against\n//! the sandbox, one line an operation (the call of the method's doc example):\n//! no transport error, no decode error, no `501 sandbox_unsupported`; API\n//! errors are counted and printed apart.\n",
    );
    if !missing.is_empty() {
        text.push_str(
            "//!\n//! Not called (hand-written methods without a call in the generator's table):\n",
        );
        for m in &missing {
            text.push_str(&format!("//! - `{m}`\n"));
        }
    }
    text.push_str(&format!(
        "\nuse {krate}::common::sandbox::ops::Tally;\n\n\
         macro_rules! call {{\n    ($t:ident, $op:literal, $($call:tt)*) => {{\n        $t.add($op, async {{ $($call)*; Ok::<(), {krate}::Error>(()) }}.await);\n    }};\n}}\n\n\
         #[tokio::test]\nasync fn every_operation_answers_in_the_sandbox() {{\n    let running = {}.await.unwrap();\n",
        setup.start
    ));
    for (var, expr) in &receivers {
        text.push_str(&format!("    let {var} = {expr};\n"));
    }
    text.push_str(&format!(
        "    let mut t = Tally::new({:?});\n",
        style
            .module
            .map_or_else(|| api.to_owned(), |m| format!("{api} {m}"))
    ));
    for l in &lines {
        text.push_str(l);
        text.push('\n');
    }
    text.push_str(&format!(
        "    println!(\"{{t}}\");\n    assert_eq!(t.calls(), {});\n    assert!(t.failures().is_empty(), \"{{t}}\");\n}}\n",
        lines.len()
    ));
    Some(File { name, text })
}
