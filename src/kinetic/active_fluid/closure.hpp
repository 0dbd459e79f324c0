#pragma once
// Closures of the 2D active-fluid moment model (apolar: the fourth moment S = <pppp> from c and D).
//
// Angular Fourier moments: mu_m(x) = \int e^{i m theta} Psi(x, theta) dtheta, so that
//   c = mu_0,  (D11 - D22) + 2i D12 = mu_2,  n_x + i n_y = mu_1.
// A traceless symmetric 2x2 tensor A is encoded as the complex number (A11 - A22) + 2i A12.
// Everything the moment equations need from S enters through two contractions (VALIDATION.md,
// "Active-fluid kinetic theory"):
//   [S:E] = (X + eps mu_0)/4,   [S:D] = c mu_2/2 + (Y + mu_2 mu_0)/4      (traceless parts, encoded)
// with eps the encoded strain rate and, for a closure that is the moment of a distribution,
//   X = conj(eps) mu_4,   Y = conj(mu_2) mu_4.
// Bingham (Psi ~ exp(B:pp), in 2D a von Mises law in 2 theta) and tabulated closures give mu_4 as
//   mu_4 = h(t) mu_2^2 / mu_0,   t = s^2,  s = |mu_2|/mu_0 = 2 lambda_1 - 1,
// where h(t) = r/s^2 and r = <cos 4theta'> in the principal frame (Bingham: r = I2(b)/I0(b) with
// s = I1(b)/I0(b)). The quadratic closure S = DD/c is not the moment of any distribution; it gives
// X = 2 mu_2 Re(mu_2 conj(eps))/c - eps c and Y = mu_2 (2|mu_2|^2/c - c) directly.
#include <cmath>
#include <complex>
#include <memory>
#include <string>
#include <vector>

namespace noneq::kinetic::active_fluid {

using cplx = std::complex<double>;

enum class ClosureKind { Quadratic, Bingham, Table };
const char* closure_name(ClosureKind k);

// 2D Bingham (von Mises in 2 theta) special functions.
namespace bingham {
/// I_nu(b)/I_{nu-1}(b) for b >= 0 (Gauss continued fraction; no overflow at any b).
double bessel_ratio(int nu, double b);
/// s = 2 lambda_1 - 1 = I1(b)/I0(b).
double order_of(double b);
/// The concentration parameter b >= 0 with I1(b)/I0(b) = s, for s in [0, 1).
double parameter_of(double s);
/// r = <cos 4theta'> = I2(b)/I0(b) at order s (exact evaluation; slow, for fitting and tests).
double r_exact(double s);
/// Principal-frame fourth moments S'1111 = (3 + 4s + r)/8 and S'1122 = (1 - r)/8 (per unit c).
double s1111(double lambda1);
double s1122(double lambda1);
}  // namespace bingham

/// Chebyshev interpolant of a smooth function on [lo, hi] (Clenshaw evaluation).
class Chebyshev {
 public:
  Chebyshev() = default;
  /// Interpolates f at the `n` Chebyshev–Gauss–Lobatto points of [lo, hi].
  template <class F>
  Chebyshev(F&& f, double lo, double hi, int n);
  double operator()(double x) const;
  int size() const { return static_cast<int>(coef_.size()); }

 private:
  std::vector<double> coef_;
  double lo_ = 0, hi_ = 1;
};

/// The closure used by the moment model, and evaluated a priori on kinetic runs.
class Closure {
 public:
  /// Bingham: h(t) as 32 Chebyshev interpolants of degree 9 on equal pieces of t = s^2 in [0, 1]
  /// (max error 1.2e-14, tested; a single fit needs degree 71 for the same accuracy and is 7x slower).
  static Closure bingham();
  static Closure quadratic();
  /// Tabulated principal-frame S'1111(lambda_1) read from an HDF5 file (datasets `lambda1` and
  /// `S1111`, see README); interpolated monotonically (PCHIP) in s. Throws InputError naming
  /// `key` and the file for any problem.
  static Closure table(const std::string& path, const std::string& deck_name, const std::string& key);
  /// From points (lambda1, S'1111) directly (tests, and the fitting tool's round trip).
  static Closure table_from(const std::vector<double>& lambda1, const std::vector<double>& s1111,
                            const std::string& what);

  ClosureKind kind() const { return kind_; }
  /// Distribution-based closures (Bingham, table): mu_4 exists.
  bool has_mu4() const { return kind_ != ClosureKind::Quadratic; }
  /// h(t), t = s^2 in [0, 1] (clamped): mu_4 = h mu_2^2/mu_0. Not for the quadratic closure.
  double h(double t) const;
  cplx mu4(double c, cplx mu2) const { return h(std::norm(mu2) / (c * c)) * mu2 * mu2 / c; }
  /// X and Y (see above) at one point.
  void contractions(double c, cplx mu2, cplx eps, cplx& X, cplx& Y) const {
    if (kind_ == ClosureKind::Quadratic) {
      X = 2.0 * mu2 * (mu2 * std::conj(eps)).real() / c - eps * c;
      Y = mu2 * (2.0 * std::norm(mu2) / c - c);
    } else {
      const cplx m4 = mu4(c, mu2);
      X = std::conj(eps) * m4;
      Y = std::conj(mu2) * m4;
    }
  }
  /// Table range in s (points beyond are clamped to the end values).
  double table_s_max() const { return s_max_; }

 private:
  ClosureKind kind_ = ClosureKind::Bingham;
  std::vector<Chebyshev> pieces_;  // Bingham
  std::shared_ptr<const void> table_;  // table: PCHIP interpolant of h(t) (boost, type-erased)
  double (*table_eval_)(const void*, double) = nullptr;
  double t_lo_ = 0, t_hi_ = 1;  // table range in t
  double s_max_ = 1;
};

template <class F>
Chebyshev::Chebyshev(F&& f, double lo, double hi, int n) : lo_(lo), hi_(hi) {
  // Values at x_j = cos(pi j/(n-1)), coefficients by the discrete cosine sum (O(n^2), once).
  const int m = n - 1;
  const double pi = 3.14159265358979323846;
  std::vector<double> v(static_cast<std::size_t>(n));
  for (int j = 0; j <= m; ++j) v[j] = f(0.5 * (lo + hi) + 0.5 * (hi - lo) * std::cos(pi * j / m));
  coef_.assign(static_cast<std::size_t>(n), 0.0);
  for (int k = 0; k <= m; ++k) {
    double sum = 0;
    for (int j = 0; j <= m; ++j) {
      const double w = (j == 0 || j == m) ? 0.5 : 1.0;
      sum += w * v[j] * std::cos(pi * k * j / m);
    }
    coef_[k] = 2.0 * sum / m;
  }
  coef_[0] *= 0.5;
  coef_[m] *= 0.5;
}

}  // namespace noneq::kinetic::active_fluid
