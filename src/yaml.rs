//! All YAML parsing goes through here.
//!
//! Two parsers, each for what it does best. saphyr-parser (maintained,
//! YAML 1.2) reads every block first into [`Spans`]: where each key and
//! value is written, from the parser's own events, so a diagnostic about a
//! value points at that value and a syntax error at the mistake. serde_yaml
//! 0.9 (the project's chosen deserialiser; final and marked deprecated
//! upstream) then fills the typed structs. Keeping both behind this one
//! module means either can be replaced in one place.
//!
//! This is also where parse errors become diagnostics a person can act
//! on: positions in the Markdown file's own lines, "did you mean" for
//! misspelt fields, the one-line fix for the common traps (a colon in an
//! unquoted value, a value starting with `[` or `@`, tabs, a missing
//! quote), and every field problem of a file in one run: a field that
//! cannot be read is reported and left out, and the rest is read.

use std::ops::Range;
use std::path::Path;

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError};
use serde::de::DeserializeOwned;

use crate::diagnostic::Diagnostic;

/// Deepest nesting of lists and maps a block may have. The content model
/// needs five levels; a hostile file with thousands would make parsing
/// slow, so it is an error before anything slow runs.
pub const MAX_DEPTH: usize = 32;

/// A block of YAML inside a file of the site.
#[derive(Clone, Copy)]
pub struct Block<'a> {
    pub text: &'a str,
    /// Site-relative path of the file the block is in.
    pub file: &'a Path,
    /// How many lines of the file come before the block's first line.
    pub line_offset: usize,
}

/// What reading a block gave: the value if it could be read (perhaps
/// without the fields that had problems), where everything is written,
/// and every problem.
pub struct Read<T> {
    pub value: Option<T>,
    pub spans: Spans,
    pub problems: Vec<Diagnostic>,
    /// Top-level keys left out of `value` because of their problems.
    pub left_out: Vec<String>,
}

impl<'a> Block<'a> {
    /// A whole file of YAML, such as `site.yaml`.
    pub fn file(text: &'a str, file: &'a Path) -> Block<'a> {
        Block {
            text,
            file,
            line_offset: 0,
        }
    }

    /// Parses the block into `T`, failing on any problem.
    pub fn parse<T: DeserializeOwned>(&self, fields: &[&str]) -> Result<T, Vec<Diagnostic>> {
        let read = self.read::<T>(Some(fields));
        match read.value {
            Some(value) if read.problems.is_empty() => Ok(value),
            _ => Err(read.problems),
        }
    }

    /// Parses a value that has no fixed set of top-level fields, such as
    /// the map of sources in `sources.yaml`.
    pub fn parse_map<T: DeserializeOwned>(&self) -> Result<T, Vec<Diagnostic>> {
        let read = self.read::<T>(None);
        match read.value {
            Some(value) if read.problems.is_empty() => Ok(value),
            _ => Err(read.problems),
        }
    }

    /// Reads the block into `T`, reporting every problem. With `fields`,
    /// `T` is a struct: each top-level key not among them is reported
    /// (with a suggestion) and left out, and so is each top-level entry
    /// serde cannot read, until the rest reads or a required field is
    /// missing.
    pub fn read<T: DeserializeOwned>(&self, fields: Option<&[&str]>) -> Read<T> {
        let spans = match self.spans() {
            Ok(spans) => spans,
            Err(problem) => {
                return Read {
                    value: None,
                    spans: Spans::default(),
                    problems: vec![problem],
                    left_out: Vec::new(),
                }
            }
        };
        let mut problems = Vec::new();
        let mut left_out: Vec<&Entry> = Vec::new();
        if let Some(fields) = fields {
            for entry in spans.entries(&[]) {
                if !fields.contains(&entry.key.as_str()) {
                    problems.push(self.at(unknown_field(&entry.key, fields), &entry.key_node));
                    left_out.push(entry);
                }
            }
        }
        let mut text = std::borrow::Cow::Borrowed(self.text);
        let value = loop {
            if !left_out.is_empty() {
                let ranges: Vec<Range<usize>> = left_out.iter().map(|e| e.bytes()).collect();
                text = std::borrow::Cow::Owned(blank(self.text, &ranges));
            }
            let error = match serde_yaml::from_str::<T>(&text) {
                Ok(value) => break Some(value),
                Err(error) => error,
            };
            let at = error.location().map_or(0, |l| l.index());
            let entries = spans.entries(&[]).iter();
            let mut entries = entries.filter(|e| !left_out.contains(e));
            if let Some(entry) = entries
                .clone()
                .find(|e| e.value.bytes.start <= at && at < e.bytes().end)
            {
                problems.push(self.diagnose(&error));
                left_out.push(entry);
                continue;
            }
            // serde places errors of a value's own rules (a date that is
            // no date) at the start of the map: find the field by reading
            // each alone.
            let culprit = entries.find_map(|e| Some((e, self.alone::<T>(&text, e)?)));
            match culprit {
                Some((entry, message)) => {
                    let message = format!("{}: {message}", entry.key);
                    let problem = Diagnostic::error("yaml", message)
                        .help("see docs/content.md for the expected form of each field");
                    problems.push(self.at(problem, &entry.value));
                    left_out.push(entry);
                }
                // A missing field is in no entry: nothing more reads. If
                // it is one left out, its own problem is already told.
                None => {
                    let message = error.to_string();
                    let told = left_out
                        .iter()
                        .any(|e| message.starts_with(&format!("missing field `{}`", e.key)));
                    if !told {
                        problems.push(self.diagnose(&error));
                    }
                    break None;
                }
            }
        };
        let left_out = left_out.iter().map(|e| e.key.clone()).collect();
        Read {
            value,
            spans,
            problems,
            left_out,
        }
    }

    /// The problem serde finds in `entry` read on its own, as the only
    /// field of a `T`; `None` if only other (required) fields are missing.
    fn alone<T: DeserializeOwned>(&self, text: &str, entry: &Entry) -> Option<String> {
        let value: serde_yaml::Value = serde_yaml::from_str(text).ok()?;
        let (key, value) = value
            .as_mapping()?
            .iter()
            .find(|(k, _)| k.as_str() == Some(entry.key.as_str()))?;
        let mut alone = serde_yaml::Mapping::new();
        alone.insert(key.clone(), value.clone());
        let message = serde_yaml::from_value::<T>(serde_yaml::Value::Mapping(alone))
            .err()?
            .to_string();
        (!message.starts_with("missing field")).then_some(message)
    }

    /// Where every key and value of the block is written, or the syntax
    /// error that stops the parser.
    pub fn spans(&self) -> Result<Spans, Diagnostic> {
        let mut builder = SpansBuilder::new(self);
        for event in Parser::new_from_str(self.text) {
            let (event, span) = match event {
                Ok(event) => event,
                Err(error) => return Err(self.syntax_error(&error, &builder.open)),
            };
            let (start, end) = (builder.point(span.start), builder.point(span.end));
            match event {
                Event::Scalar(value, style, ..) => {
                    builder.complete(start, end, Kind::Scalar(style), Some(value.into_owned()))
                }
                Event::Alias(_) => {
                    builder.complete(start, end, Kind::Scalar(ScalarStyle::Plain), None)
                }
                Event::SequenceStart(..) | Event::MappingStart(..) => {
                    if builder.open.len() == MAX_DEPTH {
                        return Err(self.at_point(too_deep(), &start));
                    }
                    let kind = match event {
                        Event::MappingStart(..) => Kind::Map(Vec::new()),
                        _ => Kind::Seq(Vec::new()),
                    };
                    builder.open.push((start, kind, None));
                }
                Event::SequenceEnd | Event::MappingEnd => builder.close(end),
                // Front matter is one document; anything after is ignored.
                Event::DocumentEnd => break,
                _ => {}
            }
        }
        Ok(Spans { root: builder.root })
    }

    /// The file line on which a top-level `key:` is written, if it is.
    pub fn top_level_key_line(&self, key: &str) -> Option<usize> {
        let spans = self.spans().ok()?;
        spans.key(&[Step::Key(key)]).map(|node| node.line)
    }

    /// A file position for a node of this block.
    fn at(&self, diagnostic: Diagnostic, node: &Node) -> Diagnostic {
        diagnostic.at(self.file, node.line, node.column)
    }

    fn at_point(&self, diagnostic: Diagnostic, point: &Point) -> Diagnostic {
        diagnostic.at(self.file, point.line, point.column)
    }

    /// The text of a 1-based line of the block.
    fn line_text(&self, line: usize) -> &'a str {
        self.text.lines().nth(line.saturating_sub(1)).unwrap_or("")
    }

    /// A syntax error, pointed where saphyr-parser found it, with the fix
    /// for the trap the line fell into.
    fn syntax_error(&self, error: &ScanError, open: &[Open]) -> Diagnostic {
        let mark = error.marker();
        // A `[` or `{` left open on an earlier line: the parser read on
        // and stumbled later, but the mistake is the bracket.
        let unclosed = open.iter().rev().find(|(start, ..)| {
            start.line < mark.line() + self.line_offset
                && self.text[start.byte..].starts_with(['[', '{'])
        });
        if let Some((start, ..)) = unclosed {
            let line = self.line_text(start.line - self.line_offset);
            let column = start.column - 1;
            let value = line[value_start(line, column)..].trim_end();
            let close = if value.starts_with('[') { ']' } else { '}' };
            let opened = &value[..1];
            return Diagnostic::error(
                "yaml-syntax",
                format!("this `{opened}` is never closed, so YAML reads on into the lines below"),
            )
            .help(format!(
                "close it at the end of the line (`{}{close}`) if it is a list; if it is text, quote it: `{}`",
                shown(line),
                shown(&quote_value(line, column))
            ))
            .at(self.file, start.line, start.column);
        }
        let line_text = self.line_text(mark.line());
        // The bracket that nests one level too deep, if the line has one
        // before where the parser stopped.
        let mut depth = 0usize;
        let too_deep_at = line_text.chars().take(mark.col()).position(|c| {
            match c {
                '[' | '{' => depth += 1,
                ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            }
            depth > MAX_DEPTH
        });
        if let Some(column) = too_deep_at {
            let line = mark.line() + self.line_offset;
            return too_deep().at(self.file, line, column + 1);
        }
        let diagnostic = match Trap::find(line_text, mark.col()) {
            Some(trap) => trap.diagnostic("yaml-syntax", line_text, mark.col()),
            None => Diagnostic::error("yaml-syntax", error.info().to_string())
                .help("see docs/content.md for how each field is written"),
        };
        diagnostic.at(self.file, mark.line() + self.line_offset, mark.col() + 1)
    }

    /// A problem serde found in a block that parsed.
    fn diagnose(&self, error: &serde_yaml::Error) -> Diagnostic {
        let (line, column) = error.location().map_or((1, 1), |l| (l.line(), l.column()));
        let message = strip_position(&error.to_string());
        let line_text = self.line_text(line);
        let diagnostic = if let Some(name) = unknown_field_name(&message) {
            unknown_field(&name, &expected_names(&message))
        } else if let Some(field) = message.strip_prefix("missing field ") {
            Diagnostic::error("missing-field", format!("missing field {field}"))
                .help(format!("add {field} with a value; see docs/content.md"))
        } else if let Some(trap) = Trap::find(line_text, column.saturating_sub(1)) {
            // A value that parsed as a map or list where text was meant.
            trap.diagnostic("yaml", line_text, column.saturating_sub(1))
        } else {
            Diagnostic::error("yaml", message)
                .help("see docs/content.md for the expected form of each field")
        };
        diagnostic.at(self.file, line + self.line_offset, column)
    }
}

fn too_deep() -> Diagnostic {
    Diagnostic::error(
        "yaml-syntax",
        format!("lists and maps are nested more than {MAX_DEPTH} deep here"),
    )
    .help("the content model needs a few levels at most; look for stray `[` or `{`")
}

/// The common ways a line of YAML goes wrong, each with its one-line fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Trap {
    /// A tab in the indentation.
    Tab,
    /// A quoted value whose closing quote is missing.
    MissingQuote(char),
    /// A value starting with `[` or `{`, read as a list or map.
    FlowStart,
    /// A citation inside a `[a, b]` list.
    CitationInList,
    /// A value starting with `@` or a backtick, which YAML reserves.
    Reserved(char),
    /// `: ` inside an unquoted value, read as another key.
    Colon,
}

impl Trap {
    /// The trap of `line` if any; `column` (from 0, in characters) is
    /// where the parser stopped.
    fn find(line: &str, column: usize) -> Option<Trap> {
        let indent = &line[..line.len() - line.trim_start_matches([' ', '\t']).len()];
        if indent.contains('\t') || line.chars().nth(column) == Some('\t') {
            return Some(Trap::Tab);
        }
        let value = line[value_start(line, column)..].trim_end();
        let first = value.chars().next()?;
        match first {
            '"' | '\'' if value.len() == 1 || !value[1..].contains(first) => {
                Some(Trap::MissingQuote(first))
            }
            '"' | '\'' => None,
            '[' if !value.starts_with("[@") && value[1..].contains("[@") => {
                Some(Trap::CitationInList)
            }
            '[' | '{' => Some(Trap::FlowStart),
            '@' | '`' => Some(Trap::Reserved(first)),
            _ if value.contains(": ") || value.ends_with(':') => Some(Trap::Colon),
            _ => None,
        }
    }

    fn diagnostic(self, code: &'static str, line: &str, column: usize) -> Diagnostic {
        let quoted = shown(&quote_value(line, column));
        let (message, help) = match self {
            Trap::Tab => (
                "a tab in the indentation: YAML indents with spaces only".to_string(),
                format!("replace the tab with spaces: `{}`", shown(&line.replace('\t', "  "))),
            ),
            Trap::MissingQuote(quote) => (
                format!("this value opens a quote ({quote}) that never closes"),
                format!("close the quote at the end of the value: `{}{quote}`", shown(line)),
            ),
            Trap::FlowStart => (
                "a value that starts with `[` or `{` is read as a list or map, not as text".to_string(),
                format!("quote the whole value: `{quoted}` (or move the citation to the end of the text)"),
            ),
            Trap::CitationInList => {
                let value = &line[value_start(line, column)..].trim_end();
                let inner = value.strip_prefix('[').and_then(|v| v.strip_suffix(']'));
                let items: Vec<String> = inner
                    .map(|i| i.split(", ").map(|item| format!("\"{}\"", item.trim())).collect())
                    .unwrap_or_default();
                (
                    "a citation cannot sit inside a `[a, b]` list as it is".to_string(),
                    format!(
                        "quote each item (`[{}]`), or write the list as a block list, one `- item` per line",
                        shown(&items.join(", "))
                    ),
                )
            }
            Trap::Reserved(c) => (
                format!("a YAML value cannot start with `{c}`"),
                format!("quote the whole value: `{quoted}`"),
            ),
            Trap::Colon => (
                "a colon followed by a space inside this value makes YAML read it as another key"
                    .to_string(),
                format!("quote the whole value: `{quoted}`"),
            ),
        };
        Diagnostic::error(code, message).help(help)
    }
}

/// Where the value that holds character `column` of `line` starts, in
/// bytes: after the list dash or after `key: `, whichever is the last
/// start at or before `column`.
fn value_start(line: &str, column: usize) -> usize {
    let at = line
        .char_indices()
        .nth(column)
        .map_or(line.len(), |(i, _)| i);
    let mut start = line.len() - line.trim_start().len();
    loop {
        let rest = &line[start..];
        let next = if let Some(item) = rest.strip_prefix("- ") {
            start + 2 + (item.len() - item.trim_start().len())
        } else {
            // A plain key ends at the first `: `.
            match rest.find(": ") {
                Some(end) if !rest.starts_with(['"', '\'', '[', '{', '@', '`']) => {
                    let after = &rest[end + 2..];
                    start + end + 2 + (after.len() - after.trim_start().len())
                }
                _ => return start,
            }
        };
        if next > at {
            return start;
        }
        start = next;
    }
}

/// The line with the value at `column` in double quotes: the usual fix.
fn quote_value(line: &str, column: usize) -> String {
    let line = line.trim_end();
    let start = value_start(line, column);
    let value = &line[start..];
    let escaped = value.replace('\\', "\\\\").replace('"', "\\\"");
    format!("{}\"{escaped}\"", &line[..start])
}

/// A line as a help message shows it: long ones shortened.
fn shown(line: &str) -> String {
    let line = line.trim_end();
    match line.char_indices().nth(80) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line.to_string(),
    }
}

/// The text with the given byte ranges turned into spaces (line breaks
/// kept), so that positions in what is left stay where they were.
fn blank(text: &str, ranges: &[Range<usize>]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for range in ranges {
        for byte in &mut bytes[range.clone()] {
            if *byte != b'\n' && *byte != b'\r' {
                *byte = b' ';
            }
        }
    }
    // Only whole characters were replaced, by ASCII: still UTF-8.
    String::from_utf8(bytes).unwrap_or_default()
}

/// A step along a path into a block: a map's key or a list's item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step<'k> {
    Key(&'k str),
    Item(usize),
}

/// A place in a file: the byte in its block, and the file's 1-based line
/// and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Point {
    pub byte: usize,
    pub line: usize,
    pub column: usize,
}

/// Where one value of a block is written, and what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// The value's bytes in the block, quotes included.
    pub bytes: Range<usize>,
    pub line: usize,
    pub column: usize,
    kind: Kind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Scalar(ScalarStyle),
    Map(Vec<Entry>),
    Seq(Vec<Node>),
}

/// One `key: value` of a map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub key: String,
    pub key_node: Node,
    pub value: Node,
}

impl Entry {
    /// From the key's first byte to the value's last.
    fn bytes(&self) -> Range<usize> {
        self.key_node.bytes.start..self.value.bytes.end.max(self.key_node.bytes.end)
    }
}

/// Where every key and value of a block is written.
#[derive(Debug, Clone, Default)]
pub struct Spans {
    root: Option<Node>,
}

impl Spans {
    /// The value at `path`, if it is written.
    pub fn node(&self, path: &[Step<'_>]) -> Option<&Node> {
        let mut node = self.root.as_ref()?;
        for step in path {
            node = match (step, &node.kind) {
                (Step::Key(key), Kind::Map(entries)) => {
                    &entries.iter().find(|e| e.key == *key)?.value
                }
                (Step::Item(i), Kind::Seq(items)) => items.get(*i)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// The key that ends `path` (`sources`, `howe2011`), where the key
    /// itself is written: the place to point at for a whole entry.
    pub fn key(&self, path: &[Step<'_>]) -> Option<&Node> {
        let (Step::Key(key), parent) = path.split_last()? else {
            return None;
        };
        let entries = self.entries(parent);
        entries.iter().find(|e| e.key == *key).map(|e| &e.key_node)
    }

    /// The entries of the map at `path`, in written order (repeats kept).
    pub fn entries(&self, path: &[Step<'_>]) -> &[Entry] {
        match self.node(path).map(|n| &n.kind) {
            Some(Kind::Map(entries)) => entries,
            _ => &[],
        }
    }

    /// Keys written twice in the map at `path`: serde keeps the last
    /// silently, which would hide, say, a clash between two sources.
    /// Each repeat with the line of the first.
    pub fn repeated_keys(&self, path: &[Step<'_>]) -> Vec<(&Entry, usize)> {
        let entries = self.entries(path);
        let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        let mut repeats = Vec::new();
        for entry in entries {
            match seen.get(entry.key.as_str()) {
                Some(&first) => repeats.push((entry, first)),
                None => {
                    seen.insert(&entry.key, entry.key_node.line);
                }
            }
        }
        repeats
    }
}

impl Node {
    /// The file line and column of byte `offset` of `value`, the text
    /// this scalar holds, found by walking the value and its source
    /// together: line folding, indentation, quotes and block indicators
    /// are skipped; at an escape the walk stops at the value's start.
    /// `block` is the text of the block the node is in.
    pub fn position_in(&self, block: &str, value: &str, offset: usize) -> (usize, usize) {
        let Some(source) = block.get(self.bytes.clone()) else {
            return (self.line, self.column);
        };
        let mut source = source.chars().peekable();
        let (mut line, mut column) = (self.line, self.column);
        let mut step = |c: char| {
            if c == '\n' {
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
        };
        let skippable =
            |c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '|' | '>' | '-' | '+');
        for (i, wanted) in value.char_indices() {
            // Find the source character that wrote `wanted`.
            loop {
                let Some(&c) = source.peek() else {
                    return (self.line, self.column);
                };
                if c == wanted || (wanted == '\n' || wanted == ' ') && c.is_whitespace() {
                    break;
                }
                if !skippable(c) {
                    return (self.line, self.column);
                }
                step(c);
                source.next();
            }
            if i >= offset {
                return (line, column);
            }
            let c = source.next().unwrap_or(' ');
            step(c);
            if wanted.is_whitespace() {
                // A folded run of blanks and line breaks writes one space.
                while source.peek().is_some_and(|c| c.is_whitespace())
                    && !value[i + wanted.len_utf8()..].starts_with(char::is_whitespace)
                {
                    step(source.next().unwrap_or(' '));
                }
            }
        }
        (line, column)
    }
}

/// A map or list still open: where it starts, what it holds so far, and
/// (in a map) the key waiting for its value.
type Open = (Point, Kind, Option<(String, Node)>);

/// Builds [`Spans`] from parser events: maps and lists still open, and
/// a cursor that turns the parser's character indexes into bytes.
struct SpansBuilder<'t> {
    text: &'t str,
    line_offset: usize,
    /// The last character index turned into a byte, and its byte.
    cursor: (usize, usize),
    /// Each open map or list: where it starts, what it holds so far, and
    /// (in a map) the key waiting for its value.
    open: Vec<Open>,
    root: Option<Node>,
}

impl<'t> SpansBuilder<'t> {
    fn new(block: &Block<'t>) -> Self {
        SpansBuilder {
            text: block.text,
            line_offset: block.line_offset,
            cursor: (0, 0),
            open: Vec::new(),
            root: None,
        }
    }

    /// A parser position as a [`Point`]. Events come in text order, so
    /// the cursor only moves forward (from the start if ever not).
    fn point(&mut self, mark: saphyr_parser::Marker) -> Point {
        let (mut index, mut byte) = self.cursor;
        if mark.index() < index {
            (index, byte) = (0, 0);
        }
        for c in self.text[byte..].chars().take(mark.index() - index) {
            byte += c.len_utf8();
        }
        self.cursor = (mark.index(), byte.min(self.text.len()));
        Point {
            byte: self.cursor.1,
            line: mark.line() + self.line_offset,
            column: mark.col() + 1,
        }
    }

    /// A value has been read whole: it goes into the map or list around it.
    fn complete(&mut self, start: Point, end: Point, kind: Kind, scalar: Option<String>) {
        let node = Node {
            bytes: start.byte..end.byte,
            line: start.line,
            column: start.column,
            kind,
        };
        match self.open.last_mut() {
            Some((_, Kind::Seq(items), _)) => items.push(node),
            Some((_, Kind::Map(entries), pending)) => match pending.take() {
                Some((key, key_node)) => entries.push(Entry {
                    key,
                    key_node,
                    value: node,
                }),
                None => *pending = Some((scalar.unwrap_or_default(), node)),
            },
            Some((_, Kind::Scalar(_), _)) => {}
            None => {
                self.root.get_or_insert(node);
            }
        }
    }

    fn close(&mut self, end: Point) {
        if let Some((start, kind, _)) = self.open.pop() {
            let end = if end.byte < start.byte { start } else { end };
            self.complete(start, end, kind, None);
        }
    }
}

/// "unknown field `safety_tip`" with the closest known name as help.
pub fn unknown_field(name: &str, known: &[&str]) -> Diagnostic {
    let diagnostic = Diagnostic::error("unknown-field", format!("unknown field `{name}`"));
    match closest(name, known) {
        Some(best) => diagnostic.help(format!("did you mean `{best}`?")),
        None => diagnostic.help(format!("known fields are: {}", known.join(", "))),
    }
}

/// The candidate most like `word`, if any is close enough to be a typo.
pub fn closest<'k>(word: &str, candidates: &[&'k str]) -> Option<&'k str> {
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(word, c), *c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// serde writes "unknown field `x`, expected one of `a`, `b`".
fn unknown_field_name(message: &str) -> Option<String> {
    let rest = message.split("unknown field `").nth(1)?;
    Some(rest[..rest.find('`')?].to_string())
}

fn expected_names(message: &str) -> Vec<&str> {
    let Some((_, list)) = message.split_once("expected ") else {
        return Vec::new();
    };
    list.split('`').skip(1).step_by(2).collect()
}

/// serde_yaml appends " at line 3 column 5"; we print positions ourselves.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        title: String,
        #[serde(default)]
        safety_tips: Vec<String>,
        #[serde(default)]
        reviewed: Option<crate::date::Date>,
        #[serde(default)]
        weight: Option<i64>,
    }

    const FIELDS: &[&str] = &["title", "safety_tips", "reviewed", "weight"];

    fn block(text: &str) -> Block<'_> {
        Block {
            text,
            file: Path::new("content/a.md"),
            line_offset: 1,
        }
    }

    fn first(text: &str) -> Diagnostic {
        let read = block(text).read::<Doc>(Some(FIELDS));
        assert_eq!(read.problems.len(), 1, "{:?}", read.problems);
        read.problems[0].clone()
    }

    fn place(d: &Diagnostic) -> (usize, usize) {
        let loc = d.location.as_ref().unwrap();
        (loc.line, loc.column)
    }

    #[test]
    fn every_field_problem_is_reported_and_the_rest_still_reads() {
        let text = "title: A\nsafety_tip: x\nreviewed: 2026-13-01\nsumary: y\nweight: heavy\nsafety_tips: [Go slowly]\n";
        let read = block(text).read::<Doc>(Some(FIELDS));
        let found: Vec<(&str, (usize, usize))> =
            read.problems.iter().map(|d| (d.code, place(d))).collect();
        assert_eq!(
            found,
            [
                ("unknown-field", (3, 1)),
                ("unknown-field", (5, 1)),
                ("yaml", (4, 11)),
                ("yaml", (6, 9)),
            ]
        );
        assert_eq!(
            read.problems[0].help.as_deref(),
            Some("did you mean `safety_tips`?")
        );
        let doc = read.value.expect("the fields that read are kept");
        assert_eq!((doc.title.as_str(), doc.safety_tips.len()), ("A", 1));
        assert_eq!((doc.reviewed, doc.weight), (None, None));
    }

    #[test]
    fn a_missing_required_field_reads_nothing() {
        let read = block("safety_tips: []\n").read::<Doc>(Some(FIELDS));
        assert!(read.value.is_none());
        assert_eq!(read.problems[0].code, "missing-field");
        assert_eq!(read.problems[0].message, "missing field `title`");
    }

    #[test]
    fn a_missing_closing_quote_is_reported_where_the_quote_opens() {
        let d = first("title: \"Walking for bones\nsafety_tips:\n  - Go slowly\nweight: 2\n");
        assert_eq!((d.code, place(&d)), ("yaml-syntax", (2, 8)));
        assert!(d.message.contains("never closes"), "{d}");
        assert_eq!(
            d.help.as_deref(),
            Some("close the quote at the end of the value: `title: \"Walking for bones\"`")
        );
    }

    #[test]
    fn the_common_traps_name_the_fix() {
        // A colon in an unquoted list item reads as a map.
        let d = first("title: A\nsafety_tips:\n  - Tip: warm up first\n");
        assert_eq!(place(&d), (4, 5));
        assert_eq!(
            d.help.as_deref(),
            Some("quote the whole value: `  - \"Tip: warm up first\"`")
        );
        // A colon in an unquoted value is a syntax error.
        let d = first("title: Walking: the basics\n");
        assert_eq!(d.code, "yaml-syntax");
        assert_eq!(
            d.help.as_deref(),
            Some("quote the whole value: `title: \"Walking: the basics\"`")
        );
        // A citation at the start of a value, or inside a flow list.
        let d = first("title: A\nsafety_tips:\n  - [@a] says go slowly\n");
        assert_eq!(
            d.help.as_deref(),
            Some("quote the whole value: `  - \"[@a] says go slowly\"` (or move the citation to the end of the text)")
        );
        let d = first("title: A\nsafety_tips: [Go slowly [@a], Sit [@b]]\n");
        assert_eq!((d.code, place(&d)), ("yaml-syntax", (3, 26)));
        assert_eq!(
            d.help.as_deref(),
            Some("quote each item (`[\"Go slowly [@a]\", \"Sit [@b]\"]`), or write the list as a block list, one `- item` per line")
        );
        let d = first("title: \"A\"\nsafety_tips:\n  - @a says go slowly\n");
        assert_eq!(d.message, "a YAML value cannot start with `@`");
        assert_eq!(
            d.help.as_deref(),
            Some("quote the whole value: `  - \"@a says go slowly\"`")
        );
        // A tab in the indentation.
        let d = first("title: A\nsafety_tips:\n\t- Go slowly\n");
        assert_eq!(place(&d).0, 4);
        assert!(d.message.contains("tab"), "{d}");
    }

    #[test]
    fn an_unclosed_bracket_is_reported_where_it_opens() {
        let d = first("title: [Walking every day\nsummary: Why walking helps, and how.\n");
        assert_eq!((d.code, place(&d)), ("yaml-syntax", (2, 8)));
        assert_eq!(
            d.help.as_deref(),
            Some("close it at the end of the line (`title: [Walking every day]`) if it is a list; if it is text, quote it: `title: \"[Walking every day\"`")
        );
    }

    #[test]
    fn wrong_type_names_the_line_in_the_markdown_file() {
        let d = first("title: A\nsafety_tips: 3\n");
        assert_eq!((place(&d), d.code), ((3, 14), "yaml"));
        assert_eq!(
            d.message,
            "safety_tips: invalid type: integer `3`, expected a sequence"
        );
    }

    #[test]
    fn spans_point_at_keys_and_values() {
        let text = "title: A\nsources:\n  howe2011:\n    title: x [@b]\n  \"é\": {title: \"y\"}\ntips:\n  - >-\n    Walk and\n      rest. [@c]\n";
        let spans = block(text).spans().unwrap();
        let howe = [Step::Key("sources"), Step::Key("howe2011")];
        assert_eq!(spans.key(&howe).map(|n| (n.line, n.column)), Some((4, 3)));
        let title = spans.node(&[howe[0], howe[1], Step::Key("title")]).unwrap();
        assert_eq!((title.line, title.column), (5, 12));
        assert_eq!(title.position_in(text, "x [@b]", 3), (5, 15));
        let quoted = spans.node(&[Step::Key("sources"), Step::Key("é"), Step::Key("title")]);
        assert_eq!(quoted.map(|n| (n.line, n.column)), Some((6, 16)));
        let tip = spans.node(&[Step::Key("tips"), Step::Item(0)]).unwrap();
        // `>-` folds the two lines into "Walk and rest. [@c]".
        assert_eq!(tip.position_in(text, "Walk and rest. [@c]", 16), (10, 14));
        assert_eq!(tip.position_in(text, "Walk and rest. [@c]", 0), (9, 5));
    }

    #[test]
    fn keys_written_twice_are_found_with_the_first_line() {
        let text = "sources:\n  a:\n    title: x\n  b: {}\n  a:\n    title: z\ntags: []\n";
        let spans = block(text).spans().unwrap();
        let repeats = spans.repeated_keys(&[Step::Key("sources")]);
        assert_eq!(repeats.len(), 1);
        assert_eq!((repeats[0].0.key_node.line, repeats[0].1), (6, 3));
        assert!(spans.repeated_keys(&[]).is_empty());
    }

    #[test]
    fn hostile_nesting_is_an_error_at_once() {
        let deep = format!("title: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        let d = first(&deep);
        assert!(d.message.contains("nested more than"), "{d}");
        assert_eq!(place(&d), (2, 8 + MAX_DEPTH));
        assert!(d.to_string().len() < 300, "{d}");
    }
}
