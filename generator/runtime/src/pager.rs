//! Streams that walk every page of a paged list: the query is sent again and again, each time
//! asking for the next page, and the items of each page are yielded one by one until the
//! documented end.
//!
//! The walk ends after a page with fewer items than the limit, after an empty page, once the
//! items seen reach the total the answer states (`count`), or, for markers, when the last item
//! has no marker or gives the one just sent (a service that ignores the marker would otherwise
//! answer the same page forever). An error ends the walk after it is yielded.

use std::collections::VecDeque;

use futures_util::stream::{Stream, unfold};

use super::Error;

/// Offset paging, where the offset is a page number: the first page is `first_offset` (an
/// offset below it asks for the first page too), each next page the one after.
pub struct OffsetPaging<Q, R, T> {
    /// The query's page size.
    pub limit: fn(&mut Q) -> &mut Option<i64>,
    /// The query's page number.
    pub offset: fn(&mut Q) -> &mut Option<i64>,
    pub first_offset: i64,
    /// The page size the service assumes without a limit (the limit's documented default),
    /// which is then sent.
    pub default_limit: Option<i64>,
    /// A page's items, and the total number of items when the answer states it.
    pub page: fn(R) -> (Vec<T>, Option<i64>),
}

/// Marker paging: each next page starts after the item whose marker is sent.
pub struct MarkerPaging<Q, R, T> {
    pub limit: fn(&mut Q) -> &mut Option<i64>,
    /// The query's marker.
    pub marker: fn(&mut Q) -> &mut Option<String>,
    pub default_limit: Option<i64>,
    /// A page's items, and the total number of items when the answer states it.
    pub page: fn(R) -> (Vec<T>, Option<i64>),
    /// The marker an item gives for the page after it.
    pub marker_of: fn(&T) -> Option<String>,
}

/// Every item of every page, offset by offset.
pub fn offset_pages<Q, R, T, F, Fut>(
    mut query: Q,
    paging: OffsetPaging<Q, R, T>,
    fetch: F,
) -> impl Stream<Item = Result<T, Error>>
where
    Q: Clone,
    F: FnMut(Q) -> Fut,
    Fut: Future<Output = Result<R, Error>>,
{
    let limit = sent_limit(&mut query, paging.limit, paging.default_limit);
    let offset = (paging.offset)(&mut query);
    *offset = Some(offset.map_or(paging.first_offset, |o| o.max(paging.first_offset)));
    let mut seen = 0;
    walk(query, fetch, move |query: &mut Q, answer| {
        let (items, count) = (paging.page)(answer);
        seen += items.len() as u64;
        let last = ends(items.len(), limit)
            || count.is_some_and(|count| seen >= u64::try_from(count).unwrap_or(0));
        if let Some(offset) = (paging.offset)(query).as_mut() {
            *offset = offset.saturating_add(1);
        }
        (items, last)
    })
}

/// Every item of every page, marker by marker.
pub fn marker_pages<Q, R, T, F, Fut>(
    mut query: Q,
    paging: MarkerPaging<Q, R, T>,
    fetch: F,
) -> impl Stream<Item = Result<T, Error>>
where
    Q: Clone,
    F: FnMut(Q) -> Fut,
    Fut: Future<Output = Result<R, Error>>,
{
    let limit = sent_limit(&mut query, paging.limit, paging.default_limit);
    let mut seen = 0;
    walk(query, fetch, move |query: &mut Q, answer| {
        let (items, count) = (paging.page)(answer);
        seen += items.len() as u64;
        let next = items.last().and_then(paging.marker_of);
        let marker = (paging.marker)(query);
        let last = ends(items.len(), limit)
            || count.is_some_and(|count| seen >= u64::try_from(count).unwrap_or(0))
            || next.is_none()
            || next == *marker;
        *marker = next;
        (items, last)
    })
}

/// The limit the walk sends: the caller's, or else the documented default.
fn sent_limit<Q>(
    query: &mut Q,
    limit: fn(&mut Q) -> &mut Option<i64>,
    default: Option<i64>,
) -> Option<i64> {
    let limit = limit(query);
    *limit = limit.or(default);
    *limit
}

/// Whether a page of `len` items is the last: it is empty or not full.
fn ends(len: usize, limit: Option<i64>) -> bool {
    len == 0 || limit.is_some_and(|limit| i64::try_from(len).unwrap_or(i64::MAX) < limit)
}

/// What a walk holds between two items.
struct Walk<Q, T, F, N> {
    query: Q,
    fetch: F,
    /// Reads a page into its items and whether it is the last, and moves the query on.
    next: N,
    items: VecDeque<T>,
    last: bool,
}

fn walk<Q, R, T, F, Fut, N>(query: Q, fetch: F, next: N) -> impl Stream<Item = Result<T, Error>>
where
    Q: Clone,
    F: FnMut(Q) -> Fut,
    Fut: Future<Output = Result<R, Error>>,
    N: FnMut(&mut Q, R) -> (Vec<T>, bool),
{
    let walk = Walk {
        query,
        fetch,
        next,
        items: VecDeque::new(),
        last: false,
    };
    unfold(Some(walk), |state| async move {
        let mut walk = state?;
        loop {
            if let Some(item) = walk.items.pop_front() {
                return Some((Ok(item), Some(walk)));
            }
            if walk.last {
                return None;
            }
            match (walk.fetch)(walk.query.clone()).await {
                Ok(answer) => {
                    let (items, last) = (walk.next)(&mut walk.query, answer);
                    walk.items = items.into();
                    walk.last = last;
                }
                Err(error) => return Some((Err(error), None)),
            }
        }
    })
}
