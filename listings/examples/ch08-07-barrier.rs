// ANCHOR: main
use std::sync::{Barrier, Mutex};
use std::thread;

/// Sales per store, split into one chunk per thread.
const SALES: [[u64; 4]; 3] = [[120, 80, 200, 100], [50, 50, 75, 25], [100, 50, 75, 75]];

/// What phase 1 builds up: the grand total, and how many threads added to it.
struct PhaseOne {
    total: u64,
    finished: usize,
}

/// What each thread reports once it is done.
struct Report {
    finished_when_phase_two_began: usize,
    share_percent: u64,
    leader: bool,
}

fn main() {
    let phase_one = Mutex::new(PhaseOne {
        total: 0,
        finished: 0,
    });
    let between_phases = Barrier::new(SALES.len());

    let reports: Vec<Report> = thread::scope(|s| {
        let handles: Vec<_> = SALES
            .iter()
            .map(|chunk| {
                let (phase_one, between_phases) = (&phase_one, &between_phases);
                s.spawn(move || {
                    // Phase 1: add this chunk to the grand total.
                    let subtotal: u64 = chunk.iter().sum();
                    let mut state = phase_one.lock().unwrap();
                    state.total += subtotal;
                    state.finished += 1;
                    drop(state);

                    // Nobody goes on until all three threads are here.
                    let leader = between_phases.wait().is_leader();

                    // Phase 2 needs the grand total: every phase-1 result.
                    let state = phase_one.lock().unwrap();
                    Report {
                        finished_when_phase_two_began: state.finished,
                        share_percent: subtotal * 100 / state.total,
                        leader,
                    }
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });

    for (chunk, report) in reports.iter().enumerate() {
        println!(
            "chunk {chunk}: {} of 3 threads had finished phase 1, share {}%",
            report.finished_when_phase_two_began, report.share_percent
        );
    }
    println!(
        "no thread started phase 2 early: {}",
        reports
            .iter()
            .all(|r| r.finished_when_phase_two_began == SALES.len())
    );
    let leaders = reports.iter().filter(|r| r.leader).count();
    println!("threads told they were the leader: {leaders}");
}
// ANCHOR_END: main
