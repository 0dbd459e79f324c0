#!/usr/bin/env bash
# Fokker–Planck throughput: steady-state time and transient time per BDF2 step on 256²…2048² and
# 128³, at 1 and 2 MPI ranks, with peak memory. Prints a Markdown table (README "Performance").
# Usage: tools/bench/fp_bench.sh [build dir]   (sizes via SIZES="256 512", RANKS="1 2";
#        extra deck overrides via FP_ARGS, e.g. FP_ARGS="--solve.nested_iteration=false")
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${1:-$root/build}/bin/noneq-fokker-planck
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
SIZES=${SIZES:-"256 512 1024 2048"}
RANKS=${RANKS:-"1 2"}
read -r -a extra <<<"${FP_ARGS:-}"
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; $(date -u +%F)"
echo
echo "| case | ranks | cells | steady solve [s] | whole run [s] | per BDF2 step [s] | peak memory [MiB] |"
echo "|---|---|---|---|---|---|---|"
run_case() {  # name deck ranks cells-override
  local name=$1 deck=$2 np=$3 cells=$4
  local t0 t1 log
  t0=$(date +%s.%N)
  log=$(mpiexec --oversubscribe -n "$np" "$bin" "$deck" --grid.cells="$cells" --output "$work/s.h5" --overwrite ${extra[@]+"${extra[@]}"})
  t1=$(date +%s.%N)
  local steady mem
  steady=$(sed -n 's/.*clipped, \([0-9.]*\) s$/\1/p' <<<"$log")
  mem=$(sed -n 's/^peak memory: .*, \([0-9.]*\) MiB in total/\1/p' <<<"$log")
  # Transient: 20 BDF2 steps (time-independent operator: one AMG setup, then solves).
  local tlog step
  tlog=$(mpiexec --oversubscribe -n "$np" "$bin" "$deck" --grid.cells="$cells" --solve.mode=transient \
         --solve.t_end=0.2 --solve.dt=0.01 --output "$work/t.h5" --overwrite ${extra[@]+"${extra[@]}"})
  step=$(sed -n 's/.*linear solves \([0-9.]*\) s (.*/\1/p' <<<"$tlog" | awk '{printf "%.4f", $1/20}')
  printf '| %s | %s | %s | %s | %.2f | %s | %s |\n' "$name" "$np" "$cells" "$steady" "$(echo "$t1 - $t0" | bc)" "$step" "$mem"
}
for n in $SIZES; do
  for np in $RANKS; do run_case "2D OU" "$root/inputs/bench/ou2d_steady.ini" "$np" "$n $n"; done
done
for np in $RANKS; do run_case "3D OU" "$root/inputs/bench/ou3d_steady.ini" "$np" "128"; done
