//! The words of the captions the preprocessor (`mdbook-listings`) writes
//! above code blocks, and the one test of whether a line of text is such a
//! caption, which the PDF check (`cargo xtask site`) uses to find captions
//! left at the foot of a page. Renaming a label here renames it in both.

/// The word before a listing's number: "Listing 2.1".
pub const LISTING: &str = "Listing";
/// After the number of a later part of a listing already shown: "Listing
/// 2.1 (continued)".
pub const CONTINUED: &str = "(continued)";
/// The caption of a program's output.
pub const OUTPUT: &str = "Output";
/// The caption of a compiler message.
pub const COMPILER_ERROR: &str = "Compiler error";

/// A label beside a caption.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    DoesNotCompile,
    Panics,
    Varies,
}

impl Marker {
    pub const ALL: [Marker; 3] = [Marker::DoesNotCompile, Marker::Panics, Marker::Varies];

    /// Its CSS class, after `marker-`.
    pub fn class(self) -> &'static str {
        match self {
            Marker::DoesNotCompile => "does-not-compile",
            Marker::Panics => "panics",
            Marker::Varies => "varies",
        }
    }

    /// What it says.
    pub fn text(self) -> &'static str {
        match self {
            Marker::DoesNotCompile => "Does not compile",
            Marker::Panics => "Panics",
            Marker::Varies => "Output varies: sample run",
        }
    }
}

/// A listing's caption: "Listing 2.1", or "Listing 2.1 (continued)".
pub fn listing_caption(number: &str, continued: bool) -> String {
    if continued {
        format!("{LISTING} {number} {CONTINUED}")
    } else {
        format!("{LISTING} {number}")
    }
}

/// Whether a line of a page's text starts with a caption the preprocessor
/// writes: "Listing N.M" (then its file and markers), the file alone of a
/// listing without a number (a benchmark), "Output" or "Compiler error",
/// or the line under a listing's caption that says what was checked
/// ("Checked: compiled · …", see [`crate::proof`]).
/// Leading spaces do not count.
pub fn is_caption(line: &str) -> bool {
    let line = line.trim_start();
    let listing = line
        .strip_prefix(LISTING)
        .and_then(|rest| rest.strip_prefix(' '))
        .and_then(|rest| rest.split_whitespace().next())
        .is_some_and(|number| {
            number.split_once('.').is_some_and(|(chapter, nth)| {
                !chapter.is_empty()
                    && !nth.is_empty()
                    && chapter
                        .chars()
                        .chain(nth.chars())
                        .all(|c| c.is_ascii_digit())
            })
        });
    let file_alone = line
        .split_whitespace()
        .next()
        .and_then(|first| crate::Listing::from_path(std::path::Path::new(first)))
        .is_some_and(|listing| listing.is_ok());
    listing
        || file_alone
        || line.starts_with(OUTPUT)
        || line.starts_with(COMPILER_ERROR)
        || line.starts_with(crate::proof::CHECKED)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captions_and_not_captions() {
        assert!(is_caption("Listing 2.1 listings/examples/ch02-01-spawn.rs"));
        assert!(is_caption("  Listing 12.10 (continued) x.rs Panics"));
        assert!(is_caption("Output Output varies: sample run"));
        assert!(is_caption("Compiler error"));
        assert!(is_caption("Checked: compiled · ran, output compared"));
        assert!(is_caption("listings/benches/ch11-counters.rs"));
        assert!(!is_caption("listings/output/ch02-01-spawn.txt holds"));
        assert!(!is_caption("Listing 2 shows"));
        assert!(!is_caption("Listings 2.1 and 2.2"));
        assert!(!is_caption("The output"));
        assert_eq!(listing_caption("2.1", true), "Listing 2.1 (continued)");
    }
}
