//! The four ways APIs hand out pages, and how each decides what to fetch next.

use std::collections::HashSet;
use std::fmt;
use std::sync::Arc;

use url::Url;

use super::PageParts;
use crate::error::IncompleteKind;
use crate::request::Request;

/// Reads the cursor key of an item (PartnerStack's `key`, Dub's `id`).
pub type KeyFn<T> = Arc<dyn Fn(&T) -> Option<String> + Send + Sync>;

/// How a paginated endpoint moves from one page to the next.
pub enum Strategy<T> {
    /// Send a key of the last (or first) item as the cursor parameter.
    Cursor(Cursor<T>),
    /// Send `page=1, 2, 3, ...`.
    PageNumber(PageNumber),
    /// Send `offset=0, n, 2n, ...`.
    Offset(Offset),
    /// Follow a next-page URL read from the body.
    NextLink(NextLink),
}

impl<T> fmt::Debug for Strategy<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Strategy::Cursor(c) => f
                .debug_struct("Cursor")
                .field("param", &c.param)
                .field("backward", &c.backward)
                .field("page_size", &c.page_size)
                .finish(),
            Strategy::PageNumber(p) => p.fmt(f),
            Strategy::Offset(o) => o.fmt(f),
            Strategy::NextLink(n) => n.fmt(f),
        }
    }
}

/// Cursor pagination: the next page starts after the last item's key.
///
/// The stream ends when the page says `has_more: false`, or, when the API
/// sends no such flag, on an empty page or a page shorter than
/// [`Cursor::page_size`].
pub struct Cursor<T> {
    pub(crate) param: &'static str,
    pub(crate) key: KeyFn<T>,
    pub(crate) backward: bool,
    pub(crate) size_param: Option<&'static str>,
    pub(crate) page_size: Option<u64>,
}

impl<T> Cursor<T> {
    /// Pages forward: `param` (e.g. `starting_after`) gets the key of the
    /// last item of each page, read by `key`.
    pub fn new(
        param: &'static str,
        key: impl Fn(&T) -> Option<String> + Send + Sync + 'static,
    ) -> Self {
        Cursor {
            param,
            key: Arc::new(key),
            backward: false,
            size_param: None,
            page_size: None,
        }
    }

    /// Pages backward: `param` (e.g. `ending_before`) gets the key of the
    /// first item of each page.
    pub fn backward(
        param: &'static str,
        key: impl Fn(&T) -> Option<String> + Send + Sync + 'static,
    ) -> Self {
        Cursor {
            backward: true,
            ..Self::new(param, key)
        }
    }

    /// Sends `size_param=size` on every request, and treats a shorter page
    /// as the last one when the API sends no `has_more`.
    pub fn page_size(mut self, size_param: &'static str, size: u64) -> Self {
        self.size_param = Some(size_param);
        self.page_size = Some(size);
        self
    }
}

/// Page-number pagination: `page=1, 2, ...`.
///
/// The stream ends on the reported total page count, else on `has_more:
/// false`, else on an empty page or one shorter than the page size.
#[derive(Debug, Clone)]
pub struct PageNumber {
    pub(crate) page_param: &'static str,
    pub(crate) size_param: Option<&'static str>,
    pub(crate) page_size: Option<u64>,
    pub(crate) first_page: u64,
}

impl PageNumber {
    /// Sends the page number in `page_param`, starting at 1.
    pub fn new(page_param: &'static str) -> Self {
        PageNumber {
            page_param,
            size_param: None,
            page_size: None,
            first_page: 1,
        }
    }

    /// Sends `size_param=size` on every request.
    pub fn page_size(mut self, size_param: &'static str, size: u64) -> Self {
        self.size_param = Some(size_param);
        self.page_size = Some(size);
        self
    }

    /// Starts at `first` instead of 1 (for zero-based APIs, or to resume).
    pub fn first_page(mut self, first: u64) -> Self {
        self.first_page = first;
        self
    }
}

/// Offset pagination: `offset=0, n, 2n, ...` with a fixed `limit`.
///
/// The stream ends when the reported total is reached, else on `has_more:
/// false`, else on an empty or short page.
#[derive(Debug, Clone)]
pub struct Offset {
    pub(crate) offset_param: &'static str,
    pub(crate) limit_param: &'static str,
    pub(crate) limit: u64,
}

impl Offset {
    /// Sends `offset_param` and `limit_param=limit`.
    pub fn new(offset_param: &'static str, limit_param: &'static str, limit: u64) -> Self {
        Offset {
            offset_param,
            limit_param,
            limit: limit.max(1),
        }
    }
}

/// Next-link pagination: the body names the next page's URL.
///
/// Relative links are resolved against the current page's URL. A link to
/// another origin than the client's base URL is refused, since following
/// it would send credentials to a third party. The stream ends when the
/// page has no link.
///
/// With [`NextLink::page_param`], an API whose links only step a page-number
/// parameter (impact.com's `Page`) gets its remaining pages fetched
/// concurrently once the first page reports the page count; without a page
/// count, links are followed one by one.
#[derive(Debug, Clone, Default)]
pub struct NextLink {
    pub(crate) page_param: Option<&'static str>,
}

impl NextLink {
    /// Follows the link each page reports in [`PageParts::next_link`].
    pub fn new() -> Self {
        Self::default()
    }

    /// Declares that the links step the page-number parameter `param`
    /// (1-based), so that once [`PageParts::total_pages`] is known the
    /// remaining pages can be requested concurrently as `param=2..=N`.
    pub fn page_param(mut self, param: &'static str) -> Self {
        self.page_param = Some(param);
        self
    }
}

/// What to do after a page.
// One value per page, moved straight into `schedule`: boxing the request
// would cost an allocation per page for nothing.
#[allow(clippy::large_enum_variant)]
pub(crate) enum Next {
    /// Fetch this request.
    Fetch(Request),
    /// The data set is complete.
    Done,
    /// Yield this page, then end the stream with this error.
    FailAfter(IncompleteKind),
}

/// Per-stream memory of the strategies' guards.
#[derive(Default)]
pub(crate) struct Seen {
    /// Fingerprints of every cursor or link handed out so far (8 bytes each,
    /// whatever the cursor's length).
    cursors: HashSet<u64>,
    /// Items per page as the server actually sends them (learned from the
    /// first page when the API caps the requested size).
    effective_size: Option<u64>,
}

/// A 64-bit fingerprint of a cursor or link.
fn key_fingerprint(key: &str) -> u64 {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let mut h = DefaultHasher::new();
    key.hash(&mut h);
    h.finish()
}

/// What the engine knows about the page just fetched.
pub(crate) struct PageCtx<'a, T> {
    pub request: &'a Request,
    pub url: &'a Url,
    pub base_origin: &'a url::Origin,
    pub parts: &'a PageParts<T>,
    pub items_so_far: u64,
    pub number: u64,
}

impl<T> Strategy<T> {
    /// The first request: the caller's request plus size and start parameters.
    pub(crate) fn first_request(&self, base: Request) -> Request {
        match self {
            Strategy::Cursor(c) => match (c.size_param, c.page_size) {
                (Some(p), Some(s)) => base.set_query(p, s),
                _ => base,
            },
            Strategy::PageNumber(p) => {
                let r = base.set_query(p.page_param, p.first_page);
                match (p.size_param, p.page_size) {
                    (Some(sp), Some(s)) => r.set_query(sp, s),
                    _ => r,
                }
            }
            Strategy::Offset(o) => {
                let start = base
                    .query_value(o.offset_param)
                    .and_then(|v| v.parse::<u64>().ok())
                    .unwrap_or(0);
                base.set_query(o.offset_param, start)
                    .set_query(o.limit_param, o.limit)
            }
            Strategy::NextLink(_) => base,
        }
    }

    /// The requested page size, when the strategy sets one.
    fn requested_size(&self) -> Option<u64> {
        match self {
            Strategy::Cursor(c) => c.page_size,
            Strategy::PageNumber(p) => p.page_size,
            Strategy::Offset(o) => Some(o.limit),
            Strategy::NextLink(_) => None,
        }
    }

    /// Learns the server's real page size from the first page: when it sent
    /// fewer items than asked for but says more follow, it capped the size.
    fn learn_size(&self, seen: &mut Seen, parts: &PageParts<T>, items_so_far: u64) {
        if seen.effective_size.is_some() {
            return;
        }
        let n = parts.items.len() as u64;
        let more_reported = parts.has_more == Some(true)
            || parts.total_pages.is_some_and(|tp| tp > 1)
            || parts.total_items.is_some_and(|t| t > items_so_far + n);
        seen.effective_size = match self.requested_size() {
            Some(req) if n < req && more_reported && n > 0 => Some(n),
            Some(req) => Some(req),
            None if n > 0 => Some(n),
            None => None,
        };
    }

    /// Decides what follows the page in `ctx`.
    ///
    /// `Err` means the page itself must not be yielded (it repeats data, or
    /// contradicts itself); [`Next::FailAfter`] means the page is good but
    /// the stream cannot go on.
    pub(crate) fn next(
        &self,
        seen: &mut Seen,
        ctx: &PageCtx<'_, T>,
    ) -> Result<Next, IncompleteKind> {
        let parts = ctx.parts;
        let n = parts.items.len() as u64;
        if n == 0 && parts.has_more == Some(true) {
            return Err(IncompleteKind::EmptyPageWithMore { page: ctx.number });
        }
        if ctx.number == 1 {
            self.learn_size(seen, parts, ctx.items_so_far);
        }
        let short = |seen: &Seen| n == 0 || seen.effective_size.is_some_and(|s| n < s);
        match self {
            Strategy::Cursor(c) => {
                match parts.has_more {
                    Some(false) => return Ok(Next::Done),
                    Some(true) => {}
                    None if short(seen) => return Ok(Next::Done),
                    None => {}
                }
                let item = if c.backward {
                    parts.items.first()
                } else {
                    parts.items.last()
                };
                let Some(key) = item.and_then(|i| (c.key)(i)).filter(|k| !k.is_empty()) else {
                    return Ok(Next::FailAfter(IncompleteKind::BrokenContinuation {
                        reason: "the last item of the page has no cursor key".into(),
                    }));
                };
                if !seen.cursors.insert(key_fingerprint(&key)) {
                    return Err(IncompleteKind::RepeatedCursor { cursor: key });
                }
                Ok(Next::Fetch(ctx.request.clone().set_query(c.param, key)))
            }
            Strategy::PageNumber(p) => {
                let current = ctx
                    .request
                    .query_value(p.page_param)
                    .and_then(|v| v.parse::<u64>().ok())
                    .unwrap_or(p.first_page);
                if let Some(total_pages) = parts.total_pages {
                    let last = (p.first_page + total_pages).saturating_sub(1);
                    if current >= last {
                        return Ok(Next::Done);
                    }
                    if n == 0 {
                        return Err(IncompleteKind::EmptyPageWithMore { page: ctx.number });
                    }
                } else if let Some(total) = parts.total_items {
                    if ctx.items_so_far + n >= total {
                        return Ok(Next::Done);
                    }
                    if n == 0 {
                        return Err(IncompleteKind::EmptyPageWithMore { page: ctx.number });
                    }
                } else {
                    match parts.has_more {
                        Some(false) => return Ok(Next::Done),
                        Some(true) => {}
                        None if short(seen) => return Ok(Next::Done),
                        None => {}
                    }
                }
                Ok(Next::Fetch(
                    ctx.request.clone().set_query(p.page_param, current + 1),
                ))
            }
            Strategy::Offset(o) => {
                let offset = ctx
                    .request
                    .query_value(o.offset_param)
                    .and_then(|v| v.parse::<u64>().ok())
                    .unwrap_or(0);
                if let Some(total) = parts.total_items {
                    if offset + n >= total {
                        return Ok(Next::Done);
                    }
                    if n == 0 {
                        return Err(IncompleteKind::EmptyPageWithMore { page: ctx.number });
                    }
                } else {
                    match parts.has_more {
                        Some(false) => return Ok(Next::Done),
                        Some(true) => {}
                        None if short(seen) => return Ok(Next::Done),
                        None => {}
                    }
                }
                Ok(Next::Fetch(
                    ctx.request.clone().set_query(o.offset_param, offset + n),
                ))
            }
            Strategy::NextLink(_) => {
                let Some(link) = parts.next_link.as_deref().filter(|l| !l.trim().is_empty()) else {
                    if parts.has_more == Some(true) {
                        return Ok(Next::FailAfter(IncompleteKind::BrokenContinuation {
                            reason: "the API reported more data but sent no next link".into(),
                        }));
                    }
                    return Ok(Next::Done);
                };
                let url = match ctx.url.join(link.trim()) {
                    Ok(u) => u,
                    Err(e) => {
                        return Ok(Next::FailAfter(IncompleteKind::BrokenContinuation {
                            reason: format!("unparseable next link ({e})"),
                        }));
                    }
                };
                if url.origin() != *ctx.base_origin {
                    return Ok(Next::FailAfter(IncompleteKind::ForeignNextLink {
                        link: url.origin().ascii_serialization(),
                    }));
                }
                // Every page fetched so far counts, the first one included, so
                // a link back to any of them is caught before items repeat.
                seen.cursors.insert(key_fingerprint(ctx.url.as_str()));
                if !seen.cursors.insert(key_fingerprint(url.as_str())) {
                    return Ok(Next::FailAfter(IncompleteKind::RepeatedCursor {
                        cursor: url.path().to_owned(),
                    }));
                }
                Ok(Next::Fetch(ctx.request.clone().with_absolute(url)))
            }
        }
    }

    /// After the first page, the requests for every remaining page, when the
    /// strategy and the reported totals allow fetching them concurrently.
    pub(crate) fn plan(
        &self,
        seen: &Seen,
        ctx: &PageCtx<'_, T>,
        max_pages: u64,
    ) -> Option<Vec<Request>> {
        let n = ctx.parts.items.len() as u64;
        if n == 0 {
            return None;
        }
        let size = seen.effective_size?;
        match self {
            Strategy::PageNumber(p) => {
                let total_pages = ctx
                    .parts
                    .total_pages
                    .or_else(|| ctx.parts.total_items.map(|t| t.div_ceil(size)))?;
                let first = p.first_page;
                let last = first + total_pages.saturating_sub(1);
                let last = last.min(first + max_pages.saturating_sub(1));
                let plan: Vec<_> = (first + 1..=last)
                    .map(|page| ctx.request.clone().set_query(p.page_param, page))
                    .collect();
                (!plan.is_empty()).then_some(plan)
            }
            Strategy::Offset(o) => {
                let total = ctx.parts.total_items?;
                let start = ctx
                    .request
                    .query_value(o.offset_param)
                    .and_then(|v| v.parse::<u64>().ok())
                    .unwrap_or(0);
                let size = size.max(1);
                let plan: Vec<_> = (1..)
                    .map(|k| start + n + (k - 1) * size)
                    .take_while(|off| *off < total)
                    .take(usize::try_from(max_pages.saturating_sub(1)).unwrap_or(usize::MAX))
                    .map(|off| {
                        ctx.request
                            .clone()
                            .set_query(o.offset_param, off)
                            .set_query(o.limit_param, size)
                    })
                    .collect();
                (!plan.is_empty()).then_some(plan)
            }
            Strategy::NextLink(l) => {
                let param = l.page_param?;
                let total_pages = ctx.parts.total_pages?;
                let current = ctx
                    .request
                    .query_value(param)
                    .and_then(|v| v.parse::<u64>().ok())
                    .unwrap_or(1);
                let last = total_pages.min(current + max_pages.saturating_sub(1));
                let plan: Vec<_> = (current + 1..=last)
                    .map(|page| ctx.request.clone().set_query(param, page))
                    .collect();
                (!plan.is_empty()).then_some(plan)
            }
            Strategy::Cursor(_) => None,
        }
    }
}
