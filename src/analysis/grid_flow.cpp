#include "analysis/grid_flow.hpp"

#include <fftw3.h>
#include <fmt/core.h>

#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>

#include "core/error.hpp"

namespace noneq::analysis {

// ---------------------------------------------------------------- velocity

VelocityFrame flow_velocity(const GridSpec& grid, std::span<const double> p, std::span<const double> J,
                            double floor_rel, std::span<double> v, std::span<std::uint8_t> valid) {
  const std::size_t cells = static_cast<std::size_t>(grid.cells());
  const std::size_t dim = static_cast<std::size_t>(grid.dim);
  if (p.size() != cells || J.size() != cells * dim || v.size() != cells * dim || valid.size() != cells)
    throw std::invalid_argument(fmt::format(
        "flow_velocity: sizes p {}, J {}, v {}, valid {} do not fit a grid of {} cells in {}D", p.size(),
        J.size(), v.size(), valid.size(), cells, dim));
  VelocityFrame out;
  double pmax = 0;
  for (double x : p) pmax = x > pmax ? x : pmax;
  out.threshold = floor_rel * pmax;
  for (std::size_t c = 0; c < cells; ++c) {
    if (!std::isfinite(p[c]))
      throw core::InputError(fmt::format("density p = {} at {}", p[c], grid.describe_cell(static_cast<std::int64_t>(c))));
    for (std::size_t a = 0; a < dim; ++a)
      if (!std::isfinite(J[c * dim + a]))
        throw core::InputError(fmt::format("current J_{} = {} at {}", "xyz"[a], J[c * dim + a],
                                           grid.describe_cell(static_cast<std::int64_t>(c))));
    const bool ok = p[c] > out.threshold;
    valid[c] = ok ? 1 : 0;
    out.valid_cells += ok ? 1 : 0;
    for (std::size_t a = 0; a < dim; ++a) v[c * dim + a] = ok ? J[c * dim + a] / p[c] : 0.0;
  }
  return out;
}

double field_norm(const GridSpec& grid, std::span<const double> J) {
  double s = 0;
  for (double x : J) s += x * x;
  return std::sqrt(s * grid.cell_volume());
}

// ---------------------------------------------------------------- Hodge decomposition

// FFTW plans and an aligned work array, released in the right order.
struct HodgeDecomposition::Fft {
  double* buf = nullptr;
  fftw_plan forward = nullptr, backward = nullptr;
  std::vector<double> lambda_x, lambda_y;  // eigenvalues of the 1D second differences
  double scale = 1;                        // 1 / (normalisation of forward∘backward)
  ~Fft() {
    if (forward) fftw_destroy_plan(forward);
    if (backward) fftw_destroy_plan(backward);
    if (buf) fftw_free(buf);
  }
};

namespace {

// Eigenvalues of the 1D second difference (f_{i+1} - 2 f_i + f_{i-1}) / h² in the transform's
// index order. Periodic (R2HC halfcomplex order r_0..r_{n/2}, i_{(n-1)/2}..i_1; index m and n - m
// share the frequency, and sin² is symmetric): -4/h² sin²(π m / n). Wall (RODFT10, mode m has
// sin(π (m+1)(i+1/2)/n), odd about both wall faces): -4/h² sin²(π (m+1) / (2n)).
std::vector<double> second_difference_eigenvalues(std::int64_t n, double h, bool periodic) {
  std::vector<double> l(static_cast<std::size_t>(n));
  const double pi = std::numbers::pi;
  for (std::int64_t m = 0; m < n; ++m) {
    const double s = periodic ? std::sin(pi * static_cast<double>(m) / static_cast<double>(n))
                              : std::sin(pi * static_cast<double>(m + 1) / (2.0 * static_cast<double>(n)));
    l[static_cast<std::size_t>(m)] = -4.0 / (h * h) * s * s;
  }
  return l;
}

// d/dx_axis of a grid function given by get(m), m the index along the axis, at index i.
// `wall_mode`: how a wall axis closes the stencil.
enum class Wall { OneSided, OddGhost };
template <class Get>
double derivative(const Get& get, std::int64_t i, std::int64_t n, double h, bool periodic, Wall wall) {
  if (i > 0 && i < n - 1) return (get(i + 1) - get(i - 1)) / (2 * h);
  if (periodic) {
    const std::int64_t up = i + 1 < n ? i + 1 : 0, down = i > 0 ? i - 1 : n - 1;
    return (get(up) - get(down)) / (2 * h);
  }
  if (wall == Wall::OddGhost) {  // ψ = 0 on the wall face: ghost value −ψ of the mirrored cell
    if (i == 0) return (get(1) + get(0)) / (2 * h);
    return -(get(n - 1) + get(n - 2)) / (2 * h);
  }
  // Second-order one-sided differences (n >= 3).
  if (i == 0) return (-3 * get(0) + 4 * get(1) - get(2)) / (2 * h);
  return (3 * get(n - 1) - 4 * get(n - 2) + get(n - 3)) / (2 * h);
}

}  // namespace

HodgeDecomposition::HodgeDecomposition(const GridSpec& grid) : grid_(grid), fft_(std::make_unique<Fft>()) {
  if (grid.dim != 2)
    throw core::InputError(fmt::format(
        "the Helmholtz–Hodge decomposition (stream function) is implemented in 2D only; this grid is {}D",
        grid.dim));
  for (int a = 0; a < 2; ++a)
    if (!grid.periodic(a) && grid.n[a] < 3)
      throw core::InputError(fmt::format(
          "the Helmholtz–Hodge decomposition needs at least 3 cells along the non-periodic axis {} (has {})",
          "xy"[a], grid.n[a]));
  const int nx = static_cast<int>(grid.n[0]), ny = static_cast<int>(grid.n[1]);
  const bool px = grid.periodic(0), py = grid.periodic(1);
  fft_->buf = fftw_alloc_real(static_cast<std::size_t>(nx) * static_cast<std::size_t>(ny));
  if (!fft_->buf) throw std::bad_alloc();
  // Row-major [ny][nx]: the first kind applies to y, the second to x.
  fft_->forward = fftw_plan_r2r_2d(ny, nx, fft_->buf, fft_->buf, py ? FFTW_R2HC : FFTW_RODFT10,
                                   px ? FFTW_R2HC : FFTW_RODFT10, FFTW_ESTIMATE);
  fft_->backward = fftw_plan_r2r_2d(ny, nx, fft_->buf, fft_->buf, py ? FFTW_HC2R : FFTW_RODFT01,
                                    px ? FFTW_HC2R : FFTW_RODFT01, FFTW_ESTIMATE);
  if (!fft_->forward || !fft_->backward)
    throw core::LibraryError(fmt::format("FFTW could not plan the {} x {} Poisson transforms", nx, ny));
  fft_->lambda_x = second_difference_eigenvalues(nx, grid.h[0], px);
  fft_->lambda_y = second_difference_eigenvalues(ny, grid.h[1], py);
  // R2HC∘HC2R multiplies by n, RODFT10∘RODFT01 by 2n.
  fft_->scale = 1.0 / ((px ? nx : 2.0 * nx) * (py ? ny : 2.0 * ny));
}

HodgeDecomposition::~HodgeDecomposition() = default;

void HodgeDecomposition::vorticity(std::span<const double> J, std::span<double> omega) const {
  const std::int64_t nx = grid_.n[0], ny = grid_.n[1];
  const std::size_t cells = static_cast<std::size_t>(nx * ny);
  if (J.size() != 2 * cells || omega.size() != cells)
    throw std::invalid_argument("HodgeDecomposition::vorticity: sizes do not fit the grid");
  for (std::int64_t j = 0; j < ny; ++j)
    for (std::int64_t i = 0; i < nx; ++i) {
      auto Jy_along_x = [&](std::int64_t m) { return J[static_cast<std::size_t>(j * nx + m) * 2 + 1]; };
      auto Jx_along_y = [&](std::int64_t m) { return J[static_cast<std::size_t>(m * nx + i) * 2]; };
      omega[static_cast<std::size_t>(j * nx + i)] =
          derivative(Jy_along_x, i, nx, grid_.h[0], grid_.periodic(0), Wall::OneSided) -
          derivative(Jx_along_y, j, ny, grid_.h[1], grid_.periodic(1), Wall::OneSided);
    }
}

void HodgeDecomposition::solve_poisson(std::span<const double> rhs, std::span<double> psi) {
  const std::size_t nx = static_cast<std::size_t>(grid_.n[0]), ny = static_cast<std::size_t>(grid_.n[1]);
  if (rhs.size() != nx * ny || psi.size() != nx * ny)
    throw std::invalid_argument("HodgeDecomposition::solve_poisson: sizes do not fit the grid");
  double* b = fft_->buf;
  std::copy(rhs.begin(), rhs.end(), b);
  fftw_execute(fft_->forward);
  for (std::size_t j = 0; j < ny; ++j)
    for (std::size_t i = 0; i < nx; ++i) {
      const double l = fft_->lambda_x[i] + fft_->lambda_y[j];
      // l == 0 only for the constant mode of a doubly periodic grid: ψ is fixed to zero mean.
      b[j * nx + i] = l != 0.0 ? b[j * nx + i] / l * fft_->scale : 0.0;
    }
  fftw_execute(fft_->backward);
  std::copy(b, b + nx * ny, psi.begin());
}

void HodgeDecomposition::rotational(std::span<const double> psi, std::span<double> J_rot) const {
  const std::int64_t nx = grid_.n[0], ny = grid_.n[1];
  const std::size_t cells = static_cast<std::size_t>(nx * ny);
  if (psi.size() != cells || J_rot.size() != 2 * cells)
    throw std::invalid_argument("HodgeDecomposition::rotational: sizes do not fit the grid");
  for (std::int64_t j = 0; j < ny; ++j)
    for (std::int64_t i = 0; i < nx; ++i) {
      auto along_x = [&](std::int64_t m) { return psi[static_cast<std::size_t>(j * nx + m)]; };
      auto along_y = [&](std::int64_t m) { return psi[static_cast<std::size_t>(m * nx + i)]; };
      const std::size_t c = static_cast<std::size_t>(j * nx + i);
      J_rot[2 * c] = derivative(along_y, j, ny, grid_.h[1], grid_.periodic(1), Wall::OddGhost);
      J_rot[2 * c + 1] = -derivative(along_x, i, nx, grid_.h[0], grid_.periodic(0), Wall::OddGhost);
    }
}

HodgeParts HodgeDecomposition::decompose(std::span<const double> J) {
  const std::size_t cells = static_cast<std::size_t>(grid_.cells());
  if (J.size() != 2 * cells) throw std::invalid_argument("HodgeDecomposition::decompose: J does not fit the grid");
  HodgeParts out;
  std::vector<double> minus_omega(cells);
  vorticity(J, minus_omega);
  for (double& w : minus_omega) w = -w;
  out.psi.resize(cells);
  solve_poisson(minus_omega, out.psi);
  out.J_rot.resize(2 * cells);
  rotational(out.psi, out.J_rot);
  for (int a = 0; a < 2; ++a) {
    if (!grid_.periodic(a)) continue;
    double s = 0;
    for (std::size_t c = 0; c < cells; ++c) s += J[2 * c + static_cast<std::size_t>(a)];
    out.harmonic[static_cast<std::size_t>(a)] = s / static_cast<double>(cells);
  }
  out.J_grad.resize(2 * cells);
  for (std::size_t c = 0; c < cells; ++c)
    for (std::size_t a = 0; a < 2; ++a)
      out.J_grad[2 * c + a] = J[2 * c + a] - out.J_rot[2 * c + a] - out.harmonic[a];
  const double norm = field_norm(grid_, J);
  out.divergent_fraction =
      norm > 0 ? field_norm(grid_, out.J_grad) / norm : std::numeric_limits<double>::quiet_NaN();
  return out;
}

}  // namespace noneq::analysis
