//! Exercises: a tested solution, and the starter the reader begins from,
//! cut out of it.
//!
//! An exercise is a package of its own, `listings/exercises/NAME/`:
//!
//! * `src/lib.rs`, the solution. Each part the reader writes sits between a
//!   line `// starter: TEXT` and a line `// end starter`;
//! * `tests/NAME.rs`, the tests the reader runs on their attempt
//!   (`cargo test -p NAME`), and the harness on the solution;
//! * `starter/lib.rs`, the solution with each such part replaced by its TEXT
//!   (usually a `todo!`), written by `cargo xtask bless` and compared by the
//!   checks, so that it cannot drift from the solution. `starter/Cargo.toml`
//!   builds it as the package `NAME-starter`, with the same tests, which must
//!   all fail;
//! * optionally, other files in `src/` that the reader is given as they are
//!   (the `sync.rs` facade of an exercise with a loom grader), copied into
//!   `starter/` by `cargo xtask bless` and compared there like the starter;
//! * optionally, a loom grader, `tests/loom.rs` (empty without `--cfg
//!   loom`), and wrong solutions that it must reject, `wrong/CASE.rs`, each
//!   with the text its failure must contain, `wrong/CASE.txt`, which the
//!   exercise's page shows; and wrong solutions that it must pass,
//!   `missed/CASE.rs`, whose mistake loom cannot show.

use std::path::{Path, PathBuf};

/// Where the exercises live, relative to the repository.
pub const EXERCISES_DIR: &str = "listings/exercises";

/// Where the book is published: a grader's failure links to a section of a
/// chapter there (`PUBLISHED_BOOK` + `ch08-waiting-and-waking.html#…`).
pub const PUBLISHED_BOOK: &str = "https://rust-concurrency-patterns.github.io/book/";

/// One exercise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exercise {
    pub name: String,
}

impl Exercise {
    /// Every exercise: each folder of `listings/exercises/` with a manifest.
    pub fn discover(root: &Path) -> Vec<Exercise> {
        let mut found: Vec<Exercise> = std::fs::read_dir(root.join(EXERCISES_DIR))
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.path().join("Cargo.toml").is_file())
            .map(|e| Exercise {
                name: e.file_name().to_string_lossy().into_owned(),
            })
            .collect();
        found.sort_by(|a, b| a.name.cmp(&b.name));
        found
    }

    pub fn dir(&self) -> PathBuf {
        Path::new(EXERCISES_DIR).join(&self.name)
    }

    /// The solution, relative to the repository.
    pub fn solution(&self) -> PathBuf {
        self.dir().join("src/lib.rs")
    }

    /// The tests, relative to the repository.
    pub fn tests(&self) -> PathBuf {
        self.dir().join(format!("tests/{}.rs", self.name))
    }

    /// The starter (generated from the solution), relative to the repository.
    pub fn starter(&self) -> PathBuf {
        self.dir().join("starter/lib.rs")
    }

    /// The package that builds the starter against the same tests.
    pub fn starter_package(&self) -> String {
        format!("{}-starter", self.name)
    }

    /// What the reader runs on their attempt.
    pub fn command(&self) -> String {
        format!("cargo test -p {}", self.name)
    }

    /// The files of `src/` besides the solution, which the reader gets as
    /// they are (relative to the repository, sorted).
    pub fn given(&self, root: &Path) -> Vec<PathBuf> {
        let src = self.dir().join("src");
        let mut found: Vec<PathBuf> = std::fs::read_dir(root.join(&src))
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.path().is_file() && e.file_name() != "lib.rs")
            .map(|e| src.join(e.file_name()))
            .collect();
        found.sort();
        found
    }

    /// Where the starter package keeps its copy of a `given` file.
    pub fn starter_copy(&self, given: &Path) -> PathBuf {
        self.dir()
            .join("starter")
            .join(given.file_name().expect("a given file has a name"))
    }

    /// Every test file: the tests of [`Exercise::tests`], and the grader
    /// if there is one (relative to the repository, sorted).
    pub fn test_files(&self, root: &Path) -> Vec<PathBuf> {
        let tests = self.dir().join("tests");
        let mut found: Vec<PathBuf> = std::fs::read_dir(root.join(&tests))
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.path().is_file())
            .map(|e| tests.join(e.file_name()))
            .collect();
        found.sort();
        found
    }

    /// The loom grader, relative to the repository (it may not exist).
    pub fn grader(&self) -> PathBuf {
        self.dir().join("tests/loom.rs")
    }

    /// Whether the exercise has a loom grader.
    pub fn has_grader(&self, root: &Path) -> bool {
        root.join(self.grader()).is_file()
    }

    /// The command that runs the grader, in the exercises workspace.
    pub fn grader_command(&self) -> String {
        format!(
            "RUSTFLAGS=\"--cfg loom\" cargo test -p {} --release --test loom",
            self.name
        )
    }

    /// The command that runs the exercise's tests under Miri.
    pub fn miri_command(&self) -> String {
        format!("cargo +nightly miri test -p {}", self.name)
    }

    /// The wrong solutions the grader must reject, `wrong/CASE.rs`
    /// (relative to the repository, sorted).
    pub fn wrong_solutions(&self, root: &Path) -> Vec<PathBuf> {
        self.programs_in(root, "wrong")
    }

    /// The wrong solutions that the grader cannot reject, because their
    /// mistake shows only through a choice that loom does not explore (a
    /// spurious wakeup, say), `missed/CASE.rs`: the grader must pass them,
    /// as the exercise's page says (relative to the repository, sorted).
    pub fn missed_solutions(&self, root: &Path) -> Vec<PathBuf> {
        self.programs_in(root, "missed")
    }

    /// The `.rs` files of the exercise's folder `folder` (relative to the
    /// repository, sorted).
    fn programs_in(&self, root: &Path, folder: &str) -> Vec<PathBuf> {
        let dir = self.dir().join(folder);
        let mut found: Vec<PathBuf> = std::fs::read_dir(root.join(&dir))
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
            .map(|e| dir.join(e.file_name()))
            .collect();
        found.sort();
        found
    }
}

/// The text the grader's failure on a wrong solution must contain, which
/// the exercise's page shows: `wrong/CASE.txt` beside `wrong/CASE.rs`.
pub fn grader_message(wrong: &Path) -> PathBuf {
    wrong.with_extension("txt")
}

/// The starter cut from a solution: each part between `// starter: TEXT`
/// and `// end starter` becomes TEXT, indented as the marker was.
pub fn cut_starter(solution: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut inside = false;
    let mut parts = 0;
    for (number, line) in solution.lines().enumerate() {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        if let Some(text) = trimmed.strip_prefix("// starter:") {
            if inside {
                return Err(format!(
                    "line {}: a starter part inside another",
                    number + 1
                ));
            }
            inside = true;
            parts += 1;
            out += &format!("{indent}{}\n", text.trim());
        } else if trimmed == "// end starter" {
            if !inside {
                return Err(format!(
                    "line {}: `// end starter` with no start",
                    number + 1
                ));
            }
            inside = false;
        } else if !inside {
            out += line;
            out.push('\n');
        }
    }
    if inside {
        return Err("a `// starter:` part is never ended".into());
    }
    if parts == 0 {
        return Err("no `// starter:` part: the starter would be the solution".into());
    }
    Ok(out)
}

/// The folder name of the exercises workspace readers download.
pub const READER_WORKSPACE: &str = "rust-concurrency-exercises";

/// Writes the workspace readers download into `out/READER_WORKSPACE/`: one
/// package per exercise, with the starter as its `src/lib.rs` and its tests,
/// no solution; the dependency versions the book was tested with; and the
/// repository's `Cargo.lock`, so that they resolve to the same crates.
pub fn write_reader_workspace(root: &Path, out: &Path) -> Result<PathBuf, String> {
    use crate::download::{Tree, io_error, profiles, root_manifest, workspace_table};
    let read =
        |path: &Path| std::fs::read_to_string(root.join(path)).map_err(|e| io_error(path, e));
    let root_manifest = root_manifest(root)?;
    let pinned = workspace_table(&root_manifest, "dependencies")?;
    let dir = out.join(READER_WORKSPACE);
    let mut tree = Tree::new(dir.clone());
    let exercises = Exercise::discover(root);
    let mut used = toml::Table::new();
    // The repository's lints (those that know `cfg(loom)`), if it has any.
    let lints = root_manifest
        .get("workspace")
        .and_then(|w| w.get("lints"))
        .cloned();
    for exercise in &exercises {
        let own: toml::Table = toml::from_str(&read(&exercise.dir().join("Cargo.toml"))?)
            .map_err(|e| format!("{}: {e}", exercise.dir().display()))?;
        // Each dependency inherited from the workspace, which pins it.
        let mut inherit_all = |deps: Option<&toml::Table>| -> Result<toml::Table, String> {
            let mut dependencies = toml::Table::new();
            for name in deps.into_iter().flat_map(|d| d.keys()) {
                let version = pinned
                    .get(name)
                    .ok_or_else(|| format!("{name} is not pinned in Cargo.toml"))?;
                used.insert(name.clone(), version.clone());
                let mut inherit = toml::Table::new();
                inherit.insert("workspace".into(), true.into());
                dependencies.insert(name.clone(), inherit.into());
            }
            Ok(dependencies)
        };
        let dependencies = inherit_all(own.get("dependencies").and_then(|d| d.as_table()))?;
        // The grader's loom, only under `--cfg loom`.
        let mut targets = toml::Table::new();
        for (cfg, target) in own
            .get("target")
            .and_then(|t| t.as_table())
            .into_iter()
            .flatten()
        {
            let deps = target.get("dependencies").and_then(|d| d.as_table());
            let mut table = toml::Table::new();
            table.insert("dependencies".into(), inherit_all(deps)?.into());
            targets.insert(cfg.clone(), table.into());
        }
        let mut package = toml::Table::new();
        package.insert("name".into(), exercise.name.clone().into());
        package.insert("version".into(), "0.1.0".into());
        let mut inherit = toml::Table::new();
        inherit.insert("workspace".into(), true.into());
        package.insert("edition".into(), inherit.into());
        let mut manifest = toml::Table::new();
        manifest.insert("package".into(), package.into());
        manifest.insert("dependencies".into(), dependencies.into());
        if !targets.is_empty() {
            manifest.insert("target".into(), targets.into());
        }
        if lints.is_some() {
            let mut inherit = toml::Table::new();
            inherit.insert("workspace".into(), true.into());
            manifest.insert("lints".into(), inherit.into());
        }
        let package = toml::to_string(&manifest).map_err(|e| e.to_string())?;
        let target = dir.join(&exercise.name);
        tree.write(&target.join("Cargo.toml"), package.as_bytes())?;
        tree.write(
            &target.join("src/lib.rs"),
            read(&exercise.starter())?.as_bytes(),
        )?;
        for file in exercise
            .given(root)
            .iter()
            .chain(&exercise.test_files(root))
        {
            let under = file
                .strip_prefix(exercise.dir())
                .expect("a file of the exercise");
            tree.write(&target.join(under), read(file)?.as_bytes())?;
        }
    }
    // How to run the tests, the grader and Miri.
    let readme = Path::new(EXERCISES_DIR).join("README.md");
    let has_readme = root.join(&readme).is_file();
    if has_readme {
        tree.write(&dir.join("README.md"), read(&readme)?.as_bytes())?;
    }
    let members: Vec<String> = exercises.iter().map(|e| e.name.clone()).collect();
    let mut package = toml::Table::new();
    package.insert("edition".into(), "2024".into());
    let mut table = toml::Table::new();
    table.insert("resolver".into(), "3".into());
    table.insert("members".into(), members.into());
    table.insert("package".into(), package.into());
    table.insert("dependencies".into(), used.into());
    if let Some(lints) = lints {
        table.insert("lints".into(), lints);
    }
    let mut top = toml::Table::new();
    top.insert("workspace".into(), table.into());
    if let Some(profiles) = profiles(&root_manifest) {
        top.insert("profile".into(), profiles);
    }
    let workspace = format!(
        "# The exercises of Rust Concurrency Patterns: one package each, with the\n\
         # starter code and the tests. Run an exercise's tests with\n\
         # `cargo test -p NAME` (its page in the book gives the command).\n{}{}",
        if has_readme {
            "# README.md says how to run the loom grader and Miri.\n"
        } else {
            ""
        },
        toml::to_string(&top).map_err(|e| e.to_string())?
    );
    tree.write(&dir.join("Cargo.toml"), workspace.as_bytes())?;
    tree.copy(&root.join("Cargo.lock"), &dir.join("Cargo.lock"))?;
    tree.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_become_their_text() {
        let solution =
            "fn f() -> u32 {\n    // starter: todo!(\"add\")\n    1 + 1\n    // end starter\n}\n";
        assert_eq!(
            cut_starter(solution).unwrap(),
            "fn f() -> u32 {\n    todo!(\"add\")\n}\n"
        );
        assert!(cut_starter("fn f() {}\n").is_err());
        assert!(cut_starter("// starter: x\n").is_err());
        assert!(cut_starter("// end starter\n").is_err());
    }

    #[test]
    fn paths() {
        let e = Exercise {
            name: "philosophers".into(),
        };
        assert_eq!(
            e.tests(),
            Path::new("listings/exercises/philosophers/tests/philosophers.rs")
        );
        assert_eq!(e.starter_package(), "philosophers-starter");
        assert_eq!(e.command(), "cargo test -p philosophers");
    }
}
