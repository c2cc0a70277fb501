//! Types shared by several descriptions of one API (impact.com's personas):
//! a type of the same name and the same definition in two or more of them,
//! whose named types are all shared too, is emitted once (`shared.rs`) and
//! re-exported by each module that has it.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Model, TypeDef, TypeRef};

/// The names of the shared types, in first-found order.
pub fn shared_types(models: &[&Model]) -> Vec<String> {
    // name -> (definition, how many models have it, all equal so far)
    let mut seen: BTreeMap<String, (String, usize, bool)> = BTreeMap::new();
    let mut order = Vec::new();
    for m in models {
        for t in &m.types {
            let def = format!("{t:?}");
            match seen.get_mut(t.name()) {
                Some((first, n, equal)) => {
                    *n += 1;
                    *equal &= *first == def;
                }
                None => {
                    order.push(t.name().to_owned());
                    seen.insert(t.name().to_owned(), (def, 1, true));
                }
            }
        }
    }
    let mut shared: BTreeSet<String> = seen
        .iter()
        .filter(|(_, (_, n, equal))| *n > 1 && *equal)
        .map(|(name, _)| name.clone())
        .collect();
    // A shared type names only shared types: drop the others until none
    // changes.
    loop {
        let before = shared.len();
        let keep: BTreeSet<String> = shared
            .iter()
            .filter(|name| {
                models.iter().all(|m| {
                    m.find(name)
                        .is_none_or(|t| refs(t).iter().all(|r| shared.contains(r)))
                })
            })
            .cloned()
            .collect();
        shared = keep;
        if shared.len() == before {
            break;
        }
    }
    order.into_iter().filter(|n| shared.contains(n)).collect()
}

/// The named types a definition mentions.
fn refs(t: &TypeDef) -> Vec<String> {
    let mut out = Vec::new();
    match t {
        TypeDef::Struct { fields, .. } => {
            for f in fields {
                named(&f.ty, &mut out);
            }
        }
        TypeDef::Union { variants, .. } => {
            out.extend(variants.iter().map(|(_, _, payload)| payload.clone()));
        }
        TypeDef::Alias { ty, .. } => named(ty, &mut out),
        TypeDef::Enum { .. } => {}
    }
    out
}

fn named(t: &TypeRef, out: &mut Vec<String>) {
    match t {
        TypeRef::Named(n) => out.push(n.clone()),
        TypeRef::Array(i) | TypeRef::OneOrMany(i) | TypeRef::Map(i) => named(i, out),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Field, Usage};

    fn record(name: &str, field_ty: TypeRef) -> TypeDef {
        TypeDef::Struct {
            name: name.into(),
            doc: None,
            fields: vec![Field {
                wire: "A".into(),
                name: "a".into(),
                ty: field_ty,
                required: false,
                nullable: false,
                doc: None,
                facts: "string".into(),
                deprecated: false,
                id: false,
                time: None,
                aliases: Vec::new(),
                unsigned: false,
            }],
            usage: Usage::Response,
            keep_extra: true,
        }
    }

    #[test]
    fn only_equal_types_whose_references_are_shared_are_shared() {
        let enum_a = TypeDef::Enum {
            name: "Kind".into(),
            doc: None,
            values: vec!["A".into()],
        };
        let enum_b = TypeDef::Enum {
            name: "Kind".into(),
            doc: None,
            values: vec!["A".into(), "B".into()],
        };
        let one = Model {
            types: vec![
                record("Address", TypeRef::String),
                record("Holder", TypeRef::Named("Kind".into())),
                enum_a,
            ],
            ops: Vec::new(),
        };
        let two = Model {
            types: vec![
                record("Address", TypeRef::String),
                record("Holder", TypeRef::Named("Kind".into())),
                enum_b,
            ],
            ops: Vec::new(),
        };
        // `Kind` differs, so `Holder` (equal, but naming it) is not shared.
        assert_eq!(shared_types(&[&one, &two]), vec!["Address".to_owned()]);
        assert!(shared_types(&[&one]).is_empty());
    }
}
