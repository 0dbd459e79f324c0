#!/usr/bin/env bash
# noneq-epr on a noneq-langevin output: free ABP (2D, v0 = 3, D_t = 1, D_r = 1, dt = 1e-3): the
# batch-means EPR per particle matches the discrete-scheme expectation v0^2 (1 + e^{-D_r dt})/(2 D_t)
# within 4 error bars, the output holds the series and maps with an XDMF sidecar, the input is
# unchanged, and a second run without --overwrite is refused (exit 2).
set -u
bin=$1; epr=$2; np=${3:-1}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
cat > deck.ini <<'DECK'
[system]
dim = 2
box = 30
particles = 2000
[dynamics]
model = abp
v0 = 3
rotational_diffusion = 1
[interaction]
potential = none
[time]
dt = 1e-3
steps = 4000
[output]
file = free.h5
every = 0
observables_every = 50
[observables]
map_cell = 6
DECK
"${launcher[@]}" "$bin" deck.ini >run.log 2>&1 || { echo "run failed"; cat run.log; exit 1; }
sum_before=$(md5sum free.h5)
"${launcher[@]}" "$epr" free.h5 >epr.log 2>&1 || { echo "noneq-epr failed"; cat epr.log; exit 1; }
[ "$(md5sum free.h5)" = "$sum_before" ] || { echo "noneq-epr modified its input"; exit 1; }
[ -f free_epr.h5 ] && [ -f free_epr.xmf ] || { echo "missing free_epr.h5 / .xmf"; ls; exit 1; }
/usr/bin/python3 - <<'PY' || exit 1
import math, h5py, xml.dom.minidom
f = h5py.File("free_epr.h5", "r")
s = f["series"]
mean, err = s.attrs["mean"], s.attrs["error"]
exact = 9 * (1 + math.exp(-1e-3)) / 2
assert f.attrs["kind"] == b"epr-particles" or f.attrs["kind"] == "epr-particles", f.attrs["kind"]
assert s.attrs["batches"] == 10
assert abs(mean - exact) < 4 * err, (mean, err, exact)
sig = f["fields/sigma"][-1]
assert sig.shape == (5, 5), sig.shape
# the map integrates to the total: sum sigma * cell area = N * per-particle value of that record
total = sig.sum() * 6 * 6
assert abs(total - f["series/epr_total"][-1]) < 1e-9 * abs(total), (total, f["series/epr_total"][-1])
xml.dom.minidom.parse("free_epr.xmf")
print(f"noneq-epr: {mean:.5f} +- {err:.2g} (discrete exact {exact:.5f}); map integral matches the total")
PY
"${launcher[@]}" "$epr" free.h5 >again.log 2>&1; rc=$?
[ $rc -eq 2 ] || { echo "second run without --overwrite: exit $rc, expected 2"; cat again.log; exit 1; }
