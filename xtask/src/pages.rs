//! A built book read as pages and other files, and the views of a page
//! that fingerprints take: its frame, without the text of its code blocks
//! and the search index's name, so that editing a listing does not run
//! again the checks that are about the page.

use std::fs;
use std::path::Path;
use std::sync::OnceLock;

use book_model::{Fingerprint, files_under};

/// A built book: its pages, and its other files.
pub struct Site {
    pub pages: Vec<(String, Vec<u8>)>,
    assets: Vec<(String, Vec<u8>)>,
    /// Each page's name and the digest of its [`frame`], made once.
    frames: OnceLock<Vec<(String, String)>>,
}

impl Site {
    pub fn read(dir: &Path) -> Result<Self, String> {
        let mut site = Site {
            pages: Vec::new(),
            assets: Vec::new(),
            frames: OnceLock::new(),
        };
        let files = files_under(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for relative in files {
            let name = relative.to_string_lossy().into_owned();
            let file = dir.join(&relative);
            let bytes = fs::read(&file).map_err(|e| format!("{}: {e}", file.display()))?;
            // The downloads beside the book are no part of its pages.
            let download = [".pdf", ".epub", ".tar.gz"]
                .iter()
                .any(|e| name.ends_with(e));
            if download {
                continue;
            } else if name.ends_with(".html") && !name.contains('/') {
                site.pages.push((name, without_index_hash(bytes)));
            } else if name.starts_with("searchindex") {
                // Made from the pages, whose frames the search check takes in.
            } else if name.ends_with(".js") {
                site.assets.push((name, without_index_hash(bytes)));
            } else {
                site.assets.push((name, bytes));
            }
        }
        Ok(site)
    }

    /// Each page's name and the digest of its [`frame`]: cut and hashed on
    /// the first call only, since several fingerprints take them in.
    pub fn frames(&self) -> &[(String, String)] {
        self.frames.get_or_init(|| {
            self.pages
                .iter()
                .map(|(name, html)| {
                    let digest = Fingerprint::new("frame").add("frame", frame(html)).finish();
                    (name.clone(), digest)
                })
                .collect()
        })
    }

    pub fn add_assets(&self, fp: &mut Fingerprint) {
        for (name, bytes) in &self.assets {
            fp.add(name, bytes);
        }
    }
}

/// Pages and the searcher script name the search index by a hash of its
/// contents (`searchindex-c19251d5.js`), so they all change when any text
/// does. Only the search check loads the index, and its fingerprint takes
/// the index in; the name is left out of every other fingerprint.
fn without_index_hash(html: Vec<u8>) -> Vec<u8> {
    let text = String::from_utf8_lossy(&html);
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_ref();
    while let Some(at) = rest.find("searchindex-") {
        out.push_str(&rest[..at]);
        let after = &rest[at + "searchindex-".len()..];
        let hash_len = after.chars().take_while(char::is_ascii_hexdigit).count();
        out.push_str("searchindex-HASH");
        rest = &after[hash_len..];
    }
    out.push_str(rest);
    out.into_bytes()
}

/// What a page looks like apart from the text of its code blocks and the
/// name of the search index: the basis of fingerprints for checks that are
/// about the page, not about its listings.
pub fn frame(html: &[u8]) -> Vec<u8> {
    without_index_hash(without_code_text(html))
}

/// A page with the text inside its `<code>` elements left out (the tags
/// stay), and the inside of each line that says what was checked for a
/// listing (`<span class="proof">`): that line changes with the listing's
/// source ("before its last edit"), so an edit inside a code block leaves
/// the page's frame as it was.
pub fn without_code_text(html: &[u8]) -> Vec<u8> {
    const SKIPPED: [(&str, &str); 2] = [("<code", "</code>"), ("<span class=\"proof\"", "</span>")];
    let text = String::from_utf8_lossy(html);
    let text = text.as_ref();
    let mut out = String::with_capacity(text.len());
    // Where the next opening of each kind starts, searched again only once
    // passed (searching afresh each time would take quadratic time on
    // print.html).
    let next = |kind: usize, from: usize| text[from..].find(SKIPPED[kind].0).map(|at| from + at);
    let mut starts = [next(0, 0), next(1, 0)];
    let mut done = 0;
    while let Some((kind, start)) = starts
        .iter()
        .enumerate()
        .filter_map(|(kind, at)| at.map(|at| (kind, at)))
        .min_by_key(|(_, at)| *at)
    {
        let Some(open_end) = text[start..].find('>').map(|at| start + at + 1) else {
            break;
        };
        out.push_str(&text[done..open_end]);
        let Some(close) = text[open_end..]
            .find(SKIPPED[kind].1)
            .map(|at| open_end + at)
        else {
            done = open_end;
            break;
        };
        done = close;
        for (k, at) in starts.iter_mut().enumerate() {
            if at.is_some_and(|at| at < close) {
                *at = next(k, close);
            }
        }
    }
    out.push_str(&text[done..]);
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_text_is_left_out_but_tags_stay() {
        let html =
            b"<p>a</p><pre><code class=\"language-rust\">fn main() {}</code></pre><code>x</code>!";
        assert_eq!(
            String::from_utf8(without_code_text(html)).unwrap(),
            "<p>a</p><pre><code class=\"language-rust\"></code></pre><code></code>!"
        );
        // The line under a caption, which changes with the listing's source.
        let html = b"<figcaption>L <span class=\"proof\"><a href=\"x\">Checked</a>: ran \
                     \xc2\xb7 verified on 2026-12-04, before its last edit</span></figcaption><p>b</p>";
        assert_eq!(
            String::from_utf8(without_code_text(html)).unwrap(),
            "<figcaption>L <span class=\"proof\"></span></figcaption><p>b</p>"
        );
    }

    #[test]
    fn the_search_index_name_is_left_out() {
        let html = b"path_to_searchindex_js = \"searchindex-c19251d5.js\";".to_vec();
        assert_eq!(
            String::from_utf8(without_index_hash(html)).unwrap(),
            "path_to_searchindex_js = \"searchindex-HASH.js\";"
        );
    }
}
