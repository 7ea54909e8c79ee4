//! Runs every listing whose output the book shows and compares what it
//! printed with the book (see `src/outputs.rs` for the rules).
//!
//! `BOOK_BLESS=1` writes each run's output into the book instead of
//! comparing: `scripts/bless.sh` does that for every output at once.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;
use std::{env, fs};

use book_tests::outputs::{Kind, OutputCheck, compare, output_checks};
use book_tests::{repo_root, run_with_limit};
use libtest_mimic::{Arguments, Failed, Trial};

/// How long a listing may run. Listings finish in well under a second; this
/// only stops one that hangs.
const LIMIT: Duration = Duration::from_secs(10);

fn main() {
    let args = Arguments::from_args();
    let checks = match output_checks() {
        Ok(checks) => checks,
        Err(errors) => {
            eprintln!("malformed output blocks:\n  {}", errors.join("\n  "));
            std::process::exit(1);
        }
    };
    let executables = build_examples();
    let trials = checks
        .into_iter()
        .map(|check| {
            let exe = match &executables {
                Ok(found) => Ok(found.get(&(check.kind, check.listing.clone())).cloned()),
                Err(e) => Err(e.clone()),
            };
            let name = format!("{} ({})", check.listing, check.block.location());
            Trial::test(name, move || match exe {
                Ok(Some(exe)) => run_and_compare(&check, &exe),
                Ok(None) => Err(format!("cargo built no example named {}", check.listing).into()),
                Err(e) => Err(e.into()),
            })
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}

/// Builds the listings (a no-op when nothing changed) and returns the
/// executable of each example and each test, from cargo's JSON messages.
fn build_examples() -> Result<HashMap<(Kind, String), PathBuf>, String> {
    let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .current_dir(repo_root())
        .args(["build", "-p", "listings", "--examples", "--tests"])
        .arg("--message-format=json-render-diagnostics")
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "the listings do not build:\n{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let mut found = HashMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        if !line.contains(r#""reason":"compiler-artifact""#) {
            continue;
        }
        let kind = if line.contains(r#""kind":["example"]"#) {
            Kind::Example
        } else if line.contains(r#""kind":["test"]"#) {
            Kind::Test
        } else {
            continue;
        };
        if let (Some(name), Some(exe)) = (json_str(line, "name"), json_str(line, "executable")) {
            found.insert((kind, name), PathBuf::from(exe));
        }
    }
    Ok(found)
}

/// The first string value of `key` in one line of cargo's JSON (cargo
/// escapes only `"` and `\` in names and paths).
fn json_str(line: &str, key: &str) -> Option<String> {
    let start = line.find(&format!("\"{key}\":\""))? + key.len() + 4;
    let mut value = String::new();
    let mut chars = line[start..].chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(value),
            '\\' => value.push(chars.next()?),
            c => value.push(c),
        }
    }
    None
}

fn run_and_compare(check: &OutputCheck, exe: &PathBuf) -> Result<(), Failed> {
    let place = format!(
        "{} (shown at {})",
        check.expected.display(),
        check.block.location()
    );
    // Each run starts in an empty directory, as a reader's would.
    let work_dir = env::temp_dir().join(format!(
        "book-output-{}-{}",
        check.listing,
        std::process::id()
    ));
    let _ = fs::remove_dir_all(&work_dir);
    fs::create_dir_all(&work_dir).map_err(|e| format!("{place}: {e}"))?;
    copy_data(&check.listing, &work_dir).map_err(|e| format!("{place}: {e}"))?;
    let mut command = Command::new(exe);
    if check.kind == Kind::Test {
        // What `cargo test -q` passes on to the test binary.
        command.arg("--quiet");
    }
    command
        .args(&check.args)
        .current_dir(&work_dir)
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE");
    let run = run_with_limit(command, LIMIT).map_err(|e| format!("{}: {e}", check.listing));
    let _ = fs::remove_dir_all(&work_dir);
    let run = run?;

    let expected_code = if check.should_panic { 101 } else { 0 };
    if run.code != Some(expected_code) {
        return Err(format!(
            "{} exited with {:?}, but the book {} (expected status {expected_code})\n{}",
            check.listing,
            run.code,
            if check.should_panic {
                "marks it should_panic"
            } else {
                "shows a normal run"
            },
            run.output
        )
        .into());
    }

    let path = repo_root().join(&check.expected);
    let mut command_line = check.kind.command_line(&check.listing);
    if !check.args.is_empty() {
        command_line = format!("{command_line} -- {}", check.args.join(" "));
    }
    if env::var_os("BOOK_BLESS").is_some() {
        fs::write(&path, format!("{command_line}\n{}", run.output))
            .map_err(|e| format!("{place}: {e}"))?;
        return Ok(());
    }
    let book = fs::read_to_string(&path).map_err(|e| format!("{place}: {e}"))?;
    let shown = book.split_once('\n').map_or("", |(_, rest)| rest);
    compare(check.rule, shown, &run.output).map_err(|e| {
        format!(
            "{place}: {e}\nIf the listing changed on purpose, regenerate with scripts/bless.sh."
        )
        .into()
    })
}

/// Copies `listings/data/NAME/*` (the files a listing reads) into `dir`.
fn copy_data(listing: &str, dir: &std::path::Path) -> std::io::Result<()> {
    let data = repo_root().join("listings/data").join(listing);
    if !data.is_dir() {
        return Ok(());
    }
    for entry in fs::read_dir(data)? {
        let entry = entry?;
        fs::copy(entry.path(), dir.join(entry.file_name()))?;
    }
    Ok(())
}
