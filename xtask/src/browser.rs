//! Headless Chromium over every page (`tests/web/check-site.mjs`), run for
//! the parts of a plan whose inputs changed since they passed: each page,
//! search, the themes, the weight against the stock build (`stock.rs`).

use std::fs;
use std::path::Path;

use book_model::Fingerprint;

use crate::pages::Site;
use crate::step::{Step, pass_record};
use crate::stock;
use crate::tools::{self, Tools, read, root, version_of};

/// Runs the parts of the browser check that must run, for our book `ours`
/// served at `site_url`, and records those that passed.
pub fn check(tools: &Tools, step: &mut Step, site_url: &str, ours: &Site) -> Result<(), String> {
    let crates = listing_crates()?;
    let chromium = tools::chromium();
    let browser = match tools.browser_script("tests/web/check-site.mjs", &[]) {
        Ok(node) => node,
        Err(missing) => return step.run_optional("a real browser over every page", Err(missing)),
    };

    let plan = BrowserPlan::new(&chromium, site_url, &crates, ours)?;
    if plan.parts.is_empty() {
        step.say("\n==> a real browser over every page\n    reused: nothing it checks changed since it passed");
        return Ok(());
    }
    let plan_file = tools::paths().work().join("browser-plan.json");
    fs::write(&plan_file, plan.json()).map_err(|e| format!("{}: {e}", plan_file.display()))?;
    let mut browser = browser;
    browser.arg(&plan_file);
    step.run(&format!("a real browser: {}", plan.describe()), browser)?;
    for (_, fingerprint) in &plan.parts {
        pass_record().record(fingerprint);
    }
    Ok(())
}

/// The page whose captions and markers, themes and weight are checked.
const CHAPTER: &str = "ch02-threads.html";

/// Which parts of the browser check must run: those whose inputs changed
/// since they last passed. Each part has its fingerprint (see
/// tests/src/cache.rs for the rule) and a marker file written when it passes.
struct BrowserPlan {
    site_url: String,
    crates: Vec<String>,
    /// ("page:NAME" | "search" | "themes" | "weight", fingerprint).
    parts: Vec<(String, Fingerprint)>,
}

impl BrowserPlan {
    fn new(chromium: &Path, site_url: &str, crates: &str, ours: &Site) -> Result<Self, String> {
        let stock = Site::read(&stock::out())?;
        // What the check loads and judges comes from the built pages, the
        // scripts and the browser, fingerprinted below; of the xtask, only
        // this plan, the page reader and the module that starts node and
        // Chromium decide it. So an edit elsewhere in the xtask (a new task,
        // a message) does not load every page again.
        let mut common = Fingerprint::new("browser check");
        common
            .add("xtask/src/browser.rs", include_str!("browser.rs"))
            .add("xtask/src/pages.rs", include_str!("pages.rs"))
            .add("xtask/src/tools.rs", include_str!("tools.rs"))
            .add("chromium", version_of(chromium))
            .add("node", version_of(Path::new("node")))
            .add("site-url", site_url);
        common.add("crates", crates);
        for file in [
            "tests/web/check-site.mjs",
            "tests/web/browser.mjs",
            "tests/web/package-lock.json",
        ] {
            common.add(
                file,
                fs::read(root().join(file)).map_err(|e| format!("{file}: {e}"))?,
            );
        }
        ours.add_assets(&mut common);
        let mut parts = Vec::new();
        let record = pass_record();
        let mut part = |name: String, fp: &Fingerprint| {
            if !record.passed(fp) {
                parts.push((name, fp.clone()));
            }
        };
        // A page is loaded again when its frame changes, not the text of its
        // code blocks: that text can neither raise a script error nor leave
        // an include unexpanded (check-links, which always runs, looks for
        // those in every page's text). Each frame is cut and hashed once;
        // the parts below take in its digest.
        let frames = ours.frames();
        for (name, frame) in frames {
            let mut fp = common.clone();
            fp.add("page", name).add("frame", frame);
            part(format!("page:{name}"), &fp);
        }
        // The search check looks up a word of the prose: the index is made
        // from the pages, so their frames (their text apart from code) are
        // what it depends on.
        let mut search = common.clone();
        for (name, frame) in frames {
            search.add(name, frame);
        }
        part("search".into(), &search);
        // The theme and weight checks judge the page's frame (captions,
        // markers, diagrams, styles) and how much ours adds to stock mdBook's,
        // which the text inside code blocks does not change: editing a
        // listing changes both pages alike. So that text is left out.
        let chapter = frames
            .iter()
            .find(|(name, _)| name == CHAPTER)
            .map(|(_, frame)| frame)
            .ok_or_else(|| format!("the built book has no {CHAPTER}"))?;
        let mut themes = common.clone();
        themes.add("chapter frame", chapter);
        part("themes".into(), &themes);
        let mut weight = themes.clone();
        for (name, frame) in frames {
            weight.add(name, frame);
        }
        for (name, frame) in stock.frames() {
            weight.add(&format!("stock {name}"), frame);
        }
        stock.add_assets(&mut weight);
        part("weight".into(), &weight);
        Ok(BrowserPlan {
            site_url: site_url.to_string(),
            crates: crates
                .split(',')
                .filter(|c| !c.is_empty())
                .map(String::from)
                .collect(),
            parts,
        })
    }

    fn has(&self, part: &str) -> bool {
        self.parts.iter().any(|(name, _)| name == part)
    }

    fn pages(&self) -> Vec<&str> {
        self.parts
            .iter()
            .filter_map(|(name, _)| name.strip_prefix("page:"))
            .collect()
    }

    fn json(&self) -> String {
        serde_json::json!({
            "book": "book",
            "stock": stock::out(),
            "screenshots": tools::target().join("screenshots"),
            "siteUrl": self.site_url,
            "crates": self.crates,
            "chapter": CHAPTER,
            "pages": self.pages(),
            "search": self.has("search"),
            "themes": self.has("themes"),
            "weight": self.has("weight"),
        })
        .to_string()
    }

    fn describe(&self) -> String {
        let mut what = vec![format!("{} changed pages", self.pages().len())];
        what.extend(
            ["search", "themes", "weight"]
                .into_iter()
                .filter(|p| self.has(p))
                .map(String::from),
        );
        what.join(", ")
    }
}

/// The crates the listings use, comma-separated: the Playground offers them.
fn listing_crates() -> Result<String, String> {
    let manifest: toml::Table = toml::from_str(&read("listings/Cargo.toml")?)
        .map_err(|e| format!("listings/Cargo.toml: {e}"))?;
    let deps = manifest
        .get("dependencies")
        .and_then(|d| d.as_table())
        .map(|d| d.keys().cloned().collect::<Vec<_>>())
        .unwrap_or_default();
    Ok(deps.join(","))
}
