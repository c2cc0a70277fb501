//! Lazy, complete-or-loud pagination streams.
//!
//! A [`Paginator`] pairs a first [`Request`] with a [`Strategy`] and a page
//! type implementing [`PageBody`]. It offers:
//!
//! - [`Paginator::stream`]: every item, lazily;
//! - [`Paginator::pages`]: every page with its metadata ([`Page`]);
//! - [`Paginator::collect_all`]: every item in a `Vec`, checked against the
//!   total the API reports;
//! - [`Paginator::send`]: just the first page.
//!
//! Streams are `'static + Send + Unpin`: they own a handle to the client, so
//! they can be stored in a struct or moved into a spawned task.
//!
//! # How a stream ends
//!
//! | strategy | the stream ends when ... |
//! |---|---|
//! | cursor | `has_more` is `false`; without the flag, on an empty or short page |
//! | page number | the reported page count is reached; else `has_more` is `false`; else an empty or short page |
//! | offset | the reported total is reached; else `has_more` is `false`; else an empty or short page |
//! | next link | the page carries no next link |
//!
//! # Stop guards
//!
//! A stream never loops forever and never silently drops data. It ends with
//! [`Error::Incomplete`] when the API repeats a cursor or a next link, sends
//! a page it already sent in this stream, sends an empty page while saying
//! more data follows, links to another origin, leaves out the next link
//! while saying more pages follow, or when the stream reaches its page cap
//! while more data is reported.
//!
//! "The same page" is decided by [`PageParts::identity`] when the page body
//! provides one (for APIs whose bodies carry per-call fields such as a quota
//! counter or a timestamp), and by a fingerprint of the body bytes otherwise.
//!
//! Page counts, totals and offsets from the API are used with checked
//! arithmetic: an absurd count (`u64::MAX` pages) never overflows or wraps;
//! the stream pages on until the data runs out or the page cap stops it,
//! loudly.
//!
//! # Speed
//!
//! While the caller consumes one page, the next one is already being fetched
//! (one page of read-ahead; it is decoded on the caller's side, so records
//! are allocated and freed on one thread). For page-number, offset and
//! page-stepping next-link strategies, once the first page tells how many pages there are, up to
//! [`Paginator::concurrency`] pages (default 4) are fetched at once, still
//! through the client's rate limiter, and items still come out in order.
//! The requests for those pages are built one at a time as the fetch needs
//! them, so memory stays bounded by a few pages whatever the reported total.

mod builder;
mod strategy;

use std::collections::HashSet;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use futures_util::{StreamExt as _, TryStreamExt as _};
use serde::de::DeserializeOwned;
use tokio::task::JoinHandle;
use url::Url;

pub use builder::{failed_items, failed_pages};
pub use strategy::{Cursor, KeyFn, NextLink, Offset, PageNumber, Strategy};

/// The item type of a raw page stream ([`Paginator::into_raw`]): one record
/// as the API sent it, its JSON text unparsed (whitespace and key order
/// included). `serde_json::from_str(item.get())` decodes it.
pub type RawItem = Box<serde_json::value::RawValue>;
use strategy::{Next, PageCtx, Plan, Seen};

use crate::client::{Client, decode};
use crate::error::{Error, IncompleteData, IncompleteKind, Result};
use crate::request::Request;
use crate::response::{RawResponse, ResponseMeta};

/// The default number of pages fetched at once when the page count is known.
pub const DEFAULT_CONCURRENCY: usize = 4;
/// The default page cap of a stream.
pub const DEFAULT_PAGE_CAP: u64 = 1_000_000;

/// A boxed stream of pages.
pub type PageStream<T> = Pin<Box<dyn Stream<Item = Result<Page<T>>> + Send + 'static>>;
/// A boxed stream of items.
pub type ItemStream<T> = Pin<Box<dyn Stream<Item = Result<T>> + Send + 'static>>;

/// A decoded list response, seen through the pagination engine's eyes.
///
/// API crates implement this for their list envelopes; the decode path then
/// names the full JSON path (`data.items[3].status`) on failure.
pub trait PageBody: DeserializeOwned + Send + 'static {
    /// The record type.
    type Item: Send + 'static;

    /// Splits the body into items and paging facts.
    fn into_parts(self) -> PageParts<Self::Item>;
}

/// A bare JSON array is a page with no paging facts (Dub's lists).
impl<T: DeserializeOwned + Send + 'static> PageBody for Vec<T> {
    type Item = T;
    fn into_parts(self) -> PageParts<T> {
        PageParts::new(self)
    }
}

/// A list body that can also be read with its records left as raw JSON.
///
/// `Raw` is the same envelope with [`RawItem`] records (each record's JSON
/// text, not parsed into a tree), so a [`Paginator::into_raw`] stream pages
/// exactly like the typed one while the caller decodes (and can set aside)
/// each record itself. This is what a sync needs to keep a record that
/// fails to decode instead of failing its page.
pub trait RawPageBody: PageBody {
    /// The same body with raw JSON records.
    type Raw: PageBody<Item = RawItem>;

    /// The cursor key of a raw record that does not decode as
    /// [`PageBody::Item`], so that such a record at the end of a page does
    /// not break a cursor stream. `None` (the default) when the list is not
    /// cursor-paged or the key cannot be read without the model.
    fn raw_cursor_key(_record: &RawItem) -> Option<String> {
        None
    }
}

/// A bare array's records are cursor-paged by their `id` (Dub's lists).
impl<T: DeserializeOwned + Send + 'static> RawPageBody for Vec<T> {
    type Raw = Vec<RawItem>;

    fn raw_cursor_key(record: &RawItem) -> Option<String> {
        raw_string_field(record, "id")
    }
}

/// The string value of the top-level field `key` of a raw record, when the
/// record is an object whose `key` is a string (the last one, should the
/// key repeat). For [`RawPageBody::raw_cursor_key`]: it reads a record that
/// does not decode as its model.
pub fn raw_string_field(record: &RawItem, key: &str) -> Option<String> {
    use serde::de::{Deserializer as _, IgnoredAny, MapAccess, Visitor};
    use std::borrow::Cow;

    struct Field<'k>(&'k str);

    impl<'de> Visitor<'de> for Field<'_> {
        type Value = Option<String>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: MapAccess<'de>>(
            self,
            mut map: A,
        ) -> std::result::Result<Self::Value, A::Error> {
            let mut found = None;
            while let Some(k) = map.next_key::<Cow<'de, str>>()? {
                if k == self.0 {
                    let v: &'de serde_json::value::RawValue = map.next_value()?;
                    found = serde_json::from_str::<String>(v.get()).ok();
                } else {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            Ok(found)
        }
    }

    let mut de = serde_json::Deserializer::from_str(record.get());
    de.deserialize_map(Field(key)).ok().flatten()
}

/// The items of one page and what the API said about the rest.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct PageParts<T> {
    /// The records of this page.
    pub items: Vec<T>,
    /// Whether the API says more records follow.
    pub has_more: Option<bool>,
    /// The total number of records, when the API reports it.
    pub total_items: Option<u64>,
    /// The total number of pages, when the API reports it.
    pub total_pages: Option<u64>,
    /// The URL of the next page, for next-link pagination.
    pub next_link: Option<String>,
    /// Calls left in the rate window, when the body reports it.
    pub remaining_calls: Option<u64>,
    /// What makes this page this page, for the repeated-page guard: two
    /// pages of a stream with the same identity are the same page. Set it
    /// when bodies carry fields that change on every call (a quota counter,
    /// a timestamp), for instance to a hash of the record ids and their
    /// count; when `None`, the guard compares the body bytes.
    pub identity: Option<u64>,
}

impl<T> PageParts<T> {
    /// A page of `items` with no paging facts.
    pub fn new(items: Vec<T>) -> Self {
        PageParts {
            items,
            has_more: None,
            total_items: None,
            total_pages: None,
            next_link: None,
            remaining_calls: None,
            identity: None,
        }
    }

    /// Sets `has_more`.
    pub fn has_more(mut self, v: Option<bool>) -> Self {
        self.has_more = v;
        self
    }

    /// Sets the total number of records.
    pub fn total_items(mut self, v: Option<u64>) -> Self {
        self.total_items = v;
        self
    }

    /// Sets the total number of pages.
    pub fn total_pages(mut self, v: Option<u64>) -> Self {
        self.total_pages = v;
        self
    }

    /// Sets the next-page link.
    pub fn next_link(mut self, v: Option<String>) -> Self {
        self.next_link = v;
        self
    }

    /// Sets the calls left in the rate window.
    pub fn remaining_calls(mut self, v: Option<u64>) -> Self {
        self.remaining_calls = v;
        self
    }

    /// Sets the page identity the repeated-page guard compares (see
    /// [`PageParts::identity`]).
    pub fn identity(mut self, v: Option<u64>) -> Self {
        self.identity = v;
        self
    }
}

/// One page of a stream.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Page<T> {
    /// The records of this page.
    pub items: Vec<T>,
    /// The 1-based position of this page in the stream.
    pub number: u64,
    /// Whether the API says more records follow.
    pub has_more: Option<bool>,
    /// The total number of records, when the API reports it.
    pub total_items: Option<u64>,
    /// The total number of pages, when the API reports it.
    pub total_pages: Option<u64>,
    /// Status, headers, request id and rate-limit figures of the response.
    pub meta: ResponseMeta,
}

/// Tuning knobs of a stream.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct PageOptions {
    /// Pages fetched at once when the page count is known (1 disables).
    pub concurrency: usize,
    /// Whether the next page is fetched while the caller consumes this one.
    pub read_ahead: bool,
    /// The most pages a stream fetches; reaching it with more data reported
    /// ends the stream with [`IncompleteKind::PageCap`].
    pub page_cap: u64,
    /// Whether the stream itself fails at the end when the item count
    /// differs from the API's reported total ([`Paginator::collect_all`]
    /// always checks).
    pub check_total: bool,
}

impl Default for PageOptions {
    fn default() -> Self {
        PageOptions {
            concurrency: DEFAULT_CONCURRENCY,
            read_ahead: true,
            page_cap: DEFAULT_PAGE_CAP,
            check_total: false,
        }
    }
}

/// A lazily paginated list endpoint.
///
/// API crates return this (or wrap it) from their `list()` builders.
pub struct Paginator<P: PageBody> {
    client: Client,
    request: Request,
    strategy: Strategy<P::Item>,
    options: PageOptions,
    _body: PhantomData<fn() -> P>,
}

impl<P: PageBody> std::fmt::Debug for Paginator<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Paginator")
            .field("path", &self.request.path().template())
            .field("strategy", &self.strategy)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl<P: PageBody> Paginator<P> {
    /// Pages through `request` with `strategy`.
    pub fn new(client: Client, request: Request, strategy: Strategy<P::Item>) -> Self {
        Paginator {
            client,
            request,
            strategy,
            options: PageOptions::default(),
            _body: PhantomData,
        }
    }

    /// Sets how many pages are fetched at once when the page count is known
    /// (default 4; 1 fetches strictly one after another).
    pub fn concurrency(mut self, n: usize) -> Self {
        self.options.concurrency = n.max(1);
        self
    }

    /// Turns read-ahead of the next page on (default) or off.
    pub fn read_ahead(mut self, on: bool) -> Self {
        self.options.read_ahead = on;
        self
    }

    /// Sets the page cap (default [`DEFAULT_PAGE_CAP`]).
    pub fn page_cap(mut self, cap: u64) -> Self {
        self.options.page_cap = cap.max(1);
        self
    }

    /// Makes the stream fail at its end when the item count differs from the
    /// total the API reported.
    pub fn check_total(mut self, on: bool) -> Self {
        self.options.check_total = on;
        self
    }

    /// Replaces all options at once.
    pub fn options(mut self, options: PageOptions) -> Self {
        self.options = options;
        self
    }

    /// The first request the stream sends.
    pub fn request(&self) -> &Request {
        &self.request
    }

    /// Fetches only the first page.
    ///
    /// # Errors
    /// Any [`Error`] of the request or its decoding.
    pub async fn send(self) -> Result<Page<P::Item>> {
        let req = self.strategy.first_request(self.request);
        let fetched = fetch::<P>(self.client, req).await?;
        Ok(fetched.into_page(1))
    }

    /// Every page, lazily.
    pub fn pages(self) -> PageStream<P::Item> {
        Box::pin(run::<P>(self))
    }

    /// Every item, lazily, in order.
    pub fn stream(self) -> ItemStream<P::Item> {
        Box::pin(
            self.pages()
                .map_ok(|page| futures_util::stream::iter(page.items.into_iter().map(Ok)))
                .try_flatten(),
        )
    }

    /// Every item in a `Vec`, failing with [`Error::Incomplete`] when the
    /// count differs from the total the API reported.
    ///
    /// # Errors
    /// Any [`Error`] of a page request, or [`Error::Incomplete`].
    pub async fn collect_all(self) -> Result<Vec<P::Item>> {
        let mut pages = self.check_total(true).pages();
        let mut items = Vec::new();
        while let Some(page) = pages.next().await {
            items.extend(page?.items);
        }
        Ok(items)
    }
}

impl<P: RawPageBody> Paginator<P>
where
    P::Item: DeserializeOwned,
{
    /// The same requests, strategy and options, with the records left as raw
    /// JSON ([`RawPageBody::Raw`]). A cursor strategy reads its key from the
    /// record decoded as `P::Item`, or, when the record does not decode,
    /// through [`RawPageBody::raw_cursor_key`]; when neither gives a key for
    /// the last record of a page, the stream ends with
    /// [`Error::Incomplete`], never silently.
    pub fn into_raw(self) -> Paginator<P::Raw> {
        Paginator {
            client: self.client,
            request: self.request,
            strategy: self.strategy.map_items(
                |v: &RawItem| serde_json::from_str::<P::Item>(v.get()).ok(),
                P::raw_cursor_key,
            ),
            options: self.options,
            _body: PhantomData,
        }
    }
}

/// A fetched and decoded page, before it is handed to the caller.
struct Fetched<T> {
    parts: PageParts<T>,
    meta: ResponseMeta,
    /// What the repeated-page guard compares (the body itself is dropped as
    /// soon as it is decoded).
    key: PageKey,
    url: Url,
}

/// What the repeated-page guard compares across the pages of a stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum PageKey {
    /// The identity the page body reported ([`PageParts::identity`]).
    Identity(u64),
    /// A fingerprint of the body bytes (see [`fingerprint`]).
    Body(usize, u64),
}

impl<T> Fetched<T> {
    fn into_page(self, number: u64) -> Page<T> {
        Page {
            number,
            has_more: self.parts.has_more,
            total_items: self.parts.total_items,
            total_pages: self.parts.total_pages,
            items: self.parts.items,
            meta: self.meta,
        }
    }
}

async fn fetch<P: PageBody>(client: Client, req: Request) -> Result<Fetched<P::Item>> {
    let raw = fetch_raw(client.clone(), req).await?;
    decode_page::<P>(&client, raw)
}

/// A page's response, fetched but not decoded yet.
struct RawPage {
    raw: RawResponse,
    url: Url,
}

/// Sends a page request. Spawned tasks run only this, so the network wait
/// overlaps the caller's work while decoding (and so every allocation of
/// the records) happens on the caller's thread, where they are also freed.
async fn fetch_raw(client: Client, req: Request) -> Result<RawPage> {
    let url = client.url_for(&req)?;
    let raw = client.execute_at(req, url.clone()).await?;
    Ok(RawPage { raw, url })
}

fn decode_page<P: PageBody>(client: &Client, page: RawPage) -> Result<Fetched<P::Item>> {
    let RawPage { raw, url } = page;
    let mut meta = raw.meta;
    let body: P = decode(&raw.body, &meta)?;
    let parts = body.into_parts();
    if let Some(left) = parts.remaining_calls {
        meta.rate_limit.remaining = Some(left);
        client.observe_remaining(&meta.rate_limit);
    }
    let key = match parts.identity {
        Some(id) => PageKey::Identity(id),
        None => {
            let (len, hash) = fingerprint(&raw.body);
            PageKey::Body(len, hash)
        }
    };
    Ok(Fetched {
        parts,
        meta,
        key,
        url,
    })
}

/// A fingerprint of a page body: its length and a hash of every byte.
///
/// Byte-identical bodies always match. The hash takes the body eight bytes
/// at a time through a step that is a bijection of the running value for a
/// given word and of the word for a given running value, so two bodies of
/// the same length that differ in a single word never match; wider
/// differences collide with a chance of about 2^-64. Every byte counts: an
/// earlier version hashed 256 samples of the body, and took two pages of
/// large, alike records whose keys fell between the samples for the same
/// page. It runs at several GB/s, a small fraction of decoding the page.
fn fingerprint(body: &[u8]) -> (usize, u64) {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let step = |h: u64, w: [u8; 8]| (h.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
    let mut words = body.chunks_exact(8);
    let mut h = 0;
    for w in &mut words {
        h = step(h, w.try_into().unwrap_or_default());
    }
    let mut tail = [0; 8];
    tail[..words.remainder().len()].copy_from_slice(words.remainder());
    (body.len(), step(h, tail))
}

/// A spawned page fetch, aborted when dropped (so dropping a stream cancels
/// its read-ahead).
struct Task(JoinHandle<Result<RawPage>>);

impl Drop for Task {
    fn drop(&mut self) {
        self.0.abort();
    }
}

impl Future for Task {
    type Output = Result<RawPage>;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match Pin::new(&mut self.0).poll(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Ok(r)) => Poll::Ready(r),
            Poll::Ready(Err(e)) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
            Poll::Ready(Err(_)) => Poll::Ready(Err(IncompleteData::error(
                IncompleteKind::BrokenContinuation {
                    reason: "the page fetch was cancelled (runtime shutting down)".into(),
                },
                0,
                0,
            ))),
        }
    }
}

fn spawn(client: &Client, req: Request) -> Task {
    Task(tokio::spawn(fetch_raw(client.clone(), req)))
}

/// Counters and guards shared by every phase of a stream.
struct Progress {
    items: u64,
    pages: u64,
    last_total: Option<u64>,
    /// The key of every non-empty page admitted so far. Compared against all
    /// of them, not just the previous page: with pages fetched concurrently,
    /// a stale copy of any earlier page (a cache serving page 2 for page 5)
    /// would otherwise pass, repeat its records and hide the real page, with
    /// the count still matching the total. At most one entry per page, so
    /// bounded by the page cap (16 bytes each).
    seen_keys: HashSet<PageKey>,
}

impl Progress {
    fn fail(&self, kind: IncompleteKind) -> Error {
        IncompleteData::error(kind, self.items, self.pages)
    }

    /// Rejects a page that is the same as any earlier page of the stream
    /// (same identity, or a byte-identical body: the API ignored the paging
    /// parameter, or a cache served a stale page), then counts it.
    fn admit<T>(&mut self, f: &Fetched<T>) -> Result<()> {
        if !f.parts.items.is_empty() && !self.seen_keys.insert(f.key) {
            return Err(self.fail(IncompleteKind::RepeatedPage {
                page: self.pages.saturating_add(1),
            }));
        }
        self.pages = self.pages.saturating_add(1);
        if f.parts.total_items.is_some() {
            self.last_total = f.parts.total_items;
        }
        Ok(())
    }
}

fn run<P: PageBody>(p: Paginator<P>) -> impl Stream<Item = Result<Page<P::Item>>> + Send + 'static {
    async_stream::try_stream! {
        let Paginator { client, request, strategy, options, .. } = p;
        let origin = client.base_url().origin();
        let mut seen = Seen::default();
        let mut progress = Progress { items: 0, pages: 0, last_total: None, seen_keys: HashSet::new() };
        let mut current = strategy.first_request(request);
        let mut task = Some(spawn(&client, current.clone()));
        let mut planned: Option<Plan> = None;

        while let Some(running) = task.take() {
            let fetched = decode_page::<P>(&client, running.await?)?;
            progress.admit(&fetched)?;
            let next = {
                let ctx = PageCtx {
                    request: &current,
                    url: &fetched.url,
                    base_origin: &origin,
                    parts: &fetched.parts,
                    items_so_far: progress.items,
                    number: progress.pages,
                };
                let next = strategy.next(&mut seen, &ctx);
                // After the first page: fetch the rest concurrently when the
                // page count is known and the strategy allows it (and the
                // page itself gives no reason to stop, such as a foreign link).
                if matches!(next, Ok(Next::Fetch(_)))
                    && progress.pages == 1
                    && options.concurrency > 1
                {
                    planned = strategy.plan(&seen, &ctx, options.page_cap);
                }
                next
            };
            let next = next.map_err(|k| progress.fail(k))?;

            if let Some(plan) = planned.take() {
                progress.items = progress.items.saturating_add(fetched.parts.items.len() as u64);
                yield fetched.into_page(progress.pages);
                // The plan builds each request as the buffer pulls it, so no
                // more than `concurrency` of them exist at once.
                let mut running = futures_util::stream::iter(plan)
                    .map(|r| {
                        let t = spawn(&client, r.clone());
                        async move { (r, t.await) }
                    })
                    .buffered(options.concurrency);
                let mut last: Option<(Request, Next)> = None;
                while let Some((req, res)) = running.next().await {
                    let fetched = decode_page::<P>(&client, res?)?;
                    progress.admit(&fetched)?;
                    if fetched.parts.items.is_empty() {
                        Err(progress.fail(IncompleteKind::EmptyPageWithMore { page: progress.pages }))?;
                    }
                    let next = {
                        let ctx = PageCtx {
                            request: &req,
                            url: &fetched.url,
                            base_origin: &origin,
                            parts: &fetched.parts,
                            items_so_far: progress.items,
                            number: progress.pages,
                        };
                        strategy.next(&mut seen, &ctx)
                    };
                    let next = next.map_err(|k| progress.fail(k))?;
                    progress.items = progress.items.saturating_add(fetched.parts.items.len() as u64);
                    // A planned page may still say the stream cannot go on
                    // (a next link to another origin): yield it, then stop.
                    let stop = match next {
                        Next::FailAfter(kind) => Some(kind),
                        other => {
                            last = Some((req, other));
                            None
                        }
                    };
                    yield fetched.into_page(progress.pages);
                    if let Some(kind) = stop {
                        Err(progress.fail(kind))?;
                    }
                }
                // The data may have grown while we paged: carry on from the
                // last planned page as a sequential stream would.
                if let Some((req, next)) = last {
                    current = req;
                    task = schedule(&client, &mut current, next, &progress, &options)?;
                }
                continue;
            }

            progress.items = progress.items.saturating_add(fetched.parts.items.len() as u64);
            let page = fetched.into_page(progress.pages);
            if options.read_ahead {
                // Start the next fetch before handing this page over; any
                // reason to stop is raised only after the page is yielded.
                let scheduled = schedule(&client, &mut current, next, &progress, &options);
                yield page;
                task = scheduled?;
            } else {
                yield page;
                task = schedule(&client, &mut current, next, &progress, &options)?;
            }
        }

        if options.check_total
            && let Some(total) = progress.last_total
            && total != progress.items
        {
            Err(progress.fail(IncompleteKind::TotalMismatch { expected: total, received: progress.items }))?;
        }
    }
}

/// Starts the fetch `next` asks for (updating `current`), or reports why the
/// stream must end.
fn schedule(
    client: &Client,
    current: &mut Request,
    next: Next,
    progress: &Progress,
    options: &PageOptions,
) -> Result<Option<Task>> {
    match next {
        Next::Done => Ok(None),
        Next::FailAfter(kind) => Err(progress.fail(kind)),
        Next::Fetch(req) => {
            if progress.pages >= options.page_cap {
                return Err(progress.fail(IncompleteKind::PageCap {
                    cap: options.page_cap,
                }));
            }
            *current = req;
            Ok(Some(spawn(client, current.clone())))
        }
    }
}
