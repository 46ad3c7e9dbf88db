//! Tests of the generator and the generated crate live beside this file.
