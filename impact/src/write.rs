//! What a write (`POST`, `PUT`, `DELETE`) returns: a status and a link.
//!
//! ```json
//! {"Status":"OK","Uri":"/Advertisers/IR1/Ads/656565"}
//! {"Status":"QUEUED","QueuedUri":"/Advertisers/IR1/APISubmissions/A-7f3c..."}
//! ```

use affiliate_common::lenient;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

affiliate_common::open_enum! {
    /// The `Status` of a write response.
    pub enum WriteStatus {
        /// Done: `Uri` names the resource.
        Ok = "OK" | "ok" | "Ok",
        /// Accepted for processing later: `QueuedUri` names the submission
        /// or job to poll.
        Queued = "QUEUED" | "queued" | "Queued",
        /// Failed (error bodies normally arrive with an error status).
        Error = "ERROR" | "error",
    }
}

/// The body of a write response.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct WriteResult {
    /// `OK` or `QUEUED` (`None` when the body was empty).
    #[serde(rename = "Status", default)]
    pub status: Option<WriteStatus>,
    /// The written resource, relative to the API host.
    #[serde(rename = "Uri", default, deserialize_with = "lenient::option_string")]
    pub uri: Option<String>,
    /// The submission or job to poll, for queued writes.
    #[serde(
        rename = "QueuedUri",
        default,
        deserialize_with = "lenient::option_string"
    )]
    pub queued_uri: Option<String>,
    /// Where a job's result can be downloaded once it completes.
    #[serde(
        rename = "ResultUri",
        default,
        deserialize_with = "lenient::option_string"
    )]
    pub result_uri: Option<String>,
    /// Where a job can be replayed.
    #[serde(
        rename = "ReplayUri",
        default,
        deserialize_with = "lenient::option_string"
    )]
    pub replay_uri: Option<String>,
    /// Every other key, as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl WriteResult {
    /// The result of a write whose response had no body.
    pub fn empty() -> Self {
        WriteResult::default()
    }

    /// Whether the write was queued.
    pub fn is_queued(&self) -> bool {
        self.status == Some(WriteStatus::Queued)
    }

    /// The last path segment of `Uri` (the new resource's id).
    pub fn resource_id(&self) -> Option<&str> {
        last_segment(self.uri.as_deref()?)
    }

    /// The job id, when `QueuedUri` (or `ResultUri`) points into `Jobs/`.
    pub fn job_id(&self) -> Option<&str> {
        [self.queued_uri.as_deref(), self.result_uri.as_deref()]
            .into_iter()
            .flatten()
            .find_map(job_id_in)
    }

    /// The submission id, when `QueuedUri` points into `APISubmissions/`.
    pub fn submission_id(&self) -> Option<&str> {
        let uri = self.queued_uri.as_deref()?;
        segment_after(uri, "APISubmissions")
    }
}

fn path_only(uri: &str) -> &str {
    uri.split(['?', '#']).next().unwrap_or(uri)
}

fn last_segment(uri: &str) -> Option<&str> {
    path_only(uri).rsplit('/').find(|s| !s.is_empty())
}

fn segment_after<'a>(uri: &'a str, name: &str) -> Option<&'a str> {
    let mut segs = path_only(uri).split('/').filter(|s| !s.is_empty());
    segs.by_ref().find(|s| *s == name)?;
    segs.next()
}

/// The job id in a `.../Jobs/{id}[/Download]` URI.
pub(crate) fn job_id_in(uri: &str) -> Option<&str> {
    segment_after(uri, "Jobs")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ok_and_queued_shapes() {
        let ok: WriteResult =
            serde_json::from_str(r#"{"Status":"OK","Uri":"/Advertisers/IR1/Ads/656565"}"#).unwrap();
        assert_eq!(ok.status, Some(WriteStatus::Ok));
        assert_eq!(ok.resource_id(), Some("656565"));
        assert!(!ok.is_queued());

        let q: WriteResult = serde_json::from_str(
            r#"{"Status":"QUEUED","QueuedUri":"/Advertisers/IR1/APISubmissions/A-1f2e","Extra":"1"}"#,
        )
        .unwrap();
        assert!(q.is_queued());
        assert_eq!(q.submission_id(), Some("A-1f2e"));
        assert_eq!(q.job_id(), None);
        assert_eq!(q.extra["Extra"], "1");

        let job: WriteResult = serde_json::from_str(
            r#"{"Status":"QUEUED","QueuedUri":"/Mediapartners/IR1/Jobs/d88-07?x=1","ResultUri":""}"#,
        )
        .unwrap();
        assert_eq!(job.job_id(), Some("d88-07"));
        assert_eq!(job.result_uri, None);

        let other: WriteResult = serde_json::from_str(r#"{"Status":"PENDING"}"#).unwrap();
        assert_eq!(other.status, Some(WriteStatus::Unknown("PENDING".into())));
    }
}
