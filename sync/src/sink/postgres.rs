//! The PostgreSQL sink (being written).
