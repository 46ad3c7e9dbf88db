//! Two JSON values compared as values: key order, spacing and `1` against `1.0` do not matter.

use serde_json::Value;

/// At most this many differences are listed; the rest are counted.
const SHOWN: usize = 6;

/// What differs between `page` and `spec`, one entry per place (`os-reinstall.adminpass: ...`).
pub fn differences(page: &Value, spec: &Value) -> Vec<String> {
    between(page, spec, ("on the page", "in the spec"))
}

/// What differs between `a` and `b`, whose sides are called `names` (`on the page`).
pub fn between(a: &Value, b: &Value, names: (&str, &str)) -> Vec<String> {
    let mut out = Vec::new();
    walk(a, b, "", names, &mut out);
    if out.len() > SHOWN {
        let more = out.len() - SHOWN;
        out.truncate(SHOWN);
        out.push(format!("and {more} more"));
    }
    out
}

/// The object keys leading to the first difference between `a` and `b` (array positions left
/// out), to find its line in the page; `None` when they are equal.
pub fn first_difference(a: &Value, b: &Value) -> Option<Vec<String>> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys = x.keys().chain(y.keys().filter(|k| !x.contains_key(*k)));
            for k in keys {
                match (x.get(k), y.get(k)) {
                    (Some(v), Some(w)) => {
                        if let Some(mut rest) = first_difference(v, w) {
                            rest.insert(0, k.clone());
                            return Some(rest);
                        }
                    }
                    _ => return Some(vec![k.clone()]),
                }
            }
            None
        }
        (Value::Array(x), Value::Array(y)) => {
            let inner = x.iter().zip(y).find_map(|(v, w)| first_difference(v, w));
            inner.or_else(|| (x.len() != y.len()).then(Vec::new))
        }
        (Value::Number(x), Value::Number(y)) if x.as_f64() == y.as_f64() => None,
        (x, y) if x == y => None,
        _ => Some(Vec::new()),
    }
}

/// A number as the page would write it without separators: `1000`, `1.5`, `-1`.
pub fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// What [`tolerant`] repaired, with its 1-based line in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repair {
    pub line: usize,
    pub what: &'static str,
}

/// `text` read as JSON, tolerating what the pages' examples hold beside strict JSON: `//` and
/// `/* */` comments, a comma before a closing bracket, and a missing comma at a line break
/// between two members or items (`"name": "x"` then `"next": ...` on the next line). Strict JSON
/// is read as it is; the repairs made are returned with their lines. Time in proportion to the
/// text.
pub fn tolerant(text: &str) -> Result<(Value, Vec<Repair>), serde_json::Error> {
    let strict = serde_json::from_str::<Value>(text);
    let first_error = match strict {
        Ok(v) => return Ok((v, Vec::new())),
        Err(e) => e,
    };
    let mut repairs = Vec::new();
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let (mut i, mut line) = (0usize, 1usize);
    let mut in_string = false;
    // The last significant character written outside strings, and whether a line break came
    // after it.
    let mut last: Option<char> = None;
    let mut broke = false;
    while i < chars.len() {
        let c = chars[i];
        if in_string {
            out.push(c);
            match c {
                '\\' => {
                    if let Some(&n) = chars.get(i + 1) {
                        out.push(n);
                        i += 1;
                    }
                }
                '"' => {
                    in_string = false;
                    last = Some('"');
                    broke = false;
                }
                '\n' => line += 1,
                _ => {}
            }
            i += 1;
            continue;
        }
        match c {
            '/' if chars.get(i + 1) == Some(&'/') => {
                repairs.push(Repair {
                    line,
                    what: "a `//` comment",
                });
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
                continue;
            }
            '/' if chars.get(i + 1) == Some(&'*') => {
                repairs.push(Repair {
                    line,
                    what: "a `/* */` comment",
                });
                i += 2;
                while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                    if chars[i] == '\n' {
                        line += 1;
                        broke = true;
                        out.push('\n');
                    }
                    i += 1;
                }
                i += 2;
                continue;
            }
            '\n' => {
                line += 1;
                broke = true;
                out.push(c);
            }
            c if c.is_whitespace() => out.push(c),
            '}' | ']' => {
                if last == Some(',') {
                    // Drop the comma before the bracket.
                    if let Some(at) = out.rfind(',') {
                        out.remove(at);
                        repairs.push(Repair {
                            line,
                            what: "a trailing comma",
                        });
                    }
                }
                out.push(c);
                last = Some(c);
                broke = false;
            }
            _ => {
                let starts_value =
                    c == '"' || c == '{' || c == '[' || c == '-' || c.is_ascii_alphanumeric();
                let ended_value = matches!(last, Some('"' | '}' | ']'))
                    || last.is_some_and(|l| l.is_ascii_alphanumeric());
                if broke && starts_value && ended_value {
                    // A value ended a line and another starts this one: the comma is missing.
                    let at = out.trim_end().len();
                    out.insert(at, ',');
                    repairs.push(Repair {
                        line,
                        what: "a missing comma",
                    });
                }
                if c == '"' {
                    in_string = true;
                }
                out.push(c);
                last = Some(c);
                broke = false;
            }
        }
        i += 1;
    }
    match serde_json::from_str::<Value>(&out) {
        Ok(v) => Ok((v, repairs)),
        Err(_) => Err(first_error),
    }
}

fn join(at: &str, key: &str) -> String {
    if at.is_empty() {
        key.to_string()
    } else {
        format!("{at}.{key}")
    }
}

fn walk(page: &Value, spec: &Value, at: &str, names: (&str, &str), out: &mut Vec<String>) {
    let (on_a, on_b) = names;
    let here = if at.is_empty() { "the body" } else { at };
    match (page, spec) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in a {
                match b.get(k) {
                    Some(w) => walk(v, w, &join(at, k), names, out),
                    None => out.push(format!("`{}` is only {on_a} ({})", join(at, k), short(v))),
                }
            }
            for (k, w) in b {
                if !a.contains_key(k) {
                    out.push(format!("`{}` is only {on_b} ({})", join(at, k), short(w)));
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            if a.len() != b.len() {
                out.push(format!(
                    "`{here}` has {} items {on_a}, {} {on_b}",
                    a.len(),
                    b.len()
                ));
            }
            for (i, (v, w)) in a.iter().zip(b).enumerate() {
                walk(v, w, &format!("{at}[{i}]"), names, out);
            }
        }
        (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => {}
        (a, b) if a == b => {}
        (a, b) => out.push(format!(
            "`{here}` is {} {on_a}, {} {on_b}",
            short(a),
            short(b)
        )),
    }
}

fn short(v: &Value) -> String {
    let text = v.to_string();
    if text.chars().count() > 60 {
        let cut: String = text.chars().take(57).collect();
        format!("{cut}...")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn values_not_text_are_compared() {
        let a = json!({"a": 1, "b": [1, 2], "c": {"d": "x"}});
        let b = json!({"c": {"d": "x"}, "b": [1.0, 2], "a": 1});
        assert!(differences(&a, &b).is_empty());
        let c = json!({"a": 2, "b": [1], "e": true});
        assert_eq!(
            differences(&a, &c),
            vec![
                "`a` is 1 on the page, 2 in the spec",
                "`b` has 2 items on the page, 1 in the spec",
                "`c` is only on the page ({\"d\":\"x\"})",
                "`e` is only in the spec (true)",
            ]
        );
    }
}
