//! Cross-crate tests of the affiliate-rs workspace live in `tests/`.
//!
//! The README's code blocks are compiled as doctests of this crate, so the
//! quickstart can never drift from the API.

#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
