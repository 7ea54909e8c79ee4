//! Output blocks: which listing each one shows, and how to compare a real
//! run with what the book prints.
//!
//! An output block is a fence whose info string has the word `output`:
//!
//! ````text
//! ```text,output
//! {{#include ../listings/output/ch02-01-spawn.txt}}
//! ```
//! ````
//!
//! The included file starts with the command that produced it, and the rest
//! is what the program printed (stdout and stderr, as a terminal shows them).
//! The command is one of
//!
//! * `$ cargo run -q -p listings --example NAME` for `listings/examples/NAME.rs`,
//!   optionally followed by ` -- ARGS`;
//! * `$ cargo test -q -p listings --test NAME` for `listings/tests/NAME.rs`, a
//!   file of `#[test]` functions.
//!
//! The program runs in an empty directory, into which the files of
//! `listings/data/NAME/` are copied first, if that directory exists.
//!
//! Output that varies between runs is labelled `sample` and says which rule
//! the check applies, with more words in the info string:
//!
//! * `any_order`: the same lines, in any order (a multiset);
//! * `last_line`: with `any_order`, the last line must also match;
//! * `durations`: numbers with a time unit (`12ms`, `1.5s`) may differ.
//!
//! A listing whose code block is marked `should_panic` must exit with
//! status 101; every other listing must exit successfully.

use std::path::PathBuf;

use crate::{Block, blocks, repo_root};

/// How a real run is compared with the book.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rule {
    pub any_order: bool,
    pub last_line: bool,
    pub durations: bool,
}

impl Rule {
    pub fn is_exact(&self) -> bool {
        *self == Rule::default()
    }
}

/// One output block and the listing it shows.
#[derive(Debug)]
pub struct OutputCheck {
    pub block: &'static Block,
    /// The listing's name, `ch02-01-spawn`.
    pub listing: String,
    /// What kind of program the listing is.
    pub kind: Kind,
    /// The expected-output file, relative to the repository.
    pub expected: PathBuf,
    /// Arguments after `--` on the command line.
    pub args: Vec<String>,
    pub rule: Rule,
    pub should_panic: bool,
}

/// Listings are examples (`cargo run`) or integration tests (`cargo test`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Example,
    Test,
}

impl Kind {
    /// Where listings of this kind live.
    pub fn dir(self) -> &'static str {
        match self {
            Kind::Example => "listings/examples",
            Kind::Test => "listings/tests",
        }
    }

    /// The command line an output file must start with.
    pub fn command_line(self, listing: &str) -> String {
        match self {
            Kind::Example => format!("$ cargo run -q -p listings --example {listing}"),
            Kind::Test => format!("$ cargo test -q -p listings --test {listing}"),
        }
    }
}

/// Finds every output block and checks that it is well formed. Errors name
/// the chapter and line at fault.
pub fn output_checks() -> Result<Vec<OutputCheck>, Vec<String>> {
    let mut checks = Vec::new();
    let mut errors = Vec::new();
    for block in blocks().iter().filter(|b| b.has("output")) {
        match output_check(block) {
            Ok(check) => checks.push(check),
            Err(e) => errors.push(format!("{}: {e}", block.location())),
        }
    }
    if errors.is_empty() {
        Ok(checks)
    } else {
        Err(errors)
    }
}

fn output_check(block: &'static Block) -> Result<OutputCheck, String> {
    let includes = block.includes();
    let [include] = includes.as_slice() else {
        return Err(
            "an output block must hold exactly one {{#include listings/output/NAME.txt}}".into(),
        );
    };
    let expected = include.path.clone();
    if include.anchor.is_some() || !expected.starts_with("listings/output") {
        return Err(format!(
            "{} must include a whole file from listings/output/",
            include.directive
        ));
    }
    let listing = expected
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let Some(kind) = [Kind::Example, Kind::Test].into_iter().find(|kind| {
        repo_root()
            .join(kind.dir())
            .join(format!("{listing}.rs"))
            .exists()
    }) else {
        return Err(format!(
            "{} has no listing listings/examples/{listing}.rs or listings/tests/{listing}.rs",
            expected.display()
        ));
    };
    let text = std::fs::read_to_string(repo_root().join(&expected))
        .map_err(|e| format!("cannot read {}: {e}", expected.display()))?;
    let first = text.lines().next().unwrap_or_default();
    let command = kind.command_line(&listing);
    let args = match first.strip_prefix(&command) {
        Some("") => Vec::new(),
        Some(rest) if kind == Kind::Example && rest.starts_with(" -- ") => {
            rest[4..].split_whitespace().map(String::from).collect()
        }
        _ => {
            return Err(format!(
                "{} must start with the line `{command}` (arguments may follow ` -- `), not `{first}`",
                expected.display()
            ));
        }
    };
    let rule = Rule {
        any_order: block.has("any_order"),
        last_line: block.has("last_line"),
        durations: block.has("durations"),
    };
    if rule.is_exact() == block.has("sample") {
        return Err(if rule.is_exact() {
            "a `sample` output must say how it varies: any_order, last_line or durations".into()
        } else {
            "output that varies must be labelled `sample` for the reader".into()
        });
    }
    if rule.last_line && !rule.any_order {
        return Err("`last_line` only makes sense with `any_order`".into());
    }
    let code_block = blocks().iter().find(|b| {
        b.chapter == block.chapter
            && b.is_rust()
            && b.includes()
                .iter()
                .any(|i| i.path.ends_with(format!("{listing}.rs")))
    });
    let Some(code_block) = code_block else {
        return Err(format!(
            "the chapter shows the output of {listing} but not its code"
        ));
    };
    Ok(OutputCheck {
        block,
        listing,
        kind,
        expected,
        args,
        rule,
        should_panic: code_block.has("should_panic"),
    })
}

/// What may vary in every run and is never part of a lesson: the id of a
/// panicking thread (`thread 'main' (4242) panicked`), and trailing spaces.
fn normalize_always(line: &str) -> String {
    let line = line.trim_end();
    if let Some(start) = line.find("' (")
        && line.starts_with("thread '")
        && let Some(len) = line[start + 3..].find(") panicked")
        && line[start + 3..start + 3 + len]
            .chars()
            .all(|c| c.is_ascii_digit())
    {
        return format!("{}' (<id>{}", &line[..start], &line[start + 3 + len..]);
    }
    line.to_string()
}

/// Replaces every number followed by a time unit with `<duration>`.
pub fn normalize_durations(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let starts_number = chars[i].is_ascii_digit()
            && (i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '.'));
        if starts_number {
            let mut j = i;
            while j < chars.len() && (chars[j].is_ascii_digit() || chars[j] == '.') {
                j += 1;
            }
            let rest: String = chars[j..].iter().collect();
            let unit = ["ns", "µs", "us", "ms", "s"].into_iter().find(|u| {
                rest.starts_with(u) && !rest[u.len()..].starts_with(char::is_alphanumeric)
            });
            if let Some(unit) = unit {
                out.push_str("<duration>");
                i = j + unit.chars().count();
                continue;
            }
            out.extend(&chars[i..j]);
            i = j;
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

fn lines_for(text: &str, rule: Rule) -> Vec<String> {
    text.lines()
        .map(normalize_always)
        .map(|l| {
            if rule.durations {
                normalize_durations(&l)
            } else {
                l
            }
        })
        .collect()
}

/// Compares a real run with the expected output (without its command line).
pub fn compare(rule: Rule, expected: &str, actual: &str) -> Result<(), String> {
    let want = lines_for(expected, rule);
    let got = lines_for(actual, rule);
    if rule.any_order {
        let (mut want_sorted, mut got_sorted) = (want.clone(), got.clone());
        want_sorted.sort();
        got_sorted.sort();
        if want_sorted != got_sorted {
            return Err(format!(
                "the lines differ (in any order)\n{}",
                diff(&want_sorted, &got_sorted)
            ));
        }
        if rule.last_line && want.last() != got.last() {
            return Err(format!(
                "the last line should be {:?}, but the run ended with {:?}",
                want.last(),
                got.last()
            ));
        }
        Ok(())
    } else if want == got {
        Ok(())
    } else {
        Err(format!("the output differs\n{}", diff(&want, &got)))
    }
}

/// A line-by-line account of two outputs, marking the first difference.
fn diff(want: &[String], got: &[String]) -> String {
    let mut out = String::from("  --- expected (the book)\n  +++ actual (this run)\n");
    let n = want.len().max(got.len());
    for i in 0..n {
        match (want.get(i), got.get(i)) {
            (Some(w), Some(g)) if w == g => out.push_str(&format!("    {w}\n")),
            (w, g) => {
                if let Some(w) = w {
                    out.push_str(&format!("  - {w}\n"));
                }
                if let Some(g) = g {
                    out.push_str(&format!("  + {g}\n"));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_are_replaced_but_other_numbers_stay() {
        assert_eq!(
            normalize_durations("task 3 took 12ms, then 1.5s; 4 items, v2s"),
            "task 3 took <duration>, then <duration>; 4 items, v2s"
        );
    }

    #[test]
    fn panic_thread_ids_are_normalized() {
        assert_eq!(
            normalize_always("thread 'main' (81234) panicked at listings/examples/x.rs:3:5:"),
            "thread 'main' (<id>) panicked at listings/examples/x.rs:3:5:"
        );
    }

    #[test]
    fn any_order_compares_multisets() {
        let rule = Rule {
            any_order: true,
            ..Rule::default()
        };
        assert!(compare(rule, "a\nb\nb\n", "b\na\nb\n").is_ok());
        assert!(compare(rule, "a\nb\nb\n", "a\na\nb\n").is_err());
        let last = Rule {
            any_order: true,
            last_line: true,
            ..Rule::default()
        };
        assert!(compare(last, "a\nb\ndone\n", "b\na\ndone\n").is_ok());
        assert!(compare(last, "a\nb\ndone\n", "done\na\nb\n").is_err());
    }

    #[test]
    fn exact_compares_order() {
        assert!(compare(Rule::default(), "a\nb\n", "a\nb\n").is_ok());
        assert!(compare(Rule::default(), "a\nb\n", "b\na\n").is_err());
    }
}
