//! What a draft reads out of a table's cells beyond name, Mandatory and Type: the tables a row
//! links to (`:ref:`Table 4 <...>``), the values a Description lists (`-  **anti-affinity**: ...`
//! or `**ACTIVE**, **BUILD**, ...`), and the limits it states (`1 to 64 characters`).

use crate::docs::rst::{Cell, Row, plain};

/// The tables the row's cells link to (`:ref:`Table 4 <label>``), in order, once each: the
/// numbers of this page's own tables (their label starts with `own__`, the page's label), and
/// the labels of other pages' tables.
pub fn links(row: &Row, own: Option<&str>) -> (Vec<u32>, Vec<String>) {
    let (mut here, mut elsewhere) = (Vec::new(), Vec::new());
    for cell in &row.cells {
        let text = cell.lines.join(" ");
        let mut rest = text.as_str();
        while let Some(at) = rest.find(":ref:`Table") {
            rest = &rest[at + ":ref:`Table".len()..];
            let digits: String = rest
                .trim_start()
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            let label = rest
                .split_once('<')
                .and_then(|(before, after)| {
                    (!before.contains('`')).then(|| after.split('>').next().unwrap_or(""))
                })
                .unwrap_or("")
                .trim();
            let local = match own {
                Some(own) => {
                    label.is_empty() || label.strip_prefix(own).is_some_and(|r| r.starts_with("__"))
                }
                None => true,
            };
            match digits.parse::<u32>() {
                Ok(n) if local && !here.contains(&n) => here.push(n),
                Ok(_) if !local && !elsewhere.iter().any(|l| l == label) => {
                    elsewhere.push(label.to_string())
                }
                _ => {}
            }
        }
    }
    (here, elsewhere)
}

/// The values a Description cell lists, each with the text that explains it (empty when the
/// page lists the values without one): bullets of the cell's own level that start with a bold
/// token, else a line of two or more bold tokens separated by commas, `and` or `or`.
pub fn values(cell: &Cell) -> Vec<(String, String)> {
    let mut bullets = Vec::new();
    for line in &cell.lines {
        let Some(item) = line
            .strip_prefix("-  ")
            .or_else(|| line.strip_prefix("- "))
            .or_else(|| line.strip_prefix("*  "))
        else {
            continue;
        };
        let Some(after) = item.trim_start().strip_prefix("**") else {
            continue;
        };
        let Some(end) = after.find("**") else {
            continue;
        };
        let value = plain(&after[..end]);
        let rest = after[end + 2..].trim_start_matches([':', ' ', '-', '\u{2013}']);
        if token(&value) && !bullets.iter().any(|(v, _)| *v == value) {
            bullets.push((value, plain(rest)));
        }
    }
    if !bullets.is_empty() {
        return bullets;
    }
    for line in &cell.lines {
        if line.starts_with(' ') {
            continue;
        }
        // A label before the list (`Options:`, `Value range:`) is not part of it.
        let list = match line.split_once(':') {
            Some((label, rest)) if !label.contains("**") => rest,
            _ => line.as_str(),
        };
        let parts: Vec<&str> = list.split("**").collect();
        if parts.len() < 5 || parts.len().is_multiple_of(2) {
            continue;
        }
        let joins_only = parts.iter().step_by(2).all(|p| {
            p.split(|c: char| c == ',' || c == '.' || c.is_whitespace())
                .all(|w| w.is_empty() || w == "and" || w == "or")
        });
        let found: Vec<String> = parts.iter().skip(1).step_by(2).map(|p| plain(p)).collect();
        if joins_only && found.iter().all(|v| token(v)) {
            let mut out: Vec<(String, String)> = Vec::new();
            for v in found {
                if !out.iter().any(|(o, _)| *o == v) {
                    out.push((v, String::new()));
                }
            }
            return out;
        }
    }
    Vec::new()
}

/// A value as enums hold them: one word, not a label of the page's cell layout.
fn token(v: &str) -> bool {
    const LABELS: &[&str] = &["Definition", "Constraints", "Range", "Default", "Note"];
    !v.is_empty() && v.len() <= 64 && !v.contains(char::is_whitespace) && !LABELS.contains(&v)
}

/// `min_length` and `max_length` from the text of a string's cell: `1 to 64 characters`,
/// `a maximum of 255 characters`, `up to 64 characters`, `at most 32 characters`.
pub fn lengths(text: &str) -> (Option<u64>, Option<u64>) {
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_ascii_lowercase()
        })
        .collect();
    let number = |w: &str| w.replace(',', "").parse::<u64>().ok();
    for (i, w) in words.iter().enumerate() {
        if !w.starts_with("character") || i == 0 {
            continue;
        }
        let back = |k: usize| {
            i.checked_sub(k)
                .and_then(|j| words.get(j))
                .map(String::as_str)
        };
        if let (Some(a), Some("to"), Some(b)) = (back(3), back(2), back(1))
            && let (Some(a), Some(b)) = (number(a), number(b))
        {
            return (Some(a), Some(b));
        }
        if let Some((a, b)) = back(1).and_then(|w| w.split_once(['-', '\u{2013}']))
            && let (Some(a), Some(b)) = (number(a), number(b))
        {
            return (Some(a), Some(b));
        }
        if let (Some(before), Some(n)) = (back(2), back(1).and_then(number))
            && matches!(before, "of" | "to" | "most" | "than" | "exceed")
        {
            return (None, Some(n));
        }
    }
    (None, None)
}

/// The bounds and the default a number's cell states, as the spec writes them (`1`, `0.5`):
/// `ranges from 1 to 100`, `the minimum value is 1`, `greater than or equal to 0`, `at least 1`,
/// `the maximum value is 100`, `a maximum of 1,000`, `at most 32`, `up to 64`, `cannot exceed 8`,
/// `the default value is 1` or a `Default Value` label followed by a number. Only whole numbers
/// for an integer field (`whole`).
pub fn bounds(text: &str, whole: bool) -> (Option<String>, Option<String>, Option<String>) {
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '-')
                .to_ascii_lowercase()
        })
        .collect();
    let number = |i: usize| -> Option<String> {
        let w = words.get(i)?.replace(',', "");
        let ok = match whole {
            true => w.parse::<i64>().is_ok(),
            false => w.parse::<f64>().is_ok_and(f64::is_finite),
        };
        ok.then_some(w)
    };
    let at = |i: usize, phrase: &[&str]| {
        phrase
            .iter()
            .enumerate()
            .all(|(k, p)| words.get(i + k).is_some_and(|w| w == p))
    };
    const LOW: &[&[&str]] = &[
        &["minimum", "value", "is"],
        &["minimum", "is"],
        &["greater", "than", "or", "equal", "to"],
        &["no", "less", "than"],
        &["at", "least"],
    ];
    const HIGH: &[&[&str]] = &[
        &["maximum", "value", "is"],
        &["maximum", "is"],
        &["a", "maximum", "of"],
        &["less", "than", "or", "equal", "to"],
        &["no", "more", "than"],
        &["at", "most"],
        &["up", "to"],
        &["cannot", "exceed"],
    ];
    const DEFAULT: &[&[&str]] = &[&["default", "value", "is"], &["default", "value"]];
    let (mut low, mut high, mut default) = (None, None, None);
    for i in 0..words.len() {
        if at(i, &["from"])
            && words.get(i + 2).is_some_and(|w| w == "to")
            && let (Some(a), Some(b)) = (number(i + 1), number(i + 3))
        {
            low = low.or(Some(a));
            high = high.or(Some(b));
        }
        let after = |phrases: &[&[&str]]| {
            phrases
                .iter()
                .find(|p| at(i, p))
                .and_then(|p| number(i + p.len()))
        };
        if low.is_none() {
            low = after(LOW);
        }
        if high.is_none() {
            high = after(HIGH);
        }
        if default.is_none() {
            default = after(DEFAULT);
        }
    }
    (low, high, default)
}

/// The first sentence of a number's cell that states a limit (`The maximum value is 1,000.`,
/// `The value ranges from 1 to 100.`), for a note: the spec has no range keys for numbers.
pub fn range_sentence(text: &str) -> Option<String> {
    const WORDS: &[&str] = &[
        "maximum", "minimum", "range", "ranges", "greater", "less", "between", "up to", "at most",
    ];
    text.split_inclusive(". ")
        .map(str::trim)
        .find(|s| {
            let lower = s.to_ascii_lowercase();
            s.contains(|c: char| c.is_ascii_digit()) && WORDS.iter().any(|w| lower.contains(w))
        })
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(lines: &[&str]) -> Cell {
        Cell {
            lines: lines.iter().map(|l| l.to_string()).collect(),
            skip: 0,
        }
    }

    #[test]
    fn values_come_from_bullets_or_bold_lists() {
        let c = cell(&[
            "Specifies the policies. Options:",
            "",
            "-  **anti-affinity**: ECSs in this group must be deployed on different hosts.",
        ]);
        assert_eq!(
            values(&c),
            vec![(
                "anti-affinity".to_string(),
                "ECSs in this group must be deployed on different hosts.".to_string()
            )]
        );
        let c = cell(&["**Range**", "", "**ACTIVE**, **BUILD**, and **ERROR**"]);
        let found: Vec<String> = values(&c).into_iter().map(|(v, _)| v).collect();
        assert_eq!(found, ["ACTIVE", "BUILD", "ERROR"]);
        assert!(values(&cell(&["**Definition**", "", "The **job_id** of a job."])).is_empty());
    }

    #[test]
    fn lengths_and_ranges_are_read_where_stated() {
        assert_eq!(
            lengths("The value contains 1 to 64 characters."),
            (Some(1), Some(64))
        );
        assert_eq!(
            lengths("It contains a maximum of 255 characters."),
            (None, Some(255))
        );
        assert_eq!(lengths("1-64 characters"), (Some(1), Some(64)));
        assert_eq!(lengths("No limit."), (None, None));
        assert_eq!(
            range_sentence("Specifies the limit. The maximum value is 1,000.").as_deref(),
            Some("The maximum value is 1,000.")
        );
    }

    #[test]
    fn bounds_and_defaults_are_read_where_stated() {
        let s = |v: &str| Some(v.to_string());
        let count = "Specifies the number of instances to be created. Constraints - If this \
            parameter is not specified, the default value is 1. - If the tenant quota is \
            sufficient, the maximum value is 100. Range N/A Default Value N/A";
        assert_eq!(bounds(count, true), (None, s("100"), s("1")));
        assert_eq!(
            bounds(
                "The value must be greater than or equal to 0 and the default value is 1.",
                true
            ),
            (s("0"), None, s("1"))
        );
        assert_eq!(
            bounds("The value ranges from 1 to 1,000. Default Value 25", true),
            (s("1"), s("1000"), s("25"))
        );
        assert_eq!(bounds("From -1 to 0.5.", false), (s("-1"), s("0.5"), None));
        assert_eq!(bounds("From 1 to 0.5.", true), (None, None, None));
        assert_eq!(
            bounds("Each page contains 25 ECSs by default.", true),
            (None, None, None)
        );
    }
}
