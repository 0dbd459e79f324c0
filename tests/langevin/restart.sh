#!/usr/bin/env bash
# Restart continuity of noneq-langevin: a run stopped at step 300 (its final checkpoint) and
# restarted to step 600 reproduces the uninterrupted 600-step run bit for bit (same rank count):
# trajectory frames and every observable record. Also checks SIGTERM handling: exit 130, output
# marked incomplete, checkpoint written, and a restart from it completes the output.
set -u
bin=$1; np=${2:-1}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
run() { "${launcher[@]}" "$bin" "$@"; }
cat > deck.ini <<'DECK'
[system]
dim = 2
packing_fraction = 0.5
particles = 800
[dynamics]
model = abp
v0 = 20
rotational_diffusion = 3
[interaction]
potential = wca
[time]
dt = 1e-4
steps = 600
[output]
every = 100
observables_every = 50
checkpoint_every = 300
progress_interval = 1000
[observables]
map_cell = 4
DECK
for pot in wca none; do
  rm -f ref.h5 ref.checkpoint.h5 run.h5 run.checkpoint.h5
  run deck.ini --output ref.h5 --interaction.potential=$pot >ref.log 2>&1 || { echo "reference run failed"; cat ref.log; exit 1; }
  run deck.ini --output run.h5 --interaction.potential=$pot --time.steps=300 >a.log 2>&1 || { echo "first half failed"; cat a.log; exit 1; }
  run deck.ini --output run.h5 --interaction.potential=$pot --restart run.checkpoint.h5 >b.log 2>&1 || { echo "restart failed"; cat b.log; exit 1; }
  grep -q "restarted from run.checkpoint.h5 at step 300" b.log || { echo "restart not reported"; cat b.log; exit 1; }
  h5dump -a /complete run.h5 | grep -q "(0): 1" || { echo "restarted output not complete"; exit 1; }
  for g in /particles /observables; do
    h5diff ref.h5 run.h5 $g $g >diff.log 2>&1 || { echo "potential $pot: restarted run differs from the reference in $g"; head -20 diff.log; exit 1; }
  done
  echo "potential $pot: restart at step 300 bit-identical to the uninterrupted run ($np rank(s))"
done

# A restart must continue the same run: a changed physical key is refused (exit 2), nothing written.
cp run.h5 before.h5
run deck.ini --output run.h5 --interaction.potential=none --dynamics.v0=30 --restart run.checkpoint.h5 >c.log 2>&1; rc=$?
[ $rc -eq 2 ] && grep -q "\[dynamics\] v0 is \`30\` in the deck but \`20\` in checkpoint" c.log ||
  { echo "changed deck on restart: exit $rc"; cat c.log; exit 1; }
cmp -s before.h5 run.h5 || { echo "a refused restart modified the output"; exit 1; }

# SIGTERM: checkpoint + incomplete output, then resume.
interrupt_run "Péclet" 0.5 "$bin" deck.ini --output sig.h5 --time.steps=2000000
step=$(h5dump -a /checkpoint/step sig.checkpoint.h5 | sed -n 's/.*(0): \([0-9]*\).*/\1/p')
run deck.ini --output sig.h5 --restart sig.checkpoint.h5 --time.steps=$((step + 100)) >sig2.log 2>&1 ||
  { echo "restart after SIGTERM failed"; cat sig2.log; exit 1; }
h5dump -a /complete sig.h5 | grep -q "(0): 1" || { echo "resumed output not complete"; exit 1; }
echo "SIGTERM at step $step: checkpoint written, resumed to completion"
