#pragma once
// Observables recorded every `observables_every` steps. Rates and energies are averages over every
// step of the window since the last record (StepSums); configuration-only quantities (MSD,
// polarisation, the local-density histogram) are taken at the record step. A fresh run also
// records step 0 (configuration-only values; window averages are NaN there), so that records and
// trajectory frames line up when output.every = output.observables_every (MDAnalysis pairs them by
// index).
//   entropy_production   sigma per particle per unit time (k_B): window sum of the Stratonovich
//                        increments / (N steps dt) — see integrator.hpp
//   active_power         <u.(u + mu F)> (overdamped active); its ratio to D_t is the steady-state EPR
//   propulsion_speed     v(rho) = v0 + mu <e.F> (abp), <e.(v0 e + F/gamma)> (active underdamped)
//   polarisation         |sum e| / N (abp, active underdamped), |sum g| / (N sqrt(d)) (aoup)
//   pressure_virial      sum over pairs r.F / (d V)
//   pressure_ideal       rho kT (overdamped), rho <m v^2>/d (underdamped)
//   pressure_swim        rho tau_u <u.(u + mu F)> / (d mu) with tau_u = 1/((d-1) D_r) (abp) or tau
//                        (aoup) — for abp the Solon et al. (2015) form rho v0 v(rho) / (d (d-1) D_r mu)
//   potential_energy     per particle
//   kinetic_temperature  <m v^2>/d (underdamped)
//   msd                  <|r(t) - r(0)|^2> (unwrapped)
//   orientation_correlation <e(t).e(0)>
// Maps on a coarse periodic grid (cell side observables.map_cell): window-mean entropy production
// per unit volume and time, window-mean number density; the histogram of the instantaneous particle
// count of the map cells (local packing fraction = count * particle volume / cell volume; MIPS
// bimodality); entropy production per particle as a function of the window-mean local packing
// fraction of the particle's cell (observables.density_bins bins on [0, 1]).
#include <mpi.h>

#include <string>
#include <vector>

#include "langevin/config.hpp"
#include "langevin/domain.hpp"
#include "langevin/integrator.hpp"
#include "langevin/particles.hpp"

namespace noneq::langevin {

struct Record {
  std::vector<std::string> names;  // scalar observables (fixed for a run)
  std::vector<double> values;
  std::vector<double> density_histogram;   // [max count + 1], fraction of map cells holding n particles (all ranks)
  std::vector<double> epr_by_density;      // [density_bins], NaN where no particle-steps (all ranks)
  std::vector<double> epr_map, density_map;  // [map cells] (rank 0 only)
  double value(const std::string& name) const;
};

class Observables {
 public:
  Observables(const Config& config, const Domain& domain);
  const MapGrid& map() const { return map_; }
  /// Scalar names recorded for this configuration (fixed order).
  const std::vector<std::string>& names() const { return names_; }
  /// Collective: reduces the window sums and the configuration; clears `sums`.
  Record record(const Particles& p, StepSums& sums) const;
  /// Fresh window sums sized for the maps.
  StepSums make_sums() const;

 private:
  const Config& c_;
  const Domain& d_;
  MapGrid map_;
  std::vector<std::string> names_;
};

}  // namespace noneq::langevin
