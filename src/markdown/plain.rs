//! One-line texts that Markdown reads as plain text and citations only.
//!
//! Front-matter texts are short: exercise examples, table cells, findings
//! that end in a citation. Starting a pulldown-cmark parser for each cost
//! more than the rest of their rendering, so such a text is cut into its
//! runs here, and the runs go through the same [`super::Builder`] steps as
//! the parser's events would. A property test checks the outcome against
//! the parser's.

use std::ops::Range;

/// A part of a plain line.
#[derive(Debug, PartialEq, Eq)]
pub enum Run {
    /// Text that Markdown leaves exactly as written.
    Text(Range<usize>),
    /// `[@…]`, brackets included: what the parser reads as a shortcut
    /// reference link with no definition, that is a citation.
    Citation(Range<usize>),
}

/// The runs of `text` when it is one line that Markdown reads as nothing
/// but text and citations; `None` for any other text. Such a line starts
/// with a letter (no list, heading or indented code starts so) and ends
/// without a space; between citations it has only letters, digits, spaces
/// and punctuation that neither Markdown nor smart punctuation reads, with
/// no `..` or `--`. A citation's label is `@` and key characters, with no
/// spaces to collapse or trim, and no `(` or `[` follows it (that would
/// make it a link).
pub fn runs(text: &str) -> Option<Vec<Run>> {
    let bytes = text.as_bytes();
    if !bytes.first()?.is_ascii_alphabetic() || *bytes.last()? == b' ' {
        return None;
    }
    let mut runs = Vec::new();
    let mut start = 0;
    let mut at = 0;
    while at < bytes.len() {
        let byte = bytes[at];
        if byte == b'[' {
            let close = at + 1 + bytes[at + 1..].iter().position(|&b| b == b']')?;
            if !is_plain_label(&bytes[at + 1..close])
                || matches!(bytes.get(close + 1), Some(b'(' | b'['))
            {
                return None;
            }
            if start < at {
                runs.push(Run::Text(start..at));
            }
            runs.push(Run::Citation(at..close + 1));
            at = close + 1;
            start = at;
        } else if is_inert(byte) {
            let doubled = bytes.get(at + 1) == Some(&byte) && matches!(byte, b'.' | b'-');
            if doubled {
                return None;
            }
            at += 1;
        } else {
            return None;
        }
    }
    if start < bytes.len() {
        runs.push(Run::Text(start..bytes.len()));
    }
    Some(runs)
}

/// Bytes that mean nothing to Markdown or smart punctuation on one line
/// that starts with a letter (`.` and `-` only when not doubled).
fn is_inert(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b" ,;:?()/%+=.-".contains(&byte)
}

/// A citation label the parser hands over exactly as written.
fn is_plain_label(label: &[u8]) -> bool {
    label.first() == Some(&b'@')
        && label.len() < 500
        && label.last() != Some(&b' ')
        && label
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || b" @,;:.-/_".contains(b))
        && !label.windows(2).any(|pair| pair == b"  ")
}

#[cfg(test)]
mod tests {
    use super::super::tests::NoLinks;
    use super::super::{parse, parse_markdown, Builder, Mode, Parsed};
    use super::*;
    use crate::cite::Numbering;
    use proptest::prelude::*;

    /// Everything a reader or a check gets from a text.
    fn readings(parsed: &Parsed<'_>) -> String {
        let html = parsed.render(&mut Numbering::default());
        format!(
            "{html}\n{}\n{}\n{:?}\n{:?}",
            parsed.plain_text(),
            parsed.prose_text(),
            parsed.citations,
            parsed.problems
        )
    }

    #[test]
    fn plain_lines_are_cut_into_runs() {
        assert_eq!(
            runs("Walk daily. [@a, p. 4] More [@b]"),
            Some(vec![
                Run::Text(0..12),
                Run::Citation(12..22),
                Run::Text(22..28),
                Run::Citation(28..32),
            ])
        );
        for text in [
            "sit to stand from a chair",
            "Strength (twice a week), balance: 10 min/day; 50% or +2 = more?",
            "Walk 1.5 km - or further",
            "Helps [@a; @b]. See also [@c]",
        ] {
            assert!(runs(text).is_some(), "{text}");
        }
        for text in [
            "",
            "1. a list",
            "- a list",
            " leading space",
            "trailing space ",
            "Walk... then rest",
            "two--three",
            "it's",
            "a *b*",
            "[@a] first",
            "see [@a](url)",
            "see [@a][@b]",
            "see [text]",
            "see [@a  b]",
            "see [@a ]",
            "see [@a",
            "caf\u{e9}",
            "a & b",
        ] {
            assert!(runs(text).is_none(), "{text}");
        }
    }

    /// Lines that [`runs`] accepts, with citations among the words.
    fn plain_lines() -> impl Strategy<Value = String> {
        let word = "[A-Za-z0-9,;:?()/%+=.-]{1,8}";
        let citation = prop_oneof![
            Just("[@a]".to_string()),
            Just("[@b, p. 15]".to_string()),
            Just("[@a; @b]".to_string()),
            Just("[@smith_2010; @c-d, ch. 2]".to_string()),
            Just("[@a, see]".to_string()),
            Just("[@]".to_string()),
        ];
        let part = prop_oneof![4 => word.prop_map(|w| w), 1 => citation];
        (
            "[A-Za-z]{1,6}",
            proptest::collection::vec((part, "[ ]?"), 0..8),
        )
            .prop_map(|(first, parts)| {
                let mut text = first;
                for (part, space) in parts {
                    text.push_str(&space);
                    text.push_str(&part);
                }
                text.replace("..", ".a")
                    .replace("--", "-a")
                    .replace("](", "] (")
                    .replace("][", "] [")
            })
    }

    proptest! {
        #[test]
        fn a_plain_line_reads_as_pulldown_reads_it(text in plain_lines()) {
            prop_assume!(runs(&text).is_some());
            let fast = parse(&text, Mode::Inline, false, &NoLinks, None);
            let full = parse_markdown(Builder::new(&text, Mode::Inline, false, &NoLinks, None));
            prop_assert_eq!(readings(&fast), readings(&full));
        }
    }
}
