#!/usr/bin/env bash
# README command 2: install what is missing, build, and run every test (unit, cli, MPI at 1 and 2
# ranks, validation). Extra arguments go to ctest (e.g. -L validation).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"
cd build
ctest --output-on-failure -j"$(nproc)" "$@"
