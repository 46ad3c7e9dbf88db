//! `string_enum!`: what every emitted string enum can do, from one line per known value.

/// The methods and trait impls of a string enum that keeps values it does not know, from one line
/// per documented value:
///
/// ```text
/// string_enum! {
///     JobStatus {
///         Success = "SUCCESS",
///         Running = "RUNNING",
///     }
/// }
/// ```
///
/// The enum itself (its documented variants, then `Other(String)`) is written beside the call.
/// It gets `KNOWN`, `as_str` and `is_known`, `From<&str>`, `Display`, and serde as a plain string;
/// a value not listed reads as `Other` and is written back exactly as received.
#[allow(unused_macros, reason = "a spec may have no such type")]
macro_rules! string_enum {
    ($name:ident { $($variant:ident = $wire:literal,)* }) => {
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
                !matches!(self, Self::Other(_))
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($wire => Self::$variant,)*
                    other => Self::Other(other.to_string()),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                Ok(Self::from(value.as_ref()))
            }
        }
    };
}

#[allow(unused_imports, reason = "a spec may have no such type")]
pub(crate) use string_enum;
