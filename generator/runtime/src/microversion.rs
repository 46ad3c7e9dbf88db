//! Compute API microversions.

use std::fmt;
use std::str::FromStr;

use super::Error;

/// An OpenStack API microversion such as `2.54`.
///
/// Ordering compares the major number first, then the minor one, so `2.9 < 2.54`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Microversion {
    /// The number before the dot.
    pub major: u16,
    /// The number after the dot.
    pub minor: u16,
}

impl Microversion {
    /// The version `major.minor`.
    pub const fn new(major: u16, minor: u16) -> Self {
        Microversion { major, minor }
    }
}

impl fmt::Display for Microversion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

impl FromStr for Microversion {
    type Err = Error;

    /// Reads `major.minor`, two decimal numbers of at most 65535 each (`2.54`).
    fn from_str(text: &str) -> Result<Self, Error> {
        let number = |part: &str| {
            let digits = !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
            digits.then(|| part.parse::<u16>().ok()).flatten()
        };
        text.split_once('.')
            .and_then(|(major, minor)| Some(Microversion::new(number(major)?, number(minor)?)))
            .ok_or_else(|| Error::InvalidArgument {
                name: "microversion",
                reason: format!("`{text}` is not of the form `2.54`"),
            })
    }
}
