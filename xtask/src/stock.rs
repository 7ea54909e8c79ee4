//! The same chapters built by stock mdBook (no preprocessor, no theme),
//! which the browser check compares our pages' weight with. Built again
//! only when its inputs change.

use std::fs;
use std::path::Path;

use crate::step::{Step, xtask_fingerprint};
use crate::tools::{self, Tools, read, root};

/// Where the stock build is made.
pub fn out() -> std::path::PathBuf {
    tools::target().join("stock-book")
}

/// Builds the chapters with stock mdBook into [`out`], with book.toml's
/// `[book]` and `[rust]` tables only.
pub fn build(tools: &Tools, step: &mut Step) -> Result<(), String> {
    let book_toml: toml::Table =
        toml::from_str(&read("book.toml")?).map_err(|e| format!("book.toml: {e}"))?;
    let stock_src = tools::target().join("stock-book-src");
    let stock_out = out();
    let _ = fs::remove_dir_all(&stock_src);
    fs::create_dir_all(&stock_src).map_err(|e| e.to_string())?;
    std::os::unix::fs::symlink(root().join("listings"), stock_src.join("listings"))
        .map_err(|e| e.to_string())?;
    // The chapters with their measured figures written in, as ours have
    // them: the comparison is about presentation, not about content.
    for file in book_model::files_under(&root().join("src")).map_err(|e| e.to_string())? {
        let relative = Path::new("src").join(&file);
        let file = root().join(&relative);
        let to = stock_src.join(&relative);
        fs::create_dir_all(to.parent().expect("a file in src/")).map_err(|e| e.to_string())?;
        if file.extension().is_some_and(|e| e == "md") {
            let text = read(&relative.to_string_lossy())?;
            let expanded = book_model::expand(root(), &text)
                .map_err(|e| format!("{}: {e}", relative.display()))?;
            fs::write(&to, expanded).map_err(|e| e.to_string())?;
        } else {
            std::os::unix::fs::symlink(&file, &to).map_err(|e| e.to_string())?;
        }
    }
    let stock_toml: toml::Table = book_toml
        .iter()
        .filter(|(key, _)| *key == "book" || *key == "rust")
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    fs::write(
        stock_src.join("book.toml"),
        toml::to_string(&stock_toml).map_err(|e| e.to_string())?,
    )
    .map_err(|e| e.to_string())?;
    let mut stock = tools.mdbook_command()?;
    stock
        .arg("build")
        .arg(&stock_src)
        .arg("-d")
        .arg(&stock_out)
        .stdout(std::process::Stdio::null());
    let mut inputs = xtask_fingerprint("stock mdBook build")?;
    inputs
        .add_dir(&stock_src)
        .map_err(|e| format!("{}: {e}", stock_src.display()))?;
    let mdbook = tools.mdbook()?;
    inputs
        .add_executable(&mdbook)
        .map_err(|e| format!("{}: {e}", mdbook.display()))?;
    step.build_unless_made(
        "stock mdBook build of the same chapters (for comparison)",
        &stock_out,
        &inputs,
        stock,
    )?;
    Ok(())
}
