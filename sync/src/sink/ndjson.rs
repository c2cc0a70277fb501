//! The NDJSON sink (being written).
