#pragma once
// Shared by the Fokker–Planck validation tests: build a solver from deck text, gather fields,
// and the exact OU results (Lyapunov equation) of ../shared/VALIDATION.md.
#include <petscdmda.h>

#include <array>
#include <cmath>
#include <string>
#include <vector>

#include "core/deck.hpp"
#include "core/runtime.hpp"
#include "fokker_planck/config.hpp"
#include "fokker_planck/solver.hpp"
#include "support/test_util.hpp"

namespace noneq::test {

inline fokker_planck::Config fp_config(const std::string& text, const core::Overrides& ov = {}) {
  static const core::Schema schema = fokker_planck::Config::schema();
  const core::Deck deck = core::Deck::from_string(text, "test-deck", schema, ov);
  return fokker_planck::Config::from_deck(deck);
}

/// The whole density in natural order (x fastest) on rank 0 of the solver's communicator
/// (empty elsewhere).
inline std::vector<double> gather(const fokker_planck::Solver& s, Vec v = nullptr) {
  if (!v) v = s.density();
  Vec natural, all;
  VecScatter sc;
  NONEQ_PETSC(DMDACreateNaturalVector(s.dm(), &natural));
  NONEQ_PETSC(DMDAGlobalToNaturalBegin(s.dm(), v, INSERT_VALUES, natural));
  NONEQ_PETSC(DMDAGlobalToNaturalEnd(s.dm(), v, INSERT_VALUES, natural));
  NONEQ_PETSC(VecScatterCreateToZero(natural, &sc, &all));
  NONEQ_PETSC(VecScatterBegin(sc, natural, all, INSERT_VALUES, SCATTER_FORWARD));
  NONEQ_PETSC(VecScatterEnd(sc, natural, all, INSERT_VALUES, SCATTER_FORWARD));
  PetscInt n = 0;
  NONEQ_PETSC(VecGetLocalSize(all, &n));
  const PetscScalar* a = nullptr;
  NONEQ_PETSC(VecGetArrayRead(all, &a));
  std::vector<double> out(a, a + n);
  NONEQ_PETSC(VecRestoreArrayRead(all, &a));
  VecScatterDestroy(&sc);
  VecDestroy(&all);
  VecDestroy(&natural);
  return out;
}

using Mat3 = std::array<double, 9>;  // row-major, the leading n×n block used

/// Solves the n×n Lyapunov equation A C + C Aᵀ = Q (n ≤ 3) by Gaussian elimination on the
/// Kronecker system.
inline Mat3 lyapunov(int n, const Mat3& A, const Mat3& Q) {
  const int m = n * n;
  std::vector<double> M(static_cast<std::size_t>(m * m), 0.0), b(static_cast<std::size_t>(m));
  auto at = [&](int r, int c) -> double& { return M[static_cast<std::size_t>(r * m + c)]; };
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      const int r = i * n + j;
      b[static_cast<std::size_t>(r)] = Q[3 * i + j];
      for (int k = 0; k < n; ++k) {
        at(r, k * n + j) += A[3 * i + k];  // (A C)_ij
        at(r, i * n + k) += A[3 * j + k];  // (C Aᵀ)_ij
      }
    }
  for (int c = 0; c < m; ++c) {  // partial pivoting
    int p = c;
    for (int r = c + 1; r < m; ++r)
      if (std::fabs(at(r, c)) > std::fabs(at(p, c))) p = r;
    for (int k = 0; k < m; ++k) std::swap(at(c, k), at(p, k));
    std::swap(b[static_cast<std::size_t>(c)], b[static_cast<std::size_t>(p)]);
    for (int r = c + 1; r < m; ++r) {
      const double f = at(r, c) / at(c, c);
      for (int k = c; k < m; ++k) at(r, k) -= f * at(c, k);
      b[static_cast<std::size_t>(r)] -= f * b[static_cast<std::size_t>(c)];
    }
  }
  std::vector<double> x(static_cast<std::size_t>(m));
  for (int r = m - 1; r >= 0; --r) {
    double s = b[static_cast<std::size_t>(r)];
    for (int k = r + 1; k < m; ++k) s -= at(r, k) * x[static_cast<std::size_t>(k)];
    x[static_cast<std::size_t>(r)] = s / at(r, r);
  }
  Mat3 C{};
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) C[3 * i + j] = x[static_cast<std::size_t>(i * n + j)];
  return C;
}

inline Mat3 matmul(int n, const Mat3& X, const Mat3& Y) {
  Mat3 Z{};
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j)
      for (int k = 0; k < n; ++k) Z[3 * i + j] += X[3 * i + k] * Y[3 * k + j];
  return Z;
}
inline Mat3 transpose(const Mat3& X) {
  Mat3 T{};
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) T[3 * i + j] = X[3 * j + i];
  return T;
}

/// Stationary entropy production of dX = −AX dt + √(2D) dW, D diagonal:
/// σ = Tr(D⁻¹ A C Aᵀ) − Tr A.
inline double ou_epr(int n, const Mat3& A, const std::array<double, 3>& D, const Mat3& C) {
  const Mat3 ACAt = matmul(n, matmul(n, A, C), transpose(A));
  double s = 0;
  for (int i = 0; i < n; ++i) s += ACAt[3 * i + i] / D[i] - A[3 * i + i];
  return s;
}

/// Observed order of convergence from errors on grids with spacing ratio 2.
inline double order(double e_coarse, double e_fine) { return std::log2(e_coarse / e_fine); }

}  // namespace noneq::test

namespace noneq::test {
/// Matrix exponential of an n×n matrix (n ≤ 3): scaling and squaring with a Taylor series.
inline Mat3 expm(int n, Mat3 X) {
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
}  // namespace noneq::test
