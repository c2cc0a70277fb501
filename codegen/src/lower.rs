//! The core: walks an OpenAPI 3.0 / 3.1 document into the [`Model`].
//!
//! Handled: `$ref` (local), `nullable: true` (3.0), `type: [T, "null"]` and
//! `const` (3.1), `allOf` (merged), `anyOf`/`oneOf` (null variants stripped;
//! string unions collapsed; `T | T[]` as one-or-many; object unions with a
//! fixed-value property become discriminated unions; anything else is
//! untyped), string enums, arrays, maps (`additionalProperties`) and inline
//! objects. Inline objects are named from their parent and property
//! (`Partner` + `links` -> `PartnerLink`), the config's rename table has the
//! last word, and structurally identical schemas share one type. Operations
//! are walked before the remaining components, so shared shapes are named
//! after the endpoints that return them.

use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;

use crate::config::ApiConfig;
use crate::ir::{
    BodyEncoding, Field, Model, Operation, Param, ResponseBody, TypeDef, TypeRef, Usage,
};
use crate::names;
use crate::spec::{Node, Spec};

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

/// Builds the model of `spec` under the rules of `cfg`.
///
/// # Errors
/// A message naming the problem (an unresolvable `$ref`, a replacement type
/// that does not exist).
pub fn lower(spec: &Spec, cfg: &dyn ApiConfig) -> Result<Model, String> {
    let mut l = Lowerer {
        spec,
        cfg,
        model: Model::default(),
        by_shape: HashMap::new(),
        enums_by_values: HashMap::new(),
        enum_uses: HashMap::new(),
        field: None,
        components: HashMap::new(),
        taken: HashSet::new(),
    };
    let schemas: Vec<(String, Node)> = spec
        .root
        .get("components")
        .get("schemas")
        .entries()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    for (path, item) in spec.root.get("paths").entries() {
        for method in METHODS {
            let op = item.get(method);
            if op.is_null() {
                continue;
            }
            let lowered = l.operation(path, method, item, op)?;
            l.model.ops.push(lowered);
        }
    }
    for (name, _) in &schemas {
        if !cfg.skip_component(name) {
            l.component(name)?;
        }
    }
    l.mark_usage();
    l.name_shared_enums();
    l.check_refs()?;
    Ok(l.model)
}

struct Lowerer<'a> {
    spec: &'a Spec,
    cfg: &'a dyn ApiConfig,
    model: Model,
    /// Shape key of an inline or component object -> its type name.
    by_shape: HashMap<String, String>,
    /// Sorted enum values -> the enum's name.
    enums_by_values: HashMap<Vec<String>, String>,
    /// Enum name -> the wire names of the fields (or parameters) that use
    /// it, and whether its name was chosen (a component or a rename).
    enum_uses: HashMap<String, (Vec<String>, bool)>,
    /// The wire name of the field or parameter being lowered.
    field: Option<String>,
    /// Component name -> its lowered reference and nullability.
    components: HashMap<String, (TypeRef, bool)>,
    /// Every type name handed out.
    taken: HashSet<String>,
}

/// A lowered schema: its type and whether it may be `null`.
type Lowered = (TypeRef, bool);

fn doc_of(s: &Node) -> Option<String> {
    s.get("description")
        .as_str()
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(str::to_owned)
}

/// The `type` keyword as a list of names (3.1 allows arrays).
fn types_of(s: &Node) -> Vec<&str> {
    match s.get("type") {
        Node::Str(t) => vec![t.as_str()],
        Node::Arr(a) => a.iter().filter_map(Node::as_str).collect(),
        _ => Vec::new(),
    }
}

fn is_null_schema(s: &Node) -> bool {
    let t = types_of(s);
    (t.len() == 1 && t[0] == "null")
        || s.get("enum").items().iter().all(Node::is_null) && !s.get("enum").items().is_empty()
}

impl Lowerer<'_> {
    fn deref<'s>(&'s self, s: &'s Node) -> Result<&'s Node, String> {
        match s.get("$ref").as_str() {
            Some(r) => self
                .spec
                .resolve_ref(r)
                .ok_or_else(|| format!("unresolvable $ref `{r}`")),
            None => Ok(s),
        }
    }

    fn unique_name(&mut self, name: String) -> String {
        if self.taken.insert(name.clone()) {
            return name;
        }
        let mut n = 2;
        loop {
            let candidate = format!("{name}{n}");
            if self.taken.insert(candidate.clone()) {
                eprintln!(
                    "codegen: warning: type name `{name}` taken, using `{candidate}` (add a rename)"
                );
                return candidate;
            }
            n += 1;
        }
    }

    fn component(&mut self, name: &str) -> Result<Lowered, String> {
        if let Some(done) = self.components.get(name) {
            return Ok(done.clone());
        }
        let schema = self
            .spec
            .root
            .get("components")
            .get("schemas")
            .get(name)
            .clone();
        let hint = self
            .cfg
            .rename(name)
            .unwrap_or_else(|| names::rust_type_ident(name));
        // Guard against recursion: a self-reference resolves to the name.
        self.components
            .insert(name.to_owned(), (TypeRef::Named(hint.clone()), false));
        let (ty, nullable) = self.schema(&schema, &hint)?;
        // A type without a description of its own names its component.
        if let TypeRef::Named(n) = &ty
            && let Some(
                TypeDef::Struct { doc, .. }
                | TypeDef::Enum { doc, .. }
                | TypeDef::Union { doc, .. },
            ) = self.model.types.iter_mut().find(|t| t.name() == n)
            && doc.is_none()
        {
            *doc = Some(format!("The `{name}` schema of the API description."));
        }
        let ty = match ty {
            // A component that is not an object or enum gets an alias, so the
            // spec's name stays visible.
            t @ (TypeRef::Map(_) | TypeRef::Array(_) | TypeRef::OneOrMany(_)) => {
                let alias = self.unique_name(hint.clone());
                self.model.types.push(TypeDef::Alias {
                    name: alias.clone(),
                    doc: doc_of(&schema),
                    ty: t,
                });
                TypeRef::Named(alias)
            }
            t => t,
        };
        self.components
            .insert(name.to_owned(), (ty.clone(), nullable));
        Ok((ty, nullable))
    }

    /// Lowers `s`; a new named type, if one is needed, is called `hint`.
    fn schema(&mut self, s: &Node, hint: &str) -> Result<Lowered, String> {
        // The config's fixed types win, even over a `$ref`.
        if let Some(t) = self.cfg.override_type(hint) {
            let nullable = s.get("nullable").as_bool() == Some(true)
                || types_of(s).contains(&"null")
                || ["anyOf", "oneOf"].iter().any(|k| {
                    s.get(k)
                        .items()
                        .iter()
                        .any(|v| self.deref(v).is_ok_and(is_null_schema))
                });
            return Ok((t, nullable));
        }
        if let Some(r) = s.get("$ref").as_str() {
            let name = r
                .strip_prefix("#/components/schemas/")
                .ok_or_else(|| format!("unsupported $ref `{r}`"))?;
            if self.cfg.skip_component(name) {
                // A hand-written type the models may still name.
                let external = self.cfg.rename(name).unwrap_or_else(|| name.to_owned());
                if self.cfg.external_types().contains(&external.as_str()) {
                    return Ok((TypeRef::Named(external), false));
                }
                // A scalar (a string enum) keeps its JSON type.
                let skipped = self.spec.root.get("components").get("schemas").get(name);
                let ty = match types_of(skipped).as_slice() {
                    ["string"] => TypeRef::String,
                    ["integer"] => TypeRef::Integer,
                    ["number"] => TypeRef::Number,
                    ["boolean"] => TypeRef::Boolean,
                    _ => TypeRef::Any,
                };
                return Ok((ty, false));
            }
            let (ty, nullable) = self.component(name)?;
            return Ok((ty, nullable || s.get("nullable").as_bool() == Some(true)));
        }
        if let Some(existing) = self.cfg.replace(hint) {
            return Ok((TypeRef::Named(existing), true));
        }
        let types = types_of(s);
        let mut nullable = s.get("nullable").as_bool() == Some(true) || types.contains(&"null");
        // `x-read-as`: the description names the type to read a value of
        // several forms as.
        if let Some(read_as) = s.get("x-read-as").as_str() {
            let variants: Vec<&Node> = ["oneOf", "anyOf"]
                .iter()
                .flat_map(|k| s.get(k).items())
                .collect();
            if variants.iter().any(|v| is_null_schema(v)) {
                nullable = true;
            }
            let ty = match read_as {
                "string" => Some(TypeRef::String),
                "integer" => Some(TypeRef::Integer),
                "number" => Some(TypeRef::Number),
                "boolean" => Some(TypeRef::Boolean),
                "array" => {
                    let items = variants
                        .iter()
                        .find(|v| types_of(v) == ["array"])
                        .map(|v| v.get("items").clone())
                        .unwrap_or(Node::Null);
                    let item = if items.is_null() {
                        TypeRef::String
                    } else {
                        self.schema(&items, &names::singular(hint))?.0
                    };
                    Some(TypeRef::Array(Box::new(item)))
                }
                _ => None,
            };
            if let Some(ty) = ty {
                return Ok((ty, nullable));
            }
        }
        // allOf: one member is a wrapper (adds docs or nullable); more are merged.
        let all_of = s.get("allOf").items();
        if !all_of.is_empty() {
            if all_of.len() == 1 {
                let (t, n) = self.schema(&all_of[0], hint)?;
                return Ok((t, n || nullable));
            }
            let merged = self.merge_all_of(s)?;
            let (t, n) = self.schema(&merged, hint)?;
            return Ok((t, n || nullable));
        }
        for key in ["anyOf", "oneOf"] {
            let variants = s.get(key).items();
            if variants.is_empty() {
                continue;
            }
            let mut rest = Vec::new();
            for v in variants {
                let resolved = self.deref(v)?;
                if is_null_schema(resolved) {
                    nullable = true;
                } else {
                    rest.push(v.clone());
                }
            }
            let (t, n) = self.union(s, &rest, hint)?;
            return Ok((t, n || nullable));
        }
        if s.has("const") {
            let v = match s.get("const") {
                Node::Str(v) => v.clone(),
                Node::Num(n) => n.clone(),
                Node::Bool(b) => b.to_string(),
                _ => return Ok((TypeRef::Any, nullable)),
            };
            return Ok((self.enumeration(vec![v], hint, doc_of(s)), nullable));
        }
        let enum_values = s.get("enum").items();
        if !enum_values.is_empty() {
            let values: Vec<String> = enum_values
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect();
            if enum_values.iter().any(Node::is_null) {
                nullable = true;
            }
            let scalar = types
                .iter()
                .find(|t| **t != "null")
                .copied()
                .unwrap_or("string");
            if scalar == "string" && !values.is_empty() {
                return Ok((self.enumeration(values, hint, doc_of(s)), nullable));
            }
        }
        // More than one type: scalars with a string read as a string (the
        // lenient reader takes numbers and booleans as text), numbers as a
        // number, and anything with an object or array as any value.
        let several: Vec<&str> = types.iter().copied().filter(|t| *t != "null").collect();
        if several.len() > 1 {
            let scalar = |t: &&str| matches!(*t, "string" | "integer" | "number" | "boolean");
            let ty = if several.iter().all(scalar) && several.contains(&"string") {
                TypeRef::String
            } else if several.iter().all(|t| matches!(*t, "integer" | "number")) {
                TypeRef::Number
            } else {
                TypeRef::Any
            };
            return Ok((ty, nullable));
        }
        let main = types.iter().find(|t| **t != "null").copied();
        let main = match main {
            Some(t) => t,
            None if s.has("properties") => "object",
            None if s.has("items") => "array",
            None => return Ok((TypeRef::Any, nullable)),
        };
        let ty = match main {
            "string" => TypeRef::String,
            "integer" => TypeRef::Integer,
            "number" => TypeRef::Number,
            "boolean" => TypeRef::Boolean,
            "array" => {
                let item_hint = names::singular(hint);
                let (t, _) = self.schema(s.get("items"), &item_hint)?;
                TypeRef::Array(Box::new(t))
            }
            "object" => self.object(s, hint)?,
            other => return Err(format!("unsupported type `{other}` at {hint}")),
        };
        Ok((ty, nullable))
    }

    fn merge_all_of(&self, s: &Node) -> Result<Node, String> {
        let mut props = IndexMap::new();
        let mut required = Vec::new();
        for member in s.get("allOf").items() {
            let m = self.deref(member)?;
            for (k, v) in m.get("properties").entries() {
                props.insert(k.clone(), v.clone());
            }
            required.extend(m.get("required").items().iter().cloned());
        }
        let mut out = IndexMap::new();
        out.insert("type".to_owned(), Node::Str("object".into()));
        if let Some(d) = doc_of(s) {
            out.insert("description".to_owned(), Node::Str(d));
        }
        out.insert("properties".to_owned(), Node::Obj(props));
        out.insert("required".to_owned(), Node::Arr(required));
        Ok(Node::Obj(out))
    }

    fn union(&mut self, whole: &Node, variants: &[Node], hint: &str) -> Result<Lowered, String> {
        if variants.is_empty() {
            return Ok((TypeRef::Any, true));
        }
        if variants.len() == 1 {
            return self.schema(&variants[0], hint);
        }
        let resolved: Vec<Node> = variants
            .iter()
            .map(|v| self.deref(v).cloned())
            .collect::<Result<_, _>>()?;
        // Only strings: one enum when every variant lists values, else a string.
        if resolved.iter().all(|v| types_of(v) == ["string"]) {
            if resolved.iter().all(|v| v.has("enum") || v.has("const")) {
                let mut values = Vec::new();
                for v in &resolved {
                    for e in v.get("enum").items() {
                        if let Some(e) = e.as_str() {
                            values.push(e.to_owned());
                        }
                    }
                    if let Some(c) = v.get("const").as_str() {
                        values.push(c.to_owned());
                    }
                }
                return Ok((self.enumeration(values, hint, doc_of(whole)), false));
            }
            return Ok((TypeRef::String, false));
        }
        // T | T[].
        if resolved.len() == 2 {
            for (one, many) in [(0, 1), (1, 0)] {
                if types_of(&resolved[many]) == ["array"]
                    && resolved[many].get("items").shape_key() == resolved[one].shape_key()
                {
                    let (t, n) = self.schema(&variants[one], hint)?;
                    return Ok((TypeRef::OneOrMany(Box::new(t)), n));
                }
            }
        }
        // Objects told apart by a property with one fixed value.
        let objects = resolved
            .iter()
            .all(|v| v.has("properties") || types_of(v) == ["object"]);
        if let Some(tag) = objects
            .then(|| self.discriminator(whole, &resolved))
            .flatten()
        {
            return Ok((self.tagged_union(whole, &resolved, &tag, hint)?, false));
        }
        Ok((TypeRef::Any, false))
    }

    /// The property every variant fixes to a distinct single value.
    fn discriminator(&self, whole: &Node, variants: &[Node]) -> Option<String> {
        if let Some(p) = whole.get("discriminator").get("propertyName").as_str() {
            return Some(p.to_owned());
        }
        let first = &variants[0];
        'props: for (prop, _) in first.get("properties").entries() {
            let mut seen = HashSet::new();
            for v in variants {
                match fixed_value(v.get("properties").get(prop)) {
                    Some(val) if seen.insert(val.clone()) => {}
                    _ => continue 'props,
                }
            }
            return Some(prop.clone());
        }
        None
    }

    fn tagged_union(
        &mut self,
        whole: &Node,
        variants: &[Node],
        tag: &str,
        hint: &str,
    ) -> Result<TypeRef, String> {
        let key = format!("union:{}", whole.shape_key());
        if let Some(name) = self.by_shape.get(&key) {
            return Ok(TypeRef::Named(name.clone()));
        }
        let name = self.cfg.rename(hint).unwrap_or_else(|| hint.to_owned());
        let name = self.unique_name(name);
        self.by_shape.insert(key, name.clone());
        let mut out = Vec::new();
        for v in variants {
            let value = fixed_value(v.get("properties").get(tag)).unwrap_or_default();
            let variant = names::rust_type_ident(&value);
            // The payload is the variant without its tag.
            let mut payload = match v {
                Node::Obj(m) => m.clone(),
                _ => IndexMap::new(),
            };
            if let Some(Node::Obj(props)) = payload.get_mut("properties") {
                props.shift_remove(tag);
            }
            if let Some(Node::Arr(req)) = payload.get_mut("required") {
                req.retain(|r| r.as_str() != Some(tag));
            }
            let payload_hint = format!("{name}{variant}");
            let (t, _) = self.schema(&Node::Obj(payload), &payload_hint)?;
            let TypeRef::Named(payload_name) = t else {
                return Err(format!("union variant `{payload_hint}` is not an object"));
            };
            out.push((value, variant, payload_name));
        }
        self.model.types.push(TypeDef::Union {
            name: name.clone(),
            doc: doc_of(whole),
            tag: tag.to_owned(),
            variants: out,
        });
        Ok(TypeRef::Named(name))
    }

    fn enumeration(&mut self, values: Vec<String>, hint: &str, doc: Option<String>) -> TypeRef {
        let mut key = values.clone();
        key.sort();
        key.dedup();
        let field = self.field.clone().unwrap_or_default();
        if let Some(name) = self.enums_by_values.get(&key) {
            if let Some((fields, _)) = self.enum_uses.get_mut(name) {
                fields.push(field);
            }
            return TypeRef::Named(name.clone());
        }
        let chosen = self.cfg.rename(hint);
        let fixed = chosen.is_some()
            || !self
                .spec
                .root
                .get("components")
                .get("schemas")
                .get(hint)
                .is_null()
            || self
                .components
                .values()
                .any(|(t, _)| *t == TypeRef::Named(hint.to_owned()));
        let name = chosen.unwrap_or_else(|| hint.to_owned());
        let name = self.unique_name(name);
        self.enums_by_values.insert(key, name.clone());
        self.enum_uses.insert(name.clone(), (vec![field], fixed));
        let mut seen = HashSet::new();
        let values = values
            .into_iter()
            .filter(|v| seen.insert(v.clone()))
            .collect();
        self.model.types.push(TypeDef::Enum {
            name: name.clone(),
            doc,
            values,
        });
        TypeRef::Named(name)
    }

    fn object(&mut self, s: &Node, hint: &str) -> Result<TypeRef, String> {
        let props = s.get("properties");
        let has_props = props.entries().next().is_some();
        if !has_props {
            let ap = s.get("additionalProperties");
            return Ok(match ap {
                Node::Obj(m) if !m.is_empty() => {
                    let (t, _) = self.schema(ap, &format!("{hint}Value"))?;
                    TypeRef::Map(Box::new(t))
                }
                _ => TypeRef::Object,
            });
        }
        let key = s.shape_key();
        if let Some(name) = self.by_shape.get(&key).filter(|_| self.cfg.share_shapes()) {
            return Ok(TypeRef::Named(name.clone()));
        }
        let name = self.cfg.rename(hint).unwrap_or_else(|| hint.to_owned());
        let name = self.unique_name(name);
        self.by_shape.insert(key, name.clone());
        // Reserve the slot so the type precedes its children.
        let slot = self.model.types.len();
        self.model.types.push(TypeDef::Alias {
            name: name.clone(),
            doc: None,
            ty: TypeRef::Any,
        });
        let required: HashSet<&str> = s
            .get("required")
            .items()
            .iter()
            .filter_map(Node::as_str)
            .collect();
        let mut fields: Vec<Field> = Vec::new();
        let mut used = HashSet::new();
        for (wire, p) in props.entries() {
            let child = format!("{name}{}", names::pascal(wire));
            let outer = self.field.replace(wire.clone());
            let lowered = self.schema(p, &child);
            self.field = outer;
            let (ty, nullable) = lowered?;
            let mut field_name = self
                .cfg
                .field_name(&name, wire)
                .unwrap_or_else(|| names::rust_ident(wire));
            while !used.insert(field_name.clone()) {
                field_name = format!("{}_alt", field_name.trim_start_matches("r#"));
            }
            let resolved = self.deref(p)?;
            let facts = self.facts(p, &ty, nullable, true)?;
            fields.push(Field {
                wire: wire.clone(),
                name: field_name,
                ty,
                required: required.contains(wire.as_str()),
                nullable,
                doc: doc_of(p).or_else(|| doc_of(resolved)),
                facts,
                deprecated: p.get("deprecated").as_bool() == Some(true),
                id: p.get("x-id").as_bool() == Some(true),
                time: time_of(p).or_else(|| time_of(resolved)),
                aliases: p
                    .get("x-aliases")
                    .items()
                    .iter()
                    .filter_map(Node::as_str)
                    .map(str::to_owned)
                    .collect(),
                unsigned: minimum_zero(p),
            });
        }
        self.model.types[slot] = TypeDef::Struct {
            keep_extra: self.cfg.keep_extra(&name),
            name: name.clone(),
            doc: doc_of(s),
            fields,
            usage: Usage::Response,
        };
        Ok(TypeRef::Named(name))
    }

    fn param(&mut self, p: &Node, hint_prefix: &str) -> Result<(String, Param), String> {
        let p = self.deref(p)?.clone();
        let wire = p.get("name").as_str().unwrap_or_default().to_owned();
        let location = p.get("in").as_str().unwrap_or("query").to_owned();
        let schema = p.get("schema");
        let hint = format!("{hint_prefix}{}", names::pascal(&wire));
        let outer = self.field.replace(wire.clone());
        let lowered = self.schema(schema, &hint);
        self.field = outer;
        let (mut ty, nullable) = lowered?;
        // An exploded=false array is sent comma-joined, like `T | T[]`.
        if let TypeRef::Array(inner) = ty {
            ty = TypeRef::OneOrMany(inner);
        }
        let facts = self.facts(schema, &ty, nullable, false)?;
        let default = match schema.get("default") {
            Node::Str(s) => Some(s.clone()),
            Node::Num(n) => Some(n.clone()),
            Node::Bool(b) => Some(b.to_string()),
            _ => None,
        };
        Ok((
            location.clone(),
            Param {
                name: names::rust_ident(&wire),
                wire,
                ty,
                required: p.get("required").as_bool() == Some(true) || location == "path",
                doc: doc_of(&p).or_else(|| doc_of(schema)),
                facts,
                deprecated: p.get("deprecated").as_bool() == Some(true)
                    || schema.get("deprecated").as_bool() == Some(true),
                default,
                range: match (schema.get("minimum"), schema.get("maximum")) {
                    (Node::Num(min), Node::Num(max)) => Some((min.clone(), max.clone())),
                    _ => None,
                },
            },
        ))
    }

    fn operation(
        &mut self,
        path: &str,
        method: &str,
        item: &Node,
        op: &Node,
    ) -> Result<Operation, String> {
        let operation_id = op
            .get("operationId")
            .as_str()
            .map(str::to_owned)
            .unwrap_or_else(|| names::snake(&format!("{method} {path}")));
        // Rust names come from the vendor's operationId while the
        // description keeps it (names change in a later step).
        let id = op
            .get("x-vendor-operation-id")
            .as_str()
            .map(str::to_owned)
            .unwrap_or_else(|| operation_id.clone());
        let prefix = names::pascal(&id);
        // Response first: it names the shared models.
        let mut response_component = None;
        let (status, response) = {
            let mut found = (200, ResponseBody::Empty);
            for (code, resp) in op.get("responses").entries() {
                if !code.starts_with('2') {
                    continue;
                }
                let resp = self.deref(resp)?.clone();
                let status = code.parse().unwrap_or(200);
                let content = resp.get("content");
                let body = if content.has("application/json") {
                    response_component = content
                        .get("application/json")
                        .get("schema")
                        .get("$ref")
                        .as_str()
                        .and_then(|r| r.strip_prefix("#/components/schemas/"))
                        .map(str::to_owned);
                    let hint = self.cfg.response_name(&id);
                    let (t, _) =
                        self.schema(content.get("application/json").get("schema"), &hint)?;
                    ResponseBody::Json(t)
                } else if let Some((ct, _)) = content.entries().next() {
                    ResponseBody::Binary(ct.clone())
                } else {
                    ResponseBody::Empty
                };
                found = (status, body);
                break;
            }
            found
        };
        let (body, body_encoding) = {
            let rb = self.deref(op.get("requestBody"))?.clone();
            let content = rb.get("content");
            let chosen = [
                ("application/x-www-form-urlencoded", BodyEncoding::Form),
                ("application/json", BodyEncoding::Json),
                ("multipart/form-data", BodyEncoding::Multipart),
            ]
            .into_iter()
            .find(|(ct, _)| content.has(ct));
            match chosen {
                Some((ct, encoding)) => {
                    let hint = self.cfg.body_name(&id);
                    let (t, _) = self.schema(content.get(ct).get("schema"), &hint)?;
                    (Some(t), encoding)
                }
                None => (None, BodyEncoding::Json),
            }
        };
        // The JSON form of a body whose form-encoded form was chosen, as a
        // method of its own when the description names one.
        let json_alternative = match op.get("x-sdk-json-method").as_str() {
            Some(name) if body_encoding == BodyEncoding::Form => {
                let content = self.deref(op.get("requestBody"))?.get("content").clone();
                if !content.has("application/json") {
                    return Err(format!(
                        "{method} {path}: x-sdk-json-method without an application/json body"
                    ));
                }
                let hint = format!("{}Json", self.cfg.body_name(&id));
                let (t, _) = self.schema(content.get("application/json").get("schema"), &hint)?;
                Some((name.to_owned(), t))
            }
            _ => None,
        };
        let mut path_params = Vec::new();
        let mut query = Vec::new();
        let all: Vec<Node> = item
            .get("parameters")
            .items()
            .iter()
            .chain(op.get("parameters").items())
            .cloned()
            .collect();
        for p in &all {
            let (location, param) = self.param(p, &prefix)?;
            match location.as_str() {
                "path" => path_params.push(param),
                "query" => query.push(param),
                _ => {}
            }
        }
        // Path parameters in template order.
        let order: Vec<&str> = path
            .split('/')
            .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
            .collect();
        path_params.sort_by_key(|p| {
            order
                .iter()
                .position(|o| *o == p.wire)
                .unwrap_or(usize::MAX)
        });
        let security = op.get("security");
        Ok(Operation {
            tag: op
                .get("x-vendor-tag")
                .as_str()
                .or_else(|| op.get("tags").items().first().and_then(Node::as_str))
                .unwrap_or("default")
                .to_owned(),
            summary: op.get("summary").as_str().map(str::to_owned),
            description: doc_of(op),
            doc_url: op
                .get("externalDocs")
                .get("url")
                .as_str()
                .map(str::to_owned),
            operation_id,
            deprecated: op.get("deprecated").as_bool() == Some(true),
            method: method.to_uppercase(),
            path: path.to_owned(),
            id,
            path_params,
            query,
            body,
            body_encoding,
            json_alternative,
            sdk_method: op.get("x-sdk-method").as_str().map(str::to_owned),
            response_component,
            idempotent: op.get("x-idempotent").as_bool(),
            status,
            response,
            public: {
                let effective = if security.is_null() {
                    self.spec.root.get("security")
                } else {
                    security
                };
                effective.items().is_empty()
            },
        })
    }

    /// The facts of a property or parameter schema `s` (lowered to `ty`),
    /// in our words: the type, allowed values, format, unit, constraints,
    /// the default (with `default`) and whether it may be null. Nothing of
    /// the schema's prose is used.
    fn facts(
        &self,
        s: &Node,
        ty: &TypeRef,
        nullable: bool,
        default: bool,
    ) -> Result<String, String> {
        let resolved = self.deref(s)?;
        // A nullable wrapper (`anyOf: [X, {type: null}]`) carries its facts in X.
        let mut sources = vec![s, resolved];
        for key in ["anyOf", "oneOf", "allOf"] {
            let rest: Vec<&Node> = resolved
                .get(key)
                .items()
                .iter()
                .filter(|v| !is_null_schema(v))
                .collect();
            if let [only] = rest.as_slice() {
                sources.push(only);
                sources.push(self.deref(only)?);
            }
        }
        let get = |key: &str| -> &Node {
            sources
                .iter()
                .map(|n| n.get(key))
                .find(|v| !v.is_null())
                .unwrap_or(&Node::Null)
        };
        let mut parts = vec![self.type_phrase(ty)];
        if let Some(f) = get("format").as_str() {
            parts.push(format!("format `{f}`"));
        }
        match get("x-unit").as_str() {
            Some("cents") => parts.push("in cents".into()),
            Some("currency-code") => parts.push("an ISO 4217 currency code".into()),
            Some("percent") => parts.push("a percentage".into()),
            Some(u) => parts.push(format!("in {u}")),
            None => {}
        }
        match get("x-time").as_str() {
            Some("unix-s") => parts.push("Unix time in seconds".into()),
            Some("unix-ms") => parts.push("Unix time in milliseconds".into()),
            Some("rfc3339") if get("format").as_str() != Some("date-time") => {
                parts.push("a date-time".into())
            }
            _ => {}
        }
        let num = |key: &str| match get(key) {
            Node::Num(n) => Some(n.clone()),
            _ => None,
        };
        for (key, words) in [
            ("minLength", "at least {} characters"),
            ("maxLength", "at most {} characters"),
            ("minItems", "at least {} items"),
            ("maxItems", "at most {} items"),
            ("minimum", "at least {}"),
            ("maximum", "at most {}"),
            ("exclusiveMinimum", "above {}"),
            ("exclusiveMaximum", "below {}"),
        ] {
            if let Some(n) = num(key) {
                let mut text = words.replace("{}", &n);
                if n == "1" {
                    text = text
                        .replace(" characters", " character")
                        .replace(" items", " item");
                }
                parts.push(text);
            }
        }
        if let Some(p) = get("pattern").as_str().filter(|p| !p.contains('`')) {
            parts.push(format!("pattern `{p}`"));
        }
        if default {
            match get("default") {
                Node::Str(v) if !v.contains('`') => parts.push(format!("default `{v:?}`")),
                Node::Num(v) => parts.push(format!("default `{v}`")),
                Node::Bool(v) => parts.push(format!("default `{v}`")),
                _ => {}
            }
        }
        if get("readOnly").as_bool() == Some(true) {
            parts.push("read-only".into());
        }
        if get("writeOnly").as_bool() == Some(true) {
            parts.push("write-only".into());
        }
        if nullable {
            parts.push("may be null".into());
        }
        Ok(parts.join("; "))
    }

    /// `string`, `list of strings`, `` `Link` object ``, `` `a`, `b` or `c` ``.
    fn type_phrase(&self, ty: &TypeRef) -> String {
        match ty {
            TypeRef::Named(n) => match self.model.find(n) {
                Some(TypeDef::Enum { values, .. }) if values.len() == 1 => {
                    format!("always `{}`", values[0])
                }
                Some(TypeDef::Enum { values, .. }) if values.len() <= 12 => {
                    let quoted: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
                    let (last, rest) = quoted.split_last().unwrap_or((&quoted[0], &[]));
                    format!("one of {} or {last}", rest.join(", "))
                }
                Some(TypeDef::Enum { values, .. }) => {
                    format!("one of the {} values of `{n}`", values.len())
                }
                Some(TypeDef::Union { tag, .. }) => format!("`{n}` (told apart by `{tag}`)"),
                Some(TypeDef::Alias { .. }) => format!("`{n}`"),
                // Structs (or a struct still being lowered).
                _ => format!("`{n}` object"),
            },
            TypeRef::Array(i) => format!("list of {}", self.plural_phrase(i)),
            TypeRef::OneOrMany(i) => format!(
                "{} or a list of {}",
                self.type_phrase(i),
                self.plural_phrase(i)
            ),
            TypeRef::Map(i) => format!("map of string keys to {}", self.plural_phrase(i)),
            other => scalar_phrase(other).to_owned(),
        }
    }

    fn plural_phrase(&self, ty: &TypeRef) -> String {
        match ty {
            TypeRef::Named(n) => match self.model.find(n) {
                Some(TypeDef::Enum { .. }) => format!("`{n}` values"),
                Some(TypeDef::Union { .. } | TypeDef::Alias { .. }) => format!("`{n}`"),
                _ => format!("`{n}` objects"),
            },
            TypeRef::Array(_) | TypeRef::OneOrMany(_) | TypeRef::Map(_) => {
                format!("({})", self.type_phrase(ty))
            }
            TypeRef::Any => "JSON values".into(),
            TypeRef::Object => "JSON objects".into(),
            other => format!("{}s", scalar_phrase(other)),
        }
    }

    /// Marks request-only structs; everything else stays response-typed.
    /// Names an inline enum that fields of different names share by its
    /// values (`YesNo`, `AscDesc`), so the name fits every use; an enum of
    /// more than three values is named by the words its fields' names end
    /// with in common (`status`, `payout_status` -> `Status`), prefixed by
    /// its first value when that alone would be too general. A per-API
    /// rename of the candidate wins (`ApiConfig::rename`); components and
    /// enums renamed by configuration keep their names.
    fn name_shared_enums(&mut self) {
        let mut renames: HashMap<String, String> = HashMap::new();
        let mut shared: Vec<(String, Vec<String>)> = self
            .enum_uses
            .iter()
            .filter(|(_, (_, fixed))| !fixed)
            .map(|(name, (fields, _))| {
                let mut distinct: Vec<String> = fields.iter().map(|f| names::snake(f)).collect();
                distinct.sort();
                distinct.dedup();
                (name.clone(), distinct)
            })
            .filter(|(_, fields)| fields.len() > 1)
            .collect();
        // Lower-case values first: they take the plain name (`TrueFalse`).
        shared.sort_by_key(|(name, _)| {
            let upper = matches!(self.model.find(name), Some(TypeDef::Enum { values, .. })
                if values.iter().all(|v| v.to_uppercase() == *v));
            (upper, name.clone())
        });
        for (name, fields) in shared {
            let Some(TypeDef::Enum { values, .. }) = self.model.find(&name) else {
                continue;
            };
            let taken = |n: &str| self.taken.contains(n);
            let candidate = shared_enum_name(values, &fields, &taken);
            let candidate = self.cfg.rename(&candidate).unwrap_or(candidate);
            if candidate == name {
                continue;
            }
            self.taken.remove(&name);
            let new = self.unique_name(candidate);
            renames.insert(name, new);
        }
        if renames.is_empty() {
            return;
        }
        for t in &mut self.model.types {
            match t {
                TypeDef::Struct { fields, .. } => {
                    fields
                        .iter_mut()
                        .for_each(|f| rename_ref(&mut f.ty, &renames));
                }
                TypeDef::Enum { name, .. } => {
                    if let Some(new) = renames.get(name.as_str()) {
                        *name = new.clone();
                    }
                }
                TypeDef::Alias { ty, .. } => rename_ref(ty, &renames),
                TypeDef::Union { .. } => {}
            }
        }
        for op in &mut self.model.ops {
            for p in op.path_params.iter_mut().chain(op.query.iter_mut()) {
                rename_ref(&mut p.ty, &renames);
            }
            if let Some(b) = &mut op.body {
                rename_ref(b, &renames);
            }
            if let ResponseBody::Json(t) = &mut op.response {
                rename_ref(t, &renames);
            }
            if let Some((_, t)) = &mut op.json_alternative {
                rename_ref(t, &renames);
            }
        }
        for (old, new) in renames {
            if let Some(v) = self.enum_uses.remove(&old) {
                self.enum_uses.insert(new.clone(), v);
            }
            for v in self.enums_by_values.values_mut() {
                if *v == old {
                    *v = new.clone();
                }
            }
        }
    }

    fn mark_usage(&mut self) {
        let mut response = HashSet::new();
        let mut request = HashSet::new();
        let ops = self.model.ops.clone();
        for op in &ops {
            if let ResponseBody::Json(t) = &op.response {
                self.reach(t, &mut response);
            }
            if let Some(b) = &op.body {
                self.reach(b, &mut request);
            }
        }
        // Components a skipped (hand-written) component names, such as the
        // records inside a hand-written success envelope, are responses.
        let mut refs = Vec::new();
        for (name, schema) in self.spec.root.get("components").get("schemas").entries() {
            if self.cfg.skip_component(name) {
                collect_refs(schema, &mut refs);
            }
        }
        for r in refs {
            if let Some((t, _)) = self.components.get(&r).cloned() {
                self.reach(&t, &mut response);
            }
        }
        for t in &mut self.model.types {
            if let TypeDef::Struct { name, usage, .. } = t {
                *usage = if request.contains(name) && !response.contains(name) {
                    Usage::Request
                } else {
                    Usage::Response
                };
            }
        }
    }

    fn reach(&self, t: &TypeRef, seen: &mut HashSet<String>) {
        match t {
            TypeRef::Named(n) => {
                if !seen.insert(n.clone()) {
                    return;
                }
                match self.model.find(n) {
                    Some(TypeDef::Struct { fields, .. }) => {
                        for f in fields {
                            self.reach(&f.ty, seen);
                        }
                    }
                    Some(TypeDef::Union { variants, .. }) => {
                        for (_, _, p) in variants {
                            self.reach(&TypeRef::Named(p.clone()), seen);
                        }
                    }
                    Some(TypeDef::Alias { ty, .. }) => self.reach(ty, seen),
                    _ => {}
                }
            }
            TypeRef::Array(i) | TypeRef::Map(i) | TypeRef::OneOrMany(i) => self.reach(i, seen),
            _ => {}
        }
    }

    fn check_refs(&self) -> Result<(), String> {
        let mut names: HashSet<&str> = self.model.types.iter().map(TypeDef::name).collect();
        names.extend(self.cfg.external_types().iter().copied());
        let mut missing = Vec::new();
        let mut check = |t: &TypeRef| {
            let mut t = t;
            loop {
                match t {
                    TypeRef::Named(n) if !names.contains(n.as_str()) => missing.push(n.clone()),
                    TypeRef::Array(i) | TypeRef::Map(i) | TypeRef::OneOrMany(i) => {
                        t = i;
                        continue;
                    }
                    _ => {}
                }
                break;
            }
        };
        for ty in &self.model.types {
            match ty {
                TypeDef::Struct { fields, .. } => fields.iter().for_each(|f| check(&f.ty)),
                TypeDef::Alias { ty, .. } => check(ty),
                _ => {}
            }
        }
        for op in &self.model.ops {
            if let ResponseBody::Json(t) = &op.response {
                check(t);
            }
            if let Some(b) = &op.body {
                check(b);
            }
        }
        if missing.is_empty() {
            Ok(())
        } else {
            missing.sort();
            missing.dedup();
            Err(format!(
                "replacement types that were never generated: {}",
                missing.join(", ")
            ))
        }
    }
}

fn scalar_phrase(t: &TypeRef) -> &'static str {
    match t {
        TypeRef::String => "string",
        TypeRef::Integer => "integer",
        TypeRef::Number => "number",
        TypeRef::Boolean => "boolean",
        TypeRef::Object => "JSON object",
        _ => "any JSON value",
    }
}

/// Whether an integer schema (or its one non-null variant) has
/// `minimum: 0` or more.
/// The name of an enum that fields called `fields` share: its values
/// joined (`YesNo`) when there are at most three and that name is free;
/// else named by its fields: the shortest field name of two words or more
/// among those ending in the same words (`reason`, `bannedReason` ->
/// `BannedReason`), or every field name joined when their names end
/// differently (`ConditionVariable`).
fn shared_enum_name(values: &[String], fields: &[String], taken: &dyn Fn(&str) -> bool) -> String {
    if values.len() <= 3 {
        let joined: String = values.iter().map(|v| names::rust_type_ident(v)).collect();
        if !taken(&joined) {
            return joined;
        }
        // `TRUE`/`FALSE` next to `true`/`false`.
        let upper = values
            .iter()
            .all(|v| v.chars().any(char::is_alphabetic) && v.to_uppercase() == *v);
        if upper && !taken(&format!("{joined}Upper")) {
            return format!("{joined}Upper");
        }
    }
    let words: Vec<Vec<String>> = fields
        .iter()
        .map(|f| {
            names::snake(f)
                .split('_')
                .filter(|w| !w.is_empty())
                .map(names::pascal)
                .collect()
        })
        .collect();
    let common = |i: usize, w: &String| {
        words
            .iter()
            .all(|ws| ws.len() > i && ws[ws.len() - 1 - i] == *w)
    };
    let shares_an_ending = words
        .first()
        .and_then(|first| first.last())
        .is_some_and(|w| common(0, w));
    if shares_an_ending
        && let Some(best) = words
            .iter()
            .filter(|ws| ws.len() >= 2)
            .min_by_key(|ws| (ws.len(), ws.concat()))
    {
        return best.concat();
    }
    words.iter().map(|ws| ws.concat()).collect()
}

/// Renames named types inside `t`.
fn rename_ref(t: &mut TypeRef, renames: &HashMap<String, String>) {
    match t {
        TypeRef::Named(n) => {
            if let Some(new) = renames.get(n.as_str()) {
                *n = new.clone();
            }
        }
        TypeRef::Array(i) | TypeRef::Map(i) | TypeRef::OneOrMany(i) => rename_ref(i, renames),
        _ => {}
    }
}

/// How a schema writes an instant: `x-time` (`unix-s`, `unix-ms`,
/// `rfc3339`), else `rfc3339` for `format: date-time` or `date`; looked up
/// in the schema and in the non-null branch of a nullable wrapper.
fn time_of(s: &Node) -> Option<String> {
    let own = |n: &Node| {
        n.get("x-time").as_str().map(str::to_owned).or_else(|| {
            matches!(n.get("format").as_str(), Some("date-time" | "date"))
                .then(|| "rfc3339".to_owned())
        })
    };
    own(s).or_else(|| {
        ["anyOf", "oneOf"].iter().find_map(|k| {
            let rest: Vec<&Node> = s
                .get(k)
                .items()
                .iter()
                .filter(|v| !is_null_schema(v))
                .collect();
            match rest.as_slice() {
                [only] => own(only),
                _ => None,
            }
        })
    })
}

fn minimum_zero(s: &Node) -> bool {
    let at_least_zero = |n: &Node| matches!(n.get("minimum"), Node::Num(v) if !v.starts_with('-'));
    at_least_zero(s)
        || ["oneOf", "anyOf"]
            .iter()
            .any(|k| s.get(k).items().iter().any(at_least_zero))
}

/// The component names `s` refers to (`$ref: '#/components/schemas/X'`).
fn collect_refs(s: &Node, out: &mut Vec<String>) {
    match s {
        Node::Obj(m) => {
            for (k, v) in m {
                if k == "$ref"
                    && let Some(name) = v
                        .as_str()
                        .and_then(|r| r.strip_prefix("#/components/schemas/"))
                {
                    out.push(name.to_owned());
                }
                collect_refs(v, out);
            }
        }
        Node::Arr(a) => a.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}

/// The single value a property schema allows (`enum: [x]` or `const: x`).
fn fixed_value(p: &Node) -> Option<String> {
    if let Some(c) = p.get("const").as_str() {
        return Some(c.to_owned());
    }
    match p.get("enum").items() {
        [Node::Str(v)] => Some(v.clone()),
        _ => {
            // `anyOf` of single-value enums is not a fixed value.
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Mode, OpPlan};

    struct Plain;
    impl ApiConfig for Plain {
        fn name(&self) -> &'static str {
            "test"
        }
        fn crate_name(&self) -> &'static str {
            "test"
        }
        fn plan(&self, op: &Operation) -> OpPlan {
            OpPlan {
                handler: "H".into(),
                accessor: "h()".into(),
                method: op.id.clone(),
                mode: Mode::Generated,
                request_calls: Vec::new(),
                doc_url: String::new(),
            }
        }
    }

    #[test]
    fn openapi_31_shapes() {
        let doc = br##"{"openapi":"3.1.0","info":{"title":"t","version":"1"},"paths":{"/things":{"get":{"operationId":"listThings",
          "parameters":[{"name":"ids","in":"query","schema":{"type":"array","items":{"type":"string"}}}],
          "responses":{"200":{"content":{"application/json":{"schema":{"type":"array","items":{"$ref":"#/components/schemas/Thing"}}}}}}}}},
          "components":{"schemas":{"Thing":{"type":"object","required":["id"],"properties":{
            "id":{"type":"string"},
            "note":{"type":["string","null"]},
            "kind":{"const":"thing"},
            "size":{"anyOf":[{"type":"integer"},{"type":"null"}]},
            "labels":{"type":"object","additionalProperties":{"type":"string"}},
            "base":{"allOf":[{"$ref":"#/components/schemas/Base"}]},
            "shape":{"oneOf":[{"type":"object","properties":{"type":{"const":"circle"},"r":{"type":"number"}}},
                              {"type":"object","properties":{"type":{"const":"square"},"side":{"type":"number"}}}]}}},
            "Base":{"type":"object","properties":{"createdAt":{"type":"string"}}}}}}"##;
        let spec = Spec::parse(doc, "json").unwrap();
        let model = lower(&spec, &Plain).unwrap();
        let Some(TypeDef::Struct { fields, .. }) = model.find("Thing") else {
            panic!("no Thing");
        };
        let f = |n: &str| fields.iter().find(|f| f.wire == n).unwrap().clone();
        assert!(f("id").required && !f("id").nullable);
        assert!(f("note").nullable && f("note").ty == TypeRef::String);
        assert_eq!(f("kind").ty, TypeRef::Named("ThingKind".into()));
        assert!(f("size").nullable && f("size").ty == TypeRef::Integer);
        assert_eq!(f("labels").ty, TypeRef::Map(Box::new(TypeRef::String)));
        assert_eq!(f("base").ty, TypeRef::Named("Base".into()));
        assert!(
            matches!(model.find("ThingShape"), Some(TypeDef::Union { tag, variants, .. }) if tag == "type" && variants.len() == 2)
        );
        assert_eq!(
            model.ops[0].query[0].ty,
            TypeRef::OneOrMany(Box::new(TypeRef::String))
        );
    }

    #[test]
    fn form_bodies_win_over_json_and_multipart_only_when_alone() {
        let doc = br##"{"openapi":"3.1.0","info":{"title":"t","version":"1"},"paths":{
          "/f":{"post":{"operationId":"formOrJson","requestBody":{"content":{
             "application/json":{"schema":{"type":"object","properties":{"A":{"type":"string"}}}},
             "application/x-www-form-urlencoded":{"schema":{"type":"object","properties":{"A":{"type":"string"}}}}}},
             "responses":{"200":{"description":"ok"}}}},
          "/j":{"put":{"operationId":"onlyJson","requestBody":{"content":{
             "application/json":{"schema":{"type":"object","properties":{"B":{"type":"string"}}}}}},
             "responses":{"200":{"description":"ok"}}}},
          "/m":{"put":{"operationId":"onlyMultipart","requestBody":{"content":{
             "multipart/form-data":{"schema":{"type":"object","properties":{"C":{"type":"string"}}}}}},
             "responses":{"200":{"description":"ok"}}}}}}"##;
        let spec = Spec::parse(doc, "json").unwrap();
        let model = lower(&spec, &Plain).unwrap();
        let enc: Vec<(&str, BodyEncoding, bool)> = model
            .ops
            .iter()
            .map(|o| (o.id.as_str(), o.body_encoding, o.body.is_some()))
            .collect();
        assert_eq!(
            enc,
            [
                ("formOrJson", BodyEncoding::Form, true),
                ("onlyJson", BodyEncoding::Json, true),
                ("onlyMultipart", BodyEncoding::Multipart, true),
            ]
        );
    }
}
