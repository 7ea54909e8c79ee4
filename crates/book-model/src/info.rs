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
}
