//! The fuzz targets' logic, shared with `tests/fuzz_corpus.rs`.

#[path = "properties.rs"]
pub mod properties;
