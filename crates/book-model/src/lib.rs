//! The model of the book that every tool shares: the renderer
//! (`mdbook-listings`), the checks (`tests/`) and the tasks (`xtask`).
//!
//! Each idea is parsed here and nowhere else:
//!
//! * [`InfoString`]: the words after a code fence (`rust,no_run`,
//!   `text,output,sample,any_order`), and the [`Rule`] an output block
//!   declares for output that varies;
//! * [`ListingName`]: `chNN-MM-short-slug`, the name of every listing;
//! * [`Kind`] and [`Listing`]: which folder holds which kind of program, the
//!   command that runs it, its expected-output file, its data folder and its
//!   arguments;
//! * [`fences`] and [`includes_in`]: the fenced blocks of a chapter (with
//!   pulldown-cmark) and the `{{#include}}` directives in them;
//! * [`Fingerprint`] and [`PassRecord`]: what a check's result depends on,
//!   and the record of checks that passed, for reusing them;
//! * [`Exercise`] and [`cut_starter`]: an exercise's solution, tests and
//!   the starter cut from the solution;
//! * [`Record`] and [`expand`]: what `cargo xtask bench` measured, and the
//!   tables, charts and figures the chapters show from it;
//! * [`pinned_tools`] and [`tool_binary`]: the tools pinned in Cargo.toml and
//!   where they are installed;
//! * [`caption`]: the labels of the captions the preprocessor writes, and
//!   how the PDF check recognises them;
//! * [`CheckKind`]: the kinds of check, and the names of their trials;
//! * [`Setting`] and [`SETTINGS`]: every `BOOK_*` environment variable, and
//!   the one rule by which a switch is on;
//! * [`proof`]: what the harness checks for each listing, and the line
//!   under its caption that says so;
//! * [`verified`]: what the verify tier measured for each listing (the
//!   record `listings/records/verified.toml`);
//! * [`Paths`]: the repository's root and cargo's target folder (never
//!   `target/` written out).

mod bench;
pub mod caption;
mod check_kind;
mod download;
mod exercise;
mod fingerprint;
mod info;
mod listing;
mod markdown;
mod paths;
pub mod proof;
pub mod quote;
pub mod schedule;
mod settings;
mod tools;
pub mod verified;

pub use bench::{
    BenchDirective, BenchRequest, Case, Machine, RECORDS_DIR, Record, Spread, UNSTABLE,
    bench_directives, charts_as_images, check_figures, expand, sources_digest, typed_figures,
};
pub use check_kind::CheckKind;
pub use download::{LISTINGS_WORKSPACE, write_listings_workspace};
pub use exercise::{
    EXERCISES_DIR, Exercise, PUBLISHED_BOOK, READER_WORKSPACE, cut_starter, grader_message,
    write_reader_workspace,
};
pub use fingerprint::{Fingerprint, PassRecord, files_under};
pub use info::{InfoString, Rule};
pub use listing::{DATA_DIR, Invocation, Kind, Listing, ListingName, MiriPlan, OUTPUT_DIR, Runner};
pub use markdown::{Fence, Include, fences, includes_in, normalize};
pub use paths::{Paths, same_checkout, target_dir_from_cargo, target_dir_from_metadata};
pub use settings::{Declared, OFF, SETTINGS, Setting, Value, is_on};
pub use tools::{pinned_tool, pinned_tools, tool_binary, tool_root};
