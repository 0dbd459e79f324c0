#!/usr/bin/python3
# Checks noneq-epr's H-theorem entropy production on a DSMC run of the BKW relaxation (Maxwell
# molecules, no flow, K0 = 0.6, nu_c = 2): the exact BKW distribution is binned exactly as the
# DSMC histogram (Gauss-Legendre integration over each bin), its coarse-grained H gives the
# reference -dH/dt between the same histogram times. Two runs with different seeds: the noise of
# one value is the rms of their differences / sqrt(2); the mean of the two must agree with the
# reference within 4 x noise / sqrt(2) at every time.
# usage: bkw_entropy.py RUN1.h5 RUN1_epr.h5 RUN2_epr.h5
import h5py, numpy as np, sys
f = h5py.File(sys.argv[1], 'r'); e = h5py.File(sys.argv[2], 'r'); e2 = h5py.File(sys.argv[3], 'r')
nu_c = 2.0; K0 = 0.6; T = 1.0
edges = f['/histograms/distribution_edges'][:]
m = len(edges) - 1
# Gauss-Legendre nodes per bin (scaled c = V/sqrt(2T))
xg, wg = np.polynomial.legendre.leggauss(6)
lo = edges[:-1]; h = edges[1] - edges[0]
pts = (lo[:, None] + (xg[None, :] + 1) * h / 2).ravel()       # m*6
wts = np.tile(wg * h / 2, m)
def phi_bkw(c2, K):
    # f(V) for n = T = 1, V = sqrt(2) c; phi(c) = (2T)^{3/2} f(V)
    v2 = 2 * c2
    f = (2 * np.pi * K) ** -1.5 * np.exp(-v2 / (2 * K)) * ((5 * K - 3) / (2 * K) + (1 - K) / K * v2 / (2 * K))
    return 2 ** 1.5 * f
def H_binned(t):
    K = 1 - (1 - K0) * np.exp(-nu_c * t / 6)
    cx = pts[:, None, None]; cy = pts[None, :, None]; cz = pts[None, None, :]
    p = phi_bkw(cx**2 + cy**2 + cz**2, K) * (wts[:, None, None] * wts[None, :, None] * wts[None, None, :])
    b = p.reshape(m, 6, m, 6, m, 6).sum(axis=(1, 3, 5)) / h**3   # bin averages of phi
    s = np.sum(np.where(b > 0, b * np.log(np.maximum(b, 1e-300)), 0)) * h**3
    return -1.5 * np.log(2 * T) + s
ht = e['/h_function/time'][:]; sig1 = e['/h_function/collisional_epr'][:]; sig2 = e2['/h_function/collisional_epr'][:]
Hb = np.array([H_binned(t) for t in ht])
sb = -(Hb[1:] - Hb[:-1]) / np.diff(ht)
mid = 0.5 * (ht[1:] + ht[:-1])
noise = np.sqrt(np.mean((sig1 - sig2) ** 2) / 2)
sig = 0.5 * (sig1 + sig2)
ok = True
for k in range(len(sig)):
    good = abs(sig[k] - sb[k]) <= 4 * noise / np.sqrt(2)
    ok &= good
    print(f"t {mid[k]:5.2f}  noneq-epr {sig[k]:+.5f}  exact (binned) {sb[k]:+.5f}  {'ok' if good else 'FAIL'}")
print(f"noise of one run: {noise:.2e} (from two seeds)")
if not (sb[0] > 20 * noise):
    print("the early entropy production is not resolved above the noise"); ok = False
sys.exit(0 if ok else 1)
