//! The query string of a request: parameters added one by one, in the spec's order, each name
//! and value percent-encoded as an RFC 3986 query component, and each value checked against its
//! documented bounds before anything is sent.

use serde::Serialize;

use super::Error;
use super::path::encode;
/// A value's bounds and lengths, shared with the field checks (`validate.rs`); also here for the
/// runtime's own queries (`config.rs`).
pub(crate) use super::validate::Rules;
use super::validate::Validator;

/// A query being built; `finish` appends it to the path, or fails with every broken bound.
///
/// Each value is written as its JSON scalar: a string as it is, a number as JSON writes it,
/// `true` or `false`, an enum as its wire value. Every byte outside `A-Z a-z 0-9 - . _ ~` is
/// percent-encoded (`a b&c` is `a%20b%26c`), so no value can end its parameter or start
/// another; the `,` that joins a comma-style array is the one byte sent as it is.
#[derive(Debug, Default)]
pub struct Query {
    text: String,
    check: Validator,
}

impl Query {
    pub fn new() -> Query {
        Query::default()
    }

    /// Adds `name=value`; nothing for `None`.
    pub fn one<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: Option<&T>,
        rules: Rules,
    ) -> Result<(), Error> {
        let Some(value) = value else { return Ok(()) };
        let text = self.value(name, name, value, rules)?;
        self.pair(name, &text);
        Ok(())
    }

    /// Adds `name=a,b,c`, the values joined by `,`; nothing for `None` or no value.
    pub fn comma<T: Serialize>(
        &mut self,
        name: &'static str,
        values: Option<&[T]>,
        rules: Rules,
    ) -> Result<(), Error> {
        let mut joined = Vec::new();
        for (i, value) in values.unwrap_or_default().iter().enumerate() {
            joined.push(self.value(name, &format!("{name}[{i}]"), value, rules)?);
        }
        if !joined.is_empty() {
            self.pair(name, &joined.join(","));
        }
        Ok(())
    }

    /// Adds `name=a&name=b&name=c`, once per value; nothing for `None` or no value.
    pub fn repeat<T: Serialize>(
        &mut self,
        name: &'static str,
        values: Option<&[T]>,
        rules: Rules,
    ) -> Result<(), Error> {
        for (i, value) in values.unwrap_or_default().iter().enumerate() {
            let text = self.value(name, &format!("{name}[{i}]"), value, rules)?;
            self.pair(name, &text);
        }
        Ok(())
    }

    /// `path` followed by `?` and the query (the path alone when nothing was added), or
    /// `Error::Validation` with every value that broke its bounds.
    pub fn finish(self, path: String) -> Result<String, Error> {
        self.check.finish()?;
        match self.text.is_empty() {
            true => Ok(path),
            false => Ok(format!("{path}?{}", self.text)),
        }
    }

    /// `value` as encoded text, its bounds checked (`at` names it in a violation).
    fn value<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        at: &str,
        value: &T,
        rules: Rules,
    ) -> Result<String, Error> {
        let text = match serde_json::to_value(value) {
            Ok(serde_json::Value::String(text)) => {
                self.check.string(at, &text, rules);
                text
            }
            Ok(serde_json::Value::Number(number)) => {
                self.check.number(at, &number, rules);
                number.to_string()
            }
            Ok(serde_json::Value::Bool(flag)) => flag.to_string(),
            _ => {
                return Err(Error::InvalidArgument {
                    name,
                    reason: "cannot be written in a query: it is not a string, number or boolean"
                        .into(),
                });
            }
        };
        Ok(encode(&text, false))
    }

    fn pair(&mut self, name: &str, encoded: &str) {
        if !self.text.is_empty() {
            self.text.push('&');
        }
        self.text.push_str(&encode(name, false));
        self.text.push('=');
        self.text.push_str(encoded);
    }
}

#[cfg(test)]
mod tests {
    use super::{Query, Rules};
    use crate::Error;

    fn built(fill: impl FnOnce(&mut Query) -> Result<(), Error>) -> Result<String, Error> {
        let mut query = Query::new();
        fill(&mut query)?;
        query.finish("/v1/servers".into())
    }

    #[test]
    fn names_and_values_are_encoded_as_query_components() {
        let path = built(|q| {
            q.one("name", Some("a b&c=d/é?#+%"), Rules::NONE)?;
            q.one("limit", Some(&25), Rules::NONE)?;
            q.one("flag", Some(&true), Rules::NONE)?;
            q.one("not sent", None::<&str>, Rules::NONE)?;
            q.one("x&y", Some("~-._"), Rules::NONE)
        });
        assert_eq!(
            path.unwrap(),
            "/v1/servers?name=a%20b%26c%3Dd%2F%C3%A9%3F%23%2B%25&limit=25&flag=true&x%26y=~-._"
        );
    }

    #[test]
    fn arrays_are_joined_by_commas_or_repeated_and_an_empty_one_sends_nothing() {
        let tags = ["a,b", "c"];
        let path = built(|q| {
            q.comma("tags", Some(&tags[..]), Rules::NONE)?;
            q.repeat("id", Some(&[1, 2][..]), Rules::NONE)?;
            q.comma("none", Some(&[] as &[&str]), Rules::NONE)?;
            q.repeat("unset", None::<&[i64]>, Rules::NONE)
        });
        assert_eq!(path.unwrap(), "/v1/servers?tags=a%2Cb,c&id=1&id=2");
    }

    #[test]
    fn nothing_added_leaves_the_path_alone() {
        assert_eq!(built(|_| Ok(())).unwrap(), "/v1/servers");
    }

    #[test]
    fn every_broken_bound_is_reported_by_parameter_and_nothing_is_built() {
        let error = built(|q| {
            q.one("limit", Some(&0), Rules::NONE.minimum(1).maximum(1000))?;
            q.one("ratio", Some(&0.75), Rules::NONE.maximum_number(0.5))?;
            q.one("ok", Some(&1000), Rules::NONE.minimum(1).maximum(1000))?;
            q.repeat("name", Some(&["abc", ""][..]), Rules::NONE.min_length(1))
        })
        .unwrap_err();
        let Error::Validation(error) = error else {
            panic!("not a validation error: {error:?}");
        };
        assert_eq!(
            error.to_string(),
            "limit: must be from 1 to 1000; ratio: must be at most 0.5; name[1]: must be at least 1 character long, got 0"
        );
    }

    #[test]
    fn a_value_that_is_no_scalar_is_refused() {
        let error = built(|q| q.one("tags", Some(&["a"]), Rules::NONE)).unwrap_err();
        assert!(
            matches!(error, Error::InvalidArgument { name: "tags", .. }),
            "{error:?}"
        );
    }
}
