#pragma once
// Exact stationary results of the Ornstein–Uhlenbeck process dX = −A(X − μ) dt + √(2D) dW
// (../shared/VALIDATION.md): covariance C from the Lyapunov equation AC + CAᵀ = 2D and entropy
// production σ = Tr(D⁻¹ A C Aᵀ) − Tr A. Used to print reference values when a deck's drift is
// affine-linear with constant diagonal D (detected by probing the expressions), and by tests.
#include <array>
#include <optional>

#include "fokker_planck/grid.hpp"
#include "fokker_planck/model.hpp"

namespace noneq::fokker_planck {

using Mat3 = std::array<double, 9>;  // row-major; the leading n×n block is used

/// Solves A C + C Aᵀ = Q for n ≤ 3 (Kronecker system, partial pivoting).
Mat3 lyapunov(int n, const Mat3& A, const Mat3& Q);
Mat3 matmul(int n, const Mat3& X, const Mat3& Y);
Mat3 transpose(const Mat3& X);
/// Matrix exponential (n ≤ 3), scaling and squaring with a Taylor series.
Mat3 expm(int n, Mat3 X);
/// σ = Tr(D⁻¹ACAᵀ) − Tr A for diagonal D.
double ou_epr(int n, const Mat3& A, const std::array<double, 3>& D, const Mat3& C);

struct OuReference {
  Mat3 A{}, C{};
  std::array<double, 3> D{}, mean{};
  double epr = 0;
};
/// If the model's drift is a(x) = −A(x − μ) (checked at probe points to 1e-9) with constant D
/// and no t dependence, and A is stable, returns the exact stationary values; else nothing.
std::optional<OuReference> ou_reference(const Model& model, const Grid& grid);

}  // namespace noneq::fokker_planck
