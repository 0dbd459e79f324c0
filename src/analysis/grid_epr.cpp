#include "analysis/grid_epr.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "core/error.hpp"

namespace noneq::analysis {

double density_floor(std::span<const double> p, double floor_rel) {
  double pmax = 0;
  for (double v : p)
    if (v > pmax) pmax = v;  // NaN never compares greater: it is reported by the caller
  return floor_rel * pmax;
}

EprFrame local_epr(const GridSpec& grid, std::span<const double> p, std::span<const double> J,
                   std::span<const double> D, double floor_rel, std::span<double> sigma) {
  const std::size_t cells = static_cast<std::size_t>(grid.cells());
  const std::size_t dim = static_cast<std::size_t>(grid.dim);
  if (p.size() != cells || J.size() != cells * dim || D.size() != cells * dim || sigma.size() != cells)
    throw std::invalid_argument(fmt::format(
        "local_epr: sizes p {}, J {}, D {}, sigma {} do not fit a grid of {} cells in {}D", p.size(),
        J.size(), D.size(), sigma.size(), cells, dim));
  const double V = grid.cell_volume();
  EprFrame out;
  out.threshold = density_floor(p, floor_rel);
  for (std::size_t c = 0; c < cells; ++c) {
    const double pc = p[c];
    if (!std::isfinite(pc))
      throw core::InputError(fmt::format("density p = {} at {}", pc, grid.describe_cell(static_cast<std::int64_t>(c))));
    if (pc <= out.threshold) {
      sigma[c] = 0;
      ++out.masked_cells;
      out.masked_mass += pc * V;
      continue;
    }
    double s = 0;
    for (std::size_t a = 0; a < dim; ++a) {
      const double j = J[c * dim + a], d = D[c * dim + a];
      if (!std::isfinite(j) || !std::isfinite(d))
        throw core::InputError(fmt::format("current J_{} = {} and diffusion D_{} = {} at {}", "xyz"[a], j,
                                           "xyz"[a], d, grid.describe_cell(static_cast<std::int64_t>(c))));
      if (j == 0) continue;
      if (d <= 0)
        throw core::InputError(fmt::format(
            "diffusion D_{} = {} <= 0 where the current J_{} = {} is not zero, at {}: the entropy "
            "production J·D⁻¹·J/p is undefined for degenerate diffusion",
            "xyz"[a], d, "xyz"[a], j, grid.describe_cell(static_cast<std::int64_t>(c))));
      s += j * j / d;
    }
    sigma[c] = s / pc;
    out.integral += sigma[c] * V;
  }
  return out;
}

}  // namespace noneq::analysis
