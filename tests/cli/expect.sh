#!/usr/bin/env bash
# One command-line case of a noneq app, run in a fresh temporary directory (tests as data: the
# cases are lines of a table, see bad_input.txt; CMakeLists.txt registers one ctest per line and
# rank count).
#
#   expect.sh --app APP --deck DECK --table TABLE --case NAME [--np N] [--mpiexec MPIEXEC]
#             [--h5dump H5DUMP] [--timeout S]
#
# Table line:  name | ranks | exit | expect | setup | files | arguments
#   ranks      rank counts to register ("1" or "1 2"); N > 1 runs `MPIEXEC -n N APP ...`
#   exit       the exit code the app must return (at N > 1 ranks: every rank, by itself)
#   expect     `err:REGEX` (stderr) or `out:REGEX` (stdout), extended regex, one line must match;
#              no '|' (it separates columns)
#   setup      `-`, or one edit of the fresh directory before the run (DECK is copied to deck.ini):
#                set:KEY=VALUE   replace the line `KEY = ...` of deck.ini (the line must exist)
#                remove:KEY      delete the line `KEY = ...` of deck.ini (the line must exist)
#                append:TEXT     append TEXT to deck.ini (\n for new lines)
#                prepend:TEXT    put TEXT before the first line of deck.ini
#                junk:FILE       create FILE holding a line of text (an existing output, a non-HDF5 file)
#   files      `-`: the run must create no file and change no existing file. Otherwise the only
#              files it may create or change, each FILE[:check] with check
#                h5          FILE starts with the HDF5 signature
#                complete    FILE is HDF5 and its root attribute complete = 1 (needs h5dump)
#                incomplete  FILE is HDF5 and its root attribute complete = 0 (needs h5dump)
#                xml         FILE is well-formed XML (/usr/bin/python3 xml.dom.minidom)
#              Every listed file must exist, and a listed file that existed before must have changed.
#   arguments  the app's arguments, shell words (quote values with spaces or ';')
#
# Also checked: no timeout (a rank left waiting at N ranks fails as a hang: mpiexec is told not to
# kill the job when one rank exits non-zero), no `internal error`, and for exit 2 / 3 exactly one
# line `error: ` / `numerical failure: ` on stderr (one message, from rank 0 only).
set -u

# Internal: under mpiexec, `expect.sh --record-exit DIR CMD...` runs CMD and records this rank's
# exit code in DIR/exit.RANK, so that every rank's own exit code is checked.
if [ "${1:-}" = "--record-exit" ]; then
  dir="$2"; shift 2
  "$@"
  rc=$?
  echo "$rc" >"$dir/exit.${OMPI_COMM_WORLD_RANK:-${PMI_RANK:-${PMIX_RANK:-x}}}"
  exit "$rc"
fi

die() { echo "expect.sh: $*" >&2; exit 1; }
trim() { local s="$1"; s="${s#"${s%%[![:space:]]*}"}"; s="${s%"${s##*[![:space:]]}"}"; printf '%s' "$s"; }

APP="" DECK="" TABLE="" CASE="" NP=1 MPIEXEC="mpiexec" H5DUMP="" TIMEOUT=45
while [ $# -gt 0 ]; do
  case "$1" in
    --app) APP="$2"; shift 2 ;;
    --deck) DECK="$2"; shift 2 ;;
    --table) TABLE="$2"; shift 2 ;;
    --case) CASE="$2"; shift 2 ;;
    --np) NP="$2"; shift 2 ;;
    --mpiexec) MPIEXEC="$2"; shift 2 ;;
    --h5dump) H5DUMP="$2"; shift 2 ;;
    --timeout) TIMEOUT="$2"; shift 2 ;;
    *) die "unknown argument $1" ;;
  esac
done
[ -x "$APP" ] || die "--app: $APP is not an executable (build it first)"
[ -f "$DECK" ] || die "--deck: $DECK not found"
[ -f "$TABLE" ] || die "--table: $TABLE not found"

# ------------------------------------------------------------------ the case's line
line=$(grep -E "^[[:space:]]*${CASE}[[:space:]]*\|" "$TABLE") || die "case $CASE not in $TABLE"
[ "$(printf '%s\n' "$line" | wc -l)" -eq 1 ] || die "case $CASE appears more than once in $TABLE"
IFS='|' read -r c_name c_ranks c_exit c_expect c_setup c_files c_args <<<"$line"
c_exit=$(trim "$c_exit"); c_expect=$(trim "$c_expect"); c_setup=$(trim "$c_setup")
c_files=$(trim "$c_files"); c_args=$(trim "$c_args")
[[ "$c_exit" =~ ^[0-9]+$ ]] || die "case $CASE: exit column '$c_exit' is not a number"
eval "args=($c_args)" || die "case $CASE: cannot split the arguments"

# ------------------------------------------------------------------ fresh directory + setup
root=$(mktemp -d "${TMPDIR:-/tmp}/noneq-cli-${CASE}-np${NP}.XXXXXX") || die "mktemp failed"
work="$root/work"
# Open MPI keeps its session directory under $TMPDIR: a private one per case, so that concurrent
# singleton launches (ctest -j) never race on a shared directory.
mkdir -p "$root/tmp" && export TMPDIR="$root/tmp"
mkdir "$work"
cp "$DECK" "$work/deck.ini"
failed=0
fail() { echo "FAIL [$CASE, $NP rank(s)]: $*" >&2; failed=1; }
finish() {
  if [ "$failed" -ne 0 ]; then
    echo "---- command: ${launch[*]:-} $APP ${args[*]:-} (in $work)" >&2
    echo "---- stdout (last 30 lines):" >&2; tail -n 30 "$root/stdout" >&2 2>/dev/null
    echo "---- stderr (last 30 lines):" >&2; tail -n 30 "$root/stderr" >&2 2>/dev/null
    echo "---- kept $root for inspection" >&2
    exit 1
  fi
  rm -rf "$root"
  echo "ok [$CASE, $NP rank(s)]: exit $c_exit${c_expect:+, $c_expect}"
  exit 0
}

edit_line() {  # edit_line KEY [NEWVALUE]: replace (or delete, without NEWVALUE) the line `KEY = ...`
  local key="$1" have=0 out="$work/deck.ini.new" l
  : >"$out"
  while IFS= read -r l || [ -n "$l" ]; do
    if [[ "$l" =~ ^[[:space:]]*${key}[[:space:]]*= ]]; then
      have=1
      [ $# -ge 2 ] && printf '%s = %s\n' "$key" "$2" >>"$out"
    else
      printf '%s\n' "$l" >>"$out"
    fi
  done <"$work/deck.ini"
  [ "$have" -eq 1 ] || die "case $CASE: setup: deck.ini has no line \`$key = ...\`"
  mv "$out" "$work/deck.ini"
}

case "$c_setup" in
  -|"") ;;
  set:*) kv="${c_setup#set:}"; edit_line "${kv%%=*}" "${kv#*=}" ;;
  remove:*) edit_line "${c_setup#remove:}" ;;
  append:*) printf '%b\n' "${c_setup#append:}" >>"$work/deck.ini" ;;
  prepend:*) { printf '%b\n' "${c_setup#prepend:}"; cat "$work/deck.ini"; } >"$work/deck.ini.new" &&
             mv "$work/deck.ini.new" "$work/deck.ini" ;;
  junk:*) printf 'not an HDF5 file, and must stay as it is\n' >"$work/${c_setup#junk:}" ;;
  *) die "case $CASE: unknown setup \`$c_setup\`" ;;
esac

snapshot() { (cd "$work" && find . -type f -print0 | sort -z | xargs -0 -r md5sum); }
snapshot >"$root/before"

# ------------------------------------------------------------------ run
launch=()
if [ "$NP" -gt 1 ]; then
  # Each rank's own exit code is recorded (mpiexec's is not the ranks' once the next line is set).
  launch=("$MPIEXEC" -n "$NP" bash "${BASH_SOURCE[0]}" --record-exit "$root")
  # Open MPI's mpiexec kills the whole job as soon as one rank exits non-zero, which would hide a
  # rank left waiting in a collective call: turn that off so that such a hang shows as a timeout.
  export OMPI_MCA_orte_abort_on_non_zero_status=0
fi
(cd "$work" && timeout "$TIMEOUT" "${launch[@]}" "$APP" "${args[@]}" >"$root/stdout" 2>"$root/stderr")
rc=$?
snapshot >"$root/after"

# ------------------------------------------------------------------ checks
if [ "$rc" -eq 124 ]; then
  fail "timed out after ${TIMEOUT} s (a rank hangs?)"
  finish
fi
if [ "$NP" -gt 1 ]; then
  n_rc=0
  for f in "$root"/exit.*; do
    [ -f "$f" ] || continue
    n_rc=$((n_rc + 1))
    r=$(cat "$f")
    [ "$r" -eq "$c_exit" ] || fail "rank ${f##*.} exited with $r, expected $c_exit"
  done
  [ "$n_rc" -eq "$NP" ] || fail "only $n_rc of $NP ranks exited by themselves"
else
  [ "$rc" -eq "$c_exit" ] || fail "exit code $rc, expected $c_exit"
fi

case "$c_expect" in
  -|"") ;;
  err:*) grep -E -q -e "${c_expect#err:}" "$root/stderr" || fail "stderr does not match /${c_expect#err:}/" ;;
  out:*) grep -E -q -e "${c_expect#out:}" "$root/stdout" || fail "stdout does not match /${c_expect#out:}/" ;;
  *) die "case $CASE: expect column must start with err: or out:" ;;
esac

# One clear message, printed once (by rank 0) whatever the rank count.
n_err=$(grep -c -E '^error: ' "$root/stderr")
n_num=$(grep -c -E '^numerical failure: ' "$root/stderr")
n_int=$(grep -c -E 'internal error: ' "$root/stderr")
[ "$n_int" -eq 0 ] || fail "an internal error was reported (expected a classified error)"
case "$c_exit" in
  0) [ $((n_err + n_num)) -eq 0 ] || fail "exit 0 but an error was printed" ;;
  2) [ "$n_err" -eq 1 ] || fail "expected exactly one 'error: ' line on stderr, got $n_err" ;;
  3) [ "$n_num" -eq 1 ] || fail "expected exactly one 'numerical failure: ' line on stderr, got $n_num" ;;
esac

# Files: nothing created or changed beyond the listed ones.
declare -A allowed=()
checks=()
if [ "$c_files" != "-" ] && [ -n "$c_files" ]; then
  for spec in $c_files; do
    allowed["./${spec%%:*}"]=1
    checks+=("$spec")
  done
fi
declare -A before=() after=()
while read -r sum f; do before["$f"]=$sum; done <"$root/before"
while read -r sum f; do after["$f"]=$sum; done <"$root/after"
for f in "${!after[@]}"; do
  if [ -z "${before[$f]+x}" ]; then
    [ -n "${allowed[$f]+x}" ] || fail "created ${f#./} (a failed or read-only run must create no file)"
  elif [ "${before[$f]}" != "${after[$f]}" ]; then
    [ -n "${allowed[$f]+x}" ] || fail "changed the existing file ${f#./} (checksum differs)"
  fi
done
for f in "${!before[@]}"; do
  [ -n "${after[$f]+x}" ] || [ -n "${allowed[$f]+x}" ] || fail "removed the existing file ${f#./}"
done
for spec in "${checks[@]}"; do
  f="${spec%%:*}" what=""
  [ "$f" != "$spec" ] && what="${spec#*:}"
  path="$work/$f"
  if [ ! -f "$path" ]; then fail "expected file $f was not written"; continue; fi
  [ -n "${before[./$f]+x}" ] && [ "${before[./$f]}" = "${after[./$f]}" ] && fail "$f existed and was not replaced"
  case "$what" in
    "") ;;
    h5|complete|incomplete)
      sig=$(head -c 8 "$path" | od -An -tx1 | tr -d ' \n')
      [ "$sig" = "894844460d0a1a0a" ] || { fail "$f is not an HDF5 file"; continue; }
      if [ "$what" != h5 ]; then
        [ -x "$H5DUMP" ] || die "case $CASE: $what check needs --h5dump"
        want=1; [ "$what" = incomplete ] && want=0
        "$H5DUMP" -a /complete "$path" 2>/dev/null | grep -q -E "\(0\): ${want}\$" ||
          fail "$f: root attribute complete is not $want"
      fi ;;
    xml)
      /usr/bin/python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' "$path" \
        2>"$root/xml.err" || fail "$f is not well-formed XML: $(tail -n 1 "$root/xml.err")" ;;
    *) die "case $CASE: unknown file check \`$what\`" ;;
  esac
done
finish
