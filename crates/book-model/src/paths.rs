//! Where the tools find the repository and cargo's target folder.
//!
//! The target folder is cargo's, not `target/` written out: `CARGO_TARGET_DIR`
//! when it is set, else what `cargo metadata` says (which honours
//! `build.target-dir` of any `.cargo/config.toml`). The xtask resolves it
//! once and hands it to every command it runs as `CARGO_TARGET_DIR`, so the
//! harness, the link checker and the compiler wrappers find the same folder
//! without asking cargo again.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository's root and cargo's target folder for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paths {
    root: PathBuf,
    target: PathBuf,
}

impl Paths {
    /// The paths of the checkout at `root`: the target folder from
    /// `target_env` (the value of `CARGO_TARGET_DIR`; relative to the
    /// current folder, as cargo reads it), else from `cargo metadata`, run
    /// with `cargo`.
    pub fn resolve(
        root: &Path,
        cargo: &OsStr,
        target_env: Option<&OsStr>,
    ) -> Result<Paths, String> {
        let target = match target_env.filter(|v| !v.is_empty()) {
            Some(dir) => {
                let here = std::env::current_dir().map_err(|e| format!("current folder: {e}"))?;
                here.join(dir)
            }
            None => target_dir_from_cargo(root, cargo)?,
        };
        Ok(Paths::new(root, &target))
    }

    /// Paths with both folders given (fixtures, and tests of the tools).
    pub fn new(root: &Path, target: &Path) -> Paths {
        Paths {
            root: root.to_path_buf(),
            target: target.to_path_buf(),
        }
    }

    /// The repository's root.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Cargo's target folder.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Where the checks keep what they make (`TARGET/book-checks`).
    pub fn work(&self) -> PathBuf {
        self.target.join("book-checks")
    }

    /// A binary of the workspace, as `cargo build` (the dev profile, the host
    /// as target) leaves it.
    pub fn debug_binary(&self, name: &str) -> PathBuf {
        self.target.join("debug").join(name)
    }
}

/// `target_directory` of `cargo metadata`, run in `root`. Without
/// `CARGO_TARGET_DIR` for cargo: the caller asks because it is not set.
pub fn target_dir_from_cargo(root: &Path, cargo: &OsStr) -> Result<PathBuf, String> {
    let out = Command::new(cargo)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .current_dir(root)
        .env_remove("CARGO_TARGET_DIR")
        .output()
        .map_err(|e| format!("cannot run `cargo metadata` in {}: {e}", root.display()))?;
    if !out.status.success() {
        return Err(format!(
            "`cargo metadata` failed in {}, so cargo's target folder is unknown:\n{}",
            root.display(),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    target_dir_from_metadata(&out.stdout)
}

/// `target_directory` of `cargo metadata --format-version 1` output.
pub fn target_dir_from_metadata(json: &[u8]) -> Result<PathBuf, String> {
    #[derive(serde::Deserialize)]
    struct Metadata {
        target_directory: PathBuf,
    }
    serde_json::from_slice::<Metadata>(json)
        .map(|m| m.target_directory)
        .map_err(|e| format!("`cargo metadata` gave no target_directory: {e}"))
}

/// Fails when a binary built in one checkout is run for another: a
/// `target/` folder copied between checkouts keeps binaries that cargo
/// thinks fresh, and they would check the checkout they were built in.
/// `built_for` is the root the binary was compiled with
/// (`env!("CARGO_MANIFEST_DIR")`), `run_for` the one cargo runs it for (the
/// `CARGO_MANIFEST_DIR` cargo sets when it runs a binary or a test), and
/// `sources` the binary's source files, relative to the root, to touch.
pub fn same_checkout(
    built_for: &Path,
    run_for: Option<&Path>,
    sources: &[&str],
) -> Result<(), String> {
    let Some(run_for) = run_for else {
        return Ok(());
    };
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    };
    if same(built_for, run_for) {
        return Ok(());
    }
    Err(format!(
        "this binary was built from the checkout at {} but cargo runs it for {}: \
         its code and its paths are the other checkout's (was target/ copied?). \
         Run `touch {}` in {} and try again.",
        built_for.display(),
        run_for.display(),
        sources.join(" "),
        run_for.display()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_target_folder_is_read_from_cargo_metadata() {
        let json = br#"{"packages":[],"target_directory":"/elsewhere/target","version":1}"#;
        assert_eq!(
            target_dir_from_metadata(json).unwrap(),
            PathBuf::from("/elsewhere/target")
        );
        let err = target_dir_from_metadata(br#"{"version":1}"#).unwrap_err();
        assert!(err.contains("no target_directory"), "{err}");
    }

    #[test]
    fn work_folder_and_binaries_are_under_the_target_folder() {
        let paths = Paths::new(Path::new("/repo"), Path::new("/t"));
        assert_eq!(paths.work(), PathBuf::from("/t/book-checks"));
        assert_eq!(
            paths.debug_binary("mdbook-listings"),
            PathBuf::from("/t/debug/mdbook-listings")
        );
    }

    #[test]
    fn a_binary_run_for_another_checkout_is_refused() {
        let here = Path::new("/nowhere/a");
        assert!(same_checkout(here, None, &["x.rs"]).is_ok());
        assert!(same_checkout(here, Some(here), &["x.rs"]).is_ok());
        let err =
            same_checkout(here, Some(Path::new("/nowhere/b")), &["xtask/src/main.rs"]).unwrap_err();
        assert!(
            err.contains("built from the checkout at /nowhere/a but cargo runs it for /nowhere/b"),
            "{err}"
        );
        assert!(err.contains("touch xtask/src/main.rs"), "{err}");
    }
}
