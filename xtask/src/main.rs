//! `cargo xtask TASK`: the one entry point for building, serving, testing
//! and blessing the book. This file reads the command line, lists the tasks
//! (`cargo xtask help`) and runs one; each task lives in the module of its
//! job. The checks themselves live in `tests/` (the `fast` and `verify`
//! harnesses) and `tests/web/`.
//!
//! The modules, each using only those listed below it (no module calls
//! back into one that calls it):
//!
//! - `tiers`: the tasks `test` (the fast tier), `verify` and `mdbook-test`;
//! - `bless`: the task `bless`;
//! - `bench`, `timings`: the tasks of the same names;
//! - `site`: the task `site`, the checks of the rendered book (links,
//!   the charts, the served book, then the PDF, the EPUB and the browser);
//! - `browser`: the browser check and the plan of which parts run again;
//! - `charts`: the benchmark charts of a built book, read against their records;
//! - `stock`: the same chapters built by stock mdBook, for comparison;
//! - `publish`: the tasks `build` and `serve`, over `build_all` (the HTML,
//!   the PDF, the EPUB, the downloads);
//! - `pdf`, `epub`: making each publication, and checking it;
//! - `downloads`: the published files' names, where they are kept, reuse;
//! - `pages`: a built book's pages, and their frames for fingerprints;
//! - `mdbook`: mdBook with the preprocessor, as served, book.toml's site-url;
//! - `packages`: the one selection of packages every task builds and tests;
//! - `step`: a task's steps, announced, timed and reused;
//! - `tools`: paths, commands, and the pinned tools and their installs.
//!
//! To add a task, add it to `TASKS` (which `cargo xtask help` lists) and
//! write its function in its job's module; to add a `BOOK_*` setting,
//! declare it in `book_model::SETTINGS`.

mod bench;
mod bless;
mod browser;
mod charts;
mod downloads;
mod epub;
mod mdbook;
mod packages;
mod pages;
mod pdf;
mod publish;
mod site;
mod step;
mod stock;
mod tiers;
mod timings;
mod tools;

use std::process::ExitCode;
use std::time::Instant;

/// What a task does with its arguments.
type Run = fn(&[String]) -> Result<(), String>;

/// A task of `cargo xtask`, as `cargo xtask help` shows it.
struct Task {
    name: &'static str,
    /// Its arguments, as the help shows them (`[LISTING]`); empty if none.
    args: &'static str,
    about: &'static str,
    run: Run,
}

/// Every task, in the order `cargo xtask help` lists them.
const TASKS: &[Task] = &[
    Task {
        name: "test",
        args: "",
        about: "run every check of the fast tier: formatting, clippy, spelling, scripts, workflows, the book's checks, links, PDF, EPUB, browser (what CI runs first)",
        run: tiers::test,
    },
    Task {
        name: "verify",
        args: "[FILTER]",
        about: "run the deep checks (those whose name contains FILTER): every example and test listing (but those marked `miri: skip`) and exercise solution under Miri, the loom models, the exercises' loom graders (on each solution, each wrong solution and each mistake loom cannot show), varying listings 100 times, the downloads built with their own packages compiled afresh; when all pass, writes what they measured to listings/records/verified.toml",
        run: tiers::verify,
    },
    Task {
        name: "serve",
        args: "[MDBOOK ARGS]",
        about: "build the book, with the PDF, the EPUB and the two downloads beside it, and serve it at http://localhost:3000, rebuilding on change",
        run: publish::serve,
    },
    Task {
        name: "build",
        args: "",
        about: "build what GitHub Pages publishes into book/: the HTML book, the PDF, the EPUB and the two downloads (the listings and the exercises workspaces)",
        run: publish::build,
    },
    Task {
        name: "bless",
        args: "[NAME]",
        about: "rewrite the expected outputs, compiler messages and exercise starters from real runs: all, those of the listings whose name starts with NAME, or exercise NAME",
        run: bless::run,
    },
    Task {
        name: "mdbook-test",
        args: "[CHAPTER]",
        about: "run the real `mdbook test` over the book (or one chapter file, such as ch13-rayon.md)",
        run: tiers::mdbook_test,
    },
    Task {
        name: "bench",
        args: "[BENCHMARK…]",
        about: "run the benchmarks and write their records, from which the chapters' figures are generated",
        run: bench::run,
    },
    Task {
        name: "timings",
        args: "[LISTING.rs…]",
        about: "time `cargo xtask test`, warm and after editing one listing of each chapter (or each LISTING.rs of listings/examples/ given)",
        run: timings::run,
    },
    Task {
        name: "site",
        args: "",
        about: "check the rendered book: links, anchors, the benchmark charts, the PDF, the EPUB and a real browser over every page",
        run: site::run,
    },
    Task {
        name: "help",
        args: "",
        about: "print this list of tasks and settings (also `--help`, `-h`, or no task)",
        run: |_| {
            print!("{}", help());
            Ok(())
        },
    },
];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((name, rest)) = args.split_first() else {
        print!("{}", help());
        return ExitCode::SUCCESS;
    };
    let name = match name.as_str() {
        "--help" | "-h" => "help",
        name => name,
    };
    let Some(task) = TASKS.iter().find(|t| t.name == name) else {
        eprintln!("error: no task `{name}`\n\n{}", help());
        return ExitCode::from(2);
    };
    // A task that shows no arguments in the help takes none (`help` is
    // lenient: it prints the help whatever follows).
    let started = Instant::now();
    let done = if task.args.is_empty() && !rest.is_empty() && task.name != "help" {
        Err(format!("`cargo xtask {name}` takes no arguments"))
    } else {
        (task.run)(rest)
    };
    match done {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!(
                "\nerror: {e} (after {:.1} s)",
                started.elapsed().as_secs_f64()
            );
            ExitCode::FAILURE
        }
    }
}

/// Every task with its arguments, then every setting (from
/// [`book_model::SETTINGS`]).
fn help() -> String {
    let mut out = String::from("usage: cargo xtask TASK [ARGUMENTS]\n\ntasks:\n");
    let line = |out: &mut String, left: String, about: &str| {
        if left.len() < 26 {
            *out += &format!("  {left:<26} {about}\n");
        } else {
            *out += &format!("  {left}\n  {:<26} {about}\n", "");
        }
    };
    for task in TASKS {
        line(&mut out, format!("{} {}", task.name, task.args), task.about);
    }
    let off: Vec<String> = book_model::OFF.iter().map(|v| format!("{v:?}")).collect();
    out += &format!(
        "\nsettings (environment variables; a switch such as BOOK_BLESS=1 is on unless unset or one of {}, in any case):\n",
        off.join(", ")
    );
    for internal in [false, true] {
        if internal {
            out += "\nset by the tools for one another:\n";
        }
        for s in book_model::SETTINGS
            .iter()
            .filter(|s| s.internal == internal)
        {
            let about = format!("{}; read by {}", s.about, s.read_by);
            line(
                &mut out,
                format!("{}={}", s.name, s.value.placeholder()),
                &about,
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_lists_every_task_and_every_setting() {
        let help = help();
        for task in TASKS {
            let shown = format!("  {} {}", task.name, task.args);
            assert!(
                help.contains(&shown) && help.contains(task.about),
                "`cargo xtask help` does not list `{shown}` with what it does:\n{help}"
            );
        }
        for setting in book_model::SETTINGS {
            assert!(
                help.contains(&format!("  {}=", setting.name)) && help.contains(setting.about),
                "`cargo xtask help` does not list {}:\n{help}",
                setting.name
            );
        }
    }

    /// README's table of tasks and CONTRIBUTING's table of settings say
    /// what `cargo xtask help` says: every task, every setting a person sets,
    /// and nothing that does not exist.
    #[test]
    fn readme_and_contributing_list_every_task_and_setting() {
        let read = |file: &str| std::fs::read_to_string(tools::root().join(file)).unwrap();
        let readme = read("README.md");
        for task in TASKS {
            let command = format!("cargo xtask {} {}", task.name, task.args);
            let row = format!("| `{}` |", command.trim_end());
            assert!(
                readme.contains(&row),
                "README.md: the table of tasks has no row `{row}`; add it (see `cargo xtask help`)"
            );
        }
        for mentioned in readme.split("`cargo xtask ").skip(1) {
            let name: String = mentioned
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '-')
                .collect();
            assert!(
                TASKS.iter().any(|t| t.name == name),
                "README.md names `cargo xtask {name}`, which is no task; see `cargo xtask help`"
            );
        }
        let contributing = read("CONTRIBUTING.md");
        for setting in book_model::SETTINGS.iter().filter(|s| !s.internal) {
            let row = format!("| `{}=", setting.name);
            assert!(
                contributing.contains(&row),
                "CONTRIBUTING.md: the table of settings has no row for {}; add it (see `cargo xtask help`)",
                setting.name
            );
        }
        for doc in [&readme, &contributing] {
            for (at, _) in doc.match_indices("BOOK_") {
                let name: String = doc[at..]
                    .chars()
                    .take_while(|c| c.is_ascii_uppercase() || *c == '_')
                    .collect();
                // `BOOK_*` stands for them all.
                assert!(
                    name == "BOOK_" || book_model::SETTINGS.iter().any(|s| s.name == name),
                    "README.md or CONTRIBUTING.md names {name}, which no tool reads; see `cargo xtask help`"
                );
            }
        }
    }

    /// The list of modules in this file's documentation is the order of
    /// their uses: each module uses only those listed below it (a line names
    /// modules of one rank), so that no module calls back into one that
    /// calls it.
    #[test]
    fn modules_use_only_those_listed_below_them() {
        let src = tools::root().join("xtask/src");
        let main = std::fs::read_to_string(src.join("main.rs")).unwrap();
        let listed: Vec<(usize, &str)> = main
            .lines()
            .filter_map(|l| l.strip_prefix("//! - "))
            .enumerate()
            .flat_map(|(rank, l)| {
                let names = l.split(':').next().unwrap_or_default().split(", ");
                names.map(move |n| (rank, n.trim_matches('`')))
            })
            .collect();
        let rank = |name: &str| listed.iter().find(|(_, n)| *n == name).map(|(r, _)| *r);
        for entry in std::fs::read_dir(&src).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            if name == "main" {
                continue;
            }
            let Some(own) = rank(&name) else {
                panic!(
                    "xtask/src/main.rs: the list of modules does not name `{name}`; add it above the modules it uses"
                );
            };
            let text = std::fs::read_to_string(&path).unwrap();
            for used in crate_modules_used(&text) {
                assert!(
                    rank(&used).is_some_and(|theirs| theirs > own),
                    "xtask/src/{name}.rs uses `crate::{used}`, which the list of modules in \
                     xtask/src/main.rs does not put below `{name}`: a module uses only those \
                     listed below it; move what both need into a module below them both"
                );
            }
        }
    }

    /// The modules a file names as `crate::NAME` or `crate::{NAME, ...}`.
    fn crate_modules_used(text: &str) -> Vec<String> {
        let ident = |s: &str| -> String {
            s.trim()
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect()
        };
        let mut used = Vec::new();
        for (at, _) in text.match_indices("crate::") {
            let rest = &text[at + "crate::".len()..];
            match rest.strip_prefix('{') {
                Some(group) => {
                    let group = &group[..group.find('}').unwrap_or(group.len())];
                    used.extend(group.split(',').map(ident));
                }
                None => used.push(ident(rest)),
            }
        }
        used.retain(|m| !m.is_empty() && m != "self");
        used
    }

    #[test]
    fn crate_modules_are_found_in_both_forms() {
        let text = "use crate::step::Step;\nuse crate::{epub, pdf::check};\n";
        assert_eq!(crate_modules_used(text), ["step", "epub", "pdf"]);
    }
}
