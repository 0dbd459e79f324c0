#pragma once
// HDF5 input/output of noneq-langevin.
//
// Output: H5MD 1.0 (https://www.nongnu.org/h5md/) plus the noneq common header.
//   /h5md                              version [1,0], author, creator
//   /particles/all/box                 attrs dimension, boundary; edges/{step,time,value [f,d,d]}
//   /particles/all/position            {step, time, value [f, N, d]}  rows ordered by particle id
//   /particles/all/image               {step, time, value [f, N, d]}  (int32; step/time hard links)
//   /particles/all/orientation         abp / active underdamped;  velocity: underdamped;
//   /particles/all/propulsion          aoup (g)
//   /particles/all/id                  [N] = 0..N-1 (rows are ordered by id)
//   /observables/<name>/{step,time,value}   scalars [f]; arrays [f, ...]; step/time are hard links
//                                      to /observables/entropy_production/{step,time}
//   /parameters                        attrs with the physical parameters; dataset `deck`
//   root attrs schema/kind/complete, /provenance
// Writes are collective: particles are first redistributed so that rank r holds the ids of the
// r-th contiguous block, then each rank writes one hyperslab.
//
// Checkpoint: /checkpoint attrs (step, time, frames, records, run_id, ...) and one dataset per
// particle column, ordered by id; written to a temporary name and renamed (atomic).
#include <mpi.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/h5.hpp"
#include "core/provenance.hpp"
#include "langevin/config.hpp"
#include "langevin/domain.hpp"
#include "langevin/observables.hpp"
#include "langevin/particles.hpp"

namespace noneq::langevin {

/// First id of rank r's block when N ids are split over P ranks.
std::int64_t block_first(std::int64_t N, int P, int r);

/// Collective: rows of `width` doubles for the ids of this rank's block, filled by pack(i, row)
/// for owned particle i. `first`/`count` receive the block.
std::vector<double> gather_by_id(const Particles& p, int width, const std::function<void(std::size_t, double*)>& pack,
                                 MPI_Comm comm, std::int64_t N, std::int64_t& first, std::int64_t& count);

class Output {
 public:
  Output(const std::string& path, const Config& config, const Domain& domain, const Particles& p,
         const std::vector<std::string>& observables, const core::RunInfo& info, const std::string& run_id);
  /// Restart: re-opens `path`, checks run_id, truncates to `frames` trajectory frames and
  /// `records` observable records.
  static std::unique_ptr<Output> reopen(const std::string& path, const Config& config, const Domain& domain,
                                        const Particles& p, const std::vector<std::string>& observables,
                                        const std::string& run_id, std::int64_t frames, std::int64_t records);
  void write_frame(const Particles& p, std::int64_t step, double time);
  void write_record(const Record& r, std::int64_t step, double time);
  void finish(bool complete);
  std::int64_t frames() const { return frames_; }
  std::int64_t records() const { return records_; }

 private:
  Output(const Config& config, const Domain& domain) : c_(config), d_(domain) {}
  void open_all(bool create, const Particles& p, const std::vector<std::string>& observables);

  const Config& c_;
  const Domain& d_;
  core::h5::File file_;
  std::int64_t frames_ = 0, records_ = 0;
  core::h5::Series pos_step_, pos_time_, position_, image_, orientation_, velocity_, propulsion_;
  core::h5::Series edges_;
  core::h5::Series obs_step_, obs_time_;
  std::vector<core::h5::Series> scalars_;
  core::h5::Series histogram_, epr_by_density_, epr_map_, density_map_;
};

struct CheckpointInfo {
  std::int64_t step = 0;
  std::int64_t frames = 0, records = 0;
  std::string run_id;
  std::string deck;  // effective deck of the run that wrote it
};

/// Collective: writes every particle column and the window sums (reduced) to `path` atomically.
void write_checkpoint(const std::string& path, const Config& config, const Domain& domain, Particles& p,
                      const StepSums& sums, const CheckpointInfo& info);
/// Collective: reads a checkpoint into `p` (this rank's block of ids; call Domain::migrate next)
/// and the window sums (rank 0 receives the reduced sums). Checks that the checkpoint matches the
/// deck (dimension, particles, model); throws InputError otherwise.
CheckpointInfo read_checkpoint(const std::string& path, const Config& config, const Domain& domain, Particles& p,
                               StepSums& sums);
/// Collective: positions (and orientations where both have them) for init = file, from a
/// checkpoint or from the last trajectory frame of an output. Returns true if orientations were
/// read. Throws InputError.
bool read_initial_positions(const std::string& path, const Config& config, const Domain& domain, Particles& p);

}  // namespace noneq::langevin
