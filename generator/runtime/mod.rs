//! The hand-written runtime that the generated operations run on.
//!
//! Emitted code builds requests through `RequestContext`, checks bodies with
//! `validate::Validator`, reads answers with `decode_response` and waits for jobs with
//! `wait::wait_for`; users meet `Client`, `Error` and the value types.

mod auth;
mod client;
mod config;
pub(crate) mod enums;
pub(crate) mod error;
pub(crate) mod lossless;
mod microversion;
mod nullable;
mod operation;
pub(crate) mod path;
mod region;
mod sign;
mod token;
mod trace;
pub(crate) mod validate;
pub(crate) mod wait;

pub use auth::Auth;
pub use client::{Client, ClientBuilder};
pub use config::{Config, ConfigError, ConfigFile};
pub use error::{Error, ErrorDetail, Fault, ServiceError};
pub use lossless::NullFields;
pub use microversion::Microversion;
pub use nullable::{EmptyString, Nullable};
pub use operation::{Operation, RequestContext};
pub use token::SignInError;
pub use validate::{ValidationError, Violation};

#[allow(unused_imports, reason = "used by emitted operations")]
pub(crate) use operation::{decode_response, json_body};
