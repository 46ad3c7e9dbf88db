//! Values that re-serialize exactly: which optional fields arrived as `null`, and `object!`, which
//! declares every emitted object and its field table ([`crate::codec`]), from one line per field.
//!
//! Services of this family send `null` for fields their tables describe as plain strings (a job
//! that has not ended has `"end_time": null`). Such a field reads as `None`, like an absent one,
//! and the object's `NullFields` remembers the difference so that it is written back as `null`.

use std::collections::BTreeSet;

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
/// The object reads and writes itself through its field table (`Object::SHAPE`, see
/// [`crate::codec`]): `Json`, `Debug`, `Serialize` and `Deserialize` are one call each into code
/// that every object shares, so that an object adds a table to compile rather than a visitor.
/// A reader with a budget (the client reads every answer so) charges each object and each
/// unknown field's value what it takes in memory.
#[doc(hidden)]
#[macro_export]
macro_rules! object {
    (@ty required $ty:ty) => { $ty };
    (@ty json $ty:ty) => { $ty };
    (@ty optional $ty:ty) => { ::core::option::Option<$ty> };
    (@ty nullable $ty:ty) => { $crate::Nullable<$ty> };
    (@kind required) => { $crate::__private::Kind::Required };
    (@kind json) => { $crate::__private::Kind::Json };
    (@kind optional) => { $crate::__private::Kind::Optional };
    (@kind nullable) => { $crate::__private::Kind::Nullable };
    (@secret secret) => { true };
    (@secret) => { false };
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

        // SAFETY: the table is built from the struct's own fields and their declared types.
        unsafe impl $crate::__private::Object for $name {
            const SHAPE: $crate::__private::Shape = $crate::__private::Shape {
                name: ::core::stringify!($name),
                expecting: ::core::concat!("a ", ::core::stringify!($name), " object"),
                size: ::core::mem::size_of::<$name>(),
                fields: &[$($crate::__private::Field {
                    rust: ::core::stringify!($field),
                    wire: $wire,
                    offset: ::core::mem::offset_of!($name, $field),
                    kind: $crate::__private::object!(@kind $kind),
                    secret: $crate::__private::object!(@secret $($secret)?),
                    codec: <$crate::__private::object!(@ty $kind $ty) as $crate::__private::Json>::CODEC,
                },)*],
                extra: ::core::mem::offset_of!($name, extra),
                nulls: ::core::mem::offset_of!($name, nulls),
            };
        }

        impl $crate::__private::Json for $name {
            // Inline: compiled only where something reads the type by value (`json::from_slice`,
            // a map's values), not once per object; fields and answers read it in place.
            #[inline]
            fn read(
                r: &mut $crate::__private::Reader<'_>,
            ) -> ::core::result::Result<Self, $crate::__private::DecodeError> {
                $crate::__private::read_value(r)
            }

            unsafe fn read_at(
                r: &mut $crate::__private::Reader<'_>,
                place: *mut u8,
            ) -> ::core::result::Result<(), $crate::__private::DecodeError> {
                // SAFETY: `SHAPE` describes this type, and the caller gives a place for one.
                unsafe { $crate::__private::read_into(r, &<Self as $crate::__private::Object>::SHAPE, place) }
            }

            fn write(&self, w: &mut $crate::__private::Writer) {
                // SAFETY: `SHAPE` describes this type, and `self` is one.
                unsafe {
                    $crate::__private::write_object(
                        &<Self as $crate::__private::Object>::SHAPE,
                        (self as *const Self).cast(),
                        w,
                    )
                }
            }
        }

        impl ::core::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                // SAFETY: as for `write`.
                unsafe {
                    $crate::__private::debug_object(
                        &<Self as $crate::__private::Object>::SHAPE,
                        (self as *const Self).cast(),
                        f,
                    )
                }
            }
        }

        $crate::__private::serde_via_json!($name);

        $crate::__private::object!(@new $name [] [] $($field [$($new)?] $ty,)*);
    };
}

/// How each response header shows in a headers struct's `Debug`: as it is, or, marked `secret`
/// (`shown::required::secret`), as `"<redacted>"` (an optional one as `Some("<redacted>")` when
/// set). Objects redact the same way through their field table (`codec::debug_object`).
pub mod shown {
    use std::fmt::Debug;

    pub fn required<T: Debug>(value: &T) -> &dyn Debug {
        value
    }

    pub fn optional<T: Debug>(value: &Option<T>) -> &dyn Debug {
        value
    }

    pub use self::required as json;
    pub use self::required as nullable;

    pub mod required {
        use std::fmt::Debug;

        /// The whole value hidden, whatever it is.
        pub fn secret<T>(_: &T) -> &'static dyn Debug {
            &"<redacted>"
        }
    }

    pub mod optional {
        use std::fmt::Debug;

        /// `None` as it is, a value hidden.
        pub fn secret<T>(value: &Option<T>) -> &'static dyn Debug {
            match value {
                Some(_) => &Some("<redacted>"),
                None => &None::<&str>,
            }
        }
    }
}
