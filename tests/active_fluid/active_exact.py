#!/usr/bin/python3
"""Exact results used by the noneq-active-fluid tool tests (Debian's python3 with numpy and h5py).

  shear RATE DR          stationary angular distribution under u_x = RATE y (Jeffery, zeta = 0):
                         prints D11 D12 EPR, EPR = int J^2/(d_R Psi) dtheta (J: the stationary flux)
  entropy-rate FILE      passive relaxation check: max relative difference between dS/dt (centred
                         differences of /series/entropy) and /series/epr of a noneq-epr output
"""
import sys

import numpy as np


def shear(rate, dr):
    # Psi' + V' Psi = -J/d_R, V' = (rate/d_R) sin^2: Psi = e^{-V} [K - (J/d_R) int_0^theta e^V],
    # K from periodicity; cumulative Simpson (O(h^4)), periodic trapezoid for the moments.
    n = 200000
    h = 2 * np.pi / n
    a = rate / dr
    V = lambda t: a * (t / 2 - np.sin(2 * t) / 4)
    t = np.arange(n + 1) * h
    f, fm = np.exp(V(t)), np.exp(V(t[:-1] + h / 2))
    cum = np.concatenate([[0.0], np.cumsum(h / 6 * (f[:-1] + 4 * fm + f[1:]))])
    K = cum[n] / (1 - np.exp(V(2 * np.pi)))
    psi = np.exp(-V(t[:-1])) * (K - cum[:-1])  # J/d_R = 1
    c = psi.sum() * h
    psi /= c
    J = dr / c
    th = t[:-1]
    d11 = (psi * np.cos(th) ** 2).sum() * h
    d12 = (psi * np.sin(th) * np.cos(th)).sum() * h
    epr = (J * J / (dr * psi)).sum() * h
    print(f"{d11:.15g} {d12:.15g} {epr:.15g}")


def entropy_rate(path):
    import h5py
    with h5py.File(path, "r") as f:
        t, s, e = f["series/time"][:], f["series/entropy"][:], f["series/epr"][:]
    ds = (s[2:] - s[:-2]) / (t[2:] - t[:-2])
    print(f"{np.max(np.abs(ds / e[1:-1] - 1)):.6g}")


if __name__ == "__main__":
    if sys.argv[1] == "shear":
        shear(float(sys.argv[2]), float(sys.argv[3]))
    elif sys.argv[1] == "entropy-rate":
        entropy_rate(sys.argv[2])
    else:
        sys.exit(f"unknown command {sys.argv[1]}")
