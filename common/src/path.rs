//! Request paths built from segments.
//!
//! An [`ApiPath`] is built from literal segments written by the crate's
//! authors and parameter segments that come from callers. Parameters are
//! percent-encoded as a whole segment, so an id like `../admin` or `a/b?c`
//! can never leave its segment, add a query, or climb the path. The path
//! also keeps a template (`/v2/partnerships/{key}`) for tracing, so logs
//! show the endpoint without the ids.

use std::fmt;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::error::{Error, Result};

/// Everything but the RFC 3986 unreserved characters is encoded.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A relative request path, safe to append to a client's base URL.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ApiPath {
    encoded: String,
    template: String,
}

impl ApiPath {
    /// Starts a path from literal, trusted segments separated by `/`
    /// (for example `"v2/partnerships"`). Leading and trailing slashes are
    /// ignored. Use [`ApiPath::param`] for anything a caller supplies.
    pub fn new(literal: &str) -> Self {
        let mut p = ApiPath {
            encoded: String::new(),
            template: String::new(),
        };
        p.push_literal(literal);
        p
    }

    /// Appends literal, trusted segments.
    pub fn lit(mut self, literal: &str) -> Self {
        self.push_literal(literal);
        self
    }

    fn push_literal(&mut self, literal: &str) {
        for seg in literal.split('/').filter(|s| !s.is_empty()) {
            self.encoded.push('/');
            self.encoded.push_str(seg);
            self.template.push('/');
            self.template.push_str(seg);
        }
    }

    /// Appends one caller-supplied segment, percent-encoded. `name` appears
    /// in the template as `{name}`.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when the value is empty, `.` or `..`: those
    /// would address a different resource than the caller meant.
    pub fn param(mut self, name: &str, value: impl AsRef<str>) -> Result<Self> {
        let value = value.as_ref();
        if value.is_empty() || value == "." || value == ".." {
            return Err(Error::invalid_input(format!(
                "path parameter `{name}` must be a non-empty id, not {value:?}"
            )));
        }
        self.encoded.push('/');
        self.encoded.extend(utf8_percent_encode(value, SEGMENT));
        self.template.push_str("/{");
        self.template.push_str(name);
        self.template.push('}');
        Ok(self)
    }

    /// The encoded path, starting with `/`.
    pub fn as_str(&self) -> &str {
        &self.encoded
    }

    /// The template with parameters as `{name}`, for logs and metrics.
    pub fn template(&self) -> &str {
        &self.template
    }
}

impl fmt::Debug for ApiPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ApiPath").field(&self.encoded).finish()
    }
}

impl fmt::Display for ApiPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.encoded)
    }
}

/// Joins `path` onto `base`, keeping any path prefix the base URL has
/// (`https://api.example.com/api/v2` + `/partnerships`).
pub(crate) fn join(base: &url::Url, path: &ApiPath) -> url::Url {
    let mut url = base.clone();
    let prefix = base.path().trim_end_matches('/');
    let mut full = String::with_capacity(prefix.len() + path.encoded.len());
    full.push_str(prefix);
    full.push_str(&path.encoded);
    if full.is_empty() {
        full.push('/');
    }
    url.set_path(&full);
    url.set_query(None);
    url.set_fragment(None);
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_stay_inside_their_segment() {
        let p = ApiPath::new("v2/partnerships")
            .param("key", "../admin")
            .unwrap()
            .param("other", "a/b?c#d e")
            .unwrap();
        assert_eq!(p.as_str(), "/v2/partnerships/..%2Fadmin/a%2Fb%3Fc%23d%20e");
        assert_eq!(p.template(), "/v2/partnerships/{key}/{other}");
        let url = join(&"https://api.example.com/api/".parse().unwrap(), &p);
        assert_eq!(
            url.as_str(),
            "https://api.example.com/api/v2/partnerships/..%2Fadmin/a%2Fb%3Fc%23d%20e"
        );
        assert_eq!(url.query(), None);
    }

    #[test]
    fn dot_segments_and_empty_ids_are_refused() {
        for bad in ["", ".", ".."] {
            let err = ApiPath::new("x").param("id", bad).unwrap_err();
            assert!(matches!(err, Error::InvalidInput { .. }), "{bad:?}");
        }
    }

    #[test]
    fn unicode_is_encoded() {
        let p = ApiPath::new("/lists/").param("id", "café").unwrap();
        assert_eq!(p.as_str(), "/lists/caf%C3%A9");
    }
}
