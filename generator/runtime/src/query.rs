//! The query string of a request, written from a query struct's parameter table: each
//! parameter in the spec's order, each name and value percent-encoded as an RFC 3986 query
//! component, and each value checked against its documented bounds before anything is sent.
//!
//! A query struct is declared by [`query!`](crate::query!), which gives it its table
//! ([`Params`]); one loop here reads every query struct of every generated crate through it, so
//! that a parameter costs a table row to compile, not code.

use std::marker::PhantomData;

use serde_json::Value;

use super::Error;
use super::codec::{Codec, Reader, Writer};
use super::path::encode;
/// A value's bounds and lengths, shared with the field checks (`validate.rs`).
pub(crate) use super::validate::Rules;
use super::validate::Validator;

/// How a parameter's value is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// One value: `name=value`.
    One,
    /// A list joined by commas: `name=a,b,c`.
    Comma,
    /// A list as the parameter repeated: `name=a&name=b&name=c`.
    Repeat,
}

/// One parameter of a query struct: its name on the wire, where its field is, how the field's
/// type is written, how it is sent and which bounds it is checked against.
pub struct Param {
    pub wire: &'static str,
    /// The field's offset in the struct.
    pub offset: usize,
    /// The codec of the field's type (`Option<T>` for an optional parameter).
    pub codec: &'static Codec,
    pub style: Style,
    /// Checked on the value, or on each value of a list.
    pub rules: Rules,
}

/// A query struct: its parameter table.
///
/// # Safety
///
/// Every entry of `PARAMS` describes a field of `Self`: its offset in `Self` and the codec of its
/// declared type. [`query!`](crate::query!) builds the table from the struct it declares.
pub unsafe trait Params {
    const PARAMS: &'static [Param];
}

/// A query struct's value, borrowed, with its table: what a [`Request`](crate::__private::Request)
/// sends as its query.
#[derive(Clone, Copy)]
pub struct Query<'a> {
    place: *const u8,
    params: &'static [Param],
    value: PhantomData<&'a ()>,
}

impl<'a> Query<'a> {
    pub fn of<Q: Params>(value: &'a Q) -> Query<'a> {
        Query {
            place: (value as *const Q).cast(),
            params: Q::PARAMS,
            value: PhantomData,
        }
    }

    /// Appends `?` and the query to `path` (nothing when no parameter is set), or fails with
    /// every value that broke its bounds.
    ///
    /// Each value is written as its JSON scalar: a string as it is, a number as JSON writes it,
    /// `true` or `false`, an enum as its wire value. Every byte outside `A-Z a-z 0-9 - . _ ~` is
    /// percent-encoded (`a b&c` is `a%20b%26c`), so no value can end its parameter or start
    /// another; the `,` that joins a comma-style list is the one byte sent as it is. A list
    /// without values sends nothing.
    pub(crate) fn append_to(&self, path: &mut String) -> Result<(), Error> {
        let mut check = Validator::new();
        let mut separator = '?';
        for p in self.params {
            // SAFETY: `Params` promises that the entry describes a field of the value `place`
            // points to, which `'a` keeps borrowed.
            let json = unsafe { p.codec.to_vec(self.place.add(p.offset)) };
            let value = Reader::new(&json)
                .value()
                .map_err(|_| not_a_scalar(p.wire))?;
            let mut send = |text: &str| {
                path.push(separator);
                separator = '&';
                path.push_str(&encode(p.wire, false));
                path.push('=');
                path.push_str(text);
            };
            match (p.style, value) {
                (_, Value::Null) => {}
                (Style::One, value) => send(&scalar(p, p.wire, &value, &mut check)?),
                (Style::Comma, Value::Array(items)) => {
                    let mut joined = Vec::with_capacity(items.len());
                    for (i, item) in items.iter().enumerate() {
                        joined.push(scalar(p, &format!("{}[{i}]", p.wire), item, &mut check)?);
                    }
                    if !joined.is_empty() {
                        send(&joined.join(","));
                    }
                }
                (Style::Repeat, Value::Array(items)) => {
                    for (i, item) in items.iter().enumerate() {
                        send(&scalar(p, &format!("{}[{i}]", p.wire), item, &mut check)?);
                    }
                }
                (Style::Comma | Style::Repeat, _) => return Err(not_a_scalar(p.wire)),
            }
        }
        Ok(check.finish()?)
    }
}

/// A scalar as encoded text, its bounds checked (`at` names it in a violation).
fn scalar(p: &Param, at: &str, value: &Value, check: &mut Validator) -> Result<String, Error> {
    let text = match value {
        Value::String(text) => {
            check.string(at, text, p.rules);
            return Ok(encode(text, false));
        }
        Value::Number(number) => {
            check.number(at, number, p.rules);
            number.to_string()
        }
        Value::Bool(flag) => flag.to_string(),
        _ => return Err(not_a_scalar(p.wire)),
    };
    Ok(encode(&text, false))
}

fn not_a_scalar(name: &'static str) -> Error {
    Error::InvalidArgument {
        name,
        reason: "cannot be written in a query: it is not a string, number or boolean".into(),
    }
}

impl Codec {
    /// The value at `place` as JSON.
    ///
    /// # Safety
    ///
    /// `place` holds a value of this codec's type.
    unsafe fn to_vec(&self, place: *const u8) -> Vec<u8> {
        let mut w = Writer::new();
        // SAFETY: as the caller promises.
        unsafe { self.write(place, &mut w) };
        w.into_bytes()
    }
}

/// Declares a query struct and its parameter table ([`Params`]): one line per parameter, its
/// Rust name, `required` or `optional` (an `Option`), `comma` or `repeat` for a list, its wire
/// name, its type and, after `=`, the bounds checked before sending.
///
/// ```ignore
/// query! {
///     /// The query parameters of `list_servers`.
///     #[derive(Clone, Debug, Default)]
///     pub struct ListServersQuery {
///         /// The page to read.
///         offset: optional "offset" i64 = minimum(0),
///         tags: optional comma "tags" Vec<String>,
///     }
/// }
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! query {
    (@ty required $ty:ty) => { $ty };
    (@ty optional $ty:ty) => { ::core::option::Option<$ty> };
    (@style) => { $crate::__private::Style::One };
    (@style comma) => { $crate::__private::Style::Comma };
    (@style repeat) => { $crate::__private::Style::Repeat };
    (
        $(#[$attr:meta])*
        pub struct $name:ident {
            $(
                $(#[$field_attr:meta])*
                $field:ident: $kind:ident $($style:ident)? $wire:literal $ty:ty
                    $(= $($rule:ident($arg:expr)).+)?,
            )*
        }
    ) => {
        $(#[$attr])*
        pub struct $name {
            $(
                $(#[$field_attr])*
                pub $field: $crate::__private::query!(@ty $kind $ty),
            )*
        }

        // SAFETY: the table is built from the struct's own fields and their declared types.
        unsafe impl $crate::__private::Params for $name {
            const PARAMS: &'static [$crate::__private::Param] = &[$($crate::__private::Param {
                wire: $wire,
                offset: ::core::mem::offset_of!($name, $field),
                codec: <$crate::__private::query!(@ty $kind $ty) as $crate::__private::Json>::CODEC,
                style: $crate::__private::query!(@style $($style)?),
                rules: $crate::__private::Rules::NONE $($(.$rule($arg))+)?,
            },)*];
        }
    };
}

#[cfg(test)]
mod tests {
    use super::Query;
    use crate::Error;

    crate::query! {
        /// Every kind of parameter.
        #[derive(Default)]
        pub struct Every {
            name: optional "name" String,
            limit: optional "limit" i64 = minimum(1).maximum(1000),
            ratio: optional "ratio" ::serde_json::Number = maximum_number(0.5),
            flag: optional "flag" bool,
            odd: optional "x&y" String,
            tags: optional comma "tags" Vec<String> = min_length(1),
            id: optional repeat "id" Vec<i64>,
        }
    }

    crate::query! {
        pub struct Required {
            marker: required "marker" String,
            ids: required comma "ids" Vec<String>,
        }
    }

    fn built(query: Query<'_>) -> Result<String, Error> {
        let mut path = String::from("/v1/servers");
        query.append_to(&mut path)?;
        Ok(path)
    }

    #[test]
    fn names_and_values_are_encoded_as_query_components() {
        let every = Every {
            name: Some("a b&c=d/é?#+%".into()),
            limit: Some(25),
            flag: Some(true),
            odd: Some("~-._".into()),
            ..Every::default()
        };
        assert_eq!(
            built(Query::of(&every)).unwrap(),
            "/v1/servers?name=a%20b%26c%3Dd%2F%C3%A9%3F%23%2B%25&limit=25&flag=true&x%26y=~-._"
        );
    }

    #[test]
    fn lists_are_joined_by_commas_or_repeated_and_an_empty_one_sends_nothing() {
        let every = Every {
            tags: Some(vec!["a,b".into(), "c".into()]),
            id: Some(vec![1, 2]),
            ..Every::default()
        };
        assert_eq!(
            built(Query::of(&every)).unwrap(),
            "/v1/servers?tags=a%2Cb,c&id=1&id=2"
        );
        let empty = Every {
            tags: Some(Vec::new()),
            id: Some(Vec::new()),
            ..Every::default()
        };
        assert_eq!(built(Query::of(&empty)).unwrap(), "/v1/servers");
    }

    #[test]
    fn required_parameters_are_always_sent() {
        let required = Required {
            marker: "m 1".into(),
            ids: vec!["a".into()],
        };
        assert_eq!(
            built(Query::of(&required)).unwrap(),
            "/v1/servers?marker=m%201&ids=a"
        );
    }

    #[test]
    fn nothing_set_leaves_the_path_alone() {
        assert_eq!(built(Query::of(&Every::default())).unwrap(), "/v1/servers");
    }

    #[test]
    fn every_broken_bound_is_reported_by_parameter_and_nothing_is_built() {
        let every = Every {
            limit: Some(0),
            ratio: Some(serde_json::Number::from_f64(0.75).unwrap()),
            tags: Some(vec!["abc".into(), String::new()]),
            ..Every::default()
        };
        let Err(Error::Validation(error)) = built(Query::of(&every)) else {
            panic!("not a validation error");
        };
        assert_eq!(
            error.to_string(),
            "limit: must be from 1 to 1000; ratio: must be at most 0.5; tags[1]: must be at least 1 character long, got 0"
        );
        let fine = Every {
            limit: Some(1000),
            ..Every::default()
        };
        assert_eq!(built(Query::of(&fine)).unwrap(), "/v1/servers?limit=1000");
    }

    crate::query! {
        pub struct NotAScalar {
            tags: optional "tags" Vec<String>,
        }
    }

    #[test]
    fn a_value_that_is_no_scalar_is_refused() {
        let query = NotAScalar {
            tags: Some(vec!["a".into()]),
        };
        let error = built(Query::of(&query)).unwrap_err();
        assert!(
            matches!(error, Error::InvalidArgument { name: "tags", .. }),
            "{error:?}"
        );
    }
}
