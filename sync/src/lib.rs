//! Incremental, resumable copy of every list of the four affiliate APIs into
//! SQLite, PostgreSQL or NDJSON.

pub mod engine;
pub mod registry;
pub mod sink;
pub mod time;
