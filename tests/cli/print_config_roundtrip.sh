#!/usr/bin/env bash
# --print-config prints the effective deck as re-loadable INI: print it (with an override and
# defaults filled in), run the app on the printed deck with --print-config again, and compare.
# The second print must equal the first up to comments (the first marks defaults `# default`,
# the re-loaded deck gives them explicitly), and the third must equal the second exactly
# (a fixed point). Also checks that the printed deck runs.
#   print_config_roundtrip.sh APP DECK [MPIEXEC NP]
set -u
APP="$1" DECK="$2"
launch=()
[ $# -ge 4 ] && [ "$4" -gt 1 ] && launch=("$3" -n "$4")
root=$(mktemp -d "${TMPDIR:-/tmp}/noneq-cli-roundtrip.XXXXXX") || exit 1
cd "$root" || exit 1
cp "$DECK" deck.ini
fail() { echo "FAIL: $*" >&2; for f in p1.ini p2.ini p3.ini; do [ -f $f ] && { echo "---- $f" >&2; cat $f >&2; }; done; echo "kept $root" >&2; exit 1; }
run() { timeout 45 "${launch[@]}" "$APP" "$@"; }

run deck.ini --print-config --grid.cells=12 "--model.drift=-x; -2*y" >p1.ini 2>err1 || fail "print 1 failed: $(cat err1)"
run p1.ini --print-config >p2.ini 2>err2 || fail "the printed deck does not re-load: $(cat err2)"
run p2.ini --print-config >p3.ini 2>err3 || fail "print 3 failed: $(cat err3)"
grep -q -E '^cells = 12$' p1.ini || fail "the override --grid.cells=12 is not in the printed deck"
grep -q -E '^drift = -x; -2\*y$' p1.ini || fail "the override of [model] drift is not in the printed deck"
grep -q -E '^scheme = bdf2$' p1.ini || fail "the given [solve] scheme is missing or marked as a default"
grep -q -E '^rtol = 1e-10 +# default$' p1.ini || fail "the default [solve] rtol is not printed"
grep -q -E '^k = 1\.0$' p1.ini || fail "the [constants] section is not printed"
norm() { sed -E -e '/^[[:space:]]*#/d' -e 's/[[:space:]]+# default$//' -e '/^[[:space:]]*$/d' "$1"; }
[ "$(norm p1.ini)" = "$(norm p2.ini)" ] || fail "the re-loaded deck differs: $(diff <(norm p1.ini) <(norm p2.ini))"
[ "$(sed 1d p2.ini)" = "$(sed 1d p3.ini)" ] || fail "print is not a fixed point: $(diff p2.ini p3.ini)"
# The printed deck is a deck: it runs (cells = 12, output out.h5 of deck.ini).
run p2.ini >run.out 2>run.err || fail "running the printed deck failed: $(cat run.err)"
[ -f out.h5 ] || fail "running the printed deck wrote no out.h5"
rm -rf "$root"
echo "ok: print-config output re-loads to the same effective deck"
