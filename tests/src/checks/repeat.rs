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
use crate::checks::trial;
use crate::expect::compare;
use crate::repo_root;

/// Runs of each listing, with the machine quiet and then busy.
pub const RUNS: usize = 50;

/// (listing, distinct outputs seen) for the summary, when the runs ran.
pub static SEEN: Mutex<Vec<(String, usize)>> = Mutex::new(Vec::new());

pub fn trials(book: &Book) -> Vec<Trial> {
    let (found, _) = checks(book);
    found
        .into_iter()
        // Programs only: a loom model explores its orders by itself.
        .filter(|c| c.runner == Runner::Native && !c.rule.is_exact())
        .filter(|c| matches!(c.listing.kind, Kind::Example | Kind::Test))
        .map(|check| {
            let name = format!(
                "repeat {} ({} runs, half under load)",
                check.listing.name,
                2 * RUNS
            );
            trial(name, move || repeat(&check))
        })
        .collect()
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
