#!/usr/bin/env bash
# Checks the rendered book: internal links and anchors (check-links), and a
# real headless Chromium over every page (tests/web/check-site.mjs),
# compared with the same chapters built by stock mdBook.
#
# Needs Node.js 20+ and Chromium (Debian: `apt-get install chromium`; or set
# CHROMIUM to a Chrome/Chromium binary). Without them the browser part is
# skipped with a warning, except under CI=true, where it fails.
set -euo pipefail
source "$(dirname "$0")/tools.sh"
cd "$ROOT"
ensure_cargo_tool mdbook mdbook

mdbook build >/dev/null
site_url="$(sed -n 's/^site-url *= *"\(.*\)"/\1/p' book.toml)"
cargo run --quiet --locked -p book-tests --bin check-links -- book "${site_url:-/}"

has_web_tools || exit 0
chromium="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  message="Chromium ($chromium) is missing: the browser test did not run"
  if [ "${CI:-}" = "true" ]; then
    echo "error: $message" >&2
    exit 1
  fi
  echo "warning: $message" >&2
  exit 0
fi

# The same chapters, built by stock mdBook: no preprocessor, no theme/.
stock="$ROOT/target/stock-book-src"
rm -rf "$stock" "$ROOT/target/stock-book"
mkdir -p "$stock"
ln -s "$ROOT/src" "$stock/src"
ln -s "$ROOT/listings" "$stock/listings"
sed -n '1,/^\[build\]/p' book.toml | sed '$d' >"$stock/book.toml"
mdbook build "$stock" -d "$ROOT/target/stock-book" >/dev/null 2>&1

CHROMIUM="$chromium" node tests/web/check-site.mjs book target/stock-book
