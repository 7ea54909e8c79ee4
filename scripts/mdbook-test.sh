#!/usr/bin/env bash
# Runs `mdbook test` (the real mdBook CLI) over the book, with rayon and tokio
# available to the snippets.
#
# `mdbook test` hands rustdoc only `-L` directories. That is not enough: in
# edition 2018 and later a crate must be named with `--extern` to be usable,
# and `target/debug/deps` soon holds several builds of one crate (after
# `cargo check`, `cargo clippy`, a nightly build), which rustdoc rejects with
# E0464. So this script builds the listings' dependencies, takes the exact
# files cargo reports for that build, and puts a `rustdoc` first on PATH that
# adds `--extern` for each of them before calling the real rustdoc.
set -euo pipefail
source "$(dirname "$0")/tools.sh"
cd "$ROOT"
ensure_cargo_tool mdbook mdbook

work="$ROOT/target/mdbook-test"
rm -rf "$work"
mkdir -p "$work/deps" "$work/bin"

messages="$(cargo build --quiet --locked -p listings --lib --message-format=json)"
externs=()
while IFS= read -r line; do
  case "$line" in *'"reason":"compiler-artifact"'*) ;; *) continue ;; esac
  # Libraries, and proc-macro crates (shared objects) such as tokio-macros.
  for file in $(grep -oE '"[^"]*\.(rlib|so|dylib|dll)"' <<<"$line" | tr -d '"'); do
    ln -sf "$file" "$work/deps/"
  done
done <<<"$messages"

# The crates a snippet may name: the listings' own dependencies.
for dep in $(sed -n '/^\[dependencies\]/,/^\[/p' listings/Cargo.toml | grep -o '^[a-z0-9_-]*' | tr - _); do
  rlib="$(ls "$work/deps/lib$dep-"*.rlib 2>/dev/null | head -n 1)"
  if [ -z "$rlib" ]; then
    echo "error: the build produced no library for $dep" >&2
    exit 1
  fi
  externs+=("--extern" "$dep=$rlib")
done

real_rustdoc="$(rustc --print sysroot)/bin/rustdoc"
{
  echo '#!/usr/bin/env bash'
  printf 'exec %q "$@"' "$real_rustdoc"
  printf ' %q' "${externs[@]}" -L "dependency=$work/deps"
  echo
} >"$work/bin/rustdoc"
chmod +x "$work/bin/rustdoc"

export PATH="$work/bin:$PATH"
limit="${BOOK_MDBOOK_TEST_LIMIT:-60}"
if [ $# -gt 0 ]; then
  # A snippet that deadlocks must not hang the run.
  exec timeout "$limit" mdbook test "$@"
fi
# Every chapter, two at a time (mdbook test itself takes them one by one).
# Each failing chapter prints rustdoc's report.
grep -o '([^)]*\.md)' src/SUMMARY.md | tr -d '()' |
  LIMIT="$limit" xargs -P 2 -I{} bash -c '
    if ! out="$(timeout "$LIMIT" mdbook test -c "$1" 2>&1)"; then
      printf "mdbook test failed for src/%s:\n%s\n" "$1" "$out" >&2
      exit 1
    fi' _ {}
