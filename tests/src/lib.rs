//! What the book's checks share: the code blocks of every chapter, as
//! `build.rs` found them, and helpers to run programs without hanging.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use std::{io, thread};

pub mod figures;
pub mod outputs;
pub mod snippet;

/// A fenced code block of a chapter.
#[derive(Debug)]
pub struct Block {
    /// The chapter's source file, relative to the repository (`src/ch02-threads.md`).
    pub chapter: &'static str,
    /// The 1-based line of the opening fence in that file.
    pub line: usize,
    /// The info string (`rust,no_run`, `text,output`).
    pub info: &'static str,
    /// The block's text as written in the chapter (includes not expanded).
    pub source: &'static str,
    /// The block's text as the reader sees it (includes expanded).
    pub code: &'static str,
}

mod generated {
    include!(concat!(env!("OUT_DIR"), "/blocks.rs"));
}

/// Every fenced block of every chapter listed in `SUMMARY.md`, in book order.
pub fn blocks() -> &'static [Block] {
    generated::BLOCKS
}

/// Every chapter file listed in `SUMMARY.md`, relative to the repository.
pub fn chapters() -> &'static [&'static str] {
    generated::CHAPTERS
}

/// An `{{#include …}}` or `{{#rustdoc_include …}}` found in a block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Include {
    pub rustdoc: bool,
    /// The included file, relative to the repository (`listings/examples/x.rs`).
    pub path: PathBuf,
    /// The anchor after `:`, if any.
    pub anchor: Option<String>,
    /// The directive as written, for messages.
    pub directive: String,
}

impl Block {
    /// Where the block is, for messages: `src/ch02-threads.md:42`.
    pub fn location(&self) -> String {
        format!("{}:{}", self.chapter, self.line)
    }

    /// The comma-separated words of the info string.
    pub fn has(&self, word: &str) -> bool {
        self.info
            .split(|c: char| c == ',' || c.is_whitespace())
            .any(|w| w == word)
    }

    pub fn is_rust(&self) -> bool {
        self.has("rust")
    }

    /// The includes in this block, resolved against the chapter's directory.
    pub fn includes(&self) -> Vec<Include> {
        includes_in(self.chapter, self.source)
    }

    /// A block with code written in the chapter rather than included.
    pub fn inline_lines(&self) -> usize {
        self.source
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.contains("{{#"))
            .count()
    }
}

/// The `{{#include}}` and `{{#rustdoc_include}}` directives in `text`, a part
/// of `chapter`, with paths resolved against the chapter's directory.
pub fn includes_in(chapter: &str, text: &str) -> Vec<Include> {
    let chapter_dir = Path::new(chapter).parent().unwrap_or(Path::new(""));
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{#") {
        let Some(len) = rest[start..].find("}}") else {
            break;
        };
        let directive = &rest[start..start + len + 2];
        rest = &rest[start + len + 2..];
        let inner = directive[3..directive.len() - 2].trim();
        let (kind, arg) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
        let rustdoc = match kind {
            "include" => false,
            "rustdoc_include" => true,
            _ => continue,
        };
        let (file, anchor) = match arg.trim().split_once(':') {
            Some((file, anchor)) => (file, Some(anchor.to_string())),
            None => (arg.trim(), None),
        };
        found.push(Include {
            rustdoc,
            path: normalize(&chapter_dir.join(file)),
            anchor,
            directive: directive.to_string(),
        });
    }
    found
}

/// `src/../listings/x.rs` → `listings/x.rs`, without touching the disk.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// The repository's root directory.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// What a finished program did.
#[derive(Debug)]
pub struct Run {
    /// stdout and stderr as one stream, in the order the program wrote them
    /// (both go to the same pipe, as they would to a terminal).
    pub output: String,
    pub code: Option<i32>,
}

/// Runs `command` with stdout and stderr on one pipe, killing it after
/// `limit`. A program that has not finished by then is an error whose
/// message says so: a deadlocked listing fails fast instead of hanging.
pub fn run_with_limit(mut command: Command, limit: Duration) -> io::Result<Run> {
    let (reader, writer) = io::pipe()?;
    command
        .stdin(Stdio::null())
        .stdout(writer.try_clone()?)
        .stderr(writer);
    let mut child = command.spawn()?;
    // Our copies of the write end must be gone before reading to the end.
    drop(command);
    let collector = thread::spawn(move || io::read_to_string(reader));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if start.elapsed() > limit {
            child.kill()?;
            child.wait()?;
            return Err(io::Error::new(
                io::ErrorKind::TimedOut,
                format!(
                    "did not finish within {} s and was killed (a deadlock, or a wait that never ends?)",
                    limit.as_secs()
                ),
            ));
        }
        thread::sleep(Duration::from_millis(5));
    };
    let output = collector
        .join()
        .map_err(|_| io::Error::other("the output reader panicked"))??;
    Ok(Run {
        output,
        code: status.code(),
    })
}
