//! Incremental, resumable copy of every list of the four affiliate APIs into
//! SQLite, PostgreSQL or NDJSON.

pub mod registry;
pub mod sink;
pub mod time;
