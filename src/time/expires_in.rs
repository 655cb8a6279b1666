//! Cache-stable expiries: "in 1 hour, rounded to 5 minutes" as one rule, so that every signer of
//! the package (the CLI's `--expires-in 1h --round-to 5m`, JS's `expires: {in: "1h", roundTo:
//! "5m"}`) computes the same `DateLessThan` from the same `now`.
//!
//! The rounding: the expiry is the first multiple of `roundTo` (counted from the Unix epoch)
//! strictly after `now + in`. So
//! - every `now` in one bucket gets the same expiry, and with it (RSA, or RFC 6979 ECDSA) the same
//!   signed URL: when `in` is a multiple of `roundTo`, the buckets are the epoch-aligned
//!   `[k·roundTo, (k+1)·roundTo)` (10:00:00 to 10:04:59 for `5m`);
//! - the link lives more than `in` and at most `in + roundTo` (never less than asked).
//!
//! Refused, each with its own [`ExpiresInError::code`]: a duration the grammar does not read
//! (`invalid_duration`; the grammar is `+2h`'s without the sign: `90s`, `15m`, `2h`, `7d`, `1w`,
//! `1d 12h`, `2 hours`), a zero `in` or `roundTo` (`zero_duration`), a `roundTo` longer than `in`
//! (`round_to_exceeds_in`: the bucket would decide the lifetime more than `in` does), and an
//! expiry after the year 9999 (`expiry_too_late`).

use core::fmt;

use super::{human, TimeError, YEAR_9999_END};

/// A duration's seconds, in the grammar of relative times without their sign: `90s`, `15m`,
/// `2h`, `7d`, `1w`, `1d 12h`, `2 hours`, `1 day and 5 min`.
pub fn parse_duration(text: &str) -> Result<u64, TimeError> {
    human::duration(text)
}

/// The expiry for a link that must live `in_text` from `now`, rounded up to the next multiple of
/// `round_to` when given (see the module documentation). Epoch seconds.
pub fn expires_in(now: u64, in_text: &str, round_to: Option<&str>) -> Result<u64, ExpiresInError> {
    let read = |field, text: &str| match parse_duration(text) {
        Ok(0) => Err(ExpiresInError::Zero { field }),
        Ok(seconds) => Ok(seconds),
        Err(error) => Err(ExpiresInError::InvalidDuration { field, error }),
    };
    let lifetime = read(DurationField::In, in_text)?;
    let end = now.checked_add(lifetime).ok_or(ExpiresInError::TooLate)?;
    let expiry = match round_to {
        None => end,
        Some(text) => {
            let bucket = read(DurationField::RoundTo, text)?;
            if bucket > lifetime {
                return Err(ExpiresInError::RoundToExceedsIn);
            }
            (end / bucket)
                .checked_add(1)
                .and_then(|k| k.checked_mul(bucket))
                .ok_or(ExpiresInError::TooLate)?
        }
    };
    if expiry > YEAR_9999_END {
        return Err(ExpiresInError::TooLate);
    }
    Ok(expiry)
}

/// Which duration an [`ExpiresInError`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum DurationField {
    /// `in` (`--expires-in`): how long the link lives.
    In,
    /// `roundTo` (`--round-to`): the bucket.
    RoundTo,
}

impl DurationField {
    /// `in` or `roundTo`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::In => "in",
            Self::RoundTo => "roundTo",
        }
    }
}

/// An expiry that cannot be computed. The messages never repeat the text given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ExpiresInError {
    /// Not a duration.
    InvalidDuration {
        /// Which one.
        field: DurationField,
        /// Why.
        error: TimeError,
    },
    /// A duration of zero.
    Zero {
        /// Which one.
        field: DurationField,
    },
    /// `roundTo` is longer than `in`.
    RoundToExceedsIn,
    /// The expiry would be after 9999-12-31T23:59:59Z.
    TooLate,
}

impl ExpiresInError {
    /// The stable code: `invalid_duration`, `zero_duration`, `round_to_exceeds_in` or
    /// `expiry_too_late`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::InvalidDuration { .. } => "invalid_duration",
            Self::Zero { .. } => "zero_duration",
            Self::RoundToExceedsIn => "round_to_exceeds_in",
            Self::TooLate => "expiry_too_late",
        }
    }

    /// The duration it is about, if one.
    pub fn field(&self) -> Option<DurationField> {
        match self {
            Self::InvalidDuration { field, .. } | Self::Zero { field } => Some(*field),
            Self::RoundToExceedsIn => Some(DurationField::RoundTo),
            Self::TooLate => None,
        }
    }
}

impl fmt::Display for ExpiresInError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidDuration { error: TimeError::AfterYear9999, .. } => {
                f.write_str("invalid_duration: the duration is too large")
            }
            Self::InvalidDuration { .. } => f.write_str(
                "invalid_duration: not a duration: use a number and a unit, as in 90s, 15m, 1h, 7d, 1w or 1d 12h",
            ),
            Self::Zero { field } => write!(
                f,
                "zero_duration: {} must be longer than zero, as in 1h or 5m",
                field.as_str()
            ),
            Self::RoundToExceedsIn => f.write_str(
                "round_to_exceeds_in: roundTo must not be longer than in (the bucket would decide the lifetime more than in does): as in in 1h, roundTo 5m",
            ),
            Self::TooLate => f.write_str(
                "expiry_too_late: the expiry would be after the year 9999: use a shorter duration",
            ),
        }
    }
}

impl core::error::Error for ExpiresInError {}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: u64 = 1_767_225_600; // 2026-01-01T00:00:00Z, a multiple of 300 and 3600.

    #[test]
    fn rounds_up_to_the_first_boundary_after_now_plus_in() {
        // Every now of one epoch-aligned 5-minute bucket: the same expiry, past now + 1h.
        for offset in [0, 1, 150, 299] {
            assert_eq!(
                expires_in(NOW + offset, "1h", Some("5m")),
                Ok(NOW + 3600 + 300)
            );
        }
        // The next bucket: the next boundary.
        assert_eq!(
            expires_in(NOW + 300, "1h", Some("5m")),
            Ok(NOW + 3600 + 600)
        );
        // A lifetime of more than `in` and at most `in + roundTo`.
        for now in (NOW..NOW + 900).step_by(7) {
            let e = expires_in(now, "1h", Some("5m")).unwrap_or_default();
            assert!(e > now + 3600 && e <= now + 3600 + 300, "{now}");
            assert_eq!(e % 300, 0);
        }
        // `in` not a multiple of `roundTo`: still a boundary, still more than `in`.
        assert_eq!(expires_in(NOW, "90s", Some("1m")), Ok(NOW + 120));
        // Without rounding: now + in.
        assert_eq!(expires_in(NOW + 7, "1h", None), Ok(NOW + 3607));
        assert_eq!(
            expires_in(NOW, "1d 12h", Some("1h")),
            Ok(NOW + 36 * 3600 + 3600)
        );
    }

    #[test]
    fn refuses_nonsense_with_codes() {
        let code = |r: Result<u64, ExpiresInError>| r.map_err(|e| e.code());
        assert_eq!(
            code(expires_in(NOW, "5m", Some("1h"))),
            Err("round_to_exceeds_in")
        );
        assert_eq!(
            code(expires_in(NOW, "0s", Some("1s"))),
            Err("zero_duration")
        );
        assert_eq!(
            code(expires_in(NOW, "1h", Some("0m"))),
            Err("zero_duration")
        );
        for bad in ["", "1", "-1h", "+1h", "1 parsec", "h", "1h;", "NaN"] {
            assert_eq!(
                code(expires_in(NOW, bad, None)),
                Err("invalid_duration"),
                "{bad:?}"
            );
            assert_eq!(
                code(expires_in(NOW, "1h", Some(bad))),
                Err("invalid_duration")
            );
        }
        assert_eq!(
            code(expires_in(NOW, "99999999999999999999s", None)),
            Err("invalid_duration")
        );
        assert_eq!(
            code(expires_in(NOW, "30000000000000000w", None)),
            Err("invalid_duration")
        );
        assert_eq!(
            code(expires_in(NOW, "500000w", None)),
            Err("expiry_too_late")
        );
        assert_eq!(
            code(expires_in(u64::MAX, "1s", None)),
            Err("expiry_too_late")
        );
        assert_eq!(
            code(expires_in(u64::MAX - 10, "20s", Some("20s"))),
            Err("expiry_too_late")
        );
        assert_eq!(
            code(expires_in(YEAR_9999_END - 100, "60s", Some("60s"))),
            Err("expiry_too_late")
        );
        // The message never quotes the text given.
        let e = expires_in(NOW, "secret-key-material", None).err();
        assert!(e.is_some_and(|e| !alloc::format!("{e}").contains("secret")));
    }
}
