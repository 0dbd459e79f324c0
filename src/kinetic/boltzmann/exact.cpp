#include "kinetic/boltzmann/exact.hpp"

#include <cmath>
#include <limits>
#include <utility>

namespace noneq::kinetic::boltzmann::exact {

double zeta_reduced(double a) {
  const double s = std::sinh(std::acosh(1 + 9 * a * a) / 6);
  return 2.0 / 3.0 * s * s;
}

double viscosity_reduced(double a) {
  const double z = zeta_reduced(a);
  return 1 / ((1 + 2 * z) * (1 + 2 * z));
}

PressureRatios pressure_ratios(double a) {
  const double z = zeta_reduced(a);
  return {(1 + 6 * z) / (1 + 2 * z), 1 / (1 + 2 * z), 1 / (1 + 2 * z), -a / ((1 + 2 * z) * (1 + 2 * z))};
}

double bgk_fourth_moment(double a) {
  const double y = 1 + 4 * zeta_reduced(a);
  return 15 / y + 28 * a * a / (y * y * y) + 72 * a * a * a * a / std::pow(y, 5);
}

double bkw_k(double k0, double nu_c_t) { return 1 - (1 - k0) * std::exp(-nu_c_t / 6); }

double bkw_moment_ratio(int k, double K) { return std::pow(K, k - 1) * (k - (k - 1) * K); }

namespace {
const int kIdx[6][2] = {{0, 0}, {0, 1}, {0, 2}, {1, 1}, {1, 2}, {2, 2}};

// Solves a x = b (6x6, partial pivoting); returns the determinant (0: singular).
double solve6(double a[36], double b[6]) {
  double d = 1;
  for (int c = 0; c < 6; ++c) {
    int p = c;
    for (int r = c + 1; r < 6; ++r)
      if (std::abs(a[6 * r + c]) > std::abs(a[6 * p + c])) p = r;
    if (a[6 * p + c] == 0) return 0;
    if (p != c) {
      for (int k = 0; k < 6; ++k) std::swap(a[6 * p + k], a[6 * c + k]);
      std::swap(b[p], b[c]);
      d = -d;
    }
    d *= a[6 * c + c];
    for (int r = c + 1; r < 6; ++r) {
      const double f = a[6 * r + c] / a[6 * c + c];
      for (int k = c; k < 6; ++k) a[6 * r + k] -= f * a[6 * c + k];
      b[r] -= f * b[c];
    }
  }
  for (int c = 5; c >= 0; --c) {
    for (int k = c + 1; k < 6; ++k) b[c] -= a[6 * c + k] * b[k];
    b[c] /= a[6 * c + c];
  }
  return d;
}

double shear_det(double a_over_nu, double m) {
  const double L[9] = {0, a_over_nu, 0, 0, 0, 0, 0, 0, 0};
  double op[36], src[6];
  test_particle_operator(L, 1.0, m, 1.0, op, src);
  return solve6(op, src);
}
}  // namespace

void test_particle_operator(const double L[9], double nu_t, double m, double Tb, double op[36], double src[6]) {
  const double mt = m / (m + 1), mb = 1 / (m + 1);
  for (int col = 0; col < 6; ++col) {
    double Q[9] = {0};
    const int i = kIdx[col][0], j = kIdx[col][1];
    Q[3 * i + j] = Q[3 * j + i] = 1;
    const double trQ = Q[0] + Q[4] + Q[8];
    for (int row = 0; row < 6; ++row) {
      const int r = kIdx[row][0], c = kIdx[row][1];
      double flow = 0;
      for (int k = 0; k < 3; ++k) flow += L[3 * r + k] * Q[3 * k + c] + Q[3 * r + k] * L[3 * c + k];
      op[6 * row + col] = -flow + nu_t * ((mt * mt - 1) * Q[3 * r + c] + (r == c ? mb * mb * trQ / 3 : 0.0));
    }
  }
  for (int row = 0; row < 6; ++row) src[row] = kIdx[row][0] == kIdx[row][1] ? 2 * nu_t * mb * mb * Tb : 0.0;
}

double test_particle_critical_shear(double m) {
  const double d0 = shear_det(0, m);
  double lo = 0, hi = 1;
  while (shear_det(hi, m) * d0 > 0) {
    lo = hi;
    hi *= 2;
    if (hi > 1e6) return std::numeric_limits<double>::infinity();
  }
  for (int it = 0; it < 200; ++it) {
    const double mid = (lo + hi) / 2;
    (shear_det(mid, m) * d0 > 0 ? lo : hi) = mid;
  }
  return (lo + hi) / 2;
}

bool test_particle_stationary(const double L[9], double nu_t, double m, double Tb, double Q[6]) {
  double op[36], src[6];
  test_particle_operator(L, nu_t, m, Tb, op, src);
  // Stable iff no eigenvalue has crossed zero: for simple shear, below the critical rate.
  bool shear = true;
  for (int k = 0; k < 9; ++k) shear = shear && (k == 1 || L[k] == 0);
  if (!shear) return false;
  if (L[1] / nu_t >= test_particle_critical_shear(m)) return false;
  for (double& x : src) x = -x;
  if (solve6(op, src) == 0) return false;
  for (int k = 0; k < 6; ++k) Q[k] = src[k];
  return true;
}

}  // namespace noneq::kinetic::boltzmann::exact
