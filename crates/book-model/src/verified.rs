//! What the verify tier measured, listing by listing: the record
//! `listings/records/verified.toml`, which `cargo xtask verify` writes when
//! every trial it ran passed.
//!
//! For each listing, one entry per verify check that ran for it (its Miri
//! run, its loom run, its repeated runs, its runs against a model's list
//! of outputs), each with the day it ran, the toolchain that ran it
//! (`rustc -V`: the pinned one, or the nightly one that Miri comes with),
//! a digest of the listing's source as it was then, and what it counted
//! (the runs, the distinct outputs they printed; for an enumeration, the
//! model and how many outputs it lists). A run of the verify tier replaces
//! the entries of the checks it ran and keeps the others, so a filtered run
//! (`cargo xtask verify ch02-08-channel`) updates one listing; it drops the
//! entries of checks the harness no longer runs.
//!
//! The line under each listing's caption shows these figures
//! ([`crate::proof::ProofPlan::line`]): the distinct outputs, the day and
//! the toolchains; and, when the listing's source no longer has the digest
//! of every entry, that it was verified before its last edit. A listing
//! with no entry shows only what the harness runs. A drift guard checks
//! that every listing with verify checks has an entry, that every entry
//! names exactly the verify checks the harness runs for its listing, and
//! the record's own digest, which makes a hand edit fail.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The record, relative to the repository.
pub const PATH: &str = "listings/records/verified.toml";

/// The command that writes it.
pub const COMMAND: &str = "cargo xtask verify";

/// One verify check of a listing, as the record, the plans and the trials
/// name it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum VerifyCheck {
    /// Run under Miri (clean, or its report compared).
    Miri,
    /// A loom model, run and its report compared.
    Loom,
    /// Run this many times (all of its repeat trials), each run compared.
    Repeat { runs: usize },
    /// Run this many times, each run one of the outputs `model` lists.
    Outcomes { model: String, runs: usize },
}

impl fmt::Display for VerifyCheck {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VerifyCheck::Miri => write!(f, "its Miri run"),
            VerifyCheck::Loom => write!(f, "its loom run"),
            VerifyCheck::Repeat { runs } => write!(f, "{runs} repeated runs"),
            VerifyCheck::Outcomes { model, runs } => {
                write!(f, "{runs} runs against the outputs {model} lists")
            }
        }
    }
}

/// The whole record.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct VerifyRecord {
    /// The command that writes it: [`COMMAND`].
    pub command: String,
    /// SHA-256 of the record with this field empty: a figure edited by hand
    /// no longer matches it.
    pub digest: String,
    /// Listing name → what was verified for it.
    #[serde(default)]
    pub listings: BTreeMap<String, ListingRecord>,
}

/// What the verify tier measured for one listing, check by check.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListingRecord {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub miri: Option<Measured>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loom: Option<Measured>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repeat: Option<Measured>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcomes: Option<Measured>,
}

/// One check's run: when, with what, on which source, and what it counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Measured {
    /// The day it ran, `YYYY-MM-DD` (UTC).
    pub date: String,
    /// `rustc -V` of the toolchain that ran it.
    pub toolchain: String,
    /// SHA-256 of the listing's source when it ran ([`source_digest`]).
    pub source: String,
    /// How many times the listing ran (repeated runs, enumerations).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runs: Option<usize>,
    /// How many distinct outputs those runs printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distinct: Option<usize>,
    /// The model whose list every run was checked against.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// How many outputs that model lists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub possible: Option<usize>,
}

impl Measured {
    /// A check that ran today with `toolchain` on `source`.
    pub fn today(toolchain: &str, source: &str) -> Measured {
        Measured {
            date: today(),
            toolchain: toolchain.lines().next().unwrap_or_default().to_string(),
            source: source_digest(source),
            runs: None,
            distinct: None,
            model: None,
            possible: None,
        }
    }

    /// As the verify tier keeps it with the cache's pass record (so that a
    /// reused trial keeps its figures).
    pub fn to_text(&self) -> String {
        toml::to_string(self).expect("a measurement serialises")
    }

    pub fn from_text(text: &str) -> Option<Measured> {
        toml::from_str(text).ok()
    }

    /// The toolchain's version: `1.95.0` of `rustc 1.95.0 (59807616e
    /// 2026-04-14)`.
    pub fn version(&self) -> &str {
        self.toolchain.split_whitespace().nth(1).unwrap_or_default()
    }
}

/// The SHA-256 of a listing's source, as the record keeps it.
pub fn source_digest(source: &str) -> String {
    hex(&Sha256::digest(source.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Today's date (UTC) as `YYYY-MM-DD`, from the days since 1970 (the
/// civil-from-days algorithm of Howard Hinnant's date library).
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

impl ListingRecord {
    /// The checks it has an entry for.
    pub fn checks(&self) -> BTreeSet<VerifyCheck> {
        let mut checks = BTreeSet::new();
        if self.miri.is_some() {
            checks.insert(VerifyCheck::Miri);
        }
        if self.loom.is_some() {
            checks.insert(VerifyCheck::Loom);
        }
        if let Some(m) = &self.repeat {
            checks.insert(VerifyCheck::Repeat {
                runs: m.runs.unwrap_or(0),
            });
        }
        if let Some(m) = &self.outcomes {
            checks.insert(VerifyCheck::Outcomes {
                model: m.model.clone().unwrap_or_default(),
                runs: m.runs.unwrap_or(0),
            });
        }
        checks
    }

    /// Every entry.
    pub fn all(&self) -> impl Iterator<Item = &Measured> {
        [&self.miri, &self.loom, &self.repeat, &self.outcomes]
            .into_iter()
            .flatten()
    }

    /// The entry of `check`'s kind, to replace.
    pub fn slot(&mut self, check: &VerifyCheck) -> &mut Option<Measured> {
        match check {
            VerifyCheck::Miri => &mut self.miri,
            VerifyCheck::Loom => &mut self.loom,
            VerifyCheck::Repeat { .. } => &mut self.repeat,
            VerifyCheck::Outcomes { .. } => &mut self.outcomes,
        }
    }

    /// Whether every entry was made from the source whose digest is
    /// `digest`: a listing edited since shows that it was verified before.
    pub fn is_current(&self, digest: &str) -> bool {
        self.all().all(|m| m.source == digest)
    }

    /// The days its entries were made, earliest first.
    pub fn dates(&self) -> BTreeSet<&str> {
        self.all().map(|m| m.date.as_str()).collect()
    }

    /// The versions of the toolchains that ran its checks: `1.95.0`,
    /// `1.97.0-nightly`.
    pub fn versions(&self) -> BTreeSet<&str> {
        self.all().map(Measured::version).collect()
    }
}

impl VerifyRecord {
    /// An empty record.
    pub fn new() -> VerifyRecord {
        VerifyRecord {
            command: COMMAND.to_string(),
            ..VerifyRecord::default()
        }
    }

    /// The SHA-256 of the record with its digest left empty.
    pub fn compute_digest(&self) -> String {
        let unsealed = VerifyRecord {
            digest: String::new(),
            ..self.clone()
        };
        hex(&Sha256::digest(
            toml::to_string(&unsealed)
                .expect("a record serialises")
                .as_bytes(),
        ))
    }

    /// The record as written to disk, digest included.
    pub fn sealed(mut self) -> String {
        self.digest = self.compute_digest();
        format!(
            "# Written by `{COMMAND}` when every trial it ran passed; never by hand (see CONTRIBUTING.md).\n{}",
            toml::to_string(&self).expect("a record serialises")
        )
    }

    /// Reads [`PATH`] under `root` and checks its digest.
    pub fn load(root: &Path) -> Result<VerifyRecord, String> {
        let text = std::fs::read_to_string(root.join(PATH))
            .map_err(|e| format!("{PATH}: {e}; run `{COMMAND}`, which writes it"))?;
        let record: VerifyRecord = toml::from_str(&text).map_err(|e| format!("{PATH}: {e}"))?;
        if record.compute_digest() != record.digest {
            return Err(format!(
                "{PATH}: its digest does not match its contents: the record is written by \
                 `{COMMAND}`, never by hand; restore it (`git checkout {PATH}`), then run \
                 the verify checks of the listings you changed (`{COMMAND} LISTING`)"
            ));
        }
        Ok(record)
    }

    /// Puts what this run measured into the record, and drops every entry
    /// whose check the harness no longer runs: `planned` holds, by listing,
    /// every verify check the harness runs (filtered out or not).
    pub fn update(
        &mut self,
        measured: Vec<(String, VerifyCheck, Measured)>,
        planned: &BTreeMap<String, BTreeSet<VerifyCheck>>,
    ) {
        for (listing, check, m) in measured {
            *self.listings.entry(listing).or_default().slot(&check) = Some(m);
        }
        let none = BTreeSet::new();
        for (listing, record) in &mut self.listings {
            let planned = planned.get(listing).unwrap_or(&none);
            let stale: Vec<VerifyCheck> = record.checks().difference(planned).cloned().collect();
            for check in stale {
                *record.slot(&check) = None;
            }
        }
        self.listings.retain(|_, r| r.all().next().is_some());
    }

    /// The record's problems with `planned`, the verify checks the harness
    /// runs by listing: an entry for a check it no longer runs, an entry
    /// that lacks one it runs, or a listing with verify checks and no entry
    /// at all (a new listing: see [`VerifyRecord::unrecorded`]).
    pub fn problems(&self, planned: &BTreeMap<String, BTreeSet<VerifyCheck>>) -> Vec<String> {
        let none = BTreeSet::new();
        let mut problems = Vec::new();
        for listing in self.unrecorded(planned) {
            let checks: Vec<String> = planned[listing].iter().map(|c| c.to_string()).collect();
            problems.push(format!(
                "{PATH}: {listing} has no entry, and the harness runs {} for it: run \
                 `{COMMAND} {listing}` to record what its checks find",
                checks.join(" and ")
            ));
        }
        for (listing, record) in &self.listings {
            let runs = planned.get(listing).unwrap_or(&none);
            for check in record.checks().difference(runs) {
                problems.push(format!(
                    "{PATH}: the entry of {listing} records {check}, which the harness no longer \
                     runs for it: run `{COMMAND} {listing}`, which drops it"
                ));
            }
            for check in runs.difference(&record.checks()) {
                problems.push(format!(
                    "{PATH}: the entry of {listing} lacks {check}, which the harness runs for \
                     it: run `{COMMAND} {listing}` to record it"
                ));
            }
        }
        problems
    }

    /// The listings the harness runs verify checks for that have no entry
    /// yet.
    pub fn unrecorded<'a>(
        &self,
        planned: &'a BTreeMap<String, BTreeSet<VerifyCheck>>,
    ) -> Vec<&'a str> {
        planned
            .iter()
            .filter(|(listing, checks)| {
                !checks.is_empty() && !self.listings.contains_key(listing.as_str())
            })
            .map(|(listing, _)| listing.as_str())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn measured(date: &str, toolchain: &str, source: &str) -> Measured {
        Measured {
            date: date.into(),
            toolchain: toolchain.into(),
            source: source_digest(source),
            runs: None,
            distinct: None,
            model: None,
            possible: None,
        }
    }

    fn planned(entries: &[(&str, &[VerifyCheck])]) -> BTreeMap<String, BTreeSet<VerifyCheck>> {
        entries
            .iter()
            .map(|(l, c)| (l.to_string(), c.iter().cloned().collect()))
            .collect()
    }

    #[test]
    fn a_filtered_run_updates_its_checks_and_keeps_the_others() {
        let nightly = "rustc 1.97.0-nightly (e50aa6fba 2026-05-19)";
        let pinned = "rustc 1.95.0 (59807616e 2026-04-14)";
        let repeat = VerifyCheck::Repeat { runs: 100 };
        let plan = planned(&[
            ("ch02-08-channel", &[VerifyCheck::Miri, repeat.clone()]),
            ("ch02-01-spawn", &[VerifyCheck::Miri]),
        ]);
        let mut record = VerifyRecord::new();
        record.update(
            vec![
                (
                    "ch02-08-channel".into(),
                    VerifyCheck::Miri,
                    measured("2026-12-01", nightly, "a"),
                ),
                (
                    "ch02-01-spawn".into(),
                    VerifyCheck::Miri,
                    measured("2026-12-01", nightly, "b"),
                ),
            ],
            &plan,
        );
        // The entry lacks the repeated runs until they run.
        assert_eq!(
            record.problems(&plan),
            [
                "listings/records/verified.toml: the entry of ch02-08-channel lacks 100 repeated \
              runs, which the harness runs for it: run `cargo xtask verify ch02-08-channel` to \
              record it"
            ]
        );
        let mut runs = measured("2026-12-04", pinned, "a");
        runs.runs = Some(100);
        runs.distinct = Some(15);
        record.update(vec![("ch02-08-channel".into(), repeat, runs)], &plan);
        assert!(record.problems(&plan).is_empty());
        let channel = &record.listings["ch02-08-channel"];
        assert_eq!(channel.dates(), ["2026-12-01", "2026-12-04"].into());
        assert_eq!(channel.versions(), ["1.95.0", "1.97.0-nightly"].into());
        assert!(channel.is_current(&source_digest("a")));
        assert!(!channel.is_current(&source_digest("a edited")));
        // A sealed record loads back; one figure edited does not.
        let root = std::env::temp_dir().join(format!("verified-{}", std::process::id()));
        std::fs::create_dir_all(root.join("listings/records")).unwrap();
        let sealed = record.clone().sealed();
        std::fs::write(root.join(PATH), &sealed).unwrap();
        assert_eq!(VerifyRecord::load(&root).unwrap().listings, record.listings);
        std::fs::write(
            root.join(PATH),
            sealed.replace("distinct = 15", "distinct = 16"),
        )
        .unwrap();
        let edited = VerifyRecord::load(&root).unwrap_err();
        std::fs::remove_dir_all(&root).unwrap();
        assert!(
            edited.starts_with("listings/records/verified.toml: its digest does not match"),
            "{edited}"
        );
    }

    #[test]
    fn a_check_the_harness_no_longer_runs_is_named_and_dropped() {
        let plan = planned(&[("ch02-08-channel", &[VerifyCheck::Miri])]);
        let mut record = VerifyRecord::new();
        let mut entry = ListingRecord {
            miri: Some(measured("2026-12-01", "rustc 1.97.0-nightly", "a")),
            ..ListingRecord::default()
        };
        entry.outcomes = Some(Measured {
            runs: Some(100),
            model: Some("ch02-10-every-channel-order".into()),
            ..measured("2026-12-01", "rustc 1.95.0", "a")
        });
        record.listings.insert("ch02-08-channel".into(), entry);
        assert_eq!(
            record.problems(&plan),
            [
                "listings/records/verified.toml: the entry of ch02-08-channel records 100 runs \
              against the outputs ch02-10-every-channel-order lists, which the harness no \
              longer runs for it: run `cargo xtask verify ch02-08-channel`, which drops it"
            ]
        );
        record.update(Vec::new(), &plan);
        assert!(record.problems(&plan).is_empty());
        // A listing with verify checks and no entry is a problem too.
        let plan = planned(&[
            ("ch02-08-channel", &[VerifyCheck::Miri]),
            ("ch02-09-new", &[VerifyCheck::Miri]),
        ]);
        assert_eq!(record.unrecorded(&plan), ["ch02-09-new"]);
        assert_eq!(
            record.problems(&plan),
            [
                "listings/records/verified.toml: ch02-09-new has no entry, and the harness runs \
              its Miri run for it: run `cargo xtask verify ch02-09-new` to record what its checks find"
            ]
        );
    }
}
