//! The steps of a task: announced, timed, skipped when their tool is
//! missing (an error on CI), run beside one another where none of them
//! times anything (`start`, then `finish` shows the output in turn), and
//! reused while their inputs are those of a run that passed (the record
//! shared with the harness, see `tests/src/cache.rs`).

use std::path::Path;
use std::process::{Command, Output};
use std::thread::JoinHandle;
use std::time::Instant;

use book_model::{Fingerprint, PassRecord};

use crate::tools::{Missing, exec, on_ci, paths, root, show, target};

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
        let started = self.start_cached(name, inputs, command)?;
        self.finish(started)
    }

    /// [`Step::run_cached`], started: see [`Step::start`].
    pub fn start_cached(
        &mut self,
        name: &str,
        inputs: &[&str],
        command: Result<Command, Missing>,
    ) -> Result<Started, String> {
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
            return Ok(Started::decided(
                name,
                "reused: its inputs are unchanged since it passed",
            ));
        }
        let ran = command.is_ok();
        let mut started = self.start(name, command)?;
        if ran {
            started.then = Some(Box::new(move || {
                record.record(&fp);
                Ok(())
            }));
        }
        Ok(started)
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
        let started = self.start_build_unless_made(name, out, inputs, command)?;
        self.finish(started)
    }

    /// [`Step::build_unless_made`], started: see [`Step::start`].
    pub fn start_build_unless_made(
        &mut self,
        name: &str,
        out: &Path,
        inputs: &Fingerprint,
        command: Command,
    ) -> Result<Started, String> {
        let folder = out.file_name().expect("a named folder").to_string_lossy();
        let stamp = paths().work().join("made").join(format!("{folder}.stamp"));
        let index = out.join("index.html");
        let written = move || {
            std::fs::metadata(&index)
                .and_then(|m| m.modified())
                .map(|t| format!("{t:?}"))
                .unwrap_or_default()
        };
        let fingerprint = inputs.finish();
        let wanted = move |written: String| format!("{fingerprint}\n{written}\n");
        let made = std::fs::read_to_string(&stamp).is_ok_and(|s| s == wanted(written()));
        if made && pass_record().is_enabled() {
            return Ok(Started::decided(
                name,
                &format!(
                    "reused: {} was made from the same inputs",
                    out.strip_prefix(root()).unwrap_or(out).display()
                ),
            ));
        }
        let _ = std::fs::remove_file(&stamp);
        let mut started = self.start(name, Ok(command))?;
        started.then = Some(Box::new(move || {
            let write = std::fs::create_dir_all(stamp.parent().expect("a folder"))
                .and_then(|()| std::fs::write(&stamp, wanted(written())));
            write.map_err(|e| format!("{}: {e}", stamp.display()))
        }));
        Ok(started)
    }

    /// Starts a step that shares the cores with what runs next, and whose
    /// output is kept: [`Step::finish`] shows it under the step's heading,
    /// with its time, so that the report reads as if the steps ran in turn.
    /// For steps that do not time anything (linters, builds): the harness's
    /// listings about time never run beside one.
    pub fn start(
        &mut self,
        name: &str,
        command: Result<Command, Missing>,
    ) -> Result<Started, String> {
        let mut command = match command {
            Ok(command) => command,
            Err(Missing(why)) if on_ci() => return Err(format!("{name}: {why}")),
            Err(Missing(why)) => {
                return Ok(Started::decided(name, &format!("warning: skipped: {why}")));
            }
        };
        let shown = show(&command);
        let started = Instant::now();
        let thread = std::thread::spawn(move || {
            let output = command.output();
            (output, started.elapsed().as_secs_f64())
        });
        Ok(Started {
            name: name.to_string(),
            said: None,
            running: Some(Running { shown, thread }),
            then: None,
        })
    }

    /// Waits for a started step, shows what it printed and its time, and
    /// fails as [`Step::run`] would have.
    pub fn finish(&mut self, started: Started) -> Result<(), String> {
        let Started {
            name,
            said,
            running,
            then,
        } = started;
        if self.announce {
            self.say(&format!("\n==> {name}"));
        }
        if let Some(said) = said {
            self.say(&format!("    {said}"));
        }
        let Some(Running { shown, thread }) = running else {
            return Ok(());
        };
        let (output, took) = thread
            .join()
            .map_err(|_| format!("{name}: the thread that waited for `{shown}` panicked"))?;
        let Output {
            status,
            stdout,
            stderr,
        } = output.map_err(|e| format!("cannot run `{shown}`: {e}"))?;
        use std::io::Write;
        let _ = std::io::stdout().write_all(&stdout);
        let _ = std::io::stdout().write_all(&stderr);
        if !status.success() {
            return Err(format!("`{shown}` failed ({status})"));
        }
        if let Some(then) = then {
            then()?;
        }
        if self.announce {
            self.say(&format!("    ({took:.1} s)"));
        }
        Ok(())
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

/// A step started by [`Step::start`], shown by [`Step::finish`].
pub struct Started {
    name: String,
    /// A line decided before anything ran (reused, skipped).
    said: Option<String>,
    running: Option<Running>,
    /// What to do once the step has passed (record it as passed).
    then: Option<Box<dyn FnOnce() -> Result<(), String>>>,
}

struct Running {
    shown: String,
    thread: JoinHandle<(std::io::Result<Output>, f64)>,
}

impl Started {
    fn decided(name: &str, said: &str) -> Started {
        Started {
            name: name.to_string(),
            said: Some(said.to_string()),
            running: None,
            then: None,
        }
    }
}
