//! `cargo xtask bench [BENCHMARK…]`: runs the benchmarks of
//! `listings/benches/` and writes their records, `listings/records/NAME.toml`,
//! from which the chapters' tables and figures are generated
//! (`book_model::bench`).
//!
//! Each record holds every sample the run took, the machine it ran on, a
//! digest of the benchmark's sources (the harness fails when they change
//! without a new record) and a digest of the record itself (it fails when a
//! record is edited by hand).

use std::fs;

use book_model::{Case, Kind, Listing, Machine, Record, sources_digest};

use crate::step::Step;
use crate::tools::{self, cargo, root};

pub fn run(args: &[String]) -> Result<(), String> {
    let (listings, errors) = Listing::discover(root());
    if !errors.is_empty() {
        return Err(errors.join("\n"));
    }
    let benchmarks: Vec<String> = listings
        .iter()
        .filter(|l| l.kind == Kind::Benchmark)
        .map(|l| l.name.to_string())
        .filter(|name| args.is_empty() || args.contains(name))
        .collect();
    if benchmarks.is_empty() {
        return Err(format!("no benchmark named {}", args.join(", ")));
    }
    let mut step = Step::new();
    let build = cargo(["bench", "--quiet", "--locked", "-p", "listings", "--no-run"]);
    step.run("build the benchmarks (release)", build)?;
    let out_dir = tools::target().join("bench");
    fs::create_dir_all(&out_dir).map_err(|e| e.to_string())?;
    let rustc = output_of(tools::command("rustc").arg("-V"))?;
    for name in benchmarks {
        let samples = out_dir.join(format!("{name}.tsv"));
        let machine = machine(&rustc)?;
        let mut run = cargo(["bench", "--quiet", "--locked", "-p", "listings"]);
        run.args(["--bench", &name, "--", "--record"]).arg(&samples);
        step.run(&format!("benchmark {name}"), run)?;
        let text =
            fs::read_to_string(&samples).map_err(|e| format!("{}: {e}", samples.display()))?;
        let record = Record {
            benchmark: name.clone(),
            command: format!("cargo xtask bench {name}"),
            sources: sources_digest(root(), &name)?,
            digest: String::new(),
            machine,
            cases: text.lines().map(case).collect::<Result<_, _>>()?,
        };
        let path = Record::path(&name);
        fs::create_dir_all(root().join(book_model::RECORDS_DIR)).map_err(|e| e.to_string())?;
        fs::write(root().join(&path), record.sealed()).map_err(|e| e.to_string())?;
        step.say(&format!("wrote {}", path.display()));
    }
    step.say("Check the chapters with `cargo xtask test`: a claim the new figures no longer support fails there.");
    Ok(())
}

/// One line of the benchmark's `--record` file.
fn case(line: &str) -> Result<Case, String> {
    let mut fields = line.split('\t');
    let mut next = || {
        fields
            .next()
            .ok_or_else(|| format!("a short line: {line:?}"))
    };
    let (id, row, column) = (
        next()?.to_string(),
        next()?.to_string(),
        next()?.to_string(),
    );
    let samples_ns = next()?
        .split_whitespace()
        .map(|t| t.parse().map_err(|e| format!("{t:?}: {e}")))
        .collect::<Result<_, _>>()?;
    Ok(Case {
        id,
        row,
        column,
        samples_ns,
    })
}

fn output_of(command: &mut std::process::Command) -> Result<String, String> {
    let out = command.output().map_err(|e| format!("{command:?}: {e}"))?;
    if !out.status.success() {
        return Err(format!("{command:?} failed"));
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// The machine, read from Linux's `/proc` and `/etc/os-release`.
fn machine(rustc: &str) -> Result<Machine, String> {
    let read = |path: &str| fs::read_to_string(path).unwrap_or_default();
    let cpuinfo = read("/proc/cpuinfo");
    let cpu = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .map(|rest| rest.trim_start_matches([' ', '\t', ':']).trim().to_string())
        .unwrap_or_else(|| std::env::consts::ARCH.to_string());
    let os_release = read("/etc/os-release");
    let distribution = os_release
        .lines()
        .find_map(|l| l.strip_prefix("PRETTY_NAME="))
        .map(|v| v.trim_matches('"').to_string())
        .unwrap_or_else(|| std::env::consts::OS.to_string());
    let kernel = read("/proc/sys/kernel/osrelease");
    let os = format!("{distribution}, Linux {}", kernel.trim());
    let logical_cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let load_before = read("/proc/loadavg")
        .split_whitespace()
        .next()
        .unwrap_or("unknown")
        .to_string();
    Ok(Machine {
        cpu,
        logical_cpus,
        os,
        rustc: rustc.to_string(),
        date: today(),
        load_before,
    })
}

/// Today's date (UTC) as `YYYY-MM-DD`.
fn today() -> String {
    book_model::verified::today()
}
