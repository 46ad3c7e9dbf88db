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
/// `is_known`, `From<&str>`, `Display`, and serde as a plain string; a value not listed reads as
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
/// `is_known`, `From<i64>`, `Display` (the number), and serde as a plain JSON integer; a value
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
