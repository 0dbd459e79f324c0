#!/usr/bin/env bash
# noneq-flow on a noneq-langevin output: free ABP (2D, v0 = 5, D_t = 1, D_r = 1) in the (x, e_x)
# plane. The velocity field must be v_x = v0 e_x: the density-weighted slope of v_x against e_x
# equals v0 within 4 standard errors (translational noise sqrt(2 D_t / dt_frame) per sample) plus
# the interval-averaging bias v0 D_r dt_frame / 2; p integrates to 1; bad options exit 2.
set -u
bin=$1; flow=$2; np=${3:-1}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
cat > deck.ini <<'DECK'
[system]
dim = 2
box = 40
particles = 4000
[dynamics]
model = abp
v0 = 5
rotational_diffusion = 1
[interaction]
potential = none
[time]
dt = 1e-3
steps = 1000
[output]
file = free.h5
every = 10
observables_every = 100
[observables]
map_cell = 8
DECK
"${launcher[@]}" "$bin" deck.ini >run.log 2>&1 || { echo "run failed"; cat run.log; exit 1; }
"${launcher[@]}" "$flow" free.h5 --plane x,ex --bins 8,16 >flow.log 2>&1 || { echo "noneq-flow failed"; cat flow.log; exit 1; }
/usr/bin/python3 - <<'PY' || exit 1
import math, numpy as np, h5py
f = h5py.File("free_flow.h5", "r")
p, v, n = f["fields/p"][:], f["fields/v"][:], f["fields/samples"][:]
x, ex = f["grid/x"][:], f["grid/y"][:]
hx, hy = x[1] - x[0], ex[1] - ex[0]
assert abs(p.sum() * hx * hy - 1) < 1e-12, p.sum() * hx * hy
E = np.broadcast_to(ex[:, None], n.shape)
slope = (n * v[..., 0] * E).sum() / (n * E * E).sum()
dtf = float(f.attrs["frame_interval"])
se = math.sqrt(2 * 1.0 / dtf) / math.sqrt((n * E * E).sum())
bias = 5 * 1.0 * dtf / 2
assert abs(slope - 5) < 4 * se + bias, (slope, se, bias)
print(f"noneq-flow: v_x = {slope:.4f} e_x (v0 = 5, 4 se + bias = {4*se+bias:.3f})")
PY
"${launcher[@]}" "$flow" free.h5 --plane x,qq --output other.h5 >bad.log 2>&1; rc=$?
[ $rc -eq 2 ] && grep -q "unknown coordinate" bad.log || { echo "bad --plane: exit $rc"; cat bad.log; exit 1; }
"${launcher[@]}" "$flow" free.h5 --plane x,vx --output other.h5 >bad2.log 2>&1; rc=$?
[ $rc -eq 2 ] && grep -q "needs /particles/all/velocity" bad2.log || { echo "missing element: exit $rc"; cat bad2.log; exit 1; }
# Frame times that do not increase: exit 2 on every rank (no rank left waiting).
/usr/bin/python3 -c "
import h5py, shutil
shutil.copy('free.h5', 'bad_times.h5')
f = h5py.File('bad_times.h5', 'r+'); t = f['particles/all/position/time']; t[-1] = t[-2]
"
timeout 60 "${launcher[@]}" "$flow" bad_times.h5 --plane x,ex >bad3.log 2>&1; rc=$?
[ $rc -eq 2 ] && grep -q "not increasing" bad3.log || { echo "bad frame times: exit $rc"; cat bad3.log; exit 1; }
echo "bad input: unknown coordinate, missing element, bad frame times -> exit 2"
# The plotting script draws the same output (smoke test: a PNG is written, bad input is refused).
plot="$here/../../tools/plot_langevin.py"
/usr/bin/python3 "$plot" free.h5 --out fig.png >plot.log 2>&1 && [ -s fig.png ] || { echo "plot_langevin failed"; cat plot.log; exit 1; }
/usr/bin/python3 "$plot" bad_times.h5.nope >plot2.log 2>&1 && { echo "plot_langevin accepted a missing file"; exit 1; }
echo "plot_langevin: wrote fig.png"
