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
//! * **`rustc-without-src`, for the compile-fail listings.** Once the
//!   `rust-src` component is installed (rust-analyzer asks for it), rustc
//!   1.95 finds std's source under `<sysroot>/lib/rustlib/src/rust` and
//!   quotes it in its messages: `note: … defined here` blocks with lines of
//!   std, and other line numbers. The book shows what the toolchain of
//!   `rust-toolchain.toml` (profile minimal, as in CI) prints without it.
//!   So the compile-fail builds of `checks::outputs`, which check the
//!   messages and bless them, name this wrapper `RUSTC_WORKSPACE_WRAPPER`;
//!   it passes rustc `--sysroot` with a sysroot made of one link
//!   (`target/book-checks/sysroot-without-src/lib/rustlib/<host>`, to the
//!   toolchain's compiled std) and no `lib/rustlib/src`. Cargo runs it for
//!   the workspace's crates only, so the listings' dependencies are built
//!   once for every check. Nobody has to remove `rust-src`.
//!
//! This file is the one place these workarounds are described.

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use book_model::Setting;

/// Where the wrapper learns the real compiler.
const REAL_RUSTC: &str = Setting::RealRustc.name();
/// Where the wrapper learns the real rustdoc.
const REAL_RUSTDOC: &str = Setting::RealRustdoc.name();
/// The arguments the rustdoc wrapper adds, separated by newlines.
const RUSTDOC_ARGS: &str = Setting::RustdocArgs.name();
/// Where the `rustc-without-src` wrapper learns the sysroot it passes.
const SYSROOT_WITHOUT_SRC: &str = Setting::SysrootWithoutSrc.name();
/// The names this executable answers to, besides its own.
const WRAPPERS: [&str; 3] = ["rustc", "rustdoc", "rustc-without-src"];

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
    } else if name == "rustc-without-src" {
        Some(rustc_without_src(args))
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

/// Cargo starts a workspace wrapper with the compiler's path, then the
/// compiler's arguments.
fn rustc_without_src(args: Vec<OsString>) -> ExitCode {
    let (Some((rustc, args)), Some(sysroot)) =
        (args.split_first(), std::env::var_os(SYSROOT_WITHOUT_SRC))
    else {
        eprintln!("rustc-without-src: start it through cargo, with {SYSROOT_WITHOUT_SRC} set");
        return ExitCode::from(2);
    };
    exec(rustc.clone(), &with_sysroot(&sysroot, args))
}

/// The compiler's arguments, with `--sysroot` in front.
fn with_sysroot(sysroot: &OsStr, args: &[OsString]) -> Vec<OsString> {
    let mut all = vec!["--sysroot".into(), sysroot.to_owned()];
    all.extend_from_slice(args);
    all
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

/// The folder holding the links to this executable ([`WRAPPERS`]).
pub fn dir() -> Result<PathBuf, String> {
    let dir = crate::work_dir().join("shim");
    let exe =
        std::env::current_exe().map_err(|e| format!("cannot find the harness executable: {e}"))?;
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for name in WRAPPERS {
        link(&exe, &dir.join(name))?;
    }
    Ok(dir)
}

/// Makes `link` a symbolic link to `target`, unless it is one already.
fn link(target: &Path, link: &Path) -> Result<(), String> {
    if std::fs::read_link(link).is_ok_and(|t| t == target) {
        return Ok(());
    }
    // Another run may be replacing it at the same moment: make the link
    // under a private name, then move it into place.
    let mut temp = link.as_os_str().to_owned();
    temp.push(format!(".{}", std::process::id()));
    let temp = PathBuf::from(temp);
    let _ = std::fs::remove_file(&temp);
    std::os::unix::fs::symlink(target, &temp).map_err(|e| format!("{}: {e}", temp.display()))?;
    std::fs::rename(&temp, link).map_err(|e| format!("{}: {e}", link.display()))
}

/// Makes `command` (a cargo build) compile the workspace's crates without
/// std's source in sight: see the module's documentation.
pub fn without_rust_src(command: &mut Command) -> Result<(), String> {
    let toolchain = crate::cache::toolchain()?;
    let sysroot = crate::work_dir().join("sysroot-without-src");
    sysroot_without_src(&toolchain.sysroot, &toolchain.host, &sysroot)?;
    command
        .env("RUSTC_WORKSPACE_WRAPPER", dir()?.join("rustc-without-src"))
        .env(SYSROOT_WITHOUT_SRC, &sysroot);
    Ok(())
}

/// Makes `at` a sysroot that holds `real`'s compiled libraries for `host`
/// and nothing else: no `lib/rustlib/src`.
fn sysroot_without_src(real: &Path, host: &str, at: &Path) -> Result<(), String> {
    let rustlib = at.join("lib/rustlib");
    std::fs::create_dir_all(&rustlib).map_err(|e| format!("{}: {e}", rustlib.display()))?;
    link(&real.join("lib/rustlib").join(host), &rustlib.join(host))
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
        // Cargo's target folder, found once: every cargo, wrapper and tool
        // the checks start uses it without asking cargo again.
        std::env::set_var("CARGO_TARGET_DIR", crate::target_dir());
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

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("book-tests-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn the_sysroot_without_src_has_the_compiled_std_and_no_source() {
        let dir = temp_dir("fake-sysroot");
        let (real, shadow) = (dir.join("real"), dir.join("shadow"));
        let host = "x86_64-unknown-linux-gnu";
        for folder in [format!("{host}/lib"), "src/rust/library/std/src".into()] {
            std::fs::create_dir_all(real.join("lib/rustlib").join(folder)).unwrap();
        }
        sysroot_without_src(&real, host, &shadow).unwrap();
        // Twice: a second run finds the link in place.
        sysroot_without_src(&real, host, &shadow).unwrap();
        let rustlib = shadow.join("lib/rustlib");
        let names: Vec<_> = std::fs::read_dir(&rustlib)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, [host]);
        assert!(rustlib.join(host).join("lib").is_dir());
        assert!(!rustlib.join("src").exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn rustc_builds_against_the_sysroot_without_src() {
        let dir = temp_dir("sysroot-without-src");
        let toolchain = crate::cache::toolchain().unwrap();
        let shadow = dir.join("sysroot");
        sysroot_without_src(&toolchain.sysroot, &toolchain.host, &shadow).unwrap();
        let program = dir.join("main.rs");
        std::fs::write(&program, "fn main() { println!(\"{:?}\", vec![1]); }\n").unwrap();
        let rustc = crate::run::original_rustc()
            .clone()
            .unwrap_or_else(|| "rustc".into());
        let ask = |args: &[&OsStr]| {
            let mut rustc = Command::new(&rustc);
            rustc.args(with_sysroot(shadow.as_os_str(), &[])).args(args);
            crate::run::stdout_of(rustc, "rustc")
        };
        assert_eq!(
            ask(&["--print".as_ref(), "sysroot".as_ref()])
                .unwrap()
                .trim(),
            shadow.to_str().unwrap()
        );
        ask(&[
            "--edition=2024".as_ref(),
            "--emit=metadata".as_ref(),
            "--out-dir".as_ref(),
            dir.as_os_str(),
            program.as_os_str(),
        ])
        .unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
