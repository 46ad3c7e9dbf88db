//! Values that re-serialize exactly: which optional fields arrived as `null`, and `object!`, which
//! gives every emitted object its `Debug`, `Serialize` and `Deserialize` from one line per field.
//!
//! Services of this family send `null` for fields their tables describe as plain strings (a job
//! that has not ended has `"end_time": null`). Such a field reads as `None`, like an absent one,
//! and the object's `NullFields` remembers the difference so that it is written back as `null`.

use std::borrow::Cow;
use std::cell::Cell;
use std::collections::BTreeSet;
use std::fmt;
use std::mem::size_of;

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::Nullable;

/// The optional fields of a received object that came as JSON `null` rather than being left out,
/// by wire name.
///
/// Their Rust fields read as `None`; the object writes them back as `null`, so that it
/// re-serializes to the JSON it was read from. A value built in code starts empty: nothing is
/// written as `null` that was not inserted here, and a field set to `Some` is written with its
/// value whatever this set says.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct NullFields(BTreeSet<&'static str>);

impl NullFields {
    /// Whether the field with this wire name arrived as `null`.
    pub fn contains(&self, wire_name: &str) -> bool {
        self.0.contains(wire_name)
    }

    /// Marks a field to be written as `null` while its Rust field is `None`; true if it was not
    /// marked yet.
    pub fn insert(&mut self, wire_name: &'static str) -> bool {
        self.0.insert(wire_name)
    }

    /// Stops writing the field as `null`; true if it was marked.
    pub fn remove(&mut self, wire_name: &str) -> bool {
        self.0.remove(wire_name)
    }

    /// True when no field arrived as `null`.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The wire names, in order.
    pub fn iter(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.0.iter().copied()
    }
}

/// An object: its struct, and `Debug`, `Serialize` and `Deserialize`, from one line per field:
///
/// ```text
/// object! {
///     /// A job.
///     #[derive(Clone, PartialEq)]
///     pub struct Job {
///         /// Where it stands.
///         status: required "status" JobStatus,
///         end_time: optional "end_time" String,
///         error_code: nullable "error_code" String,
///         metadata: json "metadata" serde_json::Value,
///         admin_pass: optional secret "adminPass" String,
///     }
/// }
/// ```
///
/// Each line is the Rust field (with its doc comment), how it crosses the wire, its wire name and
/// the type of its value. `required`: the field is `T`, and absent or `null` is a decode error
/// naming it. `optional`: the field is `Option<T>`; `null` reads as `None` and is remembered in
/// `nulls`, so that it is written back as `null`. `nullable`: the field is `Nullable<T>`, which
/// keeps all three states itself. `json`: a required `serde_json::Value`, of which `null` is one
/// value. `secret` hides the value from `Debug`. Every field is `pub`.
///
/// The struct gets two more fields: `extra` (unknown fields, written back after the known ones,
/// shown by `Debug` by name only, as their values may be secret too) and `nulls`.
///
/// `required(new)` marks a required field whose type has no default (an enum): when any field is
/// so marked, the struct gets `pub fn new(...) -> Self` taking the marked fields in their order
/// and setting every other field, `extra` and `nulls` to their defaults. Such a struct cannot
/// derive `Default`; `new` stands in for it (`Widget { id, ..Widget::new(state) }`).
///
/// Inside `with_budget` (the client reads every answer so), each object read and each unknown
/// field's value is charged what it takes in memory, and reading fails once the budget is
/// spent: a small JSON text such as `[0,0,0,...]` would otherwise become a tree sixteen times
/// its size.
#[doc(hidden)]
#[macro_export]
macro_rules! object {
    (@ty required $ty:ty) => { $ty };
    (@ty json $ty:ty) => { $ty };
    (@ty optional $ty:ty) => { ::core::option::Option<$ty> };
    (@ty nullable $ty:ty) => { $crate::Nullable<$ty> };
    (@secret) => { false };
    (@secret secret) => { true };
    // `new`, when some field is marked `(new)`: its arguments and the struct's fields gathered
    // one field at a time, each marked one an argument, every other field at its default.
    (@new $name:ident [] [$($init:tt)*]) => {};
    (@new $name:ident [$($arg:ident: $arg_ty:ty,)+] [$($init:tt)*]) => {
        impl $name {
            /// A value of the required fields that have no default, every other field at its
            /// default (left out, empty, zero or false).
            pub fn new($($arg: $arg_ty),+) -> Self {
                Self {
                    $($init)*
                    extra: ::core::default::Default::default(),
                    nulls: ::core::default::Default::default(),
                }
            }
        }
    };
    (@new $name:ident [$($args:tt)*] [$($init:tt)*] $field:ident [new] $ty:ty, $($rest:tt)*) => {
        $crate::__private::object!(@new $name [$($args)* $field: $ty,] [$($init)* $field,] $($rest)*);
    };
    (@new $name:ident [$($args:tt)*] [$($init:tt)*] $field:ident [] $ty:ty, $($rest:tt)*) => {
        $crate::__private::object!(
            @new $name [$($args)*] [$($init)* $field: ::core::default::Default::default(),] $($rest)*
        );
    };
    (
        $(#[$attr:meta])*
        pub struct $name:ident {
            $(
                $(#[$field_attr:meta])*
                $field:ident: $kind:ident $(($new:ident))? $($secret:ident)? $wire:literal $ty:ty,
            )*
        }
    ) => {
        $(#[$attr])*
        pub struct $name {
            $(
                $(#[$field_attr])*
                pub $field: $crate::__private::object!(@ty $kind $ty),
            )*
            /// Fields the spec does not name, kept as received so that nothing is lost when the
            /// value is sent back or re-serialized.
            pub extra: $crate::__private::serde_json::Map<
                ::std::string::String,
                $crate::__private::serde_json::Value,
            >,
            /// Optional fields that arrived as `null` rather than absent: they read as `None` and
            /// are written back as `null`. Empty in a value built in code.
            pub nulls: $crate::NullFields,
        }

        impl ::core::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_struct(::core::stringify!($name))
                    $(.field(
                        $crate::__private::label(::core::stringify!($field)),
                        &$crate::__private::shown::$kind(
                            &self.$field,
                            $crate::__private::object!(@secret $($secret)?),
                        ),
                    ))*
                    .field("extra", &self.extra.keys())
                    .field("nulls", &self.nulls)
                    .finish()
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            /// Writes the fields that are set, `null` for those in `nulls`, then `extra`.
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                use $crate::__private::serde::ser::SerializeMap;
                let mut map = serializer.serialize_map(::core::option::Option::None)?;
                $($crate::__private::write::$kind(&mut map, $wire, &self.$field, &self.nulls)?;)*
                for (key, value) in &self.extra {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            /// Reads every known field as absent, `null` or a value, remembering which optional
            /// ones were `null`, and keeps every other field in `extra`.
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                struct __Visitor;

                impl<'de> $crate::__private::serde::de::Visitor<'de> for __Visitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        f.write_str(::core::concat!("a ", ::core::stringify!($name), " object"))
                    }

                    fn visit_map<A: $crate::__private::serde::de::MapAccess<'de>>(
                        self,
                        mut __map: A,
                    ) -> ::core::result::Result<$name, A::Error> {
                        use $crate::__private::Key as __Key;
                        $crate::__private::charge(::core::mem::size_of::<$name>())?;
                        $(let mut $field = $crate::Nullable::Absent;)*
                        let mut __extra = $crate::__private::serde_json::Map::new();
                        while let ::core::option::Option::Some(__key) = __map.next_key::<__Key<'de>>()? {
                            match __key.as_str() {
                                $($wire => $crate::__private::reads::$kind(&mut __map, &mut $field, $wire)?,)*
                                _ => $crate::__private::unknown(&mut __map, __key, &mut __extra)?,
                            }
                        }
                        let mut __nulls = $crate::NullFields::default();
                        ::core::result::Result::Ok($name {
                            $($field: $crate::__private::take::$kind($field, $wire, &mut __nulls)?,)*
                            extra: __extra,
                            nulls: __nulls,
                        })
                    }
                }

                deserializer.deserialize_map(__Visitor)
            }
        }

        $crate::__private::object!(@new $name [] [] $($field [$($new)?] $ty,)*);
    };
}

/// The name `Debug` shows for a Rust field: `type` for `r#type`.
pub fn label(field: &'static str) -> &'static str {
    field.strip_prefix("r#").unwrap_or(field)
}

/// A field name read from the wire, borrowed from the input where the format allows.
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }

            fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(value)))
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(value.to_string())))
            }

            fn visit_string<E: de::Error>(self, value: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(value)))
            }
        }

        deserializer.deserialize_identifier(KeyVisitor)
    }
}

thread_local! {
    /// The bytes that objects and unknown values may still take while reading, if bounded.
    static BUDGET: Cell<Option<usize>> = const { Cell::new(None) };
}

/// Runs `read` with at most `bytes` of memory for the objects it reads and the unknown
/// fields they keep (estimated: the size of each object, and of each unknown value with its
/// strings, list slots and member names); past it, reading fails with an error saying so.
/// Outside it, reading is not bounded.
#[allow(dead_code, reason = "called by decode_response")]
pub(crate) fn with_budget<R>(bytes: usize, read: impl FnOnce() -> R) -> R {
    struct Restore(Option<usize>);

    impl Drop for Restore {
        fn drop(&mut self) {
            BUDGET.set(self.0);
        }
    }

    let _restore = Restore(BUDGET.replace(Some(bytes)));
    read()
}

/// Takes `bytes` from the budget of `with_budget`; an error once it is spent.
pub fn charge<E: de::Error>(bytes: usize) -> Result<(), E> {
    match BUDGET.get() {
        None => Ok(()),
        Some(left) if left >= bytes => {
            BUDGET.set(Some(left - bytes));
            Ok(())
        }
        Some(_) => {
            BUDGET.set(Some(0));
            Err(E::custom(
                "the answer's objects and unknown fields would take more memory than allowed \
                 (4 times the body's length plus 1 MiB)",
            ))
        }
    }
}

/// What one member of a map costs beside its value: the name's `String`, the `Value` slot and
/// the tree's share of a node.
const MEMBER_COST: usize = size_of::<String>() + size_of::<Value>() + 32;

/// Reads an unknown field's value into `extra`, charging it (see `with_budget`).
pub fn unknown<'de, A: MapAccess<'de>>(
    map: &mut A,
    key: Key<'de>,
    extra: &mut Map<String, Value>,
) -> Result<(), A::Error> {
    charge(MEMBER_COST + key.as_str().len())?;
    let value = map.next_value_seed(Unknown)?;
    extra.insert(key.into_string(), value);
    Ok(())
}

/// A JSON value read as `serde_json::Value`, charged to the budget as it grows.
struct Unknown;

impl<'de> DeserializeSeed<'de> for Unknown {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Unknown {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Value, E> {
        charge(value.len())?;
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Value, E> {
        charge(value.len())?;
        Ok(Value::String(value))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items: Vec<Value> = Vec::new();
        loop {
            if items.len() == items.capacity() {
                // Charged before it is taken: the list doubles, as `Vec` would grow it.
                let more = items.capacity().max(4);
                charge(more.saturating_mul(size_of::<Value>()))?;
                items.reserve_exact(more);
            }
            match seq.next_element_seed(Unknown)? {
                Some(item) => items.push(item),
                None => return Ok(Value::Array(items)),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut members = Map::new();
        while let Some(key) = map.next_key::<Key<'de>>()? {
            charge(MEMBER_COST + key.as_str().len())?;
            let value = map.next_value_seed(Unknown)?;
            members.insert(key.into_string(), value);
        }
        Ok(Value::Object(members))
    }
}

/// Reads a known field's value into its slot; the same field twice is an error naming it.
pub fn read<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Nullable<T>,
    wire_name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_set() {
        return Err(de::Error::duplicate_field(wire_name));
    }
    *slot = map.next_value()?;
    Ok(())
}

/// How each kind of field is read: as its type reads itself, and a `json` field as an unknown
/// one is (charged to the budget of `with_budget`), as it is a `serde_json::Value` too.
pub mod reads {
    use serde::de::{self, Deserializer, MapAccess, Visitor};
    use serde_json::Value;

    use super::Unknown;
    pub use super::read as required;
    pub use super::read as optional;
    pub use super::read as nullable;
    use crate::Nullable;

    pub fn json<'de, A: MapAccess<'de>>(
        map: &mut A,
        slot: &mut Nullable<Value>,
        wire_name: &'static str,
    ) -> Result<(), A::Error> {
        if slot.is_set() {
            return Err(de::Error::duplicate_field(wire_name));
        }
        *slot = map.next_value_seed(Json)?;
        Ok(())
    }

    /// `null` as `Null`, anything else as an unknown value.
    struct Json;

    impl<'de> de::DeserializeSeed<'de> for Json {
        type Value = Nullable<Value>;

        fn deserialize<D: Deserializer<'de>>(
            self,
            deserializer: D,
        ) -> Result<Self::Value, D::Error> {
            deserializer.deserialize_option(self)
        }
    }

    impl<'de> Visitor<'de> for Json {
        type Value = Nullable<Value>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("any JSON value")
        }

        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Nullable::Null)
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Nullable::Null)
        }

        fn visit_some<D: Deserializer<'de>>(
            self,
            deserializer: D,
        ) -> Result<Self::Value, D::Error> {
            de::DeserializeSeed::deserialize(Unknown, deserializer).map(Nullable::Value)
        }
    }
}

/// What a field's slot becomes once the whole object is read, by the field's kind.
pub mod take {
    use serde::de;

    use super::NullFields;
    use crate::Nullable;

    /// Absent or `null` is an error naming the field.
    pub fn required<T, E: de::Error>(
        slot: Nullable<T>,
        wire_name: &'static str,
        _: &mut NullFields,
    ) -> Result<T, E> {
        match slot {
            Nullable::Value(value) => Ok(value),
            Nullable::Absent => Err(E::missing_field(wire_name)),
            Nullable::Null => Err(E::custom(format_args!(
                "field `{wire_name}` is null, but the document requires a value"
            ))),
        }
    }

    /// `null` becomes `None`, remembered in `nulls`.
    pub fn optional<T, E: de::Error>(
        slot: Nullable<T>,
        wire_name: &'static str,
        nulls: &mut NullFields,
    ) -> Result<Option<T>, E> {
        Ok(match slot {
            Nullable::Value(value) => Some(value),
            Nullable::Null => {
                nulls.insert(wire_name);
                None
            }
            Nullable::Absent => None,
        })
    }

    /// All three states are the field's own.
    pub fn nullable<T, E: de::Error>(
        slot: Nullable<T>,
        _: &'static str,
        _: &mut NullFields,
    ) -> Result<Nullable<T>, E> {
        Ok(slot)
    }

    /// Absent is an error naming the field; `null` is a value.
    pub fn json<E: de::Error>(
        slot: Nullable<serde_json::Value>,
        wire_name: &'static str,
        _: &mut NullFields,
    ) -> Result<serde_json::Value, E> {
        match slot {
            Nullable::Value(value) => Ok(value),
            Nullable::Null => Ok(serde_json::Value::Null),
            Nullable::Absent => Err(E::missing_field(wire_name)),
        }
    }
}

/// How each kind of field is written.
pub mod write {
    use serde::ser::{Serialize, SerializeMap};

    use super::NullFields;
    use crate::Nullable;

    pub fn required<M: SerializeMap, T: Serialize>(
        map: &mut M,
        wire_name: &'static str,
        value: &T,
        _: &NullFields,
    ) -> Result<(), M::Error> {
        map.serialize_entry(wire_name, value)
    }

    pub use self::required as json;

    /// Its value, `null` when it arrived as `null`, or nothing.
    pub fn optional<M: SerializeMap, T: Serialize>(
        map: &mut M,
        wire_name: &'static str,
        value: &Option<T>,
        nulls: &NullFields,
    ) -> Result<(), M::Error> {
        match value {
            Some(value) => map.serialize_entry(wire_name, value),
            None if nulls.contains(wire_name) => map.serialize_entry(wire_name, &()),
            None => Ok(()),
        }
    }

    /// Its value, `null`, or nothing when absent.
    pub fn nullable<M: SerializeMap, T: Serialize>(
        map: &mut M,
        wire_name: &'static str,
        value: &Nullable<T>,
        _: &NullFields,
    ) -> Result<(), M::Error> {
        match value {
            Nullable::Absent => Ok(()),
            set => map.serialize_entry(wire_name, set),
        }
    }
}

/// How each kind of field shows in `Debug`: a secret as `"<redacted>"` (an optional one as
/// `Some("<redacted>")` when set), anything else as it is.
pub mod shown {
    use std::fmt::{self, Debug};

    pub struct Shown<'a>(Option<&'a dyn Debug>);

    impl Debug for Shown<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            match self.0 {
                Some(value) => value.fmt(f),
                None => "<redacted>".fmt(f),
            }
        }
    }

    pub fn required<T: Debug>(value: &T, secret: bool) -> Shown<'_> {
        Shown((!secret).then_some(value as &dyn Debug))
    }

    pub fn optional<T: Debug>(value: &Option<T>, secret: bool) -> Shown<'_> {
        match (secret, value) {
            (true, Some(_)) => Shown(Some(&Some("<redacted>"))),
            _ => Shown(Some(value)),
        }
    }

    pub use self::required as json;
    pub use self::required as nullable;
}
