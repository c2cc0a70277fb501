//! Authentication schemes.
//!
//! Secrets are held in [`SecretString`], so neither `Debug` nor any error
//! message can print them, and the header values built from them are marked
//! sensitive so HTTP-level logging skips them too.

use std::fmt;

use base64::Engine as _;
use http::HeaderValue;
use http::header::{AUTHORIZATION, HeaderName};
use secrecy::{ExposeSecret, SecretString};

use crate::error::{Error, Result};

/// How a client proves who it is.
#[derive(Clone, Default)]
#[non_exhaustive]
pub enum Auth {
    /// No credentials (the sandboxes' public endpoints, or a proxy that adds them).
    #[default]
    None,
    /// `Authorization: Bearer <token>`.
    Bearer(SecretString),
    /// `Authorization: Basic base64(user:password)`.
    Basic {
        /// The user name (PartnerStack's public key, impact.com's Account SID).
        username: SecretString,
        /// The password (PartnerStack's secret key, impact.com's Auth Token).
        password: SecretString,
    },
    /// An API key in a named header, such as ReferralHero's `X-API-Key`.
    Header {
        /// The header to send.
        name: HeaderName,
        /// The key.
        value: SecretString,
    },
}

impl Auth {
    /// A bearer token.
    pub fn bearer(token: impl Into<String>) -> Self {
        Auth::Bearer(SecretString::from(token.into()))
    }

    /// HTTP Basic credentials.
    pub fn basic(username: impl Into<String>, password: impl Into<String>) -> Self {
        Auth::Basic {
            username: SecretString::from(username.into()),
            password: SecretString::from(password.into()),
        }
    }

    /// An API key sent in the header `name`.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when `name` is not a valid header name.
    pub fn header(name: &str, key: impl Into<String>) -> Result<Self> {
        let name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| Error::invalid_input(format!("`{name}` is not a valid header name")))?;
        Ok(Auth::Header {
            name,
            value: SecretString::from(key.into()),
        })
    }

    /// The header this scheme adds to a request, marked sensitive.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when the secret holds characters a header
    /// cannot carry (a newline pasted with the key, for instance). The error
    /// never repeats the secret.
    pub fn header_pair(&self) -> Result<Option<(HeaderName, HeaderValue)>> {
        let (name, raw) = match self {
            Auth::None => return Ok(None),
            Auth::Bearer(token) => (
                AUTHORIZATION,
                format!("Bearer {}", token.expose_secret().trim()),
            ),
            Auth::Basic { username, password } => {
                let joined = format!(
                    "{}:{}",
                    username.expose_secret().trim(),
                    password.expose_secret().trim()
                );
                (
                    AUTHORIZATION,
                    format!(
                        "Basic {}",
                        base64::engine::general_purpose::STANDARD.encode(joined)
                    ),
                )
            }
            Auth::Header { name, value } => (name.clone(), value.expose_secret().trim().to_owned()),
        };
        let mut value = HeaderValue::from_str(&raw).map_err(|_| {
            Error::invalid_input(format!(
                "the credential for the `{name}` header contains characters a header cannot carry"
            ))
        })?;
        value.set_sensitive(true);
        Ok(Some((name, value)))
    }

    /// A short name of the scheme, safe to log.
    pub fn scheme(&self) -> &'static str {
        match self {
            Auth::None => "none",
            Auth::Bearer(_) => "bearer",
            Auth::Basic { .. } => "basic",
            Auth::Header { .. } => "header",
        }
    }
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const R: &str = "[REDACTED]";
        match self {
            Auth::None => f.write_str("None"),
            Auth::Bearer(_) => f.debug_tuple("Bearer").field(&R).finish(),
            Auth::Basic { .. } => f
                .debug_struct("Basic")
                .field("username", &R)
                .field("password", &R)
                .finish(),
            Auth::Header { name, .. } => f
                .debug_struct("Header")
                .field("name", name)
                .field("value", &R)
                .finish(),
        }
    }
}

impl fmt::Display for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Auth::Header { name, .. } => write!(f, "api key in `{name}`"),
            other => f.write_str(other.scheme()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_header_is_base64_of_user_colon_password() {
        let (name, value) = Auth::basic("pk_1", "sk_2").header_pair().unwrap().unwrap();
        assert_eq!(name, AUTHORIZATION);
        assert_eq!(value.to_str().unwrap(), "Basic cGtfMTpza18y");
        assert!(value.is_sensitive());
    }

    #[test]
    fn header_auth_uses_the_named_header() {
        let (name, value) = Auth::header("X-API-Key", "tok")
            .unwrap()
            .header_pair()
            .unwrap()
            .unwrap();
        assert_eq!(name.as_str(), "x-api-key");
        assert_eq!(value.to_str().unwrap(), "tok");
    }

    #[test]
    fn bad_secret_is_invalid_input_without_the_secret() {
        let err = Auth::bearer("abc\ndef-secret").header_pair().unwrap_err();
        assert!(matches!(err, Error::InvalidInput { .. }));
        assert!(!err.to_string().contains("def-secret"));
    }

    #[test]
    fn debug_and_display_redact() {
        for auth in [
            Auth::bearer("tok-SECRET"),
            Auth::basic("pk-SECRET", "sk-SECRET"),
            Auth::header("X-API-Key", "key-SECRET").unwrap(),
        ] {
            let shown = format!("{auth:?} {auth} {auth:#?}");
            assert!(!shown.contains("SECRET"), "{shown}");
        }
    }
}
