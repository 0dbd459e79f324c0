#pragma once
// The rectilinear cell-centred grid of a grid output, as stored in its /grid group: cell i on axis a
// has centre lower_a + (i + 1/2) h_a. Fields on it are C-ordered with x fastest,
// index(i, j, k) = (k n_y + j) n_x + i; vector fields add a trailing component axis of length dim.
// Plain data, no I/O: the analysis math takes a GridSpec plus spans of field values.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace noneq::analysis {

enum class Boundary { Periodic, Reflecting, Absorbing };

/// "periodic" | "reflecting" | "absorbing"; throws core::InputError for anything else.
Boundary boundary_from_name(const std::string& name);
const char* boundary_name(Boundary b);

struct GridSpec {
  int dim = 1;
  std::array<std::int64_t, 3> n{1, 1, 1};           // cells per axis (x, y, z); 1 beyond dim
  std::array<double, 3> lower{0, 0, 0}, upper{1, 1, 1};
  std::array<double, 3> h{1, 1, 1};                  // spacing; 1 beyond dim
  std::array<Boundary, 3> boundary{Boundary::Reflecting, Boundary::Reflecting, Boundary::Reflecting};

  /// A grid with `dim` = cells.size() axes and h = (upper - lower) / n. Throws core::InputError
  /// when the description is inconsistent (dim not 1..3, n < 1, upper <= lower, sizes differ).
  static GridSpec make(const std::vector<std::int64_t>& cells, const std::vector<double>& lower,
                       const std::vector<double>& upper, const std::vector<Boundary>& boundary);

  std::int64_t cells() const { return n[0] * n[1] * n[2]; }
  double cell_volume() const {
    double v = 1;
    for (int a = 0; a < dim; ++a) v *= h[a];
    return v;
  }
  double center(int axis, std::int64_t i) const { return lower[axis] + (static_cast<double>(i) + 0.5) * h[axis]; }
  bool periodic(int axis) const { return boundary[axis] == Boundary::Periodic; }
  /// Per-cell shape, slowest axis first ([nz, ny, nx] in 3D), as HDF5 stores it.
  std::vector<std::uint64_t> shape() const {
    std::vector<std::uint64_t> s;
    for (int a = dim - 1; a >= 0; --a) s.push_back(static_cast<std::uint64_t>(n[a]));
    return s;
  }
  /// "(i, j, k) at x = (...)" for messages.
  std::string describe_cell(std::int64_t cell) const;
};

}  // namespace noneq::analysis
