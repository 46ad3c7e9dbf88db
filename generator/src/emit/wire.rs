//! `Serialize` and `Deserialize` of objects, which keep `null` apart from absent on every optional
//! field: the Rust field stays an `Option`, and `nulls` remembers which ones came as `null`, so
//! that an answer re-serializes to an equal JSON value. A value built in code has no `nulls`, so
//! a request sends only the fields the caller set.
//!
//! The impls are the runtime's `object!` macro (`runtime/lossless.rs`); an object calls it with
//! one line per field, which is all that differs from one object to the next.

use crate::emit::{Part, layout};
use crate::model::{Field, Presence, Schema, Ty};

/// How a field crosses the wire.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Required; absent or `null` is a decode error naming it.
    Required,
    /// Required `json`: `null` is one of its values.
    RequiredJson,
    /// `Option<T>`, with `null` remembered in `nulls`.
    Optional,
    /// `Nullable<T>`, three states of its own.
    Nullable,
}

fn kind(f: &Field) -> Kind {
    match f.presence() {
        Presence::Always if f.ty == Ty::Json => Kind::RequiredJson,
        Presence::Always => Kind::Required,
        Presence::Option => Kind::Optional,
        Presence::Nullable => Kind::Nullable,
    }
}

/// The runtime's `object!` call for an object: one line per field, its Rust name, its kind and its
/// wire name.
pub fn object_call(schema: &Schema, fields: &[Field]) -> Part {
    let entries = fields.iter().map(|f| {
        let kind = match kind(f) {
            Kind::Required => "required",
            Kind::RequiredJson => "json",
            Kind::Optional => "optional",
            Kind::Nullable => "nullable",
        };
        let secret = if f.secret { " secret" } else { "" };
        format!(
            "{}: {kind}{secret} {}",
            f.rust,
            layout::string_literal(&f.wire)
        )
    });
    Part::macro_call("::otc_runtime::__private::object", &schema.name, entries)
}
