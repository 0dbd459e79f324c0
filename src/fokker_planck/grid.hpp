#pragma once
// Cell-centred rectilinear grid: cell i on axis a has centre lower_a + (i + 1/2) h_a.
#include <array>
#include <cstdint>

#include "fokker_planck/config.hpp"

namespace noneq::fokker_planck {

struct Grid {
  int dim = 1;
  std::array<std::int64_t, 3> n{1, 1, 1};
  std::array<double, 3> lower{0, 0, 0}, upper{1, 1, 1}, h{1, 1, 1};
  std::array<Boundary, 3> boundary{Boundary::Reflecting, Boundary::Reflecting, Boundary::Reflecting};

  explicit Grid(const Config& c);
  Grid() = default;
  double center(int axis, std::int64_t i) const { return lower[axis] + (static_cast<double>(i) + 0.5) * h[axis]; }
  double cell_volume() const { return h[0] * h[1] * h[2]; }
  std::int64_t cells() const { return n[0] * n[1] * n[2]; }
  /// Wraps a coordinate on a periodic axis into [lower, upper).
  double wrap(int axis, double x) const;
};

}  // namespace noneq::fokker_planck
