//! The search index's files are JavaScript holding JSON; these write
//! its numbers and strings straight into bytes, as page texts are long.

use std::io::Write;

use crate::decimal;

/// Appends `n` in decimal.
pub(super) fn push_number(out: &mut Vec<u8>, n: u32) {
    out.extend_from_slice(decimal::digits(n.into(), &mut [0; 20]));
}

/// Appends `text` as a JSON string that is also safe inside HTML and old
/// JavaScript parsers: serde_json's escapes, and `<`, U+2028 and U+2029 as
/// `\u` escapes. Written straight into `out`, as page texts are long.
pub(super) fn push_json(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    out.push(b'"');
    // The end of what is already in `out`, and where to look on from.
    let (mut copied, mut from) = (0, 0);
    while let Some(at) = next_special(bytes, from) {
        from = at + 1;
        let byte = bytes[at];
        let escape = match byte {
            b'"' => Some("\\\""),
            b'\\' => Some("\\\\"),
            b'\n' => Some("\\n"),
            b'\r' => Some("\\r"),
            b'\t' => Some("\\t"),
            0x08 => Some("\\b"),
            0x0c => Some("\\f"),
            0x00..=0x1f => None,
            b'<' => Some("\\u003c"),
            0xe2 if bytes[from..].starts_with(&[0x80, 0xa8]) => Some("\\u2028"),
            0xe2 if bytes[from..].starts_with(&[0x80, 0xa9]) => Some("\\u2029"),
            _ => continue,
        };
        out.extend_from_slice(&bytes[copied..at]);
        match escape {
            Some(escape) => out.extend_from_slice(escape.as_bytes()),
            // The other control characters, as serde_json writes them.
            None => {
                let _ = write!(out, "\\u{byte:04x}");
            }
        }
        copied = at + if byte == 0xe2 { 3 } else { 1 };
    }
    out.extend_from_slice(&bytes[copied..]);
    out.push(b'"');
}

/// Where the next byte that [`push_json`] looks at twice is, from `from`.
/// Page texts are long and such bytes few: eight bytes at a time while
/// none of them is one.
fn next_special(bytes: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    while let Some(&chunk) = bytes[at..].first_chunk::<8>() {
        if any_special(u64::from_le_bytes(chunk)) {
            break;
        }
        at += 8;
    }
    let special = |byte: &u8| JSON_SPECIAL[usize::from(*byte)];
    bytes[at..].iter().position(special).map(|found| at + found)
}

/// Whether any of the 8 bytes of `chunk` is one that [`JSON_SPECIAL`]
/// marks, all tested at once: the high bit of a byte of `below(x, n)` is
/// set where the byte of `x` is below `n` (up to 128), and it is 0 only
/// if no byte is.
fn any_special(chunk: u64) -> bool {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    let below = |x: u64, n: u8| x.wrapping_sub(ONES * u64::from(n)) & !x & (ONES << 7);
    let equal = |byte: u8| below(chunk ^ (ONES * u64::from(byte)), 1);
    (below(chunk, 0x20) | equal(b'"') | equal(b'\\') | equal(b'<') | equal(0xe2)) != 0
}

/// The bytes [`push_json`] looks at twice, in a table as it looks at every
/// byte of every page's text: control characters, `"`, `\`, `<`, and
/// E2, the first byte of U+2028 and U+2029 (which JavaScript before ES2019
/// took for line ends).
const JSON_SPECIAL: [bool; 256] = {
    let mut special = [false; 256];
    let mut byte = 0;
    while byte < special.len() {
        special[byte] = matches!(byte as u8, 0x00..=0x1f | b'"' | b'\\' | b'<' | 0xe2);
        byte += 1;
    }
    special
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_in_decimal() {
        let mut out = Vec::new();
        for n in [0, 7, 10, 4_294_967_295] {
            push_number(&mut out, n);
            out.push(b' ');
        }
        assert_eq!(out, b"0 7 10 4294967295 ");
    }

    #[test]
    fn eight_bytes_are_tested_at_once_as_one_at_a_time() {
        let special = |byte: u8| JSON_SPECIAL[usize::from(byte)];
        let test = |chunk: [u8; 8]| {
            let expected = chunk.iter().any(|&byte| special(byte));
            assert_eq!(
                any_special(u64::from_le_bytes(chunk)),
                expected,
                "{chunk:?}"
            );
        };
        for byte in 0..=255u8 {
            for at in 0..8 {
                let mut chunk = *b"abcdefgh";
                chunk[at] = byte;
                test(chunk);
            }
        }
        // Bytes next to the special ones, two at a time, for borrows.
        let near = [
            0, 1, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x3b, 0x3c, 0x5c, 0x7f, 0x80, 0xe2, 0xe3,
        ];
        for (a, b) in near.iter().flat_map(|&a| near.map(|b| (a, b))) {
            for (i, j) in (0..8).flat_map(|i| (0..8).map(move |j| (i, j))) {
                let mut chunk = [0x61; 8];
                (chunk[i], chunk[j]) = (a, b);
                test(chunk);
            }
        }
        let text = "Walk daily, then rest.\nA “bone” < a hip\u{2028}!".as_bytes();
        let mut from = 0;
        while let Some(at) = next_special(text, from) {
            assert!(special(text[at]) && !text[from..at].iter().any(|&b| special(b)));
            from = at + 1;
        }
        assert!(!text[from..].iter().any(|&b| special(b)));
    }

    #[test]
    fn json_escapes_as_serde_json_and_for_html() {
        let mut text: String = (0u8..0x80).map(char::from).collect();
        text.push_str("é\u{2028}x\u{2029}\u{2027}</script>😀\u{85}");
        let expected = serde_json::to_string(&text)
            .unwrap()
            .replace('<', "\\u003c")
            .replace('\u{2028}', "\\u2028")
            .replace('\u{2029}', "\\u2029");
        let mut out = Vec::new();
        push_json(&mut out, &text);
        assert_eq!(String::from_utf8(out).unwrap(), expected);
    }
}
