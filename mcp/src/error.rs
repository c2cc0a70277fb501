//! Tool errors: what the assistant reads when a call fails.
//!
//! Every failure of a tool becomes a tool result with `isError: true` and
//! one plain sentence saying what happened and what to do next. Nothing
//! here is a protocol error, and no message carries a credential: API
//! errors are rendered through `affiliate_common::Error`'s `Display`,
//! which redacts them.

use std::fmt;

use crate::catalog::{self, Api};

/// A failed tool call, with a message meant for the assistant.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ToolError {
    /// What went wrong and what to do about it.
    pub message: String,
}

impl fmt::Display for ToolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ToolError {}

impl ToolError {
    /// An argument the caller can fix.
    pub fn invalid(message: impl Into<String>) -> Self {
        ToolError {
            message: message.into(),
        }
    }

    /// A bug or an unexpected state of this server.
    pub(crate) fn internal(message: impl Into<String>) -> Self {
        ToolError {
            message: format!("internal error: {}", message.into()),
        }
    }

    pub(crate) fn not_configured(api: Api) -> Self {
        ToolError::invalid(format!(
            "the API `{api}` is not configured on this server (start it with its credentials in the environment, or with --sandbox)"
        ))
    }

    pub(crate) fn unknown_api(name: &str, configured: &[Api]) -> Self {
        ToolError::invalid(format!(
            "unknown api `{name}`; configured: {}",
            configured
                .iter()
                .map(|a| a.name())
                .collect::<Vec<_>>()
                .join(", ")
        ))
    }

    pub(crate) fn unknown_resource(api: Api, name: &str) -> Self {
        ToolError::invalid(format!(
            "unknown resource `{name}` of {api}; known: {}",
            catalog::of(api)
                .map(|r| r.name)
                .collect::<Vec<_>>()
                .join(", ")
        ))
    }

    pub(crate) fn bad_cursor(why: &str) -> Self {
        ToolError::invalid(format!(
            "invalid cursor ({why}); pass the `next_cursor` of the previous result unchanged, with the same api, resource and filters, or omit it to start over"
        ))
    }

    /// The error of an API call, with a hint of what to do.
    pub(crate) fn api(api: Api, err: &affiliate_common::Error) -> Self {
        use affiliate_common::Error as E;
        let hint = match err {
            E::RateLimited { .. } => {
                return ToolError::invalid(match err.retry_after() {
                    Some(d) => format!(
                        "{api}: rate limited, retry after {} s",
                        d.as_secs() + u64::from(d.subsec_nanos() > 0)
                    ),
                    None => format!("{api}: rate limited, retry in a minute"),
                });
            }
            E::Timeout { .. } | E::Transport(_) => "; the API did not answer: retry later",
            E::InvalidInput { .. } => "; fix the arguments",
            E::Incomplete(_) => "; the API's list was inconsistent: retry the call",
            _ => match err.status().map(|s| s.as_u16()) {
                Some(401) | Some(403) => {
                    "; check this API's credentials in the server's environment"
                }
                Some(404) => "; check the id (list_records shows valid ids)",
                Some(400) | Some(422) => "; check the arguments and filters",
                Some(s) if s >= 500 => "; the API failed: retry later",
                _ => "",
            },
        };
        ToolError::invalid(format!("{api}: {err}{hint}"))
    }
}

/// Lets `?` turn an API error into a tool error inside a tool that knows
/// its API: `.map_err(api_err(Api::Dub))`.
pub(crate) fn api_err(api: Api) -> impl Fn(affiliate_common::Error) -> ToolError {
    move |e| ToolError::api(api, &e)
}
