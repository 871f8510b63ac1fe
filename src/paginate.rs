//! Pagination: long listings (the home page, sections, tags, the
//! bibliography) split into numbered pages, so that no page a reader opens
//! grows with the site.
//!
//! Page 1 of a listing keeps the listing's own URL; page `n` is
//! `page/n/index.html` in the listing's folder (`guides/page/2/index.html`),
//! so every link between pages is relative and works from `file://` and
//! under a sub-path. Templates get a [`Pager`] as `paginator`.

use serde::Serialize;

/// How many items a listing page shows unless `site.yaml` says otherwise.
pub const DEFAULT_PER_PAGE: usize = 20;

/// Numbered links shown either side of the current page; the first and
/// last page are always linked. A fixed window keeps every page's pager the
/// same size however many pages there are.
const WINDOW: usize = 2;

/// How many pages `items` items fill at `per_page` a page (0 is all on
/// one page). An empty listing still has its first page.
pub fn page_count(items: usize, per_page: usize) -> usize {
    if per_page == 0 {
        1
    } else {
        items.div_ceil(per_page).max(1)
    }
}

/// The items of page `number` (from 1).
pub fn page_items<T>(items: &[T], per_page: usize, number: usize) -> &[T] {
    if per_page == 0 {
        return items;
    }
    let start = (number - 1).saturating_mul(per_page).min(items.len());
    let end = start.saturating_add(per_page).min(items.len());
    &items[start..end]
}

/// The URL of page `number` of the listing whose first page is at `first`
/// (a site path ending in `index.html`).
pub fn page_url(first: &str, number: usize) -> String {
    if number <= 1 {
        return first.to_string();
    }
    let folder = first.strip_suffix("index.html").unwrap_or(first);
    format!("{folder}page/{number}/index.html")
}

/// One page of a listing, as templates see it (`paginator`). URLs are site
/// paths: templates write `{{ root }}{{ paginator.next }}`.
#[derive(Debug, Serialize)]
pub struct Pager<T> {
    /// This page's number, from 1.
    pub number: usize,
    /// How many pages the listing has.
    pub count: usize,
    /// How many items the whole listing has.
    pub total: usize,
    pub per_page: usize,
    pub first: String,
    pub last: String,
    pub previous: Option<String>,
    pub next: Option<String>,
    /// Numbered links: the first and last page and those near this one.
    pub links: Vec<PagerLink>,
    /// This page's items.
    pub items: Vec<T>,
}

/// A numbered link in the pager.
#[derive(Debug, PartialEq, Serialize)]
pub struct PagerLink {
    pub number: usize,
    pub url: String,
    pub current: bool,
    /// Whether pages are left out between the previous link and this one.
    pub gap: bool,
}

/// Where one page sits in a listing: what [`Pager`] is made from.
#[derive(Debug, Clone, Copy)]
pub struct Place<'u> {
    /// The URL of the listing's first page.
    pub first: &'u str,
    pub number: usize,
    pub total: usize,
    pub per_page: usize,
}

impl Place<'_> {
    pub fn count(&self) -> usize {
        page_count(self.total, self.per_page)
    }

    pub fn url(&self) -> String {
        page_url(self.first, self.number)
    }

    /// The pager of this page, holding `items` (this page's share).
    pub fn pager<T>(&self, items: Vec<T>) -> Pager<T> {
        let (number, count) = (self.number, self.count());
        let url = |n| page_url(self.first, n);
        let near = number.saturating_sub(WINDOW).max(1)..=(number + WINDOW).min(count);
        let mut shown: Vec<usize> = std::iter::once(1)
            .chain(near)
            .chain(std::iter::once(count))
            .collect();
        shown.dedup();
        let mut links = Vec::with_capacity(shown.len());
        let mut before = 0;
        for n in shown {
            links.push(PagerLink {
                number: n,
                url: url(n),
                current: n == number,
                gap: n > before + 1,
            });
            before = n;
        }
        Pager {
            number,
            count,
            total: self.total,
            per_page: self.per_page,
            first: url(1),
            last: url(count),
            previous: (number > 1).then(|| url(number - 1)),
            next: (number < count).then(|| url(number + 1)),
            links,
            items,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(number: usize, total: usize) -> Place<'static> {
        Place {
            first: "guides/index.html",
            number,
            total,
            per_page: 20,
        }
    }

    #[test]
    fn pages_needed() {
        assert_eq!(page_count(0, 20), 1, "an empty listing has one page");
        assert_eq!(page_count(20, 20), 1, "exactly one page full");
        assert_eq!(page_count(21, 20), 2, "one more starts a second page");
        assert_eq!(page_count(41, 20), 3);
        assert_eq!(page_count(1000, 0), 1, "0 turns pagination off");
    }

    #[test]
    fn items_of_each_page() {
        let items: Vec<usize> = (0..21).collect();
        assert_eq!(page_items(&items, 20, 1), &items[..20]);
        assert_eq!(page_items(&items, 20, 2), &[20]);
        assert!(page_items(&items, 20, 3).is_empty());
        assert!(page_items::<usize>(&[], 20, 1).is_empty());
        assert_eq!(page_items(&items, 0, 1).len(), 21);
    }

    #[test]
    fn urls_of_pages() {
        assert_eq!(page_url("index.html", 1), "index.html");
        assert_eq!(page_url("index.html", 2), "page/2/index.html");
        assert_eq!(
            page_url("tags/tai-chi/index.html", 3),
            "tags/tai-chi/page/3/index.html"
        );
    }

    #[test]
    fn empty_and_full_listings_have_one_page_without_links_on() {
        for total in [0, 20] {
            let pager = place(1, total).pager(Vec::<()>::new());
            assert_eq!((pager.number, pager.count), (1, 1), "{total} items");
            assert_eq!((pager.previous, pager.next), (None, None));
            assert_eq!(pager.first, pager.last);
            assert_eq!(pager.links.len(), 1);
        }
    }

    #[test]
    fn one_item_more_makes_a_second_page() {
        let first = place(1, 21).pager(vec![(); 20]);
        assert_eq!(first.count, 2);
        assert_eq!(first.previous, None);
        assert_eq!(first.next.as_deref(), Some("guides/page/2/index.html"));
        let second = place(2, 21).pager(vec![()]);
        assert_eq!(second.previous.as_deref(), Some("guides/index.html"));
        assert_eq!(second.next, None, "the last page has no next");
        assert_eq!(second.last, "guides/page/2/index.html");
        let current: Vec<bool> = second.links.iter().map(|l| l.current).collect();
        assert_eq!(current, [false, true]);
    }

    #[test]
    fn many_pages_link_the_ends_and_the_neighbours() {
        let pager = place(50, 20 * 100).pager(Vec::<()>::new());
        let numbers: Vec<(usize, bool)> = pager.links.iter().map(|l| (l.number, l.gap)).collect();
        assert_eq!(
            numbers,
            [
                (1, false),
                (48, true),
                (49, false),
                (50, false),
                (51, false),
                (52, false),
                (100, true)
            ]
        );
        let near_start = place(2, 20 * 100).pager(Vec::<()>::new());
        let numbers: Vec<usize> = near_start.links.iter().map(|l| l.number).collect();
        assert_eq!(numbers, [1, 2, 3, 4, 100]);
    }
}
