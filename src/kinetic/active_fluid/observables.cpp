#include "kinetic/active_fluid/observables.hpp"

namespace noneq::kinetic::active_fluid {

const std::vector<SeriesSpec>& series_specs() {
  static const std::vector<SeriesSpec> specs = {
      {"time", 1, "time"},
      {"concentration", 1, "<c> (conserved)"},
      {"concentration_min", 1, "min c"},
      {"concentration_max", 1, "max c"},
      {"nematic_order", 1, "<s>, s = |mu_2|/mu_0 = 2 lambda_1 - 1 (local nematic order)"},
      {"nematic_order_global", 1, "|<mu_2>|/<mu_0> (order of the mean tensor)"},
      {"nematic_rms", 1, "sqrt(<|mu_2|^2>)/<mu_0>"},
      {"polar_order", 1, "<|n|/c>"},
      {"mean_D", 3, "<D_xx>, <D_xy>, <D_yy>"},
      {"mean_n", 2, "<n_x>, <n_y>"},
      {"kinetic_energy", 1, "<|u|^2>/2"},
      {"velocity_rms", 1, "sqrt(<|u|^2>)"},
      {"velocity_max", 1, "max |u|"},
      {"velocity_flatness", 1, "(<u_x^4> + <u_y^4>)/(2 <u_i^2>^2) (3 for Gaussian statistics)"},
      {"enstrophy", 1, "<omega^2>/2"},
      {"closure_error", 4,
       "kinetic runs, a priori on the true D and E: relative L2 errors of [S:E] and [S:D] for the quadratic "
       "closure, then for the Bingham closure"},
      {"cfl", 1, "dt ((|u_x| + V0)/dx + (|u_y| + V0)/dy + m_max |thetadot|), max over the grid"},
  };
  return specs;
}

std::size_t series_width() { return kSeriesWidth; }

}  // namespace noneq::kinetic::active_fluid
