#pragma once
// HDF5 output of noneq-active-fluid (kind "active-fluid"):
//   root attrs: schema, kind, complete, level, geometry, closure, modes, and the physics
//               (alpha, beta, zeta, d_t, d_r, v0, concentration, shear_rate)
//   /grid/x, /grid/y            point coordinates (periodic; x_i = i L/n)
//   /series/<name>              one frame per record (observables.hpp), /series/energy_spectrum
//                               [frames, n/2+1] (periodic)
//   /fields/time, /fields/{c, D_xx, D_xy, D_yy, order, vorticity} [frames, n(y), n(x)],
//   /fields/{n, u} [frames, n, n, 2]   (periodic, every field_interval) + XDMF sidecar
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
                                        std::int64_t records, std::int64_t frames, MPI_Comm comm);
  void write_record(const std::vector<double>& record, const std::vector<double>& spectrum);
  void write_fields(double time, const FieldFrame& f);
  void finish(bool complete);
  std::int64_t records() const { return records_; }
  std::int64_t frames() const { return frames_; }

 private:
  Output(const Config& config, const Spectral* fft, MPI_Comm comm) : cfg_(config), fft_(fft), comm_(comm) {}
  void open_series(bool create);
  void write_xdmf();

  Config cfg_;
  const Spectral* fft_;
  MPI_Comm comm_;
  core::h5::File file_;
  std::vector<core::h5::Series> series_;
  core::h5::Series spectrum_, field_time_;
  std::vector<core::h5::Series> scalars_, vectors_;
  std::vector<double> field_times_;
  std::int64_t records_ = 0, frames_ = 0;
};

}  // namespace noneq::kinetic::active_fluid
