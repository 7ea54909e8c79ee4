//! Every `BOOK_*` environment variable the tools read, declared once, here:
//! its name, what its value is, what it does and who reads it. The tools
//! read them through [`Setting`] only, and `cargo xtask help` lists them from
//! [`SETTINGS`].
//!
//! One rule decides whether a switch is on ([`is_on`]): unset, empty, `0`,
//! `false`, `no` and `off` (in any case) mean off; any other value means on.
//! The browser check (`tests/web/check-site.mjs`) applies the same rule to
//! `BOOK_WEB_TIMINGS`.
//!
//! mdBook's own overrides (`MDBOOK_OUTPUT__…`, `MDBOOK_PREPROCESSOR__…`,
//! `MDBOOK_BUILD__…`) are set by the tools for mdBook, not read by them, and
//! are not listed here.

use std::ffi::{OsStr, OsString};
use std::path::PathBuf;

/// The values that turn a switch off, besides leaving it unset (compared
/// without regard to case).
pub const OFF: [&str; 5] = ["", "0", "false", "no", "off"];

/// Whether a switch with this value is on: see [`OFF`].
pub fn is_on(value: Option<&OsStr>) -> bool {
    value.is_some_and(|v| {
        let v = v.to_string_lossy().to_ascii_lowercase();
        !OFF.contains(&v.as_str())
    })
}

/// What a variable's value is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Value {
    /// On or off, by [`is_on`].
    Switch,
    /// A path to a file or a folder.
    Path,
    /// Text: a list or arguments, as [`Declared::about`] says.
    Text,
}

impl Value {
    /// How `cargo xtask help` shows the value.
    pub fn placeholder(self) -> &'static str {
        match self {
            Value::Switch => "1",
            Value::Path => "PATH",
            Value::Text => "TEXT",
        }
    }
}

/// One variable, declared in [`SETTINGS`].
#[derive(Debug)]
pub struct Declared {
    pub setting: Setting,
    pub name: &'static str,
    pub value: Value,
    /// What it does, for `cargo xtask help`.
    pub about: &'static str,
    /// Which tool reads it.
    pub read_by: &'static str,
    /// Set by the tools for one another, not by a person.
    pub internal: bool,
}

/// A `BOOK_*` variable. Its declaration is `SETTINGS[setting as usize]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Setting {
    Bless,
    NoCache,
    TrialTimings,
    WebTimings,
    ToolsDir,
    Mdbook,
    NotBuilt,
    RealRustc,
    RealRustdoc,
    RustdocArgs,
    SysrootWithoutSrc,
}

/// Every `BOOK_*` variable, in the order of [`Setting`].
pub const SETTINGS: &[Declared] = &[
    Declared {
        setting: Setting::Bless,
        name: "BOOK_BLESS",
        value: Value::Switch,
        about: "rewrite the expected outputs, compiler messages, Miri reports and starters instead of comparing (what `cargo xtask bless` sets)",
        read_by: "the harness",
        internal: false,
    },
    Declared {
        setting: Setting::NoCache,
        name: "BOOK_NO_CACHE",
        value: Value::Switch,
        about: "run every check, even those whose inputs did not change since they passed",
        read_by: "the harness and the xtask",
        internal: false,
    },
    Declared {
        setting: Setting::TrialTimings,
        name: "BOOK_TRIAL_TIMINGS",
        value: Value::Switch,
        about: "print how long each check of the harness took",
        read_by: "the harness",
        internal: false,
    },
    Declared {
        setting: Setting::WebTimings,
        name: "BOOK_WEB_TIMINGS",
        value: Value::Switch,
        about: "print how long each step of the browser check took",
        read_by: "the browser check, tests/web/check-site.mjs",
        internal: false,
    },
    Declared {
        setting: Setting::ToolsDir,
        name: "BOOK_TOOLS_DIR",
        value: Value::Path,
        about: "where the pinned tools are installed (default: ~/.cache/rust-concurrency-patterns/tools)",
        read_by: "the xtask and the harness",
        internal: false,
    },
    Declared {
        setting: Setting::Mdbook,
        name: "BOOK_MDBOOK",
        value: Value::Path,
        about: "the mdbook binary the harness runs (`cargo xtask test`, `verify` and `mdbook-test` set it to the pinned one; it must be the pinned version)",
        read_by: "the harness (it loads the book with it, and runs mdbook test with it)",
        internal: false,
    },
    Declared {
        setting: Setting::NotBuilt,
        name: "BOOK_NOT_BUILT",
        value: Value::Text,
        about: "comma-separated files this machine could not build, whose links are not followed",
        read_by: "the link checker; the xtask sets it",
        internal: true,
    },
    Declared {
        setting: Setting::RealRustc,
        name: "BOOK_REAL_RUSTC",
        value: Value::Path,
        about: "the compiler behind the harness's rustc wrapper",
        read_by: "the harness's rustc wrapper; the harness sets it",
        internal: true,
    },
    Declared {
        setting: Setting::RealRustdoc,
        name: "BOOK_REAL_RUSTDOC",
        value: Value::Path,
        about: "the rustdoc behind the harness's rustdoc wrapper",
        read_by: "the harness's rustdoc wrapper; the harness sets it",
        internal: true,
    },
    Declared {
        setting: Setting::RustdocArgs,
        name: "BOOK_RUSTDOC_ARGS",
        value: Value::Text,
        about: "the arguments the rustdoc wrapper adds, one a line",
        read_by: "the harness's rustdoc wrapper; the harness sets it",
        internal: true,
    },
    Declared {
        setting: Setting::SysrootWithoutSrc,
        name: "BOOK_SYSROOT_WITHOUT_SRC",
        value: Value::Path,
        about: "the sysroot the rustc-without-src wrapper passes",
        read_by: "the harness's rustc-without-src wrapper; the harness sets it",
        internal: true,
    },
];

impl Setting {
    /// Its declaration in [`SETTINGS`].
    pub const fn declared(self) -> &'static Declared {
        &SETTINGS[self as usize]
    }

    /// The variable's name.
    pub const fn name(self) -> &'static str {
        self.declared().name
    }

    /// The raw value, if set.
    pub fn raw(self) -> Option<OsString> {
        std::env::var_os(self.name())
    }

    /// Whether a switch is on (see [`is_on`]).
    pub fn is_on(self) -> bool {
        debug_assert_eq!(self.declared().value, Value::Switch, "{}", self.name());
        is_on(self.raw().as_deref())
    }

    /// A path, if set and not empty.
    pub fn path(self) -> Option<PathBuf> {
        self.raw().filter(|v| !v.is_empty()).map(PathBuf::from)
    }

    /// The items of a comma-separated list (none if unset).
    pub fn list(self) -> Vec<String> {
        split_list(&self.raw().unwrap_or_default().to_string_lossy())
    }
}

/// The items of a comma-separated list, trimmed, without empty ones.
pub fn split_list(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(String::from)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn one_rule_for_every_switch() {
        for off in [
            None,
            Some(""),
            Some("0"),
            Some("false"),
            Some("No"),
            Some("OFF"),
        ] {
            assert!(!is_on(off.map(OsStr::new)), "{off:?} must be off");
        }
        for on in ["1", "true", "yes", "on", "2", "anything"] {
            assert!(is_on(Some(OsStr::new(on))), "{on:?} must be on");
        }
    }

    #[test]
    fn each_setting_is_declared_once_in_its_place() {
        for (i, declared) in SETTINGS.iter().enumerate() {
            assert_eq!(
                declared.setting as usize, i,
                "{} is out of the order of enum Setting",
                declared.name
            );
            assert!(declared.name.starts_with("BOOK_"), "{}", declared.name);
            assert_eq!(
                SETTINGS.iter().filter(|d| d.name == declared.name).count(),
                1,
                "{} is declared twice",
                declared.name
            );
        }
    }

    /// The `BOOK_*` names written in a file's code (placeholders such as
    /// `BOOK_DIR` in a usage line are followed by a space or `]`, not quoted).
    fn quoted_names(text: &str) -> Vec<String> {
        let mut names = Vec::new();
        for (at, _) in text.match_indices("BOOK_") {
            let quoted = at > 0 && matches!(&text[at - 1..at], "\"" | ".");
            let end = text[at..]
                .find(|c: char| !(c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'))
                .map_or(text.len(), |n| at + n);
            // `"BOOK_"` alone is the start of every name, not a name.
            if quoted && end > at + "BOOK_".len() {
                names.push(text[at..end].to_string());
            }
        }
        names
    }

    fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            let name = entry.file_name();
            if path.is_dir() {
                if name != "node_modules" && name != "target" {
                    sources(&path, out);
                }
            } else if path.extension().is_some_and(|e| e == "rs" || e == "mjs") {
                out.push(path);
            }
        }
    }

    /// A variable read without being declared here would escape the rule and
    /// `cargo xtask help`: every quoted `BOOK_*` name in the tools' code
    /// (`"BOOK_X"`, or `process.env.BOOK_X` in the browser scripts) must be
    /// one of [`SETTINGS`], and no Rust file but this one reads one directly.
    #[test]
    fn every_variable_the_tools_name_is_declared() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let root = root.canonicalize().unwrap();
        let mut files = Vec::new();
        for dir in ["xtask", "tests", "crates"] {
            sources(&root.join(dir), &mut files);
        }
        assert!(files.len() > 20, "found only {files:?}");
        let mut problems = Vec::new();
        for file in &files {
            if file.ends_with("settings.rs") {
                continue;
            }
            let shown = file.strip_prefix(&root).unwrap_or(file).display();
            let text = std::fs::read_to_string(file).unwrap();
            for name in quoted_names(&text) {
                if !SETTINGS.iter().any(|d| d.name == name) {
                    problems.push(format!(
                        "{shown}: reads {name}, which crates/book-model/src/settings.rs does not declare; add it to SETTINGS"
                    ));
                } else if file.extension().is_some_and(|e| e == "rs") {
                    problems.push(format!(
                        "{shown}: names {name} directly; read it through book_model::Setting"
                    ));
                }
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    /// The browser check applies the same rule (it cannot import this one).
    #[test]
    fn the_browser_check_has_the_same_rule() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let js = std::fs::read_to_string(root.join("tests/web/check-site.mjs")).unwrap();
        let list: Vec<String> = OFF.iter().map(|v| format!("{v:?}")).collect();
        let wanted = format!("const OFF = [{}];", list.join(", "));
        assert!(
            js.contains(&wanted),
            "tests/web/check-site.mjs must say `{wanted}` (the rule of crates/book-model/src/settings.rs)"
        );
    }

    #[test]
    fn lists_and_names() {
        assert_eq!(split_list(""), Vec::<String>::new());
        assert_eq!(split_list("a.pdf, b.epub,,"), ["a.pdf", "b.epub"]);
        assert_eq!(Setting::NotBuilt.name(), "BOOK_NOT_BUILT");
        let text = r#"var_os("BOOK_X") usage: BOOK_DIR; process.env.BOOK_Y find("BOOK_")"#;
        assert_eq!(quoted_names(text), ["BOOK_X", "BOOK_Y"]);
    }
}
