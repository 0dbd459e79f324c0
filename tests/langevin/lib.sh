# Sourced by the noneq-langevin test scripts (after setting `np`): a private working directory
# (removed on exit, with its own Open MPI session directory for ctest -j) and the launcher for
# `np` ranks as the array `launcher`.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
mkdir -p tmp && export TMPDIR="$work/tmp"
launcher=()
[ "$np" -gt 1 ] && launcher=(mpiexec --oversubscribe -n "$np")

# interrupt_run READY PAUSE CMD...: starts CMD (it must write sig.h5; its log goes to sig.log) in the
# background, waits until the grep pattern READY is in the log and sig.h5 exists, lets it run PAUSE
# seconds more, sends SIGTERM, and checks what an interrupted run must leave behind: exit 130, a
# "Resume with" hint, sig.h5 marked incomplete and sig.checkpoint.h5. Exits the script on failure.
interrupt_run() {
  local ready=$1 pause=$2
  shift 2
  "$@" >sig.log 2>&1 &
  local pid=$!
  for _ in $(seq 1 200); do
    sleep 0.05
    grep -q "$ready" sig.log 2>/dev/null && [ -f sig.h5 ] && break
  done
  sleep "$pause"
  kill -TERM "$pid"
  wait "$pid"
  local rc=$?
  [ $rc -eq 130 ] || { echo "interrupted run: exit $rc, expected 130"; cat sig.log; exit 1; }
  grep -q "Resume with" sig.log || { echo "no resume hint"; cat sig.log; exit 1; }
  h5dump -a /complete sig.h5 | grep -q "(0): 0" || { echo "interrupted output not marked incomplete"; exit 1; }
  [ -f sig.checkpoint.h5 ] || { echo "no checkpoint after SIGTERM"; exit 1; }
}
