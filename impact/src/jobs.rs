//! Deferred jobs: `ReportExport`, `ClickExport` and bulk catalog operations
//! queue a job; its status is polled at `{scope}/Jobs/{id}` and its result
//! downloaded from `{scope}/Jobs/{id}/Download`.
//!
//! [`JobRunner`] does it in one call ([`JobRunner::run_to`],
//! [`JobRunner::run_csv`]) or step by step: [`JobRunner::submit`],
//! [`JobRunner::status`] (poll once), [`JobRunner::wait`] (poll with
//! backoff until the job completes, fails or the wait times out) and a
//! download.
//!
//! Downloads stream: an export can be far larger than memory, so its bytes
//! go straight to a writer ([`JobRunner::download_to`]) or a file
//! ([`JobRunner::download_to_file`]), one chunk at a time, and are never
//! held whole. The row helpers ([`JobRunner::download_csv`],
//! [`JobRunner::download_csv_as`], [`JobRunner::download_json_rows`]) parse
//! the chunks as they arrive, so only the parsed rows are kept. A download
//! that breaks off is an error, never a short file or a short list.
//!
//! ```
//! # #[allow(unsafe_code)] fn set(k: &str, v: &str) { unsafe { std::env::set_var(k, v) } }
//! # #[tokio::main] async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let running = impact_com::sandbox::start().await?;
//! # set("IMPACT_ACCOUNT_SID", impact_com::sandbox::SANDBOX_ACCOUNT_SID);
//! # set("IMPACT_AUTH_TOKEN", impact_com::sandbox::SANDBOX_AUTH_TOKEN);
//! # set("IMPACT_BASE_URL", running.sandbox.url().as_str());
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
use std::io::Read;
use std::path::Path;
use std::time::Duration;

use affiliate_common::bytes::{Buf as _, Bytes};
use affiliate_common::lenient;
use affiliate_common::reqwest::StatusCode;
use affiliate_common::{Error, Request, StreamingResponse};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use tokio::io::AsyncWrite;

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

    /// Starts downloading the result file of a completed job:
    /// `GET {scope}/Jobs/{id}/Download?Mode=Stream` (streamed by the API
    /// rather than redirected to a signed URL, so credentials never leave
    /// the API host). This one request sends `Accept: */*`.
    ///
    /// The body is read chunk by chunk from the returned
    /// [`StreamingResponse`]; the client's per-attempt timeout applies
    /// between chunks, not to the whole download.
    ///
    /// # Errors
    /// [`JobError::NotReady`] when the API answers 202 (still running);
    /// [`JobError::Request`] when the request fails.
    pub async fn download_stream(&self, id: &str) -> Result<StreamingResponse, JobError> {
        let path = self.scope.path("Jobs")?.param("JobId", id)?.lit("Download");
        let req = Request::get(path)
            .query("Mode", "Stream")
            .header("Accept", "*/*")?;
        let mut resp = self
            .scope
            .client()
            .http()
            .execute_streaming(self.scope.prepare(req))
            .await?;
        if resp.meta().status == StatusCode::ACCEPTED {
            let body = read_small(&mut resp).await?;
            let job = affiliate_common::client::decode::<Job>(&body, resp.meta())
                .map_err(crate::flavor::xml_error)?;
            return Err(JobError::NotReady { job: Box::new(job) });
        }
        Ok(resp)
    }

    /// Downloads the result file of a completed job into `w`, chunk by
    /// chunk, and returns the number of bytes written (see
    /// [`JobRunner::download_stream`]).
    ///
    /// # Errors
    /// As for [`JobRunner::download_stream`]; [`JobError::Request`] with
    /// [`Error::Io`] when writing to `w` fails, or with the transport error
    /// or [`Error::Timeout`] when the download breaks off. `w` then holds a
    /// partial file.
    pub async fn download_to<W>(&self, id: &str, w: &mut W) -> Result<u64, JobError>
    where
        W: AsyncWrite + Unpin + ?Sized,
    {
        Ok(self.download_stream(id).await?.copy_to(w).await?)
    }

    /// Downloads the result file of a completed job to the file at `path`
    /// (created or truncated), chunk by chunk, and returns its size. When
    /// the download fails, the partial file is removed.
    ///
    /// # Errors
    /// As for [`JobRunner::download_to`]; [`Error::Io`] when the file
    /// cannot be created.
    pub async fn download_to_file(
        &self,
        id: &str,
        path: impl AsRef<Path>,
    ) -> Result<u64, JobError> {
        let path = path.as_ref();
        let resp = self.download_stream(id).await?;
        let mut file = tokio::fs::File::create(path).await.map_err(Error::Io)?;
        match resp.copy_to(&mut file).await {
            Ok(n) => Ok(n),
            Err(e) => {
                drop(file);
                if let Err(rm) = tokio::fs::remove_file(path).await {
                    tracing::warn!(error = %rm, "could not remove a partial job download");
                }
                Err(e.into())
            }
        }
    }

    /// Downloads the result as CSV rows keyed by the header row, parsing
    /// the file as it arrives.
    ///
    /// # Errors
    /// As for [`JobRunner::download_to`]; [`JobError::Parse`] for bad CSV.
    pub async fn download_csv(&self, id: &str) -> Result<Vec<HashMap<String, String>>, JobError> {
        self.download_csv_as(id).await
    }

    /// Downloads the result as CSV rows decoded into `T` (by header name),
    /// parsing the file as it arrives.
    ///
    /// # Errors
    /// As for [`JobRunner::download_to`]; [`JobError::Parse`] for bad CSV or
    /// rows that do not fit `T`.
    pub async fn download_csv_as<T>(&self, id: &str) -> Result<Vec<T>, JobError>
    where
        T: DeserializeOwned + Send + 'static,
    {
        let resp = self.download_stream(id).await?;
        parse_streamed(resp, parse_csv_from).await
    }

    /// Downloads a JSON result (`ResultFormat=JSON`) as rows: a top-level
    /// array, or the array under the single array-valued key of an object
    /// (`Records`, ...), parsing the file as it arrives.
    ///
    /// # Errors
    /// As for [`JobRunner::download_to`]; [`JobError::Parse`] when the body
    /// is not JSON rows of `T`.
    pub async fn download_json_rows<T>(&self, id: &str) -> Result<Vec<T>, JobError>
    where
        T: DeserializeOwned + Send + 'static,
    {
        let resp = self.download_stream(id).await?;
        parse_streamed(resp, parse_json_rows_from).await
    }

    /// Submits and waits: returns the completed job, whose result is then
    /// downloaded with [`JobRunner::download_to`] (or the other download
    /// methods). Its [`id`](Job::id) is always set.
    ///
    /// # Errors
    /// Any [`JobError`] of [`JobRunner::submit`] and [`JobRunner::wait`].
    pub async fn run(&self, req: Request, opts: &WaitOptions) -> Result<Job, JobError> {
        let ticket = self.submit(req).await?;
        let mut job = self.wait(&ticket.id, opts).await?;
        job.id.get_or_insert(ticket.id);
        Ok(job)
    }

    /// Submits, waits and downloads the result into `w`: the whole job in
    /// one call. Returns the number of bytes written.
    ///
    /// # Errors
    /// Any [`JobError`] of the steps.
    pub async fn run_to<W>(
        &self,
        req: Request,
        opts: &WaitOptions,
        w: &mut W,
    ) -> Result<u64, JobError>
    where
        W: AsyncWrite + Unpin + ?Sized,
    {
        let ticket = self.submit(req).await?;
        self.wait(&ticket.id, opts).await?;
        self.download_to(&ticket.id, w).await
    }

    /// Submits, waits and downloads the result as CSV rows, parsed as the
    /// file arrives.
    ///
    /// # Errors
    /// Any [`JobError`] of the steps.
    pub async fn run_csv(
        &self,
        req: Request,
        opts: &WaitOptions,
    ) -> Result<Vec<HashMap<String, String>>, JobError> {
        let ticket = self.submit(req).await?;
        self.wait(&ticket.id, opts).await?;
        self.download_csv(&ticket.id).await
    }
}

/// The most a 202 "not ready" download body is read for its job status.
const MAX_NOT_READY_BODY: usize = 1 << 20;

/// Reads a small body (a job status) whole, up to [`MAX_NOT_READY_BODY`].
async fn read_small(resp: &mut StreamingResponse) -> Result<Vec<u8>, JobError> {
    let mut body = Vec::new();
    while let Some(chunk) = resp.next_chunk().await? {
        if body.len() + chunk.len() > MAX_NOT_READY_BODY {
            return Err(JobError::Request(Error::ResponseTooLarge {
                limit: MAX_NOT_READY_BODY as u64,
                status: resp.meta().status,
            }));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// How many chunks may wait between the download and the parser.
const PARSE_QUEUE: usize = 4;

/// A blocking [`Read`] over the chunks the download hands over: the parser
/// runs on a blocking thread and pulls them as it needs them, so at most
/// [`PARSE_QUEUE`] chunks are held besides the parsed rows.
struct ChunkReader {
    rx: tokio::sync::mpsc::Receiver<Bytes>,
    current: Bytes,
}

impl Read for ChunkReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.current.is_empty() {
            match self.rx.blocking_recv() {
                Some(chunk) => self.current = chunk,
                None => return Ok(0),
            }
        }
        let n = buf.len().min(self.current.len());
        buf[..n].copy_from_slice(&self.current[..n]);
        self.current.advance(n);
        Ok(n)
    }
}

/// Feeds the body of `resp` to `parse` (on a blocking thread) as it
/// arrives. A download that breaks off is reported as such, whatever the
/// parser made of the part it saw.
async fn parse_streamed<T, F>(mut resp: StreamingResponse, parse: F) -> Result<T, JobError>
where
    T: Send + 'static,
    F: FnOnce(ChunkReader) -> Result<T, JobError> + Send + 'static,
{
    let (tx, rx) = tokio::sync::mpsc::channel(PARSE_QUEUE);
    let parser = tokio::task::spawn_blocking(move || {
        parse(ChunkReader {
            rx,
            current: Bytes::new(),
        })
    });
    let mut broken = None;
    loop {
        match resp.next_chunk().await {
            Ok(Some(chunk)) => {
                if tx.send(chunk).await.is_err() {
                    // The parser stopped early: it has an error to report.
                    break;
                }
            }
            Ok(None) => break,
            Err(e) => {
                broken = Some(e);
                break;
            }
        }
    }
    drop(tx);
    let parsed = parser.await.map_err(|e| JobError::Parse {
        message: format!("the parser stopped unexpectedly: {e}"),
    })?;
    match broken {
        Some(e) => Err(JobError::Request(e)),
        None => parsed,
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
    parse_csv_from(bytes)
}

/// [`parse_csv`] over a reader (a file saved by
/// [`JobRunner::download_to_file`], for instance), read as it goes.
///
/// # Errors
/// [`JobError::Parse`] naming the line that failed, or the read error.
pub fn parse_csv_from<T: DeserializeOwned, R: Read>(reader: R) -> Result<Vec<T>, JobError> {
    let reader = without_bom(reader).map_err(|e| JobError::Parse {
        message: format!("cannot read the result: {e}"),
    })?;
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(reader);
    rdr.deserialize()
        .map(|r| {
            r.map_err(|e| JobError::Parse {
                message: e.to_string(),
            })
        })
        .collect()
}

/// `reader` without a leading UTF-8 byte-order mark: the first three bytes
/// are read (however the reads split them) and put back unless they are
/// the mark.
fn without_bom<R: Read>(mut reader: R) -> std::io::Result<impl Read> {
    const BOM: &[u8; 3] = b"\xEF\xBB\xBF";
    let mut head = [0u8; 3];
    let mut got = 0;
    while got < head.len() {
        match reader.read(&mut head[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    let keep = if head[..got] == BOM[..] { 0..0 } else { 0..got };
    Ok(Read::chain(
        std::io::Cursor::new(head[keep].to_vec()),
        reader,
    ))
}

/// Parses JSON rows: a top-level array, or the array under the single
/// array-valued key of an object.
///
/// # Errors
/// [`JobError::Parse`] when the body is not such JSON.
pub fn parse_json_rows<T: DeserializeOwned>(bytes: &[u8]) -> Result<Vec<T>, JobError> {
    parse_json_rows_from(bytes)
}

/// [`parse_json_rows`] over a reader, decoding each row into `T` as it is
/// read (no intermediate JSON tree of the whole file).
///
/// # Errors
/// [`JobError::Parse`] when the body is not such JSON.
pub fn parse_json_rows_from<T: DeserializeOwned, R: Read>(reader: R) -> Result<Vec<T>, JobError> {
    let reader = std::io::BufReader::new(reader);
    let mut de = serde_json::Deserializer::from_reader(reader);
    let rows = serde::Deserializer::deserialize_any(&mut de, json_rows::RowsVisitor::<T>::new())
        .and_then(|rows| de.end().map(|()| rows))
        .map_err(|e| JobError::Parse {
            message: e.to_string(),
        })?;
    rows.ok_or_else(|| JobError::Parse {
        message: "expected a JSON array or object of rows".into(),
    })
}

/// The streaming decoder behind [`parse_json_rows_from`].
mod json_rows {
    use std::fmt;
    use std::marker::PhantomData;

    use serde::de::{
        self, DeserializeOwned, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor,
    };

    /// Reads a top-level array of `T`, or an object with exactly one
    /// array-valued key not starting with `@`; `Ok(None)` for any other
    /// JSON value.
    pub(super) struct RowsVisitor<T>(PhantomData<T>);

    impl<T> RowsVisitor<T> {
        pub(super) fn new() -> Self {
            RowsVisitor(PhantomData)
        }
    }

    fn rows_of<'de, T: DeserializeOwned, A: SeqAccess<'de>>(
        mut seq: A,
    ) -> Result<Vec<T>, A::Error> {
        let mut rows = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(row) = seq
            .next_element::<T>()
            .map_err(|e| de::Error::custom(format_args!("row {}: {e}", rows.len())))?
        {
            rows.push(row);
        }
        Ok(rows)
    }

    impl<'de, T: DeserializeOwned> Visitor<'de> for RowsVisitor<T> {
        type Value = Option<Vec<T>>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a JSON array or object of rows")
        }

        fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
            rows_of(seq).map(Some)
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut found: Option<Vec<T>> = None;
            while let Some(key) = map.next_key::<String>()? {
                if key.starts_with('@') {
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
                if let Some(rows) = map.next_value_seed(MaybeRows::<T>(PhantomData))? {
                    if found.is_some() {
                        return Err(de::Error::custom(
                            "expected one array of rows in the JSON object",
                        ));
                    }
                    found = Some(rows);
                }
            }
            found
                .map(Some)
                .ok_or_else(|| de::Error::custom("expected one array of rows in the JSON object"))
        }

        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
    }

    /// A map value: rows when it is an array, skipped (`None`) otherwise.
    struct MaybeRows<T>(PhantomData<T>);

    impl<'de, T: DeserializeOwned> de::DeserializeSeed<'de> for MaybeRows<T> {
        type Value = Option<Vec<T>>;

        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(MaybeRowsVisitor::<T>(PhantomData))
        }
    }

    struct MaybeRowsVisitor<T>(PhantomData<T>);

    impl<'de, T: DeserializeOwned> Visitor<'de> for MaybeRowsVisitor<T> {
        type Value = Option<Vec<T>>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("any JSON value")
        }

        fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
            rows_of(seq).map(Some)
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            Ok(None)
        }

        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
    }
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

    /// A reader handing out one byte per read, as a slow download would.
    struct Trickle<'a>(&'a [u8]);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            match (self.0.split_first(), buf.first_mut()) {
                (Some((b, rest)), Some(slot)) => {
                    *slot = *b;
                    self.0 = rest;
                    Ok(1)
                }
                _ => Ok(0),
            }
        }
    }

    #[test]
    fn a_byte_order_mark_split_across_reads_is_skipped() {
        let rows: Vec<HashMap<String, String>> =
            parse_csv_from(Trickle(b"\xEF\xBB\xBFDate,Clicks\n2026-01-01,5\n")).unwrap();
        assert_eq!(rows[0]["Date"], "2026-01-01");
        // A first character that merely starts like the mark is kept.
        let rows: Vec<HashMap<String, String>> =
            parse_csv_from(Trickle("\u{FF21}x,y\n1,2\n".as_bytes())).unwrap();
        assert_eq!(rows[0]["\u{FF21}x"], "1");
        let rows: Vec<HashMap<String, String>> = parse_csv_from(Trickle(b"")).unwrap();
        assert!(rows.is_empty());
    }

    #[test]
    fn json_rows_decode_from_a_trickling_reader() {
        #[derive(Debug, Deserialize, PartialEq)]
        struct Row {
            #[serde(rename = "ClickId")]
            click_id: String,
        }
        let body = br#"{"@page":"1","@total":"2","Meta":{"x":[1]},"Note":"n","Records":[{"ClickId":"c1"},{"ClickId":"c2"}]}"#;
        let rows: Vec<Row> = parse_json_rows_from(Trickle(body)).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].click_id, "c2");
        let bad = [
            &br#"{"A":[1],"B":[2]}"#[..],
            br#"{"A":1}"#,
            br#""rows""#,
            br#"[{"ClickId":"c1"}"#,
            br#"[{"ClickId":"c1"}] trailing"#,
            br#"[{"ClickId":5}]"#,
        ];
        for b in bad {
            assert!(
                matches!(
                    parse_json_rows_from::<Row, _>(Trickle(b)),
                    Err(JobError::Parse { .. })
                ),
                "{}",
                String::from_utf8_lossy(b)
            );
        }
    }
}
