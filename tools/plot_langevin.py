#!/usr/bin/python3
"""Plot a noneq-langevin output: a snapshot of the particles (colour = orientation angle or speed),
the entropy-production map, the local packing-fraction histogram and the entropy-production series.

usage: /usr/bin/python3 tools/plot_langevin.py FILE.h5 [--frame -1] [--record -1] [--out fig.png]

2D runs: the snapshot shows the particles in the box; 3D runs: a slab |z - Lz/2| < 2 sigma.
Needs Debian's python3-h5py, python3-numpy, python3-matplotlib (run with /usr/bin/python3).
"""
import argparse
import sys

import h5py
import numpy as np


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("file")
    ap.add_argument("--frame", type=int, default=-1, help="trajectory frame (default: last)")
    ap.add_argument("--record", type=int, default=-1, help="observables record for the maps (default: last)")
    ap.add_argument("--out", default=None, help="output image (default: FILE stem + .png)")
    a = ap.parse_args()
    try:
        f = h5py.File(a.file, "r")
    except OSError as e:
        sys.exit(f"plot_langevin: cannot open {a.file}: {e}")
    kind = f.attrs.get("kind", b"")
    kind = kind.decode() if isinstance(kind, bytes) else str(kind)
    if kind != "langevin":
        sys.exit(f"plot_langevin: {a.file} is not a noneq-langevin output (kind = {kind!r})")
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    par = f["parameters"].attrs
    dim = int(par["dimension"])
    box = np.asarray(par["box"], dtype=float)
    sigma = float(par["sigma"])
    fig, ax = plt.subplots(2, 2, figsize=(11, 10))

    pos = f["particles/all/position/value"]
    if pos.shape[0] > 0:
        x = pos[a.frame]
        t = f["particles/all/position/time"][a.frame]
        if dim == 3:
            keep = np.abs(x[:, 2] - box[2] / 2) < 2 * sigma
            x = x[keep]
        if "orientation" in f["particles/all"]:
            e = f["particles/all/orientation/value"][a.frame]
            if dim == 3:
                e = e[keep]
            c, cmap, label = np.arctan2(e[:, 1], e[:, 0]), "hsv", "orientation angle"
        elif "velocity" in f["particles/all"]:
            v = f["particles/all/velocity/value"][a.frame]
            if dim == 3:
                v = v[keep]
            c, cmap, label = np.linalg.norm(v, axis=1), "viridis", "speed"
        else:
            c, cmap, label = np.zeros(len(x)), "viridis", ""
        s = (72 * 4.5 / max(box[0], box[1]) * sigma) ** 2  # about the true size (points^2)
        sc = ax[0, 0].scatter(x[:, 0], x[:, 1], c=c, cmap=cmap, s=max(s, 0.05), linewidths=0)
        if label:
            fig.colorbar(sc, ax=ax[0, 0], label=label)
        ax[0, 0].set_xlim(0, box[0]), ax[0, 0].set_ylim(0, box[1]), ax[0, 0].set_aspect("equal")
        ax[0, 0].set_title(f"particles at t = {t:g}" + (" (slab |z - Lz/2| < 2σ)" if dim == 3 else ""))
    else:
        ax[0, 0].text(0.5, 0.5, "no trajectory frames (output.every = 0)", ha="center")

    obs = f["observables"]
    rec_t = obs["entropy_production/time"][:]
    r = a.record if a.record >= 0 else len(rec_t) + a.record
    m = obs["epr_map/value"][r]
    if dim == 3:
        m = m[m.shape[0] // 2]
    im = ax[0, 1].imshow(m, origin="lower", extent=(0, box[0], 0, box[1]), cmap="magma")
    fig.colorbar(im, ax=ax[0, 1], label="entropy production per area and time (k_B)")
    ax[0, 1].set_title(f"EPR map, window ending at t = {rec_t[r]:g}")

    h = obs["local_density_histogram/value"][r]
    q = obs["local_density_histogram"].attrs["packing_fraction_per_count"]
    ax[1, 0].bar(np.arange(len(h)) * q, h, width=q, align="center")
    ax[1, 0].set_xlabel("local packing fraction (map cell)")
    ax[1, 0].set_ylabel("fraction of cells")
    ax[1, 0].set_title("local density histogram (bimodal in MIPS)")

    epr = obs["entropy_production/value"][:]
    ax[1, 1].plot(rec_t, epr, "-")
    ax[1, 1].set_xlabel("t")
    ax[1, 1].set_ylabel("entropy production per particle (k_B / time)")
    ax[1, 1].set_title("entropy production rate")
    fig.tight_layout()
    out = a.out or a.file.rsplit(".", 1)[0] + ".png"
    fig.savefig(out, dpi=110)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
