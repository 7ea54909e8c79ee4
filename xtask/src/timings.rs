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

/// One listing per chapter (its first example that no benchmark times: an
/// edit to one of those asks for a new benchmark record), in book order.
fn sample_listings() -> Result<Vec<String>, String> {
    let dir = root().join("listings/examples");
    let benches = root().join("listings/benches");
    let timed: String = fs::read_dir(&benches)
        .map_err(|e| format!("{}: {e}", benches.display()))?
        .flatten()
        .filter_map(|e| fs::read_to_string(e.path()).ok())
        .collect();
    let mut names: Vec<String> = fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".rs") && !timed.contains(&format!("/{n}\"")))
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
