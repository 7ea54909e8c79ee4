//! The info string of a code fence, parsed once.

/// The words of a fence's info string: ```` ```rust,no_run,noplayground ````
/// has the words `rust`, `no_run` and `noplayground`. Words are separated by
/// commas or spaces, as rustdoc and mdBook read them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InfoString {
    words: Vec<String>,
}

impl InfoString {
    pub fn parse(info: &str) -> Self {
        InfoString {
            words: info
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter(|w| !w.is_empty())
                .map(String::from)
                .collect(),
        }
    }

    /// Whether `word` is one of the words.
    pub fn has(&self, word: &str) -> bool {
        self.words.iter().any(|w| w == word)
    }

    /// The block is Rust code (and so compiled by skeptic and rustdoc).
    pub fn is_rust(&self) -> bool {
        self.has("rust")
    }

    /// The block shows what a program printed (`text,output`).
    pub fn is_output(&self) -> bool {
        self.has("output")
    }

    /// The block shows what the compiler said (`text,compiler_error`).
    pub fn is_compiler_error(&self) -> bool {
        self.has("compiler_error")
    }

    /// How a run is compared with this output block, or why the words do not
    /// make sense together. Every varying output must be labelled `sample`
    /// for the reader, and every `sample` must say how it varies.
    pub fn rule(&self) -> Result<Rule, String> {
        let rule = Rule {
            any_order: self.has("any_order"),
            last_line: self.has("last_line"),
            durations: self.has("durations"),
            thread_ids: self.has("thread_ids"),
        };
        if rule.is_exact() && self.has("sample") {
            return Err(
                "a `sample` output must say how it varies: any_order, last_line, durations or thread_ids"
                    .into(),
            );
        }
        if !rule.is_exact() && !self.has("sample") {
            return Err("output that varies must be labelled `sample` for the reader".into());
        }
        if rule.last_line && !rule.any_order {
            return Err("`last_line` only makes sense with `any_order`".into());
        }
        Ok(rule)
    }
}

/// The languages a fence of the book may name first, as mdBook passes them to
/// highlight.js. A fence that names none (```` ``` ````, or one that starts
/// with an attribute, ```` ```ignore ````) is Rust to rustdoc and `mdbook
/// test`, but not to the harness: it is an error. Add a language here when
/// the book needs one.
pub const LANGUAGES: &[&str] = &[
    "rust", "text", "toml", "sh", "bash", "console", "shell", "json", "yaml", "diff",
];

/// The words after `rust`: rustdoc's (`ignore`, `should_panic`, `no_run`,
/// `compile_fail`, `editionYYYY`, `standalone_crate`, `test_harness`; an
/// error code such as `E0277` and `ignore-TARGET` are known too) and
/// mdBook's (`noplayground`, `noplaypen`, `editable`, `mdbook-runnable`).
pub const RUST_WORDS: &[&str] = &[
    "ignore",
    "should_panic",
    "no_run",
    "compile_fail",
    "edition2015",
    "edition2018",
    "edition2021",
    "edition2024",
    "standalone_crate",
    "test_harness",
    "noplayground",
    "noplaypen",
    "editable",
    "mdbook-runnable",
];

/// The words after `text`: the harness's, for a block that shows what a
/// program printed (`output`) or what the compiler said (`compiler_error`),
/// and how a run is compared with it (see [`InfoString::rule`]).
pub const TEXT_WORDS: &[&str] = &[
    "output",
    "compiler_error",
    "sample",
    "any_order",
    "last_line",
    "durations",
    "thread_ids",
];

impl InfoString {
    /// The language, the first word (none for a bare fence).
    pub fn language(&self) -> Option<&str> {
        self.words.first().map(String::as_str)
    }

    /// Checks that every word means something to rustdoc, mdBook or the
    /// harness for this language. A typo (`text,outptu`, `rust,should-panic`)
    /// would otherwise turn a check off without a word: the block is no
    /// longer an output, the program no longer expected to panic.
    pub fn known(&self) -> Result<(), String> {
        let written = self.words.join(",");
        let Some(language) = self.language() else {
            return Err(format!(
                "a fence without a language is Rust to rustdoc and `mdbook test`, but not to the \
                 harness, which would not check it; name its language, one of: {}",
                LANGUAGES.join(", ")
            ));
        };
        if !LANGUAGES.contains(&language) {
            let hint = if RUST_WORDS.contains(&language) {
                format!(" (`{language}` is an attribute: write `rust,{written}`)")
            } else if TEXT_WORDS.contains(&language) {
                format!(" (`{language}` is an attribute: write `text,{written}`)")
            } else {
                did_you_mean(language, LANGUAGES)
            };
            return Err(format!(
                "the fence ```{written} starts with `{language}`, which is not a language the book knows{hint}; \
                 the first word of a fence is its language, one of: {}",
                LANGUAGES.join(", ")
            ));
        }
        let known: &[&str] = match language {
            "rust" => RUST_WORDS,
            "text" => TEXT_WORDS,
            _ => &[],
        };
        let unknown: Vec<&str> = self.words[1..]
            .iter()
            .map(String::as_str)
            .filter(|w| !(known.contains(w) || language == "rust" && is_rustdoc_pattern(w)))
            .collect();
        let Some(first) = unknown.first() else {
            return Ok(());
        };
        let words = if unknown.len() == 1 {
            "attribute"
        } else {
            "attributes"
        };
        let list = unknown.iter().map(|w| format!("`{w}`")).collect::<Vec<_>>();
        let hint = did_you_mean(first, known);
        let expected = if known.is_empty() {
            format!("a `{language}` block takes no attributes")
        } else {
            format!("a `{language}` block knows: {}", known.join(", "))
        };
        Err(format!(
            "unknown fence {words} {} in ```{written}{hint}; {expected}",
            list.join(", ")
        ))
    }
}

/// rustdoc's attributes that are patterns rather than words: an error code
/// (`E0277`, with `compile_fail`) and `ignore-TARGET` (`ignore-windows`).
fn is_rustdoc_pattern(word: &str) -> bool {
    let code =
        word.len() == 5 && word.starts_with('E') && word[1..].chars().all(|c| c.is_ascii_digit());
    code || word.strip_prefix("ignore-").is_some_and(|t| !t.is_empty())
}

/// ` (did you mean `output`?)` when one known word is close to `word`.
fn did_you_mean(word: &str, known: &[&str]) -> String {
    let near = known
        .iter()
        .map(|k| (distance(&word.replace('-', "_"), &k.replace('-', "_")), k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4))
        .min();
    match near {
        Some((_, k)) => format!(" (did you mean `{k}`?)"),
        None => String::new(),
    }
}

/// The edit distance between two words (insertions, deletions,
/// substitutions and swaps of two neighbours, each counting one).
fn distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    d[0] = (0..=b.len()).collect();
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

/// How a real run is compared with the output the book shows. The default
/// is the exact text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Rule {
    /// The same lines, in any order.
    pub any_order: bool,
    /// With `any_order`: the last line must be the same too.
    pub last_line: bool,
    /// Numbers with a time unit (`12ms`, `0.5s`) may differ.
    pub durations: bool,
    /// The id of a panicking thread (`thread 'main' (4242) panicked`) may
    /// differ.
    pub thread_ids: bool,
}

impl Rule {
    pub fn is_exact(&self) -> bool {
        *self == Rule::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_on_commas_and_spaces() {
        let info = InfoString::parse("rust, no_run noplayground");
        assert!(info.is_rust() && info.has("no_run") && info.has("noplayground"));
        assert!(!info.has("run"));
    }

    #[test]
    fn varying_output_must_be_labelled() {
        let rule = |s: &str| InfoString::parse(s).rule();
        assert_eq!(rule("text,output"), Ok(Rule::default()));
        assert!(rule("text,output,any_order").is_err());
        assert!(rule("text,output,sample").is_err());
        assert!(rule("text,output,sample,last_line").is_err());
        let ok = rule("text,output,sample,any_order,last_line").unwrap();
        assert!(ok.any_order && ok.last_line && !ok.durations);
    }

    #[test]
    fn every_word_the_book_uses_is_known() {
        for info in [
            "rust",
            "rust,ignore,noplayground,should_panic",
            "rust,no_run,noplayground",
            "rust,compile_fail",
            "rust,compile_fail,E0277,edition2021",
            "rust,ignore-windows,mdbook-runnable",
            "text",
            "text,output,sample,durations,thread_ids",
            "text,output,sample,any_order,last_line",
            "text,compiler_error",
            "toml",
        ] {
            assert_eq!(InfoString::parse(info).known(), Ok(()), "{info}");
        }
    }

    #[test]
    fn an_unknown_word_is_named_with_the_known_ones() {
        let known = |s: &str| InfoString::parse(s).known().unwrap_err();
        assert_eq!(
            known("text,outptu"),
            "unknown fence attribute `outptu` in ```text,outptu (did you mean `output`?); \
             a `text` block knows: output, compiler_error, sample, any_order, last_line, durations, thread_ids"
        );
        assert_eq!(
            known("rust,shouldpanic"),
            "unknown fence attribute `shouldpanic` in ```rust,shouldpanic (did you mean `should_panic`?); \
             a `rust` block knows: ignore, should_panic, no_run, compile_fail, edition2015, edition2018, \
             edition2021, edition2024, standalone_crate, test_harness, noplayground, noplaypen, editable, \
             mdbook-runnable"
        );
        // rustdoc's own spelling mistake, with a dash.
        assert!(known("rust,should-panic").contains("(did you mean `should_panic`?)"));
        // A word that belongs to the other language.
        assert!(
            known("rust,output").starts_with("unknown fence attribute `output` in ```rust,output;")
        );
        assert!(known("text,output,samples,jitter").starts_with(
            "unknown fence attributes `samples`, `jitter` in ```text,output,samples,jitter (did you mean `sample`?);"
        ));
        assert!(known("toml,ignore").ends_with("a `toml` block takes no attributes"));
        // The first word is the language: an attribute there is not Rust to the harness.
        assert!(
            known("should_panic")
                .contains("(`should_panic` is an attribute: write `rust,should_panic`)")
        );
        assert!(known("").starts_with("a fence without a language is Rust to rustdoc"));
        assert!(
            known("Rust,no_run").contains("not a language the book knows (did you mean `rust`?)")
        );
    }
}
