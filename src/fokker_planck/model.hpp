#pragma once
// The model of ∂t p = −∇·J, J = b p − D∇p: Itô drift a(x,t) and diagonal diffusion D_ii(x,t)
// from deck expressions. For state-dependent D the flux-form drift is b = a − ∇·D (Itô):
// ∂t p = −∂_i(a_i p) + ∂_i∂_i(D_ii p) = −∂_i[(a_i − ∂_i D_ii) p − D_ii ∂_i p].
#include <array>
#include <string>
#include <vector>

#include "core/expression.hpp"
#include "fokker_planck/config.hpp"

namespace noneq::fokker_planck {

class Model {
 public:
  explicit Model(const Config& c);
  /// Itô drift component a_axis at point x (3 coordinates; unused ones are 0) and time t.
  double drift(int axis, const double* x, double t) const { return drift_[axis](x, t); }
  /// Diffusion D_axis,axis at x, t. Positivity is checked by the operator where it is sampled.
  double diffusion(int axis, const double* x, double t) const { return diffusion_[axis](x, t); }
  /// True if any coefficient reads t (the operator is then re-assembled every step).
  bool time_dependent() const { return time_dependent_; }
  /// True if D_axis reads none of x, y, z.
  bool constant_diffusion(int axis) const { return constant_d_[axis]; }
  int dim() const { return dim_; }
  /// The deck the expressions came from, for messages.
  const std::string& deck_name() const { return deck_name_; }

 private:
  int dim_;
  std::string deck_name_;
  std::vector<core::Expression> drift_, diffusion_;
  bool time_dependent_ = false;
  std::array<bool, 3> constant_d_{true, true, true};
};

}  // namespace noneq::fokker_planck
