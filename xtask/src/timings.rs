//! `cargo xtask timings`: how long `cargo xtask test` takes on this machine,
//! warm and after editing one listing. README quotes what it prints.
//!
//! Each edit appends a comment line with a fresh number to a listing (below
//! its anchor, so the reader sees no change but every check of it must run
//! again), times the test command, then puts the file back.

use std::fs;
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::tools::root;

/// The listings another listing repeats whole (`// copy-of: NAME`, alone or
/// with a remark in parentheses): an edit to one of them breaks the copy, and
/// the drift guard that compares them fails.
fn copied_whole(sources: &[String]) -> Vec<String> {
    sources
        .iter()
        .flat_map(|source| source.lines())
        .filter_map(|line| line.trim().strip_prefix("// copy-of:"))
        .filter_map(|rest| {
            let rest = rest.trim();
            let (name, items) = rest.split_once(' ').unwrap_or((rest, ""));
            let items = items.trim();
            (items.is_empty() || items.starts_with('(')).then(|| format!("{name}.rs"))
        })
        .collect()
}

/// The text of every `.rs` file in `dir`.
fn sources_in(dir: &std::path::Path) -> Result<Vec<String>, String> {
    Ok(fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
        .filter_map(|e| fs::read_to_string(e.path()).ok())
        .collect())
}

/// One listing per chapter, in book order: its first example that no
/// benchmark times (an edit to one of those asks for a new benchmark record)
/// and no other listing repeats whole.
fn sample_listings() -> Result<Vec<String>, String> {
    let dir = root().join("listings/examples");
    let timed: String = sources_in(&root().join("listings/benches"))?.concat();
    let mut copied = Vec::new();
    for copies in [
        "listings/examples",
        "listings/tests",
        "listings/compile-fail/src/bin",
        "listings/models/tests",
    ] {
        copied.extend(copied_whole(&sources_in(&root().join(copies))?));
    }
    let mut names: Vec<String> = fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| {
            n.ends_with(".rs") && !timed.contains(&format!("/{n}\"")) && !copied.contains(n)
        })
        .collect();
    names.sort();
    names.dedup_by(|later, first| later.get(..4) == first.get(..4));
    Ok(names)
}

/// Runs `cargo xtask test` quietly and returns its wall time in seconds.
fn timed_test() -> Result<f64, String> {
    let started = Instant::now();
    let status = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args(["xtask", "test"])
        .current_dir(root())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|e| format!("cannot run cargo xtask test: {e}"))?;
    if !status.success() {
        return Err("cargo xtask test failed; run it to see why".into());
    }
    Ok(started.elapsed().as_secs_f64())
}

pub fn run(args: &[String]) -> Result<(), String> {
    let listings = if args.is_empty() {
        sample_listings()?
    } else {
        args.to_vec()
    };
    println!("Making the run warm...");
    timed_test()?;
    let warm: Vec<f64> = (0..3).map(|_| timed_test()).collect::<Result<_, _>>()?;
    println!("\n| scenario | seconds |\n| --- | --- |");
    let runs: Vec<String> = warm.iter().map(|s| format!("{s:.1}")).collect();
    println!("| warm, nothing changed (3 runs) | {} |", runs.join(", "));
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    for name in listings {
        let path = root().join("listings/examples").join(&name);
        let original = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        fs::write(&path, format!("{original}// timing run {stamp}\n"))
            .map_err(|e| e.to_string())?;
        let result = timed_test();
        fs::write(&path, &original)
            .map_err(|e| format!("{}: put it back by hand: {e}", path.display()))?;
        println!("| after editing {name} | {:.1} |", result?);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::copied_whole;

    #[test]
    fn a_listing_copied_whole_is_not_edited_but_one_copied_in_part_is() {
        let sources = [
            "// copy-of: ch22-01-countdown\nfn main() {}".to_string(),
            "// copy-of: ch10-06-job-handles (the pool, unchanged)".to_string(),
            "// copy-of: ch13-07-merge-sort fn merge, const CUTOFF".to_string(),
        ];
        assert_eq!(
            copied_whole(&sources),
            ["ch22-01-countdown.rs", "ch10-06-job-handles.rs"]
        );
    }
}
