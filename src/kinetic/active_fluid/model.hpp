#pragma once
// The 2D kinetic theory of active suspensions (Saintillan–Shelley form as used by Weady, Maddu and
// Shelley; equations in VALIDATION.md), written for the angular Fourier moments
//   mu_m(x) = \int e^{i m theta} Psi(x, theta) dtheta     (mu_{-m} = conj(mu_m)):
//   d_t mu_m = -div F_m + R_m + d_T Lap mu_m - d_R m^2 mu_m,
//   F_m = u mu_m + V0 ((mu_{m+1} + mu_{m-1})/2, (mu_{m+1} - mu_{m-1})/(2i))     (\int e^{im theta} p Psi)
//   R_m = i m \int e^{i m theta} thetadot Psi = i m [w mu_m + (g mu_{m-2} + conj(g) mu_{m+2})/2],
// from thetadot = p_perp.(grad u + 2 zeta D).p = w + Re(g e^{-2i theta}) with
//   w = omega/2 (half the vorticity),  g = -i (eps/2 + zeta mu_2),  eps = (E11 - E22) + 2i E12.
// The products with thetadot and p are exact in mode space (they have modes 0, +-1, +-2 only): no
// angular aliasing. Kinetic runs keep modes 0..M (M = Ntheta/2 - 1; Galerkin truncation). The
// moment model keeps c, n, D (modes 0..2) with mu_3 = 0 and S from a closure, entering through
// X = [conj(eps) mu_4], Y = [conj(mu_2) mu_4] (closure.hpp); its mode-2 equation is
//   R_2 = 2i (w mu_2 + g mu_0/2) - (X/2 + zeta Y),
// which is the D equation of VALIDATION.md: d_t D + u.grad D - (grad u.D + D.grad u^T)
//   = -2 S:E + 4 zeta (D.D - S:D) + d_T Lap D - 4 d_R (D - c I/2).
// Active stress (traceless part, encoded like eps):
//   sigma = alpha mu_2 + beta [S:E] - 2 zeta beta [D.D - S:D]
//         = alpha mu_2 + beta (X + eps mu_0)/4 - zeta beta (mu_0 mu_2 - Y)/2.
#include <complex>

namespace noneq::kinetic::active_fluid {

using cplx = std::complex<double>;

struct Parameters {
  double alpha = -1, beta = 0, zeta = 0, d_t = 1, d_r = 1, v0 = 0;
};

/// Flow at one point: velocity, encoded strain rate eps = (E11 - E22) + 2i E12, vorticity.
struct PointFlow {
  double ux = 0, uy = 0;
  cplx eps;
  double omega = 0;
};

/// thetadot = w + Re(g e^{-2i theta}).
inline double half_vorticity(const PointFlow& f) { return 0.5 * f.omega; }
inline cplx rotation_g(const PointFlow& f, double zeta, cplx mu2) { return cplx(0, -1) * (0.5 * f.eps + zeta * mu2); }

/// Traceless active stress (encoded) from c = mu_0, mu_2 and the closure contractions X, Y.
inline cplx active_stress(const Parameters& p, double c, cplx mu2, cplx eps, cplx X, cplx Y) {
  return p.alpha * mu2 + 0.25 * p.beta * (X + eps * c) - 0.5 * p.zeta * p.beta * (c * mu2 - Y);
}

/// Translational fluxes F_m (x and y) of mode m given its neighbours.
inline void fluxes(double v0, const PointFlow& f, cplx mu, cplx below, cplx above, cplx& fx, cplx& fy) {
  fx = f.ux * mu + 0.5 * v0 * (above + below);
  fy = f.uy * mu + cplx(0, -0.5) * v0 * (above - below);  // (above - below)/(2i)
}

/// Rotational term R_m (general, distribution-based): i m [w mu_m + (g mu_{m-2} + conj(g) mu_{m+2})/2].
inline cplx rotation(int m, double w, cplx g, cplx mu, cplx mu_m2, cplx mu_p2) {
  return cplx(0, m) * (w * mu + 0.5 * (g * mu_m2 + std::conj(g) * mu_p2));
}

/// One point's stored modes: mode m = stride j at index j, j < stored. Apolar runs (V0 = 0) store
/// even modes only (stride 2): the odd modes start at 0 and nothing generates them (thetadot couples
/// m to m +- 2, and only V0 couples m to m +- 1). Modes not stored, or beyond the truncation, are 0;
/// mu_{-m} = conj(mu_m).
struct ModeView {
  const cplx* mu;
  int stride, stored;
  cplx operator[](int m) const {
    if (m < 0) return std::conj((*this)[-m]);
    if (m % stride != 0) return 0;
    const int j = m / stride;
    return j < stored ? mu[j] : cplx(0);
  }
};

/// R_m of the kinetic level for the stored modes m = stride j, j < H (Galerkin truncation).
inline void rotations_kinetic(int H, int stride, const cplx* mu, double w, cplx g, cplx* rot) {
  if (stride == 2) {  // m = 2j: m -+ 2 are the neighbouring stored entries
    for (int j = 0; j < H; ++j)
      rot[j] = rotation(2 * j, w, g, mu[j], j >= 1 ? mu[j - 1] : std::conj(mu[1]), j + 1 < H ? mu[j + 1] : cplx(0));
    return;
  }
  for (int m = 0; m < H; ++m)
    rot[m] = rotation(m, w, g, mu[m], m >= 2 ? mu[m - 2] : std::conj(mu[2 - m]), m + 2 < H ? mu[m + 2] : cplx(0));
}

/// R_0..R_2 of the moment model (mu_3 = 0; S through the closure contractions X, Y).
inline void rotations_moments(const cplx* mu, double w, cplx g, double zeta, cplx X, cplx Y, cplx* rot) {
  rot[0] = 0;
  rot[1] = rotation(1, w, g, mu[1], std::conj(mu[1]), 0.0);
  rot[2] = cplx(0, 2) * (w * mu[2] + 0.5 * g * mu[0]) - (0.5 * X + zeta * Y);
}

}  // namespace noneq::kinetic::active_fluid
