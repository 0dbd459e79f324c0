#!/usr/bin/env bash
# README command 1: install what is missing, build (Release), run the default deck — the 2D
# nonequilibrium Ornstein–Uhlenbeck steady state — and print where the output went and its
# entropy production next to the exact value.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"
mkdir -p build/run
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1   # harmless when not root
np=${NP:-$(( $(nproc) < 2 ? 1 : 2 ))}
mpiexec --oversubscribe -n "$np" build/bin/noneq-fokker-planck inputs/fokker_planck/ou2d.ini \
  --output build/run/ou2d.h5 --overwrite
echo
echo "output: $(pwd)/build/run/ou2d.h5 (open build/run/ou2d.xmf in ParaView;"
echo "        plot: /usr/bin/python3 tools/plot_flow.py build/run/ou2d.h5)"
