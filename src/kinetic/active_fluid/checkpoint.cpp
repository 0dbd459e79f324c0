#include "kinetic/active_fluid/checkpoint.hpp"

#include <fmt/core.h>

#include <filesystem>

#include "core/error.hpp"
#include "core/h5.hpp"

namespace noneq::kinetic::active_fluid {

namespace h5 = core::h5;

namespace {

void write_info(h5::File& f, const CheckpointInfo& info, MPI_Comm comm) {
  h5::Handle g = h5::create_group(f.id(), "/checkpoint");
  h5::set_attr(g.id(), "time", info.time);
  h5::set_attr(g.id(), "step", info.step);
  h5::set_attr(g.id(), "records", info.records);
  h5::set_attr(g.id(), "frames", info.frames);
  h5::set_attr(g.id(), "psi_frames", info.psi_frames);
  h5::set_attr(g.id(), "modes", info.modes);
  h5::set_attr(g.id(), "run_id", info.run_id);
  h5::write_string(g.id(), "deck", info.deck, comm);
}

// Local block of a [n, n, width, 2] dataset: rows [kx0, kx0 + nkx).
void write_array(hid_t g, const char* name, const std::vector<cplx>& v, hsize_t n_global, hsize_t kx0, hsize_t nkx,
                 hsize_t n, hsize_t width) {
  h5::Handle d = h5::create_dataset(g, name, H5T_NATIVE_DOUBLE, {n_global, n, width, 2});
  h5::write_block(d.id(), {kx0, 0, 0, 0}, {nkx, n, width, 2}, reinterpret_cast<const double*>(v.data()));
}

void read_array(hid_t g, const char* name, std::vector<cplx>& v, hsize_t n_global, hsize_t kx0, hsize_t nkx, hsize_t n,
                hsize_t width, const std::string& path) {
  h5::Handle d = h5::open_dataset(g, name);
  const h5::Dims dims = h5::dataset_dims(d.id());
  if (dims != h5::Dims{n_global, n, width, 2})
    throw core::InputError(fmt::format("--restart: `{}`: {} has shape [{}, {}, {}, {}], not the [{}, {}, {}, 2] of this "
                                       "deck (grid and angular resolution must not change)",
                                       path, name, dims.size() > 0 ? dims[0] : 0, dims.size() > 1 ? dims[1] : 0,
                                       dims.size() > 2 ? dims[2] : 0, dims.size() > 3 ? dims[3] : 0, n_global, n, width));
  const auto data = h5::read_block<double>(g, name, {kx0, 0, 0, 0}, {nkx, n, width, 2});
  v.assign(reinterpret_cast<const cplx*>(data.data()), reinterpret_cast<const cplx*>(data.data()) + data.size() / 2);
}

}  // namespace

CheckpointInfo read_checkpoint_info(const std::string& path, MPI_Comm comm) {
  if (!std::filesystem::exists(path)) throw core::InputError(fmt::format("--restart: `{}` does not exist", path));
  if (!h5::is_hdf5(path)) throw core::InputError(fmt::format("--restart: `{}` is not an HDF5 file", path));
  h5::File f = h5::File::open(path, comm);
  if (!h5::exists(f.id(), "/checkpoint"))
    throw core::InputError(fmt::format("--restart: `{}` is not a noneq-active-fluid checkpoint", path));
  h5::Handle g = h5::open_group(f.id(), "/checkpoint");
  if (!h5::has_attr(g.id(), "modes") || !h5::exists(g.id(), "psi"))
    throw core::InputError(fmt::format("--restart: `{}` is not a noneq-active-fluid checkpoint", path));
  CheckpointInfo i;
  i.time = h5::attr_real(g.id(), "time");
  i.step = h5::attr_int(g.id(), "step");
  i.records = h5::attr_int(g.id(), "records");
  i.frames = h5::attr_int(g.id(), "frames");
  i.psi_frames = h5::attr_int(g.id(), "psi_frames");
  i.modes = h5::attr_int(g.id(), "modes");
  i.run_id = h5::attr_string(g.id(), "run_id");
  i.deck = h5::read_string(g.id(), "deck");
  return i;
}

void write_checkpoint(const std::string& path, Fluid& fluid, const CheckpointInfo& info, MPI_Comm comm) {
  const Spectral& s = fluid.spectral();
  const auto n = static_cast<hsize_t>(s.n()), kx0 = static_cast<hsize_t>(s.kx0()), nkx = static_cast<hsize_t>(s.nkx());
  const auto H = static_cast<hsize_t>(fluid.modes());
  auto a = fluid.arrays();
  h5::create_atomically(path, comm, [&](h5::File& f) {
    write_info(f, info, comm);
    h5::Handle g = h5::open_group(f.id(), "/checkpoint");
    write_array(g.id(), "psi", *a.psi, n, kx0, nkx, n, H);
    write_array(g.id(), "psi_prev", *a.psi_prev, n, kx0, nkx, n, H);
    write_array(g.id(), "nl", *a.nl, n, kx0, nkx, n, H);
    write_array(g.id(), "nl_prev", *a.nl_prev, n, kx0, nkx, n, H);
    write_array(g.id(), "uhat", *a.uhat, n, kx0, nkx, n, 2);
    write_array(g.id(), "uhat_prev", *a.uhat_prev, n, kx0, nkx, n, 2);
  });
}

void read_checkpoint(const std::string& path, Fluid& fluid, MPI_Comm comm) {
  const Spectral& s = fluid.spectral();
  const auto n = static_cast<hsize_t>(s.n()), kx0 = static_cast<hsize_t>(s.kx0()), nkx = static_cast<hsize_t>(s.nkx());
  const auto H = static_cast<hsize_t>(fluid.modes());
  auto a = fluid.arrays();
  h5::File f = h5::File::open(path, comm);
  h5::Handle g = h5::open_group(f.id(), "/checkpoint");
  read_array(g.id(), "psi", *a.psi, n, kx0, nkx, n, H, path);
  read_array(g.id(), "psi_prev", *a.psi_prev, n, kx0, nkx, n, H, path);
  read_array(g.id(), "nl", *a.nl, n, kx0, nkx, n, H, path);
  read_array(g.id(), "nl_prev", *a.nl_prev, n, kx0, nkx, n, H, path);
  read_array(g.id(), "uhat", *a.uhat, n, kx0, nkx, n, 2, path);
  read_array(g.id(), "uhat_prev", *a.uhat_prev, n, kx0, nkx, n, 2, path);
  fluid.restore(h5::attr_real(g.id(), "time"), h5::attr_int(g.id(), "step"));
}

void write_checkpoint(const std::string& path, Homogeneous& hom, const CheckpointInfo& info, MPI_Comm comm) {
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  const auto H = static_cast<hsize_t>(hom.modes());
  auto a = hom.arrays();
  h5::create_atomically(path, comm, [&](h5::File& f) {
    write_info(f, info, comm);
    h5::Handle g = h5::open_group(f.id(), "/checkpoint");
    // Replicated state: rank 0 writes.
    const hsize_t one = rank == 0 ? 1 : 0;
    for (auto [name, v] : {std::pair{"psi", a.psi}, {"psi_prev", a.psi_prev}, {"nl", a.nl}, {"nl_prev", a.nl_prev}}) {
      h5::Handle d = h5::create_dataset(g.id(), name, H5T_NATIVE_DOUBLE, {1, 1, H, 2});
      h5::write_block(d.id(), {0, 0, 0, 0}, {one, 1, H, 2}, reinterpret_cast<const double*>(v->data()));
    }
  });
}

void read_checkpoint(const std::string& path, Homogeneous& hom, MPI_Comm comm) {
  const auto H = static_cast<hsize_t>(hom.modes());
  auto a = hom.arrays();
  h5::File f = h5::File::open(path, comm);
  h5::Handle g = h5::open_group(f.id(), "/checkpoint");
  for (auto [name, v] : {std::pair{"psi", a.psi}, {"psi_prev", a.psi_prev}, {"nl", a.nl}, {"nl_prev", a.nl_prev}})
    read_array(g.id(), name, *v, 1, 0, 1, 1, H, path);
  hom.restore(h5::attr_real(g.id(), "time"), h5::attr_int(g.id(), "step"));
}

}  // namespace noneq::kinetic::active_fluid
