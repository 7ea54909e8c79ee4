#!/usr/bin/env bash
# Builds the HTML book into book/ (what GitHub Pages publishes).
set -euo pipefail
source "$(dirname "$0")/tools.sh"
cd "$ROOT"
ensure_cargo_tool mdbook mdbook
# The book's preprocessor (captions and markers) is a program of this
# workspace; build it first so that its compilation shows here, once.
cargo build --quiet --locked -p book-tests --bin mdbook-listings
mdbook build
