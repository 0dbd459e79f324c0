// Decomposition independence: the same deck on all ranks of the world communicator and on one
// rank (MPI_COMM_SELF, every rank repeating the serial run) gives the same trajectory.
//   - no interactions: each particle's update reads only its own state and its counter-based
//     noise, so positions must agree bit for bit;
//   - WCA: force sums run in a different order on a different rank grid, so positions agree to
//     round-off, amplified over 400 short steps: we require 1e-9 absolute (a single missed or
//     doubled pair would move particles by > 1e-6 in that time).
#include <catch2/catch.hpp>

#include <cmath>

#include "langevin_harness.hpp"
#include "support/test_util.hpp"

using namespace noneq;

namespace {
std::vector<double> trajectory(const std::string& deck, MPI_Comm comm, long steps) {
  const auto c = test::langevin_config(deck);
  langevin::Simulation sim(c, comm);
  sim.initialize();
  for (long s = 0; s < steps; ++s) sim.step();
  (void)sim.record();
  return test::positions_by_id(sim);
}
const std::string base =
    "[system]\ndim = DIM\npacking_fraction = 0.45\nparticles = 1500\n[dynamics]\nmodel = MODEL\nv0 = 20\n"
    "rotational_diffusion = 3\n[interaction]\npotential = POT\n[trap]\nstiffness = K\n[time]\ndt = 1e-4\n"
    "steps = 400\n[observables]\nmap_cell = 2\n";
std::string deck(int dim, const std::string& model, const std::string& pot, double k) {
  std::string d = base;
  auto put = [&](const std::string& key, const std::string& v) { d.replace(d.find(key), key.size(), v); };
  put("DIM", std::to_string(dim));
  put("MODEL", model);
  put("POT", pot);
  put("K", std::to_string(k));
  return d;
}
}  // namespace

TEST_CASE("free particles: bit-identical trajectories on any rank count", "[mpi][langevin]") {
  for (const char* model : {"abp", "aoup", "underdamped"})
    for (int dim : {2, 3}) {
      CAPTURE(model, dim);
      const auto d = deck(dim, model, "none", 0.01);
      const auto world = trajectory(d, MPI_COMM_WORLD, 400);
      const auto self = trajectory(d, MPI_COMM_SELF, 400);
      REQUIRE(world.size() == self.size());
      std::size_t differ = 0;
      for (std::size_t k = 0; k < world.size(); ++k) differ += world[k] != self[k];
      CHECK(differ == 0);
    }
}

TEST_CASE("WCA: trajectories agree to round-off on any rank count", "[mpi][langevin]") {
  for (const char* model : {"abp", "underdamped"})
    for (int dim : {2, 3}) {
      CAPTURE(model, dim);
      const auto d = deck(dim, model, "wca", 0.0);
      const auto world = trajectory(d, MPI_COMM_WORLD, 400);
      const auto self = trajectory(d, MPI_COMM_SELF, 400);
      REQUIRE(world.size() == self.size());
      double worst = 0;
      for (std::size_t k = 0; k < world.size(); ++k) worst = std::max(worst, std::fabs(world[k] - self[k]));
      INFO("largest position difference " << worst);
      CHECK(worst < 1e-9);
    }
}
