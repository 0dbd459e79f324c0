#!/usr/bin/python3
"""Plot the density and probability current of a noneq-fokker-planck grid output.

usage: plot_flow.py FILE.h5 [--frame N] [--out FIG.png]

2D: p as a colour map (extent from /grid) with streamlines of J (line width ~ |J|; no lines where
    p < 1e-6 max p, where the direction of J is round-off).
1D: p and J against x.
3D: the middle z slice, drawn as in 2D (J_x, J_y in that plane).
The title gives the frame's time and the solver's entropy production rate (/series/epr).
FRAME counts from 0; negative values count from the end (default -1: the last frame).
Writes a PNG (default: FILE stem + "_flow.png" next to FILE) and prints where.
Exit status 2 (with one message) when FILE is not a readable noneq-fokker-planck output with fields.
"""
import argparse
import os
import sys

import matplotlib

matplotlib.use("Agg")
import h5py  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


def fail(msg):
    print(f"error: {msg}", file=sys.stderr)
    sys.exit(2)


def text_attr(obj, name, default=""):
    v = obj.attrs.get(name, default)
    return v.decode() if isinstance(v, bytes) else str(v)


def load(path, frame):
    if not os.path.exists(path):
        fail(f"input `{path}` does not exist")
    if not h5py.is_hdf5(path):
        fail(f"input `{path}` is not an HDF5 file")
    with h5py.File(path, "r") as f:
        if text_attr(f, "schema") != "noneq/1" or text_attr(f, "kind") != "fokker-planck":
            fail(f"input `{path}` is not a noneq-fokker-planck output "
                 f"(schema `{text_attr(f, 'schema', '?')}`, kind `{text_attr(f, 'kind', '?')}`)")
        if "fields/p" not in f or "fields/J" not in f:
            fail(f"input `{path}` holds no /fields/p and /fields/J (written with output.fields = false)")
        g = f["grid"]
        dim = int(len(g.attrs["cells"]))
        nt = min(f["fields/p"].shape[0], f["fields/J"].shape[0], f["series/time"].shape[0])
        if nt == 0:
            fail(f"input `{path}` holds no frames")
        if not -nt <= frame < nt:
            fail(f"--frame {frame} is out of range: the input holds {nt} frames (0..{nt - 1})")
        k = frame % nt
        data = {
            "dim": dim,
            "frame": k,
            "frames": nt,
            "lower": np.asarray(g.attrs["lower"], dtype=float),
            "upper": np.asarray(g.attrs["upper"], dtype=float),
            "coords": [np.asarray(g[a]) for a in "xyz"[:dim]],
            "p": np.asarray(f["fields/p"][k]),
            "J": np.asarray(f["fields/J"][k]),
            "t": float(f["series/time"][k]),
            "epr": float(f["series/epr"][k]) if "series/epr" in f and f["series/epr"].shape[0] > k else float("nan"),
        }
    return data


def plot_1d(d, ax):
    x = d["coords"][0]
    ax.plot(x, d["p"], color="C0", label="p")
    ax.set_xlabel("x")
    ax.set_ylabel("p", color="C0")
    ax2 = ax.twinx()
    ax2.plot(x, d["J"][..., 0], color="C3", label="J")
    ax2.set_ylabel("J", color="C3")
    ax2.axhline(0, color="0.7", lw=0.5)


def plot_2d(d, fig, ax, p, jx, jy):
    x, y = d["coords"][0], d["coords"][1]
    lo, hi = d["lower"], d["upper"]
    im = ax.imshow(p, origin="lower", extent=(lo[0], hi[0], lo[1], hi[1]), cmap="viridis",
                   aspect="equal", interpolation="nearest")
    fig.colorbar(im, ax=ax, label="p")
    speed = np.hypot(jx, jy)
    smax = speed.max()
    if smax > 0:
        hidden = p < 1e-6 * p.max()
        u = np.ma.array(jx, mask=hidden)
        v = np.ma.array(jy, mask=hidden)
        ax.streamplot(x, y, u, v, color="white", density=1.4, arrowsize=0.8,
                      linewidth=0.4 + 1.6 * speed / smax)
    ax.set_xlim(lo[0], hi[0])
    ax.set_ylim(lo[1], hi[1])
    ax.set_xlabel("x")
    ax.set_ylabel("y")


def main(argv=None):
    ap = argparse.ArgumentParser(description="Plot p and the probability current J of a noneq-fokker-planck output.")
    ap.add_argument("file", help="noneq-fokker-planck output (.h5)")
    ap.add_argument("--frame", type=int, default=-1, help="frame index (negative: from the end; default -1)")
    ap.add_argument("--out", help="PNG to write (default: FILE stem + _flow.png)")
    a = ap.parse_args(argv)
    d = load(a.file, a.frame)
    out = a.out or os.path.splitext(a.file)[0] + "_flow.png"
    fig, ax = plt.subplots(figsize=(7.5, 6) if d["dim"] > 1 else (8, 4.5))
    if d["dim"] == 1:
        plot_1d(d, ax)
    elif d["dim"] == 2:
        plot_2d(d, fig, ax, d["p"], d["J"][..., 0], d["J"][..., 1])
    else:
        kz = d["p"].shape[0] // 2
        plot_2d(d, fig, ax, d["p"][kz], d["J"][kz, ..., 0], d["J"][kz, ..., 1])
        ax.set_title(f"z = {d['coords'][2][kz]:.4g} slice", fontsize=9, loc="right")
    ax.set_title(f"{os.path.basename(a.file)}  frame {d['frame']} (of {d['frames']}):  "
                 f"t = {d['t']:.6g},  EPR = {d['epr']:.6g}", fontsize=10, loc="left")
    fig.tight_layout()
    try:
        fig.savefig(out, dpi=120)
    except OSError as e:
        fail(f"cannot write `{out}`: {e.strerror}")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
