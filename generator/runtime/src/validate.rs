//! Client-side checks of request bodies, collecting every violation.

use std::fmt;

/// One broken rule: where (the dotted wire path) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    path: String,
    message: String,
}

impl Violation {
    /// The dotted path of the field, with wire names, e.g. `metadata.__system__cmkid`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What is wrong, e.g. `must be 8 to 26 characters long, got 5`.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// A request that breaks one or more documented rules; nothing was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    violations: Vec<Violation>,
}

impl ValidationError {
    /// Every violation found, in the order the checks ran (never empty).
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }
}

impl fmt::Display for ValidationError {
    /// Lists every violation on one line, separated by `; `.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, violation) in self.violations.iter().enumerate() {
            if index > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{violation}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationError {}

/// The documented bounds and lengths of one value: a field's, or each value of a query
/// parameter's (numbers included, lengths in characters). Emitted code writes it as a constant
/// expression, `Rules::NONE.minimum(1).max_length(64)`, and hands it to [`Validator::integer`],
/// [`Validator::number`] or [`Validator::string`], which word a broken rule the same way wherever
/// the value is.
#[derive(Clone, Copy, Debug)]
pub struct Rules {
    minimum: Option<Limit>,
    maximum: Option<Limit>,
    min_length: Option<u64>,
    max_length: Option<u64>,
}

#[derive(Clone, Copy, Debug)]
enum Limit {
    Integer(i64),
    Number(f64),
}

impl Limit {
    /// Whether `value` is below (`Less`) or above (`Greater`) this limit; whole numbers are
    /// compared as such, others as `f64`.
    fn compare(self, value: &serde_json::Number) -> Option<std::cmp::Ordering> {
        match (self, value.as_i64()) {
            (Limit::Integer(limit), Some(value)) => Some(value.cmp(&limit)),
            (Limit::Integer(limit), None) => value.as_f64()?.partial_cmp(&(limit as f64)),
            (Limit::Number(limit), _) => value.as_f64()?.partial_cmp(&limit),
        }
    }
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Limit::Integer(i) => write!(f, "{i}"),
            Limit::Number(n) => write!(f, "{n}"),
        }
    }
}

#[allow(
    dead_code,
    reason = "emitted code calls only the rules its spec asks for"
)]
impl Rules {
    /// No bound.
    pub const NONE: Rules = Rules {
        minimum: None,
        maximum: None,
        min_length: None,
        max_length: None,
    };

    pub const fn minimum(mut self, limit: i64) -> Rules {
        self.minimum = Some(Limit::Integer(limit));
        self
    }

    pub const fn maximum(mut self, limit: i64) -> Rules {
        self.maximum = Some(Limit::Integer(limit));
        self
    }

    pub const fn minimum_number(mut self, limit: f64) -> Rules {
        self.minimum = Some(Limit::Number(limit));
        self
    }

    pub const fn maximum_number(mut self, limit: f64) -> Rules {
        self.maximum = Some(Limit::Number(limit));
        self
    }

    pub const fn min_length(mut self, characters: u64) -> Rules {
        self.min_length = Some(characters);
        self
    }

    pub const fn max_length(mut self, characters: u64) -> Rules {
        self.max_length = Some(characters);
        self
    }
}

/// Collects violations while the emitted `check` functions walk a request body.
///
/// `field` arguments are wire names; `nested` adds the enclosing object's name in front, so a
/// violation's path reads like the JSON it refers to. Messages never repeat a checked value,
/// except for `known_value` and `known_integer`, whose values are not secrets (a range check names
/// the range, not the value).
#[derive(Debug, Default)]
pub struct Validator {
    prefix: String,
    violations: Vec<Violation>,
}

#[allow(
    dead_code,
    reason = "emitted code calls only the checks its spec asks for"
)]
impl Validator {
    /// An empty validator, at the top of the body.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a violation of `field` with a free-form message.
    pub fn violation(&mut self, field: &str, message: impl Into<String>) {
        let path = self.path(field);
        self.violations.push(Violation {
            path,
            message: message.into(),
        });
    }

    /// An integer against the bounds of `rules`.
    pub fn integer(&mut self, field: &str, value: i64, rules: Rules) {
        self.number(field, &value.into(), rules);
    }

    /// A number (whole numbers compared as such, others as `f64`) against the bounds of `rules`.
    pub fn number(&mut self, field: &str, value: &serde_json::Number, rules: Rules) {
        use std::cmp::Ordering::{Greater, Less};
        let below = rules
            .minimum
            .is_some_and(|m| m.compare(value) == Some(Less));
        let above = rules
            .maximum
            .is_some_and(|m| m.compare(value) == Some(Greater));
        if below || above {
            self.violation(field, bounds_text(rules.minimum, rules.maximum));
        }
    }

    /// A string against the lengths of `rules`, counted in characters (not bytes).
    pub fn string(&mut self, field: &str, value: &str, rules: Rules) {
        let (min, max) = (rules.min_length, rules.max_length);
        let count = value.chars().count() as u64;
        if !(min.is_some_and(|min| count < min) || max.is_some_and(|max| count > max)) {
            return;
        }
        let range = match (min, max) {
            (Some(min), Some(max)) if min == max => format!("exactly {}", characters(min)),
            (Some(min), Some(max)) => format!("{min} to {}", characters(max)),
            (Some(min), None) => format!("at least {}", characters(min)),
            (None, Some(max)) => format!("at most {}", characters(max)),
            (None, None) => return,
        };
        self.violation(field, format!("must be {range} long, got {count}"));
    }

    /// `value` must be standard base64 (`A-Z a-z 0-9 + /`, `=` padding, length a multiple
    /// of 4) that decodes to at most `max_decoded` bytes when given. The unused low bits of
    /// the last group are not checked.
    pub fn base64(&mut self, field: &str, value: &str, max_decoded: Option<u64>) {
        match base64_decoded_len(value) {
            Err(reason) => self.violation(field, format!("must be padded base64: {reason}")),
            Ok(len) => {
                if let Some(max) = max_decoded.filter(|&max| len > max) {
                    let message = format!("must decode to at most {max} bytes, got {len}");
                    self.violation(field, message);
                }
            }
        }
    }

    /// `value` must be a UUID: hexadecimal digits grouped 8-4-4-4-12 by hyphens.
    pub fn uuid(&mut self, field: &str, value: &str) {
        let hyphen = |index| matches!(index, 8 | 13 | 18 | 23);
        let valid = value.len() == 36
            && value.bytes().enumerate().all(|(index, byte)| {
                if hyphen(index) {
                    byte == b'-'
                } else {
                    byte.is_ascii_hexdigit()
                }
            });
        if !valid {
            self.violation(field, "must be a UUID (8-4-4-4-12 hexadecimal digits)");
        }
    }

    /// `value` may hold only ASCII letters, digits and the characters in `specials`, and must
    /// use at least `min_classes` of the four classes: uppercase, lowercase, digit, special.
    pub fn password(&mut self, field: &str, value: &str, min_classes: u8, specials: &str) {
        let mut classes = [false; 4];
        let mut foreign = false;
        for c in value.chars() {
            match c {
                'A'..='Z' => classes[0] = true,
                'a'..='z' => classes[1] = true,
                '0'..='9' => classes[2] = true,
                _ if specials.contains(c) => classes[3] = true,
                _ => foreign = true,
            }
        }
        if foreign {
            let message = format!(
                "may only contain letters A-Z and a-z, digits and the special characters {specials}"
            );
            self.violation(field, message);
        }
        let used = classes.iter().filter(|&&used| used).count();
        if used < usize::from(min_classes) {
            let message = format!(
                "must contain at least {min_classes} of: uppercase letters, lowercase letters, \
                 digits, special characters ({specials}); got {used}"
            );
            self.violation(field, message);
        }
    }

    /// Records that `value` is not among `allowed` unless the caller found it `known`.
    pub fn known_value(&mut self, field: &str, value: &str, known: bool, allowed: &[&str]) {
        if !known {
            let message = format!("`{value}` is not one of: {}", allowed.join(", "));
            self.violation(field, message);
        }
    }

    /// Records that the integer `value` is not among `allowed` unless the caller found it `known`.
    pub fn known_integer(&mut self, field: &str, value: i64, known: bool, allowed: &[i64]) {
        if !known {
            let allowed: Vec<String> = allowed.iter().map(i64::to_string).collect();
            let message = format!("`{value}` is not one of: {}", allowed.join(", "));
            self.violation(field, message);
        }
    }

    /// When `field` is set, `other` must be set too.
    pub fn requires(&mut self, field: &str, present: bool, other: &str, other_present: bool) {
        if present && !other_present {
            let message = format!(
                "`{}` requires `{}` to be set as well",
                self.path(field),
                self.path(other)
            );
            self.violation(field, message);
        }
    }

    /// `field` and `other` must not both be set.
    pub fn excludes(&mut self, field: &str, present: bool, other: &str, other_present: bool) {
        if present && other_present {
            let message = format!(
                "`{}` and `{}` cannot both be set",
                self.path(field),
                self.path(other)
            );
            self.violation(field, message);
        }
    }

    /// `count`, the number of items of the array in `field`, must lie between `min` and `max`.
    pub fn items(&mut self, field: &str, count: usize, min: Option<u64>, max: Option<u64>) {
        let count = count as u64;
        if !(min.is_some_and(|min| count < min) || max.is_some_and(|max| count > max)) {
            return;
        }
        let item = |n: u64| match n {
            1 => "1 item".to_string(),
            n => format!("{n} items"),
        };
        let range = match (min, max) {
            (Some(min), Some(max)) if min == max => format!("exactly {}", item(min)),
            (Some(min), Some(max)) => format!("{min} to {}", item(max)),
            (Some(min), None) => format!("at least {}", item(min)),
            (None, Some(max)) => format!("at most {}", item(max)),
            (None, None) => return,
        };
        self.violation(field, format!("must hold {range}, got {count}"));
    }

    /// Runs `check` on item `index` of the array in `field`; its violations' paths start with
    /// `field[index].`.
    pub fn item(&mut self, field: &str, index: usize, check: impl FnOnce(&mut Validator)) {
        let outer = self.prefix.len();
        self.prefix.push_str(field);
        self.prefix.push_str(&format!("[{index}]."));
        check(self);
        self.prefix.truncate(outer);
    }

    /// Runs `check` on the value under `key` of the map in `field`; its violations' paths start
    /// with `field.key.`.
    pub fn entry(&mut self, field: &str, key: &str, check: impl FnOnce(&mut Validator)) {
        let outer = self.prefix.len();
        for part in [field, ".", key, "."] {
            self.prefix.push_str(part);
        }
        check(self);
        self.prefix.truncate(outer);
    }

    /// Runs `check` on the object in `field`; its violations' paths start with `field.`.
    pub fn nested(&mut self, field: &str, check: impl FnOnce(&mut Validator)) {
        let outer = self.prefix.len();
        self.prefix.push_str(field);
        self.prefix.push('.');
        check(self);
        self.prefix.truncate(outer);
    }

    /// `Ok` when no rule was broken, else every violation.
    pub fn finish(self) -> Result<(), ValidationError> {
        if self.violations.is_empty() {
            Ok(())
        } else {
            Err(ValidationError {
                violations: self.violations,
            })
        }
    }

    fn path(&self, field: &str) -> String {
        format!("{}{field}", self.prefix)
    }
}

/// `must be from 1 to 500`, `must be at least 1`, `must be at most 500`: the range, never the
/// value (which may be a secret's).
fn bounds_text<T: fmt::Display>(min: Option<T>, max: Option<T>) -> String {
    match (min, max) {
        (Some(min), Some(max)) => format!("must be from {min} to {max}"),
        (Some(min), None) => format!("must be at least {min}"),
        (None, Some(max)) => format!("must be at most {max}"),
        (None, None) => String::new(),
    }
}

fn characters(count: u64) -> String {
    let noun = if count == 1 {
        "character"
    } else {
        "characters"
    };
    format!("{count} {noun}")
}

/// The number of bytes `value` decodes to, or why it is not padded standard base64.
fn base64_decoded_len(value: &str) -> Result<u64, String> {
    let data = value.trim_end_matches('=');
    let padding = value.len() - data.len();
    let alphabet = |c: char| c.is_ascii_alphanumeric() || c == '+' || c == '/';
    if let Some(position) = data.chars().position(|c| !alphabet(c)) {
        let what = if data.chars().nth(position) == Some('=') {
            "`=` padding may only appear at the end"
        } else {
            "a character outside the standard alphabet"
        };
        return Err(format!("{what} (character {})", position + 1));
    }
    if padding > 2 {
        return Err(format!(
            "{padding} `=` padding characters, at most 2 allowed"
        ));
    }
    if !value.len().is_multiple_of(4) {
        return Err(format!("length {} is not a multiple of 4", value.len()));
    }
    Ok((value.len() / 4 * 3 - padding) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(check: impl FnOnce(&mut Validator)) -> Vec<String> {
        let mut v = Validator::new();
        check(&mut v);
        match v.finish() {
            Ok(()) => Vec::new(),
            Err(e) => e.violations().iter().map(ToString::to_string).collect(),
        }
    }

    #[test]
    fn ranges_include_their_bounds_and_name_the_range_only() {
        let rules = Rules::NONE.minimum(1).maximum(500);
        assert!(messages(|v| v.integer("count", 1, rules)).is_empty());
        assert!(messages(|v| v.integer("count", 500, rules)).is_empty());
        assert_eq!(
            messages(|v| v.integer("count", 501, rules)),
            ["count: must be from 1 to 500"]
        );
        assert_eq!(
            messages(|v| v.integer("count", -1, Rules::NONE.minimum(0))),
            ["count: must be at least 0"]
        );
        let half = serde_json::Number::from_f64(0.5).unwrap();
        let ratio = Rules::NONE.minimum_number(0.5).maximum_number(1.0);
        assert!(messages(|v| v.number("ratio", &half, ratio)).is_empty());
        let quarter = Rules::NONE.maximum_number(0.25);
        assert_eq!(
            messages(|v| v.nested("spec", |v| v.number("ratio", &half, quarter))),
            ["spec.ratio: must be at most 0.25"]
        );
        assert_eq!(
            messages(|v| v.known_integer("state", 9, false, &[0, 1])),
            ["state: `9` is not one of: 0, 1"]
        );
    }

    #[test]
    fn a_map_value_is_checked_under_its_field_and_key_and_an_array_item_under_its_index() {
        let burst = Rules::NONE.maximum(20);
        let found = messages(|v| {
            v.nested("pool", |v| {
                v.entry("limits", "eu-de-01", |v| v.integer("burst", 21, burst));
                v.item("levels", 2, |v| v.integer("burst", 22, burst));
                v.integer("size", 23, burst);
            })
        });
        assert_eq!(
            found,
            [
                "pool.limits.eu-de-01.burst: must be at most 20",
                "pool.levels[2].burst: must be at most 20",
                "pool.size: must be at most 20",
            ]
        );
    }

    #[test]
    fn lengths_count_characters_and_name_the_range() {
        let rules = Rules::NONE.min_length(2).max_length(3);
        assert!(messages(|v| v.string("name", "éé", rules)).is_empty());
        assert_eq!(
            messages(|v| v.string("name", "abcd", rules)),
            ["name: must be 2 to 3 characters long, got 4"]
        );
        assert_eq!(
            messages(|v| v.string("name", "", Rules::NONE.min_length(1).max_length(1))),
            ["name: must be exactly 1 character long, got 0"]
        );
    }
}
