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
