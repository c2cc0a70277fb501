//! Writes a [`Node`] as YAML for people to read and edit: block maps and
//! sequences with 2-space indents, and short lists of scalars or small maps
//! of scalars on one line in flow style (`type: [string, 'null']`,
//! `schema: {type: integer, minimum: 1}`). Scalars are quoted by
//! `serde_norway` (or as JSON strings where flow style needs it), so the
//! text reads back into the same tree; [`to_yaml`] checks that it does.

use crate::spec::Node;

/// Lines longer than this are written in block style instead of flow style.
const WIDTH: usize = 100;

/// The YAML text of `node` (an object); an error if it would not read back
/// into the same tree.
pub fn to_yaml(node: &Node) -> Result<String, String> {
    let mut out = String::new();
    match node {
        Node::Obj(_) => write_map(node, 0, &mut out),
        other => {
            out.push_str(&scalar(other, false));
            out.push('\n');
        }
    }
    let back: Node =
        serde_norway::from_str(&out).map_err(|e| format!("the written YAML does not read: {e}"))?;
    if back != *node {
        return Err("the written YAML does not read back into the same document".into());
    }
    Ok(out)
}

fn is_scalar(n: &Node) -> bool {
    !matches!(n, Node::Arr(_) | Node::Obj(_))
}

/// A scalar's text; `flow` quotes what flow style would misread.
fn scalar(n: &Node, flow: bool) -> String {
    match n {
        Node::Null => "null".into(),
        Node::Bool(b) => b.to_string(),
        Node::Num(v) => v.clone(),
        Node::Str(s) => {
            let json = || serde_json::to_string(s).unwrap_or_default();
            if s.contains('\n') || s.contains('\r') {
                return json();
            }
            let text = serde_norway::to_string(s).unwrap_or_default();
            let text = text.trim_end_matches('\n');
            if text.contains('\n') {
                return json();
            }
            let quoted = text.starts_with('\'') || text.starts_with('"');
            let misread = s.contains([',', '[', ']', '{', '}'])
                || s.contains(": ")
                || s.contains(" #")
                || s.ends_with(':');
            if flow && !quoted && misread {
                return json();
            }
            text.to_owned()
        }
        Node::Arr(_) | Node::Obj(_) => String::new(),
    }
}

/// The one-line flow form of a list of scalars or a small map of scalars.
fn flow(n: &Node) -> Option<String> {
    match n {
        Node::Arr(a) if a.iter().all(is_scalar) => Some(format!(
            "[{}]",
            a.iter()
                .map(|v| scalar(v, true))
                .collect::<Vec<_>>()
                .join(", ")
        )),
        Node::Obj(m) if m.len() <= 4 && m.values().all(is_scalar) => Some(format!(
            "{{{}}}",
            m.iter()
                .map(|(k, v)| format!(
                    "{}: {}",
                    scalar(&Node::Str(k.clone()), true),
                    scalar(v, true)
                ))
                .collect::<Vec<_>>()
                .join(", ")
        )),
        _ => None,
    }
}

fn write_map(n: &Node, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    for (k, v) in n.entries() {
        let key = format!("{pad}{}:", scalar(&Node::Str(k.clone()), false));
        write_value(&key, v, indent, out);
    }
}

/// Writes `lead` (`key:` or `-`) and the value `v` after it.
fn write_value(lead: &str, v: &Node, indent: usize, out: &mut String) {
    if is_scalar(v) {
        out.push_str(&format!("{lead} {}\n", scalar(v, false)));
        return;
    }
    if let Some(f) = flow(v).filter(|f| lead.len() + 1 + f.len() <= WIDTH) {
        out.push_str(&format!("{lead} {f}\n"));
        return;
    }
    match v {
        Node::Obj(_) => {
            out.push_str(lead);
            out.push('\n');
            write_map(v, indent + 2, out);
        }
        Node::Arr(a) => {
            out.push_str(lead);
            out.push('\n');
            let pad = " ".repeat(indent + 2);
            for item in a {
                match item {
                    Node::Obj(m)
                        if !m.is_empty()
                            && flow(item).is_none_or(|f| pad.len() + 2 + f.len() > WIDTH) =>
                    {
                        // `- key: value` with the other keys under it.
                        let mut block = String::new();
                        write_map(item, indent + 4, &mut block);
                        out.push_str(&pad);
                        out.push_str("- ");
                        out.push_str(&block[indent + 4..]);
                    }
                    _ => write_value(&format!("{pad}-"), item, indent + 2, out),
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_back_and_uses_flow_style_for_short_lists() {
        let text = "a:\n  type: [string, 'null']\n  enum: ['1', 'yes', 'a, b', '#x', '@total', null, 2]\n  items: {$ref: '#/components/schemas/X'}\nb:\n- {name: page, in: query}\n- name: q\n  schema:\n    type: object\n    properties:\n      x: {}\n      y: []\nc: \"two\\nlines\"\n'200': {description: OK}\n";
        let node: Node = serde_norway::from_str(text).unwrap();
        let out = to_yaml(&node).unwrap();
        assert!(out.contains("type: [string, 'null']"), "{out}");
        assert!(out.contains("- {name: page, in: query}"), "{out}");
        assert!(out.contains("- name: q\n    schema:\n"), "{out}");
    }
}
