#include "langevin/io.hpp"

#include <fmt/core.h>

#include <cmath>
#include <cstdio>
#include <filesystem>

#include "core/error.hpp"
#include "core/version.hpp"

namespace noneq::langevin {

namespace h5 = core::h5;
using h5::Dims;

std::int64_t block_first(std::int64_t N, int P, int r) {
  return static_cast<std::int64_t>(static_cast<__int128>(N) * r / P);
}

std::vector<double> gather_by_id(const Particles& p, int width, const std::function<void(std::size_t, double*)>& pack,
                                 MPI_Comm comm, std::int64_t N, std::int64_t& first, std::int64_t& count) {
  int P = 1, rank = 0;
  MPI_Comm_size(comm, &P);
  MPI_Comm_rank(comm, &rank);
  first = block_first(N, P, rank);
  count = block_first(N, P, rank + 1) - first;
  const int w1 = width + 1;
  auto dest_of = [&](std::int64_t id) {
    int r = static_cast<int>(static_cast<__int128>(id) * P / N);
    while (r + 1 < P && block_first(N, P, r + 1) <= id) ++r;
    while (r > 0 && block_first(N, P, r) > id) --r;
    return r;
  };
  // Counts in rows (particles) through a contiguous row type: no 32-bit overflow of value counts.
  std::vector<int> sc(P, 0), rc(P), sd(P + 1, 0), rd(P + 1, 0);
  std::vector<int> dest(p.n);
  for (std::size_t i = 0; i < p.n; ++i) ++sc[dest[i] = dest_of(p.id[i])];
  MPI_Alltoall(sc.data(), 1, MPI_INT, rc.data(), 1, MPI_INT, comm);
  for (int r = 0; r < P; ++r) sd[r + 1] = sd[r] + sc[r], rd[r + 1] = rd[r] + rc[r];
  std::vector<double> sbuf(static_cast<std::size_t>(sd[P]) * w1), rbuf(static_cast<std::size_t>(rd[P]) * w1);
  std::vector<std::size_t> fill(P);
  for (int r = 0; r < P; ++r) fill[r] = static_cast<std::size_t>(sd[r]);
  for (std::size_t i = 0; i < p.n; ++i) {
    double* row = &sbuf[fill[dest[i]]++ * w1];
    row[0] = static_cast<double>(p.id[i]);
    pack(i, row + 1);
  }
  MPI_Datatype row_type;
  MPI_Type_contiguous(w1, MPI_DOUBLE, &row_type);
  MPI_Type_commit(&row_type);
  MPI_Alltoallv(sbuf.data(), sc.data(), sd.data(), row_type, rbuf.data(), rc.data(), rd.data(), row_type, comm);
  MPI_Type_free(&row_type);
  std::vector<double> rows(static_cast<std::size_t>(count) * width);
  const std::size_t received = rbuf.size() / w1;
  if (static_cast<std::int64_t>(received) != count)
    throw std::logic_error(fmt::format("gather_by_id: rank {} received {} particles for a block of {}", rank,
                                       received, count));
  for (std::size_t k = 0; k < received; ++k) {
    const double* row = &rbuf[k * w1];
    const auto at = static_cast<std::size_t>(static_cast<std::int64_t>(row[0]) - first);
    std::copy(row + 1, row + w1, &rows[at * width]);
  }
  return rows;
}

namespace {

const char* kPos = "/particles/all/position";

h5::Series series(hid_t loc, const std::string& name, const Dims& frame, hid_t type, MPI_Comm comm, bool create) {
  return create ? h5::Series(loc, name, frame, type, comm) : h5::Series::open(loc, name, type, comm);
}

void link(hid_t file, const std::string& target, const std::string& name) {
  h5::check_status(H5Lcreate_hard(file, target.c_str(), file, name.c_str(), H5P_DEFAULT, H5P_DEFAULT),
                   "H5Lcreate_hard");
}

// Extracts columns [c0, c0 + k) of rows of `width` into a contiguous block.
template <class T>
std::vector<T> columns(const std::vector<double>& rows, int width, int c0, int k) {
  const std::size_t n = rows.size() / static_cast<std::size_t>(width);
  std::vector<T> out(n * k);
  for (std::size_t i = 0; i < n; ++i)
    for (int j = 0; j < k; ++j) out[i * k + j] = static_cast<T>(rows[i * width + c0 + j]);
  return out;
}

}  // namespace

Output::Output(const std::string& path, const Config& config, const Domain& domain, const Particles& p,
               const std::vector<std::string>& observables, const core::RunInfo& info, const std::string& run_id)
    : c_(config), d_(domain) {
  file_ = h5::File::create(path, domain.comm());
  core::write_header(file_, info);
  h5::set_attr(file_.id(), "run_id", run_id);
  {
    h5::Handle g = h5::create_group(file_.id(), "/h5md");
    h5::set_attr(g, "version", std::vector<std::int64_t>{1, 0});
    h5::Handle a = h5::create_group(g, "author");
    h5::set_attr(a, "name", "noneq");
    h5::Handle cr = h5::create_group(g, "creator");
    h5::set_attr(cr, "name", "noneq-langevin");
    h5::set_attr(cr, "version", core::kVersion);
  }
  {
    h5::Handle par = h5::create_group(file_.id(), "/parameters");
    h5::write_string(par, "deck", info.effective_deck, domain.comm());
    h5::set_attr(par, "model", model_name(config.model));
    h5::set_attr(par, "dimension", config.dim);
    h5::set_attr(par, "particles", config.particles);
    h5::set_attr(par, "box", std::vector<double>(config.box.begin(), config.box.begin() + config.dim));
    h5::set_attr(par, "v0", config.v0);
    h5::set_attr(par, "translational_diffusion", config.translational_diffusion);
    h5::set_attr(par, "rotational_diffusion", config.rotational_diffusion);
    h5::set_attr(par, "persistence_time", config.persistence_time);
    h5::set_attr(par, "mobility", config.mobility);
    h5::set_attr(par, "mass", config.mass);
    h5::set_attr(par, "friction", config.friction);
    h5::set_attr(par, "kT", config.kT());
    h5::set_attr(par, "sigma", config.sigma);
    h5::set_attr(par, "epsilon", config.epsilon);
    h5::set_attr(par, "stiffness", config.stiffness);
    h5::set_attr(par, "dt", config.dt);
    h5::set_attr(par, "seed", static_cast<std::int64_t>(config.seed));
    h5::set_attr(par, "map_cell", config.map_cell);
  }
  {
    h5::create_group(file_.id(), "/particles");
    h5::Handle all = h5::create_group(file_.id(), "/particles/all");
    h5::Handle box = h5::create_group(all, "box");
    h5::set_attr(box, "dimension", config.dim);
    h5::set_attr(box, "boundary", std::vector<std::string>(static_cast<std::size_t>(config.dim), "periodic"));
    // id: rows are ordered by id.
    h5::Handle id = h5::create_dataset(all, "id", H5T_NATIVE_INT64, {static_cast<hsize_t>(config.particles)});
    int P = domain.size();
    const std::int64_t first = block_first(config.particles, P, domain.rank());
    const std::int64_t count = block_first(config.particles, P, domain.rank() + 1) - first;
    std::vector<std::int64_t> ids(static_cast<std::size_t>(count));
    for (std::int64_t k = 0; k < count; ++k) ids[static_cast<std::size_t>(k)] = first + k;
    h5::write_block(id.id(), {static_cast<hsize_t>(first)}, {static_cast<hsize_t>(count)}, ids.data());
  }
  open_all(true, p, observables);
}

void Output::open_all(bool create, const Particles& p, const std::vector<std::string>& observables) {
  MPI_Comm comm = d_.comm();
  const hsize_t N = static_cast<hsize_t>(c_.particles), d = static_cast<hsize_t>(c_.dim);
  hid_t f = file_.id();
  if (create)
    for (const char* g : {"/particles/all/position", "/particles/all/image", "/particles/all/box/edges"})
      h5::create_group(f, g);
  pos_step_ = series(f, std::string(kPos) + "/step", {}, H5T_NATIVE_INT64, comm, create);
  pos_time_ = series(f, std::string(kPos) + "/time", {}, H5T_NATIVE_DOUBLE, comm, create);
  position_ = series(f, std::string(kPos) + "/value", {N, d}, H5T_NATIVE_DOUBLE, comm, create);
  image_ = series(f, "/particles/all/image/value", {N, d}, H5T_NATIVE_INT32, comm, create);
  edges_ = series(f, "/particles/all/box/edges/value", {d, d}, H5T_NATIVE_DOUBLE, comm, create);
  std::vector<std::string> linked = {"/particles/all/image", "/particles/all/box/edges"};
  auto element = [&](const char* name, bool has, h5::Series& s) {
    if (!has) return;
    const std::string g = std::string("/particles/all/") + name;
    if (create) h5::create_group(f, g), linked.push_back(g);
    s = series(f, g + "/value", {N, d}, H5T_NATIVE_DOUBLE, comm, create);
  };
  element("orientation", p.has_e, orientation_);
  element("velocity", p.has_v, velocity_);
  element("propulsion", p.has_g, propulsion_);
  if (create)
    for (const auto& g : linked) link(f, std::string(kPos) + "/step", g + "/step"), link(f, std::string(kPos) + "/time", g + "/time");

  // Observables: step/time of the first one, hard-linked from the others.
  const std::string o0 = "/observables/" + observables.at(0);
  const MapGrid map(c_.dim, c_.box, c_.map_cell);
  Dims mapdims;
  for (int a = c_.dim - 1; a >= 0; --a) mapdims.push_back(static_cast<hsize_t>(map.m[a]));
  const hsize_t bins = static_cast<hsize_t>(c_.density_bins);
  const hsize_t counts = static_cast<hsize_t>(map.max_count(c_.particle_volume()) + 1);
  std::vector<std::pair<std::string, Dims>> arrays = {{"local_density_histogram", {counts}},
                                                      {"epr_by_density", {bins}},
                                                      {"epr_map", mapdims},
                                                      {"density_map", mapdims}};
  if (create) {
    h5::create_group(f, "/observables");
    for (const auto& name : observables) h5::create_group(f, "/observables/" + name);
    for (const auto& a : arrays) h5::create_group(f, "/observables/" + a.first);
  }
  obs_step_ = series(f, o0 + "/step", {}, H5T_NATIVE_INT64, comm, create);
  obs_time_ = series(f, o0 + "/time", {}, H5T_NATIVE_DOUBLE, comm, create);
  scalars_.clear();
  for (const auto& name : observables)
    scalars_.push_back(series(f, "/observables/" + name + "/value", {}, H5T_NATIVE_DOUBLE, comm, create));
  histogram_ = series(f, "/observables/local_density_histogram/value", arrays[0].second, H5T_NATIVE_DOUBLE, comm, create);
  epr_by_density_ = series(f, "/observables/epr_by_density/value", arrays[1].second, H5T_NATIVE_DOUBLE, comm, create);
  epr_map_ = series(f, "/observables/epr_map/value", arrays[2].second, H5T_NATIVE_DOUBLE, comm, create);
  density_map_ = series(f, "/observables/density_map/value", arrays[3].second, H5T_NATIVE_DOUBLE, comm, create);
  if (create) {
    for (std::size_t k = 1; k < observables.size(); ++k)
      link(f, o0 + "/step", "/observables/" + observables[k] + "/step"),
          link(f, o0 + "/time", "/observables/" + observables[k] + "/time");
    for (const auto& a : arrays)
      link(f, o0 + "/step", "/observables/" + a.first + "/step"),
          link(f, o0 + "/time", "/observables/" + a.first + "/time");
    h5::Handle m = h5::open_group(f, "/observables/epr_map");
    h5::set_attr(m, "cell", std::vector<double>(map.h.begin(), map.h.begin() + c_.dim));
    h5::set_attr(m, "unit", "k_B per unit volume and time (window mean); axes [(z,) y, x]");
    h5::Handle dm = h5::open_group(f, "/observables/density_map");
    h5::set_attr(dm, "cell", std::vector<double>(map.h.begin(), map.h.begin() + c_.dim));
    h5::set_attr(dm, "unit", "particles per unit volume (window mean); axes [(z,) y, x]");
    h5::Handle hg = h5::open_group(f, "/observables/local_density_histogram");
    h5::set_attr(hg, "packing_fraction_per_count", c_.particle_volume() / map.cell_volume());
    h5::set_attr(hg, "unit", "fraction of map cells holding n = 0, 1, ... particles (instantaneous; last bin: n or more)");
    h5::Handle eb = h5::open_group(f, "/observables/epr_by_density");
    h5::set_attr(eb, "bin_edges", std::vector<double>{0.0, 1.0});
    h5::set_attr(eb, "unit", "k_B per particle and unit time, binned by the window-mean local packing fraction");
  }
  frames_ = static_cast<std::int64_t>(position_.frames());
  records_ = static_cast<std::int64_t>(obs_step_.frames());
}

std::unique_ptr<Output> Output::reopen(const std::string& path, const Config& config, const Domain& domain,
                                       const Particles& p, const std::vector<std::string>& observables,
                                       const std::string& run_id, std::int64_t frames, std::int64_t records) {
  std::unique_ptr<Output> o(new Output(config, domain));
  o->file_ = h5::File::open(path, domain.comm(), true);
  const std::string id = h5::has_attr(o->file_.id(), "run_id") ? h5::attr_string(o->file_.id(), "run_id") : "";
  if (id != run_id)
    throw core::InputError(fmt::format("--restart: {} was not written by the run of this checkpoint (run_id {} != {})",
                                       path, id, run_id));
  o->open_all(false, p, observables);
  if (o->frames_ < frames || o->records_ < records)
    throw core::InputError(fmt::format("--restart: {} holds fewer frames than the checkpoint expects", path));
  for (h5::Series* s : {&o->pos_step_, &o->pos_time_, &o->position_, &o->image_, &o->edges_})
    s->truncate(static_cast<hsize_t>(frames));
  for (h5::Series* s : {&o->orientation_, &o->velocity_, &o->propulsion_})
    if (s->id() >= 0) s->truncate(static_cast<hsize_t>(frames));
  for (h5::Series* s : {&o->obs_step_, &o->obs_time_, &o->histogram_, &o->epr_by_density_, &o->epr_map_, &o->density_map_})
    s->truncate(static_cast<hsize_t>(records));
  for (auto& s : o->scalars_) s.truncate(static_cast<hsize_t>(records));
  o->frames_ = frames, o->records_ = records;
  core::mark_complete(o->file_, false);
  return o;
}

void Output::write_frame(const Particles& p, std::int64_t step, double time) {
  const int d = c_.dim;
  int width = 2 * d;  // position, image
  if (p.has_e) width += d;
  if (p.has_v) width += d;
  if (p.has_g) width += d;
  std::int64_t first = 0, count = 0;
  Particles& q = const_cast<Particles&>(p);
  const auto rows = gather_by_id(
      p, width,
      [&](std::size_t i, double* row) {
        for (int a = 0; a < d; ++a) {
          const double L = c_.box[a];
          double k = std::floor(q.x[a][i] / L);
          row[a] = q.x[a][i] - k * L;
          if (row[a] >= L) row[a] -= L, k += 1;  // round-off: x just below 0 maps to L
          if (row[a] < 0) row[a] = 0;
          row[d + a] = q.image[a][i] + k;
        }
        int o = 2 * d;
        if (p.has_e)
          for (int a = 0; a < d; ++a) row[o++] = q.e[a][i];
        if (p.has_v)
          for (int a = 0; a < d; ++a) row[o++] = q.v[a][i];
        if (p.has_g)
          for (int a = 0; a < d; ++a) row[o++] = q.g[a][i];
      },
      d_.comm(), c_.particles, first, count);
  const Dims start{static_cast<hsize_t>(first), 0}, cnt{static_cast<hsize_t>(count), static_cast<hsize_t>(d)};
  pos_step_.append_root(&step);
  pos_time_.append_root(&time);
  position_.append_block(start, cnt, columns<double>(rows, width, 0, d).data());
  image_.append_block(start, cnt, columns<std::int32_t>(rows, width, d, d).data());
  std::vector<double> edges(static_cast<std::size_t>(d * d), 0.0);
  for (int a = 0; a < d; ++a) edges[static_cast<std::size_t>(a * d + a)] = c_.box[a];
  edges_.append_root(edges.data());
  int o = 2 * d;
  if (p.has_e) orientation_.append_block(start, cnt, columns<double>(rows, width, o, d).data()), o += d;
  if (p.has_v) velocity_.append_block(start, cnt, columns<double>(rows, width, o, d).data()), o += d;
  if (p.has_g) propulsion_.append_block(start, cnt, columns<double>(rows, width, o, d).data()), o += d;
  ++frames_;
}

void Output::write_record(const Record& r, std::int64_t step, double time) {
  obs_step_.append_root(&step);
  obs_time_.append_root(&time);
  for (std::size_t k = 0; k < scalars_.size(); ++k) scalars_[k].append_root(&r.values[k]);
  histogram_.append_root(r.density_histogram.data());
  epr_by_density_.append_root(r.epr_by_density.data());
  epr_map_.append_root(r.epr_map.data());
  density_map_.append_root(r.density_map.data());
  ++records_;
}

void Output::finish(bool complete) {
  core::mark_complete(file_, complete);
  file_.flush();
}

// ------------------------------------------------------------------------------- checkpoint

namespace {
struct SumSlots {
  static constexpr int kCount = 8;
  static void to(const StepSums& s, double* v) {
    v[0] = static_cast<double>(s.steps), v[1] = s.epr, v[2] = s.active_power, v[3] = s.e_dot_f, v[4] = s.kinetic,
    v[5] = s.virial, v[6] = s.potential, v[7] = 0;
  }
  static void from(StepSums& s, const double* v) {
    s.steps = static_cast<std::int64_t>(v[0]), s.epr = v[1], s.active_power = v[2], s.e_dot_f = v[3],
    s.kinetic = v[4], s.virial = v[5], s.potential = v[6];
  }
};
}  // namespace

void write_checkpoint(const std::string& path, const Config& config, const Domain& domain, Particles& p,
                      const StepSums& sums, const CheckpointInfo& info) {
  MPI_Comm comm = domain.comm();
  auto reals = p.real_columns();
  auto ints = p.int_columns();
  int width = 0;
  for (auto& c : reals) width += c.comps;
  for (auto& c : ints) width += c.comps;
  std::int64_t first = 0, count = 0;
  const auto rows = gather_by_id(
      p, width,
      [&](std::size_t i, double* row) {
        for (auto& c : reals)
          for (int a = 0; a < c.comps; ++a) *row++ = (*c.data[a])[i];
        for (auto& c : ints)
          for (int a = 0; a < c.comps; ++a) *row++ = (*c.data[a])[i];
      },
      comm, config.particles, first, count);
  h5::create_atomically(path, comm, [&](h5::File& f) {
    h5::Handle g = h5::create_group(f.id(), "/checkpoint");
    h5::set_attr(g, "step", info.step);
    h5::set_attr(g, "frames", info.frames);
    h5::set_attr(g, "records", info.records);
    h5::set_attr(g, "run_id", info.run_id);
    h5::set_attr(g, "dimension", config.dim);
    h5::set_attr(g, "particles", config.particles);
    h5::set_attr(g, "model", model_name(config.model));
    h5::set_attr(g, "seed", static_cast<std::int64_t>(config.seed));
    h5::write_string(g, "deck", info.deck, comm);
    const hsize_t N = static_cast<hsize_t>(config.particles);
    int c0 = 0;
    for (auto& c : reals) {
      h5::Handle ds = h5::create_dataset(g, c.name, H5T_NATIVE_DOUBLE, {N, static_cast<hsize_t>(c.comps)});
      h5::write_block(ds.id(), {static_cast<hsize_t>(first), 0}, {static_cast<hsize_t>(count), static_cast<hsize_t>(c.comps)},
                      columns<double>(rows, width, c0, c.comps).data());
      c0 += c.comps;
    }
    for (auto& c : ints) {
      h5::Handle ds = h5::create_dataset(g, c.name, H5T_NATIVE_INT64, {N, static_cast<hsize_t>(c.comps)});
      h5::write_block(ds.id(), {static_cast<hsize_t>(first), 0}, {static_cast<hsize_t>(count), static_cast<hsize_t>(c.comps)},
                      columns<std::int64_t>(rows, width, c0, c.comps).data());
      c0 += c.comps;
    }
    double loc[SumSlots::kCount], tot[SumSlots::kCount];
    SumSlots::to(sums, loc);
    loc[0] = domain.rank() == 0 ? loc[0] : 0;  // every rank counts the same steps
    MPI_Allreduce(loc, tot, SumSlots::kCount, MPI_DOUBLE, MPI_SUM, comm);
    h5::set_attr(g, "window", std::vector<double>(tot, tot + SumSlots::kCount));
    const std::size_t cells = sums.epr_map.size();
    std::vector<double> maps(2 * cells), red(domain.rank() == 0 ? 2 * cells : 0);
    std::copy(sums.epr_map.begin(), sums.epr_map.end(), maps.begin());
    std::copy(sums.count_map.begin(), sums.count_map.end(), maps.begin() + static_cast<long>(cells));
    MPI_Reduce(maps.data(), domain.rank() == 0 ? red.data() : nullptr, static_cast<int>(2 * cells), MPI_DOUBLE, MPI_SUM, 0,
               comm);
    h5::write_root(g, "window_maps", {2, static_cast<hsize_t>(cells)}, red, comm);
  });
}

namespace {
void require_file(const std::string& path, const char* what) {
  if (!std::filesystem::exists(path)) throw core::InputError(fmt::format("{}: `{}` does not exist", what, path));
  if (!h5::is_hdf5(path)) throw core::InputError(fmt::format("{}: `{}` is not an HDF5 file", what, path));
}
}  // namespace

CheckpointInfo read_checkpoint(const std::string& path, const Config& config, const Domain& domain, Particles& p,
                               StepSums& sums) {
  require_file(path, "--restart");
  CheckpointInfo info;
  h5::File f = h5::File::open(path, domain.comm());
  if (!h5::exists(f.id(), "/checkpoint"))
    throw core::InputError(fmt::format("--restart: `{}` is not a noneq-langevin checkpoint (no /checkpoint)", path));
  h5::Handle g = h5::open_group(f.id(), "/checkpoint");
  auto mismatch = [&](const char* what, const std::string& have, const std::string& want) {
    if (have != want)
      throw core::InputError(fmt::format("--restart: checkpoint `{}` has {} = {}, the deck says {}", path, what, have, want));
  };
  mismatch("dimension", std::to_string(h5::attr_int(g, "dimension")), std::to_string(config.dim));
  mismatch("particles", std::to_string(h5::attr_int(g, "particles")), std::to_string(config.particles));
  mismatch("model", h5::attr_string(g, "model"), model_name(config.model));
  info.step = h5::attr_int(g, "step");
  info.frames = h5::attr_int(g, "frames");
  info.records = h5::attr_int(g, "records");
  info.run_id = h5::attr_string(g, "run_id");
  if (h5::exists(g, "deck")) info.deck = h5::read_string(g, "deck");
  const std::int64_t first = block_first(config.particles, domain.size(), domain.rank());
  const std::int64_t count = block_first(config.particles, domain.size(), domain.rank() + 1) - first;
  p.resize(static_cast<std::size_t>(count));
  for (std::int64_t k = 0; k < count; ++k) p.id[static_cast<std::size_t>(k)] = first + k;
  for (auto& c : p.real_columns()) {
    if (!h5::exists(g, c.name))
      throw core::InputError(fmt::format("--restart: checkpoint `{}` lacks `{}` (written for another model?)", path, c.name));
    const auto v = h5::read_block<double>(g, c.name, {static_cast<hsize_t>(first), 0},
                                          {static_cast<hsize_t>(count), static_cast<hsize_t>(c.comps)});
    for (std::int64_t k = 0; k < count; ++k)
      for (int a = 0; a < c.comps; ++a) (*c.data[a])[static_cast<std::size_t>(k)] = v[static_cast<std::size_t>(k * c.comps + a)];
  }
  for (auto& c : p.int_columns()) {
    const auto v = h5::read_block<std::int64_t>(g, c.name, {static_cast<hsize_t>(first), 0},
                                                {static_cast<hsize_t>(count), static_cast<hsize_t>(c.comps)});
    for (std::int64_t k = 0; k < count; ++k)
      for (int a = 0; a < c.comps; ++a)
        (*c.data[a])[static_cast<std::size_t>(k)] = static_cast<std::int32_t>(v[static_cast<std::size_t>(k * c.comps + a)]);
  }
  const auto w = h5::attr_reals(g, "window");
  sums.clear();
  if (domain.rank() == 0) {
    SumSlots::from(sums, w.data());
    const auto maps = h5::read_all<double>(g, "window_maps");
    const std::size_t cells = sums.epr_map.size();
    if (maps.size() == 2 * cells) {
      std::copy(maps.begin(), maps.begin() + static_cast<long>(cells), sums.epr_map.begin());
      std::copy(maps.begin() + static_cast<long>(cells), maps.end(), sums.count_map.begin());
    }
  } else {
    sums.steps = static_cast<std::int64_t>(w[0]);
  }
  return info;
}

bool read_initial_positions(const std::string& path, const Config& config, const Domain& domain, Particles& p) {
  require_file(path, "[system] init_file");
  try {
    h5::File f = h5::File::open(path, domain.comm());
    const std::int64_t first = block_first(config.particles, domain.size(), domain.rank());
    const std::int64_t count = block_first(config.particles, domain.size(), domain.rank() + 1) - first;
    const hsize_t d = static_cast<hsize_t>(config.dim);
    std::string pos, ori;
    Dims lead;  // leading index (frame) for H5MD
    if (h5::exists(f.id(), "/checkpoint/position")) {
      pos = "/checkpoint/position";
      if (h5::exists(f.id(), "/checkpoint/orientation")) ori = "/checkpoint/orientation";
    } else if (h5::exists(f.id(), "/particles/all/position/value")) {
      pos = "/particles/all/position/value";
      if (h5::exists(f.id(), "/particles/all/orientation/value")) ori = "/particles/all/orientation/value";
      h5::Handle ds = h5::open_dataset(f.id(), pos);
      const Dims dims = h5::dataset_dims(ds);
      if (dims.empty() || dims[0] == 0)
        throw core::InputError(fmt::format("[system] init_file: `{}` has no trajectory frame", path));
      lead = {dims[0] - 1};
    } else {
      throw core::InputError(fmt::format(
          "[system] init_file: `{}` holds neither /checkpoint/position nor /particles/all/position", path));
    }
    h5::Handle ds = h5::open_dataset(f.id(), pos);
    const Dims dims = h5::dataset_dims(ds);
    const Dims want = lead.empty() ? Dims{static_cast<hsize_t>(config.particles), d}
                                   : Dims{dims[0], static_cast<hsize_t>(config.particles), d};
    if (dims != want)
      throw core::InputError(fmt::format("[system] init_file: `{}` {} does not hold {} particles in {}D", path, pos,
                                         config.particles, config.dim));
    auto read = [&](const std::string& name) {
      Dims start = lead, cnt;
      for (std::size_t k = 0; k < lead.size(); ++k) cnt.push_back(1);
      start.push_back(static_cast<hsize_t>(first)), start.push_back(0);
      cnt.push_back(static_cast<hsize_t>(count)), cnt.push_back(d);
      return h5::read_block<double>(f.id(), name, start, cnt);
    };
    const auto x = read(pos);
    std::vector<double> e;
    if (!ori.empty() && p.has_e) e = read(ori);
    p.resize(static_cast<std::size_t>(count));
    for (std::int64_t k = 0; k < count; ++k) {
      const auto i = static_cast<std::size_t>(k);
      p.id[i] = first + k;
      for (int a = 0; a < config.dim; ++a) {
        p.x[a][i] = x[i * d + a];
        if (!e.empty()) p.e[a][i] = e[i * d + a];
      }
    }
    if (!e.empty() && config.dim == 2)
      for (std::size_t i = 0; i < p.n; ++i) p.theta[i] = std::atan2(p.e[1][i], p.e[0][i]);
    return !e.empty();
  } catch (const core::LibraryError& err) {
    throw core::InputError(fmt::format("[system] init_file: cannot read `{}`: {}", path, err.what()));
  }
}

}  // namespace noneq::langevin
