#!/usr/bin/python3
"""Overlay noneq-boltzmann-shear runs: DSMC, moment equations (exact for Maxwell/BGK, Grad-13
otherwise) and test particles, with the exact steady values where the theory gives them.

usage: plot_boltzmann.py RUN.h5 [RUN2.h5 ...] [-o FIGURE.png]

Panels: reduced viscosity eta* and thermostat rate zeta* against time; normal stresses P_ii/p;
the fourth moment <V^4>/(T/m)^2 (15 for a Maxwellian; Grad's closure freezes it there, BGK and
Maxwell molecules depart from it); the last velocity-marginal histograms of the particle runs
against a Maxwellian. Dashed lines: /summary/exact of each run (Maxwell/BGK theory).
Needs Debian's python3-h5py, python3-numpy and python3-matplotlib (run with /usr/bin/python3).
"""
import argparse

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


def label(f):
    p = f["/parameters"].attrs
    text = f"{p['solver'].decode() if isinstance(p['solver'], bytes) else p['solver']}"
    kernel = p["kernel"].decode() if isinstance(p["kernel"], bytes) else p["kernel"]
    return f"{text}, {kernel}"


def exact(f, name):
    path = f"/summary/exact/{name}"
    return f[path][()] if path in f else None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("runs", nargs="+")
    ap.add_argument("-o", "--output", default="boltzmann.png")
    a = ap.parse_args()
    fig, ax = plt.subplots(2, 2, figsize=(11, 8))
    for k, path in enumerate(a.runs):
        f = h5py.File(path, "r")
        c = f"C{k}"
        s = f["/series"]
        t = s["time"][:]
        lab = label(f)
        ax[0, 0].plot(t, s["viscosity_reduced"][:], c, label=f"eta* {lab}")
        ax[0, 0].plot(t, s["thermostat_rate_reduced"][:], c, ls=":", label=f"zeta* {lab}")
        for name in ("viscosity_reduced", "thermostat_rate_reduced"):
            e = exact(f, name)
            if e is not None and np.isfinite(e).all():
                ax[0, 0].axhline(float(np.ravel(e)[0]), color=c, ls="--", lw=0.8)
        P = s["pressure_tensor_reduced"][:]
        for (i, j), st in zip(((0, 0), (1, 1), (2, 2), (0, 1)), ("-", "--", "-.", ":")):
            ax[0, 1].plot(t, P[:, i, j], c, ls=st, label=f"P{'xyz'[i]}{'xyz'[j]}/p {lab}" if k == 0 or i == j == 0 else None)
        e = exact(f, "pressure_tensor_reduced")
        if e is not None:
            for v in np.ravel(e)[[0, 1, 4]]:
                ax[0, 1].axhline(v, color=c, lw=0.5, ls="--")
        ax[1, 0].plot(t, s["fourth_moment"][:], c, label=lab)
        e = exact(f, "fourth_moment")
        if e is not None and np.isfinite(e).all():
            ax[1, 0].axhline(float(np.ravel(e)[0]), color=c, ls="--", lw=0.8, label=f"BGK exact {float(np.ravel(e)[0]):.4g}")
        if "/histograms/marginal" in f and f["/histograms/marginal"].shape[0] > 0:
            edges = f["/histograms/marginal_edges"][:]
            mid = 0.5 * (edges[1:] + edges[:-1])
            h = f["/histograms/marginal"][-1]
            for i, st in zip(range(2), ("-", "--")):
                ax[1, 1].semilogy(mid, h[i], c, ls=st, label=f"c_{'xy'[i]} {lab} (t = {f['/histograms/time'][-1]:g})")
    ax[1, 0].axhline(15, color="k", lw=0.5, ls=":", label="Maxwellian / Grad-13 (15)")
    x = np.linspace(-6, 6, 200)
    ax[1, 1].semilogy(x, np.exp(-x * x / 2) / np.sqrt(2 * np.pi), "k:", label="Maxwellian")
    ax[1, 1].set_ylim(1e-7, 1)
    ax[0, 0].set(xlabel="t", title="reduced viscosity eta*, thermostat rate zeta*")
    ax[0, 1].set(xlabel="t", title="pressure tensor P_ij/p")
    ax[1, 0].set(xlabel="t", title="<V^4>/(T/m)^2")
    ax[1, 1].set(xlabel="c = V_i/sqrt(T/m)", title="velocity marginals (last histogram)")
    for axis in ax.ravel():
        axis.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(a.output, dpi=120)
    print(f"wrote {a.output}")


if __name__ == "__main__":
    main()
