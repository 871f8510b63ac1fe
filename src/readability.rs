//! How hard a page is to read: the Flesch–Kincaid grade of its prose.
//!
//! The grade is the US school year a reader needs to follow the text:
//! `0.39 × words per sentence + 11.8 × syllables per word − 15.59`. Health
//! writing guidance asks for grade 8 or lower. Callers pass prose only
//! (headings, tables, code, citations and URLs left out).

/// Below this many words a grade is noise, and pages are not judged.
pub const MIN_WORDS: usize = 100;

/// The grade of a text and its hardest sentences.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    pub grade: f64,
    pub words: usize,
    pub sentences: usize,
    /// The sentences that score highest, hardest first.
    pub hardest: Vec<String>,
}

/// Scores `text`; `None` when it has no words.
pub fn score(text: &str) -> Option<Reading> {
    let (mut words, mut syllables, mut sentence_count) = (0, 0, 0);
    let mut graded: Vec<(f64, &str)> = Vec::new();
    for sentence in sentences(text) {
        sentence_count += 1;
        let (w, syl) = counts(sentence);
        words += w;
        syllables += syl;
        if w > 0 {
            graded.push((grade(w, 1, syl), sentence));
        }
    }
    if words == 0 {
        return None;
    }
    graded.sort_by(|a, b| b.0.total_cmp(&a.0));
    Some(Reading {
        grade: grade(words, sentence_count.max(1), syllables),
        words,
        sentences: sentence_count,
        hardest: hardest(graded),
    })
}

/// The three hardest different sentences, long ones shortened for quoting.
fn hardest(graded: Vec<(f64, &str)>) -> Vec<String> {
    let mut quotes: Vec<String> = Vec::new();
    for (_, sentence) in graded {
        // A removed citation leaves a space before the full stop.
        let sentence = sentence.trim().replace(" .", ".").replace(" ,", ",");
        let quote = match sentence.char_indices().nth(100) {
            Some((cut, _)) => format!("{}…", &sentence[..cut]),
            None => sentence.clone(),
        };
        if !quotes.contains(&quote) {
            quotes.push(quote);
        }
        if quotes.len() == 3 {
            break;
        }
    }
    quotes
}

fn grade(words: usize, sentences: usize, syllables: usize) -> f64 {
    0.39 * words as f64 / sentences as f64 + 11.8 * syllables as f64 / words as f64 - 15.59
}

/// Sentences end at `.`, `!` or `?` followed by a space or the end, and at
/// line breaks (list items and table cells stand alone).
fn sentences(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let trimmed = rest.trim_start();
        if trimmed.is_empty() {
            return None;
        }
        let end = trimmed
            .char_indices()
            .find(|&(i, c)| {
                c == '\n'
                    || (matches!(c, '.' | '!' | '?')
                        && trimmed[i + 1..].starts_with(char::is_whitespace))
            })
            .map_or(trimmed.len(), |(i, c)| i + c.len_utf8());
        rest = &trimmed[end..];
        Some(&trimmed[..end])
    })
    .filter(|s| s.chars().any(char::is_alphabetic))
}

/// Words and syllables in a sentence.
fn counts(sentence: &str) -> (usize, usize) {
    sentence
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .filter(|w| w.chars().any(char::is_alphabetic))
        .fold((0, 0), |(words, syllables), word| {
            (words + 1, syllables + syllables_in(word))
        })
}

/// Counts vowel groups, with the usual English corrections: a silent final
/// `e`, and at least one syllable a word.
pub fn syllables_in(word: &str) -> usize {
    // Runs for every word of every page: count on the fly, no allocation,
    // and no UTF-8 decoding for the ASCII words that nearly all are.
    if word.is_ascii() {
        syllables(word.bytes().map(char::from))
    } else {
        syllables(word.chars())
    }
}

fn syllables(chars: impl Iterator<Item = char>) -> usize {
    let is_vowel = |c: char| matches!(c.to_ascii_lowercase(), 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    let mut groups = 0;
    let mut previous = false;
    let mut letters = 0;
    // The last three letters, newest last, for the silent-e rule.
    let mut tail = [' '; 3];
    for c in chars.filter(|c| c.is_alphabetic()) {
        let vowel = is_vowel(c);
        if vowel && !previous {
            groups += 1;
        }
        previous = vowel;
        letters += 1;
        tail = [tail[1], tail[2], c.to_ascii_lowercase()];
    }
    let silent_e = letters > 2 && tail[2] == 'e' && tail[1] != 'l' && !is_vowel(tail[1]);
    if silent_e && groups > 1 {
        groups -= 1;
    }
    groups.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_syllables_like_a_person() {
        for (word, expected) in [
            ("bone", 1),
            ("walking", 2),
            ("exercise", 3),
            ("osteoporosis", 5),
            ("table", 2),
            ("the", 1),
            ("rhythm", 1),
        ] {
            assert_eq!(syllables_in(word), expected, "{word}");
        }
    }

    #[test]
    fn simple_text_scores_low_and_dense_text_high() {
        let easy = score("Walk every day. It is good for you. Your bones like it.").unwrap();
        assert!(easy.grade < 3.0, "{easy:?}");
        let hard = score(
            "Progressive resistance training interventions demonstrated statistically significant improvements \
             in femoral neck bone mineral density among postmenopausal participants.",
        )
        .unwrap();
        assert!(hard.grade > 16.0, "{hard:?}");
        assert_eq!(hard.sentences, 1);
    }

    #[test]
    fn hardest_sentences_come_first() {
        let reading = score("Walk a lot. Osteoporotic fractures necessitate multidisciplinary rehabilitation.\nSit less.").unwrap();
        assert_eq!(
            reading.hardest[0],
            "Osteoporotic fractures necessitate multidisciplinary rehabilitation."
        );
        assert_eq!(reading.sentences, 3);
        assert_eq!(reading.words, 10);
    }

    #[test]
    fn no_words_no_score() {
        assert_eq!(score("  \n 12 34. "), None);
    }
}
