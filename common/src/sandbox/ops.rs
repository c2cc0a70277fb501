//! Answers taken from an API description: the fallback that lets a sandbox
//! answer every documented operation, like stripe-mock.
//!
//! A crate's sandbox serves its main resources statefully (create, get,
//! update, list, delete round-trip). For every other operation of its API
//! description, the generator writes an [`Operation`] table: method, path
//! template and an example response that is valid for the description. The
//! sandbox asks [`Operations::answer`] before giving up, and only a request
//! that matches no documented operation gets its "unsupported" answer.
//!
//! ```
//! use affiliate_common::sandbox::ops::{Operation, Operations};
//!
//! static OPS: Operations = Operations::new(&[
//!     Operation::new("get_link_info", "GET", "/links/info", 200, r#"{"id":"link_1"}"#),
//!     Operation::new("get_link", "GET", "/links/{linkId}", 200, r#"{"id":"example"}"#),
//! ]);
//! // The literal segment wins over the parameter.
//! assert_eq!(OPS.find("GET", "/links/info").unwrap().id, "get_link_info");
//! assert_eq!(OPS.find("GET", "/links/abc").unwrap().id, "get_link");
//! assert!(OPS.find("DELETE", "/links/abc").is_none());
//! ```

use super::{SandboxRequest, SandboxResponse};

/// One operation of an API description, with an example answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Operation {
    /// The operation id in the description.
    pub id: &'static str,
    /// The method, upper case.
    pub method: &'static str,
    /// The path template, `{name}` for a parameter (`/links/{linkId}`).
    pub template: &'static str,
    /// The documented success status.
    pub status: u16,
    /// An example response body valid for the description (JSON), or `""`
    /// for an operation that answers no body.
    pub body: &'static str,
}

impl Operation {
    /// An operation (for generated tables).
    pub const fn new(
        id: &'static str,
        method: &'static str,
        template: &'static str,
        status: u16,
        body: &'static str,
    ) -> Self {
        Operation {
            id,
            method,
            template,
            status,
            body,
        }
    }

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
}

/// The operations of one API description. See the [module docs](self).
#[derive(Debug, Clone, Copy)]
pub struct Operations {
    ops: &'static [Operation],
}

impl Operations {
    /// A table of operations.
    pub const fn new(ops: &'static [Operation]) -> Self {
        Operations { ops }
    }

    /// Every operation.
    pub fn all(&self) -> &'static [Operation] {
        self.ops
    }

    /// The operation `method path` is an instance of: the one with the most
    /// literal segments when several fit (`/links/info` before
    /// `/links/{linkId}`). `path` is the decoded path (query left out).
    pub fn find(&self, method: &str, path: &str) -> Option<&'static Operation> {
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        self.ops
            .iter()
            .filter(|op| op.method.eq_ignore_ascii_case(method))
            .filter_map(|op| op.fit(&segments).map(|n| (n, op)))
            .max_by_key(|(n, _)| *n)
            .map(|(_, op)| op)
    }

    /// The example answer of the operation `req` is an instance of, or
    /// `None` when it matches no operation of the description.
    pub fn answer(&self, req: &SandboxRequest) -> Option<SandboxResponse> {
        let segments = req.segments();
        let path = format!("/{}", segments.join("/"));
        let op = self.find(req.method.as_str(), &path)?;
        Some(if op.body.is_empty() {
            SandboxResponse::bytes(op.status, "application/json", Vec::new())
        } else {
            SandboxResponse::bytes(op.status, "application/json", op.body.as_bytes())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static OPS: Operations = Operations::new(&[
        Operation::new(
            "list",
            "GET",
            "/a/{sid}/Campaigns",
            200,
            r#"{"Campaigns":[]}"#,
        ),
        Operation::new(
            "get",
            "GET",
            "/a/{sid}/Campaigns/{id}",
            200,
            r#"{"Id":"1"}"#,
        ),
        Operation::new("ads", "GET", "/a/{sid}/Campaigns/{id}/Ads", 200, "[]"),
        Operation::new("del", "DELETE", "/a/{sid}/Campaigns/{id}", 204, ""),
    ]);

    #[test]
    fn finds_by_method_and_shape() {
        assert_eq!(OPS.find("GET", "/a/IR1/Campaigns").unwrap().id, "list");
        assert_eq!(OPS.find("get", "/a/IR1/Campaigns/7/").unwrap().id, "get");
        assert_eq!(OPS.find("GET", "/a/IR1/Campaigns/7/Ads").unwrap().id, "ads");
        assert_eq!(OPS.find("DELETE", "/a/IR1/Campaigns/7").unwrap().id, "del");
        assert!(OPS.find("POST", "/a/IR1/Campaigns").is_none());
        assert!(OPS.find("GET", "/a/IR1/Other").is_none());
        assert!(OPS.find("GET", "/a/IR1/Campaigns/7/Ads/1").is_none());
        assert!(OPS.find("GET", "/").is_none());
    }
}
