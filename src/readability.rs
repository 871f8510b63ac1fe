//! How hard a page is to read: the Flesch–Kincaid grade of its prose.
//!
//! The grade is the US school year a reader needs to follow the text:
//! `0.39 × words per sentence + 11.8 × syllables per word − 15.59`. Health
//! writing guidance asks for grade 8 or lower. Callers pass prose only
//! (headings, tables, code, citations and URLs left out).
//!
//! Every article's prose passes through here, so [`score`] reads it once,
//! byte by byte (decoding UTF-8 only past ASCII), finding sentences, words
//! and syllables in the same pass, and keeps only the three hardest
//! sentences it has seen.

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
    let mut hardest = Hardest::default();
    for sentence in Sentences::new(text) {
        sentence_count += 1;
        words += sentence.words;
        syllables += sentence.syllables;
        hardest.offer(grade(sentence.words, 1, sentence.syllables), sentence.text);
    }
    if words == 0 {
        return None;
    }
    Some(Reading {
        grade: grade(words, sentence_count.max(1), syllables),
        words,
        sentences: sentence_count,
        hardest: hardest.quotes.into_iter().map(|(_, quote)| quote).collect(),
    })
}

/// The three hardest different quotes so far, hardest first, each with the
/// grade of its hardest sentence. Sorting every sentence by grade (stably,
/// so the earlier of equal grades first) and keeping the first three
/// different quotes would choose the same; this sorts nothing and quotes
/// only the few sentences that could make the list.
#[derive(Default)]
struct Hardest {
    quotes: Vec<(f64, String)>,
}

impl Hardest {
    const KEPT: usize = 3;

    /// Counts in a sentence: they come in text order, so among equal
    /// grades the one already kept stays ahead.
    fn offer(&mut self, grade: f64, sentence: &str) {
        let beaten = |(kept, _): &(f64, String)| grade.total_cmp(kept).is_gt();
        if self.quotes.len() == Self::KEPT && !beaten(&self.quotes[Self::KEPT - 1]) {
            return;
        }
        let quote = quote(sentence);
        if let Some(same) = self.quotes.iter().position(|(_, q)| *q == quote) {
            if !beaten(&self.quotes[same]) {
                return;
            }
            self.quotes.remove(same);
        }
        let at = self.quotes.iter().position(beaten);
        self.quotes
            .insert(at.unwrap_or(self.quotes.len()), (grade, quote));
        self.quotes.truncate(Self::KEPT);
    }
}

/// A sentence as a warning quotes it: long ones shortened.
fn quote(sentence: &str) -> String {
    let sentence = sentence.trim();
    let mut quote = String::with_capacity(sentence.len());
    for (i, piece) in sentence.split(' ').enumerate() {
        // A removed citation leaves a space before a full stop or comma.
        if i > 0 && !piece.starts_with(['.', ',']) {
            quote.push(' ');
        }
        quote.push_str(piece);
    }
    if let Some((cut, _)) = quote.char_indices().nth(100) {
        quote.truncate(cut);
        quote.push('…');
    }
    quote
}

fn grade(words: usize, sentences: usize, syllables: usize) -> f64 {
    0.39 * words as f64 / sentences as f64 + 11.8 * syllables as f64 / words as f64 - 15.59
}

/// A sentence with at least one word, and its counts.
struct Sentence<'t> {
    /// With the blanks before it, which quoting trims.
    text: &'t str,
    words: usize,
    syllables: usize,
}

/// The sentences of a text that have words. Sentences end at `.`, `!` or
/// `?` followed by a space or the end, and at line breaks (list items and
/// table cells stand alone); a full stop after an abbreviation, or before
/// a word in lower case, ends none (see [`full_stop_continues`]). Words are runs of letters, digits and
/// apostrophes that hold a letter.
struct Sentences<'t> {
    text: &'t str,
    /// Where the next sentence starts, in bytes.
    at: usize,
}

impl<'t> Sentences<'t> {
    fn new(text: &'t str) -> Self {
        Sentences { text, at: 0 }
    }

    /// Reads on to the end of a sentence, counting words and syllables in
    /// the same pass: one loop over bytes, as it runs over all prose. A
    /// word never runs over a sentence end: no end is a word character.
    fn read(&mut self) -> Sentence<'t> {
        let (text, start) = (self.text, self.at);
        let bytes = text.as_bytes();
        let mut at = start;
        let mut counts = Counts::default();
        let mut word = Syllables::default();
        while at < bytes.len() {
            let byte = bytes[at];
            let class = BYTE_CLASSES[usize::from(byte)];
            at += 1;
            // ASCII letters first: they are most of prose, and come in runs.
            if class & LETTER != 0 {
                word.letter(class);
                while let Some(&byte) = bytes.get(at) {
                    let class = BYTE_CLASSES[usize::from(byte)];
                    if class & LETTER == 0 {
                        break;
                    }
                    word.letter(class);
                    at += 1;
                }
                continue;
            }
            // Spaces and most punctuation end a word and nothing else.
            if class == 0 {
                counts.add(std::mem::take(&mut word));
                continue;
            }
            let class = match class {
                LEAD => char_class(text, at - 1),
                class => class,
            };
            if class & WORD != 0 {
                if class & LETTER != 0 {
                    word.letter(class);
                }
                continue;
            }
            counts.add(std::mem::take(&mut word));
            // Sentence ends are ASCII, so `byte` is the character.
            let end = class & END != 0
                && (byte == b'\n'
                    || text[at..].starts_with(char::is_whitespace)
                        && !(byte == b'.' && full_stop_continues(text, start, at - 1)));
            if end {
                break;
            }
        }
        counts.add(word);
        self.at = at;
        Sentence {
            text: &text[start..at],
            words: counts.words,
            syllables: counts.syllables,
        }
    }
}

/// Abbreviations whose full stop is not a sentence's end even before a
/// capital ("Dr. Patel", "e.g. Tai chi"), compared in lower case and
/// without their last full stop.
const ABBREVIATIONS: &[&str] = &[
    "approx", "cf", "dr", "e.g", "eg", "etc", "fig", "i.e", "ie", "incl", "jr", "min", "mr", "mrs",
    "ms", "no", "prof", "sr", "st", "vs", "wk", "yr", "yrs",
];

/// Whether the full stop at byte `stop`, which a space follows, goes on
/// with the same sentence (`start` is where the sentence began). As in
/// Unicode's sentence boundaries (UAX #29, rule SB8), a full stop before
/// a word in lower case ends nothing ("etc. and more"); unlike SB8, a
/// number after the stop is taken to start a sentence. A known
/// abbreviation ends nothing before a capital either ("Dr. Patel").
/// Only runs at a full stop, so costs nothing on the words between.
fn full_stop_continues(text: &str, start: usize, stop: usize) -> bool {
    let before = &text[start..stop];
    let word = before
        .rfind(|c: char| c.is_whitespace() || matches!(c, '(' | '"' | '“' | '‘'))
        .map_or(before, |at| &before[at + 1..]);
    if word.len() <= 6 && ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word)) {
        return true;
    }
    // The next character past the spaces, not past a line break.
    text[stop + 1..]
        .trim_start_matches([' ', '\t', '\u{a0}'])
        .starts_with(char::is_lowercase)
}

/// The words and syllables of a sentence so far.
#[derive(Default)]
struct Counts {
    words: usize,
    syllables: usize,
}

impl Counts {
    /// Counts in a run of word characters that has ended: a word if it has
    /// a letter.
    fn add(&mut self, word: Syllables) {
        if word.tail != 0 {
            self.words += 1;
            self.syllables += word.count();
        }
    }
}

impl<'t> Iterator for Sentences<'t> {
    type Item = Sentence<'t>;

    fn next(&mut self) -> Option<Sentence<'t>> {
        // Blank runs between sentences read as sentences without words.
        while self.at < self.text.len() {
            let sentence = self.read();
            if sentence.words > 0 {
                return Some(sentence);
            }
        }
        None
    }
}

/// What the reading pass needs to know of a character, as bits: words are
/// runs of letters, digits and apostrophes (straight or curly), the
/// syllable rules look for vowels, `e` and `l`, and some characters end
/// sentences.
const WORD: u8 = 1;
const LETTER: u8 = 2;
/// `a`, `e`, `i`, `o`, `u` and `y`, in either case.
const VOWEL: u8 = 4;
const E: u8 = 8;
const L: u8 = 16;
/// Not a class: the first byte of a character beyond ASCII, whose class
/// takes decoding it.
const LEAD: u8 = 32;
/// A line break, which ends a sentence, or `.`, `!` or `?`, which end one
/// before a space.
const END: u8 = 64;

/// The class of any character.
fn class(c: char) -> u8 {
    let mut class = 0;
    if c.is_alphanumeric() || c == '\'' || c == '’' {
        class |= WORD;
    }
    if c.is_alphabetic() {
        class |= LETTER;
    }
    match c.to_ascii_lowercase() {
        'a' | 'i' | 'o' | 'u' | 'y' => class |= VOWEL,
        'e' => class |= VOWEL | E,
        'l' => class |= L,
        '\n' | '.' | '!' | '?' => class |= END,
        _ => {}
    }
    class
}

/// The class of each byte, looked up rather than worked out: nearly all
/// characters of prose are ASCII. `char`'s Unicode tests cannot run in a
/// constant, so ASCII is classed by hand here and checked against
/// [`class`] by a test. The bytes after the first of a character beyond
/// ASCII are word characters without letters: inside a word they must not
/// end it, and elsewhere they start no word (a word needs a letter).
const BYTE_CLASSES: [u8; 256] = {
    let mut classes = [0; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        let mut class = 0;
        if b.is_ascii_alphanumeric() || b == b'\'' {
            class |= WORD;
        }
        if b.is_ascii_alphabetic() {
            class |= LETTER;
        }
        match b.to_ascii_lowercase() {
            b'a' | b'i' | b'o' | b'u' | b'y' => class |= VOWEL,
            b'e' => class |= VOWEL | E,
            b'l' => class |= L,
            b'\n' | b'.' | b'!' | b'?' => class |= END,
            _ => {}
        }
        classes[byte] = match b {
            0x80..=0xbf => WORD,
            0xc0.. => LEAD,
            _ => class,
        };
        byte += 1;
    }
    classes
};

/// The class of the character at byte `at` of `text`. Out of line, so
/// that the loop over bytes stays small.
#[inline(never)]
fn char_class(text: &str, at: usize) -> u8 {
    text[at..].chars().next().map_or(0, class)
}

/// Counts vowel groups, with the usual English corrections: a silent final
/// `e`, and at least one syllable a word.
pub fn syllables_in(word: &str) -> usize {
    let mut syllables = Syllables::default();
    for class in word.chars().map(class) {
        if class & LETTER != 0 {
            syllables.letter(class);
        }
    }
    syllables.count()
}

/// The syllables of a word, counted letter by letter as it is read, so
/// that no word is split out, scanned twice or allocated. Two numbers, so
/// that the loop over bytes keeps them in registers.
#[derive(Default)]
struct Syllables {
    /// Vowel groups so far.
    groups: usize,
    /// The classes of the last letters, newest in the lowest byte, for
    /// the silent-e rule; 0 before the first letter.
    tail: u32,
}

impl Syllables {
    /// Takes the class of the word's next letter.
    fn letter(&mut self, class: u8) {
        // A vowel after a letter that is none starts a group.
        let previous = self.tail as u8;
        self.groups += usize::from(class & !previous & VOWEL != 0);
        self.tail = self.tail << 8 | u32::from(class);
    }

    fn count(&self) -> usize {
        let [_, third, before, last] = self.tail.to_be_bytes();
        // Three letters at least, ending in `e` after a consonant but `l`.
        let silent_e = third != 0 && last & E != 0 && before & (VOWEL | L) == 0;
        if self.groups > 1 {
            self.groups - usize::from(silent_e)
        } else {
            1
        }
    }
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
            ("Bone", 1),
            ("BONE", 1),
            ("isn't", 1),
            ("naïve", 1),
            ("café", 1),
            ("cafe", 1),
            ("12", 1),
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

    #[test]
    fn sentences_end_at_a_stop_before_a_space_or_at_a_line_break() {
        // "1.5" and "mg.Then" do not end a sentence; a no-break space does.
        let reading = score("Take 1.5 mg.Then rest. Walk!\u{a0}Sit\nStand? ").unwrap();
        assert_eq!(reading.sentences, 4);
        // Take, mg, Then, rest, Walk, Sit, Stand: digits alone are no word.
        assert_eq!(reading.words, 7);
        assert_eq!(score("\n\n  Walk.\n\n. ! \nSit.").unwrap().sentences, 2);
    }

    #[test]
    fn abbreviations_and_decimals_do_not_end_sentences() {
        let sentences = |text| score(text).unwrap().sentences;
        assert_eq!(
            sentences("Try a sport, e.g. walking or dancing. Then rest."),
            2
        );
        assert_eq!(sentences("Try a sport, e.g., walking. Then rest."), 2);
        assert_eq!(sentences("Load the bones, i.e. stand up. Sit less."), 2);
        assert_eq!(sentences("Ask Dr. Patel. She knows."), 2);
        assert_eq!(sentences("Walk approx. 30 minutes a day. Rest."), 2);
        assert_eq!(sentences("Take 2.5 mg. Then rest."), 2);
        assert_eq!(sentences("Choose a sport, e.g. Tai chi. Rest."), 2);
        // A sentence that ends before a number or a capital still ends.
        assert_eq!(sentences("Walk daily. 30 minutes is enough. Rest."), 3);
        assert_eq!(sentences("Walk to the shop. It helps."), 2);
        assert_eq!(sentences("Swim, cycle, etc. and rest. Then walk."), 2);
    }

    #[test]
    fn the_grade_does_not_depend_on_a_comma_after_e_g() {
        let text = |eg: &str| {
            format!("Pick an activity you enjoy, {eg} walking, dancing or swimming, and do it most days of the week. ").repeat(8)
        };
        let (plain, comma) = (
            score(&text("e.g.")).unwrap(),
            score(&text("e.g.,")).unwrap(),
        );
        assert_eq!((plain.sentences, plain.words), (8, 8 * 19));
        assert_eq!(
            (plain.grade, plain.sentences),
            (comma.grade, comma.sentences)
        );
    }

    #[test]
    fn apostrophes_join_words_and_letters_beyond_ascii_count() {
        let reading = score("Isn't it the women’s café? '' 12 ’").unwrap();
        assert_eq!(reading.words, 5);
        assert_eq!(reading.sentences, 1);
    }

    #[test]
    fn equal_grades_keep_text_order_and_quotes_are_not_repeated() {
        let reading = score("Walk now. Walk now. Sit down. Run fast. Go home.").unwrap();
        assert_eq!(reading.hardest, ["Walk now.", "Sit down.", "Run fast."]);
    }

    #[test]
    fn a_quote_ranks_by_its_hardest_sentence() {
        // Two long sentences that differ only past the quoted part.
        let start = "Word ".repeat(25);
        let text = format!("{start}it. Sit down. Run fast. {start}osteoporosis. Go home.");
        let reading = score(&text).unwrap();
        let quote = format!("{}…", &start[..100]);
        assert_eq!(reading.hardest, [quote.as_str(), "Sit down.", "Run fast."]);
        assert_eq!(reading.sentences, 5);
    }

    #[test]
    fn ascii_byte_classes_agree_with_unicode_rules() {
        for byte in 0..128u8 {
            assert_eq!(
                BYTE_CLASSES[usize::from(byte)],
                class(char::from(byte)),
                "{byte}"
            );
        }
    }

    #[test]
    fn quotes_drop_citation_spaces_and_shorten() {
        assert_eq!(quote("  Walk daily , and rest . "), "Walk daily, and rest.");
        assert_eq!(quote("Walk  .  , ., "), "Walk . ,.,");
        let long = "é".repeat(120);
        assert_eq!(quote(&long), format!("{}…", "é".repeat(100)));
    }
}
