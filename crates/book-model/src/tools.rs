//! The tools that are not Cargo dependencies (mdBook, typos): their pinned
//! versions, in `[workspace.metadata.tools]` of the workspace `Cargo.toml`,
//! and where `cargo xtask` installs them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The versions pinned in `[workspace.metadata.tools]` of `root/Cargo.toml`,
/// by crate name.
pub fn pinned_tools(root: &Path) -> Result<BTreeMap<String, String>, String> {
    #[derive(Deserialize)]
    struct Manifest {
        workspace: Workspace,
    }
    #[derive(Deserialize)]
    struct Workspace {
        metadata: Metadata,
    }
    #[derive(Deserialize)]
    struct Metadata {
        tools: BTreeMap<String, String>,
    }
    let path = root.join("Cargo.toml");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let manifest: Manifest =
        toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(manifest.workspace.metadata.tools)
}

/// The pinned version of one tool.
pub fn pinned_tool(root: &Path, krate: &str) -> Result<String, String> {
    pinned_tools(root)?.remove(krate).ok_or_else(|| {
        format!("Cargo.toml pins no version of {krate} in [workspace.metadata.tools]")
    })
}

/// Where a tool is installed: `$BOOK_TOOLS_DIR`, else
/// `~/.cache/rust-concurrency-patterns/tools`, then `CRATE-VERSION/`. One
/// folder per version, shared by every clone of the book and never over the
/// user's own tools.
pub fn tool_root(krate: &str, version: &str) -> PathBuf {
    let base = crate::Setting::ToolsDir.path().unwrap_or_else(|| {
        std::env::var_os("XDG_CACHE_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache")))
            .unwrap_or_else(std::env::temp_dir)
            .join("rust-concurrency-patterns")
            .join("tools")
    });
    base.join(format!("{krate}-{version}"))
}

/// The path of a tool's binary once installed.
pub fn tool_binary(krate: &str, version: &str, binary: &str) -> PathBuf {
    tool_root(krate, version).join("bin").join(binary)
}
