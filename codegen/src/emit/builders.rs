//! Request builders: two lines per operation in one
//! `affiliate_common::op_builders!` block (the shared methods live in
//! `common/src/op.rs`), plus the setters of its optional query parameters
//! and, for lists, the paginator.

use std::fmt::Write as _;

use super::docs::{param_doc, query_setter};
use super::operations::Planned;
use super::qualified;
use crate::config::{ApiConfig, Mode, Returns};
use crate::docs::doc_comment;
use crate::ir::Model;

/// The Rust type a builder's `send` answers.
pub fn output_type(r: &Returns) -> String {
    match r {
        Returns::List(t) => format!("Vec<{}>", qualified(t)),
        Returns::Json(t) => qualified(t),
        Returns::Empty => "()".into(),
        Returns::Write => "crate::WriteResult".into(),
        Returns::Bytes => "Vec<u8>".into(),
    }
}

/// Setter names the shared builder methods already take.
fn setter_name(name: &str) -> String {
    if matches!(
        name,
        "request" | "query_param" | "send" | "set" | "set_list"
    ) {
        format!("{name}_param")
    } else {
        name.to_owned()
    }
}

/// The builder of one planned operation: its two lines in the file's
/// `op_builders!` block, and what follows the block (query setters, the
/// paginator).
pub fn builder_rs(
    p: &Planned,
    model: &Model,
    cfg: &dyn ApiConfig,
) -> Result<(String, String), String> {
    let op = &p.op;
    let name = &p.builder;
    let mut entry = String::new();
    let _ = writeln!(
        entry,
        "    /// Request builder for `{} {}` (`{}`), returned by [`{}::{}`].",
        op.method, op.path, op.id, p.plan.handler, p.plan.method
    );
    let send = match (&p.returns, p.plan.mode) {
        (_, Mode::Manual) | (Returns::List(_), _) => None,
        (r, _) => Some(cfg.send_expr(r).ok_or_else(|| {
            format!(
                "operation `{}` answers {r:?}, which this API sends by hand; mark it Manual in the config",
                op.id
            )
        })?),
    };
    // Query parameters with a documented range are checked before sending
    // where the API wants it (`range_check`).
    let style = cfg.ops_style();
    let send = send.map(|send| {
        let checks: String = match style.range_check {
            Some(f) => p
                .required
                .iter()
                .chain(&p.optional)
                .filter_map(|q| q.range.as_ref().map(|(min, max)| (q, min, max)))
                .map(|(q, min, max)| format!("{f}(&request, {:?}, {min}, {max})?; ", q.wire))
                .collect(),
            None => String::new(),
        };
        if checks.is_empty() {
            send
        } else {
            format!("{{ {checks}{send} }}")
        }
    });
    match send {
        Some(send) => {
            let _ = writeln!(
                entry,
                "    {name} -> {} = |sender, request| {send};",
                output_type(&p.returns)
            );
        }
        None => {
            let _ = writeln!(entry, "    {name};");
        }
    }
    let mut out = String::new();
    if !p.optional.is_empty() {
        let _ = writeln!(out, "affiliate_common::query_setters! {{ {name} {{");
        for q in &p.optional {
            let (ty, conv) = query_setter(q, model, "value");
            out.push_str(&doc_comment(&param_doc(q), "    "));
            let _ = writeln!(
                out,
                "    {}(value: {ty}) = {:?} => {conv};",
                setter_name(&q.name),
                q.wire
            );
        }
        out.push_str("} }\n\n");
    }
    if let Returns::List(item) = &p.returns
        && p.plan.mode != Mode::Manual
        && let Some(paginator) = cfg.list_paginator(op, name, &p.optional, &qualified(item))
    {
        out.push_str(&paginator);
        out.push('\n');
    }
    Ok((entry, out))
}
