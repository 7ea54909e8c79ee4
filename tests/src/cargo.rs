//! Building the listings with cargo, and reading what it built from its JSON
//! messages.

use std::collections::HashMap;
use std::ffi::OsString;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use crate::book::Book;

use book_model::Kind;
use serde::Deserialize;

use crate::run::{cargo, stdout_of};

/// One line of `cargo build --message-format=json`.
#[derive(Deserialize)]
struct Message {
    reason: String,
    #[serde(default)]
    target: Option<Target>,
    #[serde(default)]
    filenames: Vec<PathBuf>,
    #[serde(default)]
    executable: Option<PathBuf>,
}

#[derive(Deserialize)]
struct Target {
    name: String,
    kind: Vec<String>,
}

/// What cargo built for the listings.
#[derive(Debug)]
pub struct Built {
    /// The executable of every example and every `#[test]` listing.
    pub executables: HashMap<(Kind, String), PathBuf>,
    /// The files of every library built, by crate name (`tokio`), for
    /// `--extern`.
    pub libraries: HashMap<String, Vec<PathBuf>>,
}

/// Builds the listings (their library, examples and tests) once per run.
pub fn listings() -> Result<&'static Built, String> {
    static BUILT: OnceLock<Result<Built, String>> = OnceLock::new();
    BUILT
        .get_or_init(|| build(cargo(), &["--lib", "--examples", "--tests"]))
        .as_ref()
        .map_err(Clone::clone)
}

/// The listings of `book`, built once per run: the repository's through
/// [`listings`], a fixture book's in its own target folder.
pub fn listings_of(book: &Book) -> Result<Arc<Built>, String> {
    static FIXTURES: Mutex<Vec<(PathBuf, Arc<Built>)>> = Mutex::new(Vec::new());
    if book.is_the_repository() {
        let built = listings()?;
        return Ok(Arc::new(Built {
            executables: built.executables.clone(),
            libraries: built.libraries.clone(),
        }));
    }
    let mut fixtures = FIXTURES.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, built)) = fixtures.iter().find(|(root, _)| *root == book.root) {
        return Ok(built.clone());
    }
    let built = Arc::new(build(book.cargo(), &["--lib", "--examples", "--tests"])?);
    fixtures.push((book.root.clone(), built.clone()));
    Ok(built)
}

/// Builds only the listings' library and its dependencies, once per run:
/// all that rustdoc needs, and unchanged when a listing changes, so that
/// `mdbook test` need not wait for the listings to compile.
pub fn library() -> Result<&'static Built, String> {
    static BUILT: OnceLock<Result<Built, String>> = OnceLock::new();
    BUILT
        .get_or_init(|| build(cargo(), &["--lib"]))
        .as_ref()
        .map_err(Clone::clone)
}

fn build(mut build: std::process::Command, targets: &[&str]) -> Result<Built, String> {
    build
        .args(["build", "--locked", "-p", "listings"])
        .args(targets)
        .arg("--message-format=json-render-diagnostics");
    let stdout = stdout_of(build, "cargo build of the listings")?;
    let mut built = Built {
        executables: HashMap::new(),
        libraries: HashMap::new(),
    };
    for line in stdout.lines() {
        let message: Message = serde_json::from_str(line)
            .map_err(|e| format!("cannot read cargo's message `{line}`: {e}"))?;
        if message.reason != "compiler-artifact" {
            continue;
        }
        let Some(target) = message.target else {
            continue;
        };
        let kind = match target.kind.first().map(String::as_str) {
            Some("example") => Some(Kind::Example),
            Some("test") => Some(Kind::Test),
            _ => None,
        };
        match (kind, message.executable) {
            (Some(kind), Some(exe)) => {
                built.executables.insert((kind, target.name), exe);
            }
            _ => {
                built
                    .libraries
                    .entry(target.name)
                    .or_insert(message.filenames);
            }
        }
    }
    Ok(built)
}

/// The crates a listing may use: the `[dependencies]` of `listings/Cargo.toml`.
pub fn listing_dependencies() -> Result<Vec<String>, String> {
    #[derive(Deserialize)]
    struct Manifest {
        dependencies: HashMap<String, toml::Value>,
    }
    let text = crate::book::read(std::path::Path::new("listings/Cargo.toml"))?;
    let manifest: Manifest =
        toml::from_str(&text).map_err(|e| format!("listings/Cargo.toml: {e}"))?;
    let mut names: Vec<String> = manifest.dependencies.into_keys().collect();
    names.sort();
    Ok(names)
}

/// `--extern NAME=PATH` for every crate a listing may use, and `-L` for
/// their own dependencies: what rustc and rustdoc need to compile a book
/// block that says `use tokio::…`. A library is an `.rlib`; a procedural
/// macro crate (trait-variant) is a dynamic library, which `--extern` takes
/// as well.
pub fn extern_args() -> Result<Vec<OsString>, String> {
    let built = library()?;
    let mut args = Vec::new();
    let mut deps_dirs = Vec::new();
    for name in listing_dependencies()? {
        let crate_name = name.replace('-', "_");
        let rlib = built
            .libraries
            .get(&crate_name)
            .and_then(|files| {
                let with = |ext: &str| {
                    files
                        .iter()
                        .find(|f| f.extension().is_some_and(|e| e == ext))
                };
                with("rlib")
                    .or_else(|| with("so"))
                    .or_else(|| with("dylib"))
                    .or_else(|| with("dll"))
            })
            .ok_or_else(|| format!("cargo built no library for {name}"))?;
        if let Some(dir) = rlib.parent()
            && !deps_dirs.contains(&dir.to_path_buf())
        {
            deps_dirs.push(dir.to_path_buf());
        }
        args.push(OsString::from("--extern"));
        let mut arg = OsString::from(format!("{crate_name}="));
        arg.push(rlib);
        args.push(arg);
    }
    for dir in deps_dirs {
        args.push("-L".into());
        let mut arg = OsString::from("dependency=");
        arg.push(dir);
        args.push(arg);
    }
    Ok(args)
}
