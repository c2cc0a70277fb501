//! Request and response models.
//!
//! Most are generated from the OpenAPI document (`generated/models.rs`);
//! [`additions`] holds the models Dub added after the spec snapshot
//! (discount codes, bounties, clawback reasons).

pub mod additions;

pub use crate::generated::models::*;
pub use additions::*;
