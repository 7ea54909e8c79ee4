//! The book's listings live in `examples/`: one program per file, named after
//! the chapter and the order in which it appears (`ch02-03-join-handle.rs`).
//!
//! Programs that are meant *not* to compile live in `compile-fail/`, next to
//! the compiler message they produce. Expected outputs live in `output/`.
