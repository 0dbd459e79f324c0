// Identical fields on 1, 2 and 4 ranks: each case is solved on MPI_COMM_WORLD (distributed) and
// again on rank 0 alone (MPI_COMM_SELF), and the gathered fields compared. Parallel runs differ
// only through the linear solver (different AMG hierarchies and summation order), so the bound is
// the solver tolerance: with rtol = 1e-13 the fields agree to ~1e-11 of max p; we require 1e-9.
#include <fmt/core.h>

#include <catch2/catch.hpp>

#include "fp_harness.hpp"

using namespace noneq;

namespace {

std::vector<double> solve(const fokker_planck::Config& cfg, MPI_Comm comm) {
  fokker_planck::Solver s(cfg, comm);
  if (cfg.mode == fokker_planck::Mode::Steady)
    s.solve_steady();
  else
    while (s.step_index() < cfg.steps) s.step();
  return test::gather(s);
}

/// max |a − b| / max b over two gathered fields (rank 0).
double max_relative_difference(const std::vector<double>& a, const std::vector<double>& b) {
  REQUIRE(a.size() == b.size());
  REQUIRE(!b.empty());
  double d = 0, m = 0;
  for (std::size_t i = 0; i < b.size(); ++i) d = std::max(d, std::fabs(a[i] - b[i])), m = std::max(m, b[i]);
  return d / m;
}

void compare(const std::string& deck, const core::Overrides& overrides = {}) {
  const auto cfg = test::fp_config(deck, overrides);
  const auto dist = solve(cfg, MPI_COMM_WORLD);
  std::vector<double> serial;
  if (test::mpi_rank() == 0) serial = solve(cfg, MPI_COMM_SELF);
  MPI_Barrier(MPI_COMM_WORLD);
  if (test::mpi_rank() == 0) {
    const double d = max_relative_difference(dist, serial);
    WARN(fmt::format("{} ranks vs 1: max |Δp| / max p = {:.2e}", test::mpi_size(), d));
    CHECK(d < 1e-9);
  }
}

}  // namespace

namespace {
const char* kPeriodic = R"(
[grid]
dim = 2
lower = 0 -3
upper = 1 3
cells = 48 40
boundary = periodic reflecting
[model]
drift = 2*pi*sin(2*pi*x) + 2 + 0.5*y; -y + 0.3*cos(2*pi*x)
diffusion = 0.5; 0.4 + 0.1*cos(2*pi*x)
[solve]
mode = steady
rtol = 1e-13
)";
// 128 cells per axis: the steady solve starts from the 32^2 solution (nested iteration).
const core::Overrides kNested{{"grid.cells", "128 128"}};
}  // namespace

TEST_CASE("steady 2D state with a periodic axis is independent of the rank count", "[mpi]") {
  compare(kPeriodic);
}

TEST_CASE("transient BDF2 run with absorbing walls is independent of the rank count", "[mpi]") {
  compare(R"(
[grid]
dim = 2
lower = 0 0
upper = 1 1
cells = 40 32
boundary = absorbing reflecting
[model]
drift = 1 - 2*y; x - 0.5
diffusion = 0.2; 0.3
[initial]
density = exp(-((x-0.5)^2 + (y-0.5)^2)/0.02)
[solve]
mode = transient
t_end = 0.2
dt = 0.01
scheme = bdf2
rtol = 1e-13
)");
}

TEST_CASE("steady 3D state is independent of the rank count", "[mpi]") {
  compare(R"(
[grid]
dim = 3
lower = -4 -4 -4
upper = 4 4 4
cells = 20 18 16
boundary = reflecting periodic reflecting
[model]
drift = -(x + 0.5*y); -(-0.5*x + y); -z + sin(pi*y/4)
diffusion = 0.5; 1.0; 0.8
[solve]
mode = steady
rtol = 1e-13
)");
}


TEST_CASE("steady state by nested iteration (128^2 from 32^2) is independent of the rank count", "[mpi]") {
  compare(kPeriodic, kNested);
}

TEST_CASE("nested iteration and the direct steady solve give the same density", "[mpi]") {
  // Both are solves of the same pinned system to rtol 1e-13; only the initial guess differs.
  core::Overrides direct_ov = kNested;
  direct_ov.emplace_back("solve.nested_iteration", "false");
  const auto nested = solve(test::fp_config(kPeriodic, kNested), MPI_COMM_WORLD);
  const auto direct = solve(test::fp_config(kPeriodic, direct_ov), MPI_COMM_WORLD);
  if (test::mpi_rank() == 0) {
    const double d = max_relative_difference(nested, direct);
    WARN(fmt::format("nested vs direct: max |Δp| / max p = {:.2e}", d));
    CHECK(d < 1e-9);
  }
}
