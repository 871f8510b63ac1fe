//! Numbers in decimal without the formatting machinery: citation links and
//! the search index write hundreds of thousands of them a build, and
//! `write!` or `to_string` cost more than all the rest of that work.

/// The decimal digits of `n`, written into the end of `buffer`.
pub fn digits(mut n: u64, buffer: &mut [u8; 20]) -> &[u8] {
    let mut start = buffer.len();
    loop {
        start -= 1;
        buffer[start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    &buffer[start..]
}

/// [`digits`] as text.
pub fn text(n: u64, buffer: &mut [u8; 20]) -> &str {
    // Digits are ASCII: this never falls back.
    std::str::from_utf8(digits(n, buffer)).unwrap_or("0")
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_read_as_to_string_writes_them() {
        for n in [0, 7, 10, 99, 100, 12_345, u64::MAX] {
            assert_eq!(super::text(n, &mut [0; 20]), n.to_string());
        }
    }
}
