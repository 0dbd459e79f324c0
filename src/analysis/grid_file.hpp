#pragma once
// Reading grid outputs of noneq-fokker-planck and writing the analysis outputs derived from them.
//
// Input layout (written by fokker_planck::Output; README "Outputs"):
//   root attrs schema = "noneq/1", kind = "fokker-planck", complete, mode, dim
//   /grid/{x,y,z}                cell centres; attrs lower, upper, spacing, cells, boundary, centering
//   /fields/p  [t, (z), (y), x]         density
//   /fields/J  [t, (z), (y), x, dim]    cell-centred probability current
//   /fields/D  [(t), (z), (y), x, dim]  diagonal diffusion D_aa (time axis iff attr time_dependent = 1)
//   /series/{time, epr, ...}            one value per frame
//
// Analysis tools never modify their input: they write their own file with the common header
// (core::write_header), a copy of /grid, and their own /fields and /series.
#include <mpi.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "analysis/grid_spec.hpp"
#include "core/h5.hpp"
#include "core/provenance.hpp"

namespace noneq::analysis {

class GridFile {
 public:
  /// Opens `path` read-only (on this rank alone: every rank may open it, reads are independent)
  /// and checks that it is a noneq-fokker-planck grid output holding density and current fields.
  /// Every failure is a core::InputError with one message naming the file.
  explicit GridFile(const std::string& path);

  const std::string& path() const { return path_; }
  const GridSpec& grid() const { return grid_; }
  /// Frames held by every per-frame dataset (an interrupted run may hold fewer than /series/time).
  std::int64_t frames() const { return frames_; }
  const std::vector<double>& times() const { return times_; }
  /// Per-axis cell-centre coordinates (/grid/x, ...), dim arrays.
  const std::vector<std::vector<double>>& coordinates() const { return coords_; }
  bool complete() const { return complete_; }
  const std::string& mode() const { return mode_; }
  /// Frame counts differed between datasets (the shortest is used): a one-line description, or "".
  const std::string& truncation_note() const { return truncation_note_; }

  bool has_diffusion() const { return has_D_; }
  bool diffusion_time_dependent() const { return D_time_dependent_; }
  bool has_solver_epr() const { return has_epr_; }

  /// /series/epr for the first frames() frames (empty if absent).
  std::vector<double> solver_epr() const;
  /// One frame of p (cells), J (cells * dim), D (cells * dim; the static field for every frame
  /// unless D is time-dependent). Independent reads.
  std::vector<double> read_density(std::int64_t frame) const;
  std::vector<double> read_current(std::int64_t frame) const;
  std::vector<double> read_diffusion(std::int64_t frame) const;

  /// The input's /provenance/deck text and run_id ("" if absent).
  std::string deck_text() const;
  std::string run_id() const;

 private:
  std::vector<double> read_frame(const std::string& dataset, std::int64_t frame, bool vector) const;

  std::string path_;
  core::h5::File file_;
  GridSpec grid_;
  std::int64_t frames_ = 0;
  std::vector<double> times_;
  std::vector<std::vector<double>> coords_;
  bool complete_ = false;
  std::string mode_;
  std::string truncation_note_;
  bool has_D_ = false, D_time_dependent_ = false, has_epr_ = false;
};

/// Default analysis output next to the input: "dir/run.h5" + "_epr" -> "dir/run_epr.h5".
std::string default_output_path(const std::string& input, const std::string& suffix);

/// Collective. Refuses (InputError) an output that is the input itself or whose XDMF sidecar would
/// clobber the output, the input or the input's sidecar; then core::check_output_path (exists
/// without --overwrite, missing directory; with --overwrite the old file is removed).
void check_analysis_output(const std::string& output, const std::string& input, bool overwrite,
                           MPI_Comm comm);

/// Collective. Creates `output` with the common header (kind = info.kind, complete = 0), the root
/// attributes dim, mode and source (the input path), /provenance/input_deck and
/// /provenance.input_run_id from the input, and a copy of the input's /grid.
core::h5::File create_analysis_output(const std::string& output, const GridFile& input,
                                      const core::RunInfo& info, MPI_Comm comm);

/// Collective: /provenance attributes `input`, `input_run_id` and dataset `input_deck` of an
/// analysis output (the simulation output it was computed from).
void write_input_provenance(core::h5::File& out, const std::string& input, const std::string& run_id,
                            const std::string& deck, MPI_Comm comm);

/// The contiguous block of frames [first, first + count) that `rank` of `size` analyses.
struct FrameBlock {
  std::int64_t first = 0, count = 0;
};
FrameBlock frame_block(std::int64_t frames, int rank, int size);
/// Rounds of collective writes needed so that every rank writes each of its frames: ceil(frames/size).
std::int64_t frame_rounds(std::int64_t frames, int size);

/// Runs `body` on every rank of `comm`; if it throws on any rank, every rank throws the exception
/// of the lowest failing rank (InputError and NumericalError keep their type, anything else becomes
/// a LibraryError), so that no rank is left waiting in a collective call.
void collectively(MPI_Comm comm, const std::function<void()>& body);

}  // namespace noneq::analysis
