//! Benchmark records, and the figures the chapters show from them.
//!
//! `cargo xtask bench` runs each benchmark of `listings/benches/` and writes
//! what it measured to `listings/records/NAME.toml`: every sample of every
//! case, the machine, and two digests. A chapter never types a measured
//! figure; it names one, and the preprocessor writes it in:
//!
//! | Directive | Becomes |
//! | --- | --- |
//! | `{{#bench-table NAME}}` | a table: one row and one column per case label, each cell the median |
//! | `{{#bench-table NAME relative-to=ID}}` | the same, each cell also as a multiple of case `ID`'s median (that case is left out) |
//! | `{{#bench NAME median ID}}`, `{{#bench NAME fastest ID}}` | a time (`12.3 ms`) |
//! | `{{#bench NAME ratio ID BASE}}` | median of `ID` ÷ median of `BASE` (`41×`) |
//! | `{{#bench NAME samples}}` | how many samples each case has |
//! | `{{#bench NAME machine}}` | the CPU, its logical CPUs, the OS, rustc and the date |
//! | `{{#bench-claim NAME ID > FACTOR BASE}}` | nothing: a check that median(`ID`) > `FACTOR` × median(`BASE`) (or `<`) |
//!
//! A claim is how prose that draws a conclusion from the figures ("sharing
//! one total is what costs") stays tied to them: when a new record no longer
//! supports the sentence, the claim fails and the sentence must change.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

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

    /// The fastest sample.
    pub fn fastest(&self) -> f64 {
        self.samples_ns.iter().min().map_or(f64::NAN, |&t| t as f64)
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

    /// The table of medians: rows and columns in the order the benchmark
    /// declared them; `relative_to` adds each cell's multiple of that case.
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
            let mut cell = format_time(case.median());
            if let Some(base) = base {
                cell += &format!(" ({})", format_ratio(case.median() / base.median()));
            }
            cells.insert((case.row.as_str(), case.column.as_str()), cell);
        }
        let mut table = format!("| | {} |\n|---|", columns.join(" | "));
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
        Ok(table)
    }
}

/// SHA-256 of a benchmark's source and of every file it includes with
/// `#[path = "…"]` (the listings whose functions it times).
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
    let (value, unit) = match ns {
        t if t < 1e3 => (t, "ns"),
        t if t < 1e6 => (t / 1e3, "µs"),
        t if t < 1e9 => (t / 1e6, "ms"),
        t => (t / 1e9, "s"),
    };
    format!("{} {unit}", significant(value, 3))
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

/// A directive found in a chapter.
#[derive(Debug, Clone, PartialEq)]
pub struct Directive {
    /// Where it is in the chapter, in bytes.
    pub range: std::ops::Range<usize>,
    pub benchmark: String,
    pub what: Figure,
}

/// What a directive asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum Figure {
    Table {
        relative_to: Option<String>,
    },
    Median(String),
    Fastest(String),
    Ratio(String, String),
    Samples,
    Machine,
    Claim {
        id: String,
        greater: bool,
        factor: f64,
        base: String,
    },
}

/// Every `{{#bench…}}` directive of a chapter, or what is wrong with them.
pub fn directives(markdown: &str) -> Result<Vec<Directive>, String> {
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
            ["#bench-table", name] => (name, Figure::Table { relative_to: None }),
            ["#bench-table", name, option] => {
                let id = option.strip_prefix("relative-to=").ok_or_else(bad)?;
                let relative_to = Some(id.to_string());
                (name, Figure::Table { relative_to })
            }
            ["#bench", name, "median", id] => (name, Figure::Median(id.to_string())),
            ["#bench", name, "fastest", id] => (name, Figure::Fastest(id.to_string())),
            ["#bench", name, "ratio", id, base] => {
                (name, Figure::Ratio(id.to_string(), base.to_string()))
            }
            ["#bench", name, "samples"] => (name, Figure::Samples),
            ["#bench", name, "machine"] => (name, Figure::Machine),
            ["#bench-claim", name, id, op @ (">" | "<"), factor, base] => {
                let factor = factor.parse().map_err(|_| bad())?;
                let claim = Figure::Claim {
                    id: id.to_string(),
                    greater: *op == ">",
                    factor,
                    base: base.to_string(),
                };
                (name, claim)
            }
            _ => return Err(bad()),
        };
        found.push(Directive {
            range: start..end,
            benchmark: benchmark.to_string(),
            what,
        });
        from = end;
    }
    Ok(found)
}

impl Directive {
    /// The text that replaces the directive, or why there is none (a claim
    /// the record does not support is an error).
    pub fn render(&self, record: &Record) -> Result<String, String> {
        Ok(match &self.what {
            Figure::Table { relative_to } => record.table(relative_to.as_deref())?,
            Figure::Median(id) => format_time(record.case(id)?.median()),
            Figure::Fastest(id) => format_time(record.case(id)?.fastest()),
            Figure::Ratio(id, base) => {
                format_ratio(record.case(id)?.median() / record.case(base)?.median())
            }
            Figure::Samples => record.samples().to_string(),
            Figure::Machine => record.machine_text(),
            // A claim shows nothing; the checks test it (`Directive::check`).
            Figure::Claim { .. } => String::new(),
        })
    }

    /// Whether a claim holds in the record (every other directive does).
    pub fn check(&self, record: &Record) -> Result<(), String> {
        let Figure::Claim {
            id,
            greater,
            factor,
            base,
        } = &self.what
        else {
            return Ok(());
        };
        let ratio = record.case(id)?.median() / record.case(base)?.median();
        let holds = if *greater {
            ratio > *factor
        } else {
            ratio < *factor
        };
        if holds {
            return Ok(());
        }
        let op = if *greater { ">" } else { "<" };
        Err(format!(
            "{}: the chapter claims median({id}) {op} {factor} × median({base}), but the \
             record gives {} ×: change the sentence the claim stands for",
            record.benchmark,
            significant(ratio, 3)
        ))
    }
}

/// What is wrong with a chapter's figures: a record that is missing or
/// edited, a case it does not have, a claim it does not support.
pub fn check_figures(root: &Path, markdown: &str) -> Vec<String> {
    let directives = match directives(markdown) {
        Ok(d) => d,
        Err(e) => return vec![e],
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
        if let Err(e) = result
            && !problems.contains(&e)
        {
            problems.push(e);
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
        if !records.contains_key(directive.benchmark.as_str()) {
            let record = Record::load(root, &directive.benchmark)?;
            records.insert(&directive.benchmark, record);
        }
        let record = &records[directive.benchmark.as_str()];
        out += &markdown[last..directive.range.start];
        out += &directive.render(record)?;
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

    fn record() -> Record {
        let case = |id: &str, row: &str, column: &str, samples: &[u64]| Case {
            id: id.into(),
            row: row.into(),
            column: column.into(),
            samples_ns: samples.to_vec(),
        };
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
            cases: vec![
                case(
                    "one",
                    "one thread",
                    "1 thread",
                    &[300_000, 290_000, 310_000],
                ),
                case("mutex/2", "`Mutex`", "2 threads", &[12_000_000, 12_400_000]),
                case("mutex/10", "`Mutex`", "10 threads", &[13_000_000]),
                case("atomic/2", "atomic", "2 threads", &[6_000_000]),
            ],
        }
    }

    #[test]
    fn statistics_and_formats() {
        let r = record();
        assert_eq!(r.case("one").unwrap().median(), 300_000.0);
        assert_eq!(r.case("mutex/2").unwrap().median(), 12_200_000.0);
        assert_eq!(r.case("one").unwrap().fastest(), 290_000.0);
        assert_eq!(format_time(300_000.0), "300 µs");
        assert_eq!(format_time(12_200_000.0), "12.2 ms");
        assert_eq!(format_time(999.6), "1000 ns");
        assert_eq!(format_time(2_500_000_000.0), "2.50 s");
        assert_eq!(format_ratio(40.6), "41×");
        assert_eq!(format_ratio(0.531), "0.53×");
        assert_eq!(format_ratio(1.0), "1.0×");
        assert_eq!(format_time(99_960.0), "100 µs");
        assert_eq!(format_ratio(9.96), "10×");
        assert_eq!(r.samples(), 1);
        assert_eq!(
            r.machine_text(),
            "Test CPU (2 logical CPUs), Linux, rustc 1.95.0, on 2026-11-26"
        );
    }

    #[test]
    fn a_table_has_rows_and_columns_in_declared_order() {
        let table = record().table(Some("one")).unwrap();
        assert_eq!(
            table,
            "| | 2 threads | 10 threads |\n|---|---:|---:|\n\
             | `Mutex` | 12.2 ms (41×) | 13.0 ms (43×) |\n\
             | atomic | 6.00 ms (20×) | – |\n"
        );
    }

    #[test]
    fn directives_render_and_claims_are_checked() {
        let r = record();
        let md = "x {{#bench ch11-counters ratio mutex/2 one}} y \
                  {{#bench-claim ch11-counters mutex/2 > 30 one}}\
                  {{#bench ch11-counters median atomic/2}}";
        let found = directives(md).unwrap();
        let text: Vec<String> = found.iter().map(|d| d.render(&r).unwrap()).collect();
        assert_eq!(text, ["41×", "", "6.00 ms"]);
        let wrong = directives("{{#bench-claim ch11-counters mutex/2 < 30 one}}").unwrap();
        assert_eq!(wrong[0].render(&r).unwrap(), "");
        assert!(found.iter().all(|d| d.check(&r).is_ok()));
        let error = wrong[0].check(&r).unwrap_err();
        assert!(error.contains("the record gives 40.7 ×"), "{error}");
        assert!(directives("{{#bench ch11-counters mean one}}").is_err());
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
