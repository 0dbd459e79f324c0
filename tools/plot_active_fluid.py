#!/usr/bin/python3
"""Plot noneq-active-fluid runs.

usage: plot_active_fluid.py RUN.h5 [RUN2.h5 ...] [-o FIGURE.png] [--frame K]

Periodic runs: the vorticity of field frame K (default: the last) with the director field (the
principal axis of D, line length ~ the local nematic order s) of the first run, then the series of
every run: kinetic energy, mean nematic order <s>, and for kinetic runs the a-priori closure errors
(quadratic and Bingham, [S:E] and [S:D]). Homogeneous runs: D_xx and D_xy against time (kinetic and
moment runs overlay: the closure test in shear flow).
Needs Debian's python3-h5py, python3-numpy and python3-matplotlib (run with /usr/bin/python3).
"""
import argparse

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


def attr(f, name):
    v = f.attrs[name]
    return v.decode() if isinstance(v, bytes) else v


def label(f):
    level = attr(f, "level")
    return level if level == "kinetic" else f"moments ({attr(f, 'closure')})"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("runs", nargs="+")
    ap.add_argument("-o", "--output", default="active_fluid.png")
    ap.add_argument("--frame", type=int, default=-1)
    a = ap.parse_args()
    files = [h5py.File(p, "r") for p in a.runs]
    periodic = attr(files[0], "geometry") == "periodic"
    if periodic:
        fig, ax = plt.subplots(2, 2, figsize=(11, 9))
        f = files[0]
        if "fields/vorticity" in f:
            x, y = f["grid/x"][:], f["grid/y"][:]
            w = f["fields/vorticity"][a.frame]
            t = f["fields/time"][a.frame]
            im = ax[0, 0].imshow(w, origin="lower", extent=[x[0], x[-1], y[0], y[-1]], cmap="RdBu_r")
            fig.colorbar(im, ax=ax[0, 0], label="vorticity")
            dxx, dxy, dyy = (f[f"fields/{k}"][a.frame] for k in ("D_xx", "D_xy", "D_yy"))
            angle = 0.5 * np.arctan2(2 * dxy, dxx - dyy)
            s = f["fields/order"][a.frame]
            step = max(1, len(x) // 32)
            X, Y = np.meshgrid(x, y)
            sl = (slice(None, None, step), slice(None, None, step))
            ax[0, 0].quiver(X[sl], Y[sl], (s * np.cos(angle))[sl], (s * np.sin(angle))[sl], headwidth=0,
                            headlength=0, headaxislength=0, pivot="middle", scale=1.2 * len(x) / step)
            ax[0, 0].set_title(f"{a.runs[0]}: t = {t:g}, director ~ s")
        for f, name in zip(files, a.runs):
            t = f["series/time"][:]
            ax[0, 1].plot(t, f["series/kinetic_energy"][:], label=f"{name} ({label(f)})")
            ax[1, 0].plot(t, f["series/nematic_order"][:], label=label(f))
            if attr(f, "level") == "kinetic":
                e = f["series/closure_error"][:]
                for k, what in enumerate(["quadratic S:E", "quadratic S:D", "Bingham S:E", "Bingham S:D"]):
                    ax[1, 1].semilogy(t, e[:, k], label=f"{what}")
        ax[0, 1].set(xlabel="t", ylabel="<|u|^2>/2", yscale="log")
        ax[0, 1].legend(fontsize=8)
        ax[1, 0].set(xlabel="t", ylabel="nematic order <s>")
        ax[1, 1].set(xlabel="t", ylabel="a-priori closure error (relative L2)")
        if ax[1, 1].lines:
            ax[1, 1].legend(fontsize=8)
    else:
        fig, ax = plt.subplots(1, 2, figsize=(11, 4.5))
        for f, name in zip(files, a.runs):
            t, D = f["series/time"][:], f["series/mean_D"][:]
            ax[0].plot(t, D[:, 0], label=f"{name} ({label(f)})")
            ax[1].plot(t, D[:, 1], label=label(f))
        pe = attr(files[0], "shear_rate") / attr(files[0], "d_r")
        ax[0].set(xlabel="t", ylabel="D_xx", title=f"simple shear, Pe = {pe:g}")
        ax[1].set(xlabel="t", ylabel="D_xy")
        ax[0].legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(a.output, dpi=120)
    print(f"wrote {a.output}")


if __name__ == "__main__":
    main()
