//! The spec's small languages, parsed: type expressions, microversions and path templates.

use crate::names;

#[derive(Clone, Debug, PartialEq)]
pub enum Ty {
    String,
    Integer,
    Number,
    Boolean,
    Json,
    EmptyString,
    Named(String),
    Array(Box<Ty>),
    Map(Box<Ty>),
}

impl Ty {
    /// Parses a type expression; the error says what was expected.
    pub fn parse(s: &str) -> Result<Ty, String> {
        let s = s.trim();
        let inner = |prefix: &str| s.strip_prefix(prefix).and_then(|r| r.strip_suffix('>'));
        if let Some(items) = inner("array<") {
            return Ok(Ty::Array(Box::new(Ty::parse(items)?)));
        }
        if let Some(values) = inner("map<") {
            return Ok(Ty::Map(Box::new(Ty::parse(values)?)));
        }
        Ok(match s {
            "string" => Ty::String,
            "integer" => Ty::Integer,
            "number" => Ty::Number,
            "boolean" => Ty::Boolean,
            "json" => Ty::Json,
            "empty_string" => Ty::EmptyString,
            name if names::is_identifier(name)
                && name.starts_with(|c: char| c.is_ascii_uppercase()) =>
            {
                Ty::Named(name.to_string())
            }
            _ => {
                return Err(format!(
                    "`{s}` is not a type: expected string, integer, number, boolean, json, empty_string, a schema name, array<T> or map<T>"
                ));
            }
        })
    }

    /// Every schema named inside this type.
    pub fn named(&self) -> Option<&str> {
        match self {
            Ty::Named(n) => Some(n),
            Ty::Array(t) | Ty::Map(t) => t.named(),
            _ => None,
        }
    }
}

/// `2.54` → `(2, 54)`.
pub fn parse_microversion(s: &str) -> Option<(u16, u16)> {
    let (major, minor) = s.split_once('.')?;
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    if !digits(major) || !digits(minor) {
        return None;
    }
    Some((major.parse().ok()?, minor.parse().ok()?))
}

/// Splits `/v2/{project_id}/x` into segments; `None` for a malformed template.
pub fn parse_template(template: &str) -> Option<Vec<(bool, String)>> {
    let rest = template.strip_prefix('/')?;
    rest.split('/')
        .map(
            |seg| match seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(p) if names::is_identifier(p) => Some((true, p.to_string())),
                Some(_) => None,
                None if seg.is_empty() || seg.contains(['{', '}', '?', '#']) => None,
                None => Some((false, seg.to_string())),
            },
        )
        .collect()
}
