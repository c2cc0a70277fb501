//! Dub's three pagination styles wired into the common engine (API.md §4).

use affiliate_common::pagination::{Cursor, PageNumber};
use affiliate_common::{Paginator, Request, Strategy};
use serde::de::DeserializeOwned;

use crate::{Client, Error, Result};

/// The highest `page` Dub accepts.
pub(crate) const MAX_PAGE: u64 = 1000;

fn number(req: &Request, key: &str) -> Result<Option<u64>> {
    match req.query_value(key) {
        None => Ok(None),
        Some(v) => v.parse::<u64>().map(Some).map_err(|_| {
            Error::invalid_input(format!("`{key}` must be a positive integer, got `{v}`"))
        }),
    }
}

/// The page size: the caller's, else the endpoint's maximum.
fn size(req: &Request, key: &str, max: u64) -> Result<u64> {
    match number(req, key)? {
        Some(0) => Err(Error::invalid_input(format!("`{key}` must be at least 1"))),
        Some(s) if s > max => Err(Error::invalid_input(format!(
            "`{key}` {s} is above this endpoint's maximum of {max}"
        ))),
        Some(s) => Ok(s),
        None => Ok(max),
    }
}

/// Page/pageSize (or page/limit) pagination: ends on a short page, refuses
/// pages above 1000 (Dub answers 422 there).
pub(crate) fn page_number<T: DeserializeOwned + Send + 'static>(
    client: Client,
    request: Request,
    size_param: &'static str,
    max_size: u64,
    cursor_hint: Option<&str>,
) -> Result<Paginator<Vec<T>>> {
    let page = number(&request, "page")?.unwrap_or(1);
    if page == 0 {
        return Err(Error::invalid_input("`page` starts at 1"));
    }
    if page > MAX_PAGE {
        let hint = match cursor_hint {
            Some(h) => format!("; page through this list with the cursor form instead ({h})"),
            None => "; narrow the filters instead".to_owned(),
        };
        return Err(Error::invalid_input(format!(
            "page {page} is above Dub's limit of {MAX_PAGE}{hint}"
        )));
    }
    let size = size(&request, size_param, max_size)?;
    let strategy = Strategy::PageNumber(
        PageNumber::new("page")
            .page_size(size_param, size)
            .first_page(page),
    );
    Ok(Paginator::new(client.http().clone(), request, strategy)
        .page_cap(MAX_PAGE - page + 1)
        .concurrency(1))
}

/// Cursor pagination (`startingAfter` = last item's id) for links,
/// customers and commissions.
///
/// - `startingAfter` and `endingBefore` are exclusive, and neither combines
///   with `page` or with a `sortBy` other than `createdAt`;
/// - an explicit `page` (deprecated) pages by number;
/// - a `sortBy` other than `createdAt` without a cursor pages by number too,
///   since Dub's cursors only work with `createdAt`.
pub(crate) fn cursor<T: DeserializeOwned + Send + 'static>(
    client: Client,
    request: Request,
    id: fn(&T) -> Option<String>,
) -> Result<Paginator<Vec<T>>> {
    let after = request.query_value("startingAfter").is_some();
    let before = request.query_value("endingBefore").is_some();
    let page = request.query_value("page").is_some();
    let sort = request
        .query_value("sortBy")
        .filter(|s| *s != "createdAt")
        .map(str::to_owned);
    if after && before {
        return Err(Error::invalid_input(
            "`starting_after` and `ending_before` are mutually exclusive",
        ));
    }
    if (after || before) && page {
        return Err(Error::invalid_input(
            "a cursor (`starting_after`/`ending_before`) cannot be combined with `page`",
        ));
    }
    if let (true, Some(s)) = (after || before, &sort) {
        return Err(Error::invalid_input(format!(
            "a cursor only works with `sort_by` createdAt, not `{s}`"
        )));
    }
    if page || sort.is_some() {
        return page_number(client, request, "pageSize", 100, Some("starting_after"));
    }
    let size = size(&request, "pageSize", 100)?;
    let c = if before {
        Cursor::backward("endingBefore", id)
    } else {
        Cursor::new("startingAfter", id)
    };
    Ok(Paginator::new(
        client.http().clone(),
        request,
        Strategy::Cursor(c.page_size("pageSize", size)),
    ))
}
