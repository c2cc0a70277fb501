//! Loading an OpenAPI document into an ordered tree.
//!
//! The document is read into [`Node`], a JSON-like tree that keeps the key
//! order of the source, so generated fields follow the spec's order. `Node`
//! implements `serde::Deserialize`, so any serde data format can produce it:
//! JSON and YAML (impact.com ships YAML, read with `serde_norway`) are wired
//! in [`Spec::parse`]. [`Spec::merge`] combines several documents of one API
//! (impact.com ships one per resource) into one.

use std::fmt;
use std::path::Path;

use indexmap::IndexMap;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use sha2::{Digest, Sha256};

/// One value of the document, with object keys in source order.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// A number, kept as its text.
    Num(String),
    /// A string.
    Str(String),
    /// An array.
    Arr(Vec<Node>),
    /// An object, in source order.
    Obj(IndexMap<String, Node>),
}

static NULL: Node = Node::Null;

impl Node {
    /// The member `key` of an object (`Null` when absent or not an object).
    pub fn get(&self, key: &str) -> &Node {
        match self {
            Node::Obj(m) => m.get(key).unwrap_or(&NULL),
            _ => &NULL,
        }
    }

    /// Whether the object has the member `key`.
    pub fn has(&self, key: &str) -> bool {
        matches!(self, Node::Obj(m) if m.contains_key(key))
    }

    /// The string value, if this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Node::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The boolean value, if this is a boolean.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Node::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The items, if this is an array (empty otherwise).
    pub fn items(&self) -> &[Node] {
        match self {
            Node::Arr(a) => a,
            _ => &[],
        }
    }

    /// The members, if this is an object.
    pub fn entries(&self) -> impl Iterator<Item = (&String, &Node)> {
        let map = match self {
            Node::Obj(m) => Some(m),
            _ => None,
        };
        map.into_iter().flat_map(|m| m.iter())
    }

    /// Whether this is `null` (or absent).
    pub fn is_null(&self) -> bool {
        matches!(self, Node::Null)
    }

    /// A canonical text of the node without documentation keys, used to
    /// find structurally identical schemas.
    pub fn shape_key(&self) -> String {
        let mut out = String::new();
        self.write_key(&mut out);
        out
    }

    fn write_key(&self, out: &mut String) {
        match self {
            Node::Null => out.push('n'),
            Node::Bool(b) => out.push_str(if *b { "T" } else { "F" }),
            Node::Num(n) => out.push_str(n),
            Node::Str(s) => {
                out.push('"');
                out.push_str(s);
                out.push('"');
            }
            Node::Arr(a) => {
                out.push('[');
                for v in a {
                    v.write_key(out);
                    out.push(',');
                }
                out.push(']');
            }
            Node::Obj(m) => {
                let mut keys: Vec<&String> = m
                    .keys()
                    .filter(|k| {
                        let closed =
                            k.as_str() == "additionalProperties" && m[*k] == Node::Bool(false);
                        !closed
                            && !matches!(
                                k.as_str(),
                                "description" | "example" | "examples" | "title" | "externalDocs"
                            )
                            && !k.starts_with("x-")
                    })
                    .collect();
                keys.sort();
                out.push('{');
                for k in keys {
                    out.push_str(k);
                    out.push(':');
                    m[k].write_key(out);
                    out.push(',');
                }
                out.push('}');
            }
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NodeVisitor)
    }
}

impl Serialize for Node {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Node::Null => s.serialize_unit(),
            Node::Bool(b) => s.serialize_bool(*b),
            // Numbers keep their text: integers as integers, the rest as floats.
            Node::Num(n) => {
                if let Ok(i) = n.parse::<i64>() {
                    s.serialize_i64(i)
                } else if let Ok(u) = n.parse::<u64>() {
                    s.serialize_u64(u)
                } else if let Ok(f) = n.parse::<f64>() {
                    s.serialize_f64(f)
                } else {
                    s.serialize_str(n)
                }
            }
            Node::Str(v) => s.serialize_str(v),
            Node::Arr(a) => {
                let mut seq = s.serialize_seq(Some(a.len()))?;
                for v in a {
                    seq.serialize_element(v)?;
                }
                seq.end()
            }
            Node::Obj(m) => {
                let mut map = s.serialize_map(Some(m.len()))?;
                for (k, v) in m {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an OpenAPI value")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        Node::deserialize(d)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Num(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Num(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Num(v.to_string()))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Str(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Node, E> {
        Ok(Node::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut out = Vec::new();
        while let Some(v) = seq.next_element()? {
            out.push(v);
        }
        Ok(Node::Arr(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut out = IndexMap::new();
        while let Some((k, v)) = map.next_entry::<String, Node>()? {
            // A key written twice would silently drop one of the values.
            if out.contains_key(&k) {
                return Err(de::Error::custom(format!("duplicate mapping key `{k}`")));
            }
            out.insert(k, v);
        }
        Ok(Node::Obj(out))
    }
}

/// A loaded document with the facts the file headers name.
#[derive(Debug)]
pub struct Spec {
    /// The document.
    pub root: Node,
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `openapi` (3.0.x or 3.1.x).
    pub openapi: String,
    /// SHA-256 of the file's bytes, lowercase hex.
    pub sha256: String,
}

impl Spec {
    /// Parses a document from bytes; `format` is `json` or `yaml`.
    pub fn parse(bytes: &[u8], format: &str) -> Result<Spec, String> {
        let root: Node = match format {
            "json" => serde_json::from_slice(bytes).map_err(|e| format!("invalid JSON: {e}"))?,
            "yaml" => serde_norway::from_slice(bytes).map_err(|e| format!("invalid YAML: {e}"))?,
            other => return Err(format!("unsupported spec format `{other}`")),
        };
        let digest = Sha256::digest(bytes);
        let sha256 = digest.iter().map(|b| format!("{b:02x}")).collect();
        let info = root.get("info");
        Ok(Spec {
            title: info.get("title").as_str().unwrap_or("untitled").to_owned(),
            version: info
                .get("version")
                .as_str()
                .unwrap_or("unversioned")
                .to_owned(),
            openapi: root.get("openapi").as_str().unwrap_or("3.0.0").to_owned(),
            sha256,
            root,
        })
    }

    /// Reads a document from a file; the extension picks the format.
    pub fn load(path: &Path) -> Result<Spec, String> {
        let bytes =
            std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let format = match path.extension().and_then(|e| e.to_str()) {
            Some("yaml" | "yml") => "yaml",
            _ => "json",
        };
        Self::parse(&bytes, format)
    }

    /// Combines several documents of one API into one: paths and every
    /// `components` section are merged. A component defined differently by
    /// two documents keeps its name in the first and is renamed
    /// `{prefix}{Name}` in the later one (with that document's `$ref`s
    /// rewritten); `prefix` comes from `prefix_of(index)`. `title` and
    /// `version` name the combination; the checksum covers every input's
    /// bytes in order.
    pub fn merge(
        docs: Vec<(Spec, Vec<u8>)>,
        title: String,
        version: String,
        prefix_of: impl Fn(usize) -> String,
    ) -> Result<Spec, String> {
        let mut paths: IndexMap<String, Node> = IndexMap::new();
        let mut components: IndexMap<String, IndexMap<String, Node>> = IndexMap::new();
        let mut hasher = Sha256::new();
        let mut openapi = String::from("3.1.0");
        for (i, (spec, bytes)) in docs.into_iter().enumerate() {
            hasher.update(&bytes);
            openapi = spec.openapi.clone();
            let mut root = spec.root;
            // Renames for components that clash with an earlier document.
            let mut renames: Vec<(String, String)> = Vec::new();
            for (kind, section) in root.get("components").entries() {
                let known = components.get(kind);
                for (name, value) in section.entries() {
                    if let Some(existing) = known.and_then(|k| k.get(name))
                        && existing.shape_key() != value.shape_key()
                    {
                        let new = format!("{}{name}", prefix_of(i));
                        renames.push((
                            format!("#/components/{kind}/{name}"),
                            format!("#/components/{kind}/{new}"),
                        ));
                    }
                }
            }
            if !renames.is_empty() {
                rewrite_refs(&mut root, &renames);
            }
            if let Node::Obj(mut m) = root {
                if let Some(Node::Obj(ps)) = m.shift_remove("paths") {
                    for (k, v) in ps {
                        if paths.insert(k.clone(), v).is_some() {
                            return Err(format!("path `{k}` is defined by two documents"));
                        }
                    }
                }
                if let Some(Node::Obj(cs)) = m.shift_remove("components") {
                    for (kind, section) in cs {
                        let target = components.entry(kind.clone()).or_default();
                        for (name, value) in section.entries() {
                            let prefix = format!("#/components/{kind}/{name}");
                            let name = renames
                                .iter()
                                .find(|(from, _)| *from == prefix)
                                .map(|(_, to)| to.rsplit('/').next().unwrap_or(name).to_owned())
                                .unwrap_or_else(|| name.clone());
                            target.entry(name).or_insert_with(|| value.clone());
                        }
                    }
                }
            }
        }
        let sha256 = hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let mut root = IndexMap::new();
        root.insert("openapi".to_owned(), Node::Str(openapi.clone()));
        let mut info = IndexMap::new();
        info.insert("title".to_owned(), Node::Str(title.clone()));
        info.insert("version".to_owned(), Node::Str(version.clone()));
        root.insert("info".to_owned(), Node::Obj(info));
        root.insert("paths".to_owned(), Node::Obj(paths));
        root.insert(
            "components".to_owned(),
            Node::Obj(
                components
                    .into_iter()
                    .map(|(k, v)| (k, Node::Obj(v)))
                    .collect(),
            ),
        );
        let mut basic = IndexMap::new();
        basic.insert("basicAuth".to_owned(), Node::Arr(Vec::new()));
        root.insert("security".to_owned(), Node::Arr(vec![Node::Obj(basic)]));
        Ok(Spec {
            root: Node::Obj(root),
            title,
            version,
            openapi,
            sha256,
        })
    }

    /// Follows a local `$ref` (`#/components/schemas/X`).
    pub fn resolve_ref(&self, reference: &str) -> Option<&Node> {
        let path = reference.strip_prefix("#/")?;
        let mut node = &self.root;
        for seg in path.split('/') {
            let seg = seg.replace("~1", "/").replace("~0", "~");
            if !node.has(&seg) {
                return None;
            }
            node = node.get(&seg);
        }
        Some(node)
    }
}

/// Rewrites every `$ref` equal to a `from` of `renames` into its `to`.
fn rewrite_refs(node: &mut Node, renames: &[(String, String)]) {
    match node {
        Node::Obj(m) => {
            for (k, v) in m.iter_mut() {
                if k == "$ref"
                    && let Node::Str(r) = v
                    && let Some((_, to)) = renames.iter().find(|(from, _)| from == r)
                {
                    *r = to.clone();
                } else {
                    rewrite_refs(v, renames);
                }
            }
        }
        Node::Arr(a) => a.iter_mut().for_each(|v| rewrite_refs(v, renames)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "openapi: 3.1.0\ninfo: {title: A, version: v1}\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200':\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Item'}\ncomponents:\n  schemas:\n    Item: {type: object, properties: {Id: {type: integer}}}\n    Shared: {type: object, properties: {Name: {type: string}}}\n";
    const B: &str = "openapi: 3.1.0\ninfo: {title: B, version: v1}\npaths:\n  /b:\n    get:\n      operationId: getB\n      responses:\n        '200':\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Item'}\ncomponents:\n  schemas:\n    Item: {type: object, properties: {Sku: {type: string}}}\n    Shared: {type: object, properties: {Name: {type: string}}}\n";

    #[test]
    fn a_duplicate_mapping_key_is_refused() {
        let yaml = "openapi: 3.1.0\ninfo: {title: A, version: v1}\npaths:\n  /a:\n    get: {operationId: one}\n  /a:\n    get: {operationId: two}\n";
        let err = Spec::parse(yaml.as_bytes(), "yaml").unwrap_err();
        assert!(err.contains("duplicate mapping key `/a`"), "{err}");
        let nested = "a:\n  type: string\n  type: integer\n";
        let err = Spec::parse(nested.as_bytes(), "yaml").unwrap_err();
        assert!(err.contains("duplicate mapping key `type`"), "{err}");
        let json = br#"{"info": {"title": "A", "title": "B"}}"#;
        let err = Spec::parse(json, "json").unwrap_err();
        assert!(err.contains("duplicate mapping key `title`"), "{err}");
        // The same key in two different maps is fine.
        Spec::parse(b"a: {type: string}\nb: {type: string}\n", "yaml").unwrap();
    }

    #[test]
    fn yaml_documents_merge_and_clashing_components_are_renamed() {
        let a = Spec::parse(A.as_bytes(), "yaml").unwrap();
        assert_eq!(a.title, "A");
        let b = Spec::parse(B.as_bytes(), "yaml").unwrap();
        let merged = Spec::merge(
            vec![(a, A.as_bytes().to_vec()), (b, B.as_bytes().to_vec())],
            "AB".into(),
            "v1".into(),
            |i| ["First", "Second"][i].to_owned(),
        )
        .unwrap();
        let schemas = merged.root.get("components").get("schemas");
        // Identical definitions are shared; different ones renamed in the later document.
        let names: Vec<&String> = schemas.entries().map(|(k, _)| k).collect();
        assert_eq!(names, ["Item", "Shared", "SecondItem"]);
        let b_ref = merged
            .root
            .get("paths")
            .get("/b")
            .get("get")
            .get("responses")
            .get("200");
        let schema = b_ref.get("content").get("application/json").get("schema");
        assert_eq!(
            schema.get("$ref").as_str(),
            Some("#/components/schemas/SecondItem")
        );
        // The checksum covers both inputs, in order.
        let mut h = Sha256::new();
        h.update(A.as_bytes());
        h.update(B.as_bytes());
        let expected: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(merged.sha256, expected);
    }

    #[test]
    fn two_documents_defining_one_path_are_refused() {
        let a = Spec::parse(A.as_bytes(), "yaml").unwrap();
        let a2 = Spec::parse(A.as_bytes(), "yaml").unwrap();
        let err = Spec::merge(
            vec![(a, Vec::new()), (a2, Vec::new())],
            "AA".into(),
            "v1".into(),
            |_| "X".into(),
        )
        .unwrap_err();
        assert!(err.contains("/a"), "{err}");
    }
}
