//! Limits that keep a hostile spec from breaking the generator, the generated crate or every call
//! it makes, each refused with a located diagnostic:
//!
//! - the YAML text (`yaml_text`, before libyaml reads it): flow collections nested deeper than
//!   [`MAX_FLOW_DEPTH`] (libyaml's scanner takes time in the square of that depth: 100,000 `[` ran
//!   for 51 s), and aliases that would expand a file past `alias_budget` (an alias bomb);
//! - type expressions nested deeper than [`MAX_TYPE_NESTING`] (`array<array<...>>`, read
//!   recursively; 10,000 levels overflowed the stack), left out of the spec as they load;
//! - chains of schemas whose Rust types nest deeper than [`MAX_TYPE_LEVELS`] (`nesting`): rustc
//!   gives up near 128 levels (its recursion limit) when it lays out or drops the types;
//! - the spec strings that are sent in a header or a URL (`wire`): a request's `content_type`, a
//!   microversion `service`, path templates and path variants.

mod nesting;
mod wire;
mod yaml;

pub use nesting::{deep_types, nesting};
pub use wire::wire;
pub use yaml::{TextProblem, yaml_text};

/// The deepest nesting of flow collections (`[`, `{`) a spec file may have. serde_yaml refuses
/// more than 128 levels of any nesting anyway; this bound only keeps libyaml's scan linear.
pub const MAX_FLOW_DEPTH: usize = 1000;

/// The most `array<` and `map<` one type expression may nest.
pub const MAX_TYPE_NESTING: usize = 8;

/// The most schemas a cycle without an array or a map may hold for `check::cycles` to name its
/// members; a larger component is reported once, by its size.
pub const MAX_CYCLE_SEARCH: usize = 32;

/// The deepest the Rust types of a chain of schemas may nest: each schema counts one level, and
/// the wrappers around the member that leads on count as `nesting::members` says. rustc stops at 128
/// levels (its recursion limit) when it lays out, drop-checks or drops the types. Measured with
/// rustc 1.95 on a response schema at the head of a chain, the longest chains that pass
/// `cargo check` are 127 required fields, 64 optional ones, 64 `Option<Vec<_>>` and 42
/// `Option<BTreeMap<_, _>>`; `cargo build`: 121, 61, 64 and 43 (65 required `Vec<_>`). Half of
/// that leaves room for what the runtime and `async` calls wrap around a response.
pub const MAX_TYPE_LEVELS: usize = 64;

/// How much a file's aliases may make of it: the weight (one per node, plus each scalar's length)
/// of the whole file with every alias expanded may be at most four times the file's length, plus
/// 1 MiB.
pub fn alias_budget(text_len: usize) -> u64 {
    4 * text_len as u64 + (1 << 20)
}
