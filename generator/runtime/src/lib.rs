//! `otc-runtime`: what every generated Open Telekom Cloud client runs on.
//!
//! A generated crate (such as `otc-ecs`) holds only what its spec makes: the request and response
//! types, one `Operation` per documented call and its `Client`'s methods. Everything else is here,
//! written once: [`Client`] (sending, retries, time-outs), [`Auth`] (IAM tokens, AK/SK signing),
//! [`Error`], the lossless value types ([`Nullable`], [`NullFields`], [`EmptyString`]) and
//! [`Microversion`]. Generated crates re-export these, so two of them share one `Auth` and one
//! `Error` type.
//!
//! Items that only emitted code calls are in [`__private`], hidden from the docs: they are not
//! part of the API and change with the generator.

// The generated modules name the runtime `::otc_runtime`, as a generated crate does.
extern crate self as otc_runtime;

mod auth;
mod client;
mod codec;
mod config;
mod enums;
mod error;
mod lossless;
mod microversion;
mod nullable;
mod operation;
#[cfg(feature = "reqwest")]
mod pager;
mod path;
mod query;
mod region;
mod sign;
mod sign_in;
mod token;
mod trace;
mod validate;
mod wait;

/// IAM's sign-in, generated from `spec/iam/` (`cargo run -p client-codegen`): the request and
/// answer types and the `CreateToken` operation that `Auth`'s password credential sends. Hidden:
/// the types follow the IAM page and the generator, so they are no stable API; `Auth` is.
#[doc(hidden)]
pub mod iam;
// Emitted code names its types `crate::types::...`; in this crate they are the IAM module's.
use iam::types;

/// JSON as the client reads and writes it, for the generated types: [`json::from_slice`] reads a
/// stored answer as fast as the client does (serde's `Deserialize`, which the types also have,
/// goes through JSON text and is slower), [`json::to_vec`] writes a value as the client sends it.
pub mod json {
    pub use crate::codec::{DecodeError, Json};

    /// Reads a whole JSON text (whitespace around it aside) as a `T`: unknown members kept,
    /// `null`s remembered, every error with its line and column.
    pub fn from_slice<T: Json>(bytes: &[u8]) -> Result<T, DecodeError> {
        crate::codec::from_slice(bytes)
    }

    /// A value as compact JSON, as the client sends it: known fields in the spec's order, then
    /// unknown ones.
    pub fn to_vec<T: Json>(value: &T) -> Vec<u8> {
        crate::codec::to_vec(value)
    }
}

pub use auth::Auth;
pub use client::{Client, ClientBuilder};
pub use config::{Config, ConfigError, ConfigFile};
pub use error::{Error, ErrorDetail, Fault, ServiceError};
pub use lossless::NullFields;
pub use microversion::Microversion;
pub use nullable::{EmptyString, Nullable};
pub use operation::{Answer, Operation, RequestContext};
pub use sign_in::{IamError, SignInError};
pub use validate::{ValidationError, Violation};

/// What emitted code calls and nothing else: the macros that give objects, string enums and integer enums their
/// impls, body encoding and answer decoding, request validation, polling, and the crates the
/// macros expand to. Not part of the API.
#[doc(hidden)]
pub mod __private {
    pub use crate::codec::{
        Codec, DecodeError, Field, Json, Kind, Object, Reader, Shape, Write, Writer, debug_object,
        deserialize, read_into, read_one_of, read_value, serialize, write_object,
    };
    pub use crate::error::fault;
    pub use crate::lossless::shown;
    pub use crate::operation::{
        Body, Members, Method, Request, decode_response, discard_response, optional_header,
        required_header,
    };
    #[cfg(feature = "reqwest")]
    pub use crate::pager::{MarkerPaging, OffsetPaging, marker_pages, offset_pages};
    pub use crate::query::{Param, Params, Query, Style};
    pub use crate::validate::{Rules, Validator};
    pub use crate::wait::WaitState;
    #[cfg(feature = "reqwest")]
    pub use crate::wait::wait_for;
    pub use crate::{int_enum, object, one_of, query, serde_via_json, string_enum};
    pub use serde;
    pub use serde_json;
}
