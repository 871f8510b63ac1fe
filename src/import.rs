//! Import of a reference manager's export (Zotero's "Export → CSL JSON" or
//! BibTeX) into [`Source`]s, and the YAML for `content/sources.yaml`, so that
//! editors never retype bibliographic data by hand.
//!
//! Both formats are read into one `Draft`, and one normaliser turns a draft
//! into a `Source`: authors become Vancouver names ("Howe TE"; organisations
//! stay as written, and an unbraced BibTeX name with an organisation word,
//! such as `World Health Organization`, is kept whole with a warning;
//! BibTeX's `and others` becomes "et al."), `--` and `–` in page ranges become `-`, DOIs lose any
//! resolver prefix, and the "PMID: …" / "PMCID: …" lines Zotero keeps in
//! Extra (exported as `note`) become identifiers, the rest staying the note.
//! An identifier that is not well formed is left out and reported: a wrong
//! PMID on a health site is a defect.
//!
//! The exports do not say what kind of evidence a source is, so `kind` is
//! guessed. Web pages are `webpage`, books and chapters `book`. Journal
//! articles and reports are matched against study-design words in their
//! title, genre and journal (`DESIGNS`; "systematic review and
//! meta-analysis" is a meta-analysis, a Cochrane review a systematic review).
//! A journal article with no such word becomes `cohort`: it keeps the journal
//! citation style, and it claims less than `rct`, which is the safer mistake
//! on a health site. A report with none becomes `webpage`, and so does any
//! other type. Every such default is reported, naming the export's own type
//! and asking the editor to check it.
//!
//! The key is the CSL `citation-key` (else `id`) or the BibTeX citation key.
//! Nothing here panics on any input: problems come back with a line, a column
//! and, where we can tell, how to fix them.

use biblatex::{
    Bibliography, ChunksExt, Entry, EntryType, ParseError, ParseErrorKind, Person, RawBibliography,
};
use serde::{Serialize, Serializer};
use serde_json::Value;

use crate::date::Date;
use crate::diagnostic::Severity;
use crate::model::{Source, SourceKind};

/// One imported reference.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    pub key: String,
    pub source: Source,
    /// 1-based line where the entry starts in the input, for diagnostics.
    pub line: usize,
}

/// Something in the input that was not imported as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportProblem {
    pub line: usize,
    /// 1-based, in characters.
    pub column: usize,
    pub message: String,
    pub help: Option<String>,
    /// Warnings (a guessed `kind`) still import the entry; errors do not.
    pub severity: Severity,
}

/// A 1-based line and column (in characters), like the site's diagnostics.
#[derive(Debug, Clone, Copy)]
struct Position {
    line: usize,
    column: usize,
}

impl Position {
    fn of(text: &str, offset: usize) -> Position {
        // Parsers may point just past the end of the text.
        let before = text.get(..offset).unwrap_or(text);
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Position {
            line: before.matches('\n').count() + 1,
            column: before[line_start..].chars().count() + 1,
        }
    }

    fn problem(self, message: impl Into<String>, help: impl Into<String>) -> ImportProblem {
        ImportProblem {
            line: self.line,
            column: self.column,
            message: message.into(),
            help: Some(help.into()),
            severity: Severity::Error,
        }
    }
}

/// The publication form an export states; it decides the kind except for
/// journal articles and reports, whose design has to be read from the title.
#[derive(Clone, Copy)]
enum Form {
    Article,
    Web,
    Book,
    Report,
    Other,
}

/// A person's name parts; an organisation is a family name alone.
#[derive(Default)]
struct Name {
    family: String,
    given: String,
    suffix: String,
}

/// One entry as either format gives it, before it is checked and normalised,
/// so that every rule lives in one place.
struct Draft {
    form: Form,
    /// The type as the export names it (`thesis`, `misc`), for messages.
    type_name: String,
    title: Option<String>,
    genre: Option<String>,
    names: Vec<Name>,
    container: Option<String>,
    year: Option<i32>,
    volume: Option<String>,
    issue: Option<String>,
    pages: Option<String>,
    pmid: Option<String>,
    pmcid: Option<String>,
    doi: Option<String>,
    url: Option<String>,
    accessed: Option<Date>,
    note: Option<String>,
}

/// Study-design words, most specific first: the first found decides.
const DESIGNS: &[(&str, SourceKind)] = &[
    ("meta-analy", SourceKind::MetaAnalysis),
    ("meta analy", SourceKind::MetaAnalysis),
    ("systematic review", SourceKind::SystematicReview),
    ("cochrane", SourceKind::SystematicReview),
    ("consensus", SourceKind::Consensus),
    ("guideline", SourceKind::Guideline),
    ("recommendations", SourceKind::Guideline),
    ("randomi", SourceKind::Rct),
    ("trial", SourceKind::Rct),
    ("case-control", SourceKind::CaseControl),
    ("cohort", SourceKind::Cohort),
];

fn build(
    key: String,
    draft: Draft,
    at: Position,
    problems: &mut Vec<ImportProblem>,
) -> Option<Imported> {
    let Some(title) = draft.title.clone() else {
        problems.push(at.problem(
            format!("`{key}` has no title"),
            "add a title in Zotero and export again",
        ));
        return None;
    };
    let kind = draft.kind().unwrap_or_else(|| {
        let kind = default_kind(draft.form);
        let kinds = SourceKind::ALL.map(SourceKind::name).join(", ");
        let help = format!("the export does not say; set `kind:` to one of: {kinds}");
        let type_name = &draft.type_name;
        problems.push(ImportProblem {
            severity: Severity::Warning,
            ..at.problem(
                format!(
                    "check the kind of `{key}` (`{type_name}` in the export), imported as `{}`",
                    kind.name()
                ),
                help,
            )
        });
        kind
    });
    let mut note = draft.note.unwrap_or_default();
    let note_pmid = take_labelled(&mut note, "pmid:");
    let note_pmcid = take_labelled(&mut note, "pmcid:");
    let source = Source {
        kind,
        title,
        authors: draft.names.iter().map(author).collect(),
        container: draft.container,
        year: draft.year,
        volume: draft.volume,
        issue: draft.issue,
        pages: draft
            .pages
            .map(|pages| pages.replace("--", "-").replace('–', "-")),
        pmid: identifier(draft.pmid.or(note_pmid), pmid, PMID_HELP, at, problems),
        pmcid: identifier(draft.pmcid.or(note_pmcid), pmcid, PMCID_HELP, at, problems),
        doi: draft.doi.map(|doi| normalise_doi(&doi)),
        url: draft.url,
        accessed: draft.accessed,
        note: clean(&note),
    };
    Some(Imported {
        key,
        source,
        line: at.line,
    })
}

impl Draft {
    /// The kind the export's type states, or a study design named in the
    /// title, genre or journal of an article or report.
    fn kind(&self) -> Option<SourceKind> {
        match self.form {
            Form::Web => Some(SourceKind::Webpage),
            Form::Book => Some(SourceKind::Book),
            Form::Other => None,
            Form::Article | Form::Report => {
                let texts = [&self.title, &self.genre, &self.container];
                let text = texts.into_iter().flatten().map(|t| t.to_lowercase());
                let text = text.collect::<Vec<_>>().join(" ");
                DESIGNS
                    .iter()
                    .find(|(word, _)| text.contains(word))
                    .map(|&(_, kind)| kind)
            }
        }
    }
}

fn default_kind(form: Form) -> SourceKind {
    match form {
        Form::Article => SourceKind::Cohort,
        _ => SourceKind::Webpage,
    }
}

/// An author as the reference shows it: BibTeX's `and others` (an
/// author list cut short) is "et al.", never a person called "others".
fn author(name: &Name) -> String {
    if name.given.is_empty() && name.family.eq_ignore_ascii_case("others") {
        ET_AL.to_string()
    } else {
        vancouver(name)
    }
}

/// How a reference says the list of authors goes on.
pub const ET_AL: &str = "et al.";

/// "Howe TE": the family name, then the initial of every given name
/// ("Jean-Paul" → "JP"), then any suffix. Organisations have no given name.
fn vancouver(name: &Name) -> String {
    let initials: String = name
        .given
        .split(|c: char| c.is_whitespace() || c == '.' || c == '-')
        .filter_map(|part| part.chars().find(|c| c.is_alphabetic()))
        .flat_map(char::to_uppercase)
        .collect();
    join_words(&[&name.family, &initials, &name.suffix])
}

fn join_words(words: &[&str]) -> String {
    words
        .iter()
        .filter(|w| !w.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Text as one line with single spaces, or `None` when nothing is left.
fn clean(text: &str) -> Option<String> {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then_some(text)
}

/// Cuts `label value` (Zotero's "PMID: 21735380" in Extra) out of a note and
/// returns the value. The label must start a word; case does not matter.
fn take_labelled(note: &mut String, label: &str) -> Option<String> {
    // ASCII lowercasing keeps byte offsets, so they index `note` too.
    let lower = note.to_ascii_lowercase();
    let start = lower.match_indices(label).map(|(i, _)| i).find(|&i| {
        lower[..i]
            .chars()
            .next_back()
            .is_none_or(char::is_whitespace)
    })?;
    let rest = &note[start + label.len()..];
    let value_start = rest.len() - rest.trim_start().len();
    let value_len = rest[value_start..]
        .find(char::is_whitespace)
        .unwrap_or(rest.len() - value_start);
    let value = rest[value_start..value_start + value_len].to_string();
    note.replace_range(start..start + label.len() + value_start + value_len, " ");
    Some(value)
}

const PMID_HELP: &str = "a PMID is digits only, for example 21735380";
const PMCID_HELP: &str = "a PMCID is PMC and digits, for example PMC6360922";

/// Keeps a well-formed identifier; reports and drops any other.
fn identifier(
    raw: Option<String>,
    normalise: fn(&str) -> Option<String>,
    help: &str,
    at: Position,
    problems: &mut Vec<ImportProblem>,
) -> Option<String> {
    let raw = raw?;
    let normalised = normalise(&raw);
    if normalised.is_none() {
        problems.push(at.problem(format!("`{raw}` is not a valid identifier; left out"), help));
    }
    normalised
}

fn pmid(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())).then(|| text.to_string())
}

fn pmcid(text: &str) -> Option<String> {
    let upper = text.trim().to_ascii_uppercase();
    pmid(upper.strip_prefix("PMC").unwrap_or(&upper)).map(|digits| format!("PMC{digits}"))
}

/// The DOI proper starts at its "10." directory indicator; anything before
/// it is a resolver (`https://doi.org/`) or a label (`doi:`).
fn normalise_doi(doi: &str) -> String {
    let doi = doi.trim();
    doi.find("10.")
        .map_or(doi, |start| &doi[start..])
        .to_string()
}

// ---------------------------------------------------------------- CSL-JSON

/// Reads Zotero's CSL-JSON export: a list of `{"id": …, "type": …, …}`.
pub fn from_csl_json(text: &str) -> (Vec<Imported>, Vec<ImportProblem>) {
    let mut problems = Vec::new();
    let items = match serde_json::from_str::<Value>(text) {
        Ok(Value::Array(items)) => items,
        Ok(_) => {
            let first = Position::of(text, text.len() - text.trim_start().len());
            let help =
                "export with Zotero's \"CSL JSON\" format, which writes a list: [ {…}, {…} ]";
            return (
                Vec::new(),
                vec![first.problem("CSL-JSON must be a list of references", help)],
            );
        }
        Err(error) => return (Vec::new(), vec![json_problem(text, &error)]),
    };
    let mut imported: Vec<Imported> = Vec::new();
    for (item, start) in items.iter().zip(element_starts(text)) {
        let at = Position::of(text, start);
        let Some(entry) = csl_entry(item, at, &mut problems) else {
            continue;
        };
        match imported.iter().find(|earlier| earlier.key == entry.key) {
            Some(earlier) => problems.push(at.problem(
                format!(
                    "`{}` is already used by the entry on line {}; this one was skipped",
                    entry.key, earlier.line
                ),
                "give every reference its own id",
            )),
            None => imported.push(entry),
        }
    }
    (imported, problems)
}

fn json_problem(text: &str, error: &serde_json::Error) -> ImportProblem {
    // serde_json counts columns in bytes; go through the offset to get characters.
    let line_start: usize = text
        .split_inclusive('\n')
        .take(error.line().saturating_sub(1))
        .map(str::len)
        .sum();
    let at = Position::of(text, line_start + error.column().saturating_sub(1));
    let help = if error.is_eof() {
        "the file stops in the middle of a reference; it may have been cut off: export it again"
    } else {
        "this is not valid JSON; export again with Zotero's \"CSL JSON\" format, or fix the JSON here"
    };
    at.problem(format!("not valid CSL-JSON: {error}"), help)
}

/// Byte offsets where the elements of the top-level JSON array start, in
/// order. Only used on text serde_json has accepted, so it can be naive.
fn element_starts(text: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let (mut depth, mut in_string, mut escaped, mut expecting) = (0usize, false, false, false);
    for (i, byte) in text.bytes().enumerate() {
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        if depth == 1 && expecting && !byte.is_ascii_whitespace() && byte != b']' {
            starts.push(i);
            expecting = false;
        }
        match byte {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                expecting = depth == 1;
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b',' if depth == 1 => expecting = true,
            _ => {}
        }
    }
    starts
}

fn csl_entry(item: &Value, at: Position, problems: &mut Vec<ImportProblem>) -> Option<Imported> {
    let Some(object) = item.as_object() else {
        problems.push(at.problem(
            "this entry is not a reference object",
            "each entry must be { \"id\": …, \"title\": … }",
        ));
        return None;
    };
    let field = |name: &str| object.get(name).and_then(csl_text);
    let Some(key) = field("citation-key").or_else(|| field("id")) else {
        problems.push(at.problem(
            "this reference has no id",
            "add an \"id\" (its citation key)",
        ));
        return None;
    };
    let issued = object.get("issued").map(date_parts).unwrap_or_default();
    let type_name = object.get("type").and_then(Value::as_str).unwrap_or("");
    let draft = Draft {
        form: csl_form(type_name),
        type_name: type_name.to_string(),
        title: field("title"),
        genre: field("genre"),
        names: object
            .get("author")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(csl_name)
            .collect(),
        container: field("container-title"),
        year: issued.first().and_then(|&year| i32::try_from(year).ok()),
        volume: field("volume"),
        issue: field("issue"),
        pages: field("page"),
        pmid: field("PMID"),
        pmcid: field("PMCID"),
        doi: field("DOI"),
        url: field("URL"),
        accessed: object
            .get("accessed")
            .and_then(|date| csl_day(&date_parts(date))),
        note: field("note"),
    };
    build(key, draft, at, problems)
}

/// CSL values are strings, but hand-edited files often have numbers.
fn csl_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => clean(text),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

fn csl_form(kind: &str) -> Form {
    match kind {
        "article-journal" | "paper-conference" => Form::Article,
        "webpage" | "post-weblog" => Form::Web,
        "book" | "chapter" => Form::Book,
        "report" => Form::Report,
        _ => Form::Other,
    }
}

fn csl_name(value: &Value) -> Option<Name> {
    let part = |name: &str| value.get(name).and_then(csl_text).unwrap_or_default();
    let literal = part("literal");
    if !literal.is_empty() {
        return Some(Name {
            family: literal,
            ..Name::default()
        });
    }
    let family = join_words(&[
        &part("dropping-particle"),
        &part("non-dropping-particle"),
        &part("family"),
    ]);
    (!family.is_empty()).then(|| Name {
        family,
        given: part("given"),
        suffix: part("suffix"),
    })
}

/// The first date of `{"date-parts": [[2011, 7, 6]]}`; Zotero writes the
/// year as a string ("2011"), so numeric strings count too.
fn date_parts(date: &Value) -> Vec<i64> {
    let parts = date.pointer("/date-parts/0").and_then(Value::as_array);
    let number = |part: &Value| part.as_i64().or_else(|| part.as_str()?.trim().parse().ok());
    parts.into_iter().flatten().map_while(number).collect()
}

fn csl_day(parts: &[i64]) -> Option<Date> {
    let [year, month, day, ..] = *parts else {
        return None;
    };
    Date::new(
        year.try_into().ok()?,
        month.try_into().ok()?,
        day.try_into().ok()?,
    )
}

// ----------------------------------------------------------------- BibTeX

/// Reads a BibTeX or BibLaTeX file, as Zotero or Better BibTeX export it.
pub fn from_bibtex(text: &str) -> (Vec<Imported>, Vec<ImportProblem>) {
    // biblatex 0.12 panics on some malformed dates (`month = {1 999}`), and
    // an import must never take the site build down with it.
    std::panic::catch_unwind(|| read_bibtex(text)).unwrap_or_else(|_| {
        let help =
            "look for an unusual `date`, `year`, `month` or `urldate`, or export again from Zotero";
        (
            Vec::new(),
            vec![Position::of(text, 0).problem("the BibTeX reader failed on this file", help)],
        )
    })
}

fn read_bibtex(text: &str) -> (Vec<Imported>, Vec<ImportProblem>) {
    let parsed = RawBibliography::parse(text).and_then(|raw| {
        let starts: Vec<usize> = raw.entries.iter().map(|entry| entry.span.start).collect();
        Ok((starts, Bibliography::from_raw(raw)?))
    });
    let (starts, bibliography) = match parsed {
        Ok(parsed) => parsed,
        Err(error) => return (Vec::new(), vec![bibtex_problem(text, &error)]),
    };
    let mut problems = Vec::new();
    // `from_raw` keeps the raw entries' order, one entry each (it rejects
    // duplicate keys), so the starts line up with the entries.
    let imported = bibliography
        .iter()
        .zip(starts)
        .filter_map(|(entry, start)| bib_entry(entry, Position::of(text, start), &mut problems))
        .collect();
    (imported, problems)
}

fn bibtex_problem(text: &str, error: &ParseError) -> ImportProblem {
    let at_end = matches!(error.kind, ParseErrorKind::UnexpectedEof)
        || text
            .get(error.span.start..)
            .is_none_or(|rest| rest.trim().is_empty());
    let (offset, help) = match error.kind {
        // Noticed at the end of the file, but fixed where the entry starts.
        _ if at_end => (
            entry_start(text, error.span.start),
            "this entry is not closed: check that every `{` has its `}`",
        ),
        ParseErrorKind::DuplicateKey(_) => (error.span.start, "give every entry its own key"),
        _ => (
            error.span.start,
            "fix the BibTeX here, or export it again from Zotero",
        ),
    };
    Position::of(text, offset).problem(format!("not valid BibTeX: {}", error.kind), help)
}

/// The last `@` at the start of a line before `offset`: where the entry
/// containing it begins (Zotero starts every entry on its own line).
fn entry_start(text: &str, offset: usize) -> usize {
    let before = text.get(..offset).unwrap_or(text);
    before
        .rmatch_indices('@')
        .map(|(i, _)| i)
        .find(|&i| i == 0 || before[..i].ends_with('\n'))
        .unwrap_or(offset)
}

fn bib_entry(entry: &Entry, at: Position, problems: &mut Vec<ImportProblem>) -> Option<Imported> {
    let field = |name: &str| {
        entry
            .get(name)
            .and_then(|chunks| clean(&chunks.format_verbatim()))
    };
    let url = field("url").map(undo_dash_ligatures);
    let note = [field("note"), field("extra")]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let names = entry.author().unwrap_or_default();
    for person in &names {
        if bib_name_is_organisation(person) {
            problems.push(ImportProblem {
                severity: Severity::Warning,
                ..at.problem(
                    format!(
                        "`{} {}` looks like an organisation, imported as written",
                        person.given_name, person.name
                    ),
                    "in BibTeX, wrap an organisation in a second pair of braces:                      author = {{{World Health Organization}}}",
                )
            });
        }
    }
    let draft = Draft {
        form: bib_form(&entry.entry_type, url.is_some()),
        type_name: entry.entry_type.to_string(),
        title: field("title"),
        genre: field("type"),
        names: names.iter().map(bib_name).collect(),
        container: field("journaltitle")
            .or_else(|| field("journal"))
            .or_else(|| field("booktitle")),
        // Zotero writes `year = {2019}` and `urldate = {2026-01-15}`;
        // biblatex's own date parser panics on some malformed months.
        year: field("date")
            .or_else(|| field("year"))
            .and_then(|date| date.get(..4)?.parse().ok()),
        volume: field("volume"),
        issue: field("number").or_else(|| field("issue")),
        pages: field("pages"),
        pmid: field("pmid"),
        pmcid: field("pmcid"),
        doi: field("doi").map(undo_dash_ligatures),
        url,
        accessed: field("urldate").and_then(|date| Date::parse(date.get(..10)?)),
        note: Some(note),
    };
    build(entry.key.clone(), draft, at, problems)
}

/// biblatex 0.12 turns `--` into an en dash even in verbatim fields; a URL
/// or DOI never holds a typographic dash, so turn it back.
fn undo_dash_ligatures(text: String) -> String {
    text.replace('—', "---").replace('–', "--")
}

fn bib_form(kind: &EntryType, has_url: bool) -> Form {
    match kind {
        EntryType::Article | EntryType::InProceedings => Form::Article,
        EntryType::Online => Form::Web,
        EntryType::Misc if has_url => Form::Web,
        EntryType::Book | EntryType::InBook | EntryType::InCollection => Form::Book,
        EntryType::Report | EntryType::TechReport => Form::Report,
        _ => Form::Other,
    }
}

/// Words that name organisations, not people: BibTeX reads an unbraced
/// `World Health Organization` as a person surnamed "Organization".
const ORGANISATION_WORDS: &[&str] = &[
    "organization",
    "organisation",
    "association",
    "society",
    "institute",
    "foundation",
    "clinic",
    "council",
    "agency",
    "department",
    "ministry",
    "college",
    "committee",
    "service",
    "services",
    "group",
    "centre",
    "center",
    "federation",
    "collaboration",
    "nhs",
];

/// A person whose name holds an organisation word and is not braced
/// whole (braced, it has no given name).
fn bib_name_is_organisation(person: &Person) -> bool {
    !person.given_name.is_empty()
        && [&person.given_name, &person.name]
            .iter()
            .flat_map(|part| part.split_whitespace())
            .any(|word| ORGANISATION_WORDS.contains(&word.to_lowercase().as_str()))
}

fn bib_name(person: &Person) -> Name {
    if bib_name_is_organisation(person) {
        return Name {
            family: join_words(&[&person.given_name, &person.prefix, &person.name]),
            ..Name::default()
        };
    }
    Name {
        family: join_words(&[&person.prefix, &person.name]),
        given: person.given_name.clone(),
        suffix: person.suffix.clone(),
    }
}

// ------------------------------------------------------------------- YAML

/// YAML for content/sources.yaml: a mapping key -> Source, in input order,
/// fields in the order of the struct, pmid quoted.
pub fn to_yaml(entries: &[Imported]) -> String {
    // A map of strings to plain structs cannot fail to serialise.
    serde_yaml::to_string(&SourcesFile(entries)).expect("sources serialise to YAML")
}

/// Serialises as a mapping in input order (a `BTreeMap` would sort it).
struct SourcesFile<'a>(&'a [Imported]);

impl Serialize for SourcesFile<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|entry| (&entry.key, &entry.source)))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    const JSON: &str = include_str!("../tests/fixtures/import/zotero.json");
    const BIB: &str = include_str!("../tests/fixtures/import/zotero.bib");
    const EXPECTED: &str = include_str!("../tests/fixtures/import/expected.yaml");

    fn only_source((mut entries, problems): (Vec<Imported>, Vec<ImportProblem>)) -> Source {
        assert_eq!(entries.len(), 1, "{problems:?}");
        entries.remove(0).source
    }

    fn lines(problems: &[ImportProblem]) -> Vec<(usize, usize)> {
        problems.iter().map(|p| (p.line, p.column)).collect()
    }

    #[test]
    fn vancouver_initials() {
        let name = |family: &str, given: &str| Name {
            family: family.into(),
            given: given.into(),
            suffix: String::new(),
        };
        assert_eq!(vancouver(&name("Howe", "Tessa E.")), "Howe TE");
        assert_eq!(vancouver(&name("Sartre", "Jean-Paul")), "Sartre JP");
        assert_eq!(vancouver(&name("Weis", "L. J.")), "Weis LJ");
        assert_eq!(vancouver(&name("Mayo Clinic", "")), "Mayo Clinic");
    }

    #[test]
    fn organisations_and_particles_in_both_formats() {
        let json = r#"[{"id": "a", "type": "webpage", "title": "T", "author": [
            {"literal": "World Health Organization"},
            {"family": "Stengel", "non-dropping-particle": "von", "given": "Simon"}]}]"#;
        let bib = "@online{a, title = {T},
            author = {{World Health Organization} and von Stengel, Simon}}";
        for source in [
            only_source(from_csl_json(json)),
            only_source(from_bibtex(bib)),
        ] {
            assert_eq!(
                source.authors,
                ["World Health Organization", "von Stengel S"]
            );
        }
    }

    #[test]
    fn and_others_is_et_al_and_unbraced_organisations_are_kept_whole() {
        let bib = "@article{a, title = {T}, journal = {J},
            author = {Howe, Tessa and Shea, Beverley and others}}";
        assert_eq!(
            only_source(from_bibtex(bib)).authors,
            ["Howe T", "Shea B", "et al."]
        );
        let bib = "@online{a, title = {T}, author = {World Health Organization and Howe, T}}";
        let (entries, problems) = from_bibtex(bib);
        assert_eq!(
            entries[0].source.authors,
            ["World Health Organization", "Howe T"]
        );
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].message.contains("organisation"));
        assert_eq!(problems[0].severity, Severity::Warning);
    }

    #[test]
    fn unknown_types_say_what_the_export_called_them() {
        let json = r#"[{"id": "a", "type": "thesis", "title": "T"}]"#;
        let (entries, problems) = from_csl_json(json);
        assert_eq!(entries[0].source.kind, SourceKind::Webpage);
        assert!(
            problems[0].message.contains("`thesis` in the export"),
            "{problems:?}"
        );
        let bib = "@phdthesis{a, title = {T}}";
        let (_, problems) = from_bibtex(bib);
        assert!(
            problems[0].message.contains("`phdthesis` in the export"),
            "{problems:?}"
        );
        let bib = "@inproceedings{a, title = {A randomised trial}, booktitle = {Proc}}";
        let (entries, problems) = from_bibtex(bib);
        assert_eq!(
            (entries[0].source.kind, problems.len()),
            (SourceKind::Rct, 0)
        );
    }

    #[test]
    fn page_ranges_use_a_plain_hyphen() {
        let json = r#"[{"id": "a", "type": "book", "title": "T", "page": "179–186"}]"#;
        let bib = "@book{a, title = {T}, pages = {179--186}}";
        for source in [
            only_source(from_csl_json(json)),
            only_source(from_bibtex(bib)),
        ] {
            assert_eq!(source.pages.as_deref(), Some("179-186"));
        }
    }

    #[test]
    fn identifiers_come_out_of_the_note() {
        let bib = "@book{a, title = {T}, note = {See p. 3. PMID: 21735380},
            extra = {pmcid: pmc7325605 Cites: 12}, doi = { https://doi.org/10.1002/jbmr.3284}}";
        let source = only_source(from_bibtex(bib));
        assert_eq!(source.pmid.as_deref(), Some("21735380"));
        assert_eq!(source.pmcid.as_deref(), Some("PMC7325605"));
        assert_eq!(source.doi.as_deref(), Some("10.1002/jbmr.3284"));
        assert_eq!(source.note.as_deref(), Some("See p. 3. Cites: 12"));
    }

    #[test]
    fn malformed_identifiers_are_left_out_and_reported() {
        let json =
            "[\n {\"id\": \"a\", \"type\": \"book\", \"title\": \"T\", \"PMID\": \"2173538O\"}]";
        let (entries, problems) = from_csl_json(json);
        assert_eq!(entries[0].source.pmid, None);
        assert_eq!(lines(&problems), [(2, 2)]);
    }

    #[test]
    fn latex_escapes_become_unicode() {
        let bib = r#"@book{a, title = {M{\"u}ller's caf{\'e} -- R\&D}}"#;
        assert_eq!(only_source(from_bibtex(bib)).title, "Müller's café – R&D");
    }

    #[test]
    fn kind_follows_type_then_design_words() {
        let kind = |csl_type: &str, title: &str| {
            let json = format!(r#"[{{"id": "a", "type": "{csl_type}", "title": "{title}"}}]"#);
            let (entries, problems) = from_csl_json(&json);
            (entries[0].source.kind, problems.len())
        };
        assert_eq!(
            kind("report", "Exercise guideline"),
            (SourceKind::Guideline, 0)
        );
        assert_eq!(kind("report", "Annual report"), (SourceKind::Webpage, 1));
        assert_eq!(
            kind("article-journal", "Bone and exercise"),
            (SourceKind::Cohort, 1)
        );
        assert_eq!(kind("chapter", "A randomised trial"), (SourceKind::Book, 0));
    }

    #[test]
    fn both_fixtures_import_to_the_expected_sources() {
        let (json, json_problems) = from_csl_json(JSON);
        let (bib, bib_problems) = from_bibtex(BIB);
        let without_lines = |entries: &[Imported]| -> Vec<(String, Source)> {
            entries
                .iter()
                .map(|e| (e.key.clone(), e.source.clone()))
                .collect()
        };
        assert_eq!(without_lines(&json), without_lines(&bib));
        assert_eq!(to_yaml(&json), EXPECTED);
        assert_eq!(
            json.iter().map(|e| e.line).collect::<Vec<_>>(),
            [2, 64, 114, 137, 183]
        );
        assert_eq!(
            bib.iter().map(|e| e.line).collect::<Vec<_>>(),
            [2, 17, 33, 43, 60]
        );
        // Only the Kemmler study's design is not in its title.
        assert_eq!(lines(&json_problems), [(183, 2)]);
        assert_eq!(lines(&bib_problems), [(60, 1)]);
    }

    #[test]
    fn yaml_round_trips_into_the_content_model() {
        let (entries, _) = from_bibtex(BIB);
        let read: BTreeMap<String, Source> = serde_yaml::from_str(&to_yaml(&entries)).unwrap();
        let imported = entries.into_iter().map(|e| (e.key, e.source)).collect();
        assert_eq!(read, imported);
    }

    #[test]
    fn malformed_input_is_reported_where_it_is() {
        let truncated = &JSON[..JSON.find("\"Wallbank\"").unwrap()];
        let (entries, problems) = from_csl_json(truncated);
        assert!(entries.is_empty());
        assert_eq!(lines(&problems), [(26, 14)]);

        let untitled =
            "[\n {\"id\": \"a\", \"type\": \"book\", \"title\": \"A\"},\n {\"id\": \"b\"},\n 7\n]";
        let (entries, problems) = from_csl_json(untitled);
        assert_eq!(entries.len(), 1);
        assert_eq!(lines(&problems), [(3, 2), (4, 2)]);

        let twice = "[{\"id\": \"a\", \"type\": \"book\", \"title\": \"A\"},\n{\"id\": \"a\", \"type\": \"book\", \"title\": \"B\"}]";
        assert_eq!(lines(&from_csl_json(twice).1), [(2, 1)]);

        assert_eq!(
            lines(&from_bibtex("@article{x, title={unclosed").1),
            [(1, 1)]
        );
        let unclosed = "@book{a, title = {A}}\n\n@article{x, title={unclosed";
        assert_eq!(lines(&from_bibtex(unclosed).1), [(3, 1)]);
        let untitled = "@book{a, title = {A}}\n  @book{b, year = {2019}}";
        assert_eq!(lines(&from_bibtex(untitled).1), [(2, 3)]);
    }

    #[test]
    fn never_panics() {
        let inputs = [
            "",
            "null",
            "[1, \"x\", null, [], {}]",
            r#"[{"id": 1, "title": 2, "issued": {"date-parts": [["x"]]}, "author": [3]}]"#,
            r#"[{"id": "a", "title": "T", "accessed": {"date-parts": [[2026, 99, 99]]}}]"#,
            "@",
            "@article{x,",
            "@article{x, title = {T}, month = {1 999}, urldate = {2026-02-30}}",
            "@article{x, title = {T}, year = {é}, pages = {\\}}",
            "\u{feff}é@{\u{301}",
        ];
        for text in inputs {
            let _ = from_csl_json(text);
            let _ = from_bibtex(text);
        }
    }
}
