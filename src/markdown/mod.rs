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

use std::cell::RefCell;
use std::ops::Range;

use pulldown_cmark::{
    BrokenLink, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};

use crate::cite::{self, Citation, CiteItem, Numbering};
use crate::href;
use footnotes::FootnoteLetters;

mod footnotes;
mod headings;
mod plain;

pub use headings::{slug, HeadingIds};

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

    /// What the site knows of the picture at `dest`, a file of the site
    /// whose link is `href`: nothing, unless pictures are read.
    fn picture(&self, _dest: &str, _href: &str) -> Picture {
        Picture::default()
    }
}

/// A picture's size and smaller copies, for its `<img>`.
#[derive(Debug, Clone, Default)]
pub struct Picture {
    pub width: Option<u32>,
    pub height: Option<u32>,
    /// Smaller copies and the original, relative to the page and encoded.
    pub srcset: Option<String>,
    pub sizes: Option<String>,
    /// Problems reading it, at offset 0.
    pub problems: Vec<TextProblem>,
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
    /// A picture's `<img>`, and its text alternative for search.
    Image {
        html: String,
        alt: String,
    },
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

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Whether a link is one the broken-link callback made: a citation, or
/// `[text][@key]` (which Markdown reads as one reference link). Only
/// the callback makes links of the "unknown" types, and it gives them an
/// empty URL: pulldown-cmark stops resolving references once their URLs
/// add up to the text's length, which cut off long runs of citations.
fn is_from_callback(link_type: LinkType) -> bool {
    matches!(
        link_type,
        LinkType::ShortcutUnknown | LinkType::CollapsedUnknown | LinkType::ReferenceUnknown
    )
}

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
    let in_link_text = RefCell::new(Vec::new());
    let callback = |link: BrokenLink<'a>| -> Option<(CowStr<'a>, CowStr<'a>)> {
        let label = link.reference.as_ref();
        if !label.trim_start().starts_with('@') && cite::parse_label(label).is_none() {
            return None;
        }
        let moveable = matches!(link.link_type, LinkType::Shortcut | LinkType::Collapsed);
        if moveable && closes_a_link(text, link.span.end) {
            // A link inside a link's text would break the outer link:
            // left as text, the citation is moved after the link.
            in_link_text.borrow_mut().push(link.span);
            return None;
        }
        Some((CowStr::Borrowed(""), CowStr::Borrowed("")))
    };
    let parser = Parser::new_with_broken_link_callback(text, options(), Some(callback));
    let mut iter = parser.into_offset_iter();
    for (event, range) in iter.by_ref() {
        builder.in_link_text.append(&mut in_link_text.borrow_mut());
        builder.event(event, range);
    }
    builder.report_citations_left_in_brackets();
    for (label, def) in iter.reference_definitions().iter() {
        if label.starts_with('@') {
            builder.problem(def.span.start, "citation-definition", true,
                format!("`[{label}]:` at the start of a line is read as a link definition and disappears"),
                "reword so the line does not begin with the citation, or write `\\[` to start it");
        }
    }
    builder.parsed
}

/// Whether the first bracket after `end` is a `]` that makes a link of
/// an enclosing `[` (`](url)` or `][ref]`): then `[@key]` before it is in
/// that link's text.
fn closes_a_link(text: &str, end: usize) -> bool {
    let rest = &text.as_bytes()[end..];
    // A collapsed `[@a][]` may end before its `[]`.
    let rest = rest.strip_prefix(b"[]").unwrap_or(rest);
    rest.iter()
        .position(|&b| b == b'[' || b == b']')
        .is_some_and(|at| rest[at] == b']' && matches!(rest.get(at + 1), Some(b'(' | b'[')))
}

/// A heading being collected until its end, when its id is known.
struct HeadingDraft<'a> {
    level: HeadingLevel,
    written_id: Option<CowStr<'a>>,
    classes: Vec<CowStr<'a>>,
    attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
    pieces: Vec<Piece<'a>>,
    /// The text a reader sees, for the id and the table of contents.
    plain: String,
    /// Where the heading starts in the text.
    offset: usize,
}

/// A picture being read: its text alternative comes in the events up to
/// its end.
struct ImageDraft<'a> {
    offset: usize,
    src: CowStr<'a>,
    title: CowStr<'a>,
    picture: Picture,
    alt: String,
}

impl ImageDraft<'_> {
    /// Lazy, as a body picture is seldom on the first screen.
    fn html(&self) -> String {
        let mut html = format!(
            "<img src=\"{}\" alt=\"{}\"",
            cite::escape(&self.src),
            cite::escape(&self.alt)
        );
        if !self.title.is_empty() {
            html.push_str(&format!(" title=\"{}\"", cite::escape(&self.title)));
        }
        if let (Some(width), Some(height)) = (self.picture.width, self.picture.height) {
            html.push_str(&format!(" width=\"{width}\" height=\"{height}\""));
        }
        if let (Some(srcset), Some(sizes)) = (&self.picture.srcset, &self.picture.sizes) {
            html.push_str(&format!(
                " srcset=\"{}\" sizes=\"{}\"",
                cite::escape(srcset),
                cite::escape(sizes)
            ));
        }
        html.push_str(" loading=\"lazy\" decoding=\"async\">");
        html
    }
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
    /// An image being read, until its end.
    image: Option<ImageDraft<'a>>,
    heading: Option<HeadingDraft<'a>>,
    warned_html: bool,
    /// Citations the callback left as text because they sit in a link's
    /// text (see [`closes_a_link`]), by their span, until a link takes them.
    in_link_text: Vec<Range<usize>>,
    /// Links and images open around the current event.
    link_depth: usize,
    /// The citations in the open link's text, to place after it.
    moved: Vec<Range<usize>>,
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
            in_link_text: Vec::new(),
            link_depth: 0,
            moved: Vec::new(),
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
        if self
            .moved
            .iter()
            .any(|span| span.start <= range.start && range.end <= span.end)
        {
            // The text of a citation that moves after its link.
            return;
        }
        if self.image.is_some() && !matches!(event, Event::End(TagEnd::Image)) {
            self.image_text(event);
            return;
        }
        match &event {
            Event::Start(Tag::Link { link_type, .. } | Tag::Image { link_type, .. })
                if !is_from_callback(*link_type) =>
            {
                self.open_link(&range)
            }
            _ => {}
        }
        match event {
            Event::Start(Tag::Link {
                link_type: LinkType::ShortcutUnknown | LinkType::CollapsedUnknown,
                ..
            }) => {
                // `[@a]` or `[@a][]`: the label is the first brackets' text.
                let source = &self.text[range.clone()];
                let source = source.strip_suffix("[]").unwrap_or(source);
                let label = source.get(1..source.len().saturating_sub(1)).unwrap_or("");
                self.citation(label, range);
                self.skip_depth = 1;
            }
            Event::Start(Tag::Link { link_type, .. }) if is_from_callback(link_type) => {
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
            Event::Start(Tag::Image { link_type, .. }) if is_from_callback(link_type) => {
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
                // `<help@example.org>`: the HTML writer adds `mailto:`.
                let dest_url = if link_type == LinkType::Email {
                    dest_url
                } else {
                    self.rewrite(dest_url, range.start)
                };
                self.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                let (src, inside) = self.rewrite_link(&dest_url, range.start);
                let picture = match inside {
                    true => self.links.picture(&dest_url, &src),
                    false => Picture::default(),
                };
                for problem in &picture.problems {
                    self.parsed.problems.push(TextProblem {
                        offset: range.start,
                        ..problem.clone()
                    });
                }
                let src = match inside {
                    true => src,
                    false => href::encode_href(&src).into_owned().into(),
                };
                self.image = Some(ImageDraft {
                    offset: range.start,
                    src,
                    title,
                    picture,
                    alt: String::new(),
                });
            }
            Event::End(TagEnd::Image) => {
                if let Some(image) = self.image.take() {
                    if image.alt.trim().is_empty() {
                        self.problem(image.offset, "image-alt", false,
                            "this image has no text alternative".to_string(),
                            "describe the picture between the brackets: `![A physiotherapist showing a hip hinge](hinge.png)`");
                    }
                    self.push_piece(Piece::Image {
                        html: image.html(),
                        alt: image.alt,
                    });
                }
                self.close_link();
            }
            Event::End(TagEnd::Link) => {
                if self.link_depth == 1 && !self.moved.is_empty() {
                    self.trim_link_text_end();
                }
                self.push(event);
                self.close_link();
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) if self.mode == Mode::Block => {
                self.heading = Some(HeadingDraft {
                    level,
                    written_id: id,
                    classes,
                    attrs,
                    pieces: Vec::new(),
                    plain: String::new(),
                    offset: range.start,
                });
            }
            Event::Start(Tag::FootnoteDefinition(ref label)) => {
                self.footnote_id(label, range.start);
                self.push(event);
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
                if let Some(heading) = &mut self.heading {
                    heading.plain.push_str(&text);
                }
                self.push(Event::Text(text));
            }
            Event::Code(code) => {
                if let Some(heading) = &mut self.heading {
                    heading.plain.push_str(&code);
                }
                self.push(Event::Code(code));
            }
            other => self.push(other),
        }
    }

    /// An event inside an image's brackets: its text is the picture's
    /// text alternative (and part of a heading's text); links and
    /// citations there have nowhere to go in an `alt` and are dropped.
    fn image_text(&mut self, event: Event<'a>) {
        match event {
            Event::Text(text) | Event::Code(text) => {
                if let Some(heading) = &mut self.heading {
                    heading.plain.push_str(&text);
                }
                if let Some(image) = &mut self.image {
                    image.alt.push_str(&text);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(image) = &mut self.image {
                    image.alt.push(' ');
                }
            }
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => self.skip_depth = 1,
            _ => {}
        }
    }

    fn push(&mut self, event: Event<'a>) {
        self.push_piece(Piece::Markdown(event));
    }

    fn push_piece(&mut self, piece: Piece<'a>) {
        match &mut self.heading {
            Some(heading) => heading.pieces.push(piece),
            None => self.parsed.pieces.push(piece),
        }
    }

    /// A link or image starts: the citations in its text wait until it ends.
    fn open_link(&mut self, range: &Range<usize>) {
        self.link_depth += 1;
        let inside = |span: &Range<usize>| range.start <= span.start && span.end <= range.end;
        self.moved
            .extend(self.in_link_text.iter().filter(|s| inside(s)).cloned());
        self.in_link_text.retain(|span| !inside(span));
    }

    /// `[read more [@a]](url)`: the space before the moved citation
    /// would be underlined as part of the link.
    fn trim_link_text_end(&mut self) {
        let pieces = match &mut self.heading {
            Some(heading) => &mut heading.pieces,
            None => &mut self.parsed.pieces,
        };
        if let Some(Piece::Markdown(Event::Text(text))) = pieces.last_mut() {
            if text.ends_with(char::is_whitespace) {
                *text = text.trim_end().to_string().into();
            }
        }
    }

    /// The outermost open link or image ended: its citations follow it.
    fn close_link(&mut self) {
        self.link_depth -= 1;
        if self.link_depth == 0 {
            for span in std::mem::take(&mut self.moved) {
                // `[@a]` or `[@a][]`: the label ends at the first `]`.
                let label = &self.text[span.start + 1..span.end];
                let label = &label[..label.find(']').unwrap_or(label.len())];
                self.citation(label, span);
            }
        }
    }

    /// Citations left in brackets that never became a link
    /// (`[see [@a]][nowhere]`) would show as raw text.
    fn report_citations_left_in_brackets(&mut self) {
        for span in std::mem::take(&mut self.in_link_text) {
            self.problem(
                span.start,
                "citation-syntax",
                true,
                "this citation is inside brackets that do not make a link, so it shows as text"
                    .to_string(),
                "move the citation out of the brackets, e.g. `[read more](page.md) [@key]`",
            );
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
                // In a heading too: its id and the table of contents take
                // the heading's plain text, which leaves citations out.
                self.push_piece(Piece::Citation(index));
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
        self.rewrite_link(&dest, offset).0
    }

    /// [`Self::rewrite`], and whether the link is to a file of the site.
    fn rewrite_link(&mut self, dest: &CowStr<'a>, offset: usize) -> (CowStr<'a>, bool) {
        if href::is_unsafe(dest) {
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
            return (CowStr::Borrowed("#"), false);
        }
        if let Some(secure) = secure_alternative(dest) {
            self.problem(
                offset,
                "insecure-link",
                false,
                "this link uses http:// but the site also serves https://".to_string(),
                &format!("link to {secure}"),
            );
        }
        match self.links.rewrite(dest) {
            Ok(None) => (dest.clone(), false),
            Ok(Some(rewritten)) => {
                if let Some(anchor) = rewritten.anchor {
                    self.parsed.anchors.push((anchor, offset));
                    self.parsed.checked_hrefs.push(rewritten.href.clone());
                }
                (rewritten.href.into(), true)
            }
            Err(message) => {
                self.problem(offset, "broken-link", true, message,
                    "link to another page by its Markdown file's relative path, e.g. `[text](other-page.md#heading)`");
                // As the page will hold it, so the final check knows it.
                let href = href::encode_href(dest).into_owned();
                self.parsed.checked_hrefs.push(href.clone());
                (href.into(), false)
            }
        }
    }

    fn finish_heading(&mut self) {
        let Some(heading) = self.heading.take() else {
            return;
        };
        let plain = heading.plain.trim();
        // Attributes are written last on the heading's line.
        let line_end = self.text[heading.offset..]
            .find('\n')
            .map_or(self.text.len(), |at| heading.offset + at);
        let attributes_at = self.text[heading.offset..line_end]
            .rfind('{')
            .map_or(heading.offset, |at| heading.offset + at);
        let id = match (heading.written_id, self.ids.as_deref_mut()) {
            (Some(id), Some(ids)) => {
                if let Err(why) = ids.claim_written(&id) {
                    self.problem(
                        attributes_at,
                        "duplicate-id",
                        true,
                        format!("the heading id `{id}` cannot be used: {why}"),
                        "choose another id after `#`, or leave `{#...}` out to get one from the heading's text",
                    );
                }
                id.to_string()
            }
            (Some(id), None) => id.to_string(),
            (None, Some(ids)) => ids.claim(plain),
            (None, None) => slug(plain),
        };
        let mut attrs = Vec::new();
        for (name, value) in heading.attrs {
            if headings::KEPT_ATTRIBUTES.contains(&name.as_ref()) {
                attrs.push((name, value));
            } else {
                self.problem(
                    attributes_at,
                    "heading-attribute",
                    false,
                    format!("the heading attribute `{name}` is left out of the page"),
                    "headings keep `{#id}`, `{.class}`, `lang=...` and `dir=...`; remove the others",
                );
            }
        }
        self.parsed.headings.push(Heading {
            level: heading.level as u8,
            id: id.clone(),
            text: plain.to_string(),
        });
        let level = heading.level;
        let anchor = format!(
            " <a class=\"anchor\" href=\"#{}\" aria-label=\"Link to the section {}\">#</a>",
            cite::escape(&href::encode_fragment(&id)),
            cite::escape(plain)
        );
        let pieces = &mut self.parsed.pieces;
        pieces.push(Piece::Markdown(Event::Start(Tag::Heading {
            level,
            id: Some(id.into()),
            classes: heading.classes,
            attrs,
        })));
        pieces.extend(heading.pieces);
        pieces.push(Piece::Markdown(Event::InlineHtml(anchor.into())));
        pieces.push(Piece::Markdown(Event::End(TagEnd::Heading(level))));
    }

    /// A footnote's id is its label (`[^1]` → `id="1"`): it must not take
    /// an id the page already uses.
    fn footnote_id(&mut self, label: &str, offset: usize) {
        if label.contains(char::is_whitespace) {
            // Pandoc's rule too: an id cannot hold spaces.
            self.problem(
                offset,
                "footnote-label",
                true,
                format!("the footnote label `{label}` has a space; it becomes the footnote's id"),
                "join the words with hyphens, e.g. `[^my-note]`, in the reference and the note",
            );
            return;
        }
        let Some(ids) = self.ids.as_deref_mut() else {
            return;
        };
        if let Err(why) = ids.claim_written(label) {
            self.problem(
                offset,
                "duplicate-id",
                true,
                format!("the footnote `[^{label}]` would take the id `{label}`: {why}"),
                "rename the footnote, e.g. `[^note-1]`",
            );
        }
    }

    /// `[@key` with no closing bracket stays as text; say so, unless the
    /// editor escaped it as `\[@`.
    fn check_unclosed(&mut self, range: &Range<usize>) {
        // The `[` and the `@` can arrive in two text events.
        for (at, _) in self.text[range.clone()].match_indices('[') {
            let at = range.start + at;
            let in_link = self.in_link_text.iter().any(|span| span.start == at);
            if self.text[at..].starts_with("[@") && !self.text[..at].ends_with('\\') && !in_link {
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
    let mut url = url::Url::parse(url).ok()?;
    let known = url.scheme() == "http" && url.host_str().is_some_and(|h| HTTPS_HOSTS.contains(&h));
    (known && url.set_scheme("https").is_ok()).then(|| url.into())
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
        .add_tag_attributes("img", ["srcset", "sizes", "loading", "decoding"])
        .add_tag_attributes("ol", ["start"])
        // Column alignment: the Markdown writer sets `text-align` only.
        .add_tag_attributes("th", ["scope", "align", "style"])
        .add_tag_attributes("td", ["align", "style"])
        .filter_style_properties(["text-align"].into())
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
            Piece::Image { html, .. } => Event::InlineHtml(html.as_str().into()),
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
            let event = match piece {
                Piece::Markdown(event) => event,
                Piece::Image { alt, .. } if skipping == 0 => {
                    out.push_str(alt);
                    continue;
                }
                _ => continue,
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
pub(super) mod tests;
