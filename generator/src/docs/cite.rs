//! What a `source` string cites of a page: `reinstall-doc, Table 3 (os-reinstall fields)` cites
//! Table 3; `rebuild-doc, Example Request and Example Response` cites both examples;
//! `reinstall-doc, Table 3 and Example Requests 1 and 3` cites a table and two examples.
//! A table without a caption is named by the paragraph before it, in double quotes:
//! `iam-token, table "auth.identity"`. Text in parentheses describes the place and is not read.

use super::rst::ExampleKind;

pub use super::page::TableRef;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cite {
    Table(TableRef),
    /// An example by number; `None` is "the" example (the first).
    Example(ExampleKind, Option<usize>),
}

/// Every part of `source` (parts are joined with `;`) as the key and what it cites.
pub fn parts(source: &str) -> Vec<(&str, Vec<Cite>)> {
    source
        .split(';')
        .map(|part| {
            let (key, place) = crate::model::source_key(part);
            (key, parse(place))
        })
        .collect()
}

/// The tables and examples a place names.
pub fn parse(place: &str) -> Vec<Cite> {
    let mut text = String::new();
    // The quoted titles, each standing in `text` as the word `"k` (its index).
    let mut titles: Vec<String> = Vec::new();
    let mut quoted: Option<String> = None;
    let mut depth = 0usize;
    for c in place.chars() {
        if let Some(title) = &mut quoted {
            match c {
                '"' => {
                    text.push_str(&format!(" \"{} ", titles.len()));
                    titles.push(quoted.take().unwrap_or_default());
                }
                _ => title.push(c),
            }
            continue;
        }
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            '"' if depth == 0 => quoted = Some(String::new()),
            _ if depth == 0 => text.push(if c == ',' { ' ' } else { c }),
            _ => {}
        }
    }
    let title = |word: &str| {
        let k = word.strip_prefix('"')?.parse::<usize>().ok()?;
        titles.get(k).map(|t| TableRef::Title(t.trim().to_string()))
    };
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = words[i].to_ascii_lowercase();
        let what = match w.as_str() {
            "table" | "tables" => Some(None),
            "example" | "examples" => match words.get(i + 1).map(|x| x.to_ascii_lowercase()) {
                Some(k) if k.starts_with("request") => {
                    i += 1;
                    Some(Some(ExampleKind::Request))
                }
                Some(k) if k.starts_with("response") => {
                    i += 1;
                    Some(Some(ExampleKind::Response))
                }
                _ => None,
            },
            _ => None,
        };
        i += 1;
        let Some(kind) = what else {
            continue;
        };
        if kind.is_none()
            && let Some(t) = words.get(i).and_then(|w| title(w))
        {
            out.push(Cite::Table(t));
            i += 1;
            continue;
        }
        let mut numbers = Vec::new();
        while let Some(word) = words.get(i) {
            if let Ok(n) = word.parse::<u32>() {
                numbers.push(n);
            } else if !word.eq_ignore_ascii_case("and")
                || words
                    .get(i + 1)
                    .and_then(|w| w.parse::<u32>().ok())
                    .is_none()
            {
                break;
            }
            i += 1;
        }
        match kind {
            None => out.extend(
                numbers
                    .into_iter()
                    .map(|n| Cite::Table(TableRef::Number(n))),
            ),
            Some(k) if numbers.is_empty() => out.push(Cite::Example(k, None)),
            Some(k) => out.extend(
                numbers
                    .into_iter()
                    .map(|n| Cite::Example(k, Some(n as usize))),
            ),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_name_tables_and_examples() {
        use ExampleKind::*;
        let n = |n| Cite::Table(TableRef::Number(n));
        assert_eq!(parse("Table 3 (os-reinstall fields)"), vec![n(3)]);
        assert_eq!(
            parse("Table 3 and Example Requests 1 and 3"),
            vec![
                n(3),
                Cite::Example(Request, Some(1)),
                Cite::Example(Request, Some(3))
            ]
        );
        assert_eq!(
            parse("Example Request and Example Response"),
            vec![Cite::Example(Request, None), Cite::Example(Response, None)]
        );
        assert_eq!(parse("Constraints and Table 3 (adminPass)"), vec![n(3)]);
        let t = |t: &str| Cite::Table(TableRef::Title(t.into()));
        assert_eq!(
            parse(r#"table "auth.identity", Table 2 and table "Normal, as sent" (a "b")"#),
            vec![t("auth.identity"), n(2), t("Normal, as sent")]
        );
        // An unclosed quote names nothing.
        assert_eq!(parse(r#"table "auth"#), vec![]);
        assert_eq!(parse("URI"), vec![]);
        assert_eq!(parse("§1 (table 9)"), vec![]);
    }
}
