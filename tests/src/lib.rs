//! Cross-crate tests of the affiliate-rs workspace live in `tests/`.
//!
//! The READMEs' code blocks are compiled and run as doctests of this crate
//! (`cargo test -p integration-tests --doc`), so the quickstarts can never
//! drift from the API: the root README and the README of each API crate.
//! The crate READMEs' examples start each crate's sandbox in hidden `# `
//! lines, so they run offline.

/// The root `README.md`.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;

/// `dub/README.md`.
#[cfg(doctest)]
#[doc = include_str!("../../dub/README.md")]
pub struct DubReadmeDoctests;

/// `referralhero/README.md`.
#[cfg(doctest)]
#[doc = include_str!("../../referralhero/README.md")]
pub struct ReferralheroReadmeDoctests;

/// `partnerstack/README.md`.
#[cfg(doctest)]
#[doc = include_str!("../../partnerstack/README.md")]
pub struct PartnerstackReadmeDoctests;

/// `impact/README.md`.
#[cfg(doctest)]
#[doc = include_str!("../../impact/README.md")]
pub struct ImpactReadmeDoctests;
