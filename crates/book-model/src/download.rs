//! The workspaces readers download, published next to the book: every
//! listing ([`write_listings_workspace`]) and the exercises' starters
//! ([`crate::write_reader_workspace`]). Both are plain Cargo workspaces
//! with the dependency versions the book was tested with and its
//! `Cargo.lock`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The folder name of the listings workspace readers download.
pub const LISTINGS_WORKSPACE: &str = "rust-concurrency-listings";

/// The folders copied as they are: the programs, their data and their
/// expected outputs, the compile-fail programs and the loom models.
const COPIED: [&str; 8] = [
    "listings/src",
    "listings/examples",
    "listings/tests",
    "listings/data",
    "listings/output",
    "listings/compile-fail/src",
    "listings/models/lib.rs",
    "listings/models/tests",
];

/// The packages, as the repository lays them out, so that every command the
/// book shows (`cargo run -q -p listings --example NAME`) works unchanged.
const PACKAGES: [&str; 3] = ["listings", "listings/compile-fail", "listings/models"];

pub(crate) fn io_error(path: &Path, e: std::io::Error) -> String {
    format!("{}: {e}", path.display())
}

/// The repository's `Cargo.toml`, parsed.
pub(crate) fn root_manifest(root: &Path) -> Result<toml::Table, String> {
    let path = root.join("Cargo.toml");
    let text = std::fs::read_to_string(&path).map_err(|e| io_error(&path, e))?;
    toml::from_str(&text).map_err(|e| format!("Cargo.toml: {e}"))
}

/// `[workspace.KEY]` of the repository's manifest.
pub(crate) fn workspace_table(manifest: &toml::Table, key: &str) -> Result<toml::Table, String> {
    manifest
        .get("workspace")
        .and_then(|w| w.get(key))
        .and_then(|d| d.as_table())
        .cloned()
        .ok_or_else(|| format!("Cargo.toml has no [workspace.{key}]"))
}

/// The repository's `[profile]` settings, for a download's manifest: a
/// reader's builds are as quick as ours, and the test command's build of a
/// download reuses the dependencies it built for the book. Overrides for
/// named packages (today only `[profile.dev.package.sha2]`, for the
/// harness's hashing) are left out: a download that does not build such a
/// package would warn on every build that the name matches nothing. The
/// override for every dependency (`"*"`) stays.
pub(crate) fn profiles(manifest: &toml::Table) -> Option<toml::Value> {
    let mut profiles = manifest.get("profile")?.as_table()?.clone();
    for (_, profile) in profiles.iter_mut() {
        if let Some(packages) = profile
            .as_table_mut()
            .and_then(|p| p.get_mut("package"))
            .and_then(|p| p.as_table_mut())
        {
            packages.retain(|name, _| name == "*");
        }
    }
    Some(toml::Value::Table(profiles))
}

/// A download's folder, written file by file. A file whose content is
/// already right is left alone, and at the end every file that was not
/// written is removed: cargo judges a file changed by its modification time,
/// so a download written afresh would be built again whole, where one edited
/// listing should cost one program.
pub(crate) struct Tree {
    dir: PathBuf,
    written: BTreeSet<PathBuf>,
}

impl Tree {
    pub(crate) fn new(dir: PathBuf) -> Tree {
        Tree {
            dir,
            written: BTreeSet::new(),
        }
    }

    /// Writes `bytes` to `path` (in the tree's folder), creating its folder,
    /// unless the file holds them already.
    pub(crate) fn write(&mut self, path: &Path, bytes: &[u8]) -> Result<(), String> {
        debug_assert!(path.starts_with(&self.dir), "{} is outside", path.display());
        self.written.insert(path.to_path_buf());
        if std::fs::read(path).is_ok_and(|old| old == bytes) {
            return Ok(());
        }
        std::fs::create_dir_all(path.parent().expect("a file in a folder"))
            .map_err(|e| io_error(path, e))?;
        std::fs::write(path, bytes).map_err(|e| io_error(path, e))
    }

    /// Copies a file, or a folder and all it holds, to `to`.
    pub(crate) fn copy(&mut self, from: &Path, to: &Path) -> Result<(), String> {
        if from.is_dir() {
            for entry in std::fs::read_dir(from).map_err(|e| io_error(from, e))? {
                let entry = entry.map_err(|e| io_error(from, e))?;
                self.copy(&entry.path(), &to.join(entry.file_name()))?;
            }
            Ok(())
        } else {
            let bytes = std::fs::read(from).map_err(|e| io_error(from, e))?;
            self.write(to, &bytes)
        }
    }

    /// Removes every file (and then every empty folder) that was not
    /// written, and returns the folder.
    pub(crate) fn finish(self) -> Result<PathBuf, String> {
        fn prune(dir: &Path, keep: &BTreeSet<PathBuf>) -> Result<bool, String> {
            let mut empty = true;
            for entry in std::fs::read_dir(dir).map_err(|e| io_error(dir, e))? {
                let path = entry.map_err(|e| io_error(dir, e))?.path();
                if path.is_dir() {
                    if prune(&path, keep)? {
                        std::fs::remove_dir(&path).map_err(|e| io_error(&path, e))?;
                    } else {
                        empty = false;
                    }
                } else if keep.contains(&path) {
                    empty = false;
                } else {
                    std::fs::remove_file(&path).map_err(|e| io_error(&path, e))?;
                }
            }
            Ok(empty)
        }
        prune(&self.dir, &self.written)?;
        Ok(self.dir)
    }
}

/// Calls `f` on each dependency table of a package manifest: its
/// `[dependencies]` and `[dev-dependencies]`, and those of each
/// `[target.'cfg(…)']` table (the models' loom, only under `--cfg loom`).
fn for_each_dependency_table(
    manifest: &mut toml::Table,
    f: &mut dyn FnMut(&mut toml::Table) -> Result<(), String>,
) -> Result<(), String> {
    for section in ["dependencies", "dev-dependencies"] {
        if let Some(deps) = manifest.get_mut(section).and_then(|d| d.as_table_mut()) {
            f(deps)?;
        }
    }
    if let Some(targets) = manifest.get_mut("target").and_then(|t| t.as_table_mut()) {
        for (_, target) in targets.iter_mut() {
            if let Some(target) = target.as_table_mut() {
                for_each_dependency_table(target, f)?;
            }
        }
    }
    Ok(())
}

/// Writes every listing, as a workspace of its own, into
/// `out/LISTINGS_WORKSPACE/`. The benchmarks stay out: they need the
/// book's own timing crate.
pub fn write_listings_workspace(root: &Path, out: &Path) -> Result<PathBuf, String> {
    let manifest = root_manifest(root)?;
    let dir = out.join(LISTINGS_WORKSPACE);
    let mut tree = Tree::new(dir.clone());
    for path in COPIED {
        tree.copy(&root.join(path), &dir.join(path))?;
    }
    let pinned = workspace_table(&manifest, "dependencies")?;
    let mut used = toml::Table::new();
    for package in PACKAGES {
        let path = Path::new(package).join("Cargo.toml");
        let text = std::fs::read_to_string(root.join(&path)).map_err(|e| io_error(&path, e))?;
        let mut own: toml::Table =
            toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        own.remove("bench");
        for_each_dependency_table(&mut own, &mut |deps| {
            deps.retain(|name, _| name != "bench-sampler");
            for name in deps.keys() {
                let version = pinned
                    .get(name)
                    .ok_or_else(|| format!("{name} is not pinned in Cargo.toml"))?;
                used.insert(name.clone(), version.clone());
            }
            Ok(())
        })?;
        let text = toml::to_string(&own).map_err(|e| e.to_string())?;
        tree.write(&dir.join(&path), text.as_bytes())?;
    }
    let mut workspace = toml::Table::new();
    workspace.insert("resolver".into(), "3".into());
    workspace.insert("members".into(), PACKAGES.to_vec().into());
    workspace.insert(
        "default-members".into(),
        vec!["listings", "listings/models"].into(),
    );
    workspace.insert(
        "package".into(),
        workspace_table(&manifest, "package")?.into(),
    );
    workspace.insert("dependencies".into(), used.into());
    workspace.insert("lints".into(), workspace_table(&manifest, "lints")?.into());
    let mut top = toml::Table::new();
    top.insert("workspace".into(), workspace.into());
    if let Some(profiles) = profiles(&manifest) {
        top.insert("profile".into(), profiles);
    }
    let header = "# Every listing of Rust Concurrency Patterns, as the book runs them:\n\
                  #   cargo run -q -p listings --example ch02-01-spawn\n\
                  #   cargo test -q -p listings --test NAME\n\
                  #   cargo build -q -p compile-fail --bin NAME   (these must fail)\n\
                  #   RUSTFLAGS=\"--cfg loom\" cargo test -q --release -p models --test NAME\n\
                  # listings/output/ holds what each printed when the book was built.\n";
    let text = toml::to_string(&top).map_err(|e| e.to_string())?;
    tree.write(
        &dir.join("Cargo.toml"),
        format!("{header}{text}").as_bytes(),
    )?;
    tree.copy(&root.join("Cargo.lock"), &dir.join("Cargo.lock"))?;
    tree.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_download_keeps_the_profiles_but_not_an_override_for_one_package() {
        let manifest: toml::Table = toml::from_str(
            r#"
            [profile.dev]
            incremental = false
            [profile.dev.package."*"]
            debug = false
            [profile.dev.package.sha2]
            opt-level = 3
            "#,
        )
        .unwrap();
        let expected: toml::Value = toml::from_str::<toml::Table>(
            r#"
            [dev]
            incremental = false
            [dev.package."*"]
            debug = false
            "#,
        )
        .unwrap()
        .into();
        assert_eq!(profiles(&manifest), Some(expected));
    }

    #[test]
    fn a_tree_keeps_what_is_unchanged_and_removes_what_is_gone() {
        let dir = std::env::temp_dir().join(format!("book-model-tree-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let mut first = Tree::new(dir.clone());
        first.write(&dir.join("same.rs"), b"same").unwrap();
        first.write(&dir.join("edited.rs"), b"old").unwrap();
        first.write(&dir.join("gone/gone.rs"), b"gone").unwrap();
        first.finish().unwrap();
        let modified = |name: &str| {
            std::fs::metadata(dir.join(name))
                .unwrap()
                .modified()
                .unwrap()
        };
        let before = modified("same.rs");
        std::thread::sleep(std::time::Duration::from_millis(20));

        let mut second = Tree::new(dir.clone());
        second.write(&dir.join("same.rs"), b"same").unwrap();
        second.write(&dir.join("edited.rs"), b"new").unwrap();
        second.finish().unwrap();
        assert_eq!(
            modified("same.rs"),
            before,
            "an unchanged file was written again"
        );
        assert_eq!(std::fs::read(dir.join("edited.rs")).unwrap(), b"new");
        assert!(
            !dir.join("gone").exists(),
            "a file no longer written was kept"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
