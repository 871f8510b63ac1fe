//! Footnote markers for the rendered page.

use pulldown_cmark::Event;

use crate::cite;

/// Footnotes are lettered (a, b, c) so that they never share a number
/// with a citation on the same page. A note's letter follows the order in
/// which its label first appears, as pulldown-cmark numbers them, and the
/// ids stay pulldown-cmark's own (the label).
#[derive(Default)]
pub(super) struct FootnoteLetters<'t> {
    labels: Vec<&'t str>,
}

impl<'t> FootnoteLetters<'t> {
    fn letter(&mut self, label: &'t str) -> String {
        let index = match self.labels.iter().position(|l| *l == label) {
            Some(index) => index,
            None => {
                self.labels.push(label);
                self.labels.len() - 1
            }
        };
        let mut letter = String::new();
        cite::push_letters(&mut letter, index);
        letter
    }

    pub(super) fn reference(&mut self, label: &'t str) -> Event<'static> {
        let letter = self.letter(label);
        let label = cite::escape(label);
        Event::InlineHtml(
            format!(
                "<sup class=\"footnote-reference\"><a href=\"#{label}\" aria-label=\"Note {letter}\">{letter}</a></sup>"
            )
            .into(),
        )
    }

    pub(super) fn definition(&mut self, label: &'t str) -> Event<'static> {
        let letter = self.letter(label);
        let label = cite::escape(label);
        Event::Html(
            format!(
                "<div class=\"footnote-definition\" id=\"{label}\"><sup class=\"footnote-definition-label\">{letter}</sup>"
            )
            .into(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(event: Event<'_>) -> String {
        match event {
            Event::InlineHtml(html) | Event::Html(html) => html.to_string(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_note_keeps_its_letter_from_reference_to_definition() {
        let mut notes = FootnoteLetters::default();
        assert!(html(notes.reference("x")).contains(">a</a>"));
        assert!(html(notes.reference("y")).contains("aria-label=\"Note b\""));
        let definition = html(notes.definition("x"));
        assert!(definition.contains("id=\"x\"") && definition.contains(">a</sup>"));
        assert!(html(notes.definition("unused")).contains(">c</sup>"));
    }
}
