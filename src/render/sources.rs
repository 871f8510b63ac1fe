//! Each site-wide source formatted once per build: its reference, its
//! links and its JSON-LD citation, shared by every page that cites it (a
//! site of a thousand pages cites a few hundred sources thousands of
//! times). A page's own sources are formatted when that page renders.

use std::borrow::Cow;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde_json::value::RawValue;

use crate::metadata;
use crate::model::Source;
use crate::reference::{self, SourceLink};
use crate::resolve::{Page, Site};

/// A source as pages show it.
#[derive(Clone)]
pub struct Formatted {
    pub reference_html: String,
    pub links: Vec<SourceLink>,
    /// schema.org JSON, for the page's JSON-LD.
    pub citation: Box<RawValue>,
}

impl Formatted {
    fn of(source: &Source) -> Formatted {
        Formatted {
            reference_html: reference::format(source),
            links: reference::links(source),
            citation: metadata::citation(source),
        }
    }
}

/// One source a page cites, with its number on the page.
pub struct Cited<'f, 'a> {
    pub number: usize,
    pub key: &'f str,
    pub source: &'a Source,
    pub formatted: Cow<'f, Formatted>,
}

/// The site-wide sources, formatted.
pub struct Sources<'a> {
    site: FxHashMap<&'a str, Formatted>,
}

impl<'a> Sources<'a> {
    pub fn new(site: &Site<'a>) -> Sources<'a> {
        let site = site
            .bibliography
            .site
            .par_iter()
            .map(|(&key, entry)| (key, Formatted::of(entry.source)))
            .collect();
        Sources { site }
    }

    /// The sources `keys` (a page's cited keys, in number order) as `page`
    /// sees them: its own sources first, then the site's.
    pub fn cited<'f>(
        &'f self,
        site: &Site<'a>,
        page: &Page<'a>,
        keys: &'f [String],
    ) -> Vec<Cited<'f, 'a>> {
        keys.iter()
            .enumerate()
            .filter_map(|(i, key)| {
                let source = site.bibliography.lookup(page, key)?;
                let own = page.file.front.sources.contains_key(key.as_str());
                let formatted = match self.site.get(key.as_str()) {
                    Some(formatted) if !own => Cow::Borrowed(formatted),
                    _ => Cow::Owned(Formatted::of(source)),
                };
                Some(Cited {
                    number: i + 1,
                    key,
                    source,
                    formatted,
                })
            })
            .collect()
    }
}
