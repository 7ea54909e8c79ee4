//! The models live in `tests/`, one file per listing of the book.
