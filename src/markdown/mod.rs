//! Markdown with citations, via pulldown-cmark.
//!
//! [`parse`] reads a text once into events, finding citations with the
//! parser's own broken-link callback (so nothing in code spans, code blocks
//! or escapes is mistaken for one), giving headings stable ids, rewriting
//! links between pages and noting what needs checking. [`Parsed::render`]
//! then writes HTML once the page's citation numbers are known: the same
//! events, never parsed twice, and no patching of generated HTML. A
//! one-line text of plain words and citations, as most front-matter texts
//! are, skips the parser: `plain.rs` cuts it into the events the parser
//! would give.

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{
    BrokenLink, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};

use crate::cite::{self, Citation, CiteItem, Numbering};
use footnotes::FootnoteLetters;

mod footnotes;
mod plain;

/// How a text is laid out: a page body, or one front-matter field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Block,
    /// A single line of inline Markdown: no wrapping `<p>`.
    Inline,
}

/// What the parser needs from the rest of the site.
pub trait Links {
    /// Rewrites a link destination written in the page. `Ok(None)` leaves
    /// it as written (external links); `Err` says why it is broken.
    fn rewrite(&self, dest: &str) -> Result<Option<Rewritten>, String>;
}

/// A link pointing inside the site, after rewriting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rewritten {
    pub href: String,
    /// Output path of the page it points at, and the `#fragment`, when the
    /// fragment must be checked once every page's headings are known.
    pub anchor: Option<(String, String)>,
}

/// A problem in a text, by byte offset into that text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextProblem {
    pub offset: usize,
    pub code: &'static str,
    pub message: String,
    pub help: String,
    pub is_error: bool,
}

/// A heading of a page body, for the table of contents and link checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// A citation found in a text, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundCitation {
    pub citation: Citation,
    /// Byte offset of the `[` in the text.
    pub offset: usize,
}

enum Piece<'a> {
    Markdown(Event<'a>),
    Citation(usize),
}

/// A parsed text, waiting for citation numbers.
#[derive(Default)]
pub struct Parsed<'a> {
    pieces: Vec<Piece<'a>>,
    pub citations: Vec<FoundCitation>,
    pub headings: Vec<Heading>,
    /// Links whose `#fragment` points into another page, with the offset.
    pub anchors: Vec<((String, String), usize)>,
    /// Hrefs already checked here (broken ones are reported already), so
    /// the check of the written page does not report them twice.
    pub checked_hrefs: Vec<String>,
    pub problems: Vec<TextProblem>,
    /// Raw HTML was let through (`allow_raw_html`): render sanitises it.
    has_raw_html: bool,
}

/// Ids the theme itself uses; a heading never takes one of them.
const RESERVED_IDS: &[&str] = &[
    "main",
    "contents",
    "key-takeaway",
    "when-to-get-help",
    "do-and-dont",
    "questions",
    "bottom-line",
    "evidence",
    "exercise-types",
    "safety-tips",
    "comparison",
    "sources",
    "tags",
    "related-heading",
];

/// Unique heading ids within one page.
#[derive(Default)]
pub struct HeadingIds {
    used: HashSet<String>,
}

impl HeadingIds {
    pub fn new() -> HeadingIds {
        HeadingIds {
            used: RESERVED_IDS.iter().map(|s| s.to_string()).collect(),
        }
    }

    /// GitHub-style slug of the heading text, made unique with `-1`, `-2`.
    fn claim(&mut self, text: &str) -> String {
        let mut base = slug(text);
        let theirs = ["cite-", "src-", "plan-"]
            .iter()
            .any(|prefix| base.starts_with(prefix));
        if base.is_empty() || theirs {
            base = format!("section-{base}").trim_end_matches('-').to_string();
        }
        let mut id = base.clone();
        let mut n = 0;
        while !self.used.insert(id.clone()) {
            n += 1;
            id = format!("{base}-{n}");
        }
        id
    }
}

/// Lowercase, letters and digits kept, spaces and hyphens to `-`, all other
/// punctuation dropped: what GitHub and most Markdown previews do, so an
/// editor's `file.md#what-to-avoid` works in both places.
pub fn slug(text: &str) -> String {
    let text = text.trim();
    let mut slug = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            c if c.is_alphanumeric() || c == '_' => slug.push(c.to_lowercase().next().unwrap_or(c)),
            ' ' | '-' => slug.push('-'),
            _ => {}
        }
    }
    slug
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Marks a link the callback turned into a citation; never a real URL.
const CITATION: &str = "\u{0}cite:";
/// Marks `[text][@key]`, which Markdown reads as one reference link.
const ADJACENT: &str = "\u{0}adjacent:";

/// Parses `text`. `ids` gives headings unique ids (page bodies only).
/// Plain one-line texts go through the same `Builder` steps as parsed
/// ones, so citations and their problems come from one piece of code.
pub fn parse<'a>(
    text: &'a str,
    mode: Mode,
    allow_raw_html: bool,
    links: &dyn Links,
    ids: Option<&mut HeadingIds>,
) -> Parsed<'a> {
    let plain = (mode == Mode::Inline).then(|| plain::runs(text)).flatten();
    let mut builder = Builder::new(text, mode, allow_raw_html, links, ids);
    match plain {
        Some(runs) => {
            for run in runs {
                match run {
                    plain::Run::Text(range) => {
                        builder.push(Event::Text(CowStr::Borrowed(&text[range])))
                    }
                    plain::Run::Citation(range) => {
                        builder.citation(&text[range.start + 1..range.end - 1], range)
                    }
                }
            }
            builder.parsed
        }
        None => parse_markdown(builder),
    }
}

/// [`parse`] by pulldown-cmark, for any text.
fn parse_markdown<'a>(mut builder: Builder<'a, '_>) -> Parsed<'a> {
    let text = builder.text;
    let callback = |link: BrokenLink<'a>| -> Option<(CowStr<'a>, CowStr<'a>)> {
        let label = link.reference.as_ref();
        if !label.trim_start().starts_with('@') && cite::parse_label(label).is_none() {
            return None;
        }
        let marker = match link.link_type {
            LinkType::Shortcut | LinkType::Collapsed => CITATION,
            _ => ADJACENT,
        };
        Some((format!("{marker}{label}").into(), CowStr::Borrowed("")))
    };
    let parser = Parser::new_with_broken_link_callback(text, options(), Some(callback));
    let mut iter = parser.into_offset_iter();
    for (event, range) in iter.by_ref() {
        builder.event(event, range);
    }
    for (label, def) in iter.reference_definitions().iter() {
        if label.starts_with('@') {
            builder.problem(def.span.start, "citation-definition", true,
                format!("`[{label}]:` at the start of a line is read as a link definition and disappears"),
                "reword so the line does not begin with the citation, or write `\\[` to start it");
        }
    }
    builder.parsed
}

struct Builder<'a, 'b> {
    text: &'a str,
    mode: Mode,
    allow_raw_html: bool,
    links: &'b dyn Links,
    ids: Option<&'b mut HeadingIds>,
    parsed: Parsed<'a>,
    /// Depth of link and image tags being dropped (a citation's own text).
    skip_depth: usize,
    /// An image being read: where it starts and its alt text so far.
    image: Option<(usize, String)>,
    /// A heading being collected: its level, attributes, inner events, text.
    heading: Option<(HeadingLevel, Option<CowStr<'a>>, Vec<Event<'a>>, String)>,
    warned_html: bool,
}

impl<'a, 'b> Builder<'a, 'b> {
    fn new(
        text: &'a str,
        mode: Mode,
        allow_raw_html: bool,
        links: &'b dyn Links,
        ids: Option<&'b mut HeadingIds>,
    ) -> Self {
        Builder {
            text,
            mode,
            allow_raw_html,
            links,
            ids,
            parsed: Parsed {
                // About one event in ten bytes of Markdown: the list seldom grows.
                pieces: Vec::with_capacity(text.len() / 10),
                ..Parsed::default()
            },
            skip_depth: 0,
            image: None,
            heading: None,
            warned_html: false,
        }
    }

    fn event(&mut self, event: Event<'a>, range: Range<usize>) {
        if self.skip_depth > 0 {
            // Links and images cannot nest in each other's text, so a
            // depth count of both kinds finds the matching end.
            match event {
                Event::Start(Tag::Link { .. } | Tag::Image { .. }) => self.skip_depth += 1,
                Event::End(TagEnd::Link | TagEnd::Image) => self.skip_depth -= 1,
                _ => {}
            }
            return;
        }
        if let (Some((_, alt)), Event::Text(text) | Event::Code(text)) = (&mut self.image, &event) {
            alt.push_str(text);
        }
        match event {
            Event::Start(Tag::Link { dest_url, .. }) if dest_url.starts_with(CITATION) => {
                self.citation(&dest_url[CITATION.len()..], range);
                self.skip_depth = 1;
            }
            Event::Start(Tag::Link { dest_url, .. }) if dest_url.starts_with(ADJACENT) => {
                self.problem(
                    range.start,
                    "adjacent-citations",
                    true,
                    format!(
                        "`{}` reads as a single link, not as citations",
                        &self.text[range.clone()]
                    ),
                    "put both keys in one citation: `[@a; @b]`",
                );
                self.push(Event::Text(CowStr::Borrowed(&self.text[range])));
                self.skip_depth = 1;
            }
            Event::Start(Tag::Image { dest_url, .. }) if dest_url.starts_with('\u{0}') => {
                // `![@key]` is neither an image nor a citation: keep the text.
                self.push(Event::Text(CowStr::Borrowed(&self.text[range])));
                self.skip_depth = 1;
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = self.rewrite(dest_url, range.start);
                self.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = self.rewrite(dest_url, range.start);
                self.image = Some((range.start, String::new()));
                self.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::End(TagEnd::Image) => {
                if let Some((offset, alt)) = self.image.take() {
                    if alt.trim().is_empty() {
                        self.problem(offset, "image-alt", false,
                            "this image has no text alternative".to_string(),
                            "describe the picture between the brackets: `![A physiotherapist showing a hip hinge](hinge.png)`");
                    }
                }
                self.push(event);
            }
            Event::Start(Tag::Heading { level, id, .. }) if self.mode == Mode::Block => {
                self.heading = Some((level, id, Vec::new(), String::new()));
            }
            Event::End(TagEnd::Heading(_)) if self.heading.is_some() => self.finish_heading(),
            Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph)
                if self.mode == Mode::Inline => {}
            Event::Html(html) | Event::InlineHtml(html) if !self.allow_raw_html => {
                if !self.warned_html {
                    self.warned_html = true;
                    self.problem(
                        range.start,
                        "raw-html",
                        false,
                        "raw HTML is shown as text".to_string(),
                        "use Markdown instead, or set `allow_raw_html: true` in site.yaml",
                    );
                }
                self.push(Event::Text(html));
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                self.parsed.has_raw_html = true;
                self.push(event);
            }
            Event::Text(text) => {
                self.check_unclosed(&range);
                if let Some((_, _, _, plain)) = &mut self.heading {
                    plain.push_str(&text);
                }
                self.push(Event::Text(text));
            }
            Event::Code(code) => {
                if let Some((_, _, _, plain)) = &mut self.heading {
                    plain.push_str(&code);
                }
                self.push(Event::Code(code));
            }
            other => self.push(other),
        }
    }

    fn push(&mut self, event: Event<'a>) {
        match &mut self.heading {
            Some((_, _, events, _)) => events.push(event),
            None => self.parsed.pieces.push(Piece::Markdown(event)),
        }
    }

    fn citation(&mut self, label: &str, range: Range<usize>) {
        // The label starts one byte after the `[`.
        match cite::parse_label(label) {
            Some(Ok(items)) => {
                let items = items
                    .into_iter()
                    .map(|item| CiteItem {
                        offset: range.start + 1 + item.offset,
                        ..item
                    })
                    .collect();
                let index = self.parsed.citations.len();
                self.parsed.citations.push(FoundCitation {
                    citation: Citation { items },
                    offset: range.start,
                });
                match &mut self.heading {
                    // A citation in a heading would give the table of
                    // contents a link into the sources: keep it as text.
                    Some((_, _, events, _)) => {
                        events.push(Event::Text(CowStr::Borrowed(&self.text[range])))
                    }
                    None => self.parsed.pieces.push(Piece::Citation(index)),
                }
            }
            Some(Err(error)) => {
                self.problem(
                    range.start + 1 + error.offset,
                    "citation-syntax",
                    true,
                    error.message,
                    &error.help,
                );
                self.push(Event::Text(CowStr::Borrowed(&self.text[range])));
            }
            None => self.push(Event::Text(CowStr::Borrowed(&self.text[range]))),
        }
    }

    fn rewrite(&mut self, dest: CowStr<'a>, offset: usize) -> CowStr<'a> {
        if is_unsafe_url(&dest) {
            self.problem(
                offset,
                "unsafe-link",
                true,
                format!(
                    "`{}` would run code in the reader's browser",
                    dest.split(':').next().unwrap_or("")
                ),
                "link to an http(s) address or to a page of the site",
            );
            return CowStr::Borrowed("#");
        }
        if let Some(secure) = secure_alternative(&dest) {
            self.problem(
                offset,
                "insecure-link",
                false,
                "this link uses http:// but the site also serves https://".to_string(),
                &format!("link to {secure}"),
            );
        }
        match self.links.rewrite(&dest) {
            Ok(None) => dest,
            Ok(Some(rewritten)) => {
                if let Some(anchor) = rewritten.anchor {
                    self.parsed.anchors.push((anchor, offset));
                    self.parsed.checked_hrefs.push(rewritten.href.clone());
                }
                rewritten.href.into()
            }
            Err(message) => {
                self.problem(offset, "broken-link", true, message,
                    "link to another page by its Markdown file's relative path, e.g. `[text](other-page.md#heading)`");
                self.parsed.checked_hrefs.push(dest.to_string());
                dest
            }
        }
    }

    fn finish_heading(&mut self) {
        let Some((level, explicit_id, events, plain)) = self.heading.take() else {
            return;
        };
        let ids = self.ids.as_deref_mut();
        let id = match (explicit_id, ids) {
            (Some(id), Some(ids)) => {
                ids.used.insert(id.to_string());
                id.to_string()
            }
            (Some(id), None) => id.to_string(),
            (None, Some(ids)) => ids.claim(&plain),
            (None, None) => slug(&plain),
        };
        let level_number = level as u8;
        self.parsed.headings.push(Heading {
            level: level_number,
            id: id.clone(),
            text: plain.trim().to_string(),
        });
        let pieces = &mut self.parsed.pieces;
        pieces.push(Piece::Markdown(Event::Start(Tag::Heading {
            level,
            id: Some(id.clone().into()),
            classes: Vec::new(),
            attrs: Vec::new(),
        })));
        pieces.extend(events.into_iter().map(Piece::Markdown));
        pieces.push(Piece::Markdown(Event::InlineHtml(
            format!(
                " <a class=\"anchor\" href=\"#{id}\" aria-label=\"Link to the section {}\">#</a>",
                cite::escape(plain.trim())
            )
            .into(),
        )));
        pieces.push(Piece::Markdown(Event::End(TagEnd::Heading(level))));
    }

    /// `[@key` with no closing bracket stays as text; say so, unless the
    /// editor escaped it as `\[@`.
    fn check_unclosed(&mut self, range: &Range<usize>) {
        // The `[` and the `@` can arrive in two text events.
        for (at, _) in self.text[range.clone()].match_indices('[') {
            let at = range.start + at;
            if self.text[at..].starts_with("[@") && !self.text[..at].ends_with('\\') {
                self.problem(
                    at,
                    "unclosed-citation",
                    true,
                    "this citation is never closed".to_string(),
                    "add `]` after the key (`[@key]`), or write `\\[@` for a literal `[@`",
                );
            }
        }
    }

    fn problem(
        &mut self,
        offset: usize,
        code: &'static str,
        is_error: bool,
        message: String,
        help: &str,
    ) {
        self.parsed.problems.push(TextProblem {
            offset,
            code,
            message,
            help: help.to_string(),
            is_error,
        });
    }
}

/// `javascript:`, `vbscript:` and `data:` links run or smuggle code. Browsers
/// ignore control characters and case in the scheme, so this does too.
fn is_unsafe_url(dest: &str) -> bool {
    let scheme: String = dest
        .chars()
        .filter(|c| !c.is_control() && !c.is_whitespace())
        .take_while(|&c| c != ':')
        .collect::<String>()
        .to_ascii_lowercase();
    dest.contains(':') && matches!(scheme.as_str(), "javascript" | "vbscript" | "data")
}

/// Hosts known to serve https: an http:// link to them is a slip that
/// browsers warn about (and some block).
const HTTPS_HOSTS: &[&str] = &[
    "doi.org",
    "dx.doi.org",
    "pubmed.ncbi.nlm.nih.gov",
    "www.ncbi.nlm.nih.gov",
    "medlineplus.gov",
    "www.nhs.uk",
    "www.nice.org.uk",
    "www.who.int",
    "www.cdc.gov",
    "www.mayoclinic.org",
    "www.cochranelibrary.com",
    "bjsm.bmj.com",
    "www.bmj.com",
    "theros.org.uk",
    "www.bones.nih.gov",
];

/// The https:// form of an http:// link to a known host.
pub fn secure_alternative(url: &str) -> Option<String> {
    let rest = url.strip_prefix("http://")?;
    let host = rest
        .split(['/', '?', '#'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    HTTPS_HOSTS
        .contains(&host.as_str())
        .then(|| format!("https://{rest}"))
}

/// Cleans HTML that editors wrote themselves (only when `allow_raw_html` is
/// on): scripts, event handlers and `javascript:` URLs go, while the markup
/// pamphlet itself writes (ids, classes, ARIA, citations) stays.
fn sanitize(html: &str) -> String {
    ammonia::Builder::default()
        .add_tags([
            "sup",
            "sub",
            "span",
            "div",
            "input",
            "figure",
            "figcaption",
            "details",
            "summary",
        ])
        .add_generic_attributes(["id", "class", "aria-label", "aria-hidden", "role"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tag_attributes("ol", ["start"])
        .add_tag_attributes("th", ["scope", "align"])
        .add_tag_attributes("td", ["align"])
        .link_rel(None)
        .clean(html)
        .to_string()
}

impl<'a> Parsed<'a> {
    /// HTML for the text. Call in reading order: citations take their
    /// numbers here.
    pub fn render(&self, numbering: &mut Numbering) -> String {
        let mut html = String::new();
        let mut notes = FootnoteLetters::default();
        let events = (0..self.pieces.len()).map(|at| self.event(at, numbering, &mut notes));
        pulldown_cmark::html::push_html(&mut html, events);
        if self.has_raw_html {
            html = sanitize(&html);
        }
        html
    }

    /// The HTML event for piece `at`: citations numbered, footnotes
    /// lettered, and the space before a citation made a no-break space, so
    /// that a citation never starts a line alone.
    fn event<'s>(
        &'s self,
        at: usize,
        numbering: &mut Numbering,
        notes: &mut FootnoteLetters<'s>,
    ) -> Event<'s> {
        match &self.pieces[at] {
            Piece::Markdown(Event::Text(text)) if text.ends_with(' ') && self.cites_at(at + 1) => {
                Event::Text(format!("{}\u{a0}", &text[..text.len() - 1]).into())
            }
            // A citation at the start of a source line.
            Piece::Markdown(Event::SoftBreak) if self.cites_at(at + 1) => {
                Event::Text("\u{a0}".into())
            }
            Piece::Markdown(Event::FootnoteReference(label)) => notes.reference(label),
            Piece::Markdown(Event::Start(Tag::FootnoteDefinition(label))) => {
                notes.definition(label)
            }
            Piece::Markdown(event) => event.clone(),
            Piece::Citation(i) => {
                Event::InlineHtml(numbering.render(&self.citations[*i].citation).into())
            }
        }
    }

    fn cites_at(&self, at: usize) -> bool {
        matches!(self.pieces.get(at), Some(Piece::Citation(_)))
    }

    /// Plain text of the parsed text, for search: every word a reader sees.
    pub fn plain_text(&self) -> String {
        self.text_where(|_| true)
    }

    /// The prose a reader reads as sentences, for reading-level checks:
    /// headings, tables, code and footnote definitions left out (citations
    /// and URLs never appear in the text).
    pub fn prose_text(&self) -> String {
        self.text_where(|tag| {
            !matches!(
                tag,
                Tag::Heading { .. }
                    | Tag::Table(_)
                    | Tag::CodeBlock(_)
                    | Tag::FootnoteDefinition(_)
            )
        })
    }

    /// Text inside no tag that `keep` refuses; block ends become line breaks
    /// so that list items and cells do not run into each other.
    fn text_where(&self, keep: impl Fn(&Tag<'_>) -> bool) -> String {
        let mut out = String::new();
        let mut skipping = 0usize;
        for piece in &self.pieces {
            let Piece::Markdown(event) = piece else {
                continue;
            };
            match event {
                Event::Start(tag) if skipping > 0 || !keep(tag) => skipping += 1,
                Event::End(_) if skipping > 0 => skipping -= 1,
                _ if skipping > 0 => {}
                Event::Text(t) => out.push_str(t),
                Event::Code(t) => out.push_str(t),
                Event::SoftBreak | Event::HardBreak => out.push(' '),
                Event::End(end) if is_block(end) => out.push('\n'),
                _ => {}
            }
        }
        out
    }
}

fn is_block(end: &TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::Item
            | TagEnd::TableCell
            | TagEnd::BlockQuote(_)
            | TagEnd::CodeBlock
    )
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    pub(super) struct NoLinks;
    impl Links for NoLinks {
        fn rewrite(&self, dest: &str) -> Result<Option<Rewritten>, String> {
            match dest {
                "other.md" => Ok(Some(Rewritten {
                    href: "../other/index.html".into(),
                    anchor: None,
                })),
                "other.md#x" => Ok(Some(Rewritten {
                    href: "../other/index.html#x".into(),
                    anchor: Some(("other/index.html".into(), "x".into())),
                })),
                "missing.md" => Err("no page content/missing.md".into()),
                _ => Ok(None),
            }
        }
    }

    fn keys(text: &str) -> Vec<Vec<String>> {
        let parsed = parse(text, Mode::Block, false, &NoLinks, None);
        parsed
            .citations
            .iter()
            .map(|c| c.citation.items.iter().map(|i| i.key.clone()).collect())
            .collect()
    }

    fn html(text: &str) -> String {
        parse(
            text,
            Mode::Block,
            false,
            &NoLinks,
            Some(&mut HeadingIds::new()),
        )
        .render(&mut Numbering::default())
    }

    fn problems(text: &str) -> Vec<&'static str> {
        parse(text, Mode::Block, false, &NoLinks, None)
            .problems
            .iter()
            .map(|p| p.code)
            .collect()
    }

    #[test]
    fn finds_citations_in_reading_order() {
        assert_eq!(
            keys("A [@b] and [@a; @c, p. 4]."),
            [vec!["b"], vec!["a", "c"]]
        );
    }

    #[test]
    fn code_escapes_and_emails_are_not_citations() {
        assert!(keys("`[@a]` and\n\n    [@b]\n\n```\n[@c]\n```\n").is_empty());
        assert!(keys("Literal \\[@a] here.").is_empty());
        assert!(keys("Mail [me@x.org] or me@x.org.").is_empty());
        assert!(keys("[@a](https://example.org)").is_empty());
        assert!(problems("Literal \\[@a] here.").is_empty());
    }

    #[test]
    fn citation_renders_as_superscript_link() {
        assert_eq!(
            html("Walk [@a]."),
            "<p>Walk\u{a0}<sup class=\"cite\">[<a href=\"#src-1\" id=\"cite-1a\" aria-label=\"Source 1\">1</a>]</sup>.</p>\n"
        );
    }

    #[test]
    fn citation_keys_come_from_source_not_smart_punctuation() {
        let parsed = parse(
            "[@obrien_2020, pp. 3--4]",
            Mode::Block,
            false,
            &NoLinks,
            None,
        );
        let item = &parsed.citations[0].citation.items[0];
        assert_eq!(
            (item.key.as_str(), item.locator.as_deref()),
            ("obrien_2020", Some("pp. 3--4"))
        );
    }

    #[test]
    fn wrongly_written_citations_are_reported() {
        assert_eq!(problems("Text [@a][@b]."), ["adjacent-citations"]);
        assert_eq!(problems("Text [@a and more."), ["unclosed-citation"]);
        assert_eq!(problems("Text [see @a, p. 4]."), ["citation-syntax"]);
        assert_eq!(problems("[@a]: text\n\nBody"), ["citation-definition"]);
    }

    #[test]
    fn offsets_point_at_the_citation() {
        let parsed = parse("ab [@x; @y]", Mode::Block, false, &NoLinks, None);
        assert_eq!(parsed.citations[0].offset, 3);
        assert_eq!(parsed.citations[0].citation.items[1].offset, 8);
    }

    #[test]
    fn headings_get_unique_ids_and_anchor_links() {
        let out = html("## What to avoid\n\n## What to avoid\n\n## Sources\n\n## Src 1\n");
        assert!(out.contains("<h2 id=\"what-to-avoid\">What to avoid <a class=\"anchor\" href=\"#what-to-avoid\""), "{out}");
        assert!(out.contains("<h2 id=\"what-to-avoid-1\">"), "{out}");
        assert!(out.contains("<h2 id=\"sources-1\">"), "{out}");
        assert!(out.contains("<h2 id=\"section-src-1\">"), "{out}");
    }

    #[test]
    fn slugs_match_markdown_previews() {
        assert_eq!(slug("What to avoid?"), "what-to-avoid");
        assert_eq!(slug("Balance & posture"), "balance--posture");
        assert_eq!(slug("Étude 2"), "étude-2");
    }

    #[test]
    fn a_citation_keeps_to_the_line_of_the_word_before_it() {
        assert_eq!(
            html("Walk\n[@a]."),
            "<p>Walk\u{a0}<sup class=\"cite\">[<a href=\"#src-1\" id=\"cite-1a\" aria-label=\"Source 1\">1</a>]</sup>.</p>\n"
        );
    }

    #[test]
    fn inline_mode_has_no_paragraph() {
        let parsed = parse("Go *slowly* [@a]", Mode::Inline, false, &NoLinks, None);
        assert!(parsed
            .render(&mut Numbering::default())
            .starts_with("Go <em>slowly</em>\u{a0}<sup"));
    }

    #[test]
    fn links_between_pages_are_rewritten_and_broken_ones_reported() {
        let parsed = parse(
            "[a](other.md) [b](other.md#x) [c](missing.md) [d](https://x.org)",
            Mode::Block,
            false,
            &NoLinks,
            None,
        );
        let out = parsed.render(&mut Numbering::default());
        assert!(out.contains("href=\"../other/index.html\""));
        assert!(out.contains("href=\"../other/index.html#x\""));
        assert!(out.contains("href=\"https://x.org\""));
        assert_eq!(parsed.anchors.len(), 1);
        assert_eq!(
            parsed.problems.iter().map(|p| p.code).collect::<Vec<_>>(),
            ["broken-link"]
        );
    }

    #[test]
    fn raw_html_is_text_unless_allowed() {
        let out = html("<script>alert(1)</script>\n\nHi <b>x</b>");
        assert!(
            !out.contains("<script>") && out.contains("&lt;script&gt;"),
            "{out}"
        );
        assert!(!out.contains("<b>"));
        assert_eq!(problems("Hi <b>x</b> <i>y</i>"), ["raw-html"]);
    }

    #[test]
    fn prose_leaves_out_headings_tables_and_code() {
        let parsed = parse(
            "## Heading\n\nOne *two* [@a].\n\n| x | y |\n|---|---|\n| 1 | 2 |\n\n```\ncode\n```\n\n- item\n",
            Mode::Block,
            false,
            &NoLinks,
            None,
        );
        assert_eq!(parsed.prose_text(), "One two .\nitem\n");
        assert!(parsed.plain_text().contains("Heading") && parsed.plain_text().contains("code"));
    }

    #[test]
    fn footnotes_tables_and_tasks_render() {
        let out = html("A[^1]\n\n[^1]: Note.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n");
        assert!(
            out.contains("footnote-reference")
                && out.contains("<table>")
                && out.contains("checkbox"),
            "{out}"
        );
    }

    #[test]
    fn code_running_links_are_removed() {
        for dest in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "java\tscript:x",
            "vbscript:x",
            "data:text/html;base64,PHNjcmlwdD4=",
        ] {
            let text = format!("[x](<{dest}>)");
            let parsed = parse(&text, Mode::Block, false, &NoLinks, None);
            assert_eq!(
                parsed.problems.iter().map(|p| p.code).collect::<Vec<_>>(),
                ["unsafe-link"],
                "{dest}"
            );
            assert!(
                parsed
                    .render(&mut Numbering::default())
                    .contains("href=\"#\""),
                "{dest}"
            );
        }
    }

    #[test]
    fn http_links_to_https_hosts_are_flagged() {
        assert_eq!(
            problems("[p](http://pubmed.ncbi.nlm.nih.gov/1/)"),
            ["insecure-link"]
        );
        assert!(problems("[p](http://example.org/)").is_empty());
        assert_eq!(
            secure_alternative("http://doi.org/10.1/x").as_deref(),
            Some("https://doi.org/10.1/x")
        );
    }

    #[test]
    fn images_need_a_text_alternative() {
        assert_eq!(problems("![](a.png)"), ["image-alt"]);
        assert!(problems("![A hip](a.png)").is_empty());
        assert!(
            html("![@a]").contains("![@a]"),
            "not an image, not a citation"
        );
    }

    #[test]
    fn allowed_raw_html_is_sanitised_but_our_markup_stays() {
        let text = "<img src=x onerror=alert(1)> <a href=\"javascript:alert(1)\">x</a> [@a]\n\n<script>alert(1)</script>\n\n<svg><script>alert(1)</script></svg>";
        let out = parse(text, Mode::Block, true, &NoLinks, None).render(&mut Numbering::default());
        assert!(
            !out.contains("onerror") && !out.contains("javascript:") && !out.contains("<script"),
            "{out}"
        );
        assert!(out.contains("<sup class=\"cite\">[<a href=\"#src-1\" id=\"cite-1a\" aria-label=\"Source 1\">1</a>]</sup>"), "{out}");
    }
}
