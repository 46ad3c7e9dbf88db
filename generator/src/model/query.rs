//! Query parameters: their types, bounds and array styles decided once, for the check (which
//! reports what does not decide) and for every backend.

use super::lower::{Lowering, Names};
use super::*;
use crate::names;
use crate::spec;

/// The operation's query parameters, members of one struct the client method takes.
pub struct Query {
    /// `ListServersQuery`: the operation's type followed by `Query`.
    pub struct_name: String,
    pub params: Vec<QueryParam>,
}

impl Query {
    /// No parameter is required, so the struct has a `Default`: nothing sent.
    pub fn all_optional(&self) -> bool {
        self.params.iter().all(|p| !p.required)
    }
}

pub struct QueryParam {
    pub wire: String,
    /// As written in Rust (`r#type` for a keyword).
    pub rust: String,
    /// A scalar (`string`, `integer`, `number`, `boolean` or an enum's name), or an array of one.
    pub ty: Ty,
    /// How an array is sent; `None` for a scalar.
    pub array_style: Option<ArrayStyle>,
    pub required: bool,
    /// Checked before sending, on the value or on each value of an array; the default is
    /// documentation only.
    pub constraints: Constraints,
    /// The description and the notes, with the model's own (the default, the bounds) first.
    pub doc: Doc,
    /// The spec's notes, each with its citation.
    pub notes: Vec<Note>,
}

impl QueryParam {
    /// The scalar type of the value, or of each value of an array.
    pub fn scalar(&self) -> &Ty {
        scalar(&self.ty)
    }

    /// Whether a value is checked before sending.
    pub fn checked(&self) -> bool {
        self.constraints.checked()
    }
}

/// How the values of an array parameter are sent.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ArrayStyle {
    /// One parameter, the values joined by `,`: `tags=a,b`.
    Comma,
    /// The parameter once per value: `tags=a&tags=b`.
    Repeat,
}

impl ArrayStyle {
    pub fn as_str(self) -> &'static str {
        match self {
            ArrayStyle::Comma => "comma",
            ArrayStyle::Repeat => "repeat",
        }
    }

    /// The style the spec names; `None` for a word that is neither (the check reports it).
    pub fn parse(s: &str) -> Option<ArrayStyle> {
        [ArrayStyle::Comma, ArrayStyle::Repeat]
            .into_iter()
            .find(|a| a.as_str() == s)
    }
}

/// The scalar type of a value of `ty`, or of each value of an array.
pub fn scalar<N>(ty: &Ty<N>) -> &Ty<N> {
    match ty {
        Ty::Array(items) => items,
        other => other,
    }
}

/// The Rust name of a query parameter: its `rust_name`, or its wire name in snake case.
pub fn query_rust_name(q: &spec::QueryParam) -> String {
    match &q.rust_name {
        Some(name) => names::escape(name),
        None => names::escape(&names::snake(&q.name)),
    }
}

/// The name of the operation's query struct, from its type's name.
pub fn query_struct_name(struct_name: &str) -> String {
    format!("{struct_name}Query")
}

/// The query of operation `id`, whose parameters' types `types` holds, each resolved by `names`
/// (see [`Names::ty`]).
pub(super) fn query(
    lw: &mut Lowering,
    (id, o, types): (&str, &spec::Operation, &[Parsed]),
    docs: &DocSources,
    names: &Names,
) -> Option<Query> {
    if o.query_params.is_empty() {
        return None;
    }
    let params = o
        .query_params
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let path = || format!("operations.{id}.query_params[{i}]");
            let ty = names.ty(lw, &|| format!("{}.type", path()), types.get(i));
            param(lw, &path, q, docs, ty)
        })
        .collect();
    Some(Query {
        struct_name: query_struct_name(&names::camel(id)),
        params,
    })
}

/// The query parameter at `path`, its type `ty` resolved.
fn param(
    lw: &mut Lowering,
    path: &dyn Fn() -> String,
    q: &spec::QueryParam,
    docs: &DocSources,
    ty: Ty,
) -> QueryParam {
    let constraints = lw.constraints(path, q.constraints(), scalar(&ty));
    let (mut doc, notes) = docs.doc_and_notes(&q.description, &q.notes, &q.source);
    let each = if matches!(ty, Ty::Array(_)) {
        "each value "
    } else {
        ""
    };
    let mut own: Vec<String> = [constraints.range(), constraints.length()]
        .into_iter()
        .flatten()
        .map(|rule| format!("Checked before sending: {each}{rule}."))
        .collect();
    if let Some(default) = &constraints.default {
        own.push(format!(
            "When it is not sent, the service assumes {default}."
        ));
    }
    doc.notes.splice(0..0, own);
    let array_style = match (&ty, q.array_style.as_deref()) {
        (Ty::Array(_), Some(word)) => Some(ArrayStyle::parse(word).unwrap_or_else(|| {
            let at = format!("{}.array_style", path());
            lw.refused(at, "an unknown `array_style`", ArrayStyle::Comma)
        })),
        (Ty::Array(_), None) => {
            let what = "an array parameter without `array_style`";
            lw.refused(path(), what, Some(ArrayStyle::Comma))
        }
        (_, None) => None,
        (_, Some(_)) => {
            let at = format!("{}.array_style", path());
            lw.refused(at, "an `array_style` of a parameter that is no array", None)
        }
    };
    QueryParam {
        wire: q.name.clone(),
        rust: query_rust_name(q),
        array_style,
        ty,
        required: q.required,
        constraints,
        doc,
        notes,
    }
}
