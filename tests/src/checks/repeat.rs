//! The verify tier's repeated runs: every listing whose output varies (its
//! block is a `sample`) runs [`RUNS`] times with no load of its own and
//! [`RUNS`] times with every core kept busy by spinning threads, and every
//! run must satisfy the block's rule. One lucky run proves little about a
//! program whose output depends on the scheduler; a hundred runs, half of
//! them starved of CPU, show that the rule the book states holds. A
//! listing whose output is about time (`durations`) runs while no other
//! check runs; if its first run spent less than a tenth of its time on a
//! CPU ([`ASLEEP`]), its runs go [`AT_ONCE`] at a time.

use std::collections::BTreeSet;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread;

use book_model::{Kind, Listing, Runner};
use libtest_mimic::Trial;

use crate::book::Book;
use book_model::verified::{Measured, VerifyCheck};

use crate::cache::{add_file, cache, toolchain};
use crate::checks::outputs::{OutputCheck, checks, run_program_in};
use crate::checks::verified::measure;
use crate::checks::{CheckKind, trial, trial_alone};
use crate::expect::compare;

/// Runs of each listing, with the machine quiet and then busy.
pub const RUNS: usize = book_model::proof::RUNS;

/// (listing, distinct outputs seen) for the summary, when the runs ran.
pub static SEEN: Mutex<Vec<(String, usize)>> = Mutex::new(Vec::new());

/// The listings about time whose runs ran [`AT_ONCE`] at a time, for the
/// summary, when the runs ran.
pub static TOGETHER: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// The repeated runs, as two lists: first those whose verdicts are about
/// time, which run while no other trial does ([`trial_alone`]), then the
/// others, which share the machine with the rest of the verify tier (the
/// enumerations of [`outcome_trials`] among them). The verify tier runs the
/// first list before anything else, so that none of them waits for a long
/// Miri run to end while the other cores idle.
pub fn trials(book: &'static Book) -> (Vec<Trial>, Vec<Trial>) {
    let (found, _) = checks(book);
    let mut shared = outcome_trials(book, &found);
    let mut alone = Vec::new();
    for check in repeated(found) {
        let what = format!(
            "{} ({} runs, half under load)",
            check.listing.name,
            2 * RUNS
        );
        if check.rule.durations {
            alone.push(trial_alone(CheckKind::Repeat, what, move || {
                repeat(book, &check)
            }));
        } else {
            shared.push(trial(CheckKind::Repeat, what, move || repeat(book, &check)));
        }
    }
    (alone, shared)
}

/// Every problem the repeated runs and the outcome checks find in `book`
/// (a fixture book of the harness's own tests), with their kinds.
pub fn problems(book: &Book) -> Vec<(CheckKind, String)> {
    let (found, _) = checks(book);
    let mut problems: Vec<(CheckKind, String)> = outcomes(book, &found)
        .into_iter()
        .filter_map(|(_, model, check, target)| {
            Some((
                CheckKind::Outcomes,
                outcome_check(book, &model, check, &target).err()?,
            ))
        })
        .collect();
    for check in repeated(found) {
        problems.extend(repeat(book, &check).err().map(|e| (CheckKind::Repeat, e)));
    }
    problems
}

/// The output checks whose listing runs many times: programs whose output
/// varies, each listing and rule once.
fn repeated(found: Vec<OutputCheck>) -> Vec<OutputCheck> {
    // A listing shown twice under the same rule is repeated once.
    let mut seen = std::collections::HashSet::new();
    found
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
        .collect()
}

/// A model that enumerates every output of a listing says so with a line
/// `// outcomes-of: LISTING`, and prints `N possible outputs:` followed by
/// the outputs, separated by blank lines. Each real run of the listing,
/// [`RUNS`] quiet and [`RUNS`] under load, must print one of them.
fn outcome_trials(book: &'static Book, found: &[OutputCheck]) -> Vec<Trial> {
    outcomes(book, found)
        .into_iter()
        .map(|(what, model, check, target)| {
            trial(CheckKind::Outcomes, what, move || {
                outcome_check(book, &model, check, &target)
            })
        })
        .collect()
}

/// Each model that enumerates a listing's outputs: what its trial is about,
/// the model, the output check of the listing (if the book shows it), and
/// the listing's name.
fn outcomes(
    book: &Book,
    found: &[OutputCheck],
) -> Vec<(String, Listing, Option<OutputCheck>, String)> {
    let mut all = Vec::new();
    for model in book.listings.iter().filter(|l| l.kind == Kind::Model) {
        let source = book.read(&model.file()).unwrap_or_default();
        let Some(target) = book_model::proof::outcomes_of(&source) else {
            continue;
        };
        let target = target.to_string();
        let check = found
            .iter()
            .find(|c| c.runner == Runner::Native && c.listing.name.as_str() == target)
            .cloned();
        let what = format!(
            "{target} ({} runs, half under load, each one of the outputs {} lists)",
            2 * RUNS,
            model.name
        );
        all.push((what, model.clone(), check, target));
    }
    all
}

/// Runs `target` [`RUNS`] times quiet and [`RUNS`] times under load: each
/// run must print one of the outputs `model` lists.
fn outcome_check(
    book: &Book,
    model: &Listing,
    check: Option<OutputCheck>,
    target: &str,
) -> Result<(), String> {
    let check = check.ok_or_else(|| format!("{}: no output block shows {target}", model.name))?;
    let expected = model.expected().expect("models have expected outputs");
    let outcomes = possible_outputs(&book.read(&expected)?)
        .map_err(|e| format!("{}: {e}", expected.display()))?;
    let mut fp = cache().fingerprint_for(book, "outcomes")?;
    add_file(&mut fp, &book.root, &check.listing.file());
    add_file(&mut fp, &book.root, &expected);
    fp.add("how", format!("{:?} {RUNS}", check.args));
    let source = book.read(&check.listing.file())?;
    let what = VerifyCheck::Outcomes {
        model: model.name.to_string(),
        runs: 2 * RUNS,
    };
    measure(book, &fp, &check.listing, what, || {
        let mut seen = BTreeSet::new();
        for busy in [false, true] {
            let _load = busy.then(Load::start);
            for run in 1..=RUNS {
                let output = run_program_in(book, &check)?.output;
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
        if book.is_the_repository() {
            SEEN.lock().unwrap_or_else(|e| e.into_inner()).push((
                format!("{target} (of {} possible)", outcomes.len()),
                seen.len(),
            ));
        }
        Ok(Measured {
            runs: Some(2 * RUNS),
            distinct: Some(seen.len()),
            model: Some(model.name.to_string()),
            possible: Some(outcomes.len()),
            ..Measured::today(&toolchain()?.verbose_version, &source)
        })
    })
}

fn normalize(output: &str) -> String {
    output
        .lines()
        .map(|l| crate::expect::normalize_always(l) + "\n")
        .collect()
}

/// The outputs a model's report lists (see [`outcome_trials`]), each as
/// the rules that every output check applies would write it.
fn possible_outputs(report: &str) -> Result<BTreeSet<String>, String> {
    Ok(book_model::schedule::possible_outputs(report)?
        .iter()
        .map(|o| normalize(o))
        .collect())
}

fn repeat(book: &Book, check: &OutputCheck) -> Result<(), String> {
    let expected = check
        .listing
        .expected()
        .expect("listings with output blocks have one");
    let mut fp = cache().fingerprint_for(book, "repeat")?;
    add_file(&mut fp, &book.root, &check.listing.file());
    add_file(&mut fp, &book.root, &expected);
    fp.add_dir(&book.root.join(check.listing.data_dir()))
        .map_err(|e| e.to_string())?;
    fp.add(
        "how",
        format!(
            "{:?} {:?} {:?} {RUNS}",
            check.rule, check.should_panic, check.args
        ),
    );
    let source = book.read(&check.listing.file())?;
    let what = VerifyCheck::Repeat { runs: 2 * RUNS };
    measure(book, &fp, &check.listing, what, || {
        let copy = book.read(&expected)?;
        let shown = copy.split_once('\n').map_or("", |(_, rest)| rest);
        let status = check.listing.kind.expected_status(check.should_panic);
        let mut distinct = BTreeSet::new();
        // The first run alone, measured: see `AT_ONCE`.
        let (first, at_once) = if check.rule.durations {
            let run = run_program_in(book, check)?;
            let at_once = if run.cpu_share().is_some_and(|s| s < ASLEEP) {
                AT_ONCE
            } else {
                1
            };
            (Some(run), at_once)
        } else {
            (None, 1)
        };
        if at_once > 1 && book.is_the_repository() {
            TOGETHER
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(check.listing.name.to_string());
        }
        let first = Mutex::new(first);
        for busy in [false, true] {
            let _load = busy.then(Load::start);
            let results = runs(RUNS, at_once, |run| {
                let done = (run == 1 && !busy)
                    .then(|| first.lock().unwrap_or_else(|e| e.into_inner()).take())
                    .flatten();
                done.map_or_else(|| run_program_in(book, check), Ok)
            });
            for (run, result) in results {
                let result = result?;
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
                // Told apart as the rule compares them: thread ids and
                // timings that the rule lets vary do not make an output
                // distinct (listing 13.14 prints a thread id in every run).
                distinct.insert(crate::expect::lines_for(&result.output, check.rule));
            }
        }
        if book.is_the_repository() {
            SEEN.lock()
                .unwrap_or_else(|e| e.into_inner())
                .push((check.listing.name.to_string(), distinct.len()));
        }
        Ok(Measured {
            runs: Some(2 * RUNS),
            distinct: Some(distinct.len()),
            ..Measured::today(&toolchain()?.verbose_version, &source)
        })
    })
}

/// How many runs of a listing whose output is about time run at once, when
/// its first run spent less than [`ASLEEP`] of its time on a CPU. Such a
/// listing runs while no other check runs ([`trial_alone`]), and most of
/// them spend their runs waiting: on their own sleeps, on channels, on
/// other threads (listing 4.4 takes about 1.07 s of wall time and no CPU
/// time that `/usr/bin/time` can measure). One at a time, the cores would
/// idle for as long as they run. Copies that wait add little to what each
/// other's threads compete with, and the busy half starts the same load as
/// before; the verify tier's own runs of these listings, whose timing
/// verdicts must all hold, are the evidence that eight at once is few
/// enough (four at once, before, made these runs a sixth of the verify
/// tier's wall time while the cores idled).
pub const AT_ONCE: usize = 8;

/// A run whose CPU time (user and system, all its threads) is less than
/// this share of its wall time spent most of it off a CPU (waiting, or
/// waiting for one): the runs after it may run [`AT_ONCE`] at a time. A listing that computes (listing 20.4's
/// jobs spin for 150 ms on two threads) runs one run at a time.
const ASLEEP: f64 = 0.1;

/// Runs `run(1)` to `run(n)`, `at_once` at a time, and returns every
/// result in the order of the runs. Once one fails, no new run starts; the
/// results end with the first run that could not be made (in the order of
/// the runs: a run whose output breaks the rule is found by the caller,
/// after all of them), so the
/// message is the same as one at a time.
fn runs<T: Send>(
    n: usize,
    at_once: usize,
    run: impl Fn(usize) -> Result<T, String> + Sync,
) -> Vec<(usize, Result<T, String>)> {
    let next = AtomicUsize::new(1);
    let failed = AtomicBool::new(false);
    let done = Mutex::new(Vec::new());
    thread::scope(|scope| {
        for _ in 0..at_once.clamp(1, n.max(1)) {
            scope.spawn(|| {
                loop {
                    if failed.load(Ordering::Relaxed) {
                        break;
                    }
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i > n {
                        break;
                    }
                    let result = run(i);
                    failed.fetch_or(result.is_err(), Ordering::Relaxed);
                    done.lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push((i, result));
                }
            });
        }
    });
    let mut done = done.into_inner().unwrap_or_else(|e| e.into_inner());
    done.sort_by_key(|(i, _)| *i);
    if let Some(first_error) = done.iter().position(|(_, r)| r.is_err()) {
        done.truncate(first_error + 1);
    }
    done
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    #[test]
    fn runs_at_once_overlap_come_back_in_order_and_stop_at_the_first_failure() {
        let (started, in_flight, most) = (
            AtomicUsize::new(0),
            AtomicUsize::new(0),
            AtomicUsize::new(0),
        );
        let results = runs(40, 4, |i| {
            started.fetch_add(1, Ordering::Relaxed);
            let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
            most.fetch_max(now, Ordering::SeqCst);
            thread::sleep(std::time::Duration::from_millis(20));
            in_flight.fetch_sub(1, Ordering::SeqCst);
            if i == 10 {
                Err(format!("run {i} failed"))
            } else {
                Ok(i)
            }
        });
        // Four threads, each asleep for 20 ms per run: they overlap.
        assert!(most.load(Ordering::SeqCst) > 1, "the runs never overlapped");
        assert!(most.load(Ordering::SeqCst) <= 4);
        let order: Vec<usize> = results.iter().map(|(i, _)| *i).collect();
        assert_eq!(order, (1..=10).collect::<Vec<_>>());
        assert_eq!(results[9].1, Err("run 10 failed".to_string()));
        // Runs already started when run 10 failed may end, no new one starts.
        assert!(started.load(Ordering::Relaxed) < 40);
        let all = runs(7, 4, Ok::<usize, String>);
        assert_eq!(all.len(), 7);
    }

    #[test]
    fn a_sleeping_program_is_asleep_and_a_spinning_one_is_not() {
        // Both at once: the test command runs this suite on every run, and
        // the two programs take their time side by side.
        let limit = std::time::Duration::from_secs(10);
        let (asleep, spinning) = std::thread::scope(|s| {
            let asleep = s.spawn(|| {
                let mut sleep = Command::new("sleep");
                sleep.arg("0.2");
                crate::run::run_with_limit(sleep, limit).unwrap()
            });
            // A loop of the shell's own (a builtin test and arithmetic), not
            // of programs it starts: their time would not count as the
            // shell's.
            let mut spin = Command::new("sh");
            spin.args(["-c", "i=0; while [ $i -lt 150000 ]; do i=$((i+1)); done"]);
            let spinning = crate::run::run_with_limit(spin, limit).unwrap();
            (asleep.join().unwrap(), spinning)
        });
        assert!(asleep.cpu_share().unwrap() < ASLEEP, "sleep: {asleep:?}");
        // The loop does a fixed amount of work (about 0.17 s of CPU time):
        // its CPU time does not depend on how busy the machine is, its share
        // of the wall time does (and on a quiet machine is near 1).
        let cpu = spinning.cpu.expect("a CPU time from /proc");
        assert!(
            cpu >= std::time::Duration::from_millis(50),
            "a busy loop: {spinning:?}"
        );
    }
}
