//! mdBook asks the preprocessor which renderers it supports before each run.

use std::process::Command;

fn supports(renderer: &str) -> bool {
    Command::new(env!("CARGO_BIN_EXE_mdbook-listings"))
        .args(["supports", renderer])
        .status()
        .expect("the preprocessor runs")
        .success()
}

#[test]
fn supports_html_and_epub_only() {
    assert!(supports("html"));
    assert!(supports("epub"));
    assert!(!supports("markdown"));
    assert!(!supports("test"));
}

#[test]
fn rejects_unknown_arguments() {
    let status = Command::new(env!("CARGO_BIN_EXE_mdbook-listings"))
        .arg("--frobnicate")
        .status()
        .expect("the preprocessor runs");
    assert_eq!(status.code(), Some(2));
}
