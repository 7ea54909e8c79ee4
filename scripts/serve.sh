#!/usr/bin/env bash
# Builds the book and serves it at http://localhost:3000, rebuilding on change.
set -euo pipefail
source "$(dirname "$0")/tools.sh"
cd "$ROOT"
ensure_cargo_tool mdbook mdbook
# The book's preprocessor (captions and markers) is a program of this
# workspace; build it first so that its compilation shows here, once.
cargo build --quiet --locked -p book-tests --bin mdbook-listings
exec mdbook serve "$@"
