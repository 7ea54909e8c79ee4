#!/usr/bin/env bash
# Builds the book and serves it at http://localhost:3000, rebuilding on change.
set -euo pipefail
source "$(dirname "$0")/tools.sh"
cd "$ROOT"
ensure_cargo_tool mdbook mdbook
exec mdbook serve "$@"
