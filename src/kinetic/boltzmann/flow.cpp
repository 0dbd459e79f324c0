#include "kinetic/boltzmann/flow.hpp"

#include <fmt/core.h>

#include <cmath>

#include "core/error.hpp"

namespace noneq::kinetic::boltzmann {

Matrix3 identity3() { return {1, 0, 0, 0, 1, 0, 0, 0, 1}; }

Matrix3 mul(const Matrix3& a, const Matrix3& b) {
  Matrix3 c{};
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 3; ++k) c[3 * i + j] += a[3 * i + k] * b[3 * k + j];
  return c;
}

double det(const Matrix3& m) {
  return m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]);
}

double trace(const Matrix3& m) { return m[0] + m[4] + m[8]; }

Matrix3 inverse(const Matrix3& m) {
  const double d = det(m);
  if (!(std::abs(d) > 0) || !std::isfinite(d))
    throw core::NumericalError(fmt::format("singular 3x3 matrix (determinant {})", d));
  Matrix3 r;
  r[0] = (m[4] * m[8] - m[5] * m[7]) / d;
  r[1] = (m[2] * m[7] - m[1] * m[8]) / d;
  r[2] = (m[1] * m[5] - m[2] * m[4]) / d;
  r[3] = (m[5] * m[6] - m[3] * m[8]) / d;
  r[4] = (m[0] * m[8] - m[2] * m[6]) / d;
  r[5] = (m[2] * m[3] - m[0] * m[5]) / d;
  r[6] = (m[3] * m[7] - m[4] * m[6]) / d;
  r[7] = (m[1] * m[6] - m[0] * m[7]) / d;
  r[8] = (m[0] * m[4] - m[1] * m[3]) / d;
  return r;
}

Matrix3 full(const Sym3& s) { return {s[0], s[1], s[2], s[1], s[3], s[4], s[2], s[4], s[5]}; }
Sym3 sym(const Matrix3& m) {
  return {m[0], (m[1] + m[3]) / 2, (m[2] + m[6]) / 2, m[4], (m[5] + m[7]) / 2, m[8]};
}
Sym3 congruence(const Matrix3& m, const Sym3& s) {
  const Matrix3 ms = mul(m, full(s));
  Sym3 r{};
  const int idx[6][2] = {{0, 0}, {0, 1}, {0, 2}, {1, 1}, {1, 2}, {2, 2}};
  for (int q = 0; q < 6; ++q) {
    const int i = idx[q][0], j = idx[q][1];
    r[q] = ms[3 * i] * m[3 * j] + ms[3 * i + 1] * m[3 * j + 1] + ms[3 * i + 2] * m[3 * j + 2];
  }
  return r;
}

double trace_congruence(const Matrix3& m, const Sym3& s) {
  const Sym3 r = congruence(m, s);
  return r[0] + r[3] + r[5];
}

double frobenius(const Matrix3& m) {
  double s = 0;
  for (double x : m) s += x * x;
  return std::sqrt(s);
}

double spectral_norm(const Matrix3& m) {
  Matrix3 mt{};
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) mt[3 * i + j] = m[3 * j + i];
  const Matrix3 g = mul(mt, m);  // symmetric positive semi-definite
  double x[3] = {1, 0.7548776662, 0.5698402910}, lambda = 0;
  for (int it = 0; it < 500; ++it) {
    double y[3];
    apply(g, x, y);
    const double norm = std::sqrt(y[0] * y[0] + y[1] * y[1] + y[2] * y[2]);
    if (norm == 0) return 0;
    for (int a = 0; a < 3; ++a) x[a] = y[a] / norm;
    if (std::abs(norm - lambda) <= 1e-12 * norm) {
      lambda = norm;
      break;
    }
    lambda = norm;
  }
  // Power iteration approaches the top eigenvalue from below: a 1e-9 relative margin keeps the
  // result an upper bound.
  return std::sqrt(lambda) * (1 + 1e-9);
}

Flow::Flow(const Matrix3& A) : A_(A) {
  zero_ = true;
  for (double x : A) zero_ = zero_ && x == 0;
  const Matrix3 a2 = mul(A, A);
  double big = 0, sq = 0;
  for (int k = 0; k < 9; ++k) big = std::max(big, std::abs(A[k])), sq = std::max(sq, std::abs(a2[k]));
  nilpotent_ = sq <= 1e-14 * big * big;
}

Matrix3 Flow::stretch(double t) const {
  Matrix3 m = identity3();
  for (int k = 0; k < 9; ++k) m[k] += t * A_[k];
  return m;
}

Matrix3 Flow::stretch_inverse(double t) const {
  if (nilpotent_) {
    Matrix3 m = identity3();
    for (int k = 0; k < 9; ++k) m[k] -= t * A_[k];
    return m;
  }
  return inverse(stretch(t));
}

Matrix3 Flow::propagator(double t, double s) const {
  if (nilpotent_) {
    Matrix3 m = identity3();
    for (int k = 0; k < 9; ++k) m[k] -= (t - s) * A_[k];
    return m;
  }
  return mul(stretch_inverse(t), stretch(s));
}

Matrix3 Flow::velocity_gradient(double t) const { return nilpotent_ ? A_ : mul(A_, stretch_inverse(t)); }

double Flow::density(double t) const { return nilpotent_ ? 1.0 : 1.0 / det(stretch(t)); }

double Flow::collapse_time(double t_end) const {
  if (nilpotent_ || zero_) return -1;
  const int n = 100000;
  for (int i = 1; i <= n; ++i) {
    const double t = t_end * i / n;
    if (!(det(stretch(t)) > 1e-12)) return t;
  }
  return -1;
}

}  // namespace noneq::kinetic::boltzmann
