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

use std::sync::Mutex;

use rustc_hash::FxHashMap;
use std::fmt::Write;

use crate::write::Output;

pub const INDEX_URL: &str = "search/index.js";
pub const PAGE_URL: &str = "search/index.html";

/// What the index knows of one page: what a result shows, and the weight
/// of each of the page's words (by [`Vocabulary`] number).
pub struct SearchDoc {
    pub url: String,
    pub title: String,
    pub summary: String,
    pub weights: Vec<(u32, u32)>,
}

/// The text of a page the index is made from.
pub struct PageText<'t> {
    pub url: &'t str,
    pub title: &'t str,
    pub summary: &'t str,
    pub headings: &'t [String],
    pub body: &'t str,
}

/// Every word of the site, numbered, shared by the pages weighed in
/// parallel: each page holds numbers, and each word is stored once.
#[derive(Default)]
pub struct Vocabulary {
    numbers: Mutex<FxHashMap<Box<str>, u32>>,
}

impl Vocabulary {
    /// Weighs a page's words: done per page, in parallel, as it renders.
    pub fn doc(&self, page: &PageText<'_>) -> SearchDoc {
        let local = weights(page);
        // One lock per page, not per word.
        let mut numbers = self.numbers.lock().unwrap_or_else(|e| e.into_inner());
        let mut weights: Vec<(u32, u32)> = local
            .into_iter()
            .map(|(word, weight)| {
                let next = numbers.len() as u32;
                let number = *numbers.entry(word.into_boxed_str()).or_insert(next);
                (number, weight)
            })
            .collect();
        drop(numbers);
        weights.sort_unstable();
        SearchDoc {
            url: page.url.to_string(),
            title: page.title.to_string(),
            summary: page.summary.to_string(),
            weights,
        }
    }

    /// Calls `f` with the words by number.
    fn with_words<R>(&self, f: impl FnOnce(&[&str]) -> R) -> R {
        let numbers = self.numbers.lock().unwrap_or_else(|e| e.into_inner());
        let mut words = vec![""; numbers.len()];
        for (word, &n) in numbers.iter() {
            words[n as usize] = word;
        }
        f(&words)
    }
}

/// Splits text into index words: lowercase runs of letters and digits,
/// without stop words and with a plural `s` taken off. `static/search.js`
/// must apply the same rules.
pub fn words(text: &str) -> impl Iterator<Item = String> {
    let mut found = Vec::new();
    each_word(text, |word| found.push(word.to_string()));
    found.into_iter()
}

/// Calls `f` with each index word of `text`. Runs over every word of every
/// page, so ASCII words (nearly all) are lowercased in a reused buffer.
fn each_word(text: &str, mut f: impl FnMut(&str)) {
    let mut buffer = String::new();
    for token in text.split(|c: char| !c.is_alphanumeric()) {
        if token.is_empty() {
            continue;
        }
        let lower: &str = if token.is_ascii() {
            buffer.clear();
            buffer.push_str(token);
            buffer.make_ascii_lowercase();
            &buffer
        } else {
            // Full Unicode rules (a final sigma, for one), as JavaScript's.
            buffer = token.to_lowercase();
            &buffer
        };
        let word = stem(lower);
        let short = if word.is_ascii() {
            word.len() <= 1
        } else {
            word.chars().count() <= 1
        };
        if !short && !is_stop_word(word) {
            f(word);
        }
    }
}

/// Common words that would match every page. A `match` rather than a
/// list: it runs for every word of every page.
fn is_stop_word(word: &str) -> bool {
    matches!(
        word,
        "a" | "an"
            | "and"
            | "are"
            | "as"
            | "at"
            | "be"
            | "but"
            | "by"
            | "can"
            | "do"
            | "for"
            | "from"
            | "has"
            | "have"
            | "how"
            | "if"
            | "in"
            | "is"
            | "it"
            | "its"
            | "may"
            | "more"
            | "not"
            | "of"
            | "on"
            | "or"
            | "so"
            | "than"
            | "that"
            | "the"
            | "their"
            | "them"
            | "there"
            | "these"
            | "they"
            | "this"
            | "to"
            | "was"
            | "we"
            | "what"
            | "when"
            | "which"
            | "who"
            | "will"
            | "with"
            | "you"
            | "your"
    )
}

fn stem(word: &str) -> &str {
    let long = if word.is_ascii() {
        word.len() > 3
    } else {
        word.chars().count() > 3
    };
    let plural = long && word.ends_with('s') && !word.ends_with("ss") && !word.ends_with("us");
    if plural {
        &word[..word.len() - 1]
    } else {
        word
    }
}

/// Weight of a word by where it occurs.
const TITLE: u32 = 10;
const HEADING: u32 = 5;
const SUMMARY: u32 = 3;
const BODY: u32 = 1;
/// Repeating a word in the body stops adding to its weight after this.
const BODY_CAP: u32 = 5;

/// Writes one page's text, which results quote; `n` is its place in the
/// index. Called as each page renders, so no text waits in memory.
pub fn write_text(n: usize, text: &str, output: &dyn Output) -> std::io::Result<()> {
    let script = format!("pamphletSearch.text({n},{});\n", json(text));
    output.write(&format!("search/text/{n}.js"), script.as_bytes())
}

/// Builds and writes the index of `docs`, in the order their texts were
/// numbered.
pub fn write(
    vocabulary: &Vocabulary,
    docs: &[&SearchDoc],
    output: &dyn Output,
) -> std::io::Result<()> {
    output.write(INDEX_URL, index_script(vocabulary, docs).as_bytes())
}

fn index_script(vocabulary: &Vocabulary, docs: &[&SearchDoc]) -> String {
    vocabulary.with_words(|words| {
        // Postings of all words in one array, grouped by word and in page
        // order within each: a counting sort, not a Vec per word.
        let mut starts = vec![0usize; words.len() + 1];
        for doc in docs {
            for &(word, _) in &doc.weights {
                starts[word as usize + 1] += 1;
            }
        }
        for w in 0..words.len() {
            starts[w + 1] += starts[w];
        }
        let mut next = starts.clone();
        let mut postings = vec![(0u32, 0u32); starts[words.len()]];
        for (n, doc) in docs.iter().enumerate() {
            for &(word, weight) in &doc.weights {
                postings[next[word as usize]] = (n as u32, weight);
                next[word as usize] += 1;
            }
        }
        let mut order: Vec<usize> = (0..words.len())
            .filter(|&w| starts[w + 1] > starts[w])
            .collect();
        order.sort_unstable_by(|&a, &b| words[a].cmp(words[b]));
        let mut out = String::with_capacity(64 * docs.len() + 12 * postings.len());
        out.push_str("pamphletSearch.load({\"docs\":[");
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
        for (i, &w) in order.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            // Words are letters and digits only: nothing to escape.
            out.push('"');
            out.push_str(words[w]);
            out.push_str("\":[");
            for (j, &(doc, weight)) in postings[starts[w]..starts[w + 1]].iter().enumerate() {
                if j > 0 {
                    out.push(',');
                }
                push_number(&mut out, doc);
                out.push(',');
                push_number(&mut out, weight);
            }
            out.push(']');
        }
        out.push_str("}});\n");
        out
    })
}

/// Appends `n` in decimal: the index holds hundreds of thousands of
/// numbers, and `write!` costs more than all the rest of it.
fn push_number(out: &mut String, mut n: u32) {
    let mut digits = [0u8; 10];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[at..].iter().map(|&d| char::from(d)));
}

/// Each word of a page with its weight there.
fn weights(page: &PageText<'_>) -> FxHashMap<String, u32> {
    let mut body: FxHashMap<String, u32> = FxHashMap::default();
    each_word(page.body, |word| match body.get_mut(word) {
        Some(count) => *count += 1,
        None => {
            body.insert(word.to_string(), 1);
        }
    });
    let mut weights = body;
    for count in weights.values_mut() {
        *count = (*count).min(BODY_CAP) * BODY;
    }
    let fields = [(page.title, TITLE), (page.summary, SUMMARY)];
    let headings = page.headings.iter().map(|h| (h.as_str(), HEADING));
    for (text, weight) in fields.into_iter().chain(headings) {
        each_word(text, |word| match weights.get_mut(word) {
            Some(total) => *total += weight,
            None => {
                weights.insert(word.to_string(), weight);
            }
        });
    }
    weights
}

/// A JSON string that is also safe inside HTML and old JavaScript parsers.
fn json(text: &str) -> String {
    let json = serde_json::to_string(text).unwrap_or_default();
    // Most texts have none of these: spare the copies.
    if !json.contains(['<', '\u{2028}', '\u{2029}']) {
        return json;
    }
    json.replace('<', "\\u003c")
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

    fn page<'t>(title: &'t str, headings: &'t [String], body: &'t str) -> PageText<'t> {
        PageText {
            url: "a/index.html",
            title,
            summary: "s",
            headings,
            body,
        }
    }

    #[test]
    fn titles_outweigh_bodies() {
        let headings = ["Walking".to_string()];
        let body = "walking walking walking walking walking walking walking balance";
        let weights = weights(&page("Balance", &headings, body));
        assert_eq!(weights["balance"], TITLE + BODY);
        assert_eq!(weights["walking"], HEADING + BODY_CAP);
    }

    #[test]
    fn index_is_a_script_that_cannot_close_its_element() {
        let vocabulary = Vocabulary::default();
        let doc = vocabulary.doc(&page("</script><script>alert(1)</script>", &[], "hip"));
        let script = index_script(&vocabulary, &[&doc]);
        assert!(script.starts_with("pamphletSearch.load({") && !script.contains("</script>"));
        assert!(script.contains("\"hip\":[0,1]"), "{script}");
    }

    #[test]
    fn postings_follow_page_order_and_words_sort() {
        let vocabulary = Vocabulary::default();
        let second = vocabulary.doc(&page("Zinc bones", &[], ""));
        let first = vocabulary.doc(&page("Bones", &[], ""));
        let script = index_script(&vocabulary, &[&first, &second]);
        let words = &script[script.find("\"words\"").unwrap()..];
        assert!(words.contains("\"bone\":[0,10,1,10]"), "{words}");
        assert!(words.find("\"bone\"") < words.find("\"zinc\""), "{words}");
    }

    #[test]
    fn numbers_print_in_decimal() {
        let mut out = String::new();
        for n in [0, 7, 10, 4_294_967_295] {
            push_number(&mut out, n);
            out.push(' ');
        }
        assert_eq!(out, "0 7 10 4294967295 ");
    }

    #[test]
    fn non_ascii_words_follow_unicode_rules() {
        let found: Vec<String> = words("Übungen É ÅSEN").collect();
        assert_eq!(found, ["übungen", "åsen"]);
    }
}
