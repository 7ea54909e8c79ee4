//! Chapter 19: a bounded `crossbeam_channel` against
//! `std::sync::mpsc::sync_channel`, timed by `cargo xtask bench
//! ch19-channels`, which writes `listings/records/ch19-channels.toml`. Run
//! it alone with `cargo bench -p listings --bench ch19-channels`.
//!
//! Each case sends 200,000 small messages through a channel of capacity 64
//! to one consumer, from 1 producer or from 2 producers (100,000 each). The
//! two channels with the same producers differ only in the channel; one
//! channel with 1 and with 2 producers differs only in the number of
//! senders, which contend for it when they run at once.

use std::sync::mpsc;
use std::thread;

use bench_sampler::Bench;

/// Every case sends this many messages in all.
const MESSAGES: u64 = 200_000;
const CAPACITY: usize = 64;
const SAMPLES: usize = 30;

fn with_crossbeam(producers: u64) -> u64 {
    let (tx, rx) = crossbeam_channel::bounded(CAPACITY);
    thread::scope(|scope| {
        for _ in 0..producers {
            let tx = tx.clone();
            scope.spawn(move || {
                for i in 0..MESSAGES / producers {
                    tx.send(i).unwrap();
                }
            });
        }
        drop(tx);
        rx.iter().sum()
    })
}

fn with_std(producers: u64) -> u64 {
    let (tx, rx) = mpsc::sync_channel(CAPACITY);
    thread::scope(|scope| {
        for _ in 0..producers {
            let tx = tx.clone();
            scope.spawn(move || {
                for i in 0..MESSAGES / producers {
                    tx.send(i).unwrap();
                }
            });
        }
        drop(tx);
        rx.iter().sum()
    })
}

fn main() {
    let mut bench = Bench::new(SAMPLES);
    for (id, producers, column) in [("1", 1, "1 producer"), ("2", 2, "2 producers")] {
        bench.time(
            &format!("crossbeam/{id}"),
            "`crossbeam_channel::bounded`",
            column,
            move || with_crossbeam(producers),
        );
        bench.time(
            &format!("std/{id}"),
            "`mpsc::sync_channel`",
            column,
            move || with_std(producers),
        );
    }
    bench.run();
}
