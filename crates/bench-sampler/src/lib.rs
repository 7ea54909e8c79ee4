//! The timing loop of the book's benchmarks (`listings/benches/`).
//!
//! A benchmark declares its cases, each a row and a column of the table the
//! chapter shows, then calls [`Bench::run`]. The cases are timed in turns:
//! one sample of every case, then the next sample of every case, so that a
//! moment when other programs slow the machine down falls on every case
//! alike, not on one of them. In each turn a case runs twice and only the
//! second run is kept, so that it starts with its data in the caches as it
//! would in a loop; a first round warms up and is not kept.
//!
//! Run directly (`cargo bench -p listings --bench NAME`), a benchmark prints
//! the median of each case and the range of its middle samples (a tenth left
//! out at each end, as the book's figures do: `book_model::Spread`). `cargo xtask bench` runs
//! it with `--record FILE`, which also writes every sample, one case per
//! line: `id<TAB>row<TAB>column<TAB>nanoseconds…`. The task turns that into
//! the committed record (`listings/records/NAME.toml`) from which the
//! chapters' tables and figures are generated.

use std::hint::black_box;
use std::time::{Duration, Instant};

/// A case: what the chapter's table calls it, and how to time it once.
struct Case<'a> {
    id: String,
    row: String,
    column: String,
    sample: Box<dyn FnMut() -> Duration + 'a>,
    times: Vec<Duration>,
}

/// The cases of one benchmark.
pub struct Bench<'a> {
    samples: usize,
    cases: Vec<Case<'a>>,
}

impl<'a> Bench<'a> {
    /// A benchmark that keeps `samples` timings of each case.
    pub fn new(samples: usize) -> Self {
        Bench {
            samples,
            cases: Vec::new(),
        }
    }

    /// Times `job`, one call per sample.
    pub fn time<T>(&mut self, id: &str, row: &str, column: &str, mut job: impl FnMut() -> T + 'a) {
        self.time_with_input(id, row, column, || (), move |()| job());
    }

    /// Times `job` on a fresh input from `setup` (not timed) for each sample:
    /// for work that consumes or changes its input, such as a sort.
    pub fn time_with_input<I, T>(
        &mut self,
        id: &str,
        row: &str,
        column: &str,
        mut setup: impl FnMut() -> I + 'a,
        mut job: impl FnMut(I) -> T + 'a,
    ) {
        assert!(
            !id.contains(char::is_whitespace) && !self.cases.iter().any(|c| c.id == id),
            "case ids are unique words: {id:?}"
        );
        let sample = move || {
            let input = black_box(setup());
            let started = Instant::now();
            let output = job(input);
            let took = started.elapsed();
            drop(black_box(output));
            took
        };
        self.cases.push(Case {
            id: id.to_string(),
            row: row.to_string(),
            column: column.to_string(),
            sample: Box::new(sample),
            times: Vec::new(),
        });
    }

    /// Times every case, prints a summary, and writes the samples where
    /// `--record FILE` says. A filter argument keeps the cases whose id
    /// contains it.
    pub fn run(mut self) {
        let mut record = None;
        let mut filter = None;
        let mut args = std::env::args().skip(1);
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--record" => record = args.next(),
                // `cargo bench` passes `--bench` to every benchmark.
                "--bench" => {}
                _ if arg.starts_with('-') => panic!("unknown option {arg}"),
                _ => filter = Some(arg),
            }
        }
        if let Some(filter) = &filter {
            self.cases.retain(|c| c.id.contains(filter.as_str()));
        }
        for round in 0..=self.samples {
            for case in &mut self.cases {
                // A first call, not kept, brings the case's data back into
                // the caches that the other cases used meanwhile.
                (case.sample)();
                let took = (case.sample)();
                if round > 0 {
                    case.times.push(took);
                }
            }
        }
        println!(
            "{:<28} {:>12} {:>12} {:>12} {:>8}",
            "case", "median", "middle from", "to", "samples"
        );
        let mut lines = String::new();
        for case in &mut self.cases {
            let mut sorted = case.times.clone();
            sorted.sort();
            let left_out = sorted.len() / 10;
            println!(
                "{:<28} {:>12?} {:>12?} {:>12?} {:>8}",
                case.id,
                median(&sorted),
                sorted[left_out],
                sorted[sorted.len() - 1 - left_out],
                sorted.len()
            );
            let times: Vec<String> = case
                .times
                .iter()
                .map(|t| t.as_nanos().to_string())
                .collect();
            lines += &format!(
                "{}\t{}\t{}\t{}\n",
                case.id,
                case.row,
                case.column,
                times.join(" ")
            );
        }
        if let Some(path) = record {
            std::fs::write(&path, lines).unwrap_or_else(|e| panic!("cannot write {path}: {e}"));
        }
    }
}

/// The middle sample (the mean of the two middle ones for an even count).
fn median(sorted: &[Duration]) -> Duration {
    let n = sorted.len();
    if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2
    }
}
