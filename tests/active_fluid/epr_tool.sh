#!/usr/bin/env bash
# noneq-epr on noneq-active-fluid kinetic outputs (Smoluchowski entropy production), against exact
# results:
#  1. homogeneous steady shear (Pe = 5, zeta = 0): int J^2/(d_R Psi) with the exact stationary Psi and
#     flux (active_exact.py); the kinetic Psi is converged to 1e-14 at Ntheta = 64 and the tool's
#     angular quadrature is spectrally accurate: relative 1e-9;
#  2. a uniform isotropic suspension of swimmers (V0 = 0.5, d_T = 0.1, L = 10): sigma = V0^2 c L^2/d_T
#     = 250, all translational: relative 1e-12;
#  3. passive relaxation (no activity, no flow): sigma = dS/dt with S = -int Psi ln Psi; centred
#     differences over frames 0.01 apart are accurate to (lambda dt)^2/6 ~ 1e-5 for decay rates
#     lambda <= 1: relative 1e-4.
set -u
app=$1; tool=$2; np=${3:-1}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../langevin/lib.sh"
py=/usr/bin/python3
cp "$here/deck.ini" deck.ini
rel() { awk -v a="$1" -v b="$2" 'BEGIN { d = (a - b) / b; if (d < 0) d = -d; printf "%.3g", d }'; }

cat > shear.ini <<'DECK'
[model]
level = kinetic
geometry = homogeneous
[physics]
d_r = 1
[flow]
shear_rate = 5
[grid]
ntheta = 64
[time]
dt = 0.001
end = 20
[output]
file = shear.h5
interval = 1
psi_interval = 10
progress_interval = 1000
DECK
"$app" shear.ini >shear.log 2>&1 || { echo "shear run failed"; cat shear.log; exit 1; }
"${launcher[@]}" "$tool" shear.h5 >epr.log 2>&1 || { echo "noneq-epr failed on shear.h5"; cat epr.log; exit 1; }
exact=$($py "$here/active_exact.py" shear 5 1 | awk '{ print $3 }')
got=$($py -c "import h5py; print(repr(h5py.File('shear_epr.h5')['series/epr'][-1]))")
r=$(rel "$got" "$exact")
awk -v r="$r" 'BEGIN { exit !(r < 1e-9) }' || { echo "steady shear EPR $got vs exact $exact (relative $r)"; exit 1; }
echo "steady shear (Pe = 5): EPR $got, exact $exact (relative $r)"

"${launcher[@]}" "$app" deck.ini --output motile.h5 --physics.v0=0.5 --physics.d_t=0.1 --initial.perturbation=none \
  --output.psi_interval=0.1 >motile.log 2>&1 || { echo "motile run failed"; cat motile.log; exit 1; }
"${launcher[@]}" "$tool" motile.h5 >epr2.log 2>&1 || { echo "noneq-epr failed on motile.h5"; cat epr2.log; exit 1; }
for col in epr epr_translational; do
  got=$($py -c "import h5py; print(repr(h5py.File('motile_epr.h5')['series/$col'][-1]))")
  r=$(rel "$got" 250)
  awk -v r="$r" 'BEGIN { exit !(r < 1e-12) }' || { echo "motile $col $got vs 250 (relative $r)"; exit 1; }
done
echo "uniform swimmers: EPR = V0^2 c L^2/d_T = 250 to 1e-12"

"${launcher[@]}" "$app" deck.ini --output passive.h5 --physics.alpha=0 --physics.beta=0 --physics.zeta=0 \
  --initial.amplitude=0.1 --initial.kmax=2 --output.psi_interval=0.01 --output.interval=0.01 --time.dt=0.002 \
  --time.end=0.2 >passive.log 2>&1 || { echo "passive run failed"; cat passive.log; exit 1; }
"${launcher[@]}" "$tool" passive.h5 >epr3.log 2>&1 || { echo "noneq-epr failed on passive.h5"; cat epr3.log; exit 1; }
d=$($py "$here/active_exact.py" entropy-rate passive_epr.h5)
awk -v r="$d" 'BEGIN { exit !(r < 1e-4) }' || { echo "passive relaxation: EPR vs dS/dt differ by $d"; exit 1; }
echo "passive relaxation: EPR = dS/dt within $d"

# A moments output has no Psi: refused with a clear message.
"$app" deck.ini --output mom.h5 --model.level=moments >mom.log 2>&1 || { echo "moments run failed"; cat mom.log; exit 1; }
"$tool" mom.h5 >bad.log 2>&1; rc=$?
[ $rc -eq 2 ] && grep -q "holds no Psi frames" bad.log || { echo "moments output: exit $rc"; cat bad.log; exit 1; }
echo "a moments output is refused (no Psi)"
