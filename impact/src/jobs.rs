//! Deferred jobs: `ReportExport`, `ClickExport` and bulk catalog operations
//! queue a job; its status is polled at `{scope}/Jobs/{id}` and its result
//! downloaded from `{scope}/Jobs/{id}/Download`.
//!
//! [`JobRunner`] does it in one call ([`JobRunner::run`],
//! [`JobRunner::run_csv`]) or step by step: [`JobRunner::submit`],
//! [`JobRunner::status`] (poll once), [`JobRunner::wait`] (poll with
//! backoff until the job completes, fails or the wait times out) and
//! [`JobRunner::download`] / [`JobRunner::download_csv`] /
//! [`JobRunner::download_json_rows`].
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use impact_com::{Client, Request};
//! use impact_com::jobs::WaitOptions;
//!
//! let client = Client::from_env()?;
//! let brand = client.brand(client.account_sid());
//! let export = Request::get(brand.scope().path("ReportExport")?.param("ReportId", "adv_performance")?)
//!     .query("StartDate", "2026-01-01T00:00:00Z")
//!     .query("EndDate", "2026-01-31T00:00:00Z")
//!     .query("ResultFormat", "CSV");
//! let rows = brand.job_runner().run_csv(export, &WaitOptions::default()).await?;
//! println!("{} report rows", rows.len());
//! # Ok(())
//! # }
//! ```

use std::collections::HashMap;
use std::fmt;
use std::time::Duration;

use affiliate_common::lenient;
use affiliate_common::reqwest::StatusCode;
use affiliate_common::{Error, Request};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::client::Scope;
use crate::write::{WriteResult, job_id_in};

affiliate_common::open_enum! {
    /// The processing state of a [`Job`].
    pub enum JobStatus {
        /// Waiting to start.
        Queued = "QUEUED",
        /// Being processed.
        Running = "RUNNING",
        /// Done: the result can be downloaded.
        Completed = "COMPLETED",
        /// Cancelled.
        Cancelled = "CANCELLED",
        /// Ended with an error.
        Error = "ERROR",
        /// Failed.
        Failed = "FAILED",
    }
}

impl JobStatus {
    /// Whether the job will not change any more.
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            JobStatus::Completed | JobStatus::Cancelled | JobStatus::Error | JobStatus::Failed
        )
    }
}

affiliate_common::open_enum! {
    /// What a [`Job`] does.
    pub enum JobType {
        /// A report download (`ReportExport`).
        DownloadReport = "DownloadReport",
        /// A report run through the API.
        ApiReport = "ApiReport",
        /// A bulk ad upload.
        UploadAds = "UploadAds",
        /// A contract term modification.
        TermModification = "TermModification",
        /// A click export (`ClickExport`).
        ClickExport = "ClickExport",
    }
}

/// An asynchronous job (`GET {scope}/Jobs/{JobId}`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct Job {
    /// The job id (a UUID).
    #[serde(default, deserialize_with = "lenient::option_string")]
    pub id: Option<String>,
    /// What the job does.
    #[serde(rename = "Type", default, deserialize_with = "open_enum_opt")]
    pub job_type: Option<JobType>,
    /// The program (campaign) the job was scheduled for.
    #[serde(default, deserialize_with = "lenient::option_string")]
    pub program_id: Option<String>,
    /// The Account SID that scheduled the job.
    #[serde(default, deserialize_with = "lenient::option_string")]
    pub created_by: Option<String>,
    /// When the job was created (ISO 8601, as sent).
    #[serde(default, deserialize_with = "lenient::option_string")]
    pub created_date: Option<String>,
    /// When processing started.
    #[serde(default, deserialize_with = "lenient::option_string")]
    pub started_date: Option<String>,
    /// When the job completed.
    #[serde(default, deserialize_with = "lenient::option_string")]
    pub completed_date: Option<String>,
    /// When the job was abandoned.
    #[serde(default, deserialize_with = "lenient::option_string")]
    pub abandoned_date: Option<String>,
    /// When the job was cancelled.
    #[serde(default, deserialize_with = "lenient::option_string")]
    pub cancelled_date: Option<String>,
    /// When the job failed.
    #[serde(default, deserialize_with = "lenient::option_string")]
    pub failed_date: Option<String>,
    /// The latest progress update.
    #[serde(default, deserialize_with = "lenient::option_string")]
    pub last_progress_update_date: Option<String>,
    /// The processing state.
    #[serde(default, deserialize_with = "open_enum_opt")]
    pub status: Option<JobStatus>,
    /// A message about the state.
    #[serde(default, deserialize_with = "lenient::option_string")]
    pub status_message: Option<String>,
    /// Records processed so far.
    #[serde(default, deserialize_with = "lenient::option_u64")]
    pub records_processed: Option<u64>,
    /// Percent done (0 to 100).
    #[serde(default, deserialize_with = "lenient::option_u64")]
    pub percentage_complete: Option<u64>,
    /// Whether the job can be replayed.
    #[serde(default, deserialize_with = "lenient::option_bool")]
    pub replayable: Option<bool>,
    /// Where the result can be downloaded once complete.
    #[serde(default, deserialize_with = "lenient::option_string")]
    pub result_uri: Option<String>,
    /// Every other key, as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An open enum that may arrive as `""` (none).
fn open_enum_opt<'de, D, E>(d: D) -> Result<Option<E>, D::Error>
where
    D: serde::Deserializer<'de>,
    E: std::str::FromStr,
{
    let s = lenient::option_string(d)?;
    Ok(s.and_then(|s| s.parse().ok()))
}

/// A submitted job: its id and what the submission said.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct JobTicket {
    /// The job id.
    pub id: String,
    /// The `{Status, QueuedUri, ResultUri}` body, when the submission sent
    /// one.
    pub submission: Option<WriteResult>,
    /// The job, when the submission returned a Job object.
    pub job: Option<Job>,
}

/// How [`JobRunner::wait`] polls.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct WaitOptions {
    /// The first pause between polls (default 2 s).
    pub initial_interval: Duration,
    /// The longest pause between polls (default 30 s).
    pub max_interval: Duration,
    /// Give up after this long (default 30 min).
    pub timeout: Duration,
}

impl Default for WaitOptions {
    fn default() -> Self {
        WaitOptions {
            initial_interval: Duration::from_secs(2),
            max_interval: Duration::from_secs(30),
            timeout: Duration::from_secs(30 * 60),
        }
    }
}

impl WaitOptions {
    /// Sets the first pause between polls; it doubles up to
    /// [`max_interval`](WaitOptions::max_interval).
    pub fn initial_interval(mut self, d: Duration) -> Self {
        self.initial_interval = d;
        self
    }

    /// Sets the longest pause between polls.
    pub fn max_interval(mut self, d: Duration) -> Self {
        self.max_interval = d;
        self
    }

    /// Sets how long to wait in total.
    pub fn timeout(mut self, d: Duration) -> Self {
        self.timeout = d;
        self
    }
}

/// Why a job helper call failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum JobError {
    /// A request failed (HTTP, API error, decoding, bad input).
    Request(Error),
    /// The job ended as `FAILED`, `ERROR` or `CANCELLED`.
    Failed {
        /// The job as last reported.
        job: Box<Job>,
    },
    /// The job did not finish within [`WaitOptions::timeout`].
    TimedOut {
        /// The job id.
        id: String,
        /// How long the helper waited.
        waited: Duration,
        /// The job as last reported.
        last: Option<Box<Job>>,
    },
    /// The download was asked for before the job completed (the API
    /// answered 202 with the job status).
    NotReady {
        /// The job as reported.
        job: Box<Job>,
    },
    /// The submission response named no job.
    NoJob {
        /// The response body, as decoded.
        response: Value,
    },
    /// The result file could not be parsed as CSV or JSON rows.
    Parse {
        /// What went wrong.
        message: String,
    },
}

impl fmt::Display for JobError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JobError::Request(e) => write!(f, "job request failed: {e}"),
            JobError::Failed { job } => write!(
                f,
                "job {} ended as {}: {}",
                job.id.as_deref().unwrap_or("?"),
                job.status.as_ref().map_or("?", |s| s.as_str()),
                job.status_message.as_deref().unwrap_or("no message")
            ),
            JobError::TimedOut { id, waited, .. } => {
                write!(f, "job {id} did not finish within {waited:?}")
            }
            JobError::NotReady { job } => write!(
                f,
                "job {} is not complete yet ({})",
                job.id.as_deref().unwrap_or("?"),
                job.status.as_ref().map_or("?", |s| s.as_str())
            ),
            JobError::NoJob { .. } => f.write_str("the submission response named no job"),
            JobError::Parse { message } => write!(f, "cannot parse the job result: {message}"),
        }
    }
}

impl std::error::Error for JobError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            JobError::Request(e) => Some(e),
            _ => None,
        }
    }
}

impl From<Error> for JobError {
    fn from(e: Error) -> Self {
        JobError::Request(e)
    }
}

/// The job helper of one account scope. Made by [`Scope::jobs`],
/// [`BrandClient::job_runner`](crate::BrandClient::job_runner) or
/// [`PartnerClient::job_runner`](crate::PartnerClient::job_runner).
#[derive(Debug, Clone)]
pub struct JobRunner {
    scope: Scope,
}

impl JobRunner {
    pub(crate) fn new(scope: Scope) -> Self {
        JobRunner { scope }
    }

    /// Sends a job-producing request (`ReportExport`, `ClickExport`, a bulk
    /// catalog operation) and reads the job id from the response: a Job
    /// object (`Id`) or a `{Status: "QUEUED", QueuedUri: ".../Jobs/{id}"}`
    /// body.
    ///
    /// # Errors
    /// [`JobError::Request`] when the request fails; [`JobError::NoJob`]
    /// when the response names no job.
    pub async fn submit(&self, req: Request) -> Result<JobTicket, JobError> {
        let body: Value = self.scope.get(req).await?;
        ticket_from(body)
    }

    /// Polls the job once: `GET {scope}/Jobs/{id}`.
    ///
    /// # Errors
    /// [`JobError::Request`] when the request fails.
    pub async fn status(&self, id: &str) -> Result<Job, JobError> {
        let path = self.scope.path("Jobs")?.param("JobId", id)?;
        Ok(self.scope.get::<Job>(Request::get(path)).await?)
    }

    /// Polls the job with exponential backoff until it completes.
    ///
    /// # Errors
    /// [`JobError::Failed`] when it ends as `FAILED`, `ERROR` or
    /// `CANCELLED`; [`JobError::TimedOut`] after [`WaitOptions::timeout`];
    /// [`JobError::Request`] when a poll fails.
    pub async fn wait(&self, id: &str, opts: &WaitOptions) -> Result<Job, JobError> {
        let started = tokio::time::Instant::now();
        let mut interval = opts.initial_interval;
        loop {
            let job = self.status(id).await?;
            match &job.status {
                Some(JobStatus::Completed) => return Ok(job),
                Some(s) if s.is_final() => return Err(JobError::Failed { job: Box::new(job) }),
                _ => {}
            }
            tracing::debug!(job = id, status = ?job.status, "job not finished yet");
            let last = Some(Box::new(job));
            let waited = started.elapsed();
            if waited + interval > opts.timeout {
                return Err(JobError::TimedOut {
                    id: id.to_owned(),
                    waited,
                    last,
                });
            }
            tokio::time::sleep(interval).await;
            interval = (interval * 2).min(opts.max_interval.max(opts.initial_interval));
        }
    }

    /// Downloads the result file of a completed job as bytes:
    /// `GET {scope}/Jobs/{id}/Download?Mode=Stream` (streamed by the API
    /// rather than redirected to a signed URL, so credentials never leave
    /// the API host). This one request sends `Accept: */*`.
    ///
    /// # Errors
    /// [`JobError::NotReady`] when the API answers 202 (still running);
    /// [`JobError::Request`] when the request fails.
    pub async fn download(&self, id: &str) -> Result<Vec<u8>, JobError> {
        let path = self.scope.path("Jobs")?.param("JobId", id)?.lit("Download");
        let req = Request::get(path)
            .query("Mode", "Stream")
            .header("Accept", "*/*")?;
        let raw = self
            .scope
            .client()
            .http()
            .execute(self.scope.prepare(req))
            .await?;
        if raw.meta.status == StatusCode::ACCEPTED {
            let job = affiliate_common::client::decode::<Job>(&raw.body, &raw.meta)
                .map_err(crate::flavor::xml_error)?;
            return Err(JobError::NotReady { job: Box::new(job) });
        }
        Ok(raw.body.to_vec())
    }

    /// Downloads the result as CSV rows keyed by the header row.
    ///
    /// # Errors
    /// As for [`JobRunner::download`]; [`JobError::Parse`] for bad CSV.
    pub async fn download_csv(&self, id: &str) -> Result<Vec<HashMap<String, String>>, JobError> {
        parse_csv(&self.download(id).await?)
    }

    /// Downloads the result as CSV rows decoded into `T` (by header name).
    ///
    /// # Errors
    /// As for [`JobRunner::download`]; [`JobError::Parse`] for bad CSV or
    /// rows that do not fit `T`.
    pub async fn download_csv_as<T: DeserializeOwned>(&self, id: &str) -> Result<Vec<T>, JobError> {
        parse_csv(&self.download(id).await?)
    }

    /// Downloads a JSON result (`ResultFormat=JSON`) as rows: a top-level
    /// array, or the array under the single array-valued key of an object
    /// (`Records`, ...).
    ///
    /// # Errors
    /// As for [`JobRunner::download`]; [`JobError::Parse`] when the body is
    /// not JSON rows of `T`.
    pub async fn download_json_rows<T: DeserializeOwned>(
        &self,
        id: &str,
    ) -> Result<Vec<T>, JobError> {
        parse_json_rows(&self.download(id).await?)
    }

    /// Submits, waits and downloads: the whole job in one call.
    ///
    /// # Errors
    /// Any [`JobError`] of the three steps.
    pub async fn run(&self, req: Request, opts: &WaitOptions) -> Result<Vec<u8>, JobError> {
        let ticket = self.submit(req).await?;
        self.wait(&ticket.id, opts).await?;
        self.download(&ticket.id).await
    }

    /// [`JobRunner::run`] with the result parsed as CSV rows.
    ///
    /// # Errors
    /// Any [`JobError`] of the steps.
    pub async fn run_csv(
        &self,
        req: Request,
        opts: &WaitOptions,
    ) -> Result<Vec<HashMap<String, String>>, JobError> {
        parse_csv(&self.run(req, opts).await?)
    }
}

fn ticket_from(body: Value) -> Result<JobTicket, JobError> {
    let Value::Object(obj) = &body else {
        return Err(JobError::NoJob { response: body });
    };
    if obj.contains_key("QueuedUri") || obj.contains_key("ResultUri") {
        let submission: WriteResult =
            serde_json::from_value(body.clone()).map_err(|e| JobError::Parse {
                message: e.to_string(),
            })?;
        return match submission.job_id() {
            Some(id) => Ok(JobTicket {
                id: id.to_owned(),
                submission: Some(submission),
                job: None,
            }),
            None => Err(JobError::NoJob { response: body }),
        };
    }
    let job: Job = serde_json::from_value(body.clone()).map_err(|e| JobError::Parse {
        message: e.to_string(),
    })?;
    match job.id.clone().or_else(|| {
        job.result_uri
            .as_deref()
            .and_then(job_id_in)
            .map(str::to_owned)
    }) {
        Some(id) => Ok(JobTicket {
            id,
            submission: None,
            job: Some(job),
        }),
        None => Err(JobError::NoJob { response: body }),
    }
}

/// Parses CSV bytes (with a header row) into rows of `T`; `HashMap<String,
/// String>` keeps every column. A UTF-8 byte-order mark is skipped.
///
/// # Errors
/// [`JobError::Parse`] naming the line that failed.
pub fn parse_csv<T: DeserializeOwned>(bytes: &[u8]) -> Result<Vec<T>, JobError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut rdr = csv::ReaderBuilder::new().flexible(false).from_reader(bytes);
    rdr.deserialize()
        .map(|r| {
            r.map_err(|e| JobError::Parse {
                message: e.to_string(),
            })
        })
        .collect()
}

/// Parses JSON rows: a top-level array, or the array under the single
/// array-valued key of an object.
///
/// # Errors
/// [`JobError::Parse`] when the body is not such JSON.
pub fn parse_json_rows<T: DeserializeOwned>(bytes: &[u8]) -> Result<Vec<T>, JobError> {
    let parse = |m: String| JobError::Parse { message: m };
    let value: Value = serde_json::from_slice(bytes).map_err(|e| parse(e.to_string()))?;
    let rows = match value {
        Value::Array(rows) => rows,
        Value::Object(obj) => {
            let mut arrays = obj
                .into_iter()
                .filter(|(k, v)| !k.starts_with('@') && v.is_array());
            match (arrays.next(), arrays.next()) {
                (Some((_, Value::Array(rows))), None) => rows,
                _ => {
                    return Err(parse(
                        "expected one array of rows in the JSON object".into(),
                    ));
                }
            }
        }
        _ => return Err(parse("expected a JSON array or object of rows".into())),
    };
    rows.into_iter()
        .enumerate()
        .map(|(i, r)| serde_json::from_value(r).map_err(|e| parse(format!("row {i}: {e}"))))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn job_decodes_strings_and_empties() {
        let j: Job = serde_json::from_str(
            r#"{"Id":"d88","Type":"ClickExport","Status":"RUNNING","RecordsProcessed":"250",
                "PercentageComplete":"40","Replayable":"true","CompletedDate":"","ResultUri":"","New":"x"}"#,
        )
        .unwrap();
        assert_eq!(j.status, Some(JobStatus::Running));
        assert_eq!(j.job_type, Some(JobType::ClickExport));
        assert_eq!(j.records_processed, Some(250));
        assert_eq!(j.percentage_complete, Some(40));
        assert_eq!(j.replayable, Some(true));
        assert_eq!(j.completed_date, None);
        assert_eq!(j.result_uri, None);
        assert_eq!(j.extra["New"], "x");
        let j: Job = serde_json::from_str(r#"{"Status":"PAUSED","Type":""}"#).unwrap();
        assert_eq!(j.status, Some(JobStatus::Unknown("PAUSED".into())));
        assert_eq!(j.job_type, None);
    }

    #[test]
    fn tickets_from_both_shapes() {
        let t = ticket_from(serde_json::json!({"Status":"QUEUED","QueuedUri":"/Advertisers/IR1/Jobs/j-1","ResultUri":"/Advertisers/IR1/Jobs/j-1/Download"})).unwrap();
        assert_eq!(t.id, "j-1");
        let t = ticket_from(serde_json::json!({"Id":"j-2","Status":"QUEUED"})).unwrap();
        assert_eq!(t.id, "j-2");
        assert!(matches!(
            ticket_from(serde_json::json!({"Status":"OK"})),
            Err(JobError::NoJob { .. })
        ));
    }

    #[test]
    fn csv_and_json_rows() {
        let rows: Vec<HashMap<String, String>> =
            parse_csv(b"\xEF\xBB\xBFDate,Clicks\n2026-01-01,5\n2026-01-02,\n").unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0]["Clicks"], "5");
        assert_eq!(rows[1]["Clicks"], "");
        assert!(matches!(
            parse_csv::<HashMap<String, String>>(b"a,b\n1,2,3\n"),
            Err(JobError::Parse { .. })
        ));
        let rows: Vec<Value> = parse_json_rows(br#"{"@total":"1","Records":[{"a":"1"}]}"#).unwrap();
        assert_eq!(rows.len(), 1);
        let rows: Vec<Value> = parse_json_rows(br#"[{"a":"1"},{"a":"2"}]"#).unwrap();
        assert_eq!(rows.len(), 2);
    }
}
