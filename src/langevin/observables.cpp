#include "langevin/observables.hpp"

#include <cmath>
#include <limits>

namespace noneq::langevin {

double Record::value(const std::string& name) const {
  for (std::size_t k = 0; k < names.size(); ++k)
    if (names[k] == name) return values[k];
  return std::numeric_limits<double>::quiet_NaN();
}

Observables::Observables(const Config& config, const Domain& domain)
    : c_(config), d_(domain), map_(config.dim, config.box, config.map_cell) {
  const bool ud = c_.model == Model::Underdamped;
  const bool oriented = c_.model == Model::Abp || (ud && c_.active());
  names_ = {"entropy_production"};
  if (!ud && c_.active()) names_.push_back("active_power");
  if (oriented && c_.active()) names_.push_back("propulsion_speed");
  if (oriented || c_.model == Model::Aoup) names_.push_back("polarisation");
  if (c_.interacting()) names_.push_back("pressure_virial");
  names_.push_back("pressure_ideal");
  const bool swim = !ud && c_.active() && (c_.model == Model::Aoup || c_.rotational_diffusion > 0);
  if (swim) names_.push_back("pressure_swim");
  if (c_.interacting() || c_.stiffness > 0) names_.push_back("potential_energy");
  if (ud) names_.push_back("kinetic_temperature");
  names_.push_back("msd");
  if (oriented) names_.push_back("orientation_correlation");
}

StepSums Observables::make_sums() const {
  StepSums s;
  s.epr_map.assign(map_.cells(), 0.0);
  s.count_map.assign(map_.cells(), 0.0);
  return s;
}

Record Observables::record(const Particles& p, StepSums& sums) const {
  MPI_Comm comm = d_.comm();
  const int dim = c_.dim;
  const bool ud = c_.model == Model::Underdamped;
  const bool oriented = p.has_e;
  // Configuration sums: N, msd, orientation correlation, polarisation vector.
  double loc[16] = {0};
  loc[0] = static_cast<double>(p.n);
  for (std::size_t i = 0; i < p.n; ++i) {
    double d2 = 0;
    for (int a = 0; a < dim; ++a) {
      const double u = p.x[a][i] + p.image[a][i] * c_.box[a] - p.x_start[a][i];
      d2 += u * u;
    }
    loc[1] += d2;
    if (oriented)
      for (int a = 0; a < dim; ++a) loc[2] += p.e[a][i] * p.e_start[a][i], loc[3 + a] += p.e[a][i];
    if (p.has_g)
      for (int a = 0; a < dim; ++a) loc[3 + a] += p.g[a][i];
  }
  loc[6] = sums.epr, loc[7] = sums.active_power, loc[8] = sums.e_dot_f, loc[9] = sums.kinetic;
  loc[10] = sums.virial, loc[11] = sums.potential, loc[12] = static_cast<double>(sums.steps);
  double tot[16];
  MPI_Allreduce(loc, tot, 16, MPI_DOUBLE, MPI_SUM, comm);
  const double N = tot[0];
  const double steps = tot[12] / d_.size();  // every rank counts the same steps
  const double ps = N * std::max(steps, 1.0);  // particle-steps
  const double V = d_.volume(), rho = N / V;

  Record r;
  r.names = names_;
  for (const auto& name : names_) {
    double v = 0;
    if (name == "entropy_production") v = tot[6] / (ps * c_.dt);
    else if (name == "active_power") v = tot[7] / ps;
    else if (name == "propulsion_speed")
      v = ud ? c_.v0 + tot[8] / ps / c_.friction : c_.v0 + c_.mobility * tot[8] / ps;
    else if (name == "polarisation") {
      double m2 = 0;
      for (int a = 0; a < dim; ++a) m2 += tot[3 + a] * tot[3 + a];
      v = std::sqrt(m2) / N / (p.has_g ? std::sqrt(static_cast<double>(dim)) : 1.0);
    } else if (name == "pressure_virial") v = tot[10] / std::max(steps, 1.0) / (dim * V);
    else if (name == "pressure_ideal") v = ud ? rho * tot[9] / ps / dim : rho * c_.kT();
    else if (name == "pressure_swim") {
      const double tau = c_.model == Model::Aoup ? c_.persistence_time : 1.0 / ((dim - 1) * c_.rotational_diffusion);
      v = rho * tau * (tot[7] / ps) / (dim * c_.mobility);
    } else if (name == "potential_energy") v = tot[11] / ps;
    else if (name == "kinetic_temperature") v = tot[9] / ps / dim;
    else if (name == "msd") v = tot[1] / N;
    else if (name == "orientation_correlation") v = tot[2] / N;
    // The record at step 0 has an empty window: window averages are undefined there.
    const bool window = name != "polarisation" && name != "msd" && name != "orientation_correlation" &&
                        !(name == "pressure_ideal" && !ud);
    if (steps == 0 && window) v = std::numeric_limits<double>::quiet_NaN();
    r.values.push_back(v);
  }

  // Maps (reduced to rank 0) and the instantaneous local-density histogram.
  const std::size_t cells = map_.cells();
  std::vector<double> inst(cells, 0.0);
  for (std::size_t i = 0; i < p.n; ++i)
    inst[map_.index(p.x[0][i], p.x[1][i], dim == 3 ? p.x[2][i] : 0.0)] += 1;
  std::vector<double> all(3 * cells), gathered(d_.rank() == 0 ? 3 * cells : 0);
  std::copy(sums.epr_map.begin(), sums.epr_map.end(), all.begin());
  std::copy(sums.count_map.begin(), sums.count_map.end(), all.begin() + static_cast<long>(cells));
  std::copy(inst.begin(), inst.end(), all.begin() + 2 * static_cast<long>(cells));
  MPI_Reduce(all.data(), d_.rank() == 0 ? gathered.data() : nullptr, static_cast<int>(3 * cells), MPI_DOUBLE, MPI_SUM,
             0, comm);
  const std::size_t bins = static_cast<std::size_t>(c_.density_bins);
  const std::size_t counts = map_.max_count(c_.particle_volume()) + 1;
  r.density_histogram.assign(counts, 0.0);
  r.epr_by_density.assign(bins, std::numeric_limits<double>::quiet_NaN());
  if (d_.rank() == 0) {
    const double cv = map_.cell_volume(), vp = c_.particle_volume();
    const double st = std::max(steps, 1.0);
    r.epr_map.resize(cells), r.density_map.resize(cells);
    std::vector<double> ent(bins, 0.0), cnt(bins, 0.0);
    auto bin_of = [&](double phi) {
      return std::min(bins - 1, static_cast<std::size_t>(std::max(0.0, phi) * static_cast<double>(bins)));
    };
    for (std::size_t k = 0; k < cells; ++k) {
      r.epr_map[k] = steps == 0 ? std::numeric_limits<double>::quiet_NaN() : gathered[k] / (st * c_.dt * cv);
      r.density_map[k] = steps == 0 ? std::numeric_limits<double>::quiet_NaN() : gathered[cells + k] / (st * cv);
      // Histogram over the particle count of a cell (packing fraction = count * vp / cv): bins
      // of packing fraction would alias the integer counts.
      const auto nk = static_cast<std::size_t>(gathered[2 * cells + k]);
      r.density_histogram[std::min(nk, counts - 1)] += 1.0 / static_cast<double>(cells);
      if (gathered[cells + k] > 0) {
        const std::size_t b = bin_of(r.density_map[k] * vp);
        ent[b] += gathered[k], cnt[b] += gathered[cells + k];
      }
    }
    for (std::size_t b = 0; b < bins; ++b)
      if (cnt[b] > 0) r.epr_by_density[b] = ent[b] / (cnt[b] * c_.dt);
  }
  // The histograms are small: every rank gets them (the maps stay on rank 0).
  MPI_Bcast(r.density_histogram.data(), static_cast<int>(r.density_histogram.size()), MPI_DOUBLE, 0, comm);
  MPI_Bcast(r.epr_by_density.data(), static_cast<int>(r.epr_by_density.size()), MPI_DOUBLE, 0, comm);
  sums.clear();
  return r;
}

}  // namespace noneq::langevin
