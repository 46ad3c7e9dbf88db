#[rustfmt::skip]
mod ugly;
pub fn x() {}
