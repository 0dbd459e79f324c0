#!/usr/bin/env bash
# Install the Debian packages noneq needs (idempotent). On a cluster, load the
# equivalent modules / Spack packages instead and skip this script.
set -euo pipefail
pkgs=(
  build-essential cmake pkg-config
  libopenmpi-dev openmpi-bin
  libpetsc-real-dev
  libhdf5-openmpi-dev hdf5-tools
  libfftw3-dev libfftw3-mpi-dev
  libboost-program-options-dev libboost-dev
  catch2 librandom123-dev libmuparser-dev libfmt-dev
  python3-h5py python3-numpy python3-matplotlib python3-mdanalysis
)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#pkgs[@]} packages present"
  exit 0
fi
echo "setup: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
