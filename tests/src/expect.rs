//! The one place that compares what a program printed (or what the compiler
//! said) with the copy the book shows, and the one place that rewrites that
//! copy: `BOOK_BLESS=1` (`cargo xtask bless`).
//!
//! An expected file holds the command line, then the output:
//!
//! ```text
//! $ cargo run -q -p listings --example ch02-01-spawn
//! hello from the main thread
//! ```
//!
//! Blessing writes both; a contributor never types either.

use std::fs;
use std::path::Path;

use book_model::Rule;

use crate::repo_root;

/// Whether this run rewrites the book's copies instead of comparing.
pub fn blessing() -> bool {
    book_model::Setting::Bless.is_on()
}

/// Compares `output` with the expected file `path` (relative to the
/// repository) under `rule`, or rewrites the file when blessing.
pub fn check_or_bless(
    path: &Path,
    command_line: &str,
    output: &str,
    rule: Rule,
) -> Result<(), String> {
    check_or_bless_in(repo_root(), path, command_line, output, rule)
}

/// [`check_or_bless`] for the book at `root` (the repository, or a fixture
/// book).
pub fn check_or_bless_in(
    root: &Path,
    path: &Path,
    command_line: &str,
    output: &str,
    rule: Rule,
) -> Result<(), String> {
    let full = root.join(path);
    let wanted = format!("{command_line}\n{output}");
    if blessing() {
        // Always what this run printed: a sample from an earlier version of
        // the listing may still pass the rule and yet show old numbers.
        if fs::read_to_string(&full).ok().as_deref() != Some(wanted.as_str()) {
            fs::write(&full, &wanted).map_err(|e| format!("{}: {e}", path.display()))?;
            println!("blessed {}", path.display());
        }
        return Ok(());
    }
    let book = fs::read_to_string(&full).map_err(|e| {
        format!(
            "{}: {e}\nCreate it with `cargo xtask bless`.",
            path.display()
        )
    })?;
    let (first, shown) = book.split_once('\n').unwrap_or((&book, ""));
    if first != command_line {
        return Err(format!(
            "{} starts with `{first}`, but the program is run as `{command_line}`\n\
             Regenerate it with `cargo xtask bless`.",
            path.display()
        ));
    }
    compare(rule, shown, output).map_err(|e| {
        format!(
            "{}: {e}\nIf the change is intended, regenerate with `cargo xtask bless` and review the diff.",
            path.display()
        )
    })
}

/// What differs between machines but is never part of a lesson, normalised
/// on both sides whatever the rule: where things are on this machine (the
/// crates cargo downloaded, `/home/you/.cargo/registry/src/index.crates.io-…/tokio-1.54.1/…`;
/// the toolchains rustup installed, `/home/you/.rustup/toolchains/…`; this
/// checkout of the book), the hash cargo puts in the name of a test program
/// (`ch08_03_deadline-22a20470054067b8`), and trailing spaces.
pub fn normalize_always(line: &str) -> String {
    let mut line = line.trim_end().to_string();
    if let Some(at) = line.find("/registry/src/") {
        let head_start = line[..at].rfind([' ', '`', '(']).map_or(0, |i| i + 1);
        let rest = &line[at + "/registry/src/".len()..];
        let crate_path = rest.split_once('/').map_or(rest, |(_, p)| p);
        line = format!("{}<registry>/{crate_path}", &line[..head_start]);
    }
    if let Some(at) = line.find("/.rustup/") {
        let head_start = line[..at].rfind([' ', '`', '(']).map_or(0, |i| i + 1);
        line = format!(
            "{}<rustup>/{}",
            &line[..head_start],
            &line[at + "/.rustup/".len()..]
        );
    }
    // A checkout's build folder: `/home/you/book/target/…` on any machine.
    if let Some(at) = line.find("/target/") {
        let head_start = line[..at].rfind([' ', '`', '(']).map_or(0, |i| i + 1);
        if line[head_start..at].starts_with('/') {
            line = format!("{}<checkout>{}", &line[..head_start], &line[at..]);
        }
    }
    without_cargo_hashes(&line)
}

/// `deps/ch08_03_deadline-22a20470054067b8` → `deps/ch08_03_deadline-<hash>`.
fn without_cargo_hashes(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(at) = rest.find('-') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let hex = after.bytes().take_while(u8::is_ascii_hexdigit).count();
        let ends = after[hex..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric());
        if hex == 16 && ends && rest[..at].ends_with(|c: char| c.is_alphanumeric()) {
            out.push_str("-<hash>");
            rest = &after[hex..];
        } else {
            out.push('-');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// `thread 'main' (4242) panicked` → `thread 'main' (<id>) panicked`.
pub fn normalize_thread_id(line: &str) -> String {
    if let Some(start) = line.find("' (")
        && line.starts_with("thread '")
        && let Some(len) = line[start + 3..].find(") panicked")
        && line[start + 3..start + 3 + len]
            .chars()
            .all(|c| c.is_ascii_digit())
    {
        // A worker of a pool is named with its number (`invoice-pool-1`);
        // which worker takes a job varies like the id does.
        let name = &line[..start];
        let name = match name.rsplit_once('-') {
            Some((pool, number))
                if !number.is_empty() && number.chars().all(|c| c.is_ascii_digit()) =>
            {
                format!("{pool}-<n>")
            }
            _ => name.to_string(),
        };
        return format!("{name}' (<id>{}", &line[start + 3 + len..]);
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

/// The lines of `text` as `rule` compares them: machine paths always
/// replaced, and timings and thread ids where the rule lets them vary.
pub fn lines_for(text: &str, rule: Rule) -> Vec<String> {
    text.lines()
        .map(normalize_always)
        .map(|l| {
            if rule.durations {
                normalize_durations(&l)
            } else {
                l
            }
        })
        .map(|l| {
            if rule.thread_ids {
                normalize_thread_id(&l)
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
                "the lines differ (compared in any order)\n{}",
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

/// How many unchanged lines a diff shows around each change.
const CONTEXT: usize = 3;

/// A line diff of two outputs: the fewest lines removed (`-`) and added
/// (`+`) that turn the book's copy into this run's, with a few unchanged
/// lines around each change; `...` stands for unchanged lines left out. One
/// line more in a run is one `+` line, however long the rest.
fn diff(want: &[String], got: &[String]) -> String {
    let want: Vec<&str> = want.iter().map(String::as_str).collect();
    let got: Vec<&str> = got.iter().map(String::as_str).collect();
    let lines = similar::TextDiff::configure()
        .algorithm(similar::Algorithm::Patience)
        .diff_slices(&want, &got);
    let mut out = String::from("  --- expected (the book)\n  +++ actual (this run)\n");
    let groups = lines.grouped_ops(CONTEXT);
    let starts_late = groups
        .first()
        .and_then(|g| g.first())
        .is_some_and(|op| op.old_range().start > 0);
    for (i, group) in groups.iter().enumerate() {
        if i > 0 || starts_late {
            out.push_str("    ...\n");
        }
        for op in group {
            for change in lines.iter_changes(op) {
                let sign = match change.tag() {
                    similar::ChangeTag::Equal => ' ',
                    similar::ChangeTag::Delete => '-',
                    similar::ChangeTag::Insert => '+',
                };
                out.push_str(&format!("  {sign} {}\n", change.value()));
            }
        }
    }
    let ends_early = groups
        .last()
        .and_then(|g| g.last())
        .is_some_and(|op| op.old_range().end < want.len());
    if ends_early {
        out.push_str("    ...\n");
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
    fn thread_ids_and_machine_paths_are_normalised() {
        assert_eq!(
            normalize_thread_id("thread 'main' (81234) panicked at listings/examples/x.rs:3:5:"),
            "thread 'main' (<id>) panicked at listings/examples/x.rs:3:5:"
        );
        assert_eq!(
            normalize_thread_id("thread 'invoice-pool-1' (81234) panicked at x.rs:3:5:"),
            "thread 'invoice-pool-<n>' (<id>) panicked at x.rs:3:5:"
        );
        // Only a trailing number after a dash is a worker's number.
        assert_eq!(
            normalize_thread_id("thread 'tokio-rt-worker' (7) panicked at x.rs:3:5:"),
            "thread 'tokio-rt-worker' (<id>) panicked at x.rs:3:5:"
        );
        assert!(
            compare(
                Rule {
                    thread_ids: true,
                    ..Rule::default()
                },
                "thread 'invoice-pool-0' (1) panicked\n",
                "thread 'invoice-pool-1' (2) panicked\n",
            )
            .is_ok()
        );
        let ids = Rule {
            thread_ids: true,
            ..Rule::default()
        };
        let (one, other) = (
            "thread 'main' (1) panicked\n",
            "thread 'main' (2) panicked\n",
        );
        assert!(compare(ids, one, other).is_ok());
        assert!(compare(Rule::default(), one, other).is_err());
        assert_eq!(
            normalize_always(
                "  --> /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/tokio-1.54.1/src/task/spawn.rs:168:21"
            ),
            "  --> <registry>/tokio-1.54.1/src/task/spawn.rs:168:21"
        );
        assert_eq!(
            normalize_always(
                "  --> /home/runner/.cargo/registry/src/index.crates.io-0000/tokio-1.54.1/src/task/spawn.rs:168:21 "
            ),
            "  --> <registry>/tokio-1.54.1/src/task/spawn.rs:168:21"
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

    /// The `-` and `+` lines of a failure message.
    fn changes(message: &str) -> Vec<&str> {
        message
            .lines()
            .filter(|l| l.starts_with("  - ") || l.starts_with("  + "))
            .collect()
    }

    #[test]
    fn one_inserted_line_is_one_added_line() {
        let book = "a\nb\nc\nd\ne\nf\n";
        let run = "a\nnew\nb\nc\nd\ne\nf\n";
        let message = compare(Rule::default(), book, run).unwrap_err();
        assert_eq!(changes(&message), ["  + new"]);
        // A few unchanged lines around it, and `...` for the rest.
        assert_eq!(
            message,
            "the output differs\n  --- expected (the book)\n  +++ actual (this run)\n\
             \x20   a\n  + new\n    b\n    c\n    d\n    ...\n"
        );
    }

    #[test]
    fn a_changed_line_is_removed_and_added() {
        let book = "one\ntwo\nthree\n";
        let run = "one\n2\nthree\n";
        let message = compare(Rule::default(), book, run).unwrap_err();
        assert_eq!(changes(&message), ["  - two", "  + 2"]);
        // One line fewer is one `-` line.
        let message = compare(Rule::default(), book, "one\nthree\n").unwrap_err();
        assert_eq!(changes(&message), ["  - two"]);
    }

    #[test]
    fn the_message_names_the_file_and_how_to_bless() {
        if blessing() {
            return;
        }
        let dir = std::env::temp_dir().join(format!("book-expect-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let file = dir.join("x.txt");
        fs::write(
            &file,
            "$ cargo run -q -p listings --example x\nfirst\nsecond\n",
        )
        .unwrap();
        let message = check_or_bless(
            &file,
            "$ cargo run -q -p listings --example x",
            "first\nextra\nsecond\n",
            Rule::default(),
        )
        .unwrap_err();
        let _ = fs::remove_dir_all(&dir);
        assert!(message.starts_with(&format!("{}: the output differs\n", file.display())));
        assert_eq!(changes(&message), ["  + extra"]);
        assert!(message.ends_with(
            "If the change is intended, regenerate with `cargo xtask bless` and review the diff."
        ));
    }
}
