//! The site search index, built at build time and searched in the reader's
//! browser by `static/search.js`, offline and from `file://`.
//!
//! Browsers will not `fetch` files from `file://`, so the index is
//! JavaScript that a `<script>` element loads:
//!
//! - `search/index.js` holds every page's title, URL and summary and an
//!   inverted index from each word to the pages it is in, with a weight
//!   (title words count most, then headings, the summary, the body);
//! - `search/text/N.js` holds page N's text, loaded only for the few pages
//!   shown as results, to quote the matching passage.
//!
//! We chose this small format of our own over Pagefind's or elasticlunr's:
//! both load their index with `fetch`, which fails from `file://`, and the
//! site's readers must be able to search a copy opened from disk. The word
//! rules ([`words`]) are mirrored in `static/search.js`, and a test runs
//! both on the same text.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use std::fmt::Write;

use crate::write::Output;

pub const INDEX_URL: &str = "search/index.js";
pub const PAGE_URL: &str = "search/index.html";

/// What the index knows of one page.
pub struct SearchDoc {
    pub url: String,
    pub title: String,
    pub summary: String,
    pub headings: Vec<String>,
    pub text: String,
}

/// Sizes of what was written, for the build report and the docs.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct SearchStats {
    pub index_bytes: usize,
    pub text_bytes: usize,
}

/// Common words that would match every page.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "can", "do", "for", "from", "has",
    "have", "how", "if", "in", "is", "it", "its", "may", "more", "not", "of", "on", "or", "so",
    "than", "that", "the", "their", "them", "there", "these", "they", "this", "to", "was", "we",
    "what", "when", "which", "who", "will", "with", "you", "your",
];

/// Splits text into index words: lowercase runs of letters and digits,
/// without stop words and with a plural `s` taken off. `static/search.js`
/// must apply the same rules.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| stem(&w.to_lowercase()))
        .filter(|w| w.chars().count() > 1 && !STOP_WORDS.contains(&w.as_str()))
}

fn stem(word: &str) -> String {
    let plural = word.chars().count() > 3
        && word.ends_with('s')
        && !word.ends_with("ss")
        && !word.ends_with("us");
    if plural {
        word[..word.len() - 1].to_string()
    } else {
        word.to_string()
    }
}

/// Weight of a word by where it occurs.
const TITLE: u32 = 10;
const HEADING: u32 = 5;
const SUMMARY: u32 = 3;
const BODY: u32 = 1;
/// Repeating a word in the body stops adding to its weight after this.
const BODY_CAP: u32 = 5;

/// Builds and writes the index and the page texts.
pub fn write(docs: &[SearchDoc], output: &dyn Output) -> std::io::Result<SearchStats> {
    let index = index_script(docs);
    output.write(INDEX_URL, index.as_bytes())?;
    let mut stats = SearchStats {
        index_bytes: index.len(),
        text_bytes: 0,
    };
    let sizes: Vec<std::io::Result<usize>> = docs
        .par_iter()
        .enumerate()
        .map(|(n, doc)| {
            let script = format!("pamphletSearch.text({n},{});\n", json(&doc.text));
            output
                .write(&format!("search/text/{n}.js"), script.as_bytes())
                .map(|()| script.len())
        })
        .collect();
    for size in sizes {
        stats.text_bytes += size?;
    }
    Ok(stats)
}

fn index_script(docs: &[SearchDoc]) -> String {
    // Weighing words is per page work, done in parallel; merging is not.
    let weighed: Vec<BTreeMap<String, u32>> = docs.par_iter().map(weights).collect();
    let mut postings: HashMap<String, Vec<(usize, u32)>> = HashMap::new();
    for (n, words) in weighed.into_iter().enumerate() {
        for (word, weight) in words {
            postings.entry(word).or_default().push((n, weight));
        }
    }
    let mut postings: Vec<(String, Vec<(usize, u32)>)> = postings.into_iter().collect();
    postings.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut out = String::from("pamphletSearch.load({\"docs\":[");
    for (n, doc) in docs.iter().enumerate() {
        let sep = if n > 0 { "," } else { "" };
        let _ = write!(
            out,
            "{sep}[{},{},{}]",
            json(&doc.url),
            json(&doc.title),
            json(&doc.summary)
        );
    }
    out.push_str("],\"words\":{");
    for (i, (word, list)) in postings.iter().enumerate() {
        let sep = if i > 0 { "," } else { "" };
        let flat: Vec<String> = list
            .iter()
            .flat_map(|(d, w)| [d.to_string(), w.to_string()])
            .collect();
        let _ = write!(out, "{sep}{}:[{}]", json(word), flat.join(","));
    }
    out.push_str("}});\n");
    out
}

/// Each word of a page with its weight there.
fn weights(doc: &SearchDoc) -> BTreeMap<String, u32> {
    let mut weights: BTreeMap<String, u32> = BTreeMap::new();
    let mut body: BTreeMap<String, u32> = BTreeMap::new();
    for word in words(&doc.text) {
        *body.entry(word).or_default() += 1;
    }
    for (word, count) in body {
        *weights.entry(word).or_default() += count.min(BODY_CAP) * BODY;
    }
    let fields = [(doc.title.as_str(), TITLE), (doc.summary.as_str(), SUMMARY)];
    let headings = doc.headings.iter().map(|h| (h.as_str(), HEADING));
    for (text, weight) in fields.into_iter().chain(headings) {
        for word in words(text) {
            *weights.entry(word).or_default() += weight;
        }
    }
    weights
}

/// A JSON string that is also safe inside HTML and old JavaScript parsers.
fn json(text: &str) -> String {
    serde_json::to_string(text)
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_lowercased_stemmed_and_filtered() {
        let found: Vec<String> =
            words("The Bones of older adults: walking, Stress & balance! x 2026").collect();
        assert_eq!(
            found,
            ["bone", "older", "adult", "walking", "stress", "balance", "2026"]
        );
    }

    #[test]
    fn titles_outweigh_bodies() {
        let doc = SearchDoc {
            url: "a/index.html".into(),
            title: "Balance".into(),
            summary: String::new(),
            headings: vec!["Walking".into()],
            text: "walking walking walking walking walking walking walking balance".into(),
        };
        let weights = weights(&doc);
        assert_eq!(weights["balance"], TITLE + BODY);
        assert_eq!(weights["walking"], HEADING + BODY_CAP);
    }

    #[test]
    fn index_is_a_script_that_cannot_close_its_element() {
        let doc = SearchDoc {
            url: "a/index.html".into(),
            title: "</script><script>alert(1)</script>".into(),
            summary: "s".into(),
            headings: Vec::new(),
            text: "hip".into(),
        };
        let script = index_script(&[doc]);
        assert!(script.starts_with("pamphletSearch.load({") && !script.contains("</script>"));
        assert!(script.contains("\"hip\":[0,1]"), "{script}");
    }
}
