#!/usr/bin/env bash
# Restart continuity of noneq-active-fluid for the kinetic and moment levels (periodic) and the
# homogeneous mode: a run stopped at t = 0.2 (its final checkpoint) and restarted to t = 0.4
# reproduces the uninterrupted run bit for bit (series and fields; FFTW's estimate planner is
# deterministic); the same checkpoint continued on the other rank count agrees to 1e-11 (only the
# order of floating-point sums changes). A changed physical key is refused, and SIGTERM writes a
# checkpoint, marks the output incomplete (exit 130), and a restart from it completes the output.
set -u
bin=$1; np=${2:-1}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../langevin/lib.sh"
run() { "${launcher[@]}" "$bin" "$@"; }
other=$((3 - np))
run_other() { if [ "$other" -gt 1 ]; then mpiexec --oversubscribe -n "$other" "$bin" "$@"; else "$bin" "$@"; fi; }
cp "$here/deck.ini" deck.ini
for variant in kinetic moments homogeneous; do
  extra=(--physics.v0=0.2)
  [ "$variant" = moments ] && extra=(--model.level=moments --physics.v0=0.2)
  [ "$variant" = homogeneous ] && extra=(--model.geometry=homogeneous --flow.shear_rate=2 --physics.zeta=0.5 --time.dt=0.002 --grid.ntheta=16)
  if [ "$variant" = homogeneous ]; then sed -i '/^d_t = /d; /^n = /d; /^length = /d; /^perturbation = /d; /^amplitude = /d; /^planner = /d; /^field_interval = /d' deck.ini; fi
  rm -f ref.* run.* oth.*
  run deck.ini "${extra[@]}" --output ref.h5 --time.end=0.4 >ref.log 2>&1 || { echo "$variant: reference run failed"; cat ref.log; exit 1; }
  run deck.ini "${extra[@]}" --output run.h5 --time.end=0.2 >a.log 2>&1 || { echo "$variant: first half failed"; cat a.log; exit 1; }
  cp run.h5 oth.h5; cp run.checkpoint.h5 oth.checkpoint.h5
  [ -f run.xmf ] && cp run.xmf oth.xmf
  run deck.ini "${extra[@]}" --output run.h5 --restart run.checkpoint.h5 --time.end=0.4 >b.log 2>&1 || { echo "$variant: restart failed"; cat b.log; exit 1; }
  grep -q "restarted from run.checkpoint.h5 at t = 0.2 " b.log || { echo "$variant: restart not reported"; cat b.log; exit 1; }
  h5dump -a /provenance/restarts run.h5 | grep -q "from run.checkpoint.h5 at t = 0.2" || { echo "$variant: restart not in /provenance"; exit 1; }
  h5dump -d /provenance/effective_deck run.h5 | grep -q "end = 0.4" || { echo "$variant: /provenance/effective_deck not updated"; exit 1; }
  h5dump -a /complete run.h5 | grep -q "(0): 1" || { echo "$variant: restarted output not complete"; exit 1; }
  groups=(/series)
  [ "$variant" != homogeneous ] && groups+=(/fields)
  for g in "${groups[@]}"; do
    h5diff ref.h5 run.h5 $g $g >diff.log 2>&1 || { echo "$variant: restarted run differs from the reference in $g"; head -20 diff.log; exit 1; }
  done
  run_other deck.ini "${extra[@]}" --output oth.h5 --restart oth.checkpoint.h5 --time.end=0.4 >c.log 2>&1 ||
    { echo "$variant: restart on $other rank(s) failed"; cat c.log; exit 1; }
  for g in "${groups[@]}"; do
    h5diff -d 1e-11 ref.h5 oth.h5 $g $g >diff.log 2>&1 || { echo "$variant: restart on $other rank(s) differs in $g"; head -20 diff.log; exit 1; }
  done
  echo "$variant: restart at t = 0.2 bit-identical to the uninterrupted run ($np rank(s)); on $other rank(s) within 1e-11"
done

# A restart must continue the same run: a changed physical key is refused (exit 2), nothing written.
cp run.h5 before.h5
run deck.ini "${extra[@]}" --output run.h5 --restart run.checkpoint.h5 --time.end=0.6 --physics.zeta=0.7 >e.log 2>&1; rc=$?
[ $rc -eq 2 ] && grep -q "\[physics\] zeta is \`0.7\` in the deck but \`0.5\` in checkpoint" e.log ||
  { echo "changed deck on restart: exit $rc"; cat e.log; exit 1; }
cmp -s before.h5 run.h5 || { echo "a refused restart modified the output"; exit 1; }
echo "a restart with a changed physical key is refused"
run deck.ini "${extra[@]}" --output run.h5 --restart run.checkpoint.h5 --time.end=0.1 >f.log 2>&1; rc=$?
[ $rc -eq 2 ] && grep -q "\[time\] end: 0.1 is before the checkpoint's time 0.4" f.log || { echo "shortened end: exit $rc"; cat f.log; exit 1; }
cmp -s before.h5 run.h5 || { echo "a refused restart (shortened end) modified the output"; exit 1; }
echo "a restart to an earlier end is refused"

# SIGTERM: checkpoint + incomplete output, then resume.
cp "$here/deck.ini" deck.ini
interrupt_run "rows per rank" 1 "$bin" deck.ini --output sig.h5 --time.end=100000 --grid.n=32 --output.field_interval=0 \
  --output.checkpoint_interval=0
t=$(h5dump -a /checkpoint/time sig.checkpoint.h5 | sed -n 's/.*(0): \([0-9.e+-]*\).*/\1/p')
end=$(awk -v t="$t" 'BEGIN { printf "%.10g", t + 0.2 }')
run deck.ini --output sig.h5 --restart sig.checkpoint.h5 --grid.n=32 --output.field_interval=0 --output.checkpoint_interval=0 --time.end=$end >sig2.log 2>&1 ||
  { echo "restart after SIGTERM failed"; cat sig2.log; exit 1; }
h5dump -a /complete sig.h5 | grep -q "(0): 1" || { echo "resumed output not complete"; exit 1; }
echo "SIGTERM at t = $t: checkpoint written, resumed to completion (t = $end)"
