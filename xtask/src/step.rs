//! The steps of a task: announced, timed, skipped when their tool is
//! missing (an error on CI), and reused while their inputs are those of a
//! run that passed (the record shared with the harness, see
//! `tests/src/cache.rs`).

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use book_model::{Fingerprint, PassRecord};

use crate::tools::{Missing, exec, on_ci, paths, root, target};

/// The steps of a task, announced and timed.
pub struct Step {
    announce: bool,
}

impl Step {
    /// Steps announced with `==> name` and their time.
    pub fn new() -> Self {
        Step { announce: true }
    }

    /// Steps that run without a heading.
    pub fn quiet() -> Self {
        Step { announce: false }
    }

    /// Prints a line of the task's report.
    pub fn say(&mut self, line: &str) {
        println!("{line}");
    }

    pub fn run(&mut self, name: &str, command: Command) -> Result<(), String> {
        self.check(name, || exec(command))
    }

    /// A step done here rather than by a program: announced and timed the same.
    pub fn check(
        &mut self,
        name: &str,
        check: impl FnOnce() -> Result<(), String>,
    ) -> Result<(), String> {
        let started = Instant::now();
        if self.announce {
            self.say(&format!("\n==> {name}"));
        }
        check()?;
        if self.announce {
            self.say(&format!("    ({:.1} s)", started.elapsed().as_secs_f64()));
        }
        Ok(())
    }

    /// A step that is reused when the files it checks (relative to the
    /// repository) and its tool's files are the same as when it last passed.
    pub fn run_cached(
        &mut self,
        name: &str,
        inputs: &[&str],
        command: Result<Command, Missing>,
    ) -> Result<(), String> {
        let mut fp = xtask_fingerprint(name)?;
        for input in inputs {
            let path = root().join(input);
            if path.is_dir() {
                fp.add_dir(&path).map_err(|e| format!("{input}: {e}"))?;
            } else {
                fp.add_file(&path);
            }
        }
        let record = pass_record();
        if command.is_ok() && record.passed(&fp) {
            self.say(&format!(
                "\n==> {name}\n    reused: its inputs are unchanged since it passed"
            ));
            return Ok(());
        }
        let ran = command.is_ok();
        self.run_optional(name, command)?;
        if ran {
            record.record(&fp);
        }
        Ok(())
    }

    /// A build into the folder `out` that is not run again while `out` holds
    /// what an earlier run made from inputs with the same fingerprint. The
    /// stamp that says so is kept outside `out` (a file in it would be part
    /// of the site the other checks judge), with the time `out/index.html`
    /// was written: a build by anything else writes it again. The build
    /// must write `out/index.html`, as mdBook does. `BOOK_NO_CACHE=1`
    /// builds every time.
    pub fn build_unless_made(
        &mut self,
        name: &str,
        out: &Path,
        inputs: &Fingerprint,
        command: Command,
    ) -> Result<(), String> {
        let folder = out.file_name().expect("a named folder").to_string_lossy();
        let stamp = paths().work().join("made").join(format!("{folder}.stamp"));
        let written = || {
            std::fs::metadata(out.join("index.html"))
                .and_then(|m| m.modified())
                .map(|t| format!("{t:?}"))
                .unwrap_or_default()
        };
        let wanted = |written: String| format!("{}\n{written}\n", inputs.finish());
        let made = std::fs::read_to_string(&stamp).is_ok_and(|s| s == wanted(written()));
        if made && pass_record().is_enabled() {
            self.say(&format!(
                "\n==> {name}\n    reused: {} was made from the same inputs",
                out.strip_prefix(root()).unwrap_or(out).display()
            ));
            return Ok(());
        }
        let _ = std::fs::remove_file(&stamp);
        self.run(name, command)?;
        let write = std::fs::create_dir_all(stamp.parent().expect("a folder"))
            .and_then(|()| std::fs::write(&stamp, wanted(written())));
        write.map_err(|e| format!("{}: {e}", stamp.display()))
    }

    /// A step whose tool may be missing: skipped with a warning, except on
    /// CI, where that is an error.
    pub fn run_optional(
        &mut self,
        name: &str,
        command: Result<Command, Missing>,
    ) -> Result<(), String> {
        match command {
            Ok(command) => self.run(name, command),
            Err(Missing(why)) if on_ci() => Err(format!("{name}: {why}")),
            Err(Missing(why)) => {
                self.say(&format!("\n==> {name}\nwarning: skipped: {why}"));
                Ok(())
            }
        }
    }
}

/// A fingerprint for a check run by the xtask: it starts with the xtask
/// itself, so that a change to its code runs the check again.
pub fn xtask_fingerprint(check: &str) -> Result<Fingerprint, String> {
    let mut fp = Fingerprint::new(check);
    let exe = std::env::current_exe().map_err(|e| format!("cannot find the xtask: {e}"))?;
    fp.add_executable(&exe)
        .map_err(|e| format!("{}: {e}", exe.display()))?;
    Ok(fp)
}

/// The record of passing checks, shared with the harness (see
/// `tests/src/cache.rs`).
pub fn pass_record() -> PassRecord {
    PassRecord::new(target())
}
