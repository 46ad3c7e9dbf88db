//! The spec's small languages, parsed: type expressions, microversions and path templates.

use crate::names;

/// A schema of the model: its index in [`super::Model::schemas`]. Only the lowering makes one,
/// from a name it resolved, so an id never dangles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SchemaId(pub(super) u32);

impl SchemaId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A type, its schema references of type `N`: names ([`TyExpr`]) as the spec writes them, which
/// the check reads; ids ([`SchemaId`], the default) in the model, resolved once by the lowering.
#[derive(Clone, Debug, PartialEq)]
pub enum Ty<N = SchemaId> {
    String,
    Integer,
    Number,
    Boolean,
    Json,
    EmptyString,
    Named(N),
    Array(Box<Ty<N>>),
    Map(Box<Ty<N>>),
}

/// A type expression as the spec writes it: schemas by name, not yet resolved.
pub type TyExpr = Ty<String>;

impl<N> Ty<N> {
    /// The schema named inside this type, if any (an array's or a map's items included).
    pub fn reference(&self) -> Option<&N> {
        match self {
            Ty::Named(n) => Some(n),
            Ty::Array(t) | Ty::Map(t) => t.reference(),
            _ => None,
        }
    }

    /// The same type, each schema reference replaced by what `f` makes of it, or the first
    /// reference `f` refuses.
    pub fn try_map<M>(&self, f: &mut impl FnMut(&N) -> Option<M>) -> Result<Ty<M>, &N> {
        Ok(match self {
            Ty::String => Ty::String,
            Ty::Integer => Ty::Integer,
            Ty::Number => Ty::Number,
            Ty::Boolean => Ty::Boolean,
            Ty::Json => Ty::Json,
            Ty::EmptyString => Ty::EmptyString,
            Ty::Named(n) => Ty::Named(f(n).ok_or(n)?),
            Ty::Array(t) => Ty::Array(Box::new(t.try_map(f)?)),
            Ty::Map(t) => Ty::Map(Box::new(t.try_map(f)?)),
        })
    }
}

impl TyExpr {
    /// Parses a type expression; the error says what was expected.
    pub fn parse(s: &str) -> Result<TyExpr, String> {
        let s = s.trim();
        let inner = |prefix: &str| s.strip_prefix(prefix).and_then(|r| r.strip_suffix('>'));
        if let Some(items) = inner("array<") {
            return Ok(Ty::Array(Box::new(TyExpr::parse(items)?)));
        }
        if let Some(values) = inner("map<") {
            return Ok(Ty::Map(Box::new(TyExpr::parse(values)?)));
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

    /// The schema named inside this type, if any.
    pub fn named(&self) -> Option<&str> {
        self.reference().map(String::as_str)
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
