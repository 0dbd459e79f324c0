#include "fokker_planck/ou_exact.hpp"

#include <cmath>
#include <vector>

namespace noneq::fokker_planck {

Mat3 lyapunov(int n, const Mat3& A, const Mat3& Q) {
  const int m = n * n;
  std::vector<double> M(static_cast<std::size_t>(m * m), 0.0), b(static_cast<std::size_t>(m));
  auto at = [&](int r, int c) -> double& { return M[static_cast<std::size_t>(r * m + c)]; };
  auto bv = [&](int r) -> double& { return b[static_cast<std::size_t>(r)]; };
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      const int r = i * n + j;
      bv(r) = Q[3 * i + j];
      for (int k = 0; k < n; ++k) {
        at(r, k * n + j) += A[3 * i + k];  // (A C)_ij
        at(r, i * n + k) += A[3 * j + k];  // (C Aᵀ)_ij
      }
    }
  for (int c = 0; c < m; ++c) {
    int p = c;
    for (int r = c + 1; r < m; ++r)
      if (std::fabs(at(r, c)) > std::fabs(at(p, c))) p = r;
    for (int k = 0; k < m; ++k) std::swap(at(c, k), at(p, k));
    std::swap(bv(c), bv(p));
    for (int r = c + 1; r < m; ++r) {
      const double f = at(r, c) / at(c, c);
      for (int k = c; k < m; ++k) at(r, k) -= f * at(c, k);
      bv(r) -= f * bv(c);
    }
  }
  std::vector<double> x(static_cast<std::size_t>(m));
  for (int r = m - 1; r >= 0; --r) {
    double s = bv(r);
    for (int k = r + 1; k < m; ++k) s -= at(r, k) * x[static_cast<std::size_t>(k)];
    x[static_cast<std::size_t>(r)] = s / at(r, r);
  }
  Mat3 C{};
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) C[3 * i + j] = x[static_cast<std::size_t>(i * n + j)];
  return C;
}

Mat3 matmul(int n, const Mat3& X, const Mat3& Y) {
  Mat3 Z{};
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j)
      for (int k = 0; k < n; ++k) Z[3 * i + j] += X[3 * i + k] * Y[3 * k + j];
  return Z;
}

Mat3 transpose(const Mat3& X) {
  Mat3 T{};
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) T[3 * i + j] = X[3 * j + i];
  return T;
}

Mat3 expm(int n, Mat3 X) {
  double norm = 0;
  for (double v : X) norm = std::max(norm, std::fabs(v));
  int s = 0;
  while (norm > 0.1) norm /= 2, ++s;
  for (double& v : X) v = std::ldexp(v, -s);
  Mat3 E{}, term{};
  for (int i = 0; i < n; ++i) E[3 * i + i] = term[3 * i + i] = 1.0;
  for (int k = 1; k < 30; ++k) {
    term = matmul(n, term, X);
    for (double& v : term) v /= k;
    for (int i = 0; i < 9; ++i) E[i] += term[i];
  }
  for (int i = 0; i < s; ++i) E = matmul(n, E, E);
  return E;
}

double ou_epr(int n, const Mat3& A, const std::array<double, 3>& D, const Mat3& C) {
  const Mat3 ACAt = matmul(n, matmul(n, A, C), transpose(A));
  double s = 0;
  for (int i = 0; i < n; ++i) s += ACAt[3 * i + i] / D[i] - A[3 * i + i];
  return s;
}

std::optional<OuReference> ou_reference(const Model& model, const Grid& grid) {
  const int n = grid.dim;
  if (model.time_dependent()) return std::nullopt;
  for (int a = 0; a < n; ++a)
    if (!model.constant_diffusion(a)) return std::nullopt;
  OuReference r;
  double c[3] = {0, 0, 0}, x[3];
  for (int a = 0; a < n; ++a) c[a] = 0.5 * (grid.lower[a] + grid.upper[a]);
  double a0[3];
  for (int i = 0; i < n; ++i) a0[i] = model.drift(i, c, 0.0);
  for (int j = 0; j < n; ++j) {  // columns of −A by finite differences (exact for affine drifts)
    const double h = 0.25 * (grid.upper[j] - grid.lower[j]);
    std::copy(c, c + 3, x);
    x[j] += h;
    for (int i = 0; i < n; ++i) r.A[3 * i + j] = -(model.drift(i, x, 0.0) - a0[i]) / h;
  }
  // Affine check at probe points spread over the box.
  const double probes[4][3] = {{0.13, 0.71, 0.37}, {0.89, 0.23, 0.61}, {0.41, 0.97, 0.05}, {0.66, 0.48, 0.92}};
  for (const auto& f : probes) {
    for (int a = 0; a < 3; ++a) x[a] = a < n ? grid.lower[a] + f[a] * (grid.upper[a] - grid.lower[a]) : 0.0;
    for (int i = 0; i < n; ++i) {
      double lin = a0[i], scale = std::fabs(a0[i]);
      for (int j = 0; j < n; ++j) lin -= r.A[3 * i + j] * (x[j] - c[j]), scale += std::fabs(r.A[3 * i + j] * (x[j] - c[j]));
      if (std::fabs(model.drift(i, x, 0.0) - lin) > 1e-9 * (1 + scale)) return std::nullopt;
    }
  }
  // Stability (eigenvalues of A in the right half plane): the Lyapunov solution must be positive
  // definite. Mean μ = c + A⁻¹ a(c) via the Lyapunov solver's elimination is overkill: use C.
  Mat3 Q{};
  for (int a = 0; a < n; ++a) r.D[a] = model.diffusion(a, c, 0.0), Q[3 * a + a] = 2 * r.D[a];
  r.C = lyapunov(n, r.A, Q);
  for (int k = 1; k <= n; ++k) {  // leading principal minors > 0
    double det = k == 1 ? r.C[0]
               : k == 2 ? r.C[0] * r.C[4] - r.C[1] * r.C[3]
                        : r.C[0] * (r.C[4] * r.C[8] - r.C[5] * r.C[7]) - r.C[1] * (r.C[3] * r.C[8] - r.C[5] * r.C[6]) +
                              r.C[2] * (r.C[3] * r.C[7] - r.C[4] * r.C[6]);
    if (!(det > 0) || !std::isfinite(det)) return std::nullopt;
  }
  r.epr = ou_epr(n, r.A, r.D, r.C);
  return r;
}

}  // namespace noneq::fokker_planck
