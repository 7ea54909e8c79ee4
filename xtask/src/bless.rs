//! `cargo xtask bless [NAME]`: rewrites the expected outputs, compiler
//! messages and exercise starters from real runs, through the harness's
//! output and exercise checks with `BOOK_BLESS=1`.

use std::path::PathBuf;

use book_model::Setting;

use crate::packages::cargo_test;
use crate::step::Step;
use crate::tools;

pub fn run(args: &[String]) -> Result<(), String> {
    let root = tools::root();
    let (listings, _) = book_model::Listing::discover(root);
    let listings: Vec<String> = listings
        .iter()
        .filter(|l| l.kind.has_expected_output())
        .map(|l| l.name.to_string())
        .collect();
    let exercises: Vec<String> = book_model::Exercise::discover(root)
        .into_iter()
        .map(|e| e.name)
        .collect();
    let name = match args {
        [] => None,
        [name] => Some(name.as_str()),
        _ => {
            return Err(
                "`cargo xtask bless` takes at most one listing (or the start of its name) or exercise"
                    .into(),
            );
        }
    };
    let filters = bless_filters(name, &listings, &exercises)?;
    let before = blessed_files()?;
    let mut checks = 0;
    for filter in &filters {
        // The harness's own count of what the filter selects: a name that
        // matches a listing but no check (a loom model's output is blessed by
        // the verify tier) must not pass as blessed.
        let mut list = cargo_test();
        list.args(["--test", "fast", "--", filter, "--list"]);
        let out = list
            .output()
            .map_err(|e| format!("cannot list the harness's checks: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "listing the harness's checks failed:\n{}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        let selected = String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter(|l| l.ends_with(": test"))
            .count();
        if selected == 0 {
            return Err(format!(
                "`cargo xtask bless {}` selects no check of the test command (filter `{filter}`); \
                 a loom model's output is blessed with `BOOK_BLESS=1 cargo xtask verify output`",
                name.unwrap_or_default()
            ));
        }
        checks += selected;
        let mut bless = cargo_test();
        bless
            .args(["--test", "fast", "--", filter])
            .env(Setting::Bless.name(), "1");
        Step::quiet().run(&format!("bless ({filter})"), bless)?;
    }
    let after = blessed_files()?;
    let rewritten: Vec<&PathBuf> = after
        .iter()
        .filter(|(path, text)| before.get(*path) != Some(*text))
        .map(|(path, _)| path)
        .collect();
    println!(
        "\nbless: {checks} {} ran; {} of the files they write rewritten{}",
        if checks == 1 { "check" } else { "checks" },
        rewritten.len(),
        if rewritten.is_empty() {
            " (every one already matched)".to_string()
        } else {
            ", review them with git diff:".to_string()
        }
    );
    for path in rewritten {
        println!("  {}", path.display());
    }
    Ok(())
}

/// The test filters `cargo xtask bless [NAME]` runs: every output check and
/// exercise check, exercise NAME's, or the output checks of the listings
/// whose name starts with NAME. A NAME that matches nothing is an error that
/// lists the nearest names.
fn bless_filters(
    name: Option<&str>,
    listings: &[String],
    exercises: &[String],
) -> Result<Vec<String>, String> {
    use book_model::CheckKind;
    let Some(name) = name else {
        return Ok(vec![
            CheckKind::Output.filter(""),
            CheckKind::Exercise.filter(""),
        ]);
    };
    if exercises.iter().any(|e| e == name) {
        return Ok(vec![CheckKind::Exercise.filter(name)]);
    }
    if !name.is_empty() && listings.iter().any(|l| l.starts_with(name)) {
        return Ok(vec![CheckKind::Output.filter(name)]);
    }
    let candidates: Vec<&str> = listings
        .iter()
        .chain(exercises)
        .map(String::as_str)
        .collect();
    Err(format!(
        "`cargo xtask bless {name}` matches no listing and no exercise; \
         give the start of a listing's name or an exercise's name. The nearest: {}",
        nearest(name, &candidates).join(", ")
    ))
}

/// Up to five of `candidates` nearest to `name`: fewest edits to turn
/// `name` into the candidate's start (as long as `name`), then the longest
/// shared start, then name order. Those within a third of `name`'s length
/// in edits, or sharing its first four characters; if none is, the five
/// best.
fn nearest<'a>(name: &str, candidates: &[&'a str]) -> Vec<&'a str> {
    let mut ranked: Vec<(usize, std::cmp::Reverse<usize>, &str)> = candidates
        .iter()
        .map(|c| {
            let start: String = c.chars().take(name.chars().count()).collect();
            let shared = c
                .chars()
                .zip(name.chars())
                .take_while(|(a, b)| a == b)
                .count();
            (edits(name, &start), std::cmp::Reverse(shared), *c)
        })
        .collect();
    ranked.sort();
    ranked.dedup_by(|a, b| a.2 == b.2);
    let near = |(edits, shared, _): &&(usize, std::cmp::Reverse<usize>, &str)| {
        *edits <= (name.chars().count() / 3).max(1) || shared.0 >= 4
    };
    let close: Vec<&str> = ranked.iter().filter(near).take(5).map(|r| r.2).collect();
    if close.is_empty() {
        ranked.into_iter().take(5).map(|(_, _, c)| c).collect()
    } else {
        close
    }
}

/// The Levenshtein distance between `a` and `b`.
fn edits(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != *cb))
                .min(above + 1)
                .min(row[j] + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

/// The files bless may write (the expected outputs and the exercises'
/// starters), with their contents, to tell which it rewrote.
fn blessed_files() -> Result<std::collections::BTreeMap<PathBuf, Vec<u8>>, String> {
    let root = tools::root();
    let mut dirs = vec![root.join(book_model::OUTPUT_DIR)];
    for exercise in book_model::Exercise::discover(root) {
        dirs.push(root.join(exercise.starter()).with_file_name(""));
    }
    let mut files = std::collections::BTreeMap::new();
    for dir in dirs {
        let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_file() {
                let text = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
                let shown = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
                files.insert(shown, text);
            }
        }
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bless_fails_on_a_name_that_matches_nothing_and_names_the_nearest() {
        let listings: Vec<String> = [
            "ch05-01-mutex-counter",
            "ch05-02-poisoned",
            "ch09-01-channel",
        ]
        .map(String::from)
        .to_vec();
        let exercises = vec!["philosophers".to_string(), "latch".to_string()];
        let filters = |name| bless_filters(name, &listings, &exercises);
        assert_eq!(filters(None).unwrap(), ["output", "exercise"]);
        assert_eq!(filters(Some("ch05")).unwrap(), ["output ch05"]);
        assert_eq!(
            filters(Some("ch05-02-poisoned")).unwrap(),
            ["output ch05-02-poisoned"]
        );
        assert_eq!(filters(Some("latch")).unwrap(), ["exercise latch"]);
        let error = filters(Some("ch99")).unwrap_err();
        assert!(
            error.contains("`cargo xtask bless ch99` matches no listing and no exercise"),
            "{error}"
        );
        let error = filters(Some("ch05-03")).unwrap_err();
        assert!(
            error
                .ends_with("The nearest: ch05-01-mutex-counter, ch05-02-poisoned, ch09-01-channel"),
            "{error}"
        );
        let error = filters(Some("philosopher")).unwrap_err();
        assert!(error.ends_with("The nearest: philosophers"), "{error}");
        assert!(filters(Some("")).is_err());
    }

    #[test]
    fn edit_distance() {
        assert_eq!(edits("", "abc"), 3);
        assert_eq!(edits("kitten", "sitting"), 3);
        assert_eq!(edits("ch05", "ch05"), 0);
    }
}
