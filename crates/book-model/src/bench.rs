//! Benchmark records, and the figures the chapters show from them.
//!
//! `cargo xtask bench` runs each benchmark of `listings/benches/` and writes
//! what it measured to `listings/records/NAME.toml`: every sample of every
//! case, the machine, and two digests. A chapter never types a measured
//! figure; it names one, and the preprocessor writes it in:
//!
//! | Directive | Becomes |
//! | --- | --- |
//! | `{{#bench-table NAME}}` | a table, one row and one column per case label; each cell a time and its spread, then a legend |
//! | `{{#bench-table NAME relative-to=ID}}` | the same, each cell also with its per-round ratio to case `ID` (that case is left out) |
//! | (either table) | then a chart of the same medians and ranges, every case in it, `ID` marked as the baseline (`chart.rs`) |
//! | `{{#bench NAME median ID}}` | a time and its spread: `9.46 ms (4.76–25.9, unstable)` |
//! | `{{#bench NAME ratio ID BASE}}` | the per-round ratio `ID` ÷ `BASE` and its spread: `1.9× (1.7–2.1)` |
//! | `{{#bench NAME samples}}` | how many samples each case has |
//! | `{{#bench NAME machine}}` | the CPU, its logical CPUs, the OS, rustc and the date |
//! | `{{#bench-claim NAME ID > FACTOR BASE}}` | nothing: a check that the whole spread of `ID` ÷ `BASE` is above `FACTOR` (or below, with `<`) |
//! | `{{#bench-claim NAME ID unstable}}`, `… ID stable}}` | nothing: a check that case `ID`'s time is marked `unstable` (or is not) |
//!
//! **Spread.** No figure is a median alone. Of `n` samples, the spread is
//! the range of the middle ones: the `n / 10` fastest and the `n / 10`
//! slowest are left out (rounded down), so 100 samples give the 11th to the
//! 90th, about p10 to p90, and fewer than 10 samples give the fastest to the
//! slowest ([`Spread::of`]). A figure whose spread's top is more than
//! [`UNSTABLE`] times its bottom says `unstable` in words.
//!
//! **Ratios are per round.** The sampler times the cases in rounds, one
//! sample of each case per round (`crates/bench-sampler`), so sample `i` of
//! one case and sample `i` of another were taken in the same round (a
//! round lasts as long as one sample of every case: milliseconds for ch11,
//! seconds for ch13). A ratio is the median of the `n` per-round ratios, and
//! its spread is theirs: a slow stretch that slowed both cases alike cancels
//! out, and one that slowed only one of them shows.
//!
//! A claim is how prose that draws a conclusion from the figures ("sharing
//! one total is what costs") stays tied to them: when a new record no longer
//! supports the sentence, the claim fails and the sentence must change. A
//! claim holds only when the whole spread of its ratio is on its side of the
//! factor, not just the median.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

mod chart;
pub use chart::charts_as_images;

/// Where the records live, relative to the repository.
pub const RECORDS_DIR: &str = "listings/records";

/// What one run of `cargo xtask bench` measured for one benchmark.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// The benchmark (`listings/benches/NAME.rs`).
    pub benchmark: String,
    /// The command that wrote this record.
    pub command: String,
    /// SHA-256 of the benchmark's source and of the listings it includes:
    /// a record made from other code describes other code.
    pub sources: String,
    /// SHA-256 of everything above and below, so that a figure edited by
    /// hand is caught.
    pub digest: String,
    pub machine: Machine,
    pub cases: Vec<Case>,
}

/// The machine a record was measured on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Machine {
    pub cpu: String,
    pub logical_cpus: usize,
    pub os: String,
    pub rustc: String,
    /// The day of the run, `YYYY-MM-DD` (UTC).
    pub date: String,
    /// The 1-minute load average just before the run (`/proc/loadavg`).
    pub load_before: String,
}

/// One case: its place in the table and every sample, in nanoseconds, in
/// the order they were taken.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Case {
    pub id: String,
    pub row: String,
    pub column: String,
    pub samples_ns: Vec<u64>,
}

impl Case {
    /// The median sample (the mean of the middle two for an even count).
    pub fn median(&self) -> f64 {
        let mut sorted = self.samples_ns.clone();
        sorted.sort_unstable();
        let n = sorted.len();
        if n == 0 {
            return f64::NAN;
        }
        if n % 2 == 1 {
            sorted[n / 2] as f64
        } else {
            (sorted[n / 2 - 1] as f64 + sorted[n / 2] as f64) / 2.0
        }
    }

    /// The median sample and the range of the middle ones ([`Spread::of`]).
    pub fn spread(&self) -> Spread {
        let samples: Vec<f64> = self.samples_ns.iter().map(|&t| t as f64).collect();
        Spread::of(&samples)
    }
}

/// A figure's spread is unstable when its top is more than this many times
/// its bottom.
pub const UNSTABLE: f64 = 1.5;

/// A median and the range of the middle values around it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spread {
    pub median: f64,
    /// The fastest (smallest) value once the bottom tenth is left out.
    pub low: f64,
    /// The slowest (largest) value once the top tenth is left out.
    pub high: f64,
    /// How many values there were.
    pub count: usize,
}

impl Spread {
    /// How many values each end of the range leaves out of `count`: a tenth,
    /// rounded down (10 of 100, none of fewer than 10).
    pub fn left_out(count: usize) -> usize {
        count / 10
    }

    /// The median of `values` (the mean of the middle two for an even count)
    /// and the range that remains when [`Spread::left_out`] values are left
    /// out at each end: the 11th to the 90th of 100 values (about p10 to
    /// p90), the smallest to the largest of fewer than 10.
    pub fn of(values: &[f64]) -> Spread {
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        let count = sorted.len();
        if count == 0 {
            return Spread {
                median: f64::NAN,
                low: f64::NAN,
                high: f64::NAN,
                count,
            };
        }
        let median = if count % 2 == 1 {
            sorted[count / 2]
        } else {
            (sorted[count / 2 - 1] + sorted[count / 2]) / 2.0
        };
        let k = Spread::left_out(count);
        Spread {
            median,
            low: sorted[k],
            high: sorted[count - 1 - k],
            count,
        }
    }

    /// Whether the range is too wide for its median to mean much: its top is
    /// more than [`UNSTABLE`] times its bottom.
    pub fn unstable(&self) -> bool {
        self.high > UNSTABLE * self.low
    }

    /// The words in brackets after a figure: the range, and `unstable` when
    /// it is.
    fn brackets(&self, range: String) -> String {
        if self.unstable() {
            format!("({range}, unstable)")
        } else {
            format!("({range})")
        }
    }

    /// A time and its range: `9.46 ms (4.76–25.9, unstable)`. The range is
    /// in the median's unit when both ends fit it, each with its own unit
    /// otherwise (`950 µs (800 µs–1.20 ms)`).
    pub fn time_text(&self) -> String {
        let (scale, unit) = time_unit(self.median);
        let fits = |t: f64| time_unit(t).1 == unit;
        let range = if fits(self.low) && fits(self.high) {
            format!(
                "{}–{}",
                significant(self.low / scale, 3),
                significant(self.high / scale, 3)
            )
        } else {
            format!("{}–{}", format_time(self.low), format_time(self.high))
        };
        format!("{} {}", format_time(self.median), self.brackets(range))
    }

    /// A ratio and its range: `1.9× (1.7–2.1)`.
    pub fn ratio_text(&self) -> String {
        let range = format!("{}–{}", significant(self.low, 2), significant(self.high, 2));
        format!("{} {}", format_ratio(self.median), self.brackets(range))
    }
}

impl Record {
    /// The record file of a benchmark, relative to the repository.
    pub fn path(benchmark: &str) -> PathBuf {
        Path::new(RECORDS_DIR).join(format!("{benchmark}.toml"))
    }

    /// The SHA-256 of the record with its digest left empty.
    pub fn compute_digest(&self) -> String {
        let unsealed = Record {
            digest: String::new(),
            ..self.clone()
        };
        let text = toml::to_string(&unsealed).expect("a record serialises");
        hex(&Sha256::digest(text.as_bytes()))
    }

    /// The record as written to disk, digest included.
    pub fn sealed(mut self) -> String {
        self.digest = self.compute_digest();
        toml::to_string(&self).expect("a record serialises")
    }

    /// Reads `listings/records/NAME.toml` under `root` and checks its digest.
    pub fn load(root: &Path, benchmark: &str) -> Result<Record, String> {
        let path = Record::path(benchmark);
        let text = std::fs::read_to_string(root.join(&path)).map_err(|e| {
            format!(
                "{}: {e}; run `cargo xtask bench {benchmark}`",
                path.display()
            )
        })?;
        let record: Record =
            toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        if record.compute_digest() != record.digest {
            return Err(format!(
                "{}: its digest does not match its contents: a record is written by \
                 `cargo xtask bench {benchmark}`, never by hand",
                path.display()
            ));
        }
        Ok(record)
    }

    /// The case named `id`.
    pub fn case(&self, id: &str) -> Result<&Case, String> {
        self.cases.iter().find(|c| c.id == id).ok_or_else(|| {
            let ids: Vec<&str> = self.cases.iter().map(|c| c.id.as_str()).collect();
            format!(
                "{}: no case `{id}` (it has {})",
                self.benchmark,
                ids.join(", ")
            )
        })
    }

    /// The per-round ratios of case `id` to case `base` (sample `i` of one
    /// over sample `i` of the other: the sampler takes one sample of every
    /// case per round), their median and their range.
    pub fn ratio(&self, id: &str, base: &str) -> Result<Spread, String> {
        let (case, base) = (self.case(id)?, self.case(base)?);
        if case.samples_ns.len() != base.samples_ns.len() {
            return Err(format!(
                "{}: `{}` has {} samples and `{}` {}: a ratio pairs the samples of \
                 one round, so both cases must come from the same run",
                self.benchmark,
                case.id,
                case.samples_ns.len(),
                base.id,
                base.samples_ns.len()
            ));
        }
        let ratios: Vec<f64> = case
            .samples_ns
            .iter()
            .zip(&base.samples_ns)
            .map(|(&a, &b)| a as f64 / b as f64)
            .collect();
        Ok(Spread::of(&ratios))
    }

    /// How many samples each case has (the smallest count, if they differ).
    pub fn samples(&self) -> usize {
        self.cases
            .iter()
            .map(|c| c.samples_ns.len())
            .min()
            .unwrap_or(0)
    }

    /// A sentence fragment naming the machine: "an AMD EPYC 7B13 (2 logical
    /// CPUs), Ubuntu 24.04.3 LTS, rustc 1.95.0, 2026-11-26".
    pub fn machine_text(&self) -> String {
        let m = &self.machine;
        let rustc = m.rustc.split(" (").next().unwrap_or(&m.rustc);
        format!(
            "{} ({} logical CPUs), {}, {}, on {}",
            m.cpu, m.logical_cpus, m.os, rustc, m.date
        )
    }

    /// The table: rows and columns in the order the benchmark declared
    /// them, each cell a time and its spread; `relative_to` adds each cell's
    /// per-round ratio to that case on a second line (`<br/>`: the EPUB is XHTML). A one-line legend
    /// follows the table and says what the brackets and `unstable` mean.
    pub fn table(&self, relative_to: Option<&str>) -> Result<String, String> {
        let base = relative_to.map(|id| self.case(id)).transpose()?;
        let cases: Vec<&Case> = self
            .cases
            .iter()
            .filter(|c| Some(c.id.as_str()) != relative_to)
            .collect();
        let mut rows: Vec<&str> = Vec::new();
        let mut columns: Vec<&str> = Vec::new();
        let mut cells = BTreeMap::new();
        for case in &cases {
            if !rows.contains(&case.row.as_str()) {
                rows.push(&case.row);
            }
            if !columns.contains(&case.column.as_str()) {
                columns.push(&case.column);
            }
            let mut cell = case.spread().time_text();
            if let Some(base) = base {
                cell += "<br/>";
                cell += &self.ratio(&case.id, &base.id)?.ratio_text();
            }
            cells.insert((case.row.as_str(), case.column.as_str()), cell);
        }
        // The first column's header says what its cells name (an empty
        // header cell is one a screen reader announces as nothing).
        let mut table = format!("| What is timed | {} |\n|---|", columns.join(" | "));
        table += &"---:|".repeat(columns.len());
        table.push('\n');
        for row in rows {
            table += &format!("| {row} |");
            for column in &columns {
                let cell = cells.get(&(row, *column)).map_or("–", String::as_str);
                table += &format!(" {cell} |");
            }
            table.push('\n');
        }
        table.push('\n');
        table += &self.legend(base);
        table.push('\n');
        Ok(table)
    }

    /// The line under a table: what a cell holds, which samples the
    /// brackets span, and the rule for `unstable`.
    fn legend(&self, base: Option<&Case>) -> String {
        let n = self.samples();
        let k = Spread::left_out(n);
        let middle = if k == 0 {
            format!("all {n}")
        } else {
            format!("the middle {} ({k} left out at each end)", n - 2 * k)
        };
        let mut legend = format!(
            "Each cell: the median of {n} samples and, in brackets, the range of {middle}."
        );
        if let Some(base) = base {
            legend += &format!(
                " Below it: the median and the same range of the {n} per-round ratios to \
                 *{}*.",
                base.row
            );
        }
        legend += &format!(
            " *unstable*: the top of the range is more than {} times its bottom.",
            significant(UNSTABLE, 2)
        );
        legend
    }
}

/// SHA-256 of a benchmark's source and of every file it includes with
/// `#[path = "…"]` (the listings whose functions it times). A `// copy-of:`
/// line, which tells the drift guards what a listing repeats, is a note for
/// the checks, not timed code: it is left out.
pub fn sources_digest(root: &Path, benchmark: &str) -> Result<String, String> {
    let dir = Path::new(crate::Kind::Benchmark.dir());
    let main = dir.join(format!("{benchmark}.rs"));
    let read = |path: &Path| {
        std::fs::read_to_string(root.join(path)).map_err(|e| format!("{}: {e}", path.display()))
    };
    let source = read(&main)?;
    let mut hasher = Sha256::new();
    let mut files = vec![(main.clone(), source.clone())];
    for line in source.lines() {
        if let Some(included) = line
            .trim()
            .strip_prefix("#[path = \"")
            .and_then(|rest| rest.strip_suffix("\"]"))
        {
            let path = dir.join(included);
            files.push((path.clone(), read(&path)?));
        }
    }
    for (path, text) in files {
        let text: String = text
            .split_inclusive('\n')
            .filter(|line| !line.starts_with("// copy-of:"))
            .collect();
        hasher.update(path.to_string_lossy().as_bytes());
        hasher.update([0]);
        hasher.update(text.as_bytes());
        hasher.update([0]);
    }
    Ok(hex(&hasher.finalize()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Three significant digits and a unit: `297 µs`, `12.3 ms`, `1.05 s`.
pub fn format_time(ns: f64) -> String {
    let (scale, unit) = time_unit(ns);
    format!("{} {unit}", significant(ns / scale, 3))
}

/// The unit a time in nanoseconds is written in, and its size in
/// nanoseconds. A time that would round up to 1000 of a unit (999.96 µs)
/// still counts as that unit, as `format_time` writes it.
fn time_unit(ns: f64) -> (f64, &'static str) {
    match ns {
        t if t < 1e3 => (1.0, "ns"),
        t if t < 1e6 => (1e3, "µs"),
        t if t < 1e9 => (1e6, "ms"),
        _ => (1e9, "s"),
    }
}

/// Two significant digits and a times sign: `41×`, `1.6×`, `0.53×`.
pub fn format_ratio(ratio: f64) -> String {
    format!("{}×", significant(ratio, 2))
}

fn significant(value: f64, digits: i32) -> String {
    if value == 0.0 || !value.is_finite() {
        return format!("{value}");
    }
    let magnitude = value.abs().log10().floor() as i32;
    let decimals = (digits - 1 - magnitude).max(0) as usize;
    let rounded = format!("{value:.decimals$}");
    // Rounding can add a digit (99.96 → "100.0"): drop the decimal it made
    // one too many.
    let grew = rounded.parse::<f64>().unwrap_or(value).abs() >= 10f64.powi(magnitude + 1);
    if decimals > 0 && grew {
        let fewer = decimals - 1;
        return format!("{value:.fewer$}");
    }
    rounded
}

/// A `{{#bench…}}` directive found in a chapter.
#[derive(Debug, Clone, PartialEq)]
pub struct BenchDirective {
    /// Where it is in the chapter, in bytes.
    pub range: std::ops::Range<usize>,
    pub benchmark: String,
    pub what: BenchRequest,
}

/// What a `{{#bench…}}` directive asks for: a figure written into the
/// chapter (a table, a median, a ratio, a count, the machine), or a claim
/// about the figures that must hold (and writes nothing).
#[derive(Debug, Clone, PartialEq)]
pub enum BenchRequest {
    Table {
        relative_to: Option<String>,
    },
    Median(String),
    Ratio(String, String),
    Samples,
    Machine,
    Claim {
        id: String,
        greater: bool,
        factor: f64,
        base: String,
    },
    /// A claim that a case's time is unstable (`true`) or is not.
    Steadiness {
        id: String,
        unstable: bool,
    },
}

/// Every `{{#bench…}}` directive of a chapter, or what is wrong with them.
pub fn directives(markdown: &str) -> Result<Vec<BenchDirective>, String> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(start) = markdown[from..].find("{{#bench").map(|i| i + from) {
        let end = markdown[start..]
            .find("}}")
            .map(|i| start + i + 2)
            .ok_or_else(|| format!("an unclosed `{{{{#bench` at byte {start}"))?;
        let text = &markdown[start + 2..end - 2];
        let words: Vec<&str> = text.split_whitespace().collect();
        let bad = || format!("`{{{{{text}}}}}` is not a bench directive (see book_model::bench)");
        let (benchmark, what) = match words.as_slice() {
            ["#bench-table", name] => (name, BenchRequest::Table { relative_to: None }),
            ["#bench-table", name, option] => {
                let id = option.strip_prefix("relative-to=").ok_or_else(bad)?;
                let relative_to = Some(id.to_string());
                (name, BenchRequest::Table { relative_to })
            }
            ["#bench", name, "median", id] => (name, BenchRequest::Median(id.to_string())),
            ["#bench", name, "ratio", id, base] => {
                (name, BenchRequest::Ratio(id.to_string(), base.to_string()))
            }
            ["#bench", name, "samples"] => (name, BenchRequest::Samples),
            ["#bench", name, "machine"] => (name, BenchRequest::Machine),
            ["#bench-claim", name, id, op @ (">" | "<"), factor, base] => {
                let factor = factor.parse().map_err(|_| bad())?;
                let claim = BenchRequest::Claim {
                    id: id.to_string(),
                    greater: *op == ">",
                    factor,
                    base: base.to_string(),
                };
                (name, claim)
            }
            ["#bench-claim", name, id, word @ ("stable" | "unstable")] => {
                let claim = BenchRequest::Steadiness {
                    id: id.to_string(),
                    unstable: *word == "unstable",
                };
                (name, claim)
            }
            _ => return Err(bad()),
        };
        found.push(BenchDirective {
            range: start..end,
            benchmark: benchmark.to_string(),
            what,
        });
        from = end;
    }
    Ok(found)
}

impl BenchDirective {
    /// The text that replaces the directive, or why there is none (a claim
    /// the record does not support is an error).
    pub fn render(&self, record: &Record) -> Result<String, String> {
        Ok(match &self.what {
            // The table, then its chart (`chart.rs`).
            BenchRequest::Table { relative_to } => format!(
                "{}\n{}",
                record.table(relative_to.as_deref())?,
                record.chart(relative_to.as_deref())?
            ),
            BenchRequest::Median(id) => record.case(id)?.spread().time_text(),
            BenchRequest::Ratio(id, base) => record.ratio(id, base)?.ratio_text(),
            BenchRequest::Samples => record.samples().to_string(),
            BenchRequest::Machine => record.machine_text(),
            // A claim shows nothing; the checks test it (`BenchDirective::check`).
            BenchRequest::Claim { .. } | BenchRequest::Steadiness { .. } => String::new(),
        })
    }

    /// Whether a claim holds in the record (every other directive does): the
    /// whole spread of the per-round ratio, not only its median, must be on
    /// the claimed side of the factor.
    pub fn check(&self, record: &Record) -> Result<(), String> {
        if let BenchRequest::Steadiness { id, unstable } = &self.what {
            let spread = record.case(id)?.spread();
            if spread.unstable() == *unstable {
                return Ok(());
            }
            let (word, is) = if *unstable {
                ("unstable", "is not")
            } else {
                ("stable", "is")
            };
            return Err(format!(
                "the claim `{id} {word}` does not hold: in {} its range, {}, {is} more \
                 than {} times wide (its top is {} times its bottom): change the sentence \
                 the claim stands for",
                record.benchmark,
                spread.time_text(),
                significant(UNSTABLE, 2),
                significant(spread.high / spread.low, 3),
            ));
        }
        let BenchRequest::Claim {
            id,
            greater,
            factor,
            base,
        } = &self.what
        else {
            return Ok(());
        };
        let ratio = record.ratio(id, base)?;
        let (holds, op, side, end) = if *greater {
            (ratio.low > *factor, ">", "above", ratio.low)
        } else {
            (ratio.high < *factor, "<", "below", ratio.high)
        };
        if holds {
            return Ok(());
        }
        let k = Spread::left_out(ratio.count);
        let on_median =
            if (*greater && ratio.median > *factor) || (!*greater && ratio.median < *factor) {
                "it holds on the median, not on the spread"
            } else {
                "it does not even hold on the median"
            };
        Err(format!(
            "the claim `{id} {op} {factor} × {base}` needs the whole spread of the per-round \
             ratio {id} ÷ {base} {side} {factor}, but in {} that ratio's median is {} and its \
             range ({} of {} rounds, {k} left out at each end) is {}–{}, which reaches {}: \
             {on_median}; change the sentence the claim stands for, or its factor",
            record.benchmark,
            significant(ratio.median, 3),
            ratio.count - 2 * k,
            ratio.count,
            significant(ratio.low, 3),
            significant(ratio.high, 3),
            significant(end, 3),
        ))
    }
}

/// The line of `markdown` that byte `at` is on, counting from 1.
fn line_of(markdown: &str, at: usize) -> usize {
    markdown[..at].matches('\n').count() + 1
}

/// What is wrong with the figures of the chapter `file`, one message per
/// problem, each starting `file:line:`: a record that is missing or edited,
/// a case it does not have, a claim it does not support.
pub fn check_figures(root: &Path, file: &str, markdown: &str) -> Vec<String> {
    let directives = match directives(markdown) {
        Ok(d) => d,
        Err(e) => return vec![format!("{file}: {e}")],
    };
    let mut records: BTreeMap<&str, Result<Record, String>> = BTreeMap::new();
    let mut problems = Vec::new();
    for directive in &directives {
        let record = records
            .entry(&directive.benchmark)
            .or_insert_with(|| Record::load(root, &directive.benchmark));
        let result = match record {
            Ok(record) => directive.render(record).and(directive.check(record)),
            Err(e) => Err(e.clone()),
        };
        if let Err(e) = result {
            let line = line_of(markdown, directive.range.start);
            let problem = format!("{file}:{line}: {e}");
            if !problems.contains(&problem) {
                problems.push(problem);
            }
        }
    }
    problems
}

/// The chapter with every bench directive replaced by its figure, loading
/// records from `root`. Claims are not checked here: a stale claim fails
/// the checks, not the build.
pub fn expand(root: &Path, markdown: &str) -> Result<String, String> {
    let directives = directives(markdown)?;
    if directives.is_empty() {
        return Ok(markdown.to_string());
    }
    let mut records: BTreeMap<&str, Record> = BTreeMap::new();
    let mut out = String::with_capacity(markdown.len());
    let mut last = 0;
    for directive in &directives {
        let line = line_of(markdown, directive.range.start);
        if !records.contains_key(directive.benchmark.as_str()) {
            let record = Record::load(root, &directive.benchmark)
                .map_err(|e| format!("line {line}: {e}"))?;
            records.insert(&directive.benchmark, record);
        }
        let record = &records[directive.benchmark.as_str()];
        out += &markdown[last..directive.range.start];
        out += &directive
            .render(record)
            .map_err(|e| format!("line {line}: {e}"))?;
        last = directive.range.end;
    }
    out += &markdown[last..];
    Ok(out)
}

/// Measured-looking figures typed into the prose of `markdown` (outside
/// code): a number with a time unit, or a multiple (`3×`, `2.8 times as`).
pub fn typed_figures(markdown: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut found = Vec::new();
    let mut in_code = 0;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code += 1,
            Event::End(TagEnd::CodeBlock) => in_code -= 1,
            Event::Text(text) if in_code == 0 => found.extend(figures_in(&text)),
            _ => {}
        }
    }
    found
}

fn figures_in(text: &str) -> Vec<String> {
    const UNITS: [&str; 10] = [
        "ns",
        "µs",
        "us",
        "ms",
        "s",
        "×",
        "x",
        "times",
        "seconds",
        "milliseconds",
    ];
    let number_end = |word: &str| {
        word.char_indices()
            .find(|&(_, c)| !(c.is_ascii_digit() || ".,–-".contains(c)))
            .map_or(word.len(), |(i, _)| i)
    };
    let trim = |word: &'_ str| word.trim_end_matches([',', '.', ';', ':', ')']).to_string();
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut found = Vec::new();
    for (i, word) in words.iter().enumerate() {
        if !word.starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        let attached = trim(&word[number_end(word)..]);
        if !attached.is_empty() {
            if UNITS.contains(&attached.as_str()) {
                found.push(trim(word));
            }
        } else if let Some(next) = words.get(i + 1).map(|w| trim(w)) {
            // A `×` standing alone multiplies (`100 × 101`); one attached to
            // a number (`3×`) is a multiple.
            if UNITS.contains(&next.as_str()) && !["×", "x"].contains(&next.as_str()) {
                found.push(format!("{} {next}", trim(word)));
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(id: &str, row: &str, column: &str, samples: &[u64]) -> Case {
        Case {
            id: id.into(),
            row: row.into(),
            column: column.into(),
            samples_ns: samples.to_vec(),
        }
    }

    fn record_of(cases: Vec<Case>) -> Record {
        Record {
            benchmark: "ch11-counters".into(),
            command: "cargo xtask bench".into(),
            sources: "abc".into(),
            digest: String::new(),
            machine: Machine {
                cpu: "Test CPU".into(),
                logical_cpus: 2,
                os: "Linux".into(),
                rustc: "rustc 1.95.0 (hash date)".into(),
                date: "2026-11-26".into(),
                load_before: "0.10".into(),
            },
            cases,
        }
    }

    /// Three samples of each case, taken in three rounds.
    fn record() -> Record {
        record_of(vec![
            case(
                "one",
                "one thread",
                "1 thread",
                &[300_000, 290_000, 310_000],
            ),
            case(
                "mutex/2",
                "`Mutex`",
                "2 threads",
                &[12_000_000, 12_400_000, 30_000_000],
            ),
            case(
                "mutex/10",
                "`Mutex`",
                "10 threads",
                &[13_000_000, 13_000_000, 13_000_000],
            ),
            case(
                "atomic/2",
                "atomic",
                "2 threads",
                &[6_000_000, 6_000_000, 6_300_000],
            ),
        ])
    }

    /// Ten rounds in which `fast` took a third of `slow`'s time in eight and
    /// two thirds of it in two: on the median, `slow` is 3 times `fast`; the
    /// range of the middle 8 rounds reaches down to 1.5.
    fn record_with_two_bad_rounds() -> Record {
        let slow = [300_u64, 300, 300, 300, 300, 150, 300, 300, 150, 300];
        record_of(vec![
            case("fast", "fast", "1 thread", &[100; 10]),
            case("slow", "slow", "1 thread", &slow),
        ])
    }

    #[test]
    fn statistics_and_formats() {
        let r = record();
        assert_eq!(r.case("one").unwrap().median(), 300_000.0);
        assert_eq!(r.case("mutex/2").unwrap().median(), 12_400_000.0);
        assert_eq!(format_time(300_000.0), "300 µs");
        assert_eq!(format_time(12_200_000.0), "12.2 ms");
        assert_eq!(format_time(999.6), "1000 ns");
        assert_eq!(format_time(2_500_000_000.0), "2.50 s");
        assert_eq!(format_ratio(40.6), "41×");
        assert_eq!(format_ratio(0.531), "0.53×");
        assert_eq!(format_ratio(1.0), "1.0×");
        assert_eq!(format_time(99_960.0), "100 µs");
        assert_eq!(format_ratio(9.96), "10×");
        assert_eq!(r.samples(), 3);
        assert_eq!(
            r.machine_text(),
            "Test CPU (2 logical CPUs), Linux, rustc 1.95.0, on 2026-11-26"
        );
    }

    #[test]
    fn a_spread_leaves_out_a_tenth_at_each_end() {
        // 100 values: the 11th to the 90th, about p10 to p90.
        let hundred: Vec<f64> = (1..=100).rev().map(f64::from).collect();
        let spread = Spread::of(&hundred);
        assert_eq!((spread.low, spread.median, spread.high), (11.0, 50.5, 90.0));
        assert_eq!(spread.count, 100);
        // 19 values leave out one at each end; fewer than 10 leave out none:
        // their range is the smallest to the largest.
        let nineteen: Vec<f64> = (1..=19).map(f64::from).collect();
        assert_eq!(
            (Spread::of(&nineteen).low, Spread::of(&nineteen).high),
            (2.0, 18.0)
        );
        let seven = Spread::of(&[7.0, 1.0, 4.0, 2.0, 6.0, 3.0, 5.0]);
        assert_eq!((seven.low, seven.median, seven.high), (1.0, 4.0, 7.0));
        assert!(Spread::of(&[]).median.is_nan());
    }

    #[test]
    fn a_wide_spread_says_unstable_in_words() {
        let spread = |low: f64, median: f64, high: f64| Spread {
            median,
            low,
            high,
            count: 100,
        };
        assert_eq!(
            spread(4_760_000.0, 9_460_000.0, 25_900_000.0).time_text(),
            "9.46 ms (4.76–25.9, unstable)"
        );
        assert_eq!(
            spread(4_830_000.0, 4_950_000.0, 5_030_000.0).time_text(),
            "4.95 ms (4.83–5.03)"
        );
        // Exactly 1.5 times is still stable; more is not.
        assert!(!spread(100.0, 120.0, 150.0).unstable());
        assert!(spread(100.0, 120.0, 150.1).unstable());
        // A range that crosses a unit names both units.
        assert_eq!(
            spread(800_000.0, 950_000.0, 1_200_000.0).time_text(),
            "950 µs (800 µs–1.20 ms)"
        );
        assert_eq!(spread(1.7, 1.94, 2.1).ratio_text(), "1.9× (1.7–2.1)");
        assert_eq!(
            spread(0.41, 0.53, 0.7).ratio_text(),
            "0.53× (0.41–0.70, unstable)"
        );
    }

    #[test]
    fn a_ratio_pairs_the_samples_of_one_round() {
        let r = record();
        // Per round: 12.0/0.30 = 40, 12.4/0.29 = 42.8, 30/0.31 = 96.8.
        let ratio = r.ratio("mutex/2", "one").unwrap();
        assert!((ratio.median - 12_400_000.0 / 290_000.0).abs() < 1e-9);
        assert_eq!(ratio.low, 40.0);
        assert!((ratio.high - 30_000_000.0 / 310_000.0).abs() < 1e-9);
        let uneven = record_of(vec![
            case("a", "a", "1", &[1, 2, 3]),
            case("b", "b", "1", &[1, 2]),
        ]);
        let error = uneven.ratio("a", "b").unwrap_err();
        assert!(error.contains("`a` has 3 samples and `b` 2"), "{error}");
    }

    #[test]
    fn a_table_has_rows_and_columns_in_declared_order_and_a_legend() {
        let table = record().table(Some("one")).unwrap();
        assert_eq!(
            table,
            "| What is timed | 2 threads | 10 threads |\n|---|---:|---:|\n\
             | `Mutex` | 12.4 ms (12.0–30.0, unstable)<br/>43× (40–97, unstable) \
             | 13.0 ms (13.0–13.0)<br/>43× (42–45) |\n\
             | atomic | 6.00 ms (6.00–6.30)<br/>20× (20–21) | – |\n\
             \n\
             Each cell: the median of 3 samples and, in brackets, the range of all 3. \
             Below it: the median and the same range of the 3 per-round ratios to \
             *one thread*. *unstable*: the top of the range is more than 1.5 times its \
             bottom.\n"
        );
        let plain = record_with_two_bad_rounds().table(None).unwrap();
        assert!(
            plain.ends_with(
                "| slow | 300 ns (150–300, unstable) |\n\nEach cell: the median of 10 \
                 samples and, in brackets, the range of the middle 8 (1 left out at each \
                 end). *unstable*: the top of the range is more than 1.5 times its bottom.\n"
            ),
            "{plain}"
        );
    }

    #[test]
    fn directives_render_with_their_spread() {
        let r = record();
        let md = "x {{#bench ch11-counters ratio mutex/2 one}} y \
                  {{#bench-claim ch11-counters mutex/2 > 30 one}}\
                  {{#bench ch11-counters median atomic/2}}{{#bench ch11-counters samples}}";
        let found = directives(md).unwrap();
        let text: Vec<String> = found.iter().map(|d| d.render(&r).unwrap()).collect();
        assert_eq!(
            text,
            ["43× (40–97, unstable)", "", "6.00 ms (6.00–6.30)", "3"]
        );
        assert!(found.iter().all(|d| d.check(&r).is_ok()));
        assert!(directives("{{#bench ch11-counters mean one}}").is_err());
        assert!(directives("{{#bench ch11-counters fastest one}}").is_err());
        assert!(directives("{{#bench-table ch11-counters").is_err());
        let missing = directives("{{#bench ch11-counters median nope}}").unwrap();
        assert!(
            missing[0]
                .render(&r)
                .unwrap_err()
                .contains("no case `nope`")
        );
    }

    #[test]
    fn a_claim_must_hold_on_the_whole_spread_not_only_the_median() {
        let r = record_with_two_bad_rounds();
        let claim = |text: &str| directives(text).unwrap().remove(0);
        // The median ratio is 3, so "more than 2 times" holds on the median;
        // the range of the middle 8 rounds reaches down to 1.5, so it fails.
        assert_eq!(r.ratio("slow", "fast").unwrap().median, 3.0);
        let wrong = claim("{{#bench-claim ch11-counters slow > 2 fast}}");
        assert_eq!(wrong.render(&r).unwrap(), "");
        let error = wrong.check(&r).unwrap_err();
        for part in [
            "`slow > 2 × fast`",
            "above 2",
            "median is 3",
            "range (8 of 10 rounds, 1 left out at each end) is 1.50–3.00",
            "holds on the median, not on the spread",
        ] {
            assert!(error.contains(part), "{part:?} not in {error}");
        }
        // A factor the whole range clears holds; so does `<` above the top.
        assert!(
            claim("{{#bench-claim ch11-counters slow > 1.4 fast}}")
                .check(&r)
                .is_ok()
        );
        assert!(
            claim("{{#bench-claim ch11-counters fast < 0.7 slow}}")
                .check(&r)
                .is_ok()
        );
        // `<`: the median 0.33 is below 0.5, the range's top 0.67 is not.
        let error = claim("{{#bench-claim ch11-counters fast < 0.5 slow}}")
            .check(&r)
            .unwrap_err();
        assert!(error.contains("below 0.5"), "{error}");
        assert!(error.contains("which reaches 0.667"), "{error}");
        let error = claim("{{#bench-claim ch11-counters slow > 4 fast}}")
            .check(&r)
            .unwrap_err();
        assert!(
            error.contains("does not even hold on the median"),
            "{error}"
        );
    }

    #[test]
    fn a_claim_can_say_a_figure_is_unstable() {
        let r = record_with_two_bad_rounds();
        let claim = |text: &str| directives(text).unwrap().remove(0);
        assert!(
            claim("{{#bench-claim ch11-counters slow unstable}}")
                .check(&r)
                .is_ok()
        );
        assert!(
            claim("{{#bench-claim ch11-counters fast stable}}")
                .check(&r)
                .is_ok()
        );
        let error = claim("{{#bench-claim ch11-counters fast unstable}}")
            .check(&r)
            .unwrap_err();
        assert!(error.contains("`fast unstable` does not hold"), "{error}");
        assert!(
            error.contains("100 ns (100–100), is not more than 1.5 times wide"),
            "{error}"
        );
        let error = claim("{{#bench-claim ch11-counters slow stable}}")
            .check(&r)
            .unwrap_err();
        assert!(
            error.contains("its top is 2.00 times its bottom"),
            "{error}"
        );
        assert_eq!(
            claim("{{#bench-claim ch11-counters slow stable}}")
                .render(&r)
                .unwrap(),
            ""
        );
        assert!(directives("{{#bench-claim ch11-counters slow steady}}").is_err());
    }

    #[test]
    fn a_copy_of_line_does_not_change_the_sources_digest() {
        let dir = std::env::temp_dir().join(format!("bench-sources-{}", std::process::id()));
        let benches = dir.join(crate::Kind::Benchmark.dir());
        std::fs::create_dir_all(&benches).unwrap();
        let bench = "#[path = \"../examples/ch99-01-sort.rs\"]\nmod sort;\nfn main() {}\n";
        std::fs::write(benches.join("ch99-sort.rs"), bench).unwrap();
        std::fs::create_dir_all(dir.join("listings/examples")).unwrap();
        let listing = dir.join("listings/examples/ch99-01-sort.rs");
        let digest_of = |text: &str| {
            std::fs::write(&listing, text).unwrap();
            sources_digest(&dir, "ch99-sort").unwrap()
        };
        let code = "pub fn sort() {}\n";
        let plain = digest_of(code);
        assert_eq!(
            digest_of(&format!("// copy-of: ch99-00-x fn sort\n{code}")),
            plain
        );
        assert_ne!(digest_of(&format!("// a comment\n{code}")), plain);
        assert_ne!(digest_of("pub fn sort() { }\n"), plain);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_failed_claim_names_its_file_and_line() {
        let dir = std::env::temp_dir().join(format!("bench-claim-{}", std::process::id()));
        std::fs::create_dir_all(dir.join(RECORDS_DIR)).unwrap();
        let sealed = record_with_two_bad_rounds().sealed();
        std::fs::write(dir.join(Record::path("ch11-counters")), sealed).unwrap();
        let md = "# Title\n\nSlow is slower.{{#bench-claim ch11-counters slow > 1.4 fast}}\n\
                  Three times slower.\n{{#bench-claim ch11-counters slow > 2 fast}}\n";
        let problems = check_figures(&dir, "src/ch99.md", md);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].starts_with("src/ch99.md:5: the claim `slow > 2 × fast`"),
            "{}",
            problems[0]
        );
        assert!(expand(&dir, md).is_ok());
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn an_edited_record_fails_its_digest() {
        let dir = std::env::temp_dir().join(format!("bench-record-{}", std::process::id()));
        std::fs::create_dir_all(dir.join(RECORDS_DIR)).unwrap();
        let sealed = record().sealed();
        std::fs::write(dir.join(Record::path("ch11-counters")), &sealed).unwrap();
        assert!(Record::load(&dir, "ch11-counters").is_ok());
        let edited = sealed.replace("12400000", "12400001");
        assert_ne!(edited, sealed);
        std::fs::write(dir.join(Record::path("ch11-counters")), edited).unwrap();
        let error = Record::load(&dir, "ch11-counters").unwrap_err();
        assert!(error.contains("never by hand"), "{error}");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn typed_figures_are_found_outside_code() {
        let md = "It took 12 ms, or 2.8 times as long; 40–45× here and 3× there, 2 × 3.\n\n\
                  ```text\n12 ms\n```\n\nTwo threads, 10 readings, chapter 11.";
        assert_eq!(typed_figures(md), ["12 ms", "2.8 times", "40–45×", "3×"]);
    }
}
