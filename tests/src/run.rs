//! Running programs: with one stream for stdout and stderr, in a fresh
//! directory, and never for longer than the time limits below.

use std::ffi::OsString;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};
use std::{io, thread};

/// The one place that knows how long things may take. A limit only stops
/// something that hangs (a deadlocked listing fails in seconds, naming
/// itself); it is never a measurement.
pub mod limits {
    use std::time::Duration;

    /// A listing's program, or a `#[test]` listing's test binary.
    pub const PROGRAM: Duration = Duration::from_secs(10);
    /// One snippet under skeptic: compiling it (waiting for a free
    /// compiler included) and running it.
    pub const SNIPPET: Duration = Duration::from_secs(30);
    /// One chapter under `mdbook test` (it compiles and runs every block
    /// of the chapter; the slowest takes about 6 s on two busy cores).
    pub const MDBOOK_TEST_CHAPTER: Duration = Duration::from_secs(45);
    /// One `cargo build` of a program that must not compile.
    pub const BUILD: Duration = Duration::from_secs(180);
    /// One listing under Miri (the first one builds Miri's sysroot and the
    /// listings' dependencies).
    pub const MIRI: Duration = Duration::from_secs(600);
}

/// What a finished program did.
#[derive(Debug)]
pub struct Run {
    /// stdout and stderr as one stream, in the order the program wrote them
    /// (both go to the same pipe, as they would to a terminal).
    pub output: String,
    pub code: Option<i32>,
}

/// Runs `command` with stdout and stderr on one pipe, killing it after
/// `limit`. A program that has not finished by then is an error that says
/// so.
pub fn run_with_limit(mut command: Command, limit: Duration) -> io::Result<Run> {
    let (reader, writer) = io::pipe()?;
    command
        .stdin(Stdio::null())
        .stdout(writer.try_clone()?)
        .stderr(writer)
        // A group of its own, so that a time-out stops what it started too
        // (`mdbook test` runs rustdoc, which runs each block).
        .process_group(0);
    let mut child = command.spawn()?;
    // Our copies of the write end must be gone before reading to the end.
    drop(command);
    let collector = thread::spawn(move || io::read_to_string(reader));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if start.elapsed() > limit {
            let group = format!("-{}", child.id());
            let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
            let _ = child.kill();
            child.wait()?;
            return Err(io::Error::new(
                io::ErrorKind::TimedOut,
                format!(
                    "did not finish within {} s and was killed (a deadlock, or a wait that never ends?)",
                    limit.as_secs()
                ),
            ));
        }
        thread::sleep(Duration::from_millis(5));
    };
    let output = collector
        .join()
        .map_err(|_| io::Error::other("the output reader panicked"))??;
    Ok(Run {
        output,
        code: status.code(),
    })
}

/// The `RUSTC` this process was started with, if any. The harness points
/// `RUSTC` at its edition shim for skeptic (see [`crate::shim`]); every
/// other program it starts gets the original back from [`command`].
pub fn original_rustc() -> &'static Option<OsString> {
    static ORIGINAL: OnceLock<Option<OsString>> = OnceLock::new();
    ORIGINAL.get_or_init(|| std::env::var_os("RUSTC"))
}

/// A command for `program`, run from the repository root, with the
/// environment this process was started with, and no colours.
pub fn command(program: impl AsRef<std::ffi::OsStr>) -> Command {
    let mut command = Command::new(program);
    command
        .current_dir(crate::repo_root())
        .env("CARGO_TERM_COLOR", "never")
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE");
    match original_rustc() {
        Some(rustc) => command.env("RUSTC", rustc),
        None => command.env_remove("RUSTC"),
    };
    command
}

/// `cargo`, as cargo itself names it to the tests it runs.
pub fn cargo() -> Command {
    command(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// Runs `command` to the end and returns its stdout, or an error that
/// names `what` and quotes its stderr.
pub fn stdout_of(mut command: Command, what: &str) -> Result<String, String> {
    let out = command
        .output()
        .map_err(|e| format!("cannot run {what}: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "{what} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Copies the files of `from` (if it exists) into `to`.
pub fn copy_dir(from: &Path, to: &Path) -> io::Result<()> {
    if !from.is_dir() {
        return Ok(());
    }
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        std::fs::copy(entry.path(), to.join(entry.file_name()))?;
    }
    Ok(())
}
