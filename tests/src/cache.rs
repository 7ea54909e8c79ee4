//! Reusing checks that passed with exactly the same inputs.
//!
//! Every check that is worth reusing names what its verdict depends on in a
//! [`Fingerprint`]. It starts from a base that takes in the toolchain
//! (`rustc -vV`, and what its sysroot holds: see [`sysroot_contents`]),
//! every manifest and `Cargo.lock` (so every dependency
//! version), `book.toml`, and this harness's own executable (so any change to the
//! checking code); each check adds its own inputs. A check
//! that passes is recorded ([`PassRecord`]); the next run with the same
//! fingerprint reuses the verdict instead of running the check again.
//!
//! `BOOK_NO_CACHE=1` turns reuse off; blessing never reuses.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use book_model::{Fingerprint, PassRecord};

use crate::book::Book;
use crate::{expect, repo_root, target_dir};

/// The files every check's verdict may depend on.
const SHARED_INPUTS: &[&str] = &[
    "Cargo.toml",
    "Cargo.lock",
    "rust-toolchain.toml",
    "book.toml",
    "listings/Cargo.toml",
    "listings/src/lib.rs",
    "listings/compile-fail/Cargo.toml",
];

pub struct Cache {
    record: PassRecord,
    base: Result<Fingerprint, String>,
    reused: AtomicUsize,
    ran: AtomicUsize,
}

/// The cache of this run.
pub fn cache() -> &'static Cache {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    CACHE.get_or_init(|| {
        let record = PassRecord::new(&target_dir());
        Cache {
            record: if expect::blessing() {
                record.disabled()
            } else {
                record
            },
            base: base(),
            reused: AtomicUsize::new(0),
            ran: AtomicUsize::new(0),
        }
    })
}

fn base() -> Result<Fingerprint, String> {
    let mut fp = Fingerprint::new("book-checks");
    let toolchain = toolchain()?;
    fp.add("toolchain", toolchain.verbose_version.as_bytes());
    fp.add("sysroot", sysroot_contents(&toolchain.sysroot));
    for file in SHARED_INPUTS {
        add_repo_file(&mut fp, Path::new(file));
    }
    let exe = std::env::current_exe().map_err(|e| format!("cannot find the harness: {e}"))?;
    fp.add_executable(&exe)
        .map_err(|e| format!("{}: {e}", exe.display()))?;
    Ok(fp)
}

impl Cache {
    /// A fingerprint for the check `name`, to which the check adds its own
    /// inputs.
    pub fn fingerprint(&self, name: &str) -> Result<Fingerprint, String> {
        let mut fp = self.base.clone()?;
        fp.add("check", name);
        Ok(fp)
    }

    /// A fingerprint for the check `name` on `book`. For the repository's
    /// book, [`Cache::fingerprint`]; a fixture book's also takes in where it
    /// is and its own manifests, lock file and `book.toml`, so that a check
    /// passed on one fixture is never reused for another.
    pub fn fingerprint_for(&self, book: &Book, name: &str) -> Result<Fingerprint, String> {
        let mut fp = self.fingerprint(name)?;
        if !book.is_the_repository() {
            fp.add("book", book.root.to_string_lossy().as_bytes());
            for file in SHARED_INPUTS {
                add_file(&mut fp, &book.root, Path::new(file));
            }
        }
        Ok(fp)
    }

    /// Runs `check` unless a run with the same fingerprint passed before,
    /// and records a pass.
    pub fn reuse_or_run(
        &self,
        fingerprint: &Fingerprint,
        check: impl FnOnce() -> Result<(), String>,
    ) -> Result<(), String> {
        if self.record.passed(fingerprint) {
            self.reused.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        self.ran.fetch_add(1, Ordering::Relaxed);
        check()?;
        self.record.record(fingerprint);
        Ok(())
    }

    /// Like [`Cache::reuse_or_run`], for a check that measures something
    /// (the verify tier's figures, as text): a reused check gives back what
    /// it measured when it ran, kept with its pass record. A pass that kept
    /// nothing runs again.
    pub fn reuse_or_measure(
        &self,
        fingerprint: &Fingerprint,
        check: impl FnOnce() -> Result<String, String>,
    ) -> Result<String, String> {
        if let Some(kept) = self.record.kept(fingerprint).filter(|k| !k.is_empty()) {
            self.reused.fetch_add(1, Ordering::Relaxed);
            return Ok(kept);
        }
        self.ran.fetch_add(1, Ordering::Relaxed);
        let measured = check()?;
        self.record.record_with(fingerprint, &measured);
        Ok(measured)
    }

    /// "reused 40 of 120 checks", for the end of a run.
    pub fn summary(&self) -> String {
        let reused = self.reused.load(Ordering::Relaxed);
        let ran = self.ran.load(Ordering::Relaxed);
        if self.record.is_enabled() {
            format!(
                "{reused} of {} cacheable checks reused from earlier passing runs (inputs unchanged; BOOK_NO_CACHE=1 runs them all)",
                reused + ran
            )
        } else {
            format!("{ran} cacheable checks run, none reused (cache off)")
        }
    }
}

/// The toolchain that compiles everything, as `rustc -vV` describes it.
pub struct Toolchain {
    pub verbose_version: String,
    /// The host target triple, which skeptic compiles snippets for.
    pub host: String,
    /// The sysroot, where the matching `rustdoc` lives.
    pub sysroot: PathBuf,
}

pub fn toolchain() -> Result<&'static Toolchain, String> {
    static TOOLCHAIN: OnceLock<Result<Toolchain, String>> = OnceLock::new();
    TOOLCHAIN
        .get_or_init(|| {
            let rustc = crate::run::original_rustc()
                .clone()
                .unwrap_or_else(|| "rustc".into());
            let ask = |args: &[&str]| {
                let mut ask = Command::new(&rustc);
                ask.current_dir(repo_root()).args(args);
                crate::run::stdout_of(ask, &format!("rustc {}", args.join(" ")))
            };
            let verbose_version = ask(&["-vV"])?;
            let host = verbose_version
                .lines()
                .find_map(|l| l.strip_prefix("host: "))
                .ok_or("rustc -vV names no host")?
                .to_string();
            let sysroot = PathBuf::from(ask(&["--print", "sysroot"])?.trim());
            Ok(Toolchain {
                verbose_version,
                host,
                sysroot,
            })
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// The names in the sysroot's `lib/rustlib/`, sorted: one folder per
/// target, one `manifest-…` per rustup component, and `src` once the
/// `rust-src` component is installed. The version alone does not say what
/// the compiler prints: with std's source at hand, rustc 1.95 quotes it in
/// its messages. The compile-fail builds hide it ([`crate::shim`]); should
/// that ever fail, a component added or removed still runs every check
/// again.
pub fn sysroot_contents(sysroot: &Path) -> String {
    let dir = sysroot.join("lib/rustlib");
    let mut names: Vec<String> = fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_else(|e| vec![format!("<{}: {e}>", dir.display())]);
    names.sort();
    names.join("\n")
}

/// Adds a file of the repository (named relative to it) to a fingerprint.
pub fn add_repo_file(fp: &mut Fingerprint, path: &Path) {
    add_file(fp, repo_root(), path);
}

/// Adds a file of the book at `root` (named relative to it) to a
/// fingerprint.
pub fn add_file(fp: &mut Fingerprint, root: &Path, path: &Path) {
    let label = path.to_string_lossy();
    match fs::read(root.join(path)) {
        Ok(bytes) => fp.add(&label, bytes),
        Err(_) => fp.add(&label, b"<missing>"),
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_component_added_to_the_sysroot_changes_its_contents() {
        let sysroot =
            std::env::temp_dir().join(format!("book-tests-sysroot-{}", std::process::id()));
        let rustlib = sysroot.join("lib/rustlib");
        fs::create_dir_all(rustlib.join("x86_64-unknown-linux-gnu")).unwrap();
        let without = sysroot_contents(&sysroot);
        fs::create_dir_all(rustlib.join("src/rust")).unwrap();
        let with = sysroot_contents(&sysroot);
        fs::remove_dir_all(&sysroot).unwrap();
        assert_eq!(without, "x86_64-unknown-linux-gnu");
        assert_eq!(with, "src\nx86_64-unknown-linux-gnu");
    }
}
