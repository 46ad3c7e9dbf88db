//! What a draft reads out of a table's cells beyond name, Mandatory and Type: the tables a row
//! links to (`:ref:`Table 4 <...>``), the values a Description lists (`-  **anti-affinity**: ...`
//! or `**ACTIVE**, **BUILD**, ...`), and the limits and default it states, as `--docs` reads them
//! ([`crate::docs::facts`]), in the spec's keys.

use super::yaml::quote;
use crate::docs::facts::Facts;
use crate::docs::json::number_text;
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

/// What a row's Description states of its value's limits and default, as `--docs` reads it
/// ([`crate::docs::facts`]), in the spec's keys: YAML text for each, `None` where the page states
/// nothing the type can take.
#[derive(Default)]
pub struct Limits {
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub minimum: Option<String>,
    pub maximum: Option<String>,
    pub default: Option<String>,
}

/// The enum a field's type names, for its default: its values and whether they are integers.
pub struct EnumOf<'a> {
    pub values: Vec<&'a str>,
    pub integer: bool,
}

/// The limits of `facts` for a value of type `ty` (`string`, `integer`, `number`, `boolean`, an
/// enum, ...); what cannot be a key (a minimum above the maximum, a default outside the bounds or
/// not of the type) is said in `comments`.
pub fn limits(
    facts: &Facts,
    ty: &str,
    enumeration: Option<&EnumOf<'_>>,
    comments: &mut Vec<String>,
) -> Limits {
    let mut out = Limits::default();
    let whole = |x: f64| (x.fract() == 0.0 && x.abs() < 1e15).then_some(x);
    if ty == "string"
        && let Some(b) = &facts.length
    {
        let count = |x: Option<f64>| x.and_then(whole).filter(|x| *x >= 0.0).map(|x| x as u64);
        (out.min_length, out.max_length) = (count(b.min), count(b.max));
    }
    let number = |x: Option<f64>| match ty {
        "integer" => x.and_then(whole),
        _ => x.filter(|x| x.is_finite()),
    };
    if matches!(ty, "integer" | "number")
        && let Some(b) = &facts.range
    {
        let (lo, hi) = (number(b.min), number(b.max));
        match (lo, hi) {
            (Some(lo), Some(hi)) if lo > hi => comments.push(format!(
                "the page's text gives a minimum ({lo}) above its maximum ({hi}); neither is drafted"
            )),
            _ => {
                out.minimum = lo.map(number_text);
                out.maximum = hi.map(number_text);
            }
        }
    }
    let Some(stated) = &facts.default else {
        return out;
    };
    let text = stated.text.as_str();
    let default = match (ty, enumeration) {
        ("integer", _) => text.parse::<i64>().ok().map(|n| n.to_string()),
        ("number", _) => text
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .map(|_| text.to_string()),
        ("boolean", _) => matches!(text, "true" | "false").then(|| text.to_string()),
        ("string", _) => Some(quote(text)),
        (_, Some(e)) if e.values.contains(&text) => match e.integer {
            true => Some(text.to_string()),
            false => Some(quote(text)),
        },
        _ => None,
    };
    let Some(default) = default else {
        comments.push(format!(
            "the page gives the default `{text}`, which is no value of `{ty}`; it is not drafted"
        ));
        return out;
    };
    let value = |v: &Option<String>| v.as_deref().and_then(|v| v.parse::<f64>().ok());
    let d = text.parse::<f64>().ok();
    let outside = d.is_some_and(|d| {
        value(&out.minimum).is_some_and(|lo| d < lo) || value(&out.maximum).is_some_and(|hi| d > hi)
    });
    if outside && matches!(ty, "integer" | "number") {
        comments.push(format!(
            "the page's text gives a default ({text}) outside its bounds; it is not drafted"
        ));
    } else {
        out.default = Some(default);
    }
    out
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
    fn a_range_sentence_is_found_for_a_note() {
        assert_eq!(
            range_sentence("Specifies the limit. The maximum value is 1,000.").as_deref(),
            Some("The maximum value is 1,000.")
        );
        assert_eq!(range_sentence("Specifies the limit."), None);
    }
}
