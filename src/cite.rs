//! Citations: the `[@key]` syntax, and their numbering on a page.
//!
//! The Markdown parser finds candidate labels (see `markdown/`); this
//! module decides which labels are citations ([`parse_label`]), numbers the
//! sources of a page in reading order ([`Numbering`]) and writes the
//! superscript HTML a reader sees ([`Numbering::render`]).

use std::fmt::Write;

use crate::decimal;

/// One cited source inside a citation: `@howe2011, p. 4`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CiteItem {
    pub key: String,
    pub locator: Option<String>,
    /// Byte offset of the `@` within the label, for diagnostics.
    pub offset: usize,
}

/// Why a label that looks like a citation is not a usable one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CiteSyntaxError {
    pub offset: usize,
    pub message: String,
    pub help: String,
}

/// Reads the inside of `[...]` as written in the source. Returns `None` when
/// the label is not meant as a citation at all (`[me@x.org]`, `[a link]`),
/// `Some(Err)` when it is one written wrongly.
pub fn parse_label(label: &str) -> Option<Result<Vec<CiteItem>, CiteSyntaxError>> {
    let lead = label.len() - label.trim_start().len();
    let body = label.trim_start();
    if !body.starts_with('@') {
        return looks_like_citation(label).then(|| {
            Err(CiteSyntaxError {
                offset: lead,
                message: format!("`[{label}]` mixes words into a citation"),
                help: "keep words outside the brackets, e.g. `see [@key, p. 4]`; only keys and locators go inside"
                    .to_string(),
            })
        });
    }
    let mut items = Vec::new();
    let mut start = 0;
    for part in label.split(';') {
        let offset = start + (part.len() - part.trim_start().len());
        start += part.len() + 1;
        match parse_item(part.trim(), offset) {
            Ok(item) => items.push(item),
            Err(error) => return Some(Err(error)),
        }
    }
    Some(Ok(items))
}

/// `[-@a]` and `[see @a]`: a word that starts with `@` and a valid key.
fn looks_like_citation(label: &str) -> bool {
    label
        .split(|c: char| c.is_whitespace() || c == ';' || c == '-')
        .any(|word| word.strip_prefix('@').is_some_and(|k| key_length(k) > 0))
}

fn parse_item(item: &str, offset: usize) -> Result<CiteItem, CiteSyntaxError> {
    let error = |message: String, help: &str| CiteSyntaxError {
        offset,
        message,
        help: help.to_string(),
    };
    let Some(rest) = item.strip_prefix('@') else {
        return Err(error(
            format!("`{item}` is not a citation key"),
            "separate citations with `;` and start each with `@`, e.g. `[@a; @b]`",
        ));
    };
    let len = key_length(rest);
    if len == 0 {
        return Err(error(
            "a citation needs a key after `@`".to_string(),
            "write the source's key, e.g. `[@howe2011]`",
        ));
    }
    let (key, after) = rest.split_at(len);
    let after = after.trim();
    let locator = match after.strip_prefix(',') {
        Some(locator) if !locator.trim().is_empty() => Some(locator.trim().to_string()),
        Some(_) => {
            return Err(error(
                "empty locator after `,`".to_string(),
                "write a locator such as `p. 4`, or remove the comma",
            ))
        }
        None if after.is_empty() => None,
        None => {
            return Err(error(
                format!("unexpected `{after}` after the key `{key}`"),
                "put a comma before a locator (`[@key, p. 4]`) and `;` between citations",
            ))
        }
    };
    Ok(CiteItem {
        key: key.to_string(),
        locator,
        offset,
    })
}

/// Length of the citation key at the start of `text`, using Pandoc's rule:
/// letters, digits and `_`, with single punctuation marks allowed inside.
pub fn key_length(text: &str) -> usize {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let mut end = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if is_word(c) {
            end = i + c.len_utf8();
        } else if ":.#$%&-+?<>~/".contains(c)
            && end > 0
            && chars.peek().is_some_and(|&(_, n)| is_word(n))
        {
            continue;
        } else {
            break;
        }
    }
    end
}

/// Whether `key` can be cited as written (for keys defined in sources).
pub fn is_valid_key(key: &str) -> bool {
    !key.is_empty() && key_length(key) == key.len()
}

/// A citation as it occurs in one text: the items it cites.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    pub items: Vec<CiteItem>,
}

/// Source numbers of one page, given in the order a reader meets citations.
#[derive(Debug, Default)]
pub struct Numbering {
    /// Keys in number order: `keys[0]` is source 1.
    keys: Vec<String>,
    /// How many times each source has been cited so far.
    uses: Vec<usize>,
}

impl Numbering {
    /// The source's number, giving it the next one if it is new here.
    fn number(&mut self, key: &str) -> usize {
        match self.keys.iter().position(|k| k == key) {
            Some(i) => i + 1,
            None => {
                self.keys.push(key.to_string());
                self.uses.push(0);
                self.keys.len()
            }
        }
    }

    /// Keys in number order.
    pub fn keys(&self) -> &[String] {
        &self.keys
    }

    /// How many places cite source `number`; [`occurrence_id`] names
    /// each, in reading order.
    pub fn uses(&self, number: usize) -> usize {
        self.uses[number - 1]
    }

    /// Numbers a citation met next in reading order and returns its HTML.
    /// Calls must come in reading order: they decide the numbers.
    pub fn render(&mut self, citation: &Citation) -> String {
        // Each source once, with every locator it was cited with.
        let mut cited: Vec<(usize, Vec<&str>)> = Vec::new();
        for item in &citation.items {
            let number = self.number(&item.key);
            let locator = item.locator.as_deref();
            match cited.iter_mut().find(|(n, _)| *n == number) {
                Some((_, locators)) => locators.extend(locator),
                None => cited.push((number, locator.into_iter().collect())),
            }
        }
        cited.sort_by_key(|(n, _)| *n);
        if cited.is_empty() {
            // Every key was unknown; the build reports it and fails.
            return "<sup class=\"cite\">[?]</sup>".to_string();
        }
        // About 110 bytes a cited source: room for all of them up front.
        let mut html = String::with_capacity(32 + 112 * cited.len());
        html.push_str("<sup class=\"cite\">[");
        let mut i = 0;
        while i < cited.len() {
            if i > 0 {
                html.push_str(", ");
            }
            let run = run_length(&cited[i..]);
            if run >= 3 {
                self.link(&mut html, cited[i].0, &[]);
                html.push_str("<span aria-hidden=\"true\">–</span><span class=\"visually-hidden\"> to </span>");
                for &(number, _) in &cited[i + 1..i + run - 1] {
                    let id = self.next_occurrence(number);
                    let _ = write!(html, "<span id=\"{id}\"></span>");
                }
                self.link(&mut html, cited[i + run - 1].0, &[]);
                i += run;
            } else {
                self.link(&mut html, cited[i].0, &cited[i].1);
                i += 1;
            }
        }
        html.push_str("]</sup>");
        html
    }

    fn link(&mut self, html: &mut String, number: usize, locators: &[&str]) {
        // Runs for every citation of every page: plain pushes, not `write!`.
        let index = self.next_use(number);
        let mut digits = [0; 20];
        let number = decimal::text(number as u64, &mut digits);
        html.push_str("<a href=\"#src-");
        html.push_str(number);
        html.push_str("\" id=\"");
        push_occurrence_id(html, number, index);
        html.push_str("\" aria-label=\"Source ");
        html.push_str(number);
        html.push_str("\">");
        html.push_str(number);
        html.push_str("</a>");
        for locator in locators {
            html.push_str(", ");
            html.push_str(&escape(locator));
        }
    }

    fn next_occurrence(&mut self, number: usize) -> String {
        occurrence_id(number, self.next_use(number))
    }

    /// How many times source `number` was cited before; counts this one.
    fn next_use(&mut self, number: usize) -> usize {
        let uses = &mut self.uses[number - 1];
        *uses += 1;
        *uses - 1
    }
}

/// How many numbers from the start run consecutively without locators.
fn run_length(cited: &[(usize, Vec<&str>)]) -> usize {
    let mut run = 0;
    while run < cited.len()
        && cited[run].1.is_empty()
        && (run == 0 || cited[run].0 == cited[run - 1].0 + 1)
    {
        run += 1;
    }
    run.max(1)
}

/// `cite-3a` for the first place source 3 is cited, `cite-3b` for the next,
/// then `cite-3z`, `cite-3aa`, ...
pub fn occurrence_id(number: usize, index: usize) -> String {
    let mut id = String::new();
    push_occurrence_id(&mut id, decimal::text(number as u64, &mut [0; 20]), index);
    id
}

/// [`occurrence_id`] onto `out`, with `number` already written out.
pub fn push_occurrence_id(out: &mut String, number: &str, index: usize) {
    out.push_str("cite-");
    out.push_str(number);
    push_letters(out, index);
}

/// a, b, ..., z, aa, ab, ...: the back-link labels of encyclopaedias.
pub fn push_letters(out: &mut String, index: usize) {
    // Bijective base 26, most significant letter first.
    let mut n = index + 1;
    let mut digits = [0u8; 16];
    let mut start = digits.len();
    while n > 0 {
        n -= 1;
        start -= 1;
        digits[start] = b'a' + (n % 26) as u8;
        n /= 26;
    }
    out.extend(digits[start..].iter().map(|&b| char::from(b)));
}

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    escape_runs(text, |run| out.push_str(run));
    out
}

/// [`escape`] into a writer: Tera's escape function, which it calls for
/// every value a template prints.
pub fn write_escaped(text: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut result = Ok(());
    escape_runs(text, |run| {
        if result.is_ok() {
            result = out.write_all(run.as_bytes());
        }
    });
    result
}

/// Calls `push` with the escaped text piece by piece: the runs between
/// special characters are passed whole rather than char by char.
fn escape_runs<'t>(text: &'t str, mut push: impl FnMut(&'t str)) {
    let mut start = 0;
    for (at, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        push(&text[start..at]);
        push(entity);
        start = at + 1;
    }
    push(&text[start..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(label: &str) -> Vec<(String, Option<String>)> {
        parse_label(label)
            .unwrap()
            .unwrap()
            .into_iter()
            .map(|i| (i.key, i.locator))
            .collect()
    }

    fn cite(keys: &[&str]) -> Citation {
        Citation {
            items: keys
                .iter()
                .map(|k| {
                    let (key, locator) = k
                        .split_once(", ")
                        .map_or((*k, None), |(k, l)| (k, Some(l.to_string())));
                    CiteItem {
                        key: key.to_string(),
                        locator,
                        offset: 0,
                    }
                })
                .collect(),
        }
    }

    #[test]
    fn parses_keys_and_locators() {
        assert_eq!(items("@howe2011"), [("howe2011".into(), None)]);
        assert_eq!(
            items("@a; @b-c, p. 4"),
            [("a".into(), None), ("b-c".into(), Some("p. 4".into()))]
        );
        assert_eq!(
            items(" @mayo:exercise , table 2 "),
            [("mayo:exercise".into(), Some("table 2".into()))]
        );
    }

    #[test]
    fn trailing_punctuation_is_not_part_of_a_key() {
        assert_eq!(key_length("howe2011."), 8);
        assert_eq!(key_length("a-b"), 3);
        assert_eq!(key_length("a--b"), 1);
        assert_eq!(key_length("-a"), 0);
        assert!(is_valid_key("shojaa2020-resistance"));
        assert!(!is_valid_key("bad key"));
        assert!(!is_valid_key("trailing-"));
    }

    #[test]
    fn labels_that_are_not_citations() {
        for label in ["me@x.org", "a link", "", "@", "email me@x.org"] {
            assert!(
                parse_label(label).is_none_or(|r| r.is_err())
                    && !matches!(parse_label(label), Some(Ok(_))),
                "{label}"
            );
        }
        assert!(parse_label("me@x.org").is_none());
        assert!(parse_label("a link").is_none());
    }

    #[test]
    fn citation_like_labels_written_wrongly_are_errors() {
        for label in ["see @a, p. 4", "-@a", "@a, ", "@a @b", "@a; b", "@"] {
            assert!(matches!(parse_label(label), Some(Err(_))), "{label}");
        }
    }

    #[test]
    fn numbers_follow_reading_order_and_repeats_reuse_them() {
        let mut n = Numbering::default();
        n.render(&cite(&["b"]));
        n.render(&cite(&["a", "b"]));
        n.render(&cite(&["b"]));
        assert_eq!(n.keys(), ["b", "a"]);
        let ids = |number| (0..n.uses(number)).map(move |i| occurrence_id(number, i));
        assert!(ids(1).eq(["cite-1a", "cite-1b", "cite-1c"]));
        assert!(ids(2).eq(["cite-2a"]));
    }

    #[test]
    fn several_sources_render_sorted_with_ranges() {
        let mut n = Numbering::default();
        for key in ["a", "b", "c", "d"] {
            n.render(&cite(&[key]));
        }
        let html = n.render(&cite(&["c", "a", "b", "d"]));
        assert_eq!(
            html,
            "<sup class=\"cite\">[<a href=\"#src-1\" id=\"cite-1b\" aria-label=\"Source 1\">1</a>\
             <span aria-hidden=\"true\">–</span><span class=\"visually-hidden\"> to </span>\
             <span id=\"cite-2b\"></span><span id=\"cite-3b\"></span>\
             <a href=\"#src-4\" id=\"cite-4b\" aria-label=\"Source 4\">4</a>]</sup>"
        );
        let pair = n.render(&cite(&["b", "a"]));
        assert!(pair.contains(">1</a>, <a href=\"#src-2\""), "{pair}");
    }

    #[test]
    fn locators_show_and_break_ranges() {
        let mut n = Numbering::default();
        let html = n.render(&cite(&["a, p. 4", "b", "c"]));
        assert!(html.contains(">1</a>, p. 4, <a"), "{html}");
        assert!(html.contains(">2</a>, <a"), "{html}");
    }

    #[test]
    fn repeated_locators_for_one_source_are_all_shown() {
        let mut n = Numbering::default();
        let html = n.render(&cite(&["a, p. 4", "a, p. 5", "b"]));
        assert!(html.contains(">1</a>, p. 4, p. 5, <a"), "{html}");
        assert_eq!(n.uses(1), 1, "one place cites source 1");
    }

    #[test]
    fn escaping_keeps_text_between_entities() {
        assert_eq!(
            escape("a<b>&\"'é & x"),
            "a&lt;b&gt;&amp;&quot;&#39;é &amp; x"
        );
        assert_eq!(escape("plain"), "plain");
    }

    #[test]
    fn back_link_letters() {
        let letters = |index| {
            let mut out = String::new();
            push_letters(&mut out, index);
            out
        };
        assert_eq!(letters(0), "a");
        assert_eq!(letters(25), "z");
        assert_eq!(letters(26), "aa");
        assert_eq!(occurrence_id(3, 1), "cite-3b");
        assert_eq!(occurrence_id(10, 0), "cite-10a");
    }
}
