//! The local test API, run in a child process.
//!
//! The harness re-executes its own binary as `bench serve ...`, so the
//! measured process holds the client alone: its CPU time and heap figures
//! leave the server out. The child serves two [`Sandbox`]es (the runtime's
//! hyper-based test server) on `127.0.0.1`, one fast and one with injected
//! latency, prints `READY <fast-url> <slow-url>` on stdout, and exits when
//! its stdin closes (when the parent exits or drops its [`Server`]).
//!
//! Routes (both servers):
//!
//! | route | body |
//! |---|---|
//! | `GET /cursor/{n}/partnerships?limit=L&starting_after=KEY` | `{"data":{"items":[...],"has_more":bool,"total":n}}` |
//! | `GET /pages/{n}/partnerships?page=P&per_page=S` | `{"items":[...],"total_pages":ceil(n/S)}` |
//! | `GET /partnerstack/{n}/partnerships?limit=L&starting_after=KEY` | `{"data":{"items":[...],"has_more":bool,"total":n},"message":..,"status":200}` |
//! | `GET /dub/{n}/partners?page=P&pageSize=S` | `[...]`, a bare array, short (or empty) on the last page |
//! | `GET /impact/{n}/Advertisers/{sid}/Actions?PageSize=S&Page=P` | `{"@page":"P","@numpages":..,"@nextpageuri":..,"Actions":[...]}` |
//! | `GET /stats` | `{"cursor":requests,"pages":requests}` served so far |
//!
//! The PartnerStack and Dub lists serve the records of
//! [`crate::scenarios::partnerstack::render`] and
//! [`crate::scenarios::dub::render`], shaped like those APIs' own.
//!
//! Every record's JSON is rendered once at start-up into one buffer, records
//! separated by commas, so a page body is one copy of a contiguous slice
//! between a fixed prefix and suffix: the server does no JSON work per
//! request and is never the bottleneck.

use std::collections::HashMap;
use std::io::{BufRead as _, BufReader, Write as _};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use affiliate_common::sandbox::{Handler, Sandbox, SandboxRequest, SandboxResponse};
use bytes::Bytes;
use serde::Deserialize;
use url::Url;

use crate::BoxError;
use crate::record::Partnership;

/// What the server child serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServerConfig {
    /// Records in the data set (lists may serve any prefix of it).
    pub records: u64,
    /// Latency the slow server adds to every response.
    pub latency: Duration,
    /// PartnerStack partnerships in that data set.
    pub partnerstack: u64,
    /// Dub partners in that data set.
    pub dub: u64,
    /// impact.com actions in that data set.
    pub impact: u64,
}

impl ServerConfig {
    fn to_args(self) -> Vec<String> {
        vec![
            "--records".into(),
            self.records.to_string(),
            "--latency-ms".into(),
            self.latency.as_millis().to_string(),
            "--partnerstack".into(),
            self.partnerstack.to_string(),
            "--dub".into(),
            self.dub.to_string(),
            "--impact".into(),
            self.impact.to_string(),
        ]
    }

    fn from_args(args: &[String]) -> Result<Self, BoxError> {
        let mut cfg = ServerConfig {
            records: 0,
            latency: Duration::ZERO,
            partnerstack: 0,
            dub: 0,
            impact: 0,
        };
        let mut it = args.iter();
        while let Some(flag) = it.next() {
            let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
            match flag.as_str() {
                "--records" => cfg.records = value.parse()?,
                "--latency-ms" => cfg.latency = Duration::from_millis(value.parse()?),
                "--partnerstack" => cfg.partnerstack = value.parse()?,
                "--dub" => cfg.dub = value.parse()?,
                "--impact" => cfg.impact = value.parse()?,
                other => return Err(format!("unknown server flag {other}").into()),
            }
        }
        Ok(cfg)
    }
}

/// Every record of the data set, rendered once.
#[derive(Debug)]
pub struct Dataset {
    /// `rec0,rec1,...,recN-1,`: each record's JSON followed by a comma.
    json: Vec<u8>,
    /// `offsets[i]` is where record `i` starts; `offsets[n]` is the end.
    offsets: Vec<usize>,
    /// Cursor key to record index.
    keys: HashMap<String, u64>,
}

impl Dataset {
    /// Renders records `0..n` of the generic [`Partnership`] data set.
    pub fn render(n: u64) -> Self {
        Self::build(n, 420, |i, out| {
            let p = Partnership::generate(i);
            serde_json::to_writer(&mut *out, &p).expect("records always serialise");
            Some(p.key)
        })
    }

    /// Renders records `0..n` with `write`, which appends record `i`'s JSON
    /// and returns its cursor key (if the list is cursor-paged).
    pub fn build(
        n: u64,
        bytes_per_record: usize,
        mut write: impl FnMut(u64, &mut Vec<u8>) -> Option<String>,
    ) -> Self {
        let mut json = Vec::with_capacity(n as usize * bytes_per_record);
        let mut offsets = Vec::with_capacity(n as usize + 1);
        let mut keys = HashMap::new();
        for i in 0..n {
            offsets.push(json.len());
            if let Some(key) = write(i, &mut json) {
                keys.insert(key, i);
            }
            json.push(b',');
        }
        offsets.push(json.len());
        Dataset {
            json,
            offsets,
            keys,
        }
    }

    /// Records in the data set.
    pub fn len(&self) -> u64 {
        self.offsets.len() as u64 - 1
    }

    /// The JSON of records `a..b`, comma-separated.
    fn window(&self, a: u64, b: u64) -> &[u8] {
        if b <= a {
            return &[];
        }
        &self.json[self.offsets[a as usize]..self.offsets[b as usize] - 1]
    }

    fn page(&self, prefix: &[u8], a: u64, b: u64, suffix: &str) -> Bytes {
        let items = self.window(a, b);
        let mut out = Vec::with_capacity(prefix.len() + items.len() + suffix.len());
        out.extend_from_slice(prefix);
        out.extend_from_slice(items);
        out.extend_from_slice(suffix.as_bytes());
        out.into()
    }

    /// The window of a cursor page of the first `n` records: `limit`
    /// records after `after`.
    fn cursor_window(&self, n: u64, after: Option<&str>, limit: u64) -> Result<(u64, u64), String> {
        let start = match after {
            None => 0,
            Some(key) => match self.keys.get(key) {
                Some(&i) if i < n => i + 1,
                _ => return Err(format!("unknown cursor {key:?}")),
            },
        };
        Ok((start, (start + limit).min(n)))
    }

    /// A cursor page of the first `n` records: `limit` records after `after`.
    fn cursor_page(&self, n: u64, after: Option<&str>, limit: u64) -> Result<Bytes, String> {
        let (start, end) = self.cursor_window(n, after, limit)?;
        let suffix = format!(r#"],"has_more":{},"total":{n}}}}}"#, end < n);
        Ok(self.page(br#"{"data":{"items":["#, start, end, &suffix))
    }

    /// A PartnerStack list page of the first `n` records, in its envelope.
    fn partnerstack_page(&self, n: u64, after: Option<&str>, limit: u64) -> Result<Bytes, String> {
        let (start, end) = self.cursor_window(n, after, limit)?;
        let suffix = format!(
            r#"],"has_more":{},"total":{n}}},"message":"Partnerships retrieved successfully","status":200}}"#,
            end < n
        );
        Ok(self.page(br#"{"data":{"items":["#, start, end, &suffix))
    }

    /// Page `page` (1-based) of the first `n` records as a bare array.
    fn array_page(&self, n: u64, page: u64, per_page: u64) -> Bytes {
        let start = page.saturating_sub(1).saturating_mul(per_page).min(n);
        let end = (start + per_page).min(n);
        self.page(b"[", start, end, "]")
    }

    /// Page `page` (1-based) of the first `n` impact.com actions of
    /// account `sid`, in impact's `@`-metadata envelope (every scalar a
    /// string, `@nextpageuri` relative to the origin, `""` on the last page).
    fn impact_page(&self, n: u64, sid: &str, page: u64, per_page: u64) -> Bytes {
        let start = page.saturating_sub(1).saturating_mul(per_page).min(n);
        let end = (start + per_page).min(n);
        let pages = n.div_ceil(per_page).max(1);
        let path = format!("/impact/{n}/Advertisers/{sid}/Actions?PageSize={per_page}&Page=");
        let next = if page < pages {
            format!("{path}{}", page + 1)
        } else {
            String::new()
        };
        let prefix = format!(
            r#"{{"@page":"{page}","@numpages":"{pages}","@pagesize":"{per_page}","@total":"{n}","@start":"{start}","@end":"{}","@uri":"{path}{page}","@firstpageuri":"{path}1","@previouspageuri":"{}","@nextpageuri":"{next}","@lastpageuri":"{path}{pages}","Actions":["#,
            end.saturating_sub(1),
            if page > 1 {
                format!("{path}{}", page - 1)
            } else {
                String::new()
            },
        );
        self.page(prefix.as_bytes(), start, end, "]}")
    }

    /// Page `page` (1-based) of the first `n` records, `per_page` a page.
    fn numbered_page(&self, n: u64, page: u64, per_page: u64) -> Bytes {
        let start = page.saturating_sub(1).saturating_mul(per_page).min(n);
        let end = (start + per_page).min(n);
        let suffix = format!(r#"],"total_pages":{}}}"#, n.div_ceil(per_page));
        self.page(br#"{"items":["#, start, end, &suffix)
    }
}

/// Requests served per route.
#[derive(Debug, Default)]
struct Counters {
    cursor: AtomicU64,
    pages: AtomicU64,
}

/// The request counts `GET /stats` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
pub struct Stats {
    /// Cursor-list requests served.
    pub cursor: u64,
    /// Page-numbered-list requests served.
    pub pages: u64,
}

/// The routes of the test API.
#[derive(Debug, Clone)]
struct Api {
    data: Arc<Dataset>,
    partnerstack: Arc<Dataset>,
    dub: Arc<Dataset>,
    impact: Arc<Dataset>,
    counters: Arc<Counters>,
}

impl Api {
    fn new(cfg: &ServerConfig) -> Self {
        Api {
            data: Arc::new(Dataset::render(cfg.records)),
            partnerstack: Arc::new(Dataset::build(
                cfg.partnerstack,
                800,
                crate::scenarios::partnerstack::render,
            )),
            dub: Arc::new(Dataset::build(cfg.dub, 1600, |i, out| {
                crate::scenarios::dub::render(i, out);
                None
            })),
            impact: Arc::new(Dataset::build(
                cfg.impact,
                1200,
                crate::scenarios::impact::render,
            )),
            counters: Arc::default(),
        }
    }
}

fn list_size(n: &str, data: &Dataset) -> Result<u64, String> {
    let n: u64 = n.parse().map_err(|_| "the list size must be a number")?;
    if n > data.len() {
        return Err(format!("the server holds {} records", data.len()));
    }
    Ok(n)
}

fn bad_request(message: String) -> SandboxResponse {
    SandboxResponse::json(400, &serde_json::json!({ "message": message }))
}

fn num(req: &SandboxRequest, key: &str, default: u64) -> Result<u64, String> {
    match req.query(key) {
        None => Ok(default),
        Some(v) => v.parse().map_err(|_| format!("`{key}` must be a number")),
    }
}

impl Api {
    fn route(&self, req: &SandboxRequest) -> Result<SandboxResponse, String> {
        let segments = req.segments();
        let segs: Vec<&str> = segments.iter().map(String::as_str).collect();
        let json = |body: Bytes| SandboxResponse::bytes(200, "application/json", body);
        match segs.as_slice() {
            ["stats"] => {
                let c = &self.counters;
                Ok(SandboxResponse::json(
                    200,
                    &serde_json::json!({
                        "cursor": c.cursor.load(Ordering::Relaxed),
                        "pages": c.pages.load(Ordering::Relaxed),
                    }),
                ))
            }
            ["partnerstack", n, "partnerships"] => {
                let n = list_size(n, &self.partnerstack)?;
                let limit = num(req, "limit", 10)?.clamp(1, 250);
                Ok(json(self.partnerstack.partnerstack_page(
                    n,
                    req.query("starting_after"),
                    limit,
                )?))
            }
            ["dub", n, "partners"] => {
                let n = list_size(n, &self.dub)?;
                let page = num(req, "page", 1)?.max(1);
                let size = num(req, "pageSize", 100)?.clamp(1, 100);
                Ok(json(self.dub.array_page(n, page, size)))
            }
            ["impact", n, "Advertisers", sid, "Actions"] => {
                let n = list_size(n, &self.impact)?;
                let page = num(req, "Page", 1)?.max(1);
                let size = num(req, "PageSize", 2_000)?.clamp(1, 20_000);
                Ok(json(self.impact.impact_page(n, sid, page, size)))
            }
            [kind @ ("cursor" | "pages"), n, "partnerships"] => {
                let n = list_size(n, &self.data)?;
                if *kind == "cursor" {
                    self.counters.cursor.fetch_add(1, Ordering::Relaxed);
                    let limit = num(req, "limit", 250)?.clamp(1, 1000);
                    Ok(json(self.data.cursor_page(
                        n,
                        req.query("starting_after"),
                        limit,
                    )?))
                } else {
                    self.counters.pages.fetch_add(1, Ordering::Relaxed);
                    let page = num(req, "page", 1)?.max(1);
                    let per_page = num(req, "per_page", 100)?.clamp(1, 1000);
                    Ok(json(self.data.numbered_page(n, page, per_page)))
                }
            }
            _ => Ok(SandboxResponse::json(
                404,
                &serde_json::json!({ "message": "no such route" }),
            )),
        }
    }
}

impl Handler for Api {
    fn handle(&self, req: SandboxRequest) -> SandboxResponse {
        self.route(&req).unwrap_or_else(bad_request)
    }
}

/// The `bench serve ...` entry point, run in the child process.
///
/// # Errors
/// Bad flags, or no local port to bind.
pub fn serve(args: &[String]) -> Result<(), BoxError> {
    let cfg = ServerConfig::from_args(args)?;
    let api = Api::new(&cfg);
    // One thread: the server should leave the other core to the client.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let fast = Sandbox::start(api.clone()).await?;
        let slow = Sandbox::start(api).await?;
        slow.faults().set_latency(cfg.latency);
        let mut out = std::io::stdout().lock();
        writeln!(out, "READY {} {}", fast.url(), slow.url())?;
        out.flush()?;
        drop(out);
        // Serve until the parent closes our stdin (or exits).
        tokio::task::spawn_blocking(|| std::io::copy(&mut std::io::stdin(), &mut std::io::sink()))
            .await??;
        Ok(())
    })
}

/// The running server child; dropping it stops the child.
#[derive(Debug)]
pub struct Server {
    child: Child,
    stdin: Option<ChildStdin>,
    fast: Url,
    slow: Url,
    http: reqwest::Client,
}

impl Server {
    /// Starts `bench serve` with `cfg` and waits until it listens.
    ///
    /// # Errors
    /// When the child cannot be started or does not report its URLs.
    pub fn spawn(cfg: ServerConfig) -> Result<Server, BoxError> {
        let mut child = Command::new(std::env::current_exe()?)
            .arg("serve")
            .args(cfg.to_args())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()?;
        let stdin = child.stdin.take();
        let mut line = String::new();
        if let Some(out) = child.stdout.take() {
            BufReader::new(out).read_line(&mut line)?;
        }
        let mut words = line.split_whitespace();
        let (Some("READY"), Some(fast), Some(slow)) = (words.next(), words.next(), words.next())
        else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("the server child did not start (said {line:?})").into());
        };
        Ok(Server {
            fast: fast.parse()?,
            slow: slow.parse()?,
            child,
            stdin,
            http: reqwest::Client::new(),
        })
    }

    /// Base URL of the cursor list of the first `n` records, on the fast
    /// server (the list itself is `partnerships` under it).
    pub fn cursor_base(&self, n: u64) -> Url {
        self.fast
            .join(&format!("cursor/{n}/"))
            .expect("a relative path always joins")
    }

    /// Base URL of the page-numbered list of the first `n` records, on the
    /// server with injected latency.
    pub fn pages_base(&self, n: u64) -> Url {
        self.slow
            .join(&format!("pages/{n}/"))
            .expect("a relative path always joins")
    }

    /// Base URL (the API root) of the PartnerStack list of the first `n`
    /// partnerships, on the fast server.
    pub fn partnerstack_base(&self, n: u64) -> Url {
        self.fast
            .join(&format!("partnerstack/{n}/"))
            .expect("a relative path always joins")
    }

    /// Base URL (the API root) of the Dub partners list of the first `n`
    /// partners, on the fast server.
    pub fn dub_base(&self, n: u64) -> Url {
        self.fast
            .join(&format!("dub/{n}/"))
            .expect("a relative path always joins")
    }

    /// Base URL (the API root) of the impact.com Actions list of the first
    /// `n` actions, on the server with injected latency when `slow`.
    pub fn impact_base(&self, n: u64, slow: bool) -> Url {
        let root = if slow { &self.slow } else { &self.fast };
        root.join(&format!("impact/{n}/"))
            .expect("a relative path always joins")
    }

    /// The requests the server has served so far, per route.
    ///
    /// # Errors
    /// When the server does not answer.
    pub async fn stats(&self) -> Result<Stats, BoxError> {
        let url = self.fast.join("stats")?;
        Ok(self.http.get(url).send().await?.json().await?)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // Closing stdin asks the child to exit; kill it if it lingers.
        drop(self.stdin.take());
        for _ in 0..50 {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{CursorEnvelope, NumberedPage, Tally};

    #[tokio::test]
    async fn serves_impact_pages_with_next_page_uris() {
        use impact_com::ImpactPage;
        use impact_com::models::brand::Action;
        let api = Api::new(&ServerConfig {
            records: 0,
            latency: Duration::ZERO,
            partnerstack: 0,
            dub: 0,
            impact: 25,
        });
        let sandbox = Sandbox::start(api).await.unwrap();
        let http = reqwest::Client::new();
        let mut url = sandbox
            .url()
            .join("impact/20/Advertisers/IR1/Actions?PageSize=8")
            .unwrap();
        let mut seen = Vec::new();
        loop {
            let body = http
                .get(url.clone())
                .send()
                .await
                .unwrap()
                .bytes()
                .await
                .unwrap();
            let page: ImpactPage<Action> = serde_json::from_slice(&body).unwrap();
            assert_eq!((page.num_pages, page.total), (Some(3), Some(20)));
            seen.extend(page.items.into_iter().map(|a| a.id));
            match page.next_page_uri {
                Some(next) => url = url.join(&next).unwrap(),
                None => break,
            }
        }
        assert_eq!(seen.len(), 20);
        assert_eq!(seen[19], "1000.4005.19");
    }

    #[tokio::test]
    async fn serves_complete_cursor_and_numbered_lists() {
        let api = Api::new(&ServerConfig {
            records: 25,
            latency: Duration::ZERO,
            partnerstack: 0,
            dub: 0,
            impact: 0,
        });
        let sandbox = Sandbox::start(api).await.unwrap();
        let http = reqwest::Client::new();
        let get = |path: String| {
            let url = sandbox.url().join(&path).unwrap();
            let http = http.clone();
            async move { http.get(url).send().await.unwrap().bytes().await.unwrap() }
        };

        let mut tally = Tally::default();
        let mut after = String::new();
        loop {
            let body = get(format!("cursor/20/partnerships?limit=8{after}")).await;
            let page: CursorEnvelope = serde_json::from_slice(&body).unwrap();
            page.data.items.iter().for_each(|p| tally.add(p));
            assert_eq!(page.data.total, 20);
            if !page.data.has_more {
                break;
            }
            after = format!("&starting_after={}", page.data.items.last().unwrap().key);
        }
        assert_eq!(tally, Tally::expected(20));

        let body = get("pages/20/partnerships?page=3&per_page=8".into()).await;
        let page: NumberedPage = serde_json::from_slice(&body).unwrap();
        assert_eq!((page.items.len(), page.total_pages), (4, 3));
        assert_eq!(page.items[0], Partnership::generate(16));

        let stats: Stats = serde_json::from_slice(&get("stats".into()).await).unwrap();
        assert_eq!(
            stats,
            Stats {
                cursor: 3,
                pages: 1
            }
        );
        let status = http
            .get(
                sandbox
                    .url()
                    .join("cursor/20/partnerships?starting_after=nope")
                    .unwrap(),
            )
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(status, 400);
    }
}
