#!/usr/bin/env bash
# noneq-active-fluid: time per step, fraction of the step inside FFTW calls and peak memory for the
# kinetic model at 128^2 x 64 and 256^2 x 128 and the Bingham moment model at 256^2 and 1024^2, at 1
# and 2 ranks (inputs/bench/active_kinetic.ini: pushers with alignment and constraint stress from a
# randomly perturbed isotropic state; FFTW_MEASURE plans, planning not timed). Then the cost per unit
# simulated time of the two levels on the same 256^2 grid: each at the largest dt its CFL monitor
# allows (dt_max = dt x 0.5/max cfl over a run from the same initial state to t = T).
# Environment: RANKS (default "1 2"), STEPS (default 10), BUILD (default build), T (default 2).
set -euo pipefail
cd "$(dirname "$0")/../.."
RANKS=${RANKS:-"1 2"}; STEPS=${STEPS:-10}; BUILD=${BUILD:-build}; T=${T:-2}
bin=$PWD/$BUILD/bin/noneq-active-fluid
deck=$PWD/inputs/bench/active_kinetic.ini
[ -x "$bin" ] || { echo "build first: cmake --build $BUILD"; exit 1; }
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
launch() { local np=$1; shift; if [ "$np" -gt 1 ]; then mpiexec --bind-to none -n "$np" "$@"; else "$@"; fi; }
field() { sed -n "$1" "$2"; }
printf "%-28s %5s %12s %8s %12s %14s\n" configuration ranks "ms/step" "FFTW %" "MiB/rank" "Stokes/step"
for cfg in "kinetic 128 64 0.005" "kinetic 256 128 0.005" "moments 256 0 0.05" "moments 1024 0 0.02"; do
  read -r level n nt dt <<<"$cfg"
  for np in $RANKS; do
    extra=(--grid.ntheta="$nt")
    [ "$level" = moments ] && extra=()
    (cd "$work" && rm -f ./*.h5 && launch "$np" "$bin" "$deck" --model.level="$level" --grid.n="$n" "${extra[@]}" \
      --time.dt="$dt" --time.end="$(awk -v s="$STEPS" -v d="$dt" 'BEGIN{print s*d}')" \
      --output.interval="$(awk -v s="$STEPS" -v d="$dt" 'BEGIN{print s*d}')" --output b.h5 >run.log 2>&1) ||
      { echo "$cfg at $np ranks failed"; cat "$work/run.log"; exit 1; }
    ms=$(field 's/.* s: \([0-9.e+]*\) ms\/step.*/\1/p' "$work/run.log")
    fftw=$(field 's/.*FFTW \([0-9.]*\) % of step time.*/\1/p' "$work/run.log")
    solves=$(field 's/.*; \([0-9]*\) Stokes solves.*/\1/p' "$work/run.log")
    mib=$(field 's/^peak memory: \([0-9.]*\) MiB.*/\1/p' "$work/run.log")
    label="$level ${n}^2"; [ "$level" = kinetic ] && label="$label x $nt"
    printf "%-28s %5d %12.4g %8s %12s %14.2f\n" "$label" "$np" "$ms" "$fftw" "$mib" "$(awk -v s="$solves" -v k="$STEPS" 'BEGIN{print s/(k+1)}')"
  done
done

# Cost per unit simulated time at the same grid (256^2, one rank), each level at its CFL-limited dt.
cost() {  # level dt ntheta -> "ms_per_step max_cfl"
  (cd "$work" && rm -f ./*.h5 && "$bin" "$deck" --model.level="$1" --grid.n=256 --grid.ntheta="$3" --time.dt="$2" \
    --time.end="$T" --output.interval=0.1 --output c.h5 >cost.log 2>&1) || { cat "$work/cost.log"; exit 1; }
  local ms; ms=$(field 's/.* s: \([0-9.e+]*\) ms\/step.*/\1/p' "$work/cost.log")
  local cfl; cfl=$(/usr/bin/python3 -c "import h5py; print(h5py.File('$work/c.h5')['series/cfl'][:].max())")
  echo "$ms $cfl"
}
read -r ms_k cfl_k <<<"$(cost kinetic 0.005 128)"
read -r ms_m cfl_m <<<"$(cost moments 0.05 16)"
awk -v a="$ms_k" -v ca="$cfl_k" -v b="$ms_m" -v cb="$cfl_m" 'BEGIN {
  dk = 0.005 * 0.5 / ca; dm = 0.05 * 0.5 / cb
  printf "256^2 to t = %s: kinetic (128 angles) %.4g ms/step, max CFL %.3f at dt 0.005 -> dt_max %.4g: %.4g s per unit time\n", ENVIRON["T"] ? ENVIRON["T"] : 2, a, ca, dk, a / 1000 / dk
  printf "             Bingham moments %.4g ms/step, max CFL %.3f at dt 0.05  -> dt_max %.4g: %.4g s per unit time\n", b, cb, dm, b / 1000 / dm
  printf "Bingham moment model is %.0fx cheaper per unit simulated time (same grid, each at CFL 0.5)\n", (a / dk) / (b / dm) }'
