//! Property tests of wire decoders with mutated payloads (feature `test-util`).
//!
//! One mutation engine shared by the fuzz tests of every API crate:
//!
//! - [`Target`]: a type-erased decoder under test, built with
//!   [`fuzz_targets!`](crate::fuzz_targets). Its check decodes bytes through
//!   [`crate::client::decode`] and asserts the outcome is either `Ok` or
//!   [`Error::Decode`] with a non-empty path, that a decoded value survives
//!   encode → decode → encode unchanged, and that nothing panics.
//! - [`Mutation`] and [`mutate`]: type swaps, `null`, extreme and
//!   non-finite numbers, deep nesting, long strings, invalid UTF-8 inside
//!   strings, truncation at every kind of boundary, dropped, extra and
//!   duplicated keys, applied to a seed's JSON tree and then to its bytes.
//! - [`Corpus`]: the targets of a crate with realistic seeds, harvested from
//!   JSON fixtures ([`Pool`]) and completed from the field names of the model
//!   sources ([`scan_models`]).
//! - [`config`]: a proptest configuration whose case count
//!   `PROPTEST_CASES` overrides, for long soaks.
//!
//! ```
//! use affiliate_common::fuzz::{self, proptest::prelude::*};
//!
//! #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
//! struct Thing {
//!     id: Option<String>,
//! }
//!
//! let targets = affiliate_common::fuzz_targets![eq: [Thing]];
//! let named = [("Thing".to_owned(), serde_json::json!({"id": "t_1"}))].into();
//! let corpus = fuzz::Corpus::build(targets, &[], &fuzz::Pool::default(), &named);
//! // One mutation by hand: the first node becomes `null`...
//! let bytes = fuzz::mutate(&corpus.seeds[0][0], &[fuzz::Mutation::new(fuzz::Op::Null, 0, 0)]);
//! corpus.targets[0].check(&bytes).unwrap();
//! // ...and as a property over random mutations.
//! proptest!(fuzz::config(64), |(muts in fuzz::mutations())| {
//!     let bytes = fuzz::mutate(&corpus.seeds[0][0], &muts);
//!     prop_assert!(corpus.targets[0].check(&bytes).is_ok());
//! });
//! ```

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::{self, Debug};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use http::{HeaderMap, HeaderValue, StatusCode};
use proptest::prelude::*;
use proptest::test_runner::Config as ProptestConfig;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::error::Error;
use crate::rate_limit::RateLimitInfo;
use crate::response::ResponseMeta;

/// The proptest crate, so API crates need no dependency of their own.
pub use proptest;

/// A `200 OK` response with `Content-Type: application/json`, for
/// [`crate::client::decode`].
pub fn meta() -> ResponseMeta {
    let mut headers = HeaderMap::new();
    headers.insert(
        http::header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    ResponseMeta {
        status: StatusCode::OK,
        headers,
        request_id: None,
        rate_limit: RateLimitInfo::default(),
        attempts: 1,
    }
}

/// A proptest configuration with `default_cases` cases, unless the
/// `PROPTEST_CASES` environment variable sets the count (a soak:
/// `PROPTEST_CASES=200000 cargo test --release -p dub --test fuzz_models`).
/// Failures are not persisted to files.
pub fn config(default_cases: u32) -> ProptestConfig {
    let mut c = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        c.cases = default_cases;
    }
    c.failure_persistence = None;
    c
}

/// The kinds of mutation. Tree mutations change one node of the seed's
/// JSON tree; byte mutations change the encoded bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Op {
    /// The node becomes `null`.
    Null,
    /// The node becomes another JSON type (string, number, boolean,
    /// object, array), converting its content where it can.
    SwapType,
    /// The node becomes an extreme number written as raw JSON text
    /// (`i64::MIN`, `u64::MAX`, `1e308`, `1e400`, `-0`, 30 digits, ...).
    ExtremeNumber,
    /// The node becomes a string that looks like a number to some parsers
    /// (`"NaN"`, `"Infinity"`, `"-0"`, `"1e999"`, `" 12 "`, ...).
    NumberLikeString,
    /// The node becomes arrays or objects nested 1 to 100,000 deep,
    /// around serde_json's recursion limit of 128 and far beyond it.
    DeepNesting,
    /// The node becomes a long string (up to 1 MiB).
    LongString,
    /// The node becomes a string with unusual escapes (lone surrogates,
    /// NUL, non-characters).
    OddEscapes,
    /// The node becomes a string holding invalid UTF-8 bytes.
    InvalidUtf8,
    /// A key of an object is removed.
    DropKey,
    /// An object gains a key (empty, long, NUL, invalid UTF-8, ...).
    ExtraKey,
    /// An object repeats one of its keys with another value.
    DuplicateKey,
    /// The node is wrapped in an array or an object, or unwrapped from one.
    Wrap,
    /// The node is replaced by its own JSON text as a string.
    Stringify,
    /// The node becomes a small pseudo-random JSON value.
    Random,
    /// The bytes are cut at a chosen kind of boundary (after a bracket,
    /// colon or comma, inside a string or number, inside a UTF-8 sequence).
    Truncate,
    /// A byte is inserted (`0xff`, NUL, a quote, a brace, ...).
    InsertByte,
    /// A bit of one byte is flipped.
    FlipBit,
    /// Bytes are appended after the document.
    TrailingBytes,
    /// Bytes are put before the document (a BOM, `<`, NUL, spaces).
    LeadingBytes,
}

impl Op {
    /// Every kind of mutation.
    pub const ALL: &'static [Op] = &[
        Op::Null,
        Op::SwapType,
        Op::ExtremeNumber,
        Op::NumberLikeString,
        Op::DeepNesting,
        Op::LongString,
        Op::OddEscapes,
        Op::InvalidUtf8,
        Op::DropKey,
        Op::ExtraKey,
        Op::DuplicateKey,
        Op::Wrap,
        Op::Stringify,
        Op::Random,
        Op::Truncate,
        Op::InsertByte,
        Op::FlipBit,
        Op::TrailingBytes,
        Op::LeadingBytes,
    ];

    fn is_byte_op(self) -> bool {
        matches!(
            self,
            Op::Truncate | Op::InsertByte | Op::FlipBit | Op::TrailingBytes | Op::LeadingBytes
        )
    }
}

/// One mutation: what to do, where (`at`, reduced modulo the number of
/// candidate nodes or byte positions) and with which variant (`pick`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Mutation {
    /// What to do.
    pub op: Op,
    /// Where: a node index or byte position, taken modulo their count.
    pub at: u64,
    /// Which variant of the operation (which number, depth, length, ...).
    pub pick: u64,
}

impl Mutation {
    /// A mutation.
    pub fn new(op: Op, at: u64, pick: u64) -> Self {
        Mutation { op, at, pick }
    }
}

/// A strategy producing one [`Mutation`].
pub fn mutation() -> impl Strategy<Value = Mutation> {
    (
        proptest::sample::select(Op::ALL),
        any::<u64>(),
        any::<u64>(),
    )
        .prop_map(|(op, at, pick)| Mutation { op, at, pick })
}

/// A strategy producing one to three mutations.
pub fn mutations() -> impl Strategy<Value = Vec<Mutation>> {
    proptest::collection::vec(mutation(), 1..=3)
}

/// Raw JSON number texts, some beyond what `f64` or `i64` can hold.
const EXTREME_NUMBERS: &[&str] = &[
    "-9223372036854775808",
    "9223372036854775807",
    "18446744073709551615",
    "18446744073709551616",
    "-9223372036854775809",
    "1e308",
    "-1e308",
    "1e400",
    "-1e400",
    "1e-400",
    "4.9e-324",
    "-0",
    "-0.0",
    "0.1",
    "1.5",
    "-1",
    "0",
    "1E2",
    "123456789012345678901234567890",
    "9007199254740993",
    "1700000000000",
    "99999999999999999999e999",
    "2147483648",
    "1.7976931348623157e308",
];

/// Strings some parsers read as numbers, booleans or nothing.
const NUMBER_LIKE_STRINGS: &[&str] = &[
    "NaN",
    "nan",
    "Infinity",
    "-Infinity",
    "inf",
    "-inf",
    "-0",
    "1e999",
    "1e400",
    "-1e400",
    " 12 ",
    "0x1F",
    "1_000",
    "\u{661}\u{662}",
    "true",
    "null",
    "",
    " ",
    "18446744073709551616",
    "-9223372036854775808",
    "9223372036854775807",
    "-9223372036854775809",
    "9.0e15",
    "1.5",
    "+1",
    "1,000",
    "1700000000000",
    "Wed, 21 Oct 2015 07:28:00 GMT",
];

/// Raw JSON string literals with unusual escapes.
const ODD_ESCAPES: &[&str] = &[
    r#""\ud800""#,
    r#""\udc00\ud800""#,
    r#""\u0000""#,
    r#""\uffff\ufffe""#,
    r#""\ud83d\ude00""#,
    r#""a\/b\\c\"d""#,
    r#""\u00""#,
    r#""\x41""#,
    "\"tab\there\"",
    "\"line\nbreak\"",
];

/// Raw JSON strings with invalid UTF-8.
const INVALID_UTF8: &[&[u8]] = &[
    b"\"a\xffb\"",
    b"\"\xc3\"",
    b"\"\xed\xa0\x80\"",
    b"\"\xf4\x90\x80\x80\"",
    b"\"\xc0\x80\"",
    b"\"\xfe\xfe\xff\xff\"",
    b"\"\xe2\x82\"",
    b"\"ok\x80\"",
];

const DEPTHS: &[usize] = &[1, 2, 16, 126, 127, 128, 129, 200, 4096, 100_000];
const LENGTHS: &[usize] = &[0, 1, 255, 4096, 65_536, 1 << 20];
const LONG_UNITS: &[&str] = &["a", "\u{e9}", "\u{10ffff}", "\"\\", "\u{0}", "\u{202e}"];
const EXTRA_KEYS: &[&str] = &[
    "extra",
    "",
    "__proto__",
    "a\u{0}b",
    "\u{feff}id",
    "id ",
    "ID",
    "constructor",
];
const INSERTED_BYTES: &[u8] = &[0xff, 0x00, 0x80, b'"', b'\\', b'{', b'}', b',', b'\n', 0xc3];
const TRAILING: &[&[u8]] = &[b" x", b"}", b"\0", b" {}", b"\n\n", b"]", b",", b"\xff"];
const LEADING: &[&[u8]] = &[b"\xef\xbb\xbf", b"<", b"\0", b" \n\t", b"\xff", b"[", b"//"];

#[derive(Debug, Clone)]
enum Seg {
    Key(String),
    Idx(usize),
}

fn paths(v: &Value, prefix: &mut Vec<Seg>, out: &mut Vec<(Vec<Seg>, bool)>) {
    out.push((prefix.clone(), v.is_object()));
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                prefix.push(Seg::Key(k.clone()));
                paths(child, prefix, out);
                prefix.pop();
            }
        }
        Value::Array(a) => {
            for (i, child) in a.iter().enumerate() {
                prefix.push(Seg::Idx(i));
                paths(child, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

fn node_mut<'a>(mut v: &'a mut Value, path: &[Seg]) -> Option<&'a mut Value> {
    for seg in path {
        v = match (seg, v) {
            (Seg::Key(k), Value::Object(m)) => m.get_mut(k)?,
            (Seg::Idx(i), Value::Array(a)) => a.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(v)
}

fn pick<T: Copy>(items: &[T], n: u64) -> T {
    items[(n % items.len() as u64) as usize]
}

/// Raw byte sequences that replace marker strings when the tree is encoded.
#[derive(Default)]
struct Splices(Vec<Vec<u8>>);

impl Splices {
    fn marker(&mut self, raw: Vec<u8>) -> Value {
        self.0.push(raw);
        Value::String(format!("\u{0}fz{}\u{0}", self.0.len() - 1))
    }

    fn render(&self, v: &Value) -> Vec<u8> {
        let mut out = serde_json::to_vec(v).unwrap_or_default();
        for (i, raw) in self.0.iter().enumerate() {
            let needle = format!("\"\\u0000fz{i}\\u0000\"");
            if let Some(pos) = find(&out, needle.as_bytes()) {
                out.splice(pos..pos + needle.len(), raw.iter().copied());
            }
        }
        out
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// A small deterministic pseudo-random JSON value.
fn random_value(rng: &mut fastrand::Rng, depth: u32) -> Value {
    match rng.u8(0..if depth == 0 { 5 } else { 7 }) {
        0 => Value::Null,
        1 => Value::Bool(rng.bool()),
        2 => Value::from(rng.i64(..)),
        3 => serde_json::Number::from_f64(rng.f64() * 1e6 - 5e5)
            .map(Value::Number)
            .unwrap_or(Value::Null),
        4 => Value::String(
            (0..rng.usize(0..8))
                .map(|_| rng.char(..))
                .collect::<String>(),
        ),
        5 => Value::Array(
            (0..rng.usize(0..4))
                .map(|_| random_value(rng, depth - 1))
                .collect(),
        ),
        _ => Value::Object(
            (0..rng.usize(0..4))
                .map(|i| (format!("k{i}"), random_value(rng, depth - 1)))
                .collect(),
        ),
    }
}

fn swap_type(v: &Value, to: u64) -> Value {
    let text = match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    match to % 5 {
        0 => Value::String(text),
        1 => match v {
            Value::Bool(b) => Value::from(u8::from(*b)),
            Value::String(s) => s
                .trim()
                .parse::<i64>()
                .map(Value::from)
                .unwrap_or_else(|_| Value::from(s.len())),
            Value::Number(_) => Value::from(-1),
            _ => Value::from(0),
        },
        2 => Value::Bool(!matches!(v, Value::Bool(true))),
        3 => match v {
            Value::Array(a) => Value::Object(
                a.iter()
                    .enumerate()
                    .map(|(i, x)| (i.to_string(), x.clone()))
                    .collect(),
            ),
            Value::Object(_) => Value::Object(Map::new()),
            other => Value::Object([("value".to_owned(), other.clone())].into_iter().collect()),
        },
        _ => match v {
            Value::Object(m) => Value::Array(m.values().cloned().collect()),
            Value::Array(_) => Value::Array(Vec::new()),
            other => Value::Array(vec![other.clone()]),
        },
    }
}

fn deep(depth: usize, kind: u64) -> Vec<u8> {
    let mut out = Vec::with_capacity(depth * 6 + 4);
    match kind % 3 {
        0 => {
            out.resize(depth, b'[');
            out.resize(depth * 2, b']');
        }
        1 => {
            for _ in 0..depth {
                out.extend_from_slice(br#"{"a":"#);
            }
            out.extend_from_slice(b"null");
            out.resize(out.len() + depth, b'}');
        }
        _ => {
            for _ in 0..depth {
                out.extend_from_slice(br#"[{"a":"#);
            }
            out.extend_from_slice(b"1");
            for _ in 0..depth {
                out.extend_from_slice(b"}]");
            }
        }
    }
    out
}

fn tree_op(root: &mut Value, m: Mutation, splices: &mut Splices) {
    let mut all = Vec::new();
    paths(root, &mut Vec::new(), &mut all);
    let objects: Vec<&Vec<Seg>> = all.iter().filter(|(_, obj)| *obj).map(|(p, _)| p).collect();
    let path = all[(m.at % all.len() as u64) as usize].0.clone();
    let object_path = if objects.is_empty() {
        None
    } else {
        Some(objects[(m.at % objects.len() as u64) as usize].clone())
    };
    let Some(node) = node_mut(root, &path) else {
        return;
    };
    match m.op {
        Op::Null => *node = Value::Null,
        Op::SwapType => *node = swap_type(node, m.pick),
        Op::ExtremeNumber => {
            *node = splices.marker(pick(EXTREME_NUMBERS, m.pick).as_bytes().to_vec())
        }
        Op::NumberLikeString => *node = Value::String(pick(NUMBER_LIKE_STRINGS, m.pick).into()),
        Op::DeepNesting => *node = splices.marker(deep(pick(DEPTHS, m.pick), m.pick / 16)),
        Op::LongString => {
            let len = pick(LENGTHS, m.pick);
            let unit = pick(LONG_UNITS, m.pick / 8);
            *node = Value::String(unit.repeat(len / unit.len().max(1)));
        }
        Op::OddEscapes => {
            *node = splices.marker(pick(ODD_ESCAPES, m.pick).as_bytes().to_vec());
        }
        Op::InvalidUtf8 => *node = splices.marker(pick(INVALID_UTF8, m.pick).to_vec()),
        Op::Wrap => {
            *node = match (m.pick % 3, node.take()) {
                (0, v) => Value::Array(vec![v]),
                (1, v) => Value::Object([("data".to_owned(), v)].into_iter().collect()),
                (_, Value::Array(mut a)) if !a.is_empty() => a.swap_remove(0),
                (_, Value::Object(o)) if !o.is_empty() => {
                    o.into_iter().next().map(|(_, v)| v).unwrap_or_default()
                }
                (_, v) => Value::Array(vec![v]),
            }
        }
        Op::Stringify => *node = Value::String(node.to_string()),
        Op::Random => {
            let mut rng = fastrand::Rng::with_seed(m.pick);
            *node = random_value(&mut rng, 3);
        }
        Op::DropKey | Op::ExtraKey | Op::DuplicateKey => {
            let Some(op) = object_path else {
                *node = swap_type(node, m.pick);
                return;
            };
            let Some(Value::Object(obj)) = node_mut(root, &op) else {
                return;
            };
            match m.op {
                Op::DropKey => {
                    if !obj.is_empty() {
                        let k = obj
                            .keys()
                            .nth((m.pick % obj.len() as u64) as usize)
                            .cloned();
                        if let Some(k) = k {
                            obj.remove(&k);
                        }
                    }
                }
                Op::ExtraKey => {
                    let mut rng = fastrand::Rng::with_seed(m.pick);
                    let value = random_value(&mut rng, 2);
                    match m.pick % 10 {
                        8 => {
                            let key = splices.marker(b"\"k\xffey\"".to_vec());
                            if let Value::String(k) = key {
                                obj.insert(k, value);
                            }
                        }
                        9 => {
                            obj.insert("k".repeat(70_000), value);
                        }
                        n => {
                            obj.insert(pick(EXTRA_KEYS, n).to_owned(), value);
                        }
                    }
                }
                _ => {
                    if let Some(k) = obj.keys().nth((m.pick % obj.len().max(1) as u64) as usize) {
                        let k = k.clone();
                        let mut text =
                            serde_json::to_vec(&Value::Object(obj.clone())).unwrap_or_default();
                        // `{...}` becomes `{...,"k":null}` (or `{"k":null}` when empty).
                        text.pop();
                        let key = serde_json::to_string(&k).unwrap_or_default();
                        text.extend_from_slice(format!(",{key}:null}}").as_bytes());
                        let m2 = splices.marker(text);
                        if let Some(n) = node_mut(root, &op) {
                            *n = m2;
                        }
                    }
                }
            }
        }
        _ => {}
    }
}

fn boundary_positions(bytes: &[u8], kind: u64) -> Vec<usize> {
    let mut in_string = false;
    let mut escaped = false;
    let mut out = Vec::new();
    for (i, &b) in bytes.iter().enumerate() {
        let hit = match kind % 7 {
            0 => !in_string && matches!(b, b'{' | b'['),
            1 => !in_string && b == b':',
            2 => !in_string && b == b',',
            3 => in_string,
            4 => !in_string && (b.is_ascii_digit() || b == b'-' || b == b'.'),
            5 => (0x80..0xc0).contains(&b),
            _ => !in_string && matches!(b, b'}' | b']' | b'"'),
        };
        if hit {
            out.push(i + 1);
        }
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
        } else if b == b'"' {
            in_string = true;
        }
    }
    out
}

fn byte_op(bytes: &mut Vec<u8>, m: Mutation) {
    let len = bytes.len();
    match m.op {
        Op::Truncate => {
            let candidates = boundary_positions(bytes, m.pick);
            let cut = if candidates.is_empty() {
                (m.at % (len as u64 + 1)) as usize
            } else {
                candidates[(m.at % candidates.len() as u64) as usize]
            };
            bytes.truncate(cut.min(len));
        }
        Op::InsertByte => {
            let pos = (m.at % (len as u64 + 1)) as usize;
            bytes.insert(pos, pick(INSERTED_BYTES, m.pick));
        }
        Op::FlipBit if len > 0 => {
            let pos = (m.at % len as u64) as usize;
            bytes[pos] ^= 1 << (m.pick % 8);
        }
        Op::TrailingBytes => bytes.extend_from_slice(pick(TRAILING, m.pick)),
        Op::LeadingBytes => {
            let lead = pick(LEADING, m.pick);
            bytes.splice(0..0, lead.iter().copied());
        }
        _ => {}
    }
}

/// Applies `muts` to `seed`: the tree mutations in order on the JSON tree,
/// then the byte mutations in order on the encoded bytes.
pub fn mutate(seed: &Value, muts: &[Mutation]) -> Vec<u8> {
    let mut tree = seed.clone();
    let mut splices = Splices::default();
    for m in muts.iter().filter(|m| !m.op.is_byte_op()) {
        tree_op(&mut tree, *m, &mut splices);
    }
    let mut bytes = splices.render(&tree);
    for m in muts.iter().filter(|m| m.op.is_byte_op()) {
        byte_op(&mut bytes, *m);
    }
    bytes
}

/// The deterministic mutations [`Corpus::sweep`] applies to every seed:
/// `variants` of each [`Op`].
pub fn sweep_mutations(variants: u64) -> Vec<Mutation> {
    let mut out = Vec::new();
    for (i, op) in Op::ALL.iter().enumerate() {
        for j in 0..variants {
            out.push(Mutation::new(
                *op,
                j * 131 + i as u64 * 17,
                j * 5 + i as u64,
            ));
        }
    }
    out
}

/// Reads a panic payload as text.
pub fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "non-string panic payload".to_owned())
}

/// Runs `f`, turning a panic into `Err("panicked: ...")`.
pub fn no_panic<R>(f: impl FnOnce() -> Result<R, String>) -> Result<R, String> {
    catch_unwind(AssertUnwindSafe(f))
        .unwrap_or_else(|p| Err(format!("panicked: {}", panic_message(&*p))))
}

/// A short, printable excerpt of a payload for failure messages.
pub fn excerpt(bytes: &[u8]) -> String {
    let cut = bytes.len().min(300);
    let mut s = String::from_utf8_lossy(&bytes[..cut]).into_owned();
    if cut < bytes.len() {
        s.push_str(&format!("... ({} bytes)", bytes.len()));
    }
    s
}

/// Decodes through [`crate::client::decode`]: `Ok(Some)` on success,
/// `Ok(None)` on an [`Error::Decode`] with a non-empty path, `Err` for any
/// other outcome, and for a success on a body that is not exactly one JSON
/// document.
fn decode_checked<T: DeserializeOwned>(bytes: &[u8]) -> Result<Option<T>, String> {
    match crate::client::decode::<T>(bytes, &meta()) {
        Ok(_) if serde_json::from_slice::<serde::de::IgnoredAny>(bytes).is_err() => {
            Err("decoded a body that is not exactly one JSON document".to_owned())
        }
        Ok(v) => Ok(Some(v)),
        Err(Error::Decode(d)) => {
            // Display and Debug must not panic either.
            let _ = format!("{d} {d:?}");
            if d.path.is_empty() {
                Err(format!("decode error with an empty path: {d}"))
            } else {
                Ok(None)
            }
        }
        Err(other) => Err(format!("not a decode error: {other:?}")),
    }
}

/// The path of a decode failure, `Ok` when `bytes` decode.
fn probe<T: DeserializeOwned>(bytes: &[u8]) -> Result<(), String> {
    match crate::client::decode::<T>(bytes, &meta()) {
        Ok(_) => Ok(()),
        Err(Error::Decode(d)) => Err(d.path.clone()),
        Err(other) => Err(format!("{other}")),
    }
}

fn round_trip<T: DeserializeOwned + Serialize>(v1: &T) -> Result<(Value, T, Value), String> {
    let j1 = serde_json::to_value(v1).map_err(|e| format!("decoded value does not encode: {e}"))?;
    let text = serde_json::to_vec(&j1).map_err(|e| format!("encoded value is not JSON: {e}"))?;
    let v2: T = serde_json::from_slice(&text).map_err(|e| {
        let path = probe::<T>(&text).err().unwrap_or_default();
        format!(
            "re-encoded value does not decode at `{path}`: {e}; re-encoded: {}",
            excerpt(&text)
        )
    })?;
    let j2 = serde_json::to_value(&v2).map_err(|e| format!("second encode failed: {e}"))?;
    if j1 != j2 {
        return Err(format!(
            "encode -> decode -> encode changed the value:\n first: {}\nsecond: {}",
            excerpt(j1.to_string().as_bytes()),
            excerpt(j2.to_string().as_bytes())
        ));
    }
    Ok((j1, v2, j2))
}

fn check_de<T: DeserializeOwned>(bytes: &[u8]) -> Result<(), String> {
    decode_checked::<T>(bytes).map(drop)
}

fn check_ser<T: DeserializeOwned + Serialize>(bytes: &[u8]) -> Result<(), String> {
    if let Some(v) = decode_checked::<T>(bytes)? {
        round_trip(&v)?;
    }
    Ok(())
}

fn check_eq<T: DeserializeOwned + Serialize + PartialEq + Debug>(
    bytes: &[u8],
) -> Result<(), String> {
    if let Some(v) = decode_checked::<T>(bytes)? {
        let (_, v2, _) = round_trip(&v)?;
        if v != v2 {
            return Err(format!(
                "decoded values differ after a round trip:\n first: {v:?}\nsecond: {v2:?}"
            ));
        }
    }
    Ok(())
}

/// How much of the round trip a [`Target`] checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Level {
    /// Decode only (the type is not `Serialize`).
    Decode,
    /// Decode, and encode → decode → encode gives the same JSON.
    RoundTrip,
    /// As `RoundTrip`, and the two decoded values are equal.
    RoundTripEq,
}

/// A type-erased decoder under test.
#[derive(Clone)]
pub struct Target {
    /// The type as written in the target list (`Envelope<Partnership>`,
    /// `brand::Campaign`).
    pub name: &'static str,
    /// How much of the round trip is checked.
    pub level: Level,
    check: fn(&[u8]) -> Result<(), String>,
    probe: fn(&[u8]) -> Result<(), String>,
}

impl Debug for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Target({})", self.name)
    }
}

impl Target {
    /// A target for a type that is `Deserialize` only.
    pub fn de<T: DeserializeOwned>(name: &'static str) -> Self {
        Target {
            name,
            level: Level::Decode,
            check: check_de::<T>,
            probe: probe::<T>,
        }
    }

    /// A target for a `Serialize + Deserialize` type without `PartialEq`.
    pub fn ser<T: DeserializeOwned + Serialize>(name: &'static str) -> Self {
        Target {
            name,
            level: Level::RoundTrip,
            check: check_ser::<T>,
            probe: probe::<T>,
        }
    }

    /// A target for a `Serialize + Deserialize + PartialEq` type.
    pub fn eq<T: DeserializeOwned + Serialize + PartialEq + Debug>(name: &'static str) -> Self {
        Target {
            name,
            level: Level::RoundTripEq,
            check: check_eq::<T>,
            probe: probe::<T>,
        }
    }

    /// The name without generic arguments or spaces: `Envelope`,
    /// `brand::Campaign`.
    pub fn base_name(&self) -> String {
        let no_space: String = self.name.chars().filter(|c| !c.is_whitespace()).collect();
        no_space.split('<').next().unwrap_or_default().to_owned()
    }

    /// Decodes `bytes` and checks every property; the error says what broke.
    ///
    /// # Errors
    /// A description of the broken property (including panics).
    pub fn check(&self, bytes: &[u8]) -> Result<(), String> {
        no_panic(|| (self.check)(bytes))
            .map_err(|e| format!("{}: {e}\n input: {}", self.name, excerpt(bytes)))
    }

    /// `Ok` when `bytes` decode as this type; otherwise the JSON path of
    /// the failure.
    ///
    /// # Errors
    /// The decode error's path (or a panic message).
    pub fn probe(&self, bytes: &[u8]) -> Result<(), String> {
        no_panic(|| (self.probe)(bytes))
    }
}

/// Builds a `Vec<`[`Target`]`>` from lists of types by what they implement:
///
/// ```
/// # #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)] struct A;
/// # #[derive(serde::Serialize, serde::Deserialize)] struct B;
/// # #[derive(serde::Deserialize)] struct C;
/// let targets = affiliate_common::fuzz_targets![
///     eq: [A],   // Serialize + Deserialize + PartialEq + Debug
///     ser: [B],  // Serialize + Deserialize
///     de: [C],   // Deserialize only
/// ];
/// assert_eq!(targets.len(), 3);
/// ```
#[macro_export]
macro_rules! fuzz_targets {
    ($($kind:ident : [ $($ty:ty),* $(,)? ]),* $(,)?) => {{
        let targets: ::std::vec::Vec<$crate::fuzz::Target> = ::std::vec![
            $( $( $crate::fuzz::Target::$kind::<$ty>(stringify!($ty)), )* )*
        ];
        targets
    }};
}

/// JSON values harvested from fixture files, for seeds.
#[derive(Debug, Default, Clone)]
pub struct Pool {
    /// Every distinct object found at any depth.
    pub objects: Vec<Map<String, Value>>,
    /// Up to a few distinct values seen under each key.
    pub values: HashMap<String, Vec<Value>>,
}

const VALUES_PER_KEY: usize = 4;

impl Pool {
    /// Harvests every `.json` file under `dirs` (recursively).
    ///
    /// # Panics
    /// When a file is not JSON.
    pub fn from_dirs(dirs: &[PathBuf]) -> Self {
        let mut pool = Pool::default();
        let mut files = Vec::new();
        for d in dirs {
            json_files(d, &mut files);
        }
        files.sort();
        for f in files {
            let text = std::fs::read(&f).unwrap_or_default();
            let v: Value = serde_json::from_slice(&text)
                .unwrap_or_else(|e| panic!("{} is not JSON: {e}", f.display()));
            pool.add(&v);
        }
        pool
    }

    /// Adds a value and everything inside it.
    pub fn add(&mut self, v: &Value) {
        let mut seen: BTreeSet<String> = self.objects.iter().map(canon).collect();
        self.add_inner(v, &mut seen);
    }

    fn add_inner(&mut self, v: &Value, seen: &mut BTreeSet<String>) {
        match v {
            Value::Object(m) => {
                if seen.insert(canon(m)) {
                    self.objects.push(m.clone());
                }
                for (k, child) in m {
                    let slot = self.values.entry(k.clone()).or_default();
                    if slot.len() < VALUES_PER_KEY && !slot.contains(child) {
                        slot.push(child.clone());
                    }
                    self.add_inner(child, seen);
                }
            }
            Value::Array(a) => {
                for child in a {
                    self.add_inner(child, seen);
                }
            }
            _ => {}
        }
    }
}

fn canon(m: &Map<String, Value>) -> String {
    serde_json::to_string(m).unwrap_or_default()
}

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            json_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "json") {
            out.push(p);
        }
    }
}

/// A public type found in the model sources by [`scan_models`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Model {
    /// `scope::Name` when scanned with a scope, else `Name`.
    pub name: String,
    /// The file it is declared in.
    pub file: PathBuf,
    /// The wire names of its fields (structs), flattened fields excluded.
    pub keys: Vec<String>,
    /// Its wire values (`open_enum!` enums), aliases included.
    pub values: Vec<String>,
}

/// The `.rs` files directly in `dir`, sorted.
pub fn rust_files(dir: impl AsRef<Path>) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir.as_ref())
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "rs"))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

fn quoted(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(start) = rest.find('"') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('"') else { break };
        out.push(after[..end].to_owned());
        rest = &after[end + 1..];
    }
    out
}

fn attr_value(attrs: &str, name: &str) -> Option<String> {
    let mut rest = attrs;
    while let Some(pos) = rest.find(name) {
        let before_ok = pos == 0
            || !rest.as_bytes()[pos - 1].is_ascii_alphanumeric()
                && rest.as_bytes()[pos - 1] != b'_';
        let after = rest[pos + name.len()..].trim_start();
        if before_ok && after.starts_with('=') {
            return quoted(after).into_iter().next();
        }
        rest = &rest[pos + name.len()..];
    }
    None
}

/// The wire name serde gives field `ident` under a container's
/// `rename_all` rule (`camelCase`, `PascalCase`; others keep the name).
fn rename_all(rule: Option<String>, ident: &str) -> String {
    let pascal = || {
        let mut out = String::new();
        let mut upper = true;
        for c in ident.chars() {
            if c == '_' {
                upper = true;
            } else if upper {
                out.push(c.to_ascii_uppercase());
                upper = false;
            } else {
                out.push(c);
            }
        }
        out
    };
    match rule.as_deref() {
        Some("PascalCase") => pascal(),
        Some("camelCase") => {
            let p = pascal();
            let mut chars = p.chars();
            chars
                .next()
                .map(|c| c.to_ascii_lowercase().to_string() + chars.as_str())
                .unwrap_or_default()
        }
        _ => ident.to_owned(),
    }
}

fn ident_at_start(s: &str) -> Option<(&str, &str)> {
    let s = s.strip_prefix("r#").unwrap_or(s);
    let end = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    (end > 0 && !s.as_bytes()[0].is_ascii_digit()).then(|| (&s[..end], &s[end..]))
}

/// Scans Rust sources for the public structs and enums that implement
/// `Deserialize`: a `#[derive(..Deserialize..)]` on the item, a manual
/// `impl Deserialize<'de> for Name`, or a declaration inside one of
/// `macros` (macro names without `!`, such as `open_enum`, whose expansion
/// derives or implements `Deserialize`). Names are prefixed with
/// `scope::` when `scope` is not empty.
///
/// # Panics
/// When a file cannot be read.
pub fn scan_models(scope: &str, files: &[PathBuf], macros: &[&str]) -> Vec<Model> {
    let mut out = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(f)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", f.display()));
        for (name, keys, values) in scan_source(&text, macros) {
            out.push(Model {
                name: if scope.is_empty() {
                    name
                } else {
                    format!("{scope}::{name}")
                },
                file: f.clone(),
                keys,
                values,
            });
        }
    }
    out
}

type Scanned = (String, Vec<String>, Vec<String>);

/// The scanner behind [`scan_models`], on one source text.
fn scan_source(text: &str, macros: &[&str]) -> Vec<Scanned> {
    let lines: Vec<&str> = text.lines().collect();
    let manual: BTreeSet<String> = lines
        .iter()
        .filter(|l| l.trim_start().starts_with("impl"))
        .filter_map(|l| {
            // The trait, not a bound: `impl<'de, T: Deserialize<'de>> Deserialize<'de> for X<T>`.
            l.match_indices("Deserialize<'de>").find_map(|(pos, m)| {
                let rest = l[pos + m.len()..].trim_start().strip_prefix("for ")?;
                ident_at_start(rest.trim_start()).map(|(n, _)| n.to_owned())
            })
        })
        .collect();
    let mut out = Vec::new();
    // The macro invocation the next `pub struct`/`pub enum` belongs to.
    let mut in_macro: Option<String> = None;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let t = line.trim_start();
        if !t.starts_with("//") {
            for m in macros {
                if let Some(pos) = t.find(&format!("{m}!")) {
                    let before = &t[..pos];
                    let boundary = before.is_empty() || before.ends_with("::");
                    if boundary && !t.starts_with("macro_rules!") && t.trim_end().ends_with('{') {
                        in_macro = Some((*m).to_owned());
                    }
                }
            }
        }
        let decl = t
            .strip_prefix("pub struct ")
            .map(|r| (r, true))
            .or_else(|| t.strip_prefix("pub enum ").map(|r| (r, false)));
        let Some((rest, is_struct)) = decl else {
            i += 1;
            continue;
        };
        let Some((name, after)) = ident_at_start(rest) else {
            i += 1;
            continue;
        };
        let from_macro = in_macro.take();
        // The container's attributes (for `rename_all`).
        let mut container = String::new();
        let derived = {
            let mut j = i;
            let mut attrs = String::new();
            while j > 0 {
                j -= 1;
                let p = lines[j].trim();
                let comment = p.starts_with("//");
                if p.is_empty()
                    || (!comment
                        && !p.starts_with("#[")
                        && (p.ends_with('}') || p.ends_with(';') || p.ends_with('{')))
                {
                    break;
                }
                if !comment {
                    attrs.insert_str(0, p);
                }
            }
            container.clone_from(&attrs);
            attrs.contains("derive(") && attrs.contains("Deserialize")
        };
        if !(derived || from_macro.is_some() || manual.contains(name)) {
            i += 1;
            continue;
        }
        let mut keys = Vec::new();
        let mut values = Vec::new();
        // A hand-written `Deserialize` does not read the fields by name.
        let by_fields = derived || from_macro.is_some();
        if is_struct && after.trim_start().starts_with("keyed") {
            keys.extend(["key", "created_at", "updated_at"].map(str::to_owned));
        }
        // The body, when it has braces on the declaration line.
        let mut depth = 0i32;
        let mut attrs = String::new();
        let mut j = i;
        let opens = line.contains('{');
        while opens && j < lines.len() {
            let l = lines[j];
            let lt = l.trim();
            if j > i && depth >= 1 && !lt.starts_with("//") {
                if is_struct && by_fields {
                    let field = lt.strip_prefix("pub ").unwrap_or(lt);
                    match ident_at_start(field) {
                        Some((ident, tail))
                            if tail.trim_start().starts_with(':')
                                && !tail.trim_start().starts_with("::")
                                && !lt.starts_with('#') =>
                        {
                            let skip = attrs.contains("flatten")
                                || attrs.contains("skip_deserializing")
                                || attrs.contains("skip)")
                                || attrs.contains("skip,");
                            if !skip {
                                let ident = ident.strip_prefix("r#").unwrap_or(ident);
                                keys.push(attr_value(&attrs, "rename").unwrap_or_else(|| {
                                    rename_all(attr_value(&container, "rename_all"), ident)
                                }));
                            }
                            attrs.clear();
                        }
                        _ => {
                            if !matches!(lt, "required {" | "optional {" | "lists {" | "}" | "},") {
                                attrs.push_str(lt);
                                attrs.push(' ');
                            }
                        }
                    }
                } else if from_macro.is_some()
                    && lt.starts_with(|c: char| c.is_ascii_uppercase())
                    && lt.contains('=')
                {
                    values.extend(quoted(lt));
                }
            }
            depth += l.matches('{').count() as i32 - l.matches('}').count() as i32;
            if depth <= 0 {
                break;
            }
            j += 1;
        }
        out.push((name.to_owned(), keys, values));
        i = j.max(i) + 1;
    }
    out
}

/// Every target of a crate with its seeds.
#[derive(Debug, Clone)]
pub struct Corpus {
    /// The decoders under test.
    pub targets: Vec<Target>,
    /// The seeds of each target (same order), each of which decodes.
    pub seeds: Vec<Vec<Value>>,
}

/// At most this many seeds per target.
const MAX_SEEDS: usize = 3;

impl Corpus {
    /// Builds seeds for every target: a named sample from `named` (keyed by
    /// the target's name without spaces, else by [`Target::base_name`], else
    /// by the name without its module path); the object of `pool` sharing
    /// the most keys with the model's fields; an object with every field of
    /// the model, filled with values seen under the same key in `pool` (or
    /// plain ones), repaired field by field until it decodes; the next best
    /// object of `pool`; for enums, their first and last wire values. Seeds that do not decode are dropped; a
    /// target left without one gets the first of `{}`, `""`, `[]`, `0` and
    /// `null` that decodes, if any.
    pub fn build(
        targets: Vec<Target>,
        models: &[Model],
        pool: &Pool,
        named: &BTreeMap<String, Value>,
    ) -> Self {
        let by_name: HashMap<&str, &Model> = models.iter().map(|m| (m.name.as_str(), m)).collect();
        let mut index: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, o) in pool.objects.iter().enumerate() {
            for k in o.keys() {
                index.entry(k.as_str()).or_default().push(i);
            }
        }
        let mut seeds = targets
            .iter()
            .map(|t| {
                let base = t.base_name();
                let model = by_name.get(base.as_str()).copied();
                let mut seeds: Vec<Value> = Vec::new();
                let push = |v: Value, seeds: &mut Vec<Value>| {
                    if seeds.len() < MAX_SEEDS
                        && !seeds.contains(&v)
                        && t.probe(&serde_json::to_vec(&v).unwrap_or_default()).is_ok()
                    {
                        seeds.push(v);
                    }
                };
                let full: String = t.name.chars().filter(|c| !c.is_whitespace()).collect();
                let short = base.rsplit("::").next().unwrap_or(&base);
                for name in [full.as_str(), base.as_str(), short] {
                    if let Some(v) = named.get(name) {
                        push(v.clone(), &mut seeds);
                        break;
                    }
                }
                if let Some(m) = model {
                    let mut matches = best_matches(&m.keys, pool, &index).into_iter();
                    if let Some(v) = matches.next() {
                        push(v, &mut seeds);
                    }
                    if let Some(v) = filled(t, &m.keys, pool, &[]) {
                        push(v, &mut seeds);
                    }
                    for v in matches {
                        push(v, &mut seeds);
                    }
                    for v in [m.values.first(), m.values.last()].into_iter().flatten() {
                        push(Value::String(v.clone()), &mut seeds);
                    }
                }
                if seeds.is_empty() {
                    for v in [
                        Value::Object(Map::new()),
                        Value::String(String::new()),
                        Value::Array(Vec::new()),
                        Value::from(0),
                        Value::Null,
                    ] {
                        if seeds.is_empty() {
                            push(v, &mut seeds);
                        }
                    }
                }
                seeds
            })
            .collect::<Vec<_>>();
        // Second pass: a required field whose type is another model (named
        // `<Parent><Field>` by the generators) takes that model's seed.
        let nested: Vec<(String, Value)> = targets
            .iter()
            .zip(&seeds)
            .filter_map(|(t, s)| {
                let base = t.base_name();
                let short = base
                    .rsplit("::")
                    .next()
                    .unwrap_or(&base)
                    .to_ascii_lowercase();
                Some((short, s.first()?.clone()))
            })
            .collect();
        for (t, s) in targets.iter().zip(seeds.iter_mut()) {
            if s.is_empty()
                && let Some(m) = by_name.get(t.base_name().as_str())
                && let Some(v) = filled(t, &m.keys, pool, &nested)
            {
                s.push(v);
            }
        }
        Corpus { targets, seeds }
    }

    /// The targets that have no seed at all.
    pub fn unseeded(&self) -> Vec<&'static str> {
        self.targets
            .iter()
            .zip(&self.seeds)
            .filter(|(_, s)| s.is_empty())
            .map(|(t, _)| t.name)
            .collect()
    }

    /// Checks every target on its seeds unmutated and on its first seed
    /// under `muts`; returns every failure (an empty list when all hold)
    /// and the number of checks run.
    pub fn sweep(&self, muts: &[Mutation]) -> (Vec<String>, usize) {
        let mut failures = Vec::new();
        let mut runs = 0;
        for (t, seeds) in self.targets.iter().zip(&self.seeds) {
            for s in seeds {
                runs += 1;
                if let Err(e) = t.check(&serde_json::to_vec(s).unwrap_or_default()) {
                    failures.push(format!("[seed] {e}"));
                }
            }
            let seed = seeds.first().cloned().unwrap_or(Value::Null);
            for m in muts {
                runs += 1;
                let bytes = mutate(&seed, std::slice::from_ref(m));
                if let Err(e) = t.check(&bytes) {
                    failures.push(format!("[{m:?}] {e}"));
                }
            }
        }
        (failures, runs)
    }

    /// Checks one case: the `target`-th target (modulo their number) on its
    /// `seed`-th seed (modulo their number) under `muts`.
    ///
    /// # Errors
    /// The broken property.
    pub fn check_case(&self, target: usize, seed: usize, muts: &[Mutation]) -> Result<(), String> {
        let i = target % self.targets.len();
        let seeds = &self.seeds[i];
        let s = if seeds.is_empty() {
            Value::Null
        } else {
            seeds[seed % seeds.len()].clone()
        };
        let bytes = mutate(&s, muts);
        self.targets[i].check(&bytes)
    }
}

/// Asserts that the targets and the scanned models name the same types:
/// every scanned `Deserialize` model is fuzzed (so a new model cannot be
/// left out silently) and every target was found by the scan (so a broken
/// scanner cannot pass by finding nothing).
///
/// # Panics
/// Listing the models without a target and the targets without a model.
pub fn assert_covered(corpus: &Corpus, models: &[Model]) {
    let targets: BTreeSet<String> = corpus.targets.iter().map(Target::base_name).collect();
    let scanned: BTreeSet<String> = models.iter().map(|m| m.name.clone()).collect();
    let missing: Vec<String> = models
        .iter()
        .filter(|m| !targets.contains(&m.name))
        .map(|m| format!("{} ({})", m.name, m.file.display()))
        .collect();
    let unknown: Vec<&String> = targets.difference(&scanned).collect();
    assert!(
        missing.is_empty() && unknown.is_empty(),
        "models not in the fuzz target list: {missing:#?}\ntargets the scan did not find: {unknown:#?}"
    );
}

/// Runs [`Corpus::sweep`] with `variants` of every [`Op`] and asserts that
/// nothing failed; returns the number of checks.
///
/// # Panics
/// Listing the failures (the first 40 in full).
pub fn assert_sweep(corpus: &Corpus, variants: u64) -> usize {
    let (failures, runs) = corpus.sweep(&sweep_mutations(variants));
    eprintln!("{runs} sweep checks over {} targets", corpus.targets.len());
    if !failures.is_empty() {
        let shown: Vec<&String> = failures.iter().take(40).collect();
        panic!(
            "{} of {runs} checks failed; the first {}:\n\n{}",
            failures.len(),
            shown.len(),
            shown
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join("\n\n")
        );
    }
    runs
}

/// An object with every key, filled from the pool and repaired until the
/// target decodes it: the value under the key a decode error names is
/// replaced by the next candidate (and the key dropped when none fits);
/// when an error names no key (a missing required field is reported at
/// the object), the object is instead built up key by key.
fn filled(t: &Target, keys: &[String], pool: &Pool, nested: &[(String, Value)]) -> Option<Value> {
    if keys.is_empty() {
        return None;
    }
    let fallbacks = [
        Value::String("sample".into()),
        Value::from(1),
        Value::Bool(true),
        Value::Object(Map::new()),
        Value::Array(Vec::new()),
        Value::Null,
    ];
    let candidates: Vec<Vec<Value>> = keys
        .iter()
        .map(|k| {
            let mut c: Vec<Value> = pool.values.get(k).cloned().unwrap_or_default();
            let lower = k.to_ascii_lowercase();
            c.extend(
                nested
                    .iter()
                    .filter(|(name, _)| name.ends_with(&lower))
                    .map(|(_, v)| v.clone()),
            );
            c.extend(fallbacks.iter().cloned());
            c
        })
        .collect();
    let decodes = |v: &Value| t.probe(&serde_json::to_vec(v).unwrap_or_default());
    let key_of = |path: &str| {
        keys.iter()
            .enumerate()
            .filter(|(_, k)| {
                path.strip_prefix(k.as_str())
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
            })
            .max_by_key(|(_, k)| k.len())
            .map(|(i, _)| i)
    };
    let mut choice = vec![0usize; keys.len()];
    let mut dropped = vec![false; keys.len()];
    for _ in 0..keys.len() * (fallbacks.len() + VALUES_PER_KEY + 1) + 4 {
        let obj: Map<String, Value> = keys
            .iter()
            .enumerate()
            .filter(|(i, _)| !dropped[*i])
            .map(|(i, k)| (k.clone(), candidates[i][choice[i]].clone()))
            .collect();
        let v = Value::Object(obj);
        let path = match decodes(&v) {
            Ok(()) => return Some(v),
            Err(p) => p,
        };
        let Some(i) = key_of(&path) else {
            break;
        };
        if choice[i] + 1 < candidates[i].len() {
            choice[i] += 1;
        } else if !dropped[i] {
            dropped[i] = true;
        } else {
            break;
        }
    }
    // Key by key: keep the first candidate that decodes or leaves only a
    // required field missing (an error at the object itself).
    let mut obj = Map::new();
    for (k, cands) in keys.iter().zip(&candidates) {
        for c in cands {
            obj.insert(k.clone(), c.clone());
            match decodes(&Value::Object(obj.clone())) {
                Ok(()) => break,
                Err(p) if p == "." => break,
                Err(_) => {
                    obj.remove(k);
                }
            }
        }
    }
    let v = Value::Object(obj);
    decodes(&v).is_ok().then_some(v)
}

/// The pool objects sharing the most keys with `keys` (at least one).
fn best_matches(keys: &[String], pool: &Pool, index: &HashMap<&str, Vec<usize>>) -> Vec<Value> {
    let mut counts: HashMap<usize, usize> = HashMap::new();
    for k in keys {
        for &i in index.get(k.as_str()).map(Vec::as_slice).unwrap_or_default() {
            *counts.entry(i).or_default() += 1;
        }
    }
    let mut ranked: Vec<(usize, usize)> = counts.into_iter().collect();
    // Most shared keys first, then fewest foreign keys, then pool order.
    ranked.sort_by_key(|&(i, n)| {
        (
            std::cmp::Reverse(n),
            pool.objects[i].len().saturating_sub(n),
            i,
        )
    });
    ranked
        .into_iter()
        .take(2)
        .map(|(i, _)| Value::Object(pool.objects[i].clone()))
        .collect()
}

/// Checks a [`crate::Flavor`] on one error response: reading the body and
/// the headers never panics; the error keeps the status and has a message;
/// the request-id and reset header names are valid lowercase names (a
/// lookup with anything else would never match); and the request id the
/// transport would take is one of the response's header values.
///
/// # Errors
/// What broke.
pub fn check_flavor(
    flavor: &dyn crate::Flavor,
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(), String> {
    let now = std::time::SystemTime::now();
    no_panic(|| {
        let e = flavor.parse_error(status, body);
        if e.status != status {
            return Err(format!("status {status} became {}", e.status));
        }
        if e.message.is_empty() {
            return Err(format!("empty message for {}", excerpt(body)));
        }
        let _ = format!("{e} {e:?}");
        let info = flavor.rate_limit_info(headers, now);
        let _ = format!("{info:?}");
        let _ = flavor.window_reset_hint();
        for name in flavor
            .request_id_headers()
            .iter()
            .chain(flavor.reset_headers())
        {
            let valid =
                http::HeaderName::from_bytes(name.as_bytes()).is_ok_and(|h| h.as_str() == *name);
            if !valid {
                return Err(format!("`{name}` is not a lowercase header name"));
            }
        }
        let id = flavor
            .request_id_headers()
            .iter()
            .find_map(|h| headers.get(*h).and_then(|v| v.to_str().ok()));
        if let Some(id) = id
            && !headers.values().any(|v| v.as_bytes() == id.as_bytes())
        {
            return Err(format!("request id {id:?} is not a header value"));
        }
        if flavor.name().is_empty() {
            return Err("empty flavor name".into());
        }
        Ok(())
    })
}

/// Header values: typical, extreme, malformed and non-ASCII, as bytes
/// (some are not valid `HeaderValue`s and are dropped by [`header_map`]).
pub fn header_value() -> impl Strategy<Value = Vec<u8>> {
    let fixed: Vec<Vec<u8>> = EXTREME_NUMBERS
        .iter()
        .chain(NUMBER_LIKE_STRINGS)
        .map(|s| s.as_bytes().to_vec())
        .chain(
            [
                &b"Wed, 21 Oct 2015 07:28:00 GMT"[..],
                b"Fri, 31 Dec 9999 23:59:59 GMT",
                b"Thu, 01 Jan 1970 00:00:00 GMT",
                b"Sun, 06 Nov 1994 08:49:37 GMT",
                b"Sunday, 06-Nov-94 08:49:37 GMT",
                b"Sun Nov  6 08:49:37 1994",
                b"0.05",
                b"30",
                b"1.5",
                b"\xff\xfe",
                b"12\x80",
                b"req_123",
                b"",
            ]
            .iter()
            .map(|s| s.to_vec()),
        )
        .collect();
    prop_oneof![
        3 => proptest::sample::select(fixed),
        1 => proptest::collection::vec(any::<u8>(), 0..40),
        1 => "[0-9]{1,30}(\\.[0-9]{1,10})?".prop_map(String::into_bytes),
        1 => any::<f64>().prop_map(|f| f.to_string().into_bytes()),
        1 => any::<u64>().prop_map(|n| n.to_string().into_bytes()),
    ]
}

/// Header maps over the rate-limit, retry and request-id names (and a few
/// others), with values from [`header_value`]; invalid values are skipped.
pub fn header_map() -> impl Strategy<Value = HeaderMap> {
    const NAMES: &[&str] = &[
        "retry-after",
        "x-ratelimit-reset",
        "x-ratelimit-limit",
        "x-ratelimit-remaining",
        "x-request-id",
        "request-id",
        "x-correlation-id",
        "x-ir-request-id",
        "content-type",
        "x-other",
    ];
    proptest::collection::vec((proptest::sample::select(NAMES), header_value()), 0..8).prop_map(
        |pairs| {
            let mut h = HeaderMap::new();
            for (name, value) in pairs {
                if let Ok(v) = HeaderValue::from_bytes(&value) {
                    h.append(name, v);
                }
            }
            h
        },
    )
}

/// Error bodies: JSON error envelopes of the shapes the flavors read, with
/// mutated fields, and arbitrary bytes.
pub fn error_body() -> impl Strategy<Value = Vec<u8>> {
    error_body_from(Vec::new())
}

/// As [`error_body`], with `extra` error bodies (a crate's fixtures) among
/// the seeds.
pub fn error_body_from(extra: Vec<Value>) -> impl Strategy<Value = Vec<u8>> {
    let mut seeds: Vec<Value> = vec![
        serde_json::json!({"message": "Not Found", "status": 404}),
        serde_json::json!({"message": "Bad", "status": "400", "error": "bad_request"}),
        serde_json::json!({"error": {"code": "not_found", "message": "Link not found", "doc_url": "x"}}),
        serde_json::json!({"status": "error", "message": "invalid", "code": "invalid_token"}),
        serde_json::json!({"Status": "ERROR", "Message": "Invalid", "Errors": [{"Field": "EventDate", "Message": "required"}]}),
        serde_json::json!({"errors": [{"field": "a", "message": "b"}], "detail": "d"}),
        serde_json::json!({"error": "something broke"}),
    ];
    seeds.extend(extra);
    prop_oneof![
        4 => (proptest::sample::select(seeds), mutations()).prop_map(|(s, m)| mutate(&s, &m)),
        1 => proptest::collection::vec(any::<u8>(), 0..200),
        1 => Just(b"<html><body>502 Bad Gateway</body></html>".to_vec()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scanner_applies_a_containers_rename_all() {
        let src = r#"
#[derive(Debug, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct A {
    pub company_name: Option<String>,
    #[serde(rename = "ID")]
    pub id: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct B {
    pub link_id: String,
}
"#;
        let found = scan_source(src, &[]);
        assert_eq!(found[0].1, ["CompanyName", "ID"]);
        assert_eq!(found[1].1, ["linkId"]);
    }

    #[test]
    fn scanner_finds_derived_macro_and_manual_types() {
        let src = r#"
/// Doc.
#[derive(Debug, Clone,
    Serialize, Deserialize)]
#[non_exhaustive]
pub struct A {
    /// The id.
    #[serde(
        rename = "Id",
        default
    )]
    pub id: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
    pub r#type: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct NotDe {
    pub x: u8,
}

pub struct Manual(String);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Manual {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> { String::deserialize(d).map(Manual) }
}

pub(crate) struct Hidden;

affiliate_common::open_enum! {
    /// Colors.
    pub enum Color {
        /// Red = "x" in docs.
        Red = "red" | "RED",
        Blue = "blue",
    }
}

model! {
    /// An action.
    pub struct Action keyed {
        /// Kind.
        #[serde(rename = "type")]
        kind: str,
        value: int,
    }
}
"#;
        let found = scan_source(src, &["open_enum", "model"]);
        let names: Vec<&str> = found.iter().map(|(n, _, _)| n.as_str()).collect();
        assert_eq!(names, ["A", "Manual", "Color", "Action"]);
        assert_eq!(found[0].1, ["Id", "type"]);
        assert_eq!(found[2].2, ["red", "RED", "blue"]);
        assert_eq!(
            found[3].1,
            ["key", "created_at", "updated_at", "type", "value"]
        );
    }

    #[test]
    fn splices_and_byte_ops() {
        let seed = serde_json::json!({"a": 1, "b": "x"});
        let out = mutate(&seed, &[Mutation::new(Op::ExtremeNumber, 1, 7)]);
        assert_eq!(out, br#"{"a":1e400,"b":"x"}"#);
        let out = mutate(&seed, &[Mutation::new(Op::InvalidUtf8, 2, 0)]);
        assert_eq!(out, b"{\"a\":1,\"b\":\"a\xffb\"}");
        let out = mutate(&seed, &[Mutation::new(Op::DeepNesting, 0, 5)]);
        assert_eq!(out.len(), 256);
        let out = mutate(&seed, &[Mutation::new(Op::DuplicateKey, 0, 0)]);
        assert_eq!(out, br#"{"a":1,"b":"x","a":null}"#);
        let out = mutate(&seed, &[Mutation::new(Op::Truncate, 0, 1)]);
        assert_eq!(out, br#"{"a":"#);
        let out = mutate(&seed, &[Mutation::new(Op::DropKey, 0, 1)]);
        assert_eq!(out, br#"{"a":1}"#);
    }

    /// Accepts any string as a float, `"NaN"` included: a lossy round trip.
    #[derive(Debug, PartialEq, Serialize, serde::Deserialize)]
    struct NanAccepting {
        #[serde(default, deserialize_with = "nan_ok")]
        f: Option<f64>,
    }

    fn nan_ok<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
        match <Value as serde::Deserialize>::deserialize(d)? {
            Value::String(s) => s.parse().map(Some).map_err(serde::de::Error::custom),
            Value::Number(n) => Ok(n.as_f64()),
            _ => Ok(None),
        }
    }

    /// Panics on a negative number.
    #[derive(Debug, PartialEq, Serialize)]
    struct Panicky(i64);

    impl<'de> serde::Deserialize<'de> for Panicky {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            let v: i64 = serde::Deserialize::deserialize(d)?;
            assert!(v >= 0, "negative");
            Ok(Panicky(v))
        }
    }

    #[derive(Debug, PartialEq, Serialize, serde::Deserialize)]
    struct Plain {
        #[serde(default)]
        id: Option<String>,
    }

    #[test]
    fn checks_catch_lossy_round_trips_and_panics() {
        let targets = crate::fuzz_targets![eq: [NanAccepting, Panicky, Plain]];
        let err = targets[0].check(br#"{"f":"NaN"}"#).unwrap_err();
        assert!(err.contains("differ"), "{err}");
        assert!(targets[0].check(br#"{"f":"1.5"}"#).is_ok());
        assert!(
            targets[0].check(br#"{"f":"x"}"#).is_ok(),
            "a decode error is fine"
        );
        let err = targets[1].check(b"-1").unwrap_err();
        assert!(err.contains("panicked: negative"), "{err}");
        assert!(targets[1].check(b"1").is_ok());
        for body in [&b"{\"id\":"[..], b"{\"id\":[1]}", b"\xff", b"", b"<html>"] {
            assert!(targets[2].check(body).is_ok(), "{body:?}");
        }
        assert_eq!(targets[2].probe(br#"{"id":[1]}"#), Err("id".to_owned()));
        // An error under an empty key used to be reported with an empty path.
        assert_eq!(targets[2].probe(br#"{"id":"a","":"#), Err(".".to_owned()));
        assert!(targets[2].check(br#"{"id":"a","":"#).is_ok());
        // A second document (or any text) after the value used to be
        // dropped silently once the fast path had failed.
        for body in [
            &br#"{"id":"a"}{"id":"b"}"#[..],
            br#"{"id":"a"} x"#,
            br#"{"id":"a"},"#,
        ] {
            assert_eq!(targets[2].probe(body), Err(".".to_owned()), "{body:?}");
            assert!(targets[2].check(body).is_ok());
        }
    }

    #[test]
    fn seeds_come_from_names_pool_and_fields() {
        let mut pool = Pool::default();
        pool.add(&serde_json::json!({"items": [{"id": "x1", "other": 2}]}));
        let models = [Model {
            name: "Plain".into(),
            file: PathBuf::new(),
            keys: vec!["id".into()],
            values: Vec::new(),
        }];
        let corpus = Corpus::build(
            crate::fuzz_targets![eq: [Plain]],
            &models,
            &pool,
            &BTreeMap::from([("Plain".to_owned(), serde_json::json!({"id": "named"}))]),
        );
        assert_eq!(
            corpus.seeds[0],
            [
                serde_json::json!({"id": "named"}),
                serde_json::json!({"id": "x1", "other": 2}),
                serde_json::json!({"id": "x1"}),
            ]
        );
        assert!(corpus.unseeded().is_empty());
        let (failures, runs) = corpus.sweep(&sweep_mutations(1));
        assert!(failures.is_empty(), "{failures:?}");
        assert_eq!(runs, 3 + Op::ALL.len());
    }

    #[test]
    fn config_keeps_an_explicit_case_count() {
        if std::env::var_os("PROPTEST_CASES").is_none() {
            assert_eq!(config(1234).cases, 1234);
        }
    }
}
