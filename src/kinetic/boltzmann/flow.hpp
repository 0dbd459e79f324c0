#pragma once
// Homoenergetic affine flow u(r, t) = L(t) r with L(t) = A (I + tA)^{-1} (Garzó & Santos, "Kinetic
// Theory of Gases in Shear Flows", ch. 2). Peculiar velocities stream as dV/dt = −L(t) V, solved
// exactly by V(t) = (I + tA)^{-1} (I + sA) V(s), and the density is n(t) = n0 / det(I + tA).
// Uniform shear flow: A = a e_x e_y, A² = 0, so L = A and V_x(t) = V_x(s) − a (t − s) V_y.
#include <array>

#include "kinetic/boltzmann/config.hpp"

namespace noneq::kinetic::boltzmann {

Matrix3 identity3();
Matrix3 mul(const Matrix3& a, const Matrix3& b);
Matrix3 inverse(const Matrix3& a);  // throws NumericalError if singular
double det(const Matrix3& a);
double trace(const Matrix3& a);
/// Symmetric 3x3 stored as xx, xy, xz, yy, yz, zz.
using Sym3 = std::array<double, 6>;
Matrix3 full(const Sym3& s);
Sym3 sym(const Matrix3& m);  // (m + m^T)/2
/// M S M^T for symmetric S.
Sym3 congruence(const Matrix3& m, const Sym3& s);

/// y = m x for 3-vectors.
inline void apply(const Matrix3& m, const double* x, double* y) {
  y[0] = m[0] * x[0] + m[1] * x[1] + m[2] * x[2];
  y[1] = m[3] * x[0] + m[4] * x[1] + m[5] * x[2];
  y[2] = m[6] * x[0] + m[7] * x[1] + m[8] * x[2];
}
/// tr(M S M^T).
double trace_congruence(const Matrix3& m, const Sym3& s);
double frobenius(const Matrix3& m);
/// An upper bound of the largest singular value: ‖m‖₂ <= sqrt(‖m‖₁ ‖m‖∞) (max column and row sums),
/// so |m x| <= norm_bound(m) |x| for every x (used by the collision majorants). Exact for
/// diagonal matrices; 1 + |τa| for the shear propagator I − τA.
double norm_bound(const Matrix3& m);

class Flow {
 public:
  explicit Flow(const Matrix3& A);
  const Matrix3& A() const { return A_; }
  bool nilpotent() const { return nilpotent_; }
  bool none() const { return zero_; }
  /// I + tA and its inverse.
  Matrix3 stretch(double t) const;
  Matrix3 stretch_inverse(double t) const;
  /// Propagator of peculiar velocities from s to t: (I + tA)^{-1} (I + sA).
  Matrix3 propagator(double t, double s) const;
  /// L(t) = A (I + tA)^{-1}.
  Matrix3 velocity_gradient(double t) const;
  /// n(t)/n0 = 1/det(I + tA).
  double density(double t) const;
  /// First t in (0, t_end] where det(I + tA) <= 0 (the flow collapses), or a negative value.
  double collapse_time(double t_end) const;

 private:
  Matrix3 A_;
  bool nilpotent_ = false, zero_ = false;
};

}  // namespace noneq::kinetic::boltzmann
