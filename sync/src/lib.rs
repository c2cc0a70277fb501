//! Incremental, resumable copy of every list of the four affiliate APIs into
//! SQLite, PostgreSQL or NDJSON. (skeleton: being written)

pub mod sink;
