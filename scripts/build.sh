#!/usr/bin/env bash
# Builds the HTML book into book/ (what GitHub Pages publishes).
set -euo pipefail
source "$(dirname "$0")/tools.sh"
cd "$ROOT"
ensure_cargo_tool mdbook mdbook
mdbook build
