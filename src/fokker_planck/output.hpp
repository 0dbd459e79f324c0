#pragma once
// HDF5 output of the Fokker–Planck solver (layout in README "Outputs"):
//   /grid/{x,y,z}            cell centres; attrs lower, upper, cells, spacing, boundary
//   /fields/p   [t, (z), (y), x]          density
//   /fields/J   [t, (z), (y), x, dim]     cell-centred current (mean of the SG face fluxes)
//   /fields/D   [(t), (z), (y), x, dim]   diagonal diffusion (time axis only if D reads t)
//   /series/{time, mass, mean, covariance, entropy, epr, survival, outflow, min_p}
//   /provenance + root attrs schema, kind, complete, run_id, mode
// plus an XDMF sidecar (<file>.xmf) rewritten at every frame.
#include <string>

#include "core/h5.hpp"
#include "core/provenance.hpp"
#include "fokker_planck/solver.hpp"

namespace noneq::fokker_planck {

class Output {
 public:
  /// Creates `path` (must not exist). Collective.
  Output(const std::string& path, Solver& solver, const core::RunInfo& info, const std::string& run_id);
  /// Re-opens the output of an interrupted run for a restart: checks run_id, truncates every
  /// series to `frames`. Collective.
  static Output reopen(const std::string& path, Solver& solver, const std::string& run_id,
                       std::int64_t frames);
  /// Computes monitors (and the current when fields are written) and appends one frame.
  Monitors write_frame();
  void set_steady_report(const SteadyReport& r);
  void finish(bool complete);
  std::int64_t frames() const { return static_cast<std::int64_t>(time_.frames()); }
  const std::string& path() const { return path_; }

 private:
  Output(const std::string& path, Solver& solver) : path_(path), solver_(solver) {}
  void open_series(bool create);
  void write_xdmf();
  core::h5::Dims grid_dims(bool with_components) const;

  std::string path_;
  Solver& solver_;
  core::h5::File file_;
  core::h5::Series time_, mass_, mean_, cov_, entropy_, epr_, survival_, outflow_, min_p_;
  core::h5::Series p_, J_, D_;
  std::vector<double> times_;
};

}  // namespace noneq::fokker_planck
