#include "analysis/kinetic_epr.hpp"

#include <fmt/core.h>

#include <cmath>

#include "analysis/grid_file.hpp"
#include "core/error.hpp"
#include "core/h5.hpp"
#include "core/provenance.hpp"
#include "core/statistics.hpp"

namespace noneq::analysis {

namespace h5 = core::h5;

namespace {
// Index of the record at time t (records and histograms share times).
std::size_t record_at(const std::vector<double>& time, double t) {
  std::size_t best = 0;
  for (std::size_t k = 1; k < time.size(); ++k)
    if (std::abs(time[k] - t) < std::abs(time[best] - t)) best = k;
  return best;
}
}  // namespace

KineticEprReport run_kinetic_epr(const KineticEprOptions& o, MPI_Comm comm) {
  KineticEprReport rep;
  rep.output = o.output.empty() ? default_output_path(o.input, "_epr") : o.output;
  check_analysis_output(rep.output, o.input, o.overwrite, comm);
  std::vector<double> zeta, density, temperature, phi, edges;
  h5::Dims phi_dims;
  std::string run_id, deck;
  double summary_from = -1;
  try {
    h5::File in = h5::File::open(o.input, comm);
    rep.input_complete = h5::attr_int(in.id(), "complete") == 1;
    run_id = h5::has_attr(in.id(), "run_id") ? h5::attr_string(in.id(), "run_id") : "";
    deck = h5::read_string(in.id(), "/provenance/effective_deck");
    rep.time = h5::read_all<double>(in.id(), "/series/time");
    rep.viscous = h5::read_all<double>(in.id(), "/series/entropy_production");
    zeta = h5::read_all<double>(in.id(), "/series/thermostat_rate");
    density = h5::read_all<double>(in.id(), "/series/density");
    temperature = h5::read_all<double>(in.id(), "/series/temperature");
    if (h5::exists(in.id(), "/summary")) summary_from = h5::attr_real(h5::open_group(in.id(), "/summary"), "from_time");
    if (h5::exists(in.id(), "/histograms/distribution")) {
      rep.h_time = h5::read_all<double>(in.id(), "/histograms/time");
      phi = h5::read_all<double>(in.id(), "/histograms/distribution", &phi_dims);
      edges = h5::read_all<double>(in.id(), "/histograms/distribution_edges");
    }
  } catch (const core::LibraryError& e) {
    throw core::InputError(fmt::format("input `{}` is not a complete noneq-boltzmann-shear output: {}", o.input, e.what()));
  }
  const std::size_t R = rep.time.size();
  if (R == 0 || rep.viscous.size() != R || zeta.size() != R || density.size() != R || temperature.size() != R)
    throw core::InputError(fmt::format("input `{}` holds no complete series", o.input));
  rep.from_time = o.from_time >= 0 ? o.from_time : (summary_from >= 0 ? summary_from : rep.time[R / 2]);
  std::vector<double> window;
  for (std::size_t k = 0; k < R; ++k)
    if (rep.time[k] >= rep.from_time - 1e-12 && std::isfinite(rep.viscous[k])) window.push_back(rep.viscous[k]);
  const core::BatchMeans b = core::batch_means(window, window.size() >= 20 ? 10 : 0);
  rep.mean = b.mean, rep.error = b.error, rep.batches = b.batches;

  // H function from the scaled distribution.
  const std::size_t Hn = std::min(rep.h_time.size(), phi_dims.empty() ? std::size_t{0} : static_cast<std::size_t>(phi_dims[0]));
  rep.h_time.resize(Hn);
  if (Hn > 0) {
    const std::size_t m = phi_dims[1], cells = m * m * m;
    const double dc = edges[1] - edges[0], dv = dc * dc * dc;
    for (std::size_t h = 0; h < Hn; ++h) {
      const std::size_t k = record_at(rep.time, rep.h_time[h]);
      double s = 0;
      for (std::size_t c = 0; c < cells; ++c) {
        const double p = phi[h * cells + c];
        if (p > 0) s += p * std::log(p) * dv;
      }
      const double n = density[k], T = temperature[k];
      rep.H.push_back(n * (std::log(n) - 1.5 * std::log(2 * T) + s));
    }
    for (std::size_t h = 0; h + 1 < Hn; ++h) {
      const double t1 = rep.h_time[h], t2 = rep.h_time[h + 1], dt = t2 - t1;
      const std::size_t k1 = record_at(rep.time, t1), k2 = record_at(rep.time, t2);
      // Window average of ζ over (t1, t2]: records hold averages over their preceding interval.
      double z = 0;
      int cnt = 0;
      for (std::size_t k = k1 + 1; k <= k2; ++k)
        if (std::isfinite(zeta[k])) z += zeta[k], ++cnt;
      z = cnt ? z / cnt : 0.0;
      const double trL = -(std::log(density[k2]) - std::log(density[k1])) / dt;  // d ln n/dt = −tr L
      const double n = 0.5 * (density[k1] + density[k2]), Hm = 0.5 * (rep.H[h] + rep.H[h + 1]);
      rep.mid_time.push_back(0.5 * (t1 + t2));
      rep.collisional.push_back(-(rep.H[h + 1] - rep.H[h]) / dt - trL * Hm + 3 * z * n);
    }
  }

  const std::string options = fmt::format("# noneq-epr options\ninput = {}\noutput = {}\nfrom = {:.17g}\n", o.input,
                                          rep.output, rep.from_time);
  const core::RunInfo info{"noneq-epr", "epr-kinetic", "", "", options, o.command_line};
  h5::File out = h5::File::create(rep.output, comm);
  core::write_header(out, info);
  write_input_provenance(out, o.input, run_id, deck, comm);
  {
    h5::Handle s = h5::create_group(out.id(), "/series");
    h5::write_root(s.id(), "time", {R}, rep.time, comm);
    h5::write_root(s.id(), "viscous_epr", {R}, rep.viscous, comm);
    h5::set_attr(s.id(), "mean", rep.mean);
    h5::set_attr(s.id(), "error", rep.error);
    h5::set_attr(s.id(), "batches", static_cast<std::int64_t>(rep.batches));
    h5::set_attr(s.id(), "from_time", rep.from_time);
    h5::set_attr(s.id(), "definition",
                 "viscous entropy production -L:P/T per unit volume (k_B = 1): in a thermostatted steady state, the "
                 "heat removed by the thermostat over T; error: batch means (10 batches, >= 20 records) over t >= "
                 "from_time");
  }
  if (Hn > 0) {
    h5::Handle g = h5::create_group(out.id(), "/h_function");
    h5::write_root(g.id(), "time", {Hn}, rep.h_time, comm);
    h5::write_root(g.id(), "H", {Hn}, rep.H, comm);
    h5::write_root(g.id(), "midpoint_time", {rep.mid_time.size()}, rep.mid_time, comm);
    h5::write_root(g.id(), "collisional_epr", {rep.collisional.size()}, rep.collisional, comm);
    h5::set_attr(g.id(), "definition",
                 "H = int f ln f dV per unit volume from the binned scaled distribution (coarse-grained, cube [-3,3]^3 "
                 "of V/sqrt(2T)); collisional_epr = -dH/dt - tr(L) H + 3 zeta n between consecutive histograms");
  }
  core::mark_complete(out, true);
  return rep;
}

}  // namespace noneq::analysis
