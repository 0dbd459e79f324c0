#include "analysis/grid_spec.hpp"

#include <fmt/core.h>

#include <cmath>

#include "core/error.hpp"

namespace noneq::analysis {

Boundary boundary_from_name(const std::string& name) {
  if (name == "periodic") return Boundary::Periodic;
  if (name == "reflecting") return Boundary::Reflecting;
  if (name == "absorbing") return Boundary::Absorbing;
  throw core::InputError(
      fmt::format("unknown boundary `{}` (expected periodic, reflecting or absorbing)", name));
}

const char* boundary_name(Boundary b) {
  switch (b) {
    case Boundary::Periodic: return "periodic";
    case Boundary::Reflecting: return "reflecting";
    case Boundary::Absorbing: return "absorbing";
  }
  return "?";
}

GridSpec GridSpec::make(const std::vector<std::int64_t>& cells, const std::vector<double>& lower,
                        const std::vector<double>& upper, const std::vector<Boundary>& boundary) {
  const std::size_t dim = cells.size();
  if (dim < 1 || dim > 3)
    throw core::InputError(fmt::format("grid: {} axes (expected 1, 2 or 3)", dim));
  if (lower.size() != dim || upper.size() != dim || boundary.size() != dim)
    throw core::InputError(fmt::format(
        "grid: {} cell counts but {} lower, {} upper and {} boundary values", dim, lower.size(),
        upper.size(), boundary.size()));
  GridSpec g;
  g.dim = static_cast<int>(dim);
  const char* axes = "xyz";
  for (std::size_t a = 0; a < dim; ++a) {
    if (cells[a] < 1)
      throw core::InputError(fmt::format("grid: {} cells on axis {}", cells[a], axes[a]));
    if (!(upper[a] > lower[a]) || !std::isfinite(lower[a]) || !std::isfinite(upper[a]))
      throw core::InputError(fmt::format("grid: axis {} has lower = {} and upper = {}", axes[a],
                                         lower[a], upper[a]));
    g.n[a] = cells[a];
    g.lower[a] = lower[a];
    g.upper[a] = upper[a];
    g.h[a] = (upper[a] - lower[a]) / static_cast<double>(cells[a]);
    g.boundary[a] = boundary[a];
  }
  return g;
}

std::string GridSpec::describe_cell(std::int64_t cell) const {
  const std::int64_t i = cell % n[0], j = (cell / n[0]) % n[1], k = cell / (n[0] * n[1]);
  const std::int64_t idx[3] = {i, j, k};
  std::string ids, xs;
  for (int a = 0; a < dim; ++a) {
    ids += fmt::format("{}{}", a ? ", " : "", idx[a]);
    xs += fmt::format("{}{:.6g}", a ? ", " : "", center(a, idx[a]));
  }
  return fmt::format("cell ({}) at x = ({})", ids, xs);
}

}  // namespace noneq::analysis
