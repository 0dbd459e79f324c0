#pragma once
// HDF5 output of noneq-active-fluid (kind "active-fluid"):
//   root attrs: schema, kind, complete, level, geometry, closure, modes, and the physics
//               (alpha, beta, zeta, d_t, d_r, v0, concentration, shear_rate)
//   /grid/x, /grid/y            point coordinates (periodic; x_i = i L/n)
//   /series/<name>              one frame per record (observables.hpp), /series/energy_spectrum
//                               [frames, n/2+1] (periodic)
//   /fields/time, /fields/{c, D_xx, D_xy, D_yy, order, vorticity} [frames, n(y), n(x)],
//   /fields/{n, u} [frames, n, n, 2]   (periodic, every field_interval) + XDMF sidecar
//   /psi/time, /psi/modes [frames, n(y), n(x), modes, 2] (mu_m(x) = int e^{i m theta} Psi, re/im),
//   /psi/u [frames, n, n, 2]    kinetic runs with output.psi_interval > 0 (homogeneous: n = 1, no u)
//   /provenance                 deck, versions, run_id, ...
#include <mpi.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/h5.hpp"
#include "core/provenance.hpp"
#include "kinetic/active_fluid/config.hpp"
#include "kinetic/active_fluid/fluid.hpp"

namespace noneq::kinetic::active_fluid {

class Output {
 public:
  /// Creates the file. `fft` is null for the homogeneous geometry.
  Output(const Config& config, const Spectral* fft, const core::RunInfo& info, const std::string& run_id,
         int modes, MPI_Comm comm);
  /// Reopens the output of an interrupted run (same run_id), truncated to `records` and `frames`.
  static std::unique_ptr<Output> reopen(const Config& config, const Spectral* fft, const std::string& run_id,
                                        std::int64_t records, std::int64_t frames, std::int64_t psi_frames,
                                        MPI_Comm comm);
  void write_record(const std::vector<double>& record, const std::vector<double>& spectrum);
  void write_fields(double time, const FieldFrame& f);
  /// Psi frame: this rank's modes [rows][n][H][2] and u [rows][n][2] (periodic); homogeneous: rank 0's modes.
  void write_psi(double time, const std::vector<double>& modes, const std::vector<double>& u);
  void finish(bool complete);
  /// After reopen(): the continuing run's effective deck and a restart line in /provenance.
  void record_restart(const std::string& effective_deck, const std::string& checkpoint, double time) {
    core::record_restart(file_, effective_deck, checkpoint, time);
  }
  std::int64_t records() const { return records_; }
  std::int64_t frames() const { return frames_; }
  std::int64_t psi_frames() const { return psi_frames_; }

 private:
  Output(const Config& config, const Spectral* fft, MPI_Comm comm) : cfg_(config), fft_(fft), comm_(comm) {}
  void open_series(bool create);
  void write_xdmf();

  Config cfg_;
  const Spectral* fft_;
  MPI_Comm comm_;
  core::h5::File file_;
  std::vector<core::h5::Series> series_;
  core::h5::Series spectrum_, field_time_, psi_time_, psi_modes_, psi_u_;
  std::vector<core::h5::Series> scalars_, vectors_;
  std::vector<double> field_times_;
  std::int64_t records_ = 0, frames_ = 0, psi_frames_ = 0;
  int modes_ = 0;
};

}  // namespace noneq::kinetic::active_fluid
