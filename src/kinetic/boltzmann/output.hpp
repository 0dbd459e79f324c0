#pragma once
// HDF5 output of noneq-boltzmann-shear (root attrs schema/kind = "boltzmann-shear"/complete,
// /provenance as for every app):
//   /parameters                 attrs: solver, kernel, gamma, kappa, nu, temperature, A, thermostat, ...
//   /series/<name>              one row per record (series_specs(): time, pressure_tensor [r,3,3],
//                               temperature, thermostat_rate, shear_rate_reduced, viscosity_reduced,
//                               normal_stress_differences, fourth_moment, kurtosis, entropy_production, ...)
//   /histograms/time            [h]         (dsmc / test-particle, every histogram_interval)
//   /histograms/marginal        [h, 3, b]   probability density of c_i = V_i/sqrt(T) on marginal_edges
//   /histograms/distribution    [h, m, m, m] scaled distribution φ(c), c = V/sqrt(2T), on
//                               distribution_edges (∫φ d³c = 1 - outside)
//   /histograms/outside         [h]         fraction of molecules outside the distribution cube
//   /summary                    attrs from_time, records, batches; mean/<name>, error/<name>
//                               (batch means over t >= average_from), exact/<name> where the
//                               Maxwell/BGK theory gives the steady value
#include <mpi.h>

#include <memory>
#include <string>
#include <vector>

#include "core/h5.hpp"
#include "core/provenance.hpp"
#include "kinetic/boltzmann/config.hpp"
#include "kinetic/boltzmann/kernel.hpp"

namespace noneq::kinetic::boltzmann {

struct HistogramFrame {
  double time = 0;
  std::vector<double> marginal;      // [3][bins] densities
  std::vector<double> distribution;  // [m^3] densities
  double outside = 0;
};

/// Batch means: mean and standard error of `values[k][q]` (records k) for every component q,
/// over B batches of equal length (leading records that do not fill a batch are dropped).
/// Fewer records than batches: error NaN.
void batch_means(const std::vector<std::vector<double>>& values, int batches, std::vector<double>& mean,
                 std::vector<double>& error);

class Output {
 public:
  Output(const std::string& path, const Config& config, const Kernel& kernel, std::int64_t samples,
         const core::RunInfo& info, const std::string& run_id, MPI_Comm comm);
  /// Restart: reopens `path` (run_id must match), keeps `records` and `histograms` rows and returns
  /// the kept records (for the summary).
  static std::unique_ptr<Output> reopen(const std::string& path, const Config& config, const std::string& run_id,
                                        std::int64_t records, std::int64_t histograms,
                                        std::vector<std::vector<double>>& kept, MPI_Comm comm);
  /// Collective (values identical on all ranks).
  void write_record(const std::vector<double>& values);
  void write_histograms(const HistogramFrame& h);
  /// Writes /summary from all records and marks the file complete (or incomplete).
  void finish(const std::vector<std::vector<double>>& records, bool complete);
  std::int64_t records() const { return records_; }
  std::int64_t histograms() const { return histograms_; }

 private:
  Output() = default;
  void open_series(bool create);
  Config config_;
  MPI_Comm comm_ = MPI_COMM_NULL;
  core::h5::File file_;
  std::vector<core::h5::Series> series_;
  core::h5::Series h_time_, h_marginal_, h_distribution_, h_outside_;
  std::int64_t records_ = 0, histograms_ = 0;
};

}  // namespace noneq::kinetic::boltzmann
