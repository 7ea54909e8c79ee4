//! The harness executable doubles as two small compiler wrappers, chosen by
//! the name it is started under (symlinks in `target/book-checks/shim/`):
//!
//! * **`rustc`, for skeptic.** skeptic 0.14.2 picks the newest edition among
//!   the packages it sees but knows none after 2021, so it passes
//!   `--edition=2021` to code written for 2024. The `snippets` checks point
//!   skeptic's `RUSTC` here; this wrapper turns that flag into
//!   `--edition=2024` for skeptic's snippets (and only for them) and runs
//!   the real compiler. If skeptic ever compiles a snippet without
//!   `--edition=2021`, it fails and says so, so that an upgrade cannot
//!   change the edition silently. Remove it once skeptic knows 2024.
//! * **`rustdoc`, for `mdbook test`.** `mdbook test` gives rustdoc only
//!   `-L` folders. In edition 2018 and later that is not enough to
//!   `use tokio`, and `target/debug/deps` soon holds several builds of one
//!   crate (after `cargo check`, `cargo clippy`, a nightly build), which
//!   rustdoc rejects with E0464. The `mdbook_test` checks put this wrapper
//!   first on `PATH`; it adds an exact `--extern` for every crate a listing
//!   may use, from the build cargo just reported.
//!
//! This file is the one place the workaround is described.

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

/// Where the wrapper learns the real compiler.
const REAL_RUSTC: &str = "BOOK_REAL_RUSTC";
/// Where the wrapper learns the real rustdoc.
const REAL_RUSTDOC: &str = "BOOK_REAL_RUSTDOC";
/// The arguments the rustdoc wrapper adds, separated by newlines.
const RUSTDOC_ARGS: &str = "BOOK_RUSTDOC_ARGS";

/// If this process was started as one of the wrappers, does that job and
/// returns its exit code; otherwise returns `None`.
pub fn dispatch() -> Option<ExitCode> {
    let argv0 = std::env::args_os().next()?;
    let name = Path::new(&argv0).file_name()?.to_owned();
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    if name == "rustc" {
        Some(rustc(args))
    } else if name == "rustdoc" {
        Some(rustdoc(args))
    } else {
        None
    }
}

fn rustc(args: Vec<OsString>) -> ExitCode {
    let is_skeptic_snippet = args.iter().any(|a| {
        let path = Path::new(a);
        path.file_name() == Some(OsStr::new("test.rs"))
            && path.to_string_lossy().contains("rust-skeptic")
    });
    let mut replaced = false;
    let args: Vec<OsString> = args
        .into_iter()
        .map(|arg| {
            if is_skeptic_snippet && arg == "--edition=2021" {
                replaced = true;
                "--edition=2024".into()
            } else {
                arg
            }
        })
        .collect();
    if is_skeptic_snippet && !replaced {
        eprintln!(
            "rustc wrapper: skeptic did not pass --edition=2021; its edition handling changed, \
             so revisit the workaround in tests/src/shim.rs"
        );
        return ExitCode::from(2);
    }
    exec(
        std::env::var_os(REAL_RUSTC).unwrap_or_else(|| "rustc".into()),
        &args,
    )
}

fn rustdoc(mut args: Vec<OsString>) -> ExitCode {
    let extra = std::env::var_os(RUSTDOC_ARGS).unwrap_or_default();
    args.extend(
        extra
            .to_string_lossy()
            .lines()
            .filter(|l| !l.is_empty())
            .map(OsString::from),
    );
    exec(
        std::env::var_os(REAL_RUSTDOC).unwrap_or_else(|| "rustdoc".into()),
        &args,
    )
}

fn exec(program: OsString, args: &[OsString]) -> ExitCode {
    match Command::new(&program).args(args).status() {
        Ok(status) if status.success() => ExitCode::SUCCESS,
        Ok(status) => ExitCode::from(status.code().map_or(1, |c| c.clamp(1, 255) as u8)),
        Err(e) => {
            eprintln!("wrapper: cannot run {}: {e}", program.to_string_lossy());
            ExitCode::from(2)
        }
    }
}

/// The folder holding the `rustc` and `rustdoc` links to this executable.
pub fn dir() -> Result<PathBuf, String> {
    let dir = crate::work_dir().join("shim");
    let exe =
        std::env::current_exe().map_err(|e| format!("cannot find the harness executable: {e}"))?;
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for name in ["rustc", "rustdoc"] {
        let link = dir.join(name);
        if std::fs::read_link(&link).is_ok_and(|target| target == exe) {
            continue;
        }
        // Another run may be replacing it at the same moment: make the link
        // under a private name, then move it into place.
        let temp = dir.join(format!("{name}.{}", std::process::id()));
        let _ = std::fs::remove_file(&temp);
        std::os::unix::fs::symlink(&exe, &temp).map_err(|e| format!("{}: {e}", temp.display()))?;
        std::fs::rename(&temp, &link).map_err(|e| format!("{}: {e}", link.display()))?;
    }
    Ok(dir)
}

/// Points skeptic at the `rustc` wrapper. Must run before any other thread
/// starts (the harness calls it first thing in `main`).
#[allow(unsafe_code)]
pub fn use_for_skeptic() -> Result<(), String> {
    let dir = dir()?;
    let real = crate::run::original_rustc()
        .clone()
        .unwrap_or_else(|| "rustc".into());
    // SAFETY: `set_var` is unsound only while another thread reads or writes
    // the environment. `main` calls this before it starts any thread.
    unsafe {
        std::env::set_var(REAL_RUSTC, real);
        std::env::set_var("RUSTC", dir.join("rustc"));
    }
    Ok(())
}

/// The environment for running `mdbook test` with the rustdoc wrapper.
pub fn mdbook_test_env(
    command: &mut Command,
    sysroot: &Path,
    extra: &[OsString],
) -> Result<(), String> {
    let dir = dir()?;
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut paths = vec![dir];
    paths.extend(std::env::split_paths(&path));
    let joined = std::env::join_paths(paths).map_err(|e| e.to_string())?;
    let args: Vec<String> = extra
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    command
        .env("PATH", joined)
        .env(REAL_RUSTDOC, sysroot.join("bin/rustdoc"))
        .env(RUSTDOC_ARGS, args.join("\n"));
    Ok(())
}
