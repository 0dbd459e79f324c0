#pragma once
// Pair-force evaluators (after HOOMD-blue's evaluators): a potential is a small struct with a
// cutoff and `evaluate(r2, u)` returning -U'(r)/r (the force on i is evaluate * (x_i - x_j)) and
// setting the pair energy u. The particle loop, ghosts and neighbour lists are written once
// (forces.cpp); adding a potential is one struct here and one line in the dispatch there.
#include <cmath>

namespace noneq::langevin {

/// Weeks–Chandler–Andersen: U = 4 eps [(s/r)^12 - (s/r)^6] + eps for r < 2^{1/6} s, else 0.
struct Wca {
  double eps = 1, sigma2 = 1, rc2 = 1.2599210498948732;
  Wca(double epsilon, double sigma) : eps(epsilon), sigma2(sigma * sigma), rc2(std::cbrt(2.0) * sigma * sigma) {}
  double cutoff2() const { return rc2; }
  double evaluate(double r2, double& u) const {
    const double ir2 = 1.0 / r2;
    const double s2 = sigma2 * ir2;
    const double s6 = s2 * s2 * s2;
    u = 4 * eps * s6 * (s6 - 1) + eps;
    return 24 * eps * ir2 * s6 * (2 * s6 - 1);
  }
};

}  // namespace noneq::langevin
