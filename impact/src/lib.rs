//! Typed async client for the impact.com API.
//!
//! This crate is part of the affiliate-rs family and builds on
//! [`affiliate_common`] for auth, transport, retries, rate limiting and
//! pagination.

pub use affiliate_common as common;

/// The production base URL of the impact.com API.
pub const DEFAULT_BASE_URL: &str = "https://api.impact.com";
