// Motility-induced phase separation (Redner, Hagan & Baskaran 2013; Stenhammar et al. 2014):
// ABP with WCA at Pe = 3 v0/(sigma D_r) = 100, packing fraction 0.6, N = 10^4, D_r = 3 D_t/sigma^2,
// active force = 24 eps/sigma (Stenhammar's convention: Pe alone sets the state). From a uniform
// start the system separates into a dense and a dilute phase within a few rotation times.
// Checked (thresholds are far from the measured values, see the comments):
//   - the local packing-fraction histogram is unimodal at the start and bimodal at the end
//     (valley below half of the lower peak; measured ~0.3 at t = 3);
//   - entropy production per particle is far lower in the dense phase (sigma = v0 v(rho)/D_t with
//     v(rho) -> 0 in the cluster; measured dense/dilute ~ 0.05, required < 0.25);
//   - the Stratonovich estimator agrees with the steady-state identity sigma = <u.(u + mu F)>/D_t
//     within 4 standard errors (the rotational noise is independent of the translational one).
#include <catch2/catch.hpp>

#include <cmath>
#include <numeric>

#include "langevin_harness.hpp"
#include "support/test_util.hpp"

using namespace noneq;

namespace {
// Histogram over packing fraction (20 bins on [0, 1]) from a count histogram.
std::vector<double> phi_histogram(const std::vector<double>& counts, double phi_per_count) {
  std::vector<double> h(20, 0.0);
  for (std::size_t n = 0; n < counts.size(); ++n)
    h[std::min<std::size_t>(19, static_cast<std::size_t>(n * phi_per_count * 20))] += counts[n];
  return h;
}
// Valley depth: min over phi in [0.45, 0.7] of the histogram divided by the smaller of the peaks
// below 0.45 and above 0.7 (3-bin running mean against bin noise).
double valley_ratio(const std::vector<double>& h) {
  std::vector<double> s(h.size());
  for (std::size_t k = 0; k < h.size(); ++k) {
    double a = 0;
    int m = 0;
    for (int d = -1; d <= 1; ++d)
      if (k + d < h.size()) a += h[k + d], ++m;
    s[k] = a / m;
  }
  double low = 0, high = 0, valley = 1e300;
  for (std::size_t k = 0; k < s.size(); ++k) {
    const double phi = (k + 0.5) / 20;
    if (phi < 0.45) low = std::max(low, s[k]);
    else if (phi > 0.7) high = std::max(high, s[k]);
    else valley = std::min(valley, s[k]);
  }
  return valley / std::max(std::min(low, high), 1e-300);
}
}  // namespace

TEST_CASE("MIPS at Pe = 100: bimodal local density, low entropy production in the dense phase",
          "[validation][mips]") {
  const auto c = test::langevin_config(
      "[system]\ndim = 2\npacking_fraction = 0.6\nparticles = 10000\n[dynamics]\nmodel = abp\nv0 = 100\n"
      "translational_diffusion = 1\nrotational_diffusion = 3\n[interaction]\npotential = wca\n"
      "epsilon = 4.1666666666666667\n[time]\ndt = 2e-5\nsteps = 150000\n[output]\nobservables_every = 5000\n"
      "[observables]\nmap_cell = 5\ndensity_bins = 20\n");
  langevin::Simulation sim(c, MPI_COMM_WORLD);
  sim.initialize();
  const double phi_per_count = c.particle_volume() / sim.observables().map().cell_volume();
  std::vector<langevin::Record> recs;
  for (long s = 0; s < c.steps; ++s) {
    sim.step();
    if (sim.step_index() % c.observables_every == 0) recs.push_back(sim.record());
  }
  REQUIRE(recs.size() == 30);
  const double start = valley_ratio(phi_histogram(recs[0].density_histogram, phi_per_count));
  std::vector<double> end_counts(recs.back().density_histogram.size(), 0.0);
  std::vector<double> ent_dense, ent_dilute, epr, ap;
  for (std::size_t k = recs.size() - 6; k < recs.size(); ++k) {  // t in (2.5, 3]
    for (std::size_t n = 0; n < end_counts.size(); ++n) end_counts[n] += recs[k].density_histogram[n];
    const auto& e = recs[k].epr_by_density;  // 20 bins of window-mean packing fraction
    for (std::size_t b = 0; b < e.size(); ++b) {
      if (!std::isfinite(e[b])) continue;
      const double phi = (b + 0.5) / 20;
      if (phi > 0.75) ent_dense.push_back(e[b]);
      if (phi < 0.35) ent_dilute.push_back(e[b]);
    }
  }
  for (std::size_t k = recs.size() / 2; k < recs.size(); ++k)
    epr.push_back(recs[k].value("entropy_production")), ap.push_back(recs[k].value("active_power"));
  const double end = valley_ratio(phi_histogram(end_counts, phi_per_count));
  INFO("valley/peak ratio at the start " << start << ", at the end " << end);
  CHECK(start > 1.0);  // uniform start: one peak near 0.6, no valley
  CHECK(end < 0.5);
  REQUIRE(!ent_dense.empty());
  REQUIRE(!ent_dilute.empty());
  const double dense = std::accumulate(ent_dense.begin(), ent_dense.end(), 0.0) / ent_dense.size();
  const double dilute = std::accumulate(ent_dilute.begin(), ent_dilute.end(), 0.0) / ent_dilute.size();
  INFO("entropy production per particle: dense " << dense << ", dilute " << dilute << " (free: "
                                                 << c.v0 * c.v0 / c.translational_diffusion << ")");
  CHECK(dense < 0.25 * dilute);
  CHECK(dilute < c.v0 * c.v0 / c.translational_diffusion * 1.01);  // interactions only slow particles down
  // Estimator vs steady-state identity, record by record (paired: the difference is small).
  std::vector<double> diff(epr.size());
  for (std::size_t k = 0; k < epr.size(); ++k) diff[k] = epr[k] - ap[k] / c.translational_diffusion;
  const double md = std::accumulate(diff.begin(), diff.end(), 0.0) / diff.size();
  double var = 0;
  for (double d : diff) var += (d - md) * (d - md);
  const double se = std::sqrt(var / (diff.size() - 1) / diff.size());
  INFO("EPR - active power / D_t = " << md << " +- " << se);
  CHECK(std::fabs(md) < 4 * se + 1e-3 * epr.back());
}
