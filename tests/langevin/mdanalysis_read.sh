#!/usr/bin/env bash
# The H5MD output of a 3D run opens in MDAnalysis's H5MD reader (Debian python3-mdanalysis):
# same number of atoms and frames, positions equal to the file's (h5py), box edges from /box.
# MDAnalysis supports 3D boxes only, so this checks the 3D layout; 2D files follow the same H5MD
# layout with dimension = 2.
set -u
bin=$1; np=${2:-1}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
cat > deck.ini <<'DECK'
[system]
dim = 3
packing_fraction = 0.3
particles = 500
[dynamics]
model = abp
v0 = 5
[interaction]
potential = wca
[time]
dt = 1e-4
steps = 200
[output]
file = traj.h5
every = 50
observables_every = 50
[observables]
map_cell = 2
DECK
"${launcher[@]}" "$bin" deck.ini >run.log 2>&1 || { echo "run failed"; cat run.log; exit 1; }
/usr/bin/python3 - <<'PY'
import sys, warnings
import numpy as np, h5py
warnings.simplefilter("ignore")
from MDAnalysis.coordinates.H5MD import H5MDReader
f = h5py.File("traj.h5", "r")
pos = f["particles/all/position/value"][:]
box = f["particles/all/box/edges/value"][:]
r = H5MDReader("traj.h5", convert_units=False)
assert r.n_atoms == pos.shape[1], (r.n_atoms, pos.shape)
assert r.n_frames == pos.shape[0] == 5, (r.n_frames, pos.shape)
for k, ts in enumerate(r):
    assert np.allclose(ts.positions, pos[k], rtol=0, atol=1e-5 * box[k].max()), k  # MDAnalysis keeps float32
    assert np.allclose(ts.dimensions[:3], np.diag(box[k]), rtol=1e-6), ts.dimensions
    assert ts.data["step"] == f["particles/all/position/step"][k]
    # records at the frame steps (every = observables_every): MDAnalysis pairs them by index
    assert f["observables/msd/step"][k] == ts.data["step"]
    assert ts.data["msd"] == f["observables/msd/value"][k]
print(f"MDAnalysis read {r.n_frames} frames of {r.n_atoms} atoms; box {ts.dimensions[:3]}")
PY
