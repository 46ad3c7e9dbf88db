//! `string_enum!` and `int_enum!`: what every emitted enum can do, from one line per known value.

/// A string enum that keeps values it does not know, from one line per documented value:
///
/// ```text
/// string_enum! {
///     /// Where a job stands.
///     #[derive(Clone, Debug, PartialEq, Eq, Hash)]
///     pub enum JobStatus {
///         /// Done.
///         Success = "SUCCESS",
///         Running = "RUNNING",
///     }
/// }
/// ```
///
/// The enum gets its documented variants, then `Other(String)`, and `KNOWN`, `as_str` and
/// `is_known`, `From<&str>`, `Display`, and JSON and serde as a plain string; a value not listed reads as
/// `Other` and is written back exactly as received.
#[doc(hidden)]
#[macro_export]
macro_rules! string_enum {
    (
        $(#[$attr:meta])*
        pub enum $name:ident {
            $(
                $(#[$variant_attr:meta])*
                $variant:ident = $wire:literal,
            )*
        }
    ) => {
        $(#[$attr])*
        pub enum $name {
            $(
                $(#[$variant_attr])*
                $variant,
            )*
            /// A value this client does not know yet, kept exactly as received.
            Other(::std::string::String),
        }

        impl $name {
            /// Every value the spec documents, in its order.
            pub const KNOWN: &'static [&'static str] = &[$($wire),*];

            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Other(value) => value,
                }
            }

            /// Whether the value is one the spec documents.
            pub fn is_known(&self) -> bool {
                !::core::matches!(self, Self::Other(_))
            }
        }

        impl ::core::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($wire => Self::$variant,)*
                    other => Self::Other(::std::string::ToString::to_string(other)),
                }
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::__private::Json for $name {
            fn read(
                r: &mut $crate::__private::Reader<'_>,
            ) -> ::core::result::Result<Self, $crate::__private::DecodeError> {
                // A `match`, not `map` and a closure: two functions fewer per enum.
                match r.str() {
                    ::core::result::Result::Ok(value) => {
                        ::core::result::Result::Ok(<Self as ::core::convert::From<&str>>::from(&value))
                    }
                    ::core::result::Result::Err(e) => ::core::result::Result::Err(e),
                }
            }

            fn write(&self, w: &mut $crate::__private::Writer) {
                w.str(self.as_str())
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                let value = <::std::borrow::Cow<'de, str> as $crate::__private::serde::Deserialize>::deserialize(
                    deserializer,
                )?;
                ::core::result::Result::Ok(<Self as ::core::convert::From<&str>>::from(&value))
            }
        }
    };
}

/// An integer enum that keeps values it does not know, from one line per documented value:
///
/// ```text
/// int_enum! {
///     /// The power state of a server.
///     #[derive(Clone, Debug, PartialEq, Eq, Hash)]
///     pub enum PowerState {
///         /// Not powered.
///         Pending = 0,
///         Running = 1,
///     }
/// }
/// ```
///
/// The enum gets its documented variants, then `Other(i64)`, and `KNOWN`, `value` and
/// `is_known`, `From<i64>`, `Display` (the number), and JSON and serde as a plain integer; a value
/// not listed reads as `Other` and is written back exactly as received.
#[doc(hidden)]
#[macro_export]
macro_rules! int_enum {
    (
        $(#[$attr:meta])*
        pub enum $name:ident {
            $(
                $(#[$variant_attr:meta])*
                $variant:ident = $wire:literal,
            )*
        }
    ) => {
        $(#[$attr])*
        pub enum $name {
            $(
                $(#[$variant_attr])*
                $variant,
            )*
            /// A value this client does not know yet, kept exactly as received.
            Other(i64),
        }

        impl $name {
            /// Every value the spec documents, in its order.
            pub const KNOWN: &'static [i64] = &[$($wire),*];

            /// The value as sent on the wire.
            pub fn value(&self) -> i64 {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Other(__value) => *__value,
                }
            }

            /// Whether the value is one the spec documents.
            pub fn is_known(&self) -> bool {
                !::core::matches!(self, Self::Other(_))
            }
        }

        impl ::core::convert::From<i64> for $name {
            fn from(__value: i64) -> Self {
                match __value {
                    $($wire => Self::$variant,)*
                    __other => Self::Other(__other),
                }
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::fmt::Display::fmt(&self.value(), f)
            }
        }

        impl $crate::__private::Json for $name {
            fn read(
                r: &mut $crate::__private::Reader<'_>,
            ) -> ::core::result::Result<Self, $crate::__private::DecodeError> {
                match r.i64() {
                    ::core::result::Result::Ok(value) => {
                        ::core::result::Result::Ok(<Self as ::core::convert::From<i64>>::from(value))
                    }
                    ::core::result::Result::Err(e) => ::core::result::Result::Err(e),
                }
            }

            fn write(&self, w: &mut $crate::__private::Writer) {
                w.i64(self.value())
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                let __value = <i64 as $crate::__private::serde::Deserialize>::deserialize(deserializer)?;
                ::core::result::Result::Ok(<Self as ::core::convert::From<i64>>::from(__value))
            }
        }
    };
}

/// A value of one of several types, from one line per variant:
///
/// ```text
/// one_of! {
///     /// A disk's size.
///     #[derive(Clone, Debug, PartialEq)]
///     pub enum DiskSize {
///         /// As a number.
///         Gib(i64),
///         Text(String),
///     }
/// }
/// ```
///
/// The variants are tried in order on the value's text; the first that reads it whole wins, and
/// it is written back as that variant's type writes itself. JSON and serde both.
#[doc(hidden)]
#[macro_export]
macro_rules! one_of {
    (
        $(#[$attr:meta])*
        pub enum $name:ident {
            $(
                $(#[$variant_attr:meta])*
                $variant:ident($ty:ty),
            )*
        }
    ) => {
        $(#[$attr])*
        ///
        /// The variants are tried in order; the first that fits the value wins.
        pub enum $name {
            $(
                $(#[$variant_attr])*
                $variant($ty),
            )*
        }

        impl $crate::__private::Json for $name {
            fn read(
                r: &mut $crate::__private::Reader<'_>,
            ) -> ::core::result::Result<Self, $crate::__private::DecodeError> {
                $crate::__private::read_one_of::<Self>(
                    r,
                    ::core::stringify!($name),
                    &[$(|r| <$ty as $crate::__private::Json>::read(r).map(Self::$variant)),*],
                )
            }

            fn write(&self, w: &mut $crate::__private::Writer) {
                match self {
                    $(Self::$variant(value) => $crate::__private::Json::write(value, w),)*
                }
            }
        }

        $crate::__private::serde_via_json!($name);
    };
}

/// `Serialize` and `Deserialize` of a `Json` type through its JSON text (`codec::serialize`,
/// `codec::deserialize`): what `object!` and `one_of!` give their types for serde's users.
#[doc(hidden)]
#[macro_export]
macro_rules! serde_via_json {
    ($name:ident) => {
        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                $crate::__private::serialize(self, serializer)
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::__private::deserialize(deserializer)
            }
        }
    };
}
