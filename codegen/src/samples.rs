//! Sample JSON for every named type, with every property filled, for the
//! generated round-trip test.

use serde_json::{Map, Value, json};

use crate::emit::Header;
use crate::ir::{Model, TypeDef, TypeRef};

/// `samples.json`: `{ "_generated": ..., "types": { name: sample } }`.
pub fn samples_json(model: &Model, h: &Header) -> String {
    let mut types = Map::new();
    for t in &model.types {
        types.insert(t.name().to_owned(), sample_def(model, t, 0));
    }
    let doc = json!({
        "_generated": h.line(),
        "types": Value::Object(types),
    });
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

fn sample_def(model: &Model, t: &TypeDef, depth: usize) -> Value {
    match t {
        TypeDef::Struct { fields, .. } => {
            let mut m = Map::new();
            if depth < 6 {
                for f in fields {
                    m.insert(f.wire.clone(), sample(model, &f.ty, depth + 1));
                }
            }
            Value::Object(m)
        }
        TypeDef::Enum { values, .. } => Value::String(values.first().cloned().unwrap_or_default()),
        TypeDef::Union { tag, variants, .. } => {
            let Some((value, _, payload)) = variants.first() else {
                return json!({});
            };
            let mut v = sample(model, &TypeRef::Named(payload.clone()), depth);
            if let Value::Object(m) = &mut v {
                m.insert(tag.clone(), Value::String(value.clone()));
            }
            v
        }
        TypeDef::Alias { ty, .. } => sample(model, ty, depth),
    }
}

/// A sample of a type, every property filled (`depth` counts the structs
/// above it; deeper than six they are left empty).
pub fn sample(model: &Model, t: &TypeRef, depth: usize) -> Value {
    match t {
        TypeRef::String => json!("sample"),
        TypeRef::Integer => json!(7),
        TypeRef::Number => json!(1.5),
        TypeRef::Boolean => json!(true),
        TypeRef::Any => json!({ "any": ["value", 1] }),
        TypeRef::Object => json!({ "key": "value" }),
        TypeRef::Named(n) => match model.find(n) {
            Some(def) => sample_def(model, def, depth),
            // A hand-written type (`ApiConfig::external_types`): those take
            // a string.
            None => json!("sample"),
        },
        TypeRef::Array(i) | TypeRef::OneOrMany(i) => Value::Array(vec![sample(model, i, depth)]),
        TypeRef::Map(i) => {
            let mut m = Map::new();
            m.insert("key".into(), sample(model, i, depth));
            Value::Object(m)
        }
    }
}
