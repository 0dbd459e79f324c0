#!/usr/bin/env bash
# noneq-langevin throughput, side by side with LAMMPS in the same run (where `lmp` is installed:
# Debian package `lammps`).
#   (1) passive 2D WCA underdamped Langevin, N = 32768, phi = 0.6, skin 0.3, dt 0.002
#       (inputs/bench/wca2d_underdamped.ini = tools/bench/lammps_wca2d.in)
#   (2) ABP MIPS, Pe = 100, N = 40000, phi = 0.6 (inputs/bench/mips_abp.ini; no LAMMPS twin)
# Environment: RANKS (default "1 2"), STEPS (default 2000), BUILD (default build), REPEAT (1).
# Prints particle-steps/s for every case; the best of REPEAT runs is kept.
set -euo pipefail
cd "$(dirname "$0")/../.."
RANKS=${RANKS:-"1 2"}; STEPS=${STEPS:-2000}; BUILD=${BUILD:-build}; REPEAT=${REPEAT:-1}
bin=$PWD/$BUILD/bin/noneq-langevin
[ -x "$bin" ] || { echo "build first: cmake --build $BUILD"; exit 1; }
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
launch() { local np=$1; shift; if [ "$np" -gt 1 ]; then mpiexec --bind-to none -n "$np" "$@"; else "$@"; fi; }
best() { sort -g | tail -1; }
noneq_rate() {  # np deck -> particle-steps/s
  local np=$1 deck=$2
  for _ in $(seq "$REPEAT"); do
    (cd "$work" && rm -f ./*.h5 && launch "$np" "$bin" "$OLDPWD/$deck" --time.steps="$STEPS" --output b.h5 |
      sed -n 's/^throughput: \([0-9.e+]*\) particle-steps.*/\1/p')
  done | best
}
lammps_rate() {  # np -> particle-steps/s
  local np=$1
  for _ in $(seq "$REPEAT"); do
    (cd "$work" && launch "$np" lmp -in "$OLDPWD/tools/bench/lammps_wca2d.in" -var steps "$STEPS" -log none |
      awk '/^Loop time/ {t=$4; n=$12} END {printf "%.6g\n", n*'"$STEPS"'/t}')
  done | best
}
printf "%-34s %6s %16s %16s %8s\n" case ranks "noneq [p-s/s]" "LAMMPS [p-s/s]" ratio
for np in $RANKS; do
  r=$(noneq_rate "$np" inputs/bench/wca2d_underdamped.ini)
  if command -v lmp >/dev/null; then
    l=$(lammps_rate "$np"); ratio=$(awk -v a="$r" -v b="$l" 'BEGIN{printf "%.2f", a/b}')
  else l="(no lmp)"; ratio="-"; fi
  printf "%-34s %6s %16.4g %16s %8s\n" "wca2d underdamped N=32768" "$np" "$r" "$l" "$ratio"
done
for np in $RANKS; do
  r=$(noneq_rate "$np" inputs/bench/mips_abp.ini)
  printf "%-34s %6s %16.4g %16s %8s\n" "ABP MIPS Pe=100 N=40000" "$np" "$r" "-" "-"
done
