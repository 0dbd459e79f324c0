// Rank-count independence of the particle solvers: the same deck run on MPI_COMM_WORLD and on
// rank 0 alone (MPI_COMM_SELF) gives bit-identical record sums, because random numbers are keyed by
// sample and molecule ids and sums over samples are added in sample order.
#include <catch2/catch.hpp>

#include "boltzmann_harness.hpp"
#include "support/test_util.hpp"

using namespace noneq::kinetic::boltzmann;
using noneq::test::boltzmann_config;

namespace {

template <class Solver, class Advance>
std::vector<std::vector<double>> sums(const Config& c, MPI_Comm comm, Advance advance) {
  Solver s(c, comm);
  s.initialize();
  std::vector<std::vector<double>> out;
  for (int w = 0; w < 4; ++w) {
    advance(s);
    const VelocitySums v = s.measure();
    std::vector<double> row(VelocitySums::kSize);
    v.pack(row.data());
    out.push_back(row);
  }
  return out;
}

void compare(const std::vector<std::vector<double>>& world, const std::vector<std::vector<double>>& self) {
  REQUIRE(world.size() == self.size());
  for (std::size_t r = 0; r < world.size(); ++r)
    for (std::size_t q = 0; q < world[r].size(); ++q) {
      INFO("record " << r << " sum " << q);
      CHECK(world[r][q] == self[r][q]);  // bit-identical, not approximately equal
    }
}

}  // namespace

TEST_CASE("DSMC records do not depend on the rank count", "[boltzmann][mpi]") {
  for (const char* kernel : {"maxwell", "hard-spheres", "power-law\ngamma = -1"}) {
    const auto c = boltzmann_config(std::string("[gas]\nkernel = ") + kernel +
                                    "\n[flow]\nshear_rate_reduced = 1\nthermostat = gaussian\n[dsmc]\nparticles = 4003\n"
                                    "samples = 4\n[time]\ndt = 0.02\nend = 1\n[output]\ninterval = 0.2\n");
    auto advance = [&](Dsmc& d) { d.advance(c.steps_per_record()); };
    const auto world = sums<Dsmc>(c, MPI_COMM_WORLD, advance);
    if (noneq::test::mpi_rank() == 0) {
      INFO(kernel);
      compare(world, sums<Dsmc>(c, MPI_COMM_SELF, advance));
    }
  }
}

TEST_CASE("the automatic sample count does not depend on the rank count", "[boltzmann][mpi]") {
  // 140000 molecules: ceil(N/32768) = 5 samples at 1, 2 and 4 ranks.
  const auto c = boltzmann_config("[flow]\nshear_rate_reduced = 1\nthermostat = gaussian\n[dsmc]\nparticles = 140000\n"
                                  "[time]\ndt = 0.02\nend = 0.2\n[output]\ninterval = 0.1\n");
  auto advance = [&](Dsmc& d) { d.advance(c.steps_per_record()); };
  {
    Dsmc d(c, MPI_COMM_WORLD);
    CHECK(d.samples() == 5);
    CHECK_FALSE(d.rank_dependent());
  }
  const auto world = sums<Dsmc>(c, MPI_COMM_WORLD, advance);
  if (noneq::test::mpi_rank() == 0) compare(world, sums<Dsmc>(c, MPI_COMM_SELF, advance));
}

TEST_CASE("test-particle records do not depend on the rank count", "[boltzmann][mpi]") {
  const auto c = boltzmann_config(
      "[method]\nsolver = test-particle\n[gas]\nkernel = hard-spheres\n[flow]\nshear_rate_reduced = 0.5\n"
      "[test_particle]\nparticles = 3001\nmass_ratio = 2\n[dsmc]\nsamples = 4\n[time]\nend = 1\n[output]\ninterval = 0.25\n");
  auto advance = [](TestParticles& t) { t.advance_window(); };
  const auto world = sums<TestParticles>(c, MPI_COMM_WORLD, advance);
  if (noneq::test::mpi_rank() == 0) compare(world, sums<TestParticles>(c, MPI_COMM_SELF, advance));
}
