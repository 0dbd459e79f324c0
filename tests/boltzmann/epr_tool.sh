#!/usr/bin/env bash
# noneq-epr on noneq-boltzmann-shear outputs:
#  1. thermostatted USF of Maxwell molecules (a* = 1): the viscous entropy production -a P_xy/T
#     (batch means) equals the exact a*^2 eta* nu p/T = 0.540430 within 4 error bars (in this steady
#     state the H-theorem estimate reduces to 3 zeta n, equal to it by the isokinetic constraint, so it
#     is not tested here);
#  2. BKW relaxation: the H-theorem entropy production against the exact BKW solution
#     (bkw_entropy.py). The input is never modified.
set -u
bin=$1; epr=$2; np=${3:-1}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../langevin/lib.sh"
run() { "${launcher[@]}" "$@"; }
cat > usf.ini <<'DECK'
[flow]
shear_rate_reduced = 1
thermostat = gaussian
[dsmc]
particles = 200000
[time]
dt = 0.025
end = 60
[output]
interval = 0.25
histogram_interval = 1
average_from = 10
progress_interval = 1000
DECK
run "$bin" usf.ini --output usf.h5 >usf.log 2>&1 || { echo "usf run failed"; cat usf.log; exit 1; }
sum_before=$(md5sum usf.h5)
run "$epr" usf.h5 >epr.log 2>&1 || { echo "noneq-epr failed"; cat epr.log; exit 1; }
[ "$(md5sum usf.h5)" = "$sum_before" ] || { echo "noneq-epr modified its input"; exit 1; }
/usr/bin/python3 - <<'PY' || exit 1
import h5py, numpy as np
e = h5py.File('usf_epr.h5', 'r')
s = e['/series']; mean, err = s.attrs['mean'], s.attrs['error']
exact = 0.540430  # a*^2 eta*(a* = 1), nu = p = T = 1
print(f"viscous EPR {mean:.6f} +- {err:.2g} vs exact {exact}")
assert abs(mean - exact) <= 4 * err, "viscous EPR off"
assert len(e['/h_function/collisional_epr'][:]) == len(e['/h_function/time'][:]) - 1
PY
cat > bkw.ini <<'DECK'
[initial]
distribution = bkw
bkw_k = 0.6
[dsmc]
particles = 2000000
[time]
dt = 0.01
end = 6
[output]
interval = 0.25
histogram_interval = 0.5
distribution_bins = 24
progress_interval = 1000
DECK
for seed in 1 2; do
  run "$bin" bkw.ini --output bkw$seed.h5 --random.seed=$seed >bkw.log 2>&1 || { echo "bkw run failed"; cat bkw.log; exit 1; }
  run "$epr" bkw$seed.h5 >epr2.log 2>&1 || { echo "noneq-epr failed on bkw"; cat epr2.log; exit 1; }
done
/usr/bin/python3 "$here/bkw_entropy.py" bkw1.h5 bkw1_epr.h5 bkw2_epr.h5
