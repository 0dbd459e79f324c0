#!/usr/bin/env bash
# noneq-boltzmann-shear DSMC throughput and the cost of a statistical error on eta*:
# 10^6 Maxwell molecules, thermostatted uniform shear flow at a* = 1 (inputs/bench/dsmc_maxwell.ini).
# Prints collisions/s (collision time only, max over ranks), collisions/s per core, peak memory per
# rank and per molecule, eta* with its batch-means error, and the core-seconds a run needs for a
# relative error of 1e-3 on eta* (cost ~ 1/error^2, from this run's error).
# Anchor: SPARTA has no Debian package; its figure on this machine kind (in.collide, 10^7 molecules,
# 1.09 M collisions/s on one core; ../shared/DESIGN.md) is printed for comparison, not re-run.
# Environment: RANKS (default "1 2"), END (default 20), BUILD (default build), REPEAT (1).
set -euo pipefail
cd "$(dirname "$0")/../.."
RANKS=${RANKS:-"1 2"}; END=${END:-20}; BUILD=${BUILD:-build}; REPEAT=${REPEAT:-1}
bin=$PWD/$BUILD/bin/noneq-boltzmann-shear
[ -x "$bin" ] || { echo "build first: cmake --build $BUILD"; exit 1; }
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
launch() { local np=$1; shift; if [ "$np" -gt 1 ]; then mpiexec --bind-to none -n "$np" "$@"; else "$@"; fi; }
sparta=1.09e6
printf "%6s %14s %14s %10s %12s %22s %16s %10s\n" ranks "collisions/s" "per core" "MiB/rank" "B/molecule" "eta* (a*=1)" "core-s for 1e-3" "vs SPARTA"
for np in $RANKS; do
  best=""; bestlog=""
  for k in $(seq "$REPEAT"); do
    (cd "$work" && rm -f ./*.h5 && launch "$np" "$bin" "$OLDPWD/inputs/bench/dsmc_maxwell.ini" --time.end="$END" \
      --output b.h5 >"run$k.log" 2>&1)
    r=$(sed -n 's/.* collisions in [0-9.]* s: \([0-9.e+]*\) collisions\/s.*/\1/p' "$work/run$k.log")
    if [ -z "$best" ] || awk -v a="$r" -v b="$best" 'BEGIN{exit !(a>b)}'; then best=$r; bestlog=$work/run$k.log; fi
  done
  secs=$(sed -n 's/.* collisions in \([0-9.]*\) s:.*/\1/p' "$bestlog")
  mib=$(sed -n 's/^peak memory: \([0-9.]*\) MiB.*/\1/p' "$bestlog")
  read -r eta err <<<"$(sed -n 's/^ *viscosity_reduced *\([0-9.e+-]*\) ± \([0-9.e+-]*\).*/\1 \2/p' "$bestlog")"
  awk -v np="$np" -v r="$best" -v mib="$mib" -v eta="$eta" -v err="$err" -v s="$secs" -v sp="$sparta" 'BEGIN {
    per = r / np; bpm = mib * 1048576 * np / 1e6; cost = np * s * (err / (1e-3 * eta)) ^ 2
    printf "%6d %14.4g %14.4g %10.1f %12.1f %12.5f ± %-8.2g %16.3g %9.1fx\n", np, r, per, mib, bpm, eta, err, cost, per / sp }'
done
echo "(B/molecule: peak resident memory of all ranks / 10^6, including ~45 MiB per rank of MPI, HDF5 and PETSc)"
# Marginal memory per molecule: peak RSS at 4 x 10^6 minus at 10^6 molecules, one rank, short runs.
rss() { (cd "$work" && rm -f ./*.h5 && "$bin" "$OLDPWD/inputs/bench/dsmc_maxwell.ini" --dsmc.particles="$1" --time.end=1 --output.average_from=0.5 \
  --output.interval=1 --output b.h5 | sed -n 's/^peak memory: \([0-9.]*\) MiB.*/\1/p'); }
m1=$(rss 1000000); m4=$(rss 4000000)
awk -v a="$m1" -v b="$m4" 'BEGIN { printf "marginal memory: %.1f bytes per molecule (peak RSS %.1f MiB at 10^6, %.1f MiB at 4x10^6, one rank)\n", (b - a) * 1048576 / 3e6, a, b }'
