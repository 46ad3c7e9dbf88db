//! What a `source` string cites of a page: `reinstall-doc, Table 3 (os-reinstall fields)` cites
//! Table 3; `rebuild-doc, Example Request and Example Response` cites both examples;
//! `reinstall-doc, Table 3 and Example Requests 1 and 3` cites a table and two examples.
//! Text in parentheses describes the place and is not read.

use super::rst::ExampleKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cite {
    Table(u32),
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
    let mut depth = 0usize;
    for c in place.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => text.push(if c == ',' { ' ' } else { c }),
            _ => {}
        }
    }
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
            None => out.extend(numbers.into_iter().map(Cite::Table)),
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
        assert_eq!(parse("Table 3 (os-reinstall fields)"), vec![Cite::Table(3)]);
        assert_eq!(
            parse("Table 3 and Example Requests 1 and 3"),
            vec![
                Cite::Table(3),
                Cite::Example(Request, Some(1)),
                Cite::Example(Request, Some(3))
            ]
        );
        assert_eq!(
            parse("Example Request and Example Response"),
            vec![Cite::Example(Request, None), Cite::Example(Response, None)]
        );
        assert_eq!(
            parse("Constraints and Table 3 (adminPass)"),
            vec![Cite::Table(3)]
        );
        assert_eq!(parse("URI"), vec![]);
        assert_eq!(parse("§1 (table 9)"), vec![]);
    }
}
