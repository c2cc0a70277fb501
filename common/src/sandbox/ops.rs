//! Answers taken from an API description: the fallback that lets a sandbox
//! answer every documented operation, like stripe-mock.
//!
//! A crate's sandbox serves its main resources statefully (create, get,
//! update, list, delete round-trip). For every operation of its API
//! description, the generator writes a table (`sandbox_ops.json` next to
//! `samples.json`): method, path template, documented success status and an
//! example response valid for the description. The sandbox asks its own
//! routes first; when they answer `501` (a request they do not model),
//! [`Operations::after`] answers the operation's example instead, and only a
//! request that matches no documented operation keeps its `501`.
//!
//! ```
//! use affiliate_common::sandbox::ops::Operations;
//!
//! let ops = Operations::from_json(r#"{"operations": [
//!     {"id": "get_link_info", "method": "GET", "path": "/links/info", "status": 200, "body": {"id": "link_1"}},
//!     {"id": "get_link", "method": "GET", "path": "/links/{linkId}", "status": 200, "body": {"id": "example"}}
//! ]}"#).unwrap();
//! // The literal segment wins over the parameter.
//! assert_eq!(ops.find("GET", "/links/info").unwrap().id, "get_link_info");
//! assert_eq!(ops.find("GET", "/links/abc").unwrap().id, "get_link");
//! assert!(ops.find("DELETE", "/links/abc").is_none());
//! ```
//!
//! [`Tally`] counts what a test that calls every operation got back.

use std::fmt;

use serde::Deserialize;

use super::SandboxResponse;
use crate::Error;

/// One operation of an API description, with an example answer.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Operation {
    /// The operation id in the description.
    pub id: String,
    /// The method, upper case.
    pub method: String,
    /// The path template, `{name}` for a parameter (`/links/{linkId}`).
    #[serde(rename = "path")]
    pub template: String,
    /// The documented success status.
    pub status: u16,
    /// The response's content type (`application/json` unless the
    /// description documents another, such as `image/png`).
    #[serde(default = "json_type")]
    pub content_type: String,
    /// The example body: JSON text, the raw text of a non-JSON body, or
    /// `""` for an operation that answers no body.
    #[serde(default, deserialize_with = "body_text")]
    pub body: String,
}

fn json_type() -> String {
    "application/json".into()
}

/// A body given as any JSON value is kept as its text; a string stays the
/// string itself (the raw body of a non-JSON response); `null` is no body.
fn body_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    })
}

impl Operation {
    /// How well `segments` fit the template: `None` when they don't, else
    /// the number of literal segments (more is a better fit).
    fn fit(&self, segments: &[&str]) -> Option<usize> {
        let parts: Vec<&str> = self.template.split('/').filter(|s| !s.is_empty()).collect();
        if parts.len() != segments.len() {
            return None;
        }
        let mut literal = 0;
        for (p, s) in parts.iter().zip(segments) {
            if p.starts_with('{') && p.ends_with('}') {
                if s.is_empty() {
                    return None;
                }
            } else if p == s {
                literal += 1;
            } else {
                return None;
            }
        }
        Some(literal)
    }

    /// The example answer.
    pub fn response(&self) -> SandboxResponse {
        let mut resp = SandboxResponse::bytes(
            self.status,
            "application/json",
            self.body.clone().into_bytes(),
        );
        if let Ok(v) = http::HeaderValue::from_str(&self.content_type) {
            resp.headers.insert(http::header::CONTENT_TYPE, v);
        }
        resp
    }
}

#[derive(Deserialize)]
struct Table {
    operations: Vec<Operation>,
}

/// The operations of one API description. See the [module docs](self).
#[derive(Debug, Clone, Default)]
pub struct Operations {
    ops: Vec<Operation>,
}

impl Operations {
    /// Reads a generated table: `{"operations": [{"id", "method", "path",
    /// "status", "content_type"?, "body"?}, ...]}` (other keys are ignored).
    ///
    /// # Errors
    /// When the text is not such a table.
    pub fn from_json(text: &str) -> Result<Self, serde_json::Error> {
        let table: Table = serde_json::from_str(text)?;
        Ok(Operations {
            ops: table.operations,
        })
    }

    /// Reads a table the crate embeds at compile time
    /// (`include_str!("../generated/sandbox_ops.json")`); `file` names it
    /// in the panic.
    ///
    /// # Panics
    /// When `text` is not such a table: a generated table that does not
    /// parse is a defect of the build, never an empty table (which would
    /// turn every documented operation into a `501`).
    pub fn embedded(file: &str, text: &str) -> Self {
        Self::from_json(text).unwrap_or_else(|e| panic!("{file} is not an operations table: {e}"))
    }

    /// Several tables as one (impact.com's personas).
    pub fn merged(tables: impl IntoIterator<Item = Operations>) -> Self {
        Operations {
            ops: tables.into_iter().flat_map(|t| t.ops).collect(),
        }
    }

    /// Every operation.
    pub fn all(&self) -> &[Operation] {
        &self.ops
    }

    /// The operation `method path` is an instance of: the one with the most
    /// literal segments when several fit (`/links/info` before
    /// `/links/{linkId}`). `path` is the decoded path (query left out).
    pub fn find(&self, method: &str, path: &str) -> Option<&Operation> {
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        self.ops
            .iter()
            .filter(|op| op.method.eq_ignore_ascii_case(method))
            .filter_map(|op| op.fit(&segments).map(|n| (n, op)))
            .max_by_key(|(n, _)| *n)
            .map(|(_, op)| op)
    }

    /// What a sandbox sends for `method path` after its own routes answered
    /// `resp`: `resp` itself unless it is a `501` (a request the routes do
    /// not model), else the example of the documented operation the request
    /// is an instance of, or `resp` when it matches none. `path` is the
    /// path as the description writes it (a server prefix such as `/api/v2`
    /// left out).
    pub fn after(&self, method: &str, path: &str, resp: SandboxResponse) -> SandboxResponse {
        if resp.status.as_u16() != 501 {
            return resp;
        }
        self.find(method, path).map_or(resp, Operation::response)
    }
}

/// What one call of a test that calls every operation got back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Outcome {
    /// A success, decoded.
    Ok,
    /// An API error other than `sandbox_unsupported` (a 404 for an id the
    /// sandbox does not hold, a 400 for an example value it refuses).
    ApiError,
    /// `501 sandbox_unsupported`.
    Unsupported,
    /// The body did not decode.
    Decode,
    /// The request or the response did not get through.
    Transport,
    /// Any other error (invalid input, timeout, ...).
    Other,
}

impl Outcome {
    /// The outcome of a call's result.
    pub fn of<T>(result: &Result<T, Error>) -> Self {
        match result {
            Ok(_) => Outcome::Ok,
            Err(Error::Api(e)) if e.code.as_deref() == Some("sandbox_unsupported") => {
                Outcome::Unsupported
            }
            Err(Error::Api(_)) => Outcome::ApiError,
            Err(Error::Decode(_)) => Outcome::Decode,
            Err(Error::Transport(_)) => Outcome::Transport,
            Err(_) => Outcome::Other,
        }
    }
}

/// Counts the outcomes of a test that calls every operation of an API
/// against its sandbox, and prints them.
///
/// ```
/// use affiliate_common::sandbox::ops::{Outcome, Tally};
///
/// let mut t = Tally::new("example");
/// t.add("get_thing", Ok::<_, affiliate_common::Error>(()));
/// t.add("bad", Err::<(), _>(affiliate_common::Error::invalid_input("no")));
/// assert_eq!(t.count(Outcome::Ok), 1);
/// assert_eq!(t.failures().len(), 1);
/// ```
#[derive(Debug, Default)]
pub struct Tally {
    api: String,
    calls: Vec<(String, Outcome, String)>,
}

impl Tally {
    /// An empty tally for one API (named in the printed counts).
    pub fn new(api: &str) -> Self {
        Tally {
            api: api.to_owned(),
            calls: Vec::new(),
        }
    }

    /// Records the result of the call of operation `op`.
    pub fn add<T>(&mut self, op: &str, result: Result<T, Error>) {
        let outcome = Outcome::of(&result);
        let detail = result.err().map(|e| e.to_string()).unwrap_or_default();
        self.calls.push((op.to_owned(), outcome, detail));
    }

    /// How many calls had this outcome.
    pub fn count(&self, outcome: Outcome) -> usize {
        self.calls.iter().filter(|(_, o, _)| *o == outcome).count()
    }

    /// Every call recorded.
    pub fn calls(&self) -> usize {
        self.calls.len()
    }

    /// The calls that count as failures: transport, decode,
    /// `sandbox_unsupported` and other non-API errors, with their message.
    pub fn failures(&self) -> Vec<(&str, Outcome, &str)> {
        self.calls
            .iter()
            .filter(|(_, o, _)| !matches!(o, Outcome::Ok | Outcome::ApiError))
            .map(|(op, o, d)| (op.as_str(), *o, d.as_str()))
            .collect()
    }

    /// The API errors (`404` for an id the sandbox does not hold, ...),
    /// with their message.
    pub fn api_errors(&self) -> Vec<(&str, &str)> {
        self.calls
            .iter()
            .filter(|(_, o, _)| *o == Outcome::ApiError)
            .map(|(op, _, d)| (op.as_str(), d.as_str()))
            .collect()
    }
}

impl fmt::Display for Tally {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} operations called: {} ok, {} API errors, {} sandbox_unsupported, {} decode errors, {} transport errors, {} other errors",
            self.api,
            self.calls.len(),
            self.count(Outcome::Ok),
            self.count(Outcome::ApiError),
            self.count(Outcome::Unsupported),
            self.count(Outcome::Decode),
            self.count(Outcome::Transport),
            self.count(Outcome::Other),
        )?;
        for (op, d) in self.api_errors() {
            write!(f, "\n  API error   {op}: {d}")?;
        }
        for (op, o, d) in self.failures() {
            write!(f, "\n  FAILED {o:?} {op}: {d}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Operations {
        Operations::from_json(
            r#"{"_generated": "x", "operations": [
            {"id": "list", "method": "GET", "path": "/a/{sid}/Campaigns", "status": 200, "body": {"Campaigns": []}},
            {"id": "get", "method": "GET", "path": "/a/{sid}/Campaigns/{id}", "status": 200, "body": {"Id": "1"}},
            {"id": "ads", "method": "GET", "path": "/a/{sid}/Campaigns/{id}/Ads", "status": 200, "body": []},
            {"id": "qr", "method": "GET", "path": "/qr", "status": 200, "content_type": "image/png", "body": "PNG"},
            {"id": "del", "method": "DELETE", "path": "/a/{sid}/Campaigns/{id}", "status": 204}
        ]}"#,
        )
        .unwrap()
    }

    #[test]
    fn finds_by_method_and_shape() {
        let ops = table();
        assert_eq!(ops.find("GET", "/a/IR1/Campaigns").unwrap().id, "list");
        assert_eq!(ops.find("get", "/a/IR1/Campaigns/7/").unwrap().id, "get");
        assert_eq!(ops.find("GET", "/a/IR1/Campaigns/7/Ads").unwrap().id, "ads");
        assert_eq!(ops.find("DELETE", "/a/IR1/Campaigns/7").unwrap().id, "del");
        assert!(ops.find("POST", "/a/IR1/Campaigns").is_none());
        assert!(ops.find("GET", "/a/IR1/Other").is_none());
        assert!(ops.find("GET", "/a/IR1/Campaigns/7/Ads/1").is_none());
        assert!(ops.find("GET", "/").is_none());
    }

    #[test]
    fn answers_the_example_only_after_a_501() {
        let ops = table();
        let unsupported = SandboxResponse::json(501, &serde_json::json!({"code": "x"}));
        let resp = ops.after("GET", "/a/IR1/Campaigns/7", unsupported.clone());
        assert_eq!(resp.status.as_u16(), 200);
        assert_eq!(&resp.body[..], br#"{"Id":"1"}"#);
        let resp = ops.after("DELETE", "/a/IR1/Campaigns/7", unsupported.clone());
        assert_eq!((resp.status.as_u16(), resp.body.len()), (204, 0));
        let resp = ops.after("GET", "/qr", unsupported.clone());
        assert_eq!(resp.headers["content-type"], "image/png");
        assert_eq!(&resp.body[..], b"PNG");
        // Undocumented: the 501 stays.
        assert_eq!(ops.after("PUT", "/qr", unsupported).status.as_u16(), 501);
        // The routes' own answer wins.
        let own = SandboxResponse::json(404, &serde_json::json!({}));
        assert_eq!(ops.after("GET", "/qr", own).status.as_u16(), 404);
    }

    #[test]
    fn an_embedded_table_that_does_not_parse_panics_naming_its_file() {
        assert_eq!(
            Operations::embedded("t.json", r#"{"operations": []}"#)
                .all()
                .len(),
            0
        );
        let panic = std::panic::catch_unwind(|| Operations::embedded("x/sandbox_ops.json", "{"))
            .expect_err("a broken table must not read as empty");
        let message = panic.downcast_ref::<String>().cloned().unwrap_or_default();
        assert!(
            message.starts_with("x/sandbox_ops.json is not an operations table"),
            "{message}"
        );
    }

    #[test]
    fn tally_counts_each_outcome() {
        let mut t = Tally::new("t");
        t.add("a", Ok::<_, Error>(1));
        t.add("b", Err::<(), _>(Error::invalid_input("x")));
        assert_eq!(
            (t.calls(), t.count(Outcome::Ok), t.count(Outcome::Other)),
            (2, 1, 1)
        );
        assert_eq!(
            t.failures(),
            vec![("b", Outcome::Other, "invalid input: x")]
        );
        assert!(t.to_string().starts_with("t: 2 operations called: 1 ok"));
    }
}
