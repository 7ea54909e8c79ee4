//! The verify tier's record, `listings/records/verified.toml`
//! ([`book_model::verified`]): what its Miri runs, loom runs, repeated runs
//! and enumerations measured, listing by listing.
//!
//! Each of those trials hands what it measured to [`measure`]; when every
//! trial of the run passed, the verify tier writes the record ([`write`]):
//! the entries of the checks that ran replace the old ones, the others
//! stay, and entries of checks the harness no longer runs go.
//!
//! **A reused trial keeps its figures.** The cache reuses a trial whose
//! inputs did not change; such a trial measures nothing. Rather than keep
//! the previous record's entry when the listing is unchanged (which would
//! lose the figures whenever the record and the cache disagree: a record
//! restored from git, a listing edited and edited back, a cache filled by
//! a run that wrote no record), each trial keeps what it measured with its
//! pass record in the cache ([`crate::cache::Cache::reuse_or_measure`]),
//! and a reused trial gives back those figures, with the day and the
//! toolchain of the run that measured them. The cache's fingerprint takes
//! in the listing's source, the toolchain and the harness, so a figure is
//! reused only for the run it describes.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;

use book_model::Fingerprint;
use book_model::Listing;
use book_model::verified::{COMMAND, Measured, PATH, VerifyCheck, VerifyRecord};

use crate::book::Book;
use crate::cache::cache;
use crate::checks::proof::figures;

/// What the trials of this run measured (run or reused), for [`write`].
static MEASURED: Mutex<Vec<(String, VerifyCheck, Measured)>> = Mutex::new(Vec::new());

/// Runs a verify check that measures (`run` returns what it measured),
/// unless the cache holds a pass with the same fingerprint, whose figures
/// it takes instead; on the repository's book, hands them to [`write`].
pub fn measure(
    book: &Book,
    fingerprint: &Fingerprint,
    listing: &Listing,
    check: VerifyCheck,
    run: impl FnOnce() -> Result<Measured, String>,
) -> Result<(), String> {
    let text = cache().reuse_or_measure(fingerprint, || run().map(|m| m.to_text()))?;
    let measured = Measured::from_text(&text).ok_or_else(|| {
        format!(
            "{}: the cache kept figures it cannot read back ({text:?}): run again with \
             BOOK_NO_CACHE=1",
            listing.name
        )
    })?;
    if book.is_the_repository() {
        MEASURED.lock().unwrap_or_else(|e| e.into_inner()).push((
            listing.name.to_string(),
            check,
            measured,
        ));
    }
    Ok(())
}

/// The verify checks the harness runs, by listing, from the plans of the
/// lines under the captions ([`book_model::proof::ProofPlan::verify_checks`];
/// the Checked-line check makes sure the trials agree with them).
pub fn planned(book: &Book) -> BTreeMap<String, BTreeSet<VerifyCheck>> {
    let mut planned: BTreeMap<String, BTreeSet<VerifyCheck>> = BTreeMap::new();
    for figure in figures(book) {
        planned
            .entry(figure.plan.listing.name.to_string())
            .or_default()
            .extend(figure.plan.verify_checks());
    }
    planned
}

/// The drift guard: the record loads (its digest matches), each entry
/// names exactly the verify checks the harness runs for its listing, and
/// each listing the harness runs verify checks for has an entry.
pub fn record_problems(book: &Book) -> Vec<String> {
    match VerifyRecord::load(&book.root) {
        Ok(record) => record.problems(&planned(book)),
        Err(e) => vec![e],
    }
}

/// What this run measured, one entry per listing and check: a listing's
/// several repeat trials (one per rule or set of arguments; no listing has
/// two today) add up their runs and their distinct outputs into one entry,
/// as the line counts their runs (an output that two of them printed counts
/// twice).
fn measured() -> Vec<(String, VerifyCheck, Measured)> {
    let all = std::mem::take(&mut *MEASURED.lock().unwrap_or_else(|e| e.into_inner()));
    let mut merged: BTreeMap<(String, VerifyCheck), Measured> = BTreeMap::new();
    let mut repeats: BTreeMap<String, Measured> = BTreeMap::new();
    for (listing, check, m) in all {
        match check {
            VerifyCheck::Repeat { .. } => {
                repeats
                    .entry(listing)
                    .and_modify(|sum| {
                        sum.runs = Some(sum.runs.unwrap_or(0) + m.runs.unwrap_or(0));
                        sum.distinct = Some(sum.distinct.unwrap_or(0) + m.distinct.unwrap_or(0));
                        sum.date = sum.date.clone().max(m.date.clone());
                    })
                    .or_insert(m);
            }
            check => {
                merged.insert((listing, check), m);
            }
        }
    }
    let mut out: Vec<(String, VerifyCheck, Measured)> =
        merged.into_iter().map(|((l, c), m)| (l, c, m)).collect();
    out.extend(repeats.into_iter().map(|(l, m)| {
        let runs = m.runs.unwrap_or(0);
        (l, VerifyCheck::Repeat { runs }, m)
    }));
    out
}

/// Writes the record of the repository's book with what this run
/// measured, and says what it holds. The record on disk must pass its
/// digest first: writing over an entry edited by hand would seal it.
pub fn write(book: &Book) -> Result<String, String> {
    let path = book.root.join(PATH);
    let mut record = if path.exists() {
        VerifyRecord::load(&book.root)?
    } else {
        VerifyRecord::new()
    };
    let measured = measured();
    let count = measured.len();
    let listings: BTreeSet<&str> = measured.iter().map(|(l, _, _)| l.as_str()).collect();
    let summary_head = format!(
        "verify: {PATH} written: {} of {} recorded (a check the cache reused with the day \
         and the figures of the run that passed it)",
        plural(count, "check"),
        plural(listings.len(), "listing")
    );
    let planned = planned(book);
    record.update(measured, &planned);
    let problems = record.problems(&planned);
    let unrecorded = record.unrecorded(&planned);
    std::fs::write(&path, record.sealed()).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut summary = format!(
        "{summary_head}; {} with verify checks {} no entry yet{}",
        plural(unrecorded.len(), "listing"),
        if unrecorded.len() == 1 { "has" } else { "have" },
        if unrecorded.is_empty() {
            String::new()
        } else {
            format!(" (`{COMMAND} LISTING` records one)")
        }
    );
    if !problems.is_empty() {
        summary += &format!(
            "\nverify: these listings' entries are missing or incomplete, and the test command \
             fails until they are not:\n  {}",
            problems.join("\n  ")
        );
    }
    Ok(summary)
}

/// "1 listing", "2 listings".
fn plural(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listings_repeat_trials_add_up_to_one_entry() {
        let runs = |distinct: usize, date: &str| Measured {
            runs: Some(100),
            distinct: Some(distinct),
            date: date.into(),
            ..Measured::today("rustc 1.95.0 (59807616e 2026-04-14)", "fn main() {}")
        };
        {
            let mut all = MEASURED.lock().unwrap();
            all.push((
                "ch06-01-panic-payload".into(),
                VerifyCheck::Repeat { runs: 100 },
                runs(4, "2026-12-01"),
            ));
            all.push((
                "ch06-01-panic-payload".into(),
                VerifyCheck::Repeat { runs: 100 },
                runs(7, "2026-12-04"),
            ));
            all.push((
                "ch06-01-panic-payload".into(),
                VerifyCheck::Miri,
                runs(1, "2026-12-04"),
            ));
        }
        let merged = measured();
        assert_eq!(merged.len(), 2, "{merged:#?}");
        let (_, check, repeat) = &merged[1];
        assert_eq!(check, &VerifyCheck::Repeat { runs: 200 });
        assert_eq!(
            (repeat.runs, repeat.distinct, repeat.date.as_str()),
            (Some(200), Some(11), "2026-12-04")
        );
        assert!(MEASURED.lock().unwrap().is_empty());
    }
}
