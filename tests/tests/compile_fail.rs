//! Every program the book says does not compile, compiled with the pinned
//! toolchain: it must fail, and the compiler's message must be the one in the
//! `.stderr` file beside it, which is also what the chapter shows.
//!
//! `BOOK_BLESS=1` writes the real messages into the `.stderr` files instead
//! (`scripts/bless.sh`).

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use book_tests::{repo_root, run_with_limit};
use libtest_mimic::{Arguments, Failed, Trial};

const DIR: &str = "listings/compile-fail";

fn main() {
    let args = Arguments::from_args();
    let mut files: Vec<_> = fs::read_dir(repo_root().join(DIR))
        .expect("listings/compile-fail/ exists")
        .map(|entry| entry.expect("readable directory").path())
        .filter(|path| path.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    let trials = files
        .into_iter()
        .map(|path| {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            Trial::test(name.clone(), move || check(&name, &path))
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}

/// The command the book shows; it is run as written, from the repository root.
fn command_line(name: &str) -> String {
    format!("$ rustc --edition 2024 {DIR}/{name}.rs")
}

fn check(name: &str, path: &Path) -> Result<(), Failed> {
    let out_dir =
        std::env::temp_dir().join(format!("book-compile-fail-{name}-{}", std::process::id()));
    fs::create_dir_all(&out_dir)?;
    let mut rustc = Command::new("rustc");
    rustc
        .current_dir(repo_root())
        .args(["--edition", "2024", "--color", "never", "--out-dir"])
        .arg(&out_dir)
        .arg(format!("{DIR}/{name}.rs"));
    let run = run_with_limit(rustc, Duration::from_secs(60));
    let _ = fs::remove_dir_all(&out_dir);
    let run = run.map_err(|e| format!("{name}: rustc: {e}"))?;
    if run.code == Some(0) {
        return Err(format!(
            "{} compiles, but the book says it does not; move it to listings/examples/ \
             or make it fail again",
            path.display()
        )
        .into());
    }
    let expected_path = path.with_extension("stderr");
    let actual = format!("{}\n{}", command_line(name), run.output);
    if std::env::var_os("BOOK_BLESS").is_some() {
        fs::write(&expected_path, actual)?;
        return Ok(());
    }
    let expected = fs::read_to_string(&expected_path).map_err(|e| {
        format!(
            "{}: {e}; create it with scripts/bless.sh",
            expected_path.display()
        )
    })?;
    if expected
        .lines()
        .map(str::trim_end)
        .eq(actual.lines().map(str::trim_end))
    {
        Ok(())
    } else {
        Err(format!(
            "{} fails, but not with the message in {}.\n--- the book\n{expected}\n+++ the compiler\n{actual}\n\
             If the change is intended, regenerate with scripts/bless.sh.",
            path.display(),
            expected_path.display()
        )
        .into())
    }
}
