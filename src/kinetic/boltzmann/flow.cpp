#include "kinetic/boltzmann/flow.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <vector>

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

double norm_bound(const Matrix3& m) {
  double col = 0, row = 0;
  for (int i = 0; i < 3; ++i) {
    col = std::max(col, std::abs(m[i]) + std::abs(m[3 + i]) + std::abs(m[6 + i]));
    row = std::max(row, std::abs(m[3 * i]) + std::abs(m[3 * i + 1]) + std::abs(m[3 * i + 2]));
  }
  return std::sqrt(col * row);
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
  // det(I + tA) = 1 + c1 t + c2 t² + c3 t³ (c1 = tr A, c2 = sum of principal 2x2 minors, c3 = det A).
  const Matrix3& a = A_;
  const double c1 = trace(a);
  const double c2 = a[0] * a[4] - a[1] * a[3] + a[0] * a[8] - a[2] * a[6] + a[4] * a[8] - a[5] * a[7];
  const double c3 = det(a);
  auto p = [&](double t) { return 1 + t * (c1 + t * (c2 + t * c3)); };
  // Split [0, t_end] at the real zeros of p' = c1 + 2 c2 t + 3 c3 t²: p is monotone in between, so a
  // zero is either a sign change (bisection) or a touching zero at a critical point.
  std::vector<double> pts{0.0};
  const double qa = 3 * c3, qb = 2 * c2, qc = c1;
  auto keep = [&](double t) {
    if (t > 0 && t < t_end) pts.push_back(t);
  };
  if (qa != 0) {
    const double disc = qb * qb - 4 * qa * qc;
    if (disc >= 0) {
      // Cancellation-free roots: q = −(b + sign(b) sqrt(disc))/2, roots q/a and c/q.
      const double q = -0.5 * (qb + std::copysign(std::sqrt(disc), qb));
      if (q != 0) keep(q / qa), keep(qc / q);
      else keep(0.0);
    }
  } else if (qb != 0) {
    keep(-qc / qb);
  }
  std::sort(pts.begin(), pts.end());
  pts.push_back(t_end);
  // Round-off of p at t: each term is exact to ~1e-16 of its size.
  auto noise = [&](double t) { return 1e-12 * (1 + std::abs(c1) * t + std::abs(c2) * t * t + std::abs(c3) * t * t * t); };
  for (std::size_t k = 0; k + 1 < pts.size(); ++k) {
    double lo = pts[k], hi = pts[k + 1];
    if (p(hi) <= 0) {  // sign change in the monotone piece: bisection to the zero
      for (int it = 0; it < 4000 && hi - lo > 1e-15 * hi; ++it) {
        const double mid = lo + (hi - lo) / 2;
        (p(mid) > 0 ? lo : hi) = mid;
      }
      return hi;
    }
    if (k + 2 < pts.size() && p(hi) <= noise(hi)) return hi;  // touching zero at a critical point
  }
  return -1;
}

}  // namespace noneq::kinetic::boltzmann
