#include "fokker_planck/grid.hpp"

#include <cmath>

namespace noneq::fokker_planck {

Grid::Grid(const Config& c) : dim(c.dim) {
  for (int a = 0; a < 3; ++a) {
    if (a < dim) {
      n[a] = c.cells[a];
      lower[a] = c.lower[a];
      upper[a] = c.upper[a];
      h[a] = (upper[a] - lower[a]) / static_cast<double>(n[a]);
      boundary[a] = c.boundary[a];
    } else {
      n[a] = 1, lower[a] = 0, upper[a] = 1, h[a] = 1;  // unit extent: volumes/areas unaffected
      boundary[a] = Boundary::Reflecting;
    }
  }
}

double Grid::wrap(int axis, double x) const {
  if (boundary[axis] != Boundary::Periodic) return x;
  const double L = upper[axis] - lower[axis];
  double y = std::fmod(x - lower[axis], L);
  if (y < 0) y += L;
  return lower[axis] + y;
}

}  // namespace noneq::fokker_planck
