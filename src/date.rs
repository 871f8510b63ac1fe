//! Calendar dates (`2026-02-17`) for review dates and access dates.
//!
//! A small type of our own: the site only needs parsing, comparing, adding
//! months and today's date, and none of that justifies a date crate.

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let valid = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        valid.then_some(Date { year, month, day })
    }

    /// Parses `YYYY-MM-DD`, the only form the content model accepts.
    pub fn parse(text: &str) -> Option<Date> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let digits = |range: std::ops::Range<usize>| -> Option<u32> {
            let part = &text[range];
            part.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| part.parse().ok())?
        };
        Date::new(
            digits(0..4)? as i32,
            digits(5..7)? as u8,
            digits(8..10)? as u8,
        )
    }

    /// Today by the local calendar of the machine that builds, or the
    /// UTC date of `SOURCE_DATE_EPOCH` when it is set, so that builds can
    /// be reproduced and tests can pin "today". (UTC would put a page
    /// reviewed this morning east of Greenwich into the future.)
    pub fn today() -> Date {
        if let Some(pinned) = std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.trim().parse::<i64>().ok())
        {
            return Date::from_unix_seconds(pinned);
        }
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        Date::from_unix_seconds(now + utc_offset_seconds(now))
    }

    /// The UTC date of a moment given in seconds since 1970.
    pub fn from_unix_seconds(seconds: i64) -> Date {
        Date::from_days(seconds.div_euclid(86_400))
    }
    /// The same day `months` later, clamped to the month's last day.
    pub fn add_months(self, months: u32) -> Date {
        let total = self.year as i64 * 12 + (self.month as i64 - 1) + months as i64;
        let year = total.div_euclid(12) as i32;
        let month = (total.rem_euclid(12) + 1) as u8;
        let day = self.day.min(days_in_month(year, month));
        Date { year, month, day }
    }

    /// Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// A date as readers see it: "17 February 2026".
    pub fn long(self) -> String {
        const MONTHS: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        format!(
            "{} {} {}",
            self.day,
            MONTHS[self.month as usize - 1],
            self.year
        )
    }
}

/// How far the local time zone is ahead of UTC at `time` (seconds since
/// 1970), from the C library, which reads `TZ` and the system's zone.
#[cfg(unix)]
fn utc_offset_seconds(time: i64) -> i64 {
    // `time_t` is 64 bits wide wherever a build could run after 2038.
    let time = time as libc::time_t;
    // SAFETY: `localtime_r` writes only into the `tm` it is given, and
    // an all-zero `tm` is a valid value of the plain C struct.
    unsafe {
        let mut local: libc::tm = std::mem::zeroed();
        if libc::localtime_r(&time, &mut local).is_null() {
            return 0;
        }
        local.tm_gmtoff as i64
    }
}

/// Elsewhere the zone is not looked up: UTC.
#[cfg(not(unix))]
fn utc_offset_seconds(_time: i64) -> i64 {
    0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// For `--today 2026-02-17` on the command line.
impl std::str::FromStr for Date {
    type Err = String;

    fn from_str(text: &str) -> Result<Date, String> {
        Date::parse(text).ok_or_else(|| format!("`{text}` is not a date: write it as YYYY-MM-DD"))
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let text = String::deserialize(d)?;
        Date::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "`{text}` is not a date: write it as YYYY-MM-DD, for example 2026-02-17"
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_only_real_iso_dates() {
        assert_eq!(Date::parse("2026-02-17"), Date::new(2026, 2, 17));
        assert_eq!(Date::parse("2024-02-29"), Date::new(2024, 2, 29));
        for bad in [
            "2026-02-30",
            "2023-02-29",
            "2026-13-01",
            "26-02-17",
            "2026/02/17",
            "2026-2-17x",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn adding_months_clamps_to_month_end() {
        let d = Date::parse("2025-08-31").unwrap();
        assert_eq!(d.add_months(6).to_string(), "2026-02-28");
        assert_eq!(d.add_months(12).to_string(), "2026-08-31");
    }

    #[test]
    fn days_since_epoch_to_civil_date() {
        assert_eq!(Date::from_days(0).to_string(), "1970-01-01");
        assert_eq!(Date::from_days(20_501).to_string(), "2026-02-17");
    }

    #[test]
    fn long_form_for_readers() {
        assert_eq!(
            Date::parse("2026-02-17").unwrap().long(),
            "17 February 2026"
        );
    }
}
