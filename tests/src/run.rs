//! Running programs: with one stream for stdout and stderr, in a fresh
//! directory, and never for longer than the time limits below.

use std::ffi::OsString;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};
use std::{io, thread};

/// The one place that knows how long things may take. A limit only stops
/// something that hangs (a deadlocked listing fails in seconds, naming
/// itself); it is never a measurement.
pub mod limits {
    use std::time::Duration;

    /// A listing's program, or a `#[test]` listing's test binary.
    pub const PROGRAM: Duration = Duration::from_secs(10);
    /// A listing's program run with `cargo run` once it is built: its own
    /// limit, and time for cargo to see that nothing needs building.
    pub const CARGO_RUN: Duration = Duration::from_secs(PROGRAM.as_secs() + 10);
    /// One snippet under skeptic: compiling it (waiting for a free
    /// compiler included) and running it.
    pub const SNIPPET: Duration = Duration::from_secs(30);
    /// One chapter under `mdbook test` (it compiles and runs every block
    /// of the chapter): several times the slowest chapter's time on two busy
    /// cores.
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
    /// How long it ran, and the CPU time (user and system, every thread) it
    /// had used at the last look before it was reaped, read from
    /// `/proc/PID/stat` every few milliseconds (`None` where there is no
    /// `/proc` to read).
    pub wall: Duration,
    pub cpu: Option<Duration>,
}

impl Run {
    /// The share of its wall time that the program spent on a CPU (2.0 for
    /// two threads that computed all along).
    pub fn cpu_share(&self) -> Option<f64> {
        Some(self.cpu?.as_secs_f64() / self.wall.as_secs_f64().max(0.001))
    }
}

/// The CPU time (user and system, every thread) that the process `pid` has
/// used so far: fields 14 and 15 of `/proc/PID/stat`, in clock ticks
/// (`USER_HZ`, taken as 100 a second, its value on x86-64 and arm64 Linux).
fn cpu_time(pid: u32) -> Option<Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The fields after the command name, which is in brackets (and may hold
    // spaces): fields 14 and 15 of the line are the 12th and 13th of these.
    let rest = &stat[stat.rfind(')')? + 2..];
    let mut fields = rest.split_whitespace().skip(11);
    let utime: u64 = fields.next()?.parse().ok()?;
    let stime: u64 = fields.next()?.parse().ok()?;
    Some(Duration::from_millis((utime + stime) * 10))
}

/// Runs `command` with stdout and stderr on one pipe, killing it after
/// `limit`. A program that has not finished by then is an error that says
/// so.
pub fn run_with_limit(command: Command, limit: Duration) -> io::Result<Run> {
    run_until(command, limit, || None)
}

/// The listings found to hang in this run: their output check ran them for
/// [`limits::PROGRAM`] and killed them. The other checks that run the same
/// program (its snippet, its chapter under `mdbook test`, the download) stop
/// as soon as one is marked, instead of waiting out limits of their own that
/// must leave room for compiling (the test command then fails as soon as the
/// output check does).
static HUNG: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Records that the listing `name` did not finish within its limit.
pub fn mark_hung(name: &str) {
    let mut hung = HUNG.lock().unwrap_or_else(|e| e.into_inner());
    if !hung.iter().any(|h| h == name) {
        hung.push(name.to_string());
    }
}

/// Why a check that runs the listings `names` should not run them (any
/// longer): one of them was found to hang.
pub fn hung_among<'a>(names: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let hung = HUNG.lock().unwrap_or_else(|e| e.into_inner());
    names
        .into_iter()
        .find(|n| hung.iter().any(|h| h == n))
        .map(|name| {
            format!(
                "stopped: {name} does not finish within {} s (its output check, \
             `output {name}`, says so and killed it); this check runs it too",
                limits::PROGRAM.as_secs()
            )
        })
}

/// Like [`run_with_limit`], but also stops the program (and what it started)
/// as soon as `stop` gives a reason, and fails with that reason.
pub fn run_until(
    mut command: Command,
    limit: Duration,
    stop: impl Fn() -> Option<String>,
) -> io::Result<Run> {
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
    let mut cpu = None;
    let status = loop {
        // Before the wait that may reap it: a program that has just ended
        // still has its figures until then.
        cpu = cpu_time(child.id()).or(cpu);
        if let Some(status) = child.try_wait()? {
            break status;
        }
        let why = if start.elapsed() > limit {
            Some(io::Error::new(
                io::ErrorKind::TimedOut,
                format!(
                    "did not finish within {} s and was killed (a deadlock, or a wait that never ends?)",
                    limit.as_secs_f64()
                ),
            ))
        } else {
            stop().map(|why| io::Error::new(io::ErrorKind::Interrupted, why))
        };
        if let Some(why) = why {
            let group = format!("-{}", child.id());
            let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
            let _ = child.kill();
            child.wait()?;
            return Err(why);
        }
        thread::sleep(Duration::from_millis(5));
    };
    let output = collector
        .join()
        .map_err(|_| io::Error::other("the output reader panicked"))??;
    Ok(Run {
        output,
        code: status.code(),
        wall: start.elapsed(),
        cpu,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_program_that_hangs_is_killed_at_its_limit_with_what_it_started() {
        // A shell that starts a program of its own, and says which. A short
        // limit keeps the test command quick; on a machine so busy that the
        // shell had not yet started its program when it was killed, there is
        // nothing to look for, so the test tries again with a longer limit.
        let pid_file = std::env::temp_dir().join(format!("book-run-{}.pid", std::process::id()));
        for (limit, shown) in [(100, "0.1"), (1000, "1"), (5000, "5")] {
            let _ = std::fs::remove_file(&pid_file);
            let started = Instant::now();
            let mut sleeper = Command::new("sh");
            sleeper
                .args(["-c", "sleep 30 & echo $! > \"$0\"; wait"])
                .arg(&pid_file);
            let error = run_with_limit(sleeper, Duration::from_millis(limit)).unwrap_err();
            assert_eq!(error.kind(), io::ErrorKind::TimedOut);
            assert_eq!(
                error.to_string(),
                format!(
                    "did not finish within {shown} s and was killed (a deadlock, or a wait that never ends?)"
                )
            );
            assert!(
                started.elapsed() < Duration::from_millis(limit) + Duration::from_secs(5),
                "{:?}",
                started.elapsed()
            );
            let Ok(pid) = std::fs::read_to_string(&pid_file) else {
                continue;
            };
            let _ = std::fs::remove_file(&pid_file);
            if pid.trim().is_empty() {
                continue;
            }
            // The shell's own program was killed with it (gone, or a zombie
            // waiting for init).
            thread::sleep(Duration::from_millis(50));
            let stat = std::fs::read_to_string(format!("/proc/{}/stat", pid.trim()));
            let alive = stat.is_ok_and(|s| {
                s.rsplit_once(')')
                    .is_some_and(|(_, r)| !r.starts_with(" Z"))
            });
            assert!(
                !alive,
                "the shell's sleep {} outlived the time-out",
                pid.trim()
            );
            return;
        }
        panic!("the shell never got to start its program, even with a limit of 5 s");
    }

    #[test]
    fn a_run_stops_as_soon_as_a_listing_it_runs_is_found_to_hang() {
        assert_eq!(hung_among(["unit-test-hangs"]), None);
        let started = Instant::now();
        let mut sleeper = Command::new("sh");
        sleeper.args(["-c", "sleep 30 & wait"]);
        let marker = thread::spawn(|| {
            thread::sleep(Duration::from_millis(50));
            mark_hung("unit-test-hangs");
        });
        let error = run_until(sleeper, Duration::from_secs(60), || {
            hung_among(["unit-test-other", "unit-test-hangs"])
        })
        .unwrap_err();
        marker.join().unwrap();
        assert_eq!(error.kind(), io::ErrorKind::Interrupted);
        assert_eq!(
            error.to_string(),
            "stopped: unit-test-hangs does not finish within 10 s (its output check, \
             `output unit-test-hangs`, says so and killed it); this check runs it too"
        );
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{:?}",
            started.elapsed()
        );
    }
}
