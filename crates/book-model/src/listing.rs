//! Listings: every program the book shows, where each kind lives, and how
//! each is run.

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// The name of a listing, `chNN-MM-short-slug`: chapter `NN`, `MM`th listing
/// of that chapter. Benchmarks, which the book names but does not show as
/// listings, have no number: `chNN-short-slug`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ListingName {
    pub chapter: u32,
    pub order: Option<u32>,
    text: String,
}

impl ListingName {
    /// The number readers see in a caption: `2.5` for `ch02-05-move-closure`.
    pub fn number(&self) -> Option<String> {
        Some(format!("{}.{}", self.chapter, self.order?))
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for ListingName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl FromStr for ListingName {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || {
            format!("`{s}` is not named chNN-MM-short-slug (or chNN-short-slug for a benchmark)")
        };
        let two_digits = |p: &str| p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit());
        let rest = s.strip_prefix("ch").ok_or_else(bad)?;
        let (chapter, rest) = rest.split_once('-').ok_or_else(bad)?;
        if !two_digits(chapter) {
            return Err(bad());
        }
        let (order, slug) = match rest.split_once('-') {
            Some((order, slug)) if two_digits(order) => {
                (Some(order.parse().map_err(|_| bad())?), slug)
            }
            _ => (None, rest),
        };
        let slug_ok = !slug.is_empty()
            && slug
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !slug_ok {
            return Err(bad());
        }
        Ok(ListingName {
            chapter: chapter.parse().map_err(|_| bad())?,
            order,
            text: s.to_string(),
        })
    }
}

/// The kinds of program the book holds. This table is the one place that
/// knows where each kind lives and how it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// `listings/examples/NAME.rs`, run with `cargo run`.
    Example,
    /// `listings/tests/NAME.rs`, a file of `#[test]` functions.
    Test,
    /// `listings/compile-fail/src/bin/NAME.rs`: a program that must not
    /// compile, built by cargo with the listings' real dependencies.
    CompileFail,
    /// `listings/benches/NAME.rs`: a divan benchmark behind a figure.
    Benchmark,
    /// `listings/models/tests/NAME.rs`: a loom model of a synchronisation
    /// claim, run by the verify tier.
    Model,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Example,
        Kind::Test,
        Kind::CompileFail,
        Kind::Benchmark,
        Kind::Model,
    ];

    /// The folder of this kind, relative to the repository.
    pub fn dir(self) -> &'static str {
        match self {
            Kind::Example => "listings/examples",
            Kind::Test => "listings/tests",
            Kind::CompileFail => "listings/compile-fail/src/bin",
            Kind::Benchmark => "listings/benches",
            Kind::Model => "listings/models/tests",
        }
    }

    /// The cargo command that runs a listing of this kind, as the book shows
    /// it above the output (and as the checks run it, where they run cargo).
    pub fn invocation(self, name: &ListingName) -> Invocation {
        let args = |args: &[&str]| -> Vec<String> { args.iter().map(|a| a.to_string()).collect() };
        let name = name.as_str();
        let (env, args) = match self {
            Kind::Example => (
                vec![],
                args(&["run", "-q", "-p", "listings", "--example", name]),
            ),
            Kind::Test => (
                vec![],
                args(&["test", "-q", "-p", "listings", "--test", name]),
            ),
            Kind::CompileFail => (
                vec![],
                args(&["build", "-q", "-p", "compile-fail", "--bin", name]),
            ),
            Kind::Benchmark => (vec![], args(&["bench", "-p", "listings", "--bench", name])),
            // One test at a time, so that the report comes out in the same
            // order on every run.
            Kind::Model => (
                vec![("RUSTFLAGS".to_string(), "--cfg loom".to_string())],
                args(&[
                    "test",
                    "-q",
                    "--release",
                    "-p",
                    "models",
                    "--test",
                    name,
                    "--",
                    "--test-threads=1",
                ]),
            ),
        };
        Invocation { env, args }
    }

    /// The command as a line of text (without `$ `).
    pub fn command(self, name: &ListingName) -> String {
        self.invocation(name).to_string()
    }

    /// Whether listings of this kind carry a number (`chNN-MM-…`).
    pub fn is_numbered(self) -> bool {
        self != Kind::Benchmark
    }

    /// Whether the fast tier runs it and compares its output with the book.
    pub fn has_expected_output(self) -> bool {
        self != Kind::Benchmark
    }

    /// Whether the fast tier (`cargo xtask test`) runs it, or only the
    /// verify tier (`cargo xtask verify`).
    pub fn in_fast_tier(self) -> bool {
        self != Kind::Model
    }

    /// The exit status of a correct run: 101 for a program that panics, a
    /// model whose test fails on purpose, and cargo when a build fails; 0
    /// otherwise.
    pub fn expected_status(self, should_panic: bool) -> i32 {
        match self {
            Kind::CompileFail => 101,
            Kind::Example | Kind::Model if should_panic => 101,
            _ => 0,
        }
    }
}

/// A cargo command: `ENV=value cargo ARGS`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invocation {
    pub env: Vec<(String, String)>,
    /// The arguments after `cargo`.
    pub args: Vec<String>,
}

impl fmt::Display for Invocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (key, value) in &self.env {
            if value.contains(' ') {
                write!(f, "{key}=\"{value}\" ")?;
            } else {
                write!(f, "{key}={value} ")?;
            }
        }
        write!(f, "cargo {}", self.args.join(" "))
    }
}

/// One program of the book.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing {
    pub name: ListingName,
    pub kind: Kind,
}

/// Where expected outputs and compiler messages live.
pub const OUTPUT_DIR: &str = "listings/output";
/// Where the input files of listings live, one folder per listing.
pub const DATA_DIR: &str = "listings/data";

impl Listing {
    /// The listing a file is, if it is one: `listings/examples/ch02-01-spawn.rs`.
    /// A misnamed file in a listing folder is an error.
    pub fn from_path(path: &Path) -> Option<Result<Listing, String>> {
        let kind = Kind::ALL
            .into_iter()
            .find(|kind| path.parent() == Some(Path::new(kind.dir())))?;
        if path.extension().is_none_or(|e| e != "rs") {
            return None;
        }
        let stem = path.file_stem()?.to_string_lossy();
        Some(Self::new(kind, &stem).map_err(|e| format!("{}: {e}", path.display())))
    }

    pub fn new(kind: Kind, name: &str) -> Result<Listing, String> {
        let name: ListingName = name.parse()?;
        if kind.is_numbered() != name.order.is_some() {
            return Err(if kind.is_numbered() {
                format!("`{name}` needs a number: chNN-MM-short-slug")
            } else {
                format!("`{name}` is a benchmark: chNN-short-slug, without a number")
            });
        }
        Ok(Listing { name, kind })
    }

    /// Every listing in the repository at `root`, by kind then name, and a
    /// message for every misnamed file in a listing folder.
    pub fn discover(root: &Path) -> (Vec<Listing>, Vec<String>) {
        let mut found = Vec::new();
        let mut errors = Vec::new();
        for kind in Kind::ALL {
            let Ok(entries) = std::fs::read_dir(root.join(kind.dir())) else {
                continue;
            };
            let mut paths: Vec<PathBuf> = entries
                .filter_map(|e| e.ok())
                .map(|e| Path::new(kind.dir()).join(e.file_name()))
                .collect();
            paths.sort();
            for path in paths {
                match Listing::from_path(&path) {
                    Some(Ok(listing)) => found.push(listing),
                    Some(Err(e)) => errors.push(e),
                    None => errors.push(format!(
                        "{}: only listings (chNN-MM-short-slug.rs) belong in {}/",
                        path.display(),
                        kind.dir()
                    )),
                }
            }
        }
        (found, errors)
    }

    /// The listing's source file, relative to the repository.
    pub fn file(&self) -> PathBuf {
        Path::new(self.kind.dir()).join(format!("{}.rs", self.name))
    }

    /// The file holding the command and what it printed (for a compile-fail
    /// listing, the compiler's message), which the chapter includes.
    pub fn expected(&self) -> Option<PathBuf> {
        self.kind
            .has_expected_output()
            .then(|| Path::new(OUTPUT_DIR).join(format!("{}.txt", self.name)))
    }

    /// The files the program reads: copied into the empty directory where
    /// it runs.
    pub fn data_dir(&self) -> PathBuf {
        Path::new(DATA_DIR).join(self.name.as_str())
    }

    /// The command line shown above the output: `$ cargo run … -- ARGS`.
    pub fn command_line(&self, args: &[String]) -> String {
        let mut line = format!("$ {}", self.kind.command(&self.name));
        if !args.is_empty() {
            line.push_str(" -- ");
            line.push_str(&args.join(" "));
        }
        line
    }

    /// The value of a check comment, a line `// NAME: value` in a listing's
    /// source (outside the part the reader sees) that tells the checks how
    /// to run the listing.
    pub fn check_comment<'a>(source: &'a str, name: &str) -> Option<&'a str> {
        let prefix = format!("// {name}:");
        source
            .lines()
            .find_map(|l| l.trim().strip_prefix(prefix.as_str()))
            .map(str::trim)
    }

    /// The arguments a listing is run with, from a line `// args: a b c`.
    pub fn args_in(source: &str) -> Vec<String> {
        Self::check_comment(source, "args")
            .map(|args| args.split_whitespace().map(String::from).collect())
            .unwrap_or_default()
    }

    /// How the verify tier runs the listing under Miri, from a line
    /// `// miri: …`: absent, Miri runs it with no flags and it must behave
    /// as in a normal run; `// miri: FLAGS` adds flags; `// miri: report
    /// FLAGS` means that what Miri reports is the lesson, checked against
    /// `listings/output/NAME.miri.txt`; `// miri: skip: REASON` leaves it
    /// out, with the reason. A run with `-Zmiri-tree-borrows` also gets
    /// [`PROVENANCE_GC`], unless its line sets another.
    pub fn miri_plan(source: &str) -> MiriPlan {
        let Some(value) = Self::check_comment(source, "miri") else {
            return MiriPlan::Run { flags: Vec::new() };
        };
        if let Some(reason) = value.strip_prefix("skip:") {
            return MiriPlan::Skip {
                reason: reason.trim().to_string(),
            };
        }
        let (report, flags) = match value.strip_prefix("report") {
            Some(rest) => (true, rest),
            None => (false, value),
        };
        let flags = with_provenance_gc(flags.split_whitespace().map(String::from).collect());
        if report {
            MiriPlan::Report { flags }
        } else {
            MiriPlan::Run { flags }
        }
    }

    /// The file holding what `runner` printed for this listing.
    pub fn expected_for(&self, runner: Runner) -> Option<PathBuf> {
        match runner {
            Runner::Native => self.expected(),
            Runner::Miri => self
                .kind
                .has_expected_output()
                .then(|| Path::new(OUTPUT_DIR).join(format!("{}.miri.txt", self.name))),
        }
    }

    /// The command line above Miri's output: `$ MIRIFLAGS=… cargo +nightly miri run …`.
    pub fn miri_command_line(&self, flags: &[String], args: &[String]) -> Option<String> {
        let (verb, target) = match self.kind {
            Kind::Example => ("run", "--example"),
            Kind::Test => ("test", "--test"),
            _ => return None,
        };
        let mut line = String::from("$ ");
        if !flags.is_empty() {
            line.push_str(&format!("MIRIFLAGS=\"{}\" ", flags.join(" ")));
        }
        line.push_str(&format!(
            "cargo +nightly miri {verb} -q -p listings {target} {}",
            self.name
        ));
        if !args.is_empty() {
            line.push_str(" -- ");
            line.push_str(&args.join(" "));
        }
        Some(line)
    }
}

/// Added to every Miri run under Tree Borrows: Miri removes the pointer tags
/// that nothing can use any more every 1,000 basic blocks instead of its
/// default 10,000. Removing them changes no verdict (only tags no pointer
/// holds are removed); between two removals every access walks the tags of
/// its location, and in a sort's tight loops that record grows long (the
/// commit that added this has the measurements).
pub const PROVENANCE_GC: &str = "-Zmiri-provenance-gc=1000";

fn with_provenance_gc(mut flags: Vec<String>) -> Vec<String> {
    let tree_borrows = flags.iter().any(|f| f == "-Zmiri-tree-borrows");
    let set = flags.iter().any(|f| f.starts_with("-Zmiri-provenance-gc"));
    if tree_borrows && !set {
        flags.push(PROVENANCE_GC.to_string());
    }
    flags
}

/// What runs a listing for an expected-output file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Runner {
    /// The program itself (`listings/output/NAME.txt`), in the fast tier.
    Native,
    /// Miri (`listings/output/NAME.miri.txt`), in the verify tier.
    Miri,
}

impl Runner {
    /// The listing name and runner of an expected-output file,
    /// `listings/output/NAME.txt` or `listings/output/NAME.miri.txt`.
    pub fn of_expected(path: &Path) -> Option<(String, Runner)> {
        let file = path
            .strip_prefix(OUTPUT_DIR)
            .ok()?
            .to_str()?
            .strip_suffix(".txt")?;
        Some(match file.strip_suffix(".miri") {
            Some(name) => (name.to_string(), Runner::Miri),
            None => (file.to_string(), Runner::Native),
        })
    }
}

/// How the verify tier runs a listing under Miri (see [`Listing::miri_plan`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MiriPlan {
    Run { flags: Vec<String> },
    Report { flags: Vec<String> },
    Skip { reason: String },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_and_number() {
        let name: ListingName = "ch02-05-move-closure".parse().unwrap();
        assert_eq!((name.chapter, name.order), (2, Some(5)));
        assert_eq!(name.number().as_deref(), Some("2.5"));
        let bench: ListingName = "ch11-counters".parse().unwrap();
        assert_eq!((bench.chapter, bench.order), (11, None));
        for bad in [
            "c02-01-x",
            "ch2-01-x",
            "ch02-01-",
            "ch02-01-Upper",
            "ch02-01-a_b",
            "main",
        ] {
            assert!(bad.parse::<ListingName>().is_err(), "{bad}");
        }
    }

    #[test]
    fn kinds_know_their_folder_command_and_files() {
        let path = Path::new("listings/compile-fail/src/bin/ch20-08-guard-across-await.rs");
        let listing = Listing::from_path(path).unwrap().unwrap();
        assert_eq!(listing.kind, Kind::CompileFail);
        assert_eq!(listing.file(), path);
        assert_eq!(
            listing.expected().unwrap(),
            Path::new("listings/output/ch20-08-guard-across-await.txt")
        );
        assert_eq!(
            listing.command_line(&[]),
            "$ cargo build -q -p compile-fail --bin ch20-08-guard-across-await"
        );
        let model = Listing::new(Kind::Model, "ch12-04-counter-model").unwrap();
        assert_eq!(
            model.command_line(&[]),
            "$ RUSTFLAGS=\"--cfg loom\" cargo test -q --release -p models --test ch12-04-counter-model -- --test-threads=1"
        );
        assert!(Listing::new(Kind::Example, "ch11-counters").is_err());
        assert!(Listing::new(Kind::Benchmark, "ch11-01-counters").is_err());
        assert!(Listing::from_path(Path::new("src/ch02-threads.md")).is_none());
    }

    #[test]
    fn miri_plans_come_from_the_source() {
        assert_eq!(
            Listing::miri_plan("fn main() {}"),
            MiriPlan::Run { flags: vec![] }
        );
        assert_eq!(
            Listing::miri_plan("// miri: -Zmiri-disable-isolation\n"),
            MiriPlan::Run {
                flags: vec!["-Zmiri-disable-isolation".into()]
            }
        );
        assert_eq!(
            Listing::miri_plan("// miri: report\n"),
            MiriPlan::Report { flags: vec![] }
        );
        assert_eq!(
            Listing::miri_plan("// miri: -Zmiri-tree-borrows -Zmiri-ignore-leaks\n"),
            MiriPlan::Run {
                flags: vec![
                    "-Zmiri-tree-borrows".into(),
                    "-Zmiri-ignore-leaks".into(),
                    PROVENANCE_GC.into()
                ]
            }
        );
        assert_eq!(
            Listing::miri_plan("// miri: report -Zmiri-tree-borrows -Zmiri-provenance-gc=5\n"),
            MiriPlan::Report {
                flags: vec![
                    "-Zmiri-tree-borrows".into(),
                    "-Zmiri-provenance-gc=5".into()
                ]
            }
        );
        assert_eq!(
            Listing::miri_plan("// miri: skip: opens a socket\n"),
            MiriPlan::Skip {
                reason: "opens a socket".into()
            }
        );
        let listing = Listing::new(Kind::Example, "ch02-02-main-returns-early").unwrap();
        assert_eq!(
            listing
                .miri_command_line(&["-Zmiri-x".into()], &[])
                .unwrap(),
            "$ MIRIFLAGS=\"-Zmiri-x\" cargo +nightly miri run -q -p listings --example ch02-02-main-returns-early"
        );
        assert_eq!(
            Runner::of_expected(Path::new("listings/output/ch02-02-x.miri.txt")),
            Some(("ch02-02-x".to_string(), Runner::Miri))
        );
        assert_eq!(
            Runner::of_expected(Path::new("listings/output/ch02-02-x.txt")),
            Some(("ch02-02-x".to_string(), Runner::Native))
        );
    }

    #[test]
    fn arguments_come_from_the_source() {
        let source = "// args: monday.log tuesday.log\nfn main() {}\n";
        assert_eq!(Listing::args_in(source), ["monday.log", "tuesday.log"]);
        assert!(Listing::args_in("fn main() {}").is_empty());
    }
}
