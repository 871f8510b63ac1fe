//! All YAML parsing goes through here.
//!
//! serde_yaml 0.9 is final and marked deprecated upstream; keeping it behind
//! this one module means a maintained fork can replace it in one place. This
//! is also where serde's terse errors become diagnostics a person can act
//! on: positions moved into the Markdown file's own line numbers, "did you
//! mean" for misspelt fields, and a way out of the `[@key]` flow-list trap.

use std::collections::HashMap;
use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostic::Diagnostic;

/// A block of YAML inside a file of the site.
#[derive(Clone, Copy)]
pub struct Block<'a> {
    pub text: &'a str,
    /// Site-relative path of the file the block is in.
    pub file: &'a Path,
    /// How many lines of the file come before the block's first line.
    pub line_offset: usize,
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

    /// Parses the block into `T`. On failure, reports every top-level field
    /// not in `fields` (each with a suggestion) besides serde's own error.
    pub fn parse<T: DeserializeOwned>(&self, fields: &[&str]) -> Result<T, Vec<Diagnostic>> {
        let error = match serde_yaml::from_str::<T>(self.text) {
            Ok(value) => return Ok(value),
            Err(error) => error,
        };
        let mut problems = match serde_yaml::from_str::<serde_yaml::Value>(self.text) {
            Ok(value) => self.unknown_top_level_fields(&value, fields),
            Err(_) => Vec::new(),
        };
        // An unknown top-level field is already reported, with its line.
        let is_top_level_unknown = unknown_field_name(&error.to_string()).is_some_and(|name| {
            !fields.contains(&name.as_str()) && self.top_level_key_line(&name).is_some()
        });
        if !is_top_level_unknown || problems.is_empty() {
            problems.push(self.diagnose(&error));
        }
        Err(problems)
    }

    /// Parses a value that has no fixed set of top-level fields, such as
    /// the map of sources in `sources.yaml`.
    pub fn parse_map<T: DeserializeOwned>(&self) -> Result<T, Vec<Diagnostic>> {
        serde_yaml::from_str::<T>(self.text).map_err(|error| vec![self.diagnose(&error)])
    }

    /// The file line on which a top-level `key:` is written, if it is.
    pub fn top_level_key_line(&self, key: &str) -> Option<usize> {
        self.text
            .lines()
            .position(|line| is_key_line(line, key))
            .map(|i| i + 1 + self.line_offset)
    }

    /// The file line of every top-level key written plainly (`key:` or
    /// `"key":` at the start of a line), first occurrence first: one pass
    /// for files with many keys, such as a source list.
    pub fn top_level_keys(&self) -> HashMap<&'a str, usize> {
        let mut keys = HashMap::new();
        for (i, line) in self.text.lines().enumerate() {
            if line.starts_with([' ', '\t', '#', '-']) {
                continue;
            }
            let key = match line.strip_prefix('"') {
                Some(rest) => rest.split_once('"').map(|(key, _)| key),
                // A plain key may hold colons (`smith:2020`); it ends at
                // a colon before a space or the end of the line.
                None => line
                    .find(": ")
                    .or_else(|| line.trim_end().strip_suffix(':').map(str::len))
                    .map(|end| line[..end].trim_end()),
            };
            if let Some(key) = key.filter(|k| !k.is_empty()) {
                keys.entry(key).or_insert(i + 1 + self.line_offset);
            }
        }
        keys
    }

    /// The file line and column of the entry `key:` nested at any depth
    /// (for example a source id under `sources:`), if it is written plainly.
    pub fn key_position(&self, key: &str) -> Option<(usize, usize)> {
        self.text.lines().enumerate().find_map(|(i, line)| {
            let indent = line.len() - line.trim_start().len();
            is_key_line(&line[indent..], key).then_some((i + 1 + self.line_offset, indent + 1))
        })
    }

    /// The file line and column of the first `needle` at or after a file
    /// line, for pointing into a value (such as a citation key).
    pub fn find(&self, needle: &str, from_line: usize) -> Option<(usize, usize)> {
        let skip = from_line.saturating_sub(1 + self.line_offset);
        self.text
            .lines()
            .enumerate()
            .skip(skip)
            .find_map(|(i, line)| {
                line.find(needle)
                    .map(|at| (i + 1 + self.line_offset, line[..at].chars().count() + 1))
            })
    }

    fn unknown_top_level_fields(
        &self,
        value: &serde_yaml::Value,
        fields: &[&str],
    ) -> Vec<Diagnostic> {
        let Some(map) = value.as_mapping() else {
            return Vec::new();
        };
        map.keys()
            .filter_map(|key| key.as_str())
            .filter(|key| !fields.contains(key))
            .map(|key| {
                let line = self.top_level_key_line(key).unwrap_or(self.line_offset + 1);
                unknown_field(key, fields).at(self.file, line, 1)
            })
            .collect()
    }

    fn diagnose(&self, error: &serde_yaml::Error) -> Diagnostic {
        let (line, column) = error.location().map_or((self.line_offset + 1, 1), |loc| {
            (loc.line() + self.line_offset, loc.column())
        });
        let message = strip_position(&error.to_string());
        let line_text = self
            .text
            .lines()
            .nth(line.saturating_sub(self.line_offset + 1))
            .unwrap_or("");
        let diagnostic = if let Some(name) = unknown_field_name(&message) {
            unknown_field(&name, &expected_names(&message))
        } else if message.contains("cannot start any token") && line_text.contains("[@") {
            Diagnostic::error("yaml-syntax", "a citation cannot start a YAML value or sit inside a `[a, b]` list")
                .help("quote the whole value (\"Text [@key]\") or write the list as a block list, one `- item` per line")
        } else if let Some(field) = message.strip_prefix("missing field ") {
            Diagnostic::error("missing-field", format!("missing field {field}"))
                .help(format!("add {field} with a value; see docs/content.md"))
        } else {
            Diagnostic::error("yaml", message)
                .help("see docs/content.md for the expected form of each field")
        };
        diagnostic.at(self.file, line, column)
    }
}

/// Keys defined twice in one mapping: serde_yaml keeps the last silently,
/// which would hide a clash between two sources. `within` names the
/// top-level key whose mapping to check; `None` checks the top level.
pub fn duplicate_keys(block: &Block<'_>, within: Option<&str>) -> Vec<Diagnostic> {
    let mut lines = block.text.lines().enumerate();
    if let Some(parent) = within {
        if lines
            .by_ref()
            .find(|(_, line)| is_key_line(line, parent))
            .is_none()
        {
            return Vec::new();
        }
    }
    let mut indent = None;
    let mut seen: Vec<(&str, usize)> = Vec::new();
    let mut problems = Vec::new();
    for (i, line) in lines {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let depth = line.len() - trimmed.len();
        if within.is_some() && depth == 0 {
            break; // the next top-level field
        }
        if *indent.get_or_insert(depth) != depth || trimmed.starts_with('-') {
            continue;
        }
        let Some((key, _)) = trimmed.split_once(':') else {
            continue;
        };
        let key = key.trim().trim_matches('"').trim_matches('\'');
        let line_number = i + 1 + block.line_offset;
        match seen.iter().find(|(k, _)| *k == key) {
            Some((_, first)) => problems.push(
                Diagnostic::error("duplicate-source", format!("`{key}` is defined twice"))
                    .at(block.file, line_number, depth + 1)
                    .help(format!("the first definition is on line {first}; remove one, or give them different keys")),
            ),
            None => seen.push((key, line_number)),
        }
    }
    problems
}

fn is_key_line(line: &str, key: &str) -> bool {
    let unquoted = line.strip_prefix(key).filter(|_| !key.is_empty());
    let quoted = || {
        line.strip_prefix('"')
            .and_then(|l| l.strip_prefix(key))
            .and_then(|l| l.strip_prefix('"'))
    };
    unquoted
        .or_else(quoted)
        .is_some_and(|rest| rest.trim_start().starts_with(':'))
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

    #[test]
    fn top_level_keys_are_found_in_one_pass() {
        let text = "# sources\nsmith:2020:\n  title: \"A: b\"\n\"quoted key\": {}\njones: {title: x}\n- item\nsmith:2020: again\n";
        let block = Block {
            text,
            file: Path::new("s.yaml"),
            line_offset: 0,
        };
        let keys = block.top_level_keys();
        assert_eq!(keys.get("smith:2020"), Some(&2));
        assert_eq!(keys.get("quoted key"), Some(&4));
        assert_eq!(keys.get("jones"), Some(&5));
        assert_eq!(keys.len(), 3, "{keys:?}");
    }
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        title: String,
        #[serde(default)]
        safety_tips: Vec<String>,
    }

    const FIELDS: &[&str] = &["title", "safety_tips"];

    fn parse(text: &str) -> Result<Doc, Vec<Diagnostic>> {
        Block {
            text,
            file: Path::new("content/a.md"),
            line_offset: 1,
        }
        .parse(FIELDS)
    }

    #[test]
    fn every_unknown_field_is_reported_with_a_suggestion_and_its_line() {
        let errors = parse("title: A\nsafety_tip: x\nsumary: y\n").unwrap_err();
        let text: Vec<String> = errors.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            text,
            [
                "error[unknown-field]: content/a.md:3:1: unknown field `safety_tip`\n  help: did you mean `safety_tips`?",
                "error[unknown-field]: content/a.md:4:1: unknown field `sumary`\n  help: known fields are: title, safety_tips",
            ]
        );
    }

    #[test]
    fn citation_in_a_flow_list_explains_the_fix() {
        let errors = parse("title: A\nsafety_tips: [Go slowly [@a]]\n").unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].code, "yaml-syntax");
        assert_eq!(errors[0].location.as_ref().unwrap().line, 3);
        assert!(errors[0].help.as_ref().unwrap().contains("block list"));
    }

    #[test]
    fn value_starting_with_a_citation_explains_the_fix() {
        let errors = parse("title: A\nsafety_tips:\n  - [@a] says go slowly\n").unwrap_err();
        assert_eq!(errors[0].code, "yaml-syntax", "{errors:?}");
    }

    #[test]
    fn wrong_type_names_the_line_in_the_markdown_file() {
        let errors = parse("title: A\nsafety_tips: 3\n").unwrap_err();
        assert_eq!(errors.len(), 1);
        let loc = errors[0].location.as_ref().unwrap();
        assert_eq!((loc.line, errors[0].code), (3, "yaml"));
        assert_eq!(
            errors[0].message,
            "safety_tips: invalid type: integer `3`, expected a sequence"
        );
    }

    #[test]
    fn missing_title_says_what_to_add() {
        let errors = parse("safety_tips: []\n").unwrap_err();
        assert_eq!(errors[0].code, "missing-field");
        assert_eq!(errors[0].message, "missing field `title`");
    }

    #[test]
    fn finds_keys_and_text_in_the_block() {
        let block = Block {
            text: "sources:\n  howe2011:\n    title: x [@b]\n",
            file: Path::new("a.md"),
            line_offset: 1,
        };
        assert_eq!(block.key_position("howe2011"), Some((3, 3)));
        assert_eq!(block.find("@b", 1), Some((4, 15)));
        assert_eq!(block.top_level_key_line("sources"), Some(2));
    }

    #[test]
    fn duplicate_keys_are_found_at_the_right_depth() {
        let text = "title: A\nsources:\n  a:\n    title: x\n  b:\n    title: y\n  a:\n    title: z\ntags: []\na: 1\n";
        let block = Block {
            text,
            file: Path::new("a.md"),
            line_offset: 1,
        };
        let problems = duplicate_keys(&block, Some("sources"));
        assert_eq!(problems.len(), 1);
        assert_eq!(
            problems[0].location.as_ref().map(|l| (l.line, l.column)),
            Some((8, 3))
        );
        assert!(duplicate_keys(&block, None).is_empty());
    }
}
