#include "kinetic/boltzmann/checkpoint.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "core/error.hpp"
#include "core/h5.hpp"

namespace noneq::kinetic::boltzmann {

namespace h5 = core::h5;

namespace {

// Writes the common attributes into a new checkpoint, then `body(group)`; atomic (temporary + rename).
template <class F>
void write_atomically(const std::string& path, const CheckpointInfo& info, MPI_Comm comm, F&& body) {
  h5::create_atomically(path, comm, [&](h5::File& f) {
    h5::Handle g = h5::create_group(f.id(), "/checkpoint");
    h5::set_attr(g, "solver", info.solver);
    h5::set_attr(g, "window", info.window);
    h5::set_attr(g, "time", info.time);
    h5::set_attr(g, "records", info.records);
    h5::set_attr(g, "histograms", info.histograms);
    h5::set_attr(g, "samples", info.samples);
    h5::set_attr(g, "run_id", info.run_id);
    h5::write_string(g, "deck", info.deck, comm);
    body(g.id());
  });
}

std::int64_t info_particles(MPI_Comm comm, const TestParticles& tp) {
  std::int64_t n = tp.count();
  MPI_Allreduce(MPI_IN_PLACE, &n, 1, MPI_INT64_T, MPI_SUM, comm);
  return n;
}

}  // namespace

CheckpointInfo read_checkpoint_info(const std::string& path, const Config& config, MPI_Comm comm) {
  if (!std::filesystem::exists(path)) throw core::InputError(fmt::format("--restart: `{}` does not exist", path));
  if (!h5::is_hdf5(path)) throw core::InputError(fmt::format("--restart: `{}` is not an HDF5 file", path));
  h5::File f = h5::File::open(path, comm);
  if (!h5::exists(f.id(), "/checkpoint") || !h5::has_attr(h5::open_group(f.id(), "/checkpoint"), "solver"))
    throw core::InputError(fmt::format("--restart: `{}` is not a noneq-boltzmann-shear checkpoint", path));
  h5::Handle g = h5::open_group(f.id(), "/checkpoint");
  CheckpointInfo info;
  info.solver = h5::attr_string(g, "solver");
  if (info.solver != solver_name(config.solver))
    throw core::InputError(fmt::format("--restart: checkpoint `{}` is of solver {}, the deck says {}", path, info.solver,
                                       solver_name(config.solver)));
  info.window = h5::attr_int(g, "window");
  info.time = h5::attr_real(g, "time");
  info.records = h5::attr_int(g, "records");
  info.histograms = h5::attr_int(g, "histograms");
  info.samples = h5::attr_int(g, "samples");
  info.run_id = h5::attr_string(g, "run_id");
  info.deck = h5::read_string(g, "deck");
  return info;
}

void write_checkpoint(const std::string& path, const Dsmc& dsmc, const CheckpointInfo& info, MPI_Comm comm) {
  write_atomically(path, info, comm, [&](hid_t g) {
    const auto& samples = dsmc.local_samples();
    std::int64_t N = 0;
    for (const auto& s : samples) N += s.n;
    MPI_Allreduce(MPI_IN_PLACE, &N, 1, MPI_INT64_T, MPI_SUM, comm);
    const std::int64_t first = samples.empty() ? 0 : samples.front().first_id;
    std::vector<double> state;
    for (const auto& s : samples) state.push_back(s.remainder);
    const auto& v = dsmc.storage();  // contiguous, in molecule id order
    h5::Handle dv = h5::create_dataset(g, "velocities", H5T_NATIVE_DOUBLE, {static_cast<hsize_t>(N), 3});
    h5::write_block(dv.id(), {static_cast<hsize_t>(first), 0}, {v.size() / 3, 3}, v.data());
    h5::Handle ds = h5::create_dataset(g, "remainder", H5T_NATIVE_DOUBLE, {static_cast<hsize_t>(dsmc.samples())});
    const hsize_t s0 = samples.empty() ? 0 : static_cast<hsize_t>(samples.front().index);
    h5::write_block(ds.id(), {s0}, {samples.size()}, state.data());
  });
}

void read_checkpoint(const std::string& path, Dsmc& dsmc, MPI_Comm comm) {
  h5::File f = h5::File::open(path, comm);
  h5::Handle g = h5::open_group(f.id(), "/checkpoint");
  const auto dims = h5::dataset_dims(h5::open_dataset(g, "velocities"));
  std::int64_t N = 0;
  for (const auto& s : dsmc.local_samples()) N += s.n;
  MPI_Allreduce(MPI_IN_PLACE, &N, 1, MPI_INT64_T, MPI_SUM, comm);
  if (dims.size() != 2 || static_cast<std::int64_t>(dims[0]) != N || dims[1] != 3)
    throw core::InputError(fmt::format("--restart: checkpoint `{}` holds {} molecules, the deck {}", path,
                                       dims.empty() ? 0 : dims[0], N));
  const double t = dsmc.time();
  for (auto& s : dsmc.local_samples()) {
    const auto v = h5::read_block<double>(g, "velocities", {static_cast<hsize_t>(s.first_id), 0}, {static_cast<hsize_t>(s.n), 3});
    std::copy(v.begin(), v.end(), s.w.begin());
    s.remainder = h5::read_block<double>(g, "remainder", {static_cast<hsize_t>(s.index)}, {1})[0];
    s.collisions = s.candidates = 0;
    // Rebased state at t, as Dsmc::measure leaves it.
    s.s = {};
    double w2max = 0;
    for (std::int64_t i = 0; i < s.n; ++i) {
      const double* w = &s.w[3 * i];
      s.s[0] += w[0] * w[0], s.s[1] += w[0] * w[1], s.s[2] += w[0] * w[2];
      s.s[3] += w[1] * w[1], s.s[4] += w[1] * w[2], s.s[5] += w[2] * w[2];
      w2max = std::max(w2max, w[0] * w[0] + w[1] * w[1] + w[2] * w[2]);
    }
    s.t_ref = t;
    s.scale = 1;
    s.wmax = std::sqrt(w2max);
  }
}

void write_checkpoint(const std::string& path, const TestParticles& tp, const CheckpointInfo& info, MPI_Comm comm) {
  write_atomically(path, info, comm, [&](hid_t g) {
    h5::Handle dv = h5::create_dataset(g, "velocities", H5T_NATIVE_DOUBLE, {static_cast<hsize_t>(info_particles(comm, tp)), 3});
    h5::write_block(dv.id(), {static_cast<hsize_t>(tp.first_id()), 0}, {static_cast<hsize_t>(tp.count()), 3},
                    tp.velocities().data());
  });
}

void read_checkpoint(const std::string& path, TestParticles& tp, MPI_Comm comm) {
  h5::File f = h5::File::open(path, comm);
  h5::Handle g = h5::open_group(f.id(), "/checkpoint");
  const auto dims = h5::dataset_dims(h5::open_dataset(g, "velocities"));
  const std::int64_t N = info_particles(comm, tp);
  if (dims.size() != 2 || static_cast<std::int64_t>(dims[0]) != N || dims[1] != 3)
    throw core::InputError(fmt::format("--restart: checkpoint `{}` holds {} tagged molecules, the deck {}", path,
                                       dims.empty() ? 0 : dims[0], N));
  tp.velocities() = h5::read_block<double>(g, "velocities", {static_cast<hsize_t>(tp.first_id()), 0},
                                           {static_cast<hsize_t>(tp.count()), 3});
}

void write_checkpoint(const std::string& path, const MomentEquations& m, const CheckpointInfo& info, MPI_Comm comm) {
  write_atomically(path, info, comm, [&](hid_t g) {
    h5::write_root(g, "state", {m.vector().size()}, m.vector(), comm);
    h5::set_attr(g, "solver_steps", static_cast<std::int64_t>(m.steps_taken()));
    h5::set_attr(g, "fourth_moments_lost_at", m.fourth_moments_lost() ? m.fourth_moments_lost_at() : -1.0);
  });
}

void read_checkpoint(const std::string& path, MomentEquations& m, MPI_Comm comm) {
  h5::File f = h5::File::open(path, comm);
  h5::Handle g = h5::open_group(f.id(), "/checkpoint");
  const auto y = h5::read_all<double>(g, "state");
  if (y.size() != m.vector().size())
    throw core::InputError(fmt::format("--restart: checkpoint `{}` holds {} moments, this kernel needs {}", path, y.size(),
                                       m.vector().size()));
  m.set(y, h5::attr_real(g, "time"), h5::attr_real(g, "fourth_moments_lost_at"));
}

}  // namespace noneq::kinetic::boltzmann
