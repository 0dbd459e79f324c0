#pragma once
// Homogeneous mode of noneq-active-fluid: no space dependence, an imposed simple shear
// u_x = shear_rate y (grad u = [[0, shear_rate], [0, 0]], Pe = shear_rate/d_R): rods and swimmers in
// shear flow (Jeffery tumbling vs alignment), the shear-flow test of the closures. The state is the
// angular modes mu_0..mu_M (kinetic) or c, n, D (moments) of the one point; the same rotational
// terms and SBDF2 stepper as the periodic solver (d_R m^2 implicit). Replicated on every rank.
#include <cstdint>
#include <vector>

#include "kinetic/active_fluid/closure.hpp"
#include "kinetic/active_fluid/config.hpp"

namespace noneq::kinetic::active_fluid {

class Homogeneous {
 public:
  Homogeneous(const Config& config, Closure closure);
  void initialize();
  void step();
  double time() const { return time_; }
  std::int64_t step_index() const { return step_; }
  int modes() const { return H_; }
  double cfl() const { return cfl_; }
  std::vector<double> measure() const;  // series layout of observables.hpp
  /// The modes as (re, im) pairs (the imposed flow has no stored u).
  void psi_frame(std::vector<double>& modes, std::vector<double>& u) const {
    modes.clear();
    for (const cplx& v : psi_) modes.push_back(v.real()), modes.push_back(v.imag());
    u.clear();
  }
  /// The modes mu_0..mu_{H-1} (and the SBDF2 history) for checkpoints.
  struct Arrays {
    std::vector<cplx>*psi, *psi_prev, *nl, *nl_prev;
  };
  Arrays arrays() { return {&psi_, &psi_prev_, &nl_, &nl_prev_}; }
  void restore(double time, std::int64_t step) { time_ = time, step_ = step; }

 private:
  void rhs();
  Config cfg_;
  Closure closure_, bingham_, quadratic_;
  int H_;
  double time_ = 0, cfl_ = 0;
  std::int64_t step_ = 0;
  std::vector<cplx> psi_, psi_prev_, nl_, nl_prev_;
};

}  // namespace noneq::kinetic::active_fluid
