#!/usr/bin/env bash
# Restart continuity of noneq-boltzmann-shear, for each solver: a run stopped at t = 1 (its final
# checkpoint) and restarted to t = 2 reproduces the uninterrupted run bit for bit (series,
# histograms and summary); a restart at another rank count gives the same records too (results do
# not depend on the rank count). A changed physical key is refused. SIGTERM writes a checkpoint,
# marks the output incomplete (exit 130), and a restart from it completes the output.
set -u
bin=$1; np=${2:-1}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../langevin/lib.sh"
run() { "${launcher[@]}" "$bin" "$@"; }
other=$((3 - np))  # the other rank count (1 <-> 2)
run_other() { if [ "$other" -gt 1 ]; then mpiexec --oversubscribe -n "$other" "$bin" "$@"; else "$bin" "$@"; fi; }
cat > deck.ini <<'DECK'
[gas]
kernel = hard-spheres
[flow]
shear_rate_reduced = 1
thermostat = gaussian
[dsmc]
particles = 6000
samples = 4
[test_particle]
particles = 3000
[time]
dt = 0.01
end = 2
[output]
interval = 0.1
histogram_interval = 0.5
average_from = 0.5
batches = 5
progress_interval = 1000
DECK
for solver in dsmc moments test-particle; do
  extra=()
  [ "$solver" = test-particle ] && extra=(--flow.thermostat=none)
  rm -f ref.h5 ref.checkpoint.h5 run.h5 run.checkpoint.h5 oth.h5 oth.checkpoint.h5
  run deck.ini --method.solver=$solver "${extra[@]}" --output ref.h5 >ref.log 2>&1 || { echo "$solver: reference run failed"; cat ref.log; exit 1; }
  run deck.ini --method.solver=$solver "${extra[@]}" --output run.h5 --time.end=1 >a.log 2>&1 || { echo "$solver: first half failed"; cat a.log; exit 1; }
  cp run.h5 oth.h5; cp run.checkpoint.h5 oth.checkpoint.h5
  run deck.ini --method.solver=$solver "${extra[@]}" --output run.h5 --restart run.checkpoint.h5 >b.log 2>&1 || { echo "$solver: restart failed"; cat b.log; exit 1; }
  grep -q "restarted from run.checkpoint.h5 at t = 1 " b.log || { echo "$solver: restart not reported"; cat b.log; exit 1; }
  h5dump -a /complete run.h5 | grep -q "(0): 1" || { echo "$solver: restarted output not complete"; exit 1; }
  for g in /series /summary; do
    h5diff ref.h5 run.h5 $g $g >diff.log 2>&1 || { echo "$solver: restarted run differs from the reference in $g"; head -20 diff.log; exit 1; }
  done
  if [ "$solver" != moments ]; then
    h5diff ref.h5 run.h5 /histograms /histograms >diff.log 2>&1 || { echo "$solver: histograms differ"; head diff.log; exit 1; }
  fi
  # The same checkpoint continued on the other rank count.
  run_other deck.ini --method.solver=$solver "${extra[@]}" --output oth.h5 --restart oth.checkpoint.h5 >c.log 2>&1 ||
    { echo "$solver: restart on $other rank(s) failed"; cat c.log; exit 1; }
  h5diff ref.h5 oth.h5 /series /series >diff.log 2>&1 || { echo "$solver: restart on $other rank(s) differs"; head -20 diff.log; exit 1; }
  echo "$solver: restart at t = 1 bit-identical to the uninterrupted run ($np rank(s); continued on $other also)"
done

# A restart must continue the same run: a changed physical key is refused (exit 2), nothing written.
cp run.h5 before.h5
run deck.ini --method.solver=test-particle --flow.thermostat=none --output run.h5 --restart run.checkpoint.h5 --flow.shear_rate_reduced=2 >c.log 2>&1; rc=$?
[ $rc -eq 2 ] && grep -q "\[flow\] shear_rate_reduced is \`2\` in the deck but \`1\` in checkpoint" c.log ||
  { echo "changed deck on restart: exit $rc"; cat c.log; exit 1; }
cmp -s before.h5 run.h5 || { echo "a refused restart modified the output"; exit 1; }
# The record grid and the histogram layout cannot change on restart (they index the checkpoint).
for change in --output.interval=0.25 --output.histogram_bins=4 --output.histogram_interval=0 --output.distribution_bins=8; do
  run deck.ini --method.solver=test-particle --flow.thermostat=none --output run.h5 --restart run.checkpoint.h5 $change >e.log 2>&1; rc=$?
  [ $rc -eq 2 ] && grep -q "only \[time\] end and \[output\] file, checkpoint" e.log || { echo "restart with $change: exit $rc"; cat e.log; exit 1; }
  cmp -s before.h5 run.h5 || { echo "a refused restart ($change) modified the output"; exit 1; }
done
# A checkpoint of another solver is refused.
run deck.ini --method.solver=dsmc --output run.h5 --restart run.checkpoint.h5 >d.log 2>&1; rc=$?
[ $rc -eq 2 ] && grep -q "is of solver test-particle, the deck says dsmc" d.log || { echo "solver mismatch: exit $rc"; cat d.log; exit 1; }

# SIGTERM: checkpoint + incomplete output, then resume.
interrupt_run "independent samples" 1 "$bin" deck.ini --output sig.h5 --time.end=100000 --dsmc.particles=200000 \
  --output.histogram_interval=0
t=$(h5dump -a /checkpoint/time sig.checkpoint.h5 | sed -n 's/.*(0): \([0-9.e+-]*\).*/\1/p')
end=$(awk -v t="$t" 'BEGIN { printf "%.10g", t + 0.5 }')
run deck.ini --output sig.h5 --restart sig.checkpoint.h5 --dsmc.particles=200000 --output.histogram_interval=0 --time.end=$end >sig2.log 2>&1 ||
  { echo "restart after SIGTERM failed"; cat sig2.log; exit 1; }
h5dump -a /complete sig.h5 | grep -q "(0): 1" || { echo "resumed output not complete"; exit 1; }
echo "SIGTERM at t = $t: checkpoint written, resumed to completion (t = $end)"
