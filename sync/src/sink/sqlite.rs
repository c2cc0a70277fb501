//! The SQLite sink (being written).
