//! The verify tier's repeated runs: every listing whose output varies (its
//! block is a `sample`) runs [`RUNS`] times on a quiet machine and
//! [`RUNS`] times with every core kept busy by other threads, and every run
//! must satisfy the block's rule. One lucky run proves little about a
//! program whose output depends on the scheduler; a hundred runs, half of
//! them starved of CPU, show that the rule the book states holds.

use std::collections::BTreeSet;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;

use book_model::{Kind, Runner};
use libtest_mimic::Trial;

use crate::book::Book;
use crate::cache::{add_repo_file, cache};
use crate::checks::outputs::{OutputCheck, checks, run_program};
use crate::checks::{CheckKind, trial, trial_alone};
use crate::expect::compare;
use crate::repo_root;

/// Runs of each listing, with the machine quiet and then busy.
pub const RUNS: usize = book_model::proof::RUNS;

/// (listing, distinct outputs seen) for the summary, when the runs ran.
pub static SEEN: Mutex<Vec<(String, usize)>> = Mutex::new(Vec::new());

/// The repeated runs, as two lists: first those whose verdicts are about
/// time, which run while no other trial does ([`trial_alone`]), then the
/// others, which share the machine with the rest of the verify tier (the
/// enumerations of [`outcome_trials`] among them). The verify tier runs the
/// first list before anything else, so that none of them waits for a long
/// Miri run to end while the other cores idle.
pub fn trials(book: &Book) -> (Vec<Trial>, Vec<Trial>) {
    let (found, _) = checks(book);
    let mut shared = outcome_trials(book, &found);
    let mut alone = Vec::new();
    // A listing shown twice under the same rule is repeated once.
    let mut seen = std::collections::HashSet::new();
    for check in found
        .into_iter()
        // Programs only: a loom model explores its orders by itself.
        .filter(|c| book_model::proof::is_repeated(c.listing.kind, c.runner, c.rule))
        .filter(|c| {
            seen.insert((
                c.listing.name.to_string(),
                c.rule,
                c.args.clone(),
                c.should_panic,
            ))
        })
    {
        let what = format!(
            "{} ({} runs, half under load)",
            check.listing.name,
            2 * RUNS
        );
        if check.rule.durations {
            alone.push(trial_alone(CheckKind::Repeat, what, move || repeat(&check)));
        } else {
            shared.push(trial(CheckKind::Repeat, what, move || repeat(&check)));
        }
    }
    (alone, shared)
}

/// A model that enumerates every output of a listing says so with a line
/// `// outcomes-of: LISTING`, and prints `N possible outputs:` followed by
/// the outputs, separated by blank lines. Each real run of the listing,
/// [`RUNS`] quiet and [`RUNS`] under load, must print one of them.
fn outcome_trials(book: &Book, found: &[OutputCheck]) -> Vec<Trial> {
    let mut trials = Vec::new();
    for model in book.listings.iter().filter(|l| l.kind == Kind::Model) {
        let source = crate::book::read(&model.file()).unwrap_or_default();
        let Some(target) = book_model::proof::outcomes_of(&source) else {
            continue;
        };
        let target = target.to_string();
        let model = model.clone();
        let check = found
            .iter()
            .find(|c| c.runner == Runner::Native && c.listing.name.as_str() == target)
            .cloned();
        let what = format!(
            "{target} (every run is one of the outputs {} lists)",
            model.name
        );
        trials.push(trial(CheckKind::Outcomes, what, move || {
            let check = check.ok_or_else(|| format!("{}: no output block shows {target}", model.name))?;
            let expected = model.expected().expect("models have expected outputs");
            let outcomes = possible_outputs(&crate::book::read(&expected)?)
                .map_err(|e| format!("{}: {e}", expected.display()))?;
            let mut fp = cache().fingerprint("outcomes")?;
            add_repo_file(&mut fp, &check.listing.file());
            add_repo_file(&mut fp, &expected);
            fp.add("how", format!("{:?} {RUNS}", check.args));
            cache().reuse_or_run(&fp, || {
                let mut seen = BTreeSet::new();
                for busy in [false, true] {
                    let _load = busy.then(Load::start);
                    for run in 1..=RUNS {
                        let output = run_program(&check)?.output;
                        let normalized = normalize(&output);
                        if !outcomes.contains(&normalized) {
                            return Err(format!(
                                "run {run}{} of {target} printed an output that {} does not list:\n{output}",
                                if busy { " under load" } else { "" },
                                model.name
                            ));
                        }
                        seen.insert(normalized);
                    }
                }
                SEEN.lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push((format!("{target} (of {} possible)", outcomes.len()), seen.len()));
                Ok(())
            })
        }));
    }
    trials
}

fn normalize(output: &str) -> String {
    output
        .lines()
        .map(|l| crate::expect::normalize_always(l) + "\n")
        .collect()
}

/// The outputs a model's report lists (see [`outcome_trials`]).
fn possible_outputs(report: &str) -> Result<BTreeSet<String>, String> {
    let mut lines = report
        .lines()
        .skip_while(|l| !l.ends_with(" possible outputs:"));
    let header = lines.next().ok_or("no line `N possible outputs:`")?;
    let count: usize = header
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .ok_or("the count of possible outputs is not a number")?;
    let mut outcomes = BTreeSet::new();
    let mut current = String::new();
    for line in lines {
        if line.is_empty() || line == "." || line.starts_with("test result") {
            if !current.is_empty() {
                outcomes.insert(normalize(&current));
                current.clear();
            }
            if line.is_empty() {
                continue;
            }
            break;
        }
        current.push_str(line);
        current.push('\n');
    }
    if outcomes.len() != count {
        return Err(format!(
            "it announces {count} possible outputs but lists {}",
            outcomes.len()
        ));
    }
    Ok(outcomes)
}

fn repeat(check: &OutputCheck) -> Result<(), String> {
    let expected = check
        .listing
        .expected()
        .expect("listings with output blocks have one");
    let mut fp = cache().fingerprint("repeat")?;
    add_repo_file(&mut fp, &check.listing.file());
    add_repo_file(&mut fp, &expected);
    fp.add_dir(&repo_root().join(check.listing.data_dir()))
        .map_err(|e| e.to_string())?;
    fp.add(
        "how",
        format!(
            "{:?} {:?} {:?} {RUNS}",
            check.rule, check.should_panic, check.args
        ),
    );
    cache().reuse_or_run(&fp, || {
        let book = crate::book::read(&expected)?;
        let shown = book.split_once('\n').map_or("", |(_, rest)| rest);
        let status = check.listing.kind.expected_status(check.should_panic);
        let mut distinct = BTreeSet::new();
        for busy in [false, true] {
            let _load = busy.then(Load::start);
            for run in 1..=RUNS {
                let result = run_program(check)?;
                let when = format!(
                    "run {run} of {RUNS}{}",
                    if busy { " under load" } else { "" }
                );
                if result.code != Some(status) {
                    return Err(format!(
                        "{}: {when} exited with {:?}, expected {status}:\n{}",
                        check.listing.name, result.code, result.output
                    ));
                }
                compare(check.rule, shown, &result.output).map_err(|e| {
                    format!(
                        "{} (shown at {}): {when}: {e}",
                        check.listing.name, check.location
                    )
                })?;
                distinct.insert(result.output);
            }
        }
        SEEN.lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((check.listing.name.to_string(), distinct.len()));
        Ok(())
    })
}

/// One spinning thread per core, until dropped.
struct Load {
    stop: &'static AtomicBool,
    threads: Vec<thread::JoinHandle<()>>,
}

impl Load {
    fn start() -> Load {
        let stop: &'static AtomicBool = Box::leak(Box::new(AtomicBool::new(false)));
        let cores = thread::available_parallelism().map_or(1, |n| n.get());
        let threads = (0..cores)
            .map(|_| {
                thread::spawn(move || {
                    let mut x = 0u64;
                    while !stop.load(Ordering::Relaxed) {
                        x = std::hint::black_box(
                            x.wrapping_mul(6364136223846793005).wrapping_add(1),
                        );
                    }
                })
            })
            .collect();
        Load { stop, threads }
    }
}

impl Drop for Load {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        for thread in self.threads.drain(..) {
            let _ = thread.join();
        }
    }
}
