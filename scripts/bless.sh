#!/usr/bin/env bash
# Regenerates every expected output (listings/output/*.txt) and every
# compiler message (listings/compile-fail/*.stderr) from real runs of the
# pinned toolchain. Review the diff before you commit it.
set -euo pipefail
source "$(dirname "$0")/tools.sh"
cd "$ROOT"
BOOK_BLESS=1 cargo test --locked -p book-tests --test outputs --test compile_fail
git status --short listings/output listings/compile-fail
