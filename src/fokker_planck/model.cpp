#include "fokker_planck/model.hpp"

#include <fmt/core.h>

namespace noneq::fokker_planck {

Model::Model(const Config& c) : dim_(c.dim), deck_name_(c.deck_name) {
  const char* axes = "xyz";
  for (int a = 0; a < dim_; ++a) {
    drift_.emplace_back(c.drift[a], c.constants,
                        fmt::format("{}: [model] drift (component {}, axis {})", c.deck_name, a + 1, axes[a]));
    diffusion_.emplace_back(c.diffusion[a], c.constants,
                            fmt::format("{}: [model] diffusion (component {}, axis {})", c.deck_name, a + 1, axes[a]));
  }
  for (int a = 0; a < dim_; ++a) {
    time_dependent_ |= drift_[a].uses("t") || diffusion_[a].uses("t");
    constant_d_[a] = !(diffusion_[a].uses("x") || diffusion_[a].uses("y") || diffusion_[a].uses("z"));
  }
}

}  // namespace noneq::fokker_planck
