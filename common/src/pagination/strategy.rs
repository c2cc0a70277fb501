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
/// page has no link, unless the page says more follow: `has_more: true`,
/// or (with [`NextLink::page_param`]) a page count above the page's own
/// number. Then the stream ends with [`IncompleteKind::MissingNextLink`],
/// whether pages are fetched one by one or concurrently.
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

impl<T: 'static> Strategy<T> {
    /// The same strategy for a stream whose items are another type `U`
    /// (raw JSON records, for instance): a cursor reads its key from
    /// `convert(item)`, or from `fallback(item)` when `convert` gives
    /// nothing (a record that does not convert); the other strategies do not
    /// look at items.
    pub fn map_items<U>(
        self,
        convert: impl Fn(&U) -> Option<T> + Send + Sync + 'static,
        fallback: impl Fn(&U) -> Option<String> + Send + Sync + 'static,
    ) -> Strategy<U> {
        match self {
            Strategy::Cursor(c) => {
                let key = c.key;
                Strategy::Cursor(Cursor {
                    param: c.param,
                    key: Arc::new(move |u: &U| match convert(u) {
                        Some(t) => key(&t),
                        None => fallback(u),
                    }),
                    backward: c.backward,
                    size_param: c.size_param,
                    page_size: c.page_size,
                })
            }
            Strategy::PageNumber(p) => Strategy::PageNumber(p),
            Strategy::Offset(o) => Strategy::Offset(o),
            Strategy::NextLink(n) => Strategy::NextLink(n),
        }
    }
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
            || parts
                .total_items
                .is_some_and(|t| t > items_so_far.saturating_add(n));
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
                    if last_page(p.first_page, total_pages).is_none_or(|last| current >= last) {
                        return Ok(Next::Done);
                    }
                    if n == 0 {
                        return Err(IncompleteKind::EmptyPageWithMore { page: ctx.number });
                    }
                } else if let Some(total) = parts.total_items {
                    if ctx.items_so_far.saturating_add(n) >= total {
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
                let Some(following) = current.checked_add(1) else {
                    return Ok(Next::FailAfter(overflow("page number")));
                };
                Ok(Next::Fetch(
                    ctx.request.clone().set_query(p.page_param, following),
                ))
            }
            Strategy::Offset(o) => {
                let offset = ctx
                    .request
                    .query_value(o.offset_param)
                    .and_then(|v| v.parse::<u64>().ok())
                    .unwrap_or(0);
                if let Some(total) = parts.total_items {
                    if offset.saturating_add(n) >= total {
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
                let Some(following) = offset.checked_add(n) else {
                    return Ok(Next::FailAfter(overflow("offset")));
                };
                Ok(Next::Fetch(
                    ctx.request.clone().set_query(o.offset_param, following),
                ))
            }
            Strategy::NextLink(l) => {
                let Some(link) = parts.next_link.as_deref().filter(|l| !l.trim().is_empty()) else {
                    // This page's own number, when the links step a known
                    // parameter (1 when the first request does not send it).
                    let number = l.page_param.map(|param| {
                        ctx.url
                            .query_pairs()
                            .find(|(k, _)| k == param)
                            .and_then(|(_, v)| v.parse::<u64>().ok())
                            .unwrap_or(1)
                    });
                    let more_pages = match (number, parts.total_pages) {
                        (Some(k), Some(total)) => k < total,
                        _ => false,
                    };
                    if parts.has_more == Some(true) || more_pages {
                        return Ok(Next::FailAfter(IncompleteKind::MissingNextLink {
                            page: ctx.number,
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

    /// After the first page, a lazy plan of the remaining pages, when the
    /// strategy and the reported totals allow fetching them concurrently.
    ///
    /// The plan builds each request only when the buffered fetch asks for
    /// it, and holds at most `max_pages - 1` of them (the first page counts
    /// against the cap too), so an absurd page count costs nothing up front.
    pub(crate) fn plan(&self, seen: &Seen, ctx: &PageCtx<'_, T>, max_pages: u64) -> Option<Plan> {
        let n = ctx.parts.items.len() as u64;
        if n == 0 {
            return None;
        }
        let size = seen.effective_size?;
        let budget = max_pages.saturating_sub(1);
        let plan = match self {
            Strategy::PageNumber(p) => {
                let total_pages = ctx
                    .parts
                    .total_pages
                    .or_else(|| ctx.parts.total_items.map(|t| t.div_ceil(size.max(1))))?;
                Plan {
                    base: ctx.request.clone(),
                    param: p.page_param,
                    fixed: None,
                    next: p.first_page.checked_add(1),
                    step: 1,
                    last: last_page(p.first_page, total_pages)?,
                    remaining: budget,
                }
            }
            Strategy::Offset(o) => {
                let total = ctx.parts.total_items?;
                let start = ctx
                    .request
                    .query_value(o.offset_param)
                    .and_then(|v| v.parse::<u64>().ok())
                    .unwrap_or(0);
                let size = size.max(1);
                Plan {
                    base: ctx.request.clone(),
                    param: o.offset_param,
                    fixed: Some((o.limit_param, size)),
                    next: start.checked_add(n),
                    step: size,
                    last: total.checked_sub(1)?,
                    remaining: budget,
                }
            }
            Strategy::NextLink(l) => {
                let param = l.page_param?;
                let total_pages = ctx.parts.total_pages?;
                let current = ctx
                    .request
                    .query_value(param)
                    .and_then(|v| v.parse::<u64>().ok())
                    .unwrap_or(1);
                Plan {
                    base: ctx.request.clone(),
                    param,
                    fixed: None,
                    next: current.checked_add(1),
                    step: 1,
                    last: total_pages,
                    remaining: budget,
                }
            }
            Strategy::Cursor(_) => return None,
        };
        plan.non_empty()
    }
}

/// The last page number of `total_pages` pages numbered from `first`, or
/// `None` when there are no pages. Saturates instead of overflowing.
fn last_page(first: u64, total_pages: u64) -> Option<u64> {
    total_pages
        .checked_sub(1)
        .map(|extra| first.saturating_add(extra))
}

/// The reason a stream stops when its page parameter would overflow.
fn overflow(what: &str) -> IncompleteKind {
    IncompleteKind::BrokenContinuation {
        reason: format!("the next {what} would overflow a 64-bit integer"),
    }
}

/// The requests for the pages after the first, built one at a time as the
/// concurrent fetch pulls them: `param = next, next + step, ...` up to and
/// including `last`, at most `remaining` of them.
pub(crate) struct Plan {
    base: Request,
    param: &'static str,
    /// A parameter sent with the same value on every planned request (the
    /// offset strategy's learned page size).
    fixed: Option<(&'static str, u64)>,
    /// The value of the next request; `None` once it would overflow.
    next: Option<u64>,
    step: u64,
    last: u64,
    remaining: u64,
}

impl Plan {
    fn non_empty(self) -> Option<Self> {
        let first = self.next?;
        (self.remaining > 0 && first <= self.last).then_some(self)
    }
}

impl Iterator for Plan {
    type Item = Request;

    fn next(&mut self) -> Option<Request> {
        let value = self.next.filter(|v| *v <= self.last)?;
        self.remaining = self.remaining.checked_sub(1)?;
        self.next = value.checked_add(self.step);
        let req = self.base.clone().set_query(self.param, value);
        Some(match self.fixed {
            Some((k, v)) => req.set_query(k, v),
            None => req,
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = match self.next {
            Some(v) if v <= self.last && self.remaining > 0 => ((self.last - v) / self.step.max(1))
                .saturating_add(1)
                .min(self.remaining),
            _ => 0,
        };
        let left = usize::try_from(left).unwrap_or(usize::MAX);
        (left, Some(left))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::path::ApiPath;

    fn ctx_parts(items: usize) -> PageParts<u8> {
        PageParts::new(vec![0; items])
    }

    fn plan_of<T>(
        strategy: &Strategy<T>,
        req: &Request,
        parts: &PageParts<T>,
        cap: u64,
    ) -> Option<Plan> {
        let url: Url = "http://127.0.0.1/x".parse().unwrap();
        let origin = url.origin();
        let ctx = PageCtx {
            request: req,
            url: &url,
            base_origin: &origin,
            parts,
            items_so_far: 0,
            number: 1,
        };
        let mut seen = Seen::default();
        strategy.learn_size(&mut seen, parts, 0);
        strategy.plan(&seen, &ctx, cap)
    }

    fn values(plan: Plan, param: &str, take: usize) -> Vec<u64> {
        plan.take(take)
            .map(|r| r.query_value(param).unwrap().parse().unwrap())
            .collect()
    }

    #[test]
    fn an_absurd_page_count_is_planned_lazily() {
        let req = Request::get(ApiPath::new("x"));
        let s: Strategy<u8> = Strategy::PageNumber(PageNumber::new("page"));
        let parts = ctx_parts(10).total_pages(Some(u64::MAX));
        // Building the plan allocates nothing per page, even uncapped.
        let plan = plan_of(&s, &req, &parts, u64::MAX).unwrap();
        assert!(plan.size_hint().0 as u64 >= u64::from(u32::MAX));
        assert_eq!(values(plan, "page", 3), [2, 3, 4]);
        // The cap bounds it: the first page plus cap - 1 planned pages.
        let plan = plan_of(&s, &req, &parts, 5).unwrap();
        assert_eq!(plan.size_hint(), (4, Some(4)));
        assert_eq!(values(plan, "page", usize::MAX), [2, 3, 4, 5]);
    }

    #[test]
    fn plans_stop_before_overflowing() {
        let req = Request::get(ApiPath::new("x"));
        // First page u64::MAX - 1: one more page, then the numbers run out.
        let s: Strategy<u8> =
            Strategy::PageNumber(PageNumber::new("page").first_page(u64::MAX - 1));
        let parts = ctx_parts(10).total_pages(Some(u64::MAX));
        let plan = plan_of(&s, &req, &parts, u64::MAX).unwrap();
        assert_eq!(values(plan, "page", usize::MAX), [u64::MAX]);
        // Offsets near the top stop at the reported total without wrapping.
        let s: Strategy<u8> = Strategy::Offset(Offset::new("offset", "limit", 10));
        let req = Request::get(ApiPath::new("x")).set_query("offset", u64::MAX - 25);
        let parts = ctx_parts(10).total_items(Some(u64::MAX));
        let plan = plan_of(&s, &req, &parts, u64::MAX).unwrap();
        assert_eq!(
            values(plan, "offset", usize::MAX),
            [u64::MAX - 15, u64::MAX - 5]
        );
        // A first page already at the last page number plans nothing.
        let s: Strategy<u8> = Strategy::PageNumber(PageNumber::new("page").first_page(u64::MAX));
        let parts = ctx_parts(10).total_pages(Some(u64::MAX));
        assert!(plan_of(&s, &Request::get(ApiPath::new("x")), &parts, 10).is_none());
    }
}
