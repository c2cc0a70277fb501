//! Incremental, resumable copy of every list of the four affiliate APIs into
//! SQLite, PostgreSQL or NDJSON.

pub mod engine;
pub mod registry;
pub mod sink;
pub mod time;

use sink::{Sink, SinkError};

/// Opens the destination `url`: `sqlite://PATH`, `postgres://...` (or
/// `postgresql://...`), or `ndjson://DIR`.
///
/// # Errors
/// [`SinkError::InvalidUrl`] for another scheme; the sink's own errors.
pub fn open_sink(url: &str) -> Result<Box<dyn Sink>, SinkError> {
    if url.starts_with("sqlite:") {
        Ok(Box::new(sink::sqlite::SqliteSink::from_url(url)?))
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Box::new(sink::postgres::PostgresSink::connect(url)?))
    } else if url.starts_with("ndjson://") {
        Ok(Box::new(sink::ndjson::NdjsonSink::from_url(url)?))
    } else {
        Err(SinkError::InvalidUrl {
            url: redact_url(url),
            reason: "expected sqlite://PATH, postgres://... or ndjson://DIR".into(),
        })
    }
}

/// `url` with any password (`user:password@`) replaced by `***`.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let userinfo = &url[s + 3..at];
            match userinfo.find(':') {
                Some(c) => format!("{}{}:***{}", &url[..s + 3], &userinfo[..c], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}
