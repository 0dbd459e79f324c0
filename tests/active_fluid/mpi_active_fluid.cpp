// noneq-active-fluid on several ranks: FFTW-MPI transforms, rank-count independence (the same run on
// MPI_COMM_WORLD and on rank 0 alone), conservation of int c, and checkpoints read back at another
// rank count.
#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>

#include "active_fluid_harness.hpp"
#include "kinetic/active_fluid/checkpoint.hpp"
#include "kinetic/active_fluid/fluid.hpp"
#include "kinetic/active_fluid/observables.hpp"

using namespace noneq::kinetic::active_fluid;
using noneq::test::active_fluid_config;

namespace {

int rank_of(MPI_Comm c) {
  int r = 0;
  MPI_Comm_rank(c, &r);
  return r;
}

// A nonlinear run: pushers with alignment and constraint stress, random perturbation of size 0.2.
std::string deck(const char* level, int n = 32) {
  return std::string("[model]\nlevel = ") + level + "\n" +
         "[physics]\nalpha = -1.5\nbeta = 0.8\nzeta = 0.4\nd_t = 0.05\nd_r = 0.05\nv0 = 0.3\n"
         "[grid]\nn = " + std::to_string(n) + "\nlength = 8\nntheta = 16\n"
         "[initial]\nperturbation = random\namplitude = 0.2\nkmax = 3\n"
         "[time]\ndt = 0.005\nend = 1\n[fft]\nplanner = estimate\n";
}

std::vector<std::vector<double>> trajectory(const Config& c, MPI_Comm comm, int steps, int every) {
  Fluid f(c, Closure::bingham(), comm);  // the closure of the moment model; kinetic runs ignore it
  f.initialize();
  std::vector<std::vector<double>> out{f.measure()};
  for (int s = 1; s <= steps; ++s) {
    f.step();
    if (s % every == 0) out.push_back(f.measure());
  }
  return out;
}

}  // namespace

TEST_CASE("Distributed transforms: round trip and a spectral derivative", "[active_fluid][mpi]") {
  const std::int64_t n = 16;
  const double L = 3.0;
  Spectral s(n, L, MPI_COMM_WORLD, "estimate");
  auto phys = s.buffer(2), spec = s.buffer(2), back = s.buffer(2);
  const double k = 2 * std::numbers::pi / L;
  for (std::int64_t j = 0; j < s.rows(); ++j)
    for (std::int64_t i = 0; i < n; ++i) {
      const double x = i * L / n, y = (s.row0() + j) * L / n;
      const std::size_t p = static_cast<std::size_t>(j * n + i);
      phys[2 * p] = std::sin(2 * k * x + 3 * k * y);
      phys[2 * p + 1] = cplx(std::cos(k * y), std::sin(k * x));
    }
  std::vector<cplx> orig(phys.get(), phys.get() + 2 * s.points());
  s.forward(2, phys.get(), spec.get());
  // d/dx of field 0 in Fourier space, field 1 kept: back transform (normalised by n^2).
  for (std::int64_t a = 0; a < s.nkx(); ++a)
    for (std::int64_t b = 0; b < n; ++b) {
      const std::size_t q = static_cast<std::size_t>(a * n + b);
      spec[2 * q] *= cplx(0, s.k(s.kx0() + a)) / double(n * n);
      spec[2 * q + 1] /= double(n * n);
    }
  s.backward(2, spec.get(), back.get());
  double err = 0;
  for (std::int64_t j = 0; j < s.rows(); ++j)
    for (std::int64_t i = 0; i < n; ++i) {
      const double x = i * L / n, y = (s.row0() + j) * L / n;
      const std::size_t p = static_cast<std::size_t>(j * n + i);
      err = std::max(err, std::abs(back[2 * p] - 2 * k * std::cos(2 * k * x + 3 * k * y)));
      err = std::max(err, std::abs(back[2 * p + 1] - orig[2 * p + 1]));
    }
  CHECK(err < 1e-12);
}

TEST_CASE("2/3 rule: the product of two kept modes never aliases onto a kept mode", "[active_fluid][mpi]") {
  // Exhaustive over the wavenumbers of each grid, including sizes divisible by 3 (where keeping
  // |k| = n/3 would let 2k alias onto -k).
  for (std::int64_t n : {24, 30, 32, 48, 64, 96}) {
    Spectral s(n, 1.0, MPI_COMM_WORLD, "estimate");
    int bad = 0;
    for (std::int64_t k1 = -n / 2; k1 <= n / 2; ++k1)
      for (std::int64_t k2 = -n / 2; k2 <= n / 2; ++k2) {
        if (!s.kept_wavenumber(k1) || !s.kept_wavenumber(k2)) continue;
        const std::int64_t sum = k1 + k2;
        if (2 * std::abs(sum) <= n) continue;                    // representable: no aliasing
        const std::int64_t alias = sum > 0 ? sum - n : sum + n;  // where the grid puts it
        if (s.kept_wavenumber(alias)) ++bad;
      }
    INFO("n = " << n);
    CHECK(bad == 0);
    CHECK_FALSE(s.kept_wavenumber(n / 3 + (n % 3 == 0 ? 0 : 1)));  // n/3 itself is dropped when 3 | n
  }
}

TEST_CASE("Results do not depend on the rank count (kinetic and moments)", "[active_fluid][mpi]") {
  for (const char* level : {"kinetic", "moments"}) {
    const Config c = active_fluid_config(deck(level));
    const auto world = trajectory(c, MPI_COMM_WORLD, 60, 20);
    if (rank_of(MPI_COMM_WORLD) != 0) continue;
    const auto self = trajectory(c, MPI_COMM_SELF, 60, 20);
    REQUIRE(world.size() == self.size());
    // Different slab splits change only the order of floating-point sums inside FFTW and the
    // reductions: agreement to round-off amplified over 60 steps (1e-11 relative).
    for (std::size_t r = 0; r < world.size(); ++r)
      for (std::size_t q = 0; q < world[r].size(); ++q) {
        if (std::isnan(world[r][q]) && std::isnan(self[r][q])) continue;
        INFO(level << " record " << r << " column " << q << ": " << world[r][q] << " vs " << self[r][q]);
        CHECK(std::abs(world[r][q] - self[r][q]) <= 1e-11 * std::max(1.0, std::abs(self[r][q])));
      }
  }
}

TEST_CASE("int c is conserved to round-off in nonlinear runs", "[active_fluid][mpi]") {
  for (const char* level : {"kinetic", "moments"}) {
    const Config c = active_fluid_config(deck(level));
    const auto t = trajectory(c, MPI_COMM_WORLD, 200, 50);
    for (const auto& r : t) {
      INFO(level << " t = " << r[kTime]);
      // The k = 0 mode of div F is exactly 0 and mode 0 has no rotational term: only round-off.
      CHECK(std::abs(r[kConcentration] - 1.0) < 1e-13);
    }
    CHECK(t.back()[kNematicOrder] > 0);      // the run did something
    CHECK(t.back()[kKineticEnergy] > 1e-8);  // active flow was driven
  }
}

TEST_CASE("A checkpoint continues the same trajectory, also at another rank count", "[active_fluid][mpi]") {
  const Config c = active_fluid_config(deck("kinetic", 16));
  Fluid a(c, Closure::bingham(), MPI_COMM_WORLD);
  a.initialize();
  for (int s = 0; s < 10; ++s) a.step();
  CheckpointInfo info;
  info.time = a.time(), info.step = a.step_index(), info.modes = a.modes(), info.run_id = "test", info.deck = "x";
  int size = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  const std::string ck = "mpi_af_np" + std::to_string(size) + ".checkpoint.h5";  // ctest -j runs np1 and np2 at once
  write_checkpoint(ck, a, info, MPI_COMM_WORLD);
  for (int s = 0; s < 10; ++s) a.step();
  const auto ref = a.measure();
  Fluid b(c, Closure::bingham(), MPI_COMM_WORLD);
  read_checkpoint(ck, b, MPI_COMM_WORLD);
  CHECK(b.step_index() == 10);
  for (int s = 0; s < 10; ++s) b.step();
  const auto same = b.measure();
  for (std::size_t q = 0; q < ref.size(); ++q)
    if (!std::isnan(ref[q])) CHECK(same[q] == ref[q]);  // same rank count, same plans: bit-identical
  if (rank_of(MPI_COMM_WORLD) == 0) {
    Fluid d(c, Closure::bingham(), MPI_COMM_SELF);
    read_checkpoint(ck, d, MPI_COMM_SELF);
    for (int s = 0; s < 10; ++s) d.step();
    const auto other = d.measure();
    for (std::size_t q = 0; q < ref.size(); ++q)
      if (!std::isnan(ref[q])) CHECK(std::abs(other[q] - ref[q]) <= 1e-12 * std::max(1.0, std::abs(ref[q])));
  }
}

TEST_CASE("Apolar runs (even modes only) match the general all-mode path", "[active_fluid][mpi]") {
  // V0 = 0 stores even modes only; V0 = 1e-300 takes the general path with every mode, and its V0
  // terms are below round-off. A wave perturbation (mode 2 only) and a Bingham base state: the
  // same initial Psi, nonlinear dynamics (alignment, constraint stress).
  for (const char* level : {"kinetic", "moments"}) {
    std::string text = std::string("[model]\nlevel = ") + level +
                       "\n[physics]\nalpha = -2\nbeta = 0.8\nzeta = 0.6\nd_t = 0.05\nd_r = 0.05\nv0 = %V\n"
                       "[grid]\nn = 16\nlength = 8\nntheta = 16\n"
                       "[initial]\norder = 0.2\nperturbation = wave\namplitude = 0.3\nwavevector = 1 1\n"
                       "[time]\ndt = 0.005\nend = 1\n[fft]\nplanner = estimate\n";
    auto with = [&](const char* v0) {
      std::string t = text;
      t.replace(t.find("%V"), 2, v0);
      return active_fluid_config(t);
    };
    const auto even = trajectory(with("0"), MPI_COMM_WORLD, 80, 40);
    const auto all = trajectory(with("1e-300"), MPI_COMM_WORLD, 80, 40);
    for (std::size_t r = 0; r < even.size(); ++r)
      for (std::size_t q = 0; q < even[r].size(); ++q) {
        if (q == kCfl) continue;  // the CFL number counts the highest stored mode (6 vs 7 here)
        if (std::isnan(even[r][q]) && std::isnan(all[r][q])) continue;
        INFO(level << " record " << r << " column " << q << ": " << even[r][q] << " vs " << all[r][q]);
        CHECK(std::abs(even[r][q] - all[r][q]) <= 1e-12 * std::max(1.0, std::abs(all[r][q])));
      }
    CHECK(even.back()[kKineticEnergy] > 1e-6);
  }
}
