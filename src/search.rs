//! The site search index, built at build time and searched in the reader's
//! browser by `static/search.js`, offline and from `file://`.
//!
//! Browsers will not `fetch` files from `file://`, so the index is
//! JavaScript that a `<script>` element loads, in pieces small enough for
//! a phone on a slow connection whatever the size of the site:
//!
//! - `search/index.js`, the directory: how many pages there are and the
//!   first word of each shard;
//! - `search/words/K.js`, shard K: a run of the words in sorted order,
//!   each with the pages it is in and its weight there (title words count
//!   most, then headings, the summary, the body), about [`SHARD_BYTES`]
//!   of them a shard, so a query loads only the few shards of its words;
//! - `search/text/N.js`, page N's URL, title, summary and text, loaded
//!   only for the pages shown as results, to show them and quote the
//!   matching passage.
//!
//! We chose this small format of our own over Pagefind's or elasticlunr's:
//! both load their index with `fetch`, which fails from `file://`, and the
//! site's readers must be able to search a copy opened from disk. The word
//! rules ([`words`]) are mirrored in `static/search.js`, and a test runs
//! both on the same text.

use std::borrow::Cow;
use std::io::Write;
use std::sync::Mutex;

use rustc_hash::FxHashMap;

use crate::write::Output;
use json::{push_json, push_number};

mod json;

pub const INDEX_URL: &str = "search/index.js";
pub const PAGE_URL: &str = "search/index.html";

/// A shard takes no more words once its postings reach this many bytes: a
/// query's first download is a few of them wherever the site's size. A
/// word whose postings alone are longer has a shard to itself.
const SHARD_BYTES: usize = 16 * 1024;

/// What the index keeps of one page until every page is weighed: the
/// weight of each of its words, by [`Vocabulary`] number. What a result
/// shows is in the page's own file, written as it renders.
///
/// Kept for every page until the end, so packed: the words in number
/// order, each as the difference from the one before and then its
/// weight, both as variable-length numbers (mostly a byte each, against
/// eight for a pair of `u32`s).
pub struct SearchDoc {
    packed: Box<[u8]>,
}

impl SearchDoc {
    fn new(mut weights: Vec<(u32, u32)>) -> SearchDoc {
        weights.sort_unstable();
        let mut packed = Vec::with_capacity(weights.len() * 3);
        let mut previous = 0;
        for (word, weight) in weights {
            push_varint(&mut packed, word - previous);
            push_varint(&mut packed, weight);
            previous = word;
        }
        SearchDoc {
            packed: packed.into_boxed_slice(),
        }
    }

    /// Each word's number and weight, in number order.
    pub fn weights(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        let mut at = 0;
        let mut word = 0;
        std::iter::from_fn(move || {
            if at == self.packed.len() {
                return None;
            }
            word += read_varint(&self.packed, &mut at);
            Some((word, read_varint(&self.packed, &mut at)))
        })
    }
}

/// Appends `n` seven bits a byte, low bits first; the high bit says more
/// follow.
fn push_varint(out: &mut Vec<u8>, mut n: u32) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// The number [`push_varint`] wrote at `at`, moving `at` past it.
fn read_varint(bytes: &[u8], at: &mut usize) -> u32 {
    let (mut n, mut shift) = (0u32, 0);
    loop {
        let byte = bytes[*at];
        *at += 1;
        n |= u32::from(byte & 0x7f) << shift;
        if byte < 0x80 {
            return n;
        }
        shift += 7;
    }
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
    numbers: Mutex<Numbers>,
}

impl Vocabulary {
    /// Weighs a page's words: done per page, in parallel, as it renders.
    pub fn doc(&self, page: &PageText<'_>) -> SearchDoc {
        let local = PageWords::of(page);
        // One lock per page, not per word.
        let mut numbers = self.numbers.lock().unwrap_or_else(|e| e.into_inner());
        let weights = local.numbered(&mut numbers);
        drop(numbers);
        SearchDoc::new(weights)
    }

    /// Calls `f` with the words by number.
    fn with_words<R>(&self, f: impl FnOnce(&[&str]) -> R) -> R {
        let numbers = self.numbers.lock().unwrap_or_else(|e| e.into_inner());
        // Short words are kept as numbers: spelled out once, here.
        let short: Vec<(u32, String)> = numbers
            .short
            .iter()
            .map(|(&word, &n)| (n, spelled(word)))
            .collect();
        let mut words = vec![""; numbers.len()];
        for (n, word) in &short {
            words[*n as usize] = word;
        }
        for (word, &n) in &numbers.long {
            words[n as usize] = word;
        }
        f(&words)
    }
}

/// The words of the site and their numbers, in two maps as a page's are
/// (see [`PageWords`]).
#[derive(Default)]
struct Numbers {
    short: FxHashMap<u64, u32>,
    long: FxHashMap<Box<str>, u32>,
}

impl Numbers {
    fn len(&self) -> usize {
        self.short.len() + self.long.len()
    }

    /// The number of the short word `word` (see [`packed`]), which it gets
    /// if new.
    fn short(&mut self, word: u64) -> u32 {
        let next = self.len() as u32;
        *self.short.entry(word).or_insert(next)
    }

    /// The number of a longer word, which it gets if new.
    fn long(&mut self, word: &str) -> u32 {
        // Most words are known already: look up before copying.
        if let Some(&number) = self.long.get(word) {
            return number;
        }
        let next = self.len() as u32;
        self.long.insert(word.into(), next);
        next
    }
}

/// Each word of a page with its weight there. Every use of a word on
/// every page adds to these maps, so the words of up to 8 bytes, most, are
/// keyed by their bytes as one number (see [`packed`]): hashing and
/// comparing a number costs far less than a string, and needs no copy of
/// a word lowercased.
struct PageWords<'t> {
    short: FxHashMap<u64, u32>,
    /// Longer words, borrowed from the text when it has them in lowercase.
    long: FxHashMap<Cow<'t, str>, u32>,
}

impl<'t> PageWords<'t> {
    fn of(page: &PageText<'t>) -> Self {
        // Room for the distinct words of a typical page: one in 20 to 35
        // bytes of English prose starts a new one. More room would leave
        // most of the map empty, and out of the processor's cache; a page
        // that needs more grows it once.
        let capacity = page.body.len() / 32;
        let mut words = PageWords {
            short: FxHashMap::with_capacity_and_hasher(capacity, Default::default()),
            long: FxHashMap::default(),
        };
        each_word(page.body, |word| words.add(word, 1));
        // Repeating a word in the body adds to its weight up to a point.
        let cap = |count: &mut u32| *count = (*count).min(BODY_CAP) * BODY;
        words.short.values_mut().for_each(cap);
        words.long.values_mut().for_each(cap);
        let fields = [(page.title, TITLE), (page.summary, SUMMARY)];
        let headings = page.headings.iter().map(|h| (h.as_str(), HEADING));
        for (text, weight) in fields.into_iter().chain(headings) {
            each_word(text, |word| words.add(word, weight));
        }
        words
    }

    // Runs for every word of every page: worth inlining into each caller.
    #[inline(always)]
    fn add(&mut self, word: Word<'t, '_>, weight: u32) {
        let total = match (word.number, word.in_text) {
            (Some(number), _) => self.short.entry(number).or_insert(0),
            (None, Some(in_text)) => self.long.entry(Cow::Borrowed(in_text)).or_insert(0),
            (None, None) => match self.long.get_mut(word.text) {
                Some(total) => total,
                None => self
                    .long
                    .entry(Cow::Owned(word.text.to_string()))
                    .or_insert(0),
            },
        };
        *total += weight;
    }

    /// Each word's number in the site's vocabulary, with its weight.
    fn numbered(self, numbers: &mut Numbers) -> Vec<(u32, u32)> {
        let mut weights = Vec::with_capacity(self.short.len() + self.long.len());
        for (word, weight) in self.short {
            weights.push((numbers.short(word), weight));
        }
        for (word, weight) in self.long {
            weights.push((numbers.long(&word), weight));
        }
        weights
    }
}

/// Splits text into index words: lowercase runs of letters and digits,
/// without stop words and with a plural `s` taken off. `static/search.js`
/// must apply the same rules.
pub fn words(text: &str) -> impl Iterator<Item = String> {
    let mut found = Vec::new();
    each_word(text, |word| found.push(word.text.to_string()));
    found.into_iter()
}

/// An index word, with what a page's map of words needs of it: this runs
/// over every word of every page, and is worked out once.
struct Word<'t, 'b> {
    /// Lowercased, maybe into a buffer that the next word reuses.
    text: &'b str,
    /// The same word in the text, when the text has it in lowercase (nearly
    /// always): a map can keep it without a copy.
    in_text: Option<&'t str>,
    /// The word as one number, if it has up to 8 bytes (see [`packed`]).
    number: Option<u64>,
}

/// Calls `f` with each index word of `text`.
fn each_word<'t>(text: &'t str, mut f: impl FnMut(Word<'t, '_>)) {
    let mut buffer = String::new();
    for token in Tokens::new(text) {
        let in_text = token.ascii && !token.capitals;
        let lower: &str = if in_text {
            token.text
        } else if token.ascii {
            buffer.clear();
            buffer.push_str(token.text);
            buffer.make_ascii_lowercase();
            &buffer
        } else {
            // Full Unicode rules (a final sigma, for one), as JavaScript's.
            buffer = token.text.to_lowercase();
            &buffer
        };
        let Some((word, number)) = index_form(lower, token.ascii) else {
            continue;
        };
        f(Word {
            text: word,
            // The stem is a start of the token.
            in_text: in_text.then(|| &token.text[..word.len()]),
            number,
        });
    }
}

/// A run of letters and digits.
struct Token<'t> {
    text: &'t str,
    ascii: bool,
    /// Whether it has ASCII capitals.
    capitals: bool,
}

/// The tokens of a text, read byte by byte (decoding UTF-8 only past
/// ASCII) and told apart as they are read: what they need to become index
/// words shows without scanning them again.
struct Tokens<'t> {
    text: &'t str,
    at: usize,
}

impl<'t> Tokens<'t> {
    fn new(text: &'t str) -> Self {
        Tokens { text, at: 0 }
    }
}

impl<'t> Iterator for Tokens<'t> {
    type Item = Token<'t>;

    // Runs for every word of every page: worth inlining into each caller.
    #[inline(always)]
    fn next(&mut self) -> Option<Token<'t>> {
        let (text, bytes) = (self.text, self.text.as_bytes());
        let kind = |at: usize| bytes.get(at).map(|&byte| BYTE_KINDS[usize::from(byte)]);
        let mut at = self.at;
        // Bytes of other characters, first or not, are skipped one by one.
        let start = loop {
            let Some(kind) = kind(at) else {
                self.at = at;
                return None;
            };
            match kind {
                ALPHANUMERIC | CAPITAL => break at,
                LEAD if alphanumeric_at(text, at) => break at,
                _ => at += 1,
            }
        };
        let (mut ascii, mut capitals) = (true, false);
        loop {
            // Lowercase letters and digits, most bytes, in a loop of their
            // own.
            while kind(at) == Some(ALPHANUMERIC) {
                at += 1;
            }
            match kind(at) {
                Some(CAPITAL) => capitals = true,
                // The bytes after the first of a character taken.
                Some(FOLLOWING) => {}
                Some(LEAD) if alphanumeric_at(text, at) => ascii = false,
                _ => break,
            }
            at += 1;
        }
        self.at = at;
        Some(Token {
            text: &text[start..at],
            ascii,
            capitals,
        })
    }
}

/// What [`Tokens`] knows of a byte: an ASCII lowercase letter or digit, a
/// capital, the first byte of a character beyond ASCII, one of the bytes
/// after it, or else none of these (0).
const ALPHANUMERIC: u8 = 1;
const CAPITAL: u8 = 2;
const LEAD: u8 = 3;
const FOLLOWING: u8 = 4;

/// The kind of each byte, looked up: nearly all text is ASCII.
const BYTE_KINDS: [u8; 256] = {
    let mut kinds = [0; 256];
    let mut byte = 0;
    while byte < kinds.len() {
        let b = byte as u8;
        kinds[byte] = match b {
            b'A'..=b'Z' => CAPITAL,
            b'a'..=b'z' | b'0'..=b'9' => ALPHANUMERIC,
            0x80..=0xbf => FOLLOWING,
            0xc0.. => LEAD,
            _ => 0,
        };
        byte += 1;
    }
    kinds
};

/// Whether the character at byte `at` of `text` is a letter or digit. Out
/// of line, so that the loops over ASCII bytes stay small.
#[inline(never)]
fn alphanumeric_at(text: &str, at: usize) -> bool {
    text[at..].chars().next().is_some_and(char::is_alphanumeric)
}

/// What a lowercased token is indexed as: without a plural `s`, with its
/// number if it has one; nothing for a single character or a stop word.
/// `ascii` when the token was, which spares counting characters.
#[inline(always)]
fn index_form(lower: &str, ascii: bool) -> Option<(&str, Option<u64>)> {
    let chars = if ascii {
        lower.len()
    } else {
        lower.chars().count()
    };
    let end = lower.as_bytes();
    let plural = chars > 3 && end.ends_with(b"s") && !end.ends_with(b"ss") && !end.ends_with(b"us");
    let (word, chars) = if plural {
        (&lower[..lower.len() - 1], chars - 1)
    } else {
        (lower, chars)
    };
    let number = (word.len() <= 8).then(|| packed(word.as_bytes()));
    let stop = number.is_some_and(is_stop_word);
    (chars > 1 && !stop).then_some((word, number))
}

/// Common words that would match every page, as `static/search.js` lists
/// them.
const STOP_WORDS: [&str; 48] = [
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "can", "do", "for", "from", "has",
    "have", "how", "if", "in", "is", "it", "its", "may", "more", "not", "of", "on", "or", "so",
    "than", "that", "the", "their", "them", "there", "these", "they", "this", "to", "was", "we",
    "what", "when", "which", "who", "will", "with", "you", "your",
];

/// Whether the word with this number (see [`packed`]) is a stop word.
/// Runs for every word of every page: one multiplication and one
/// comparison, not a string comparison per stop word.
fn is_stop_word(number: u64) -> bool {
    STOP_TABLE[stop_slot(number, STOP_MULTIPLIER)] == number
}

/// The numbers of the [`STOP_WORDS`], each in its own slot (see
/// [`stop_slot`]); 0, no word's number, in the others.
const STOP_TABLE: [u64; 256] = {
    let mut table = [0; 256];
    let mut i = 0;
    while i < STOP_WORDS.len() {
        let number = packed(STOP_WORDS[i].as_bytes());
        table[stop_slot(number, STOP_MULTIPLIER)] = number;
        i += 1;
    }
    table
};

/// A multiplier that gives each stop word a slot of its own, found as the
/// program compiles: the first that does among odd numbers drawn as by a
/// random number generator (Knuth's MMIX constants), so that the search
/// takes a few tries whatever the words.
const STOP_MULTIPLIER: u64 = {
    let mut multiplier: u64 = 0x9e37_79b9_7f4a_7c15;
    while !spreads_stop_words(multiplier) {
        let next = multiplier.wrapping_mul(6_364_136_223_846_793_005);
        multiplier = next.wrapping_add(1_442_695_040_888_963_407) | 1;
    }
    multiplier
};

/// Whether `multiplier` gives each stop word a slot of its own.
const fn spreads_stop_words(multiplier: u64) -> bool {
    let mut taken = [false; 256];
    let mut i = 0;
    while i < STOP_WORDS.len() {
        let slot = stop_slot(packed(STOP_WORDS[i].as_bytes()), multiplier);
        if taken[slot] {
            return false;
        }
        taken[slot] = true;
        i += 1;
    }
    true
}

/// Where a word's number goes in [`STOP_TABLE`]: the top byte of its
/// product with `multiplier`.
const fn stop_slot(number: u64, multiplier: u64) -> usize {
    (number.wrapping_mul(multiplier) >> 56) as usize
}

/// A word of up to 8 bytes as one number, its bytes in order, the last
/// lowest: different words get different numbers, since no word starts
/// with a NUL byte.
const fn packed(word: &[u8]) -> u64 {
    assert!(word.len() <= 8);
    let mut number = 0u64;
    let mut i = 0;
    while i < word.len() {
        number = number << 8 | word[i] as u64;
        i += 1;
    }
    number
}

/// The word that [`packed`] made `number` of.
fn spelled(number: u64) -> String {
    let bytes = number.to_be_bytes();
    // The zeros before the word are not its.
    let start = bytes.iter().position(|&byte| byte != 0).unwrap_or(8);
    // Packed from a `str`, so the bytes are UTF-8; lossy only keeps this total.
    String::from_utf8_lossy(&bytes[start..]).into_owned()
}

/// Weight of a word by where it occurs.
const TITLE: u32 = 10;
const HEADING: u32 = 5;
const SUMMARY: u32 = 3;
const BODY: u32 = 1;
/// Repeating a word in the body stops adding to its weight after this.
const BODY_CAP: u32 = 5;

/// Writes what a result shows of one page: its URL, title, summary and
/// text, which results quote; `n` is its place in the index. Called as
/// each page renders, so no text waits in memory.
pub fn write_page(n: usize, page: &PageText<'_>, output: &dyn Output) -> std::io::Result<()> {
    let text = page.body;
    // One buffer: a page's text is the longest string the build escapes.
    let shown = page.url.len() + page.title.len() + page.summary.len();
    let mut script = Vec::with_capacity(shown + text.len() + text.len() / 8 + 64);
    let _ = write!(script, "pamphletSearch.page({n},[");
    for field in [page.url, page.title, page.summary] {
        push_json(&mut script, field);
        script.push(b',');
    }
    push_json(&mut script, text);
    script.extend_from_slice(b"]);\n");
    output.write(&format!("search/text/{n}.js"), &script)
}

/// Builds and writes the index of `docs`, in the order their pages were
/// numbered: the shards, then the directory of them.
pub fn write(
    vocabulary: &Vocabulary,
    docs: &[&SearchDoc],
    output: &dyn Output,
) -> std::io::Result<()> {
    vocabulary.with_words(|words| {
        let postings = Postings::group(words.len(), docs);
        let shards = shards(words, &postings);
        for (k, shard) in shards.iter().enumerate() {
            output.write(&format!("search/words/{k}.js"), &shard.script)?;
        }
        output.write(INDEX_URL, &directory(docs.len(), &shards))
    })
}

/// Every page each word is in, with its weight there.
struct Postings {
    /// Word `w`'s postings are `postings[starts[w]..starts[w + 1]]`.
    starts: Vec<usize>,
    /// (page, weight), grouped by word and in page order within each.
    postings: Vec<(u32, u32)>,
}

impl Postings {
    /// A counting sort of the pages' weights by word, not a Vec per word.
    fn group(words: usize, docs: &[&SearchDoc]) -> Postings {
        let mut starts = vec![0usize; words + 1];
        for doc in docs {
            for (word, _) in doc.weights() {
                starts[word as usize + 1] += 1;
            }
        }
        for w in 0..words {
            starts[w + 1] += starts[w];
        }
        let mut next = starts.clone();
        let mut postings = vec![(0u32, 0u32); starts[words]];
        for (n, doc) in docs.iter().enumerate() {
            for (word, weight) in doc.weights() {
                postings[next[word as usize]] = (n as u32, weight);
                next[word as usize] += 1;
            }
        }
        Postings { starts, postings }
    }

    fn of(&self, word: usize) -> &[(u32, u32)] {
        &self.postings[self.starts[word]..self.starts[word + 1]]
    }
}

/// One shard of the index: its first word, and its script as written.
struct Shard<'w> {
    first: &'w str,
    script: Vec<u8>,
}

/// The words that are in some page, in the order JavaScript compares
/// strings (by UTF-16 code units, which differs from Rust's for a few
/// characters), cut into shards of about [`SHARD_BYTES`] each.
fn shards<'w>(words: &[&'w str], postings: &Postings) -> Vec<Shard<'w>> {
    let mut order: Vec<usize> = (0..words.len())
        .filter(|&w| !postings.of(w).is_empty())
        .collect();
    order.sort_unstable_by(|&a, &b| words[a].encode_utf16().cmp(words[b].encode_utf16()));
    let mut shards = Vec::new();
    let mut current: Option<Shard<'w>> = None;
    for w in order {
        if current
            .as_ref()
            .is_some_and(|s| s.script.len() >= SHARD_BYTES)
        {
            shards.extend(current.take().map(Shard::closed));
        }
        let fresh = current.is_none();
        let shard = current.get_or_insert_with(|| Shard::open(shards.len(), words[w]));
        if !fresh {
            shard.script.push(b',');
        }
        push_postings(&mut shard.script, words[w], postings.of(w));
    }
    shards.extend(current.map(Shard::closed));
    shards
}

impl<'w> Shard<'w> {
    /// Shard number `k`, starting at `first`.
    fn open(k: usize, first: &'w str) -> Self {
        let mut script = Vec::with_capacity(SHARD_BYTES + 1024);
        let _ = write!(script, "pamphletSearch.shard({k},{{");
        Shard { first, script }
    }

    fn closed(mut self) -> Self {
        self.script.extend_from_slice(b"});\n");
        self
    }
}

/// Appends `"word":[page,weight,...]`, each page after the first as the
/// difference from the one before, which is mostly one or two digits.
fn push_postings(out: &mut Vec<u8>, word: &str, postings: &[(u32, u32)]) {
    // Words are letters and digits only: nothing to escape.
    out.push(b'"');
    out.extend_from_slice(word.as_bytes());
    out.extend_from_slice(b"\":[");
    let mut previous = 0;
    for (j, &(doc, weight)) in postings.iter().enumerate() {
        if j > 0 {
            out.push(b',');
        }
        push_number(out, doc - previous);
        out.push(b',');
        push_number(out, weight);
        previous = doc;
    }
    out.push(b']');
}

/// The directory: the number of pages and each shard's first word, which
/// is all the browser needs to know which shard a word would be in.
fn directory(pages: usize, shards: &[Shard<'_>]) -> Vec<u8> {
    let words: usize = shards.iter().map(|s| s.first.len() + 3).sum();
    let mut out = Vec::with_capacity(words + 64);
    let _ = write!(out, "pamphletSearch.load({{\"pages\":{pages},\"shards\":[");
    for (k, shard) in shards.iter().enumerate() {
        if k > 0 {
            out.push(b',');
        }
        push_json(&mut out, shard.first);
    }
    out.extend_from_slice(b"]});\n");
    out
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

    /// Each word of `page` with its weight, as the index has them.
    fn weights(page: &PageText<'_>) -> FxHashMap<String, u32> {
        let vocabulary = Vocabulary::default();
        let doc = vocabulary.doc(page);
        vocabulary.with_words(|words| {
            (doc.weights())
                .map(|(n, weight)| (words[n as usize].to_string(), weight))
                .collect()
        })
    }

    #[test]
    fn titles_outweigh_bodies() {
        let headings = ["Walking".to_string()];
        let body = "walking walking walking walking walking walking walking balance";
        let weights = weights(&page("Balance", &headings, body));
        assert_eq!(weights["balance"], TITLE + BODY);
        assert_eq!(weights["walking"], HEADING + BODY_CAP);
    }

    /// The files an index writes, by path.
    #[derive(Default)]
    struct Files(Mutex<std::collections::BTreeMap<String, String>>);

    impl Output for Files {
        fn write(&self, path: &str, bytes: &[u8]) -> std::io::Result<()> {
            let text = String::from_utf8(bytes.to_vec()).unwrap();
            self.0.lock().unwrap().insert(path.to_string(), text);
            Ok(())
        }
    }

    fn written(vocabulary: &Vocabulary, docs: &[&SearchDoc]) -> Vec<(String, String)> {
        let files = Files::default();
        write(vocabulary, docs, &files).unwrap();
        files.0.into_inner().unwrap().into_iter().collect()
    }

    #[test]
    fn page_files_are_scripts_that_cannot_close_their_element() {
        let files = Files::default();
        let title = "</script><script>alert(1)</script>";
        write_page(3, &page(title, &[], "hip\nknee"), &files).unwrap();
        let files = files.0.into_inner().unwrap();
        let script = &files["search/text/3.js"];
        assert!(
            script.starts_with("pamphletSearch.page(3,[\"a/index.html\",")
                && !script.contains("</script>"),
            "{script}"
        );
        assert!(script.ends_with(",\"s\",\"hip\\nknee\"]);\n"), "{script}");
    }

    #[test]
    fn postings_follow_page_order_as_differences_and_words_sort() {
        let vocabulary = Vocabulary::default();
        let docs: Vec<SearchDoc> = ["Zinc bones", "Bones", "Calcium", "Bones"]
            .iter()
            .map(|title| vocabulary.doc(&page(title, &[], "")))
            .collect();
        let docs: Vec<&SearchDoc> = docs.iter().collect();
        let files = written(&vocabulary, &docs);
        let paths: Vec<&str> = files.iter().map(|(path, _)| path.as_str()).collect();
        assert_eq!(paths, ["search/index.js", "search/words/0.js"]);
        assert_eq!(
            files[0].1,
            "pamphletSearch.load({\"pages\":4,\"shards\":[\"bone\"]});\n"
        );
        assert_eq!(
            files[1].1,
            "pamphletSearch.shard(0,{\"bone\":[0,10,1,10,2,10],\"calcium\":[2,10],\"zinc\":[0,10]});\n"
        );
    }

    #[test]
    fn shards_split_by_size_in_javascript_order() {
        let vocabulary = Vocabulary::default();
        // Many words, each in many pages; and two that Rust and JavaScript
        // order differently (U+1D400 before U+FF58 in UTF-16).
        let body: String = (0..400).map(|i| format!("word{i} ")).collect();
        let body = body + "ｘａ 𝐀𝐁";
        let docs: Vec<SearchDoc> = (0..40)
            .map(|_| vocabulary.doc(&page("t", &[], &body)))
            .collect();
        let docs: Vec<&SearchDoc> = docs.iter().collect();
        let files = written(&vocabulary, &docs);
        let directory = &files[0].1;
        let json = &directory["pamphletSearch.load(".len()..directory.len() - 3];
        let directory: serde_json::Value = serde_json::from_str(json).unwrap();
        let firsts: Vec<&str> = directory["shards"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w.as_str().unwrap())
            .collect();
        assert!(firsts.len() > 3, "{firsts:?}");
        let shards = &files[1..];
        assert_eq!(shards.len(), firsts.len());
        let mut all = 0;
        for (k, first) in firsts.iter().enumerate() {
            let script = &shards
                .iter()
                .find(|(p, _)| *p == format!("search/words/{k}.js"))
                .unwrap()
                .1;
            assert!(
                script.len() < SHARD_BYTES + 1024,
                "shard {k}: {}",
                script.len()
            );
            let prefix = format!("pamphletSearch.shard({k},");
            let json = &script[prefix.len()..script.len() - 3];
            let words: serde_json::Map<String, serde_json::Value> =
                serde_json::from_str(json).unwrap();
            assert!(words.contains_key(*first));
            all += words.len();
        }
        assert_eq!(all, 402);
        let in_order: String = shards.iter().map(|(_, script)| script.as_str()).collect();
        assert!(in_order.find("\"𝐀𝐁\"") < in_order.find("\"ｘａ\""));
    }

    #[test]
    fn packed_weights_read_back() {
        let weights = vec![(300, 1), (0, 70_000), (5, 128), (u32::MAX, u32::MAX)];
        let doc = SearchDoc::new(weights.clone());
        let mut sorted = weights;
        sorted.sort_unstable();
        assert_eq!(doc.weights().collect::<Vec<_>>(), sorted);
    }

    #[test]
    fn non_ascii_words_follow_unicode_rules() {
        let found: Vec<String> = words("Übungen É ÅSEN").collect();
        assert_eq!(found, ["übungen", "åsen"]);
    }

    #[test]
    fn ascii_and_other_tokens_split_alike() {
        let found: Vec<String> =
            words("isn't it's women’s HIP-hinge café,ÉTUDE x2 骨粗鬆症 Ⅻ ½ 12").collect();
        assert_eq!(
            found,
            [
                "isn",
                "women",
                "hip",
                "hinge",
                "café",
                "étude",
                "x2",
                "骨粗鬆症",
                "12"
            ]
        );
    }

    #[test]
    fn stop_words_are_checked_after_stemming() {
        // "this" loses its s and is no stop word; "yours" loses it and is
        // one; "its" is too short to lose it.
        let found: Vec<String> = words("this its THESE Your yours them").collect();
        assert_eq!(found, ["thi"]);
    }

    #[test]
    fn stop_words_are_the_browsers() {
        let script = include_str!("../static/search.js");
        let start = script.find("var STOP = (").unwrap();
        let end = start + script[start..].find(".split").unwrap();
        let listed: String = script[start..end].split('"').skip(1).step_by(2).collect();
        assert_eq!(listed.split(' ').collect::<Vec<_>>(), STOP_WORDS);
    }

    #[test]
    fn stop_words_are_found_by_number() {
        let stop = |word: &str| is_stop_word(packed(word.as_bytes()));
        assert!(STOP_WORDS.iter().all(|word| stop(word)));
        let others = ["thes", "t", "theirs", "hip", "bones", "théir", "骨粗"];
        assert!(!others.iter().any(|word| stop(word)));
        let slots = STOP_TABLE.iter().filter(|&&number| number != 0).count();
        assert_eq!(slots, STOP_WORDS.len());
    }

    #[test]
    fn short_words_spell_back() {
        for word in ["a", "bones", "exercis", "héros", "骨粗"] {
            assert_eq!(spelled(packed(word.as_bytes())), word);
        }
    }

    #[test]
    fn short_words_are_numbers_and_long_ones_borrowed() {
        let long = "musculoskeletal";
        let body = format!("hip Hip HIPS knee {long} Musculoskeletal héroïnes");
        let words = PageWords::of(&page("Hip", &[], &body));
        assert_eq!(words.short.len(), 2);
        assert_eq!(words.short[&packed(b"hip")], TITLE + 3);
        assert!(matches!(
            words.long.get_key_value(long),
            Some((Cow::Borrowed(_), 2))
        ));
        // Lowercased, or beyond ASCII: `long` needs a copy of its own.
        assert!(matches!(
            words.long.get_key_value("héroïne"),
            Some((Cow::Owned(_), 1))
        ));
        let weights = weights(&page("Hip", &[], &body));
        assert_eq!(weights.len(), 4);
        assert_eq!((weights["knee"], weights[long]), (1, 2));
    }

    #[test]
    fn each_page_is_weighed_afresh() {
        let vocabulary = Vocabulary::default();
        let first = vocabulary.doc(&page("Hip", &[], "hip knee hip"));
        let second = vocabulary.doc(&page("Knee", &[], "hip"));
        vocabulary.with_words(|words| {
            let named = |doc: &SearchDoc| {
                let mut named: Vec<(&str, u32)> = (doc.weights())
                    .map(|(n, w)| (words[n as usize], w))
                    .collect();
                named.sort_unstable();
                named
            };
            assert_eq!(named(&first), [("hip", TITLE + 2), ("knee", 1)]);
            assert_eq!(named(&second), [("hip", 1), ("knee", TITLE)]);
        });
    }
}
