//! Models: structs, open enums, tagged unions and aliases, with the
//! request bodies' constructors and setters.

use std::fmt::Write as _;

use super::{Header, rust_type};
use crate::config::{ApiConfig, ModelStyle};
use crate::docs::{doc_comment, first_line};
use crate::ir::{Field, Model, TypeDef, TypeRef, Usage};
use crate::names;

/// `models.rs` under the rules of `cfg`: every type of `model` but those
/// `skip` names (types another module holds), with `prelude` after the
/// imports (the `use` of those types).
pub fn models_rs(
    model: &Model,
    cfg: &dyn ApiConfig,
    h: &Header,
    skip: &dyn Fn(&str) -> bool,
    prelude: &str,
) -> String {
    models_text(
        model,
        h,
        &ModelOpts {
            skip,
            prelude,
            empty_enum_none: cfg.ops_style().empty_enum_none,
            style: cfg.model_style(),
            external: cfg.external_types(),
            custom_constructor: &|name| cfg.custom_constructor(name),
            field_reader: &|ty, wire| cfg.field_reader(ty, wire),
        },
    )
}

/// How `models.rs` is written.
struct ModelOpts<'a> {
    /// Types left out (emitted in another module).
    skip: &'a dyn Fn(&str) -> bool,
    /// Text after the imports.
    prelude: &'a str,
    /// A response enum field reads `""` (and `null`) as `None`.
    empty_enum_none: bool,
    /// How fields are typed and read.
    style: ModelStyle,
    /// Hand-written types the models name, imported from `crate::models`.
    external: &'static [&'static str],
    /// Request bodies whose constructor and setters are hand-written.
    custom_constructor: &'a dyn Fn(&str) -> bool,
    /// A field's own reader, by type and wire name.
    field_reader: &'a dyn Fn(&str, &str) -> Option<&'static str>,
}

fn models_text(model: &Model, h: &Header, opts: &ModelOpts<'_>) -> String {
    let mut out = h.comment();
    out.push_str("//! Models generated from the project's API description.\n//!\n");
    out.push_str("//! Response types make every field optional and accept numbers or booleans\n");
    out.push_str("//! sent as strings: the wire wins over the spec. Enums are open.\n\n");
    out.push_str("#[allow(unused_imports)]\nuse affiliate_common::op::with as op;\nuse serde::{Deserialize, Serialize};\n\n");
    // Only the hand-written types the models name (request bodies the
    // endpoint methods take are hand-written types too).
    let external: Vec<&str> = opts
        .external
        .iter()
        .copied()
        .filter(|e| model.types.iter().any(|t| names_type(t, e)))
        .collect();
    if !external.is_empty() {
        let _ = writeln!(out, "use crate::models::{{{}}};\n", external.join(", "));
    }
    out.push_str(opts.prelude);
    for t in &model.types {
        if (opts.skip)(t.name()) {
            continue;
        }
        match t {
            TypeDef::Struct {
                name,
                doc,
                fields,
                usage,
                keep_extra,
            } => struct_def(
                &mut out,
                model,
                name,
                doc.as_deref(),
                fields,
                (*usage, *keep_extra),
                opts,
            ),
            TypeDef::Enum { name, doc, values } => enum_def(&mut out, name, doc.as_deref(), values),
            TypeDef::Union {
                name,
                doc,
                tag,
                variants,
            } => union_def(&mut out, name, doc.as_deref(), tag, variants),
            TypeDef::Alias { name, doc, ty } => {
                out.push_str(&doc_comment(
                    doc.as_deref().unwrap_or(&format!("The `{name}` schema.")),
                    "",
                ));
                let _ = writeln!(out, "pub type {name} = {};\n", rust_type(ty));
            }
        }
    }
    out
}

fn lenient_fn(t: &TypeRef) -> Option<&'static str> {
    match t {
        TypeRef::String => Some("op::string"),
        TypeRef::Integer => Some("op::int"),
        TypeRef::Number => Some("op::float"),
        TypeRef::Boolean => Some("op::boolean"),
        TypeRef::OneOrMany(_) => Some("op::one_or_many"),
        _ => None,
    }
}

/// A field's doc: its wire name and facts, then our description if any.
fn field_doc(f: &Field, usage: Usage) -> String {
    let mut d = format!("`{}`: {}", f.wire, f.facts);
    if usage == Usage::Request && f.required {
        d.push_str("; required");
    }
    d.push('.');
    if let Some(doc) = &f.doc {
        d.push_str("\n\n");
        d.push_str(doc);
    }
    if f.deprecated {
        d.push_str("\n\n**Deprecated** by the API.");
    }
    d
}

/// Whether a request field keeps its plain type (required and not null).
pub(crate) fn request_plain(f: &Field) -> bool {
    f.required && !f.nullable
}

/// The one timestamp type of every model.
const TIMESTAMP: &str = "affiliate_common::Timestamp";

/// The reader of an optional timestamp: `null` and `""` are `None`, text it
/// cannot read is kept, so a timestamp never fails a record.
const TIMESTAMP_READER: &str = "affiliate_common::timestamp::option_timestamp";

/// Whether a field is an instant (`x-time`, `format: date-time` or `date`):
/// such a field is an `affiliate_common::Timestamp` in every API.
fn is_time(f: &Field) -> bool {
    f.time.is_some() && matches!(f.ty, TypeRef::String | TypeRef::Integer | TypeRef::Number)
}

/// The reader of a response field that is the record's id kept as a
/// plain `String`, if it is one.
fn plain_id_reader(f: &Field, style: &ModelStyle) -> Option<&'static str> {
    let (_, reader) = style.plain_id.iter().find(|(wire, _)| *wire == f.wire)?;
    ((f.id || style.id_by_name) && f.required && !f.nullable && f.ty == TypeRef::String)
        .then_some(*reader)
}

/// Whether a field is an unsigned count under `style`.
fn is_unsigned(f: &Field, style: &ModelStyle) -> bool {
    style.unsigned.is_some() && f.unsigned && f.ty == TypeRef::Integer
}

/// The Rust type of a field under `style` (before `Option`).
fn field_type(f: &Field, style: &ModelStyle) -> String {
    if is_time(f) {
        TIMESTAMP.into()
    } else if is_unsigned(f, style) {
        "u64".into()
    } else if style.object.is_some() && matches!(f.ty, TypeRef::Map(_)) {
        rust_type(&TypeRef::Object)
    } else {
        rust_type(&f.ty)
    }
}

/// The `deserialize_with` reader of an optional response field under
/// `style`, where the style names one.
fn style_reader(f: &Field, style: &ModelStyle) -> Option<&'static str> {
    if is_time(f) {
        return Some(TIMESTAMP_READER);
    }
    if is_unsigned(f, style) {
        return style.unsigned;
    }
    match &f.ty {
        TypeRef::Object | TypeRef::Map(_) => style.object,
        TypeRef::Array(i) if **i == TypeRef::String => style.strings,
        TypeRef::Array(_) => style.list,
        _ => None,
    }
}

fn struct_def(
    out: &mut String,
    model: &Model,
    name: &str,
    doc: Option<&str>,
    fields: &[Field],
    (usage, keep_extra): (Usage, bool),
    opts: &ModelOpts<'_>,
) {
    let empty_enum_none = opts.empty_enum_none;
    let style = &opts.style;
    let keep_extra = keep_extra && (usage == Usage::Response || !style.extra_on_responses_only);
    out.push_str(&doc_comment(
        doc.unwrap_or(&format!("The `{name}` object.")),
        "",
    ));
    let required: Vec<&Field> = fields.iter().filter(|f| request_plain(f)).collect();
    // A response whose id must be present defaults its other fields one
    // by one.
    let strict_id = usage == Usage::Response
        && style.id_required
        && fields.iter().any(|f| plain_id_reader(f, style).is_some());
    let default = (usage == Usage::Response && !strict_id) || required.is_empty();
    let rule = RenameRule::best(fields);
    let _ = writeln!(
        out,
        "#[derive(Debug, Clone, PartialEq{}, Serialize, Deserialize)]\n{}#[non_exhaustive]\npub struct {name} {{",
        if default { ", Default" } else { "" },
        // Every field of a `Default` struct may be missing on the wire.
        match (default, rule) {
            (true, Some(r)) => format!("#[serde(default, rename_all = \"{}\")]\n", r.serde_name()),
            (true, None) => "#[serde(default)]\n".to_owned(),
            (false, Some(r)) => format!("#[serde(rename_all = \"{}\")]\n", r.serde_name()),
            (false, None) => String::new(),
        }
    );
    for f in fields {
        out.push_str(&doc_comment(&field_doc(f, usage), "    "));
        let mut attrs = Vec::new();
        if RenameRule::wire_of(rule, &f.name) != f.wire {
            attrs.push(format!("rename = \"{}\"", f.wire));
        }
        for a in &f.aliases {
            attrs.push(format!("alias = \"{a}\""));
        }
        let ty = field_type(f, style);
        let field_ty = match usage {
            Usage::Response if plain_id_reader(f, style).is_some() => {
                if let Some(reader) = plain_id_reader(f, style) {
                    attrs.push(format!("deserialize_with = \"{reader}\""));
                }
                ty
            }
            Usage::Response => {
                if strict_id {
                    attrs.push("default".into());
                }
                attrs.push("skip_serializing_if = \"Option::is_none\"".into());
                if let Some(reader) =
                    (opts.field_reader)(name, &f.wire).or_else(|| style_reader(f, style))
                {
                    attrs.push(format!("deserialize_with = \"{reader}\""));
                } else if let Some(l) = lenient_fn(&f.ty) {
                    attrs.push(format!("with = \"{l}\""));
                } else if empty_enum_none
                    && matches!(&f.ty, TypeRef::Named(n) if matches!(model.find(n), Some(TypeDef::Enum { .. })))
                {
                    attrs.push("with = \"op::open_enum\"".into());
                }
                format!("Option<{ty}>")
            }
            Usage::Request if request_plain(f) => ty,
            Usage::Request if f.required => {
                if !default {
                    attrs.push("default".into());
                }
                format!("Option<{ty}>")
            }
            Usage::Request => {
                if !default {
                    attrs.push("default".into());
                }
                attrs.push("skip_serializing_if = \"Option::is_none\"".into());
                format!("Option<{ty}>")
            }
        };
        out.push_str(&serde_attrs(&attrs));
        let _ = writeln!(out, "    pub {}: {field_ty},", f.name);
    }
    if keep_extra {
        out.push_str("    /// Keys this version of the SDK does not know, kept as sent.\n");
        out.push_str(
            "    #[serde(flatten)]\n    pub extra: serde_json::Map<String, serde_json::Value>,\n",
        );
    }
    out.push_str("}\n\n");
    if usage == Usage::Request && !(opts.custom_constructor)(name) {
        request_impl(out, model, name, fields, keep_extra, style);
    }
}

/// A container-level `rename_all` rule: most wire names follow one case, so
/// only the exceptions need a field-level `rename`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RenameRule {
    Camel,
    Pascal,
}

impl RenameRule {
    fn serde_name(self) -> &'static str {
        match self {
            RenameRule::Camel => "camelCase",
            RenameRule::Pascal => "PascalCase",
        }
    }

    /// The wire name serde derives from a Rust field name (as serde does:
    /// `r#` dropped, each `_` capitalizes the next character).
    fn wire_of(rule: Option<RenameRule>, field: &str) -> String {
        let field = field.trim_start_matches("r#");
        let Some(rule) = rule else {
            return field.to_owned();
        };
        let mut pascal = String::new();
        let mut capitalize = true;
        for ch in field.chars() {
            if ch == '_' {
                capitalize = true;
            } else if capitalize {
                pascal.push(ch.to_ascii_uppercase());
                capitalize = false;
            } else {
                pascal.push(ch);
            }
        }
        match rule {
            RenameRule::Pascal => pascal,
            RenameRule::Camel => {
                let mut chars = pascal.chars();
                chars
                    .next()
                    .map(|c| c.to_ascii_lowercase().to_string() + chars.as_str())
                    .unwrap_or_default()
            }
        }
    }

    /// The rule that leaves the fewest field-level renames, if it beats none.
    fn best(fields: &[Field]) -> Option<RenameRule> {
        let misses = |rule: Option<RenameRule>| {
            fields
                .iter()
                .filter(|f| RenameRule::wire_of(rule, &f.name) != f.wire)
                .count()
        };
        let mut best = (misses(None), None);
        for rule in [RenameRule::Camel, RenameRule::Pascal] {
            let m = misses(Some(rule));
            if m < best.0 {
                best = (m, Some(rule));
            }
        }
        best.1
    }
}

/// The parameter type and conversion of a setter or constructor argument.
fn arg(ty: &TypeRef, model: &Model) -> (String, String) {
    match ty {
        TypeRef::String => ("impl Into<String>".into(), ".into()".into()),
        TypeRef::Named(n) if matches!(model.find(n), Some(TypeDef::Enum { .. })) => {
            (format!("impl Into<{n}>"), ".into()".into())
        }
        TypeRef::Array(i) | TypeRef::OneOrMany(i) if **i == TypeRef::String => (
            "impl IntoIterator<Item = impl Into<String>>".into(),
            ".into_iter().map(Into::into).collect()".into(),
        ),
        other => (rust_type(other), String::new()),
    }
}

/// [`arg`] of a field, where `style` types it otherwise (timestamps).
fn field_arg(f: &Field, model: &Model, style: &ModelStyle) -> (String, String) {
    if is_time(f) {
        (
            format!("impl Into<{}>", field_type(f, style)),
            ".into()".into(),
        )
    } else if f.ty == TypeRef::String && super::docs::is_id_name(&f.wire) {
        // An id, as in the endpoint methods: a number or a record's id.
        ("impl std::fmt::Display".into(), ".to_string()".into())
    } else {
        arg(&f.ty, model)
    }
}

fn request_impl(
    out: &mut String,
    model: &Model,
    name: &str,
    fields: &[Field],
    keep_extra: bool,
    style: &ModelStyle,
) {
    let _ = writeln!(out, "impl {name} {{");
    let required: Vec<&Field> = fields.iter().filter(|f| request_plain(f)).collect();
    let mut doc = String::from("Starts the request with its required fields");
    if required.is_empty() {
        doc = "Starts an empty request".into();
    }
    let _ = writeln!(
        out,
        "    /// {doc}; set the optional ones with the setters."
    );
    let params: Vec<String> = required
        .iter()
        .map(|f| format!("{}: {}", f.name, field_arg(f, model, style).0))
        .collect();
    // Nothing required: the struct is `Default` (every field empty).
    let empty = if required.is_empty() {
        "        Self::default()\n"
    } else {
        ""
    };
    let _ = write!(
        out,
        "    pub fn new({}) -> Self {{\n{empty}",
        params.join(", ")
    );
    if empty.is_empty() {
        let _ = writeln!(out, "        {name} {{");
    }
    for f in fields.iter().filter(|_| empty.is_empty()) {
        if request_plain(f) {
            let conv = field_arg(f, model, style).1;
            if conv.is_empty() {
                let _ = writeln!(out, "            {},", f.name);
            } else {
                let _ = writeln!(out, "            {}: {}{conv},", f.name, f.name);
            }
        } else {
            let _ = writeln!(out, "            {}: None,", f.name);
        }
    }
    if keep_extra && empty.is_empty() {
        out.push_str("            extra: serde_json::Map::new(),\n");
    }
    if empty.is_empty() {
        out.push_str("        }\n");
    }
    out.push_str("    }\n}\n\n");
    let optional: Vec<&Field> = fields.iter().filter(|f| !request_plain(f)).collect();
    if optional.is_empty() {
        return;
    }
    let _ = writeln!(out, "affiliate_common::setters! {{ {name} {{");
    for f in optional {
        let (ty, conv) = field_arg(f, model, style);
        let mut doc = format!("Sets `{}`: {}.", f.wire, f.facts);
        if let Some(d) = &f.doc {
            let _ = write!(doc, " {}", first_line(d));
        }
        out.push_str(&doc_comment(&doc, "    "));
        let conv = match conv.as_str() {
            "" => "",
            ".into()" => " = Into::into",
            ".to_string()" => " = affiliate_common::op::text",
            _ => " = affiliate_common::op::strings",
        };
        let _ = writeln!(out, "    {}: {ty}{conv},", f.name);
    }
    out.push_str("} }\n\n");
}

fn variant_idents(values: &[String]) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    values
        .iter()
        .map(|v| {
            let mut ident = names::rust_type_ident(v);
            if ident == "Unknown" {
                ident = "UnknownValue".into();
            }
            let base = ident.clone();
            let mut n = 2;
            while !seen.insert(ident.clone()) {
                ident = format!("{base}{n}");
                n += 1;
            }
            ident
        })
        .collect()
}

/// The first variant's path, for examples.
pub fn first_variant(values: &[String]) -> String {
    variant_idents(values)
        .into_iter()
        .next()
        .unwrap_or_default()
}

fn enum_def(out: &mut String, name: &str, doc: Option<&str>, values: &[String]) {
    out.push_str("affiliate_common::open_enum! {\n");
    out.push_str(&doc_comment(
        doc.unwrap_or(&format!("The values of `{name}`.")),
        "    ",
    ));
    let _ = writeln!(out, "    pub enum {name} {{");
    for (v, ident) in values.iter().zip(variant_idents(values)) {
        let _ = writeln!(out, "        /// `{v}`.\n        {ident} = {v:?},");
    }
    out.push_str("    }\n}\n\n");
}

fn union_def(
    out: &mut String,
    name: &str,
    doc: Option<&str>,
    tag: &str,
    variants: &[(String, String, String)],
) {
    out.push_str(&doc_comment(
        doc.unwrap_or(&format!("One of several shapes, told apart by `{tag}`.")),
        "",
    ));
    let _ = writeln!(
        out,
        "#[derive(Debug, Clone, PartialEq)]\n#[non_exhaustive]\npub enum {name} {{"
    );
    for (value, ident, payload) in variants {
        let _ = writeln!(out, "    /// `{tag}` = `{value}`.\n    {ident}({payload}),");
    }
    out.push_str("    /// A shape this version of the SDK does not know, kept as sent.\n    Unknown(serde_json::Value),\n}\n\n");
    let _ = writeln!(out, "impl {name} {{");
    let _ = writeln!(
        out,
        "    /// The value of `{tag}` that selects the variant."
    );
    out.push_str("    pub fn tag(&self) -> Option<&str> {\n        match self {\n");
    for (value, ident, _) in variants {
        let _ = writeln!(out, "            {name}::{ident}(_) => Some({value:?}),");
    }
    let _ = writeln!(
        out,
        "            {name}::Unknown(v) => v.get({tag:?}).and_then(serde_json::Value::as_str),\n        }}\n    }}\n}}\n"
    );
    let _ = writeln!(out, "impl Serialize for {name} {{");
    out.push_str(
        "    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {\n",
    );
    out.push_str("        let (tag, value) = match self {\n");
    for (value, ident, _) in variants {
        let _ = writeln!(
            out,
            "            {name}::{ident}(v) => ({value:?}, serde_json::to_value(v).map_err(serde::ser::Error::custom)?),"
        );
    }
    let _ = writeln!(
        out,
        "            {name}::Unknown(v) => return v.serialize(s),\n        }};"
    );
    out.push_str("        let mut value = value;\n");
    let _ = writeln!(
        out,
        "        if let serde_json::Value::Object(m) = &mut value {{\n            m.insert({tag:?}.to_owned(), serde_json::Value::String(tag.to_owned()));\n        }}\n        value.serialize(s)\n    }}\n}}\n"
    );
    let _ = writeln!(out, "impl<'de> Deserialize<'de> for {name} {{");
    out.push_str(
        "    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {\n",
    );
    out.push_str("        let value = serde_json::Value::deserialize(d)?;\n");
    let _ = writeln!(
        out,
        "        let tag = value.get({tag:?}).and_then(serde_json::Value::as_str).map(str::to_owned);\n        match tag.as_deref() {{"
    );
    for (value, ident, payload) in variants {
        let _ = writeln!(
            out,
            "            Some({value:?}) => serde_json::from_value::<{payload}>(value).map({name}::{ident}).map_err(serde::de::Error::custom),"
        );
    }
    let _ = writeln!(
        out,
        "            _ => Ok({name}::Unknown(value)),\n        }}\n    }}\n}}\n"
    );
}

/// Whether the definition `t` names the type `name`.
fn names_type(t: &TypeDef, name: &str) -> bool {
    fn named(r: &TypeRef, name: &str) -> bool {
        match r {
            TypeRef::Named(n) => n == name,
            TypeRef::Array(i) | TypeRef::Map(i) | TypeRef::OneOrMany(i) => named(i, name),
            _ => false,
        }
    }
    match t {
        TypeDef::Struct { fields, .. } => fields.iter().any(|f| named(&f.ty, name)),
        TypeDef::Alias { ty, .. } => named(ty, name),
        TypeDef::Union { variants, .. } => variants.iter().any(|(_, _, v)| v == name),
        TypeDef::Enum { .. } => false,
    }
}

/// A field's `#[serde(..)]` attributes, as few as keep each on one line
/// under rustfmt (arguments at most 70 wide, `attr_fn_like_width`): serde
/// reads several attributes as one, and a line each reads better than
/// rustfmt's one argument a line.
fn serde_attrs(args: &[String]) -> String {
    const WIDTH: usize = 70;
    let mut out = String::new();
    let mut line: Vec<&str> = Vec::new();
    let len = |parts: &[&str]| parts.iter().map(|p| p.len() + 2).sum::<usize>() - 2;
    for a in args {
        let mut next = line.clone();
        next.push(a);
        if !line.is_empty() && len(&next) > WIDTH {
            let _ = writeln!(out, "    #[serde({})]", line.join(", "));
            line = vec![a];
        } else {
            line = next;
        }
    }
    if !line.is_empty() {
        let _ = writeln!(out, "    #[serde({})]", line.join(", "));
    }
    out
}
