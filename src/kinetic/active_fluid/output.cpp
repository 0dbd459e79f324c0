#include "kinetic/active_fluid/output.hpp"

#include <fmt/core.h>

#include <filesystem>

#include "core/error.hpp"
#include "core/xdmf.hpp"
#include "kinetic/active_fluid/observables.hpp"

namespace noneq::kinetic::active_fluid {

namespace h5 = core::h5;

namespace {
const char* kScalars[] = {"c", "D_xx", "D_xy", "D_yy", "order", "vorticity"};
const char* kVectors[] = {"n", "u"};
}  // namespace

Output::Output(const Config& config, const Spectral* fft, const core::RunInfo& info, const std::string& run_id,
               int modes, MPI_Comm comm)
    : Output(config, fft, comm) {
  modes_ = modes;
  file_ = h5::File::create(cfg_.file, comm);
  core::write_header(file_, info);
  {
    h5::Handle prov = h5::open_group(file_.id(), "/provenance");
    h5::set_attr(prov.id(), "run_id", run_id);
  }
  const hid_t root = file_.id();
  h5::set_attr(root, "level", level_name(cfg_.level));
  h5::set_attr(root, "geometry", cfg_.geometry == Geometry::Periodic ? "periodic" : "homogeneous");
  h5::set_attr(root, "closure", cfg_.level == Level::Moments ? closure_name(cfg_.closure) : "none");
  h5::set_attr(root, "modes", static_cast<std::int64_t>(modes));
  h5::set_attr(root, "alpha", cfg_.physics.alpha);
  h5::set_attr(root, "beta", cfg_.physics.beta);
  h5::set_attr(root, "zeta", cfg_.physics.zeta);
  h5::set_attr(root, "d_t", cfg_.physics.d_t);
  h5::set_attr(root, "d_r", cfg_.physics.d_r);
  h5::set_attr(root, "v0", cfg_.physics.v0);
  h5::set_attr(root, "concentration", cfg_.concentration);
  h5::set_attr(root, "shear_rate", cfg_.geometry == Geometry::Homogeneous ? cfg_.shear_rate : 0.0);
  if (fft_) {
    h5::Handle grid = h5::create_group(root, "/grid");
    std::vector<double> x(static_cast<std::size_t>(cfg_.n));
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<double>(i) * cfg_.dx();
    h5::write_root(grid.id(), "x", {x.size()}, x, comm);
    h5::write_root(grid.id(), "y", {x.size()}, x, comm);
    h5::set_attr(grid.id(), "length", cfg_.length);
    h5::set_attr(grid.id(), "points", cfg_.n);
    h5::set_attr(grid.id(), "centering", "node (periodic: x_i = i L/n)");
    if (cfg_.records_per_field() > 0) h5::create_group(root, "/fields");
  }
  h5::create_group(root, "/series");
  if (cfg_.records_per_psi() > 0) {
    h5::Handle g = h5::create_group(root, "/psi");
    h5::set_attr(g.id(), "description",
                 "angular Fourier modes mu_m(x) = int e^{i m theta} Psi(x, theta) dtheta, m = 0..modes-1 (re, im): "
                 "Psi = (1/2 pi) sum_m mu_m e^{-i m theta}");
  }
  open_series(true);
  h5::Handle sg = h5::open_group(root, "/series");
  for (const auto& spec : series_specs()) {
    h5::Handle d = h5::open_dataset(sg.id(), spec.name);
    h5::set_attr(d.id(), "description", spec.doc);
  }
  file_.flush();
}

void Output::open_series(bool create) {
  const hid_t dbl = H5T_NATIVE_DOUBLE;
  auto mk = [&](const std::string& name, const h5::Dims& frame) {
    return create ? h5::Series(file_.id(), name, frame, dbl, comm_) : h5::Series::open(file_.id(), name, dbl, comm_);
  };
  series_.clear();
  for (const auto& spec : series_specs())
    series_.push_back(mk(std::string("/series/") + spec.name, spec.width == 1 ? h5::Dims{} : h5::Dims{spec.width}));
  if (cfg_.records_per_psi() > 0) {
    const hsize_t np = fft_ ? static_cast<hsize_t>(cfg_.n) : 1, H = static_cast<hsize_t>(cfg_.max_mode() + 1);
    psi_time_ = mk("/psi/time", {});
    psi_modes_ = mk("/psi/modes", {np, np, H, 2});
    if (fft_) psi_u_ = mk("/psi/u", {np, np, 2});
  }
  if (!fft_) return;
  const auto n = static_cast<hsize_t>(cfg_.n);
  spectrum_ = mk("/series/energy_spectrum", {n / 2 + 1});
  if (cfg_.records_per_field() == 0) return;
  field_time_ = mk("/fields/time", {});
  scalars_.clear();
  vectors_.clear();
  for (const char* name : kScalars) scalars_.push_back(mk(std::string("/fields/") + name, {n, n}));
  for (const char* name : kVectors) vectors_.push_back(mk(std::string("/fields/") + name, {n, n, 2}));
}

std::unique_ptr<Output> Output::reopen(const Config& config, const Spectral* fft, const std::string& run_id,
                                       std::int64_t records, std::int64_t frames, std::int64_t psi_frames,
                                       MPI_Comm comm) {
  std::unique_ptr<Output> o(new Output(config, fft, comm));
  o->modes_ = config.max_mode() + 1;
  const std::string& path = config.file;
  if (!std::filesystem::exists(path))
    throw core::InputError(fmt::format("--restart: the output `{}` of the interrupted run is missing", path));
  o->file_ = h5::File::open(path, comm, /*writable=*/true);
  bool same_run = false;
  if (h5::exists(o->file_.id(), "/provenance")) {
    h5::Handle prov = h5::open_group(o->file_.id(), "/provenance");
    same_run = h5::has_attr(prov.id(), "run_id") && h5::attr_string(prov.id(), "run_id") == run_id;
  }
  if (!same_run)
    throw core::InputError(
        fmt::format("--restart: `{}` was not written by the run that wrote this checkpoint (run_id differs)", path));
  // A finished run may be continued to a later [time] end: it is incomplete until that run ends.
  core::mark_complete(o->file_, false);
  o->open_series(false);
  if (static_cast<std::int64_t>(o->series_[0].frames()) < records ||
      (o->field_time_.id() >= 0 && static_cast<std::int64_t>(o->field_time_.frames()) < frames))
    throw core::InputError(fmt::format("--restart: `{}` has fewer records than the checkpoint", path));
  for (auto& s : o->series_) s.truncate(static_cast<hsize_t>(records));
  if (o->spectrum_.id() >= 0) o->spectrum_.truncate(static_cast<hsize_t>(records));
  if (o->field_time_.id() >= 0) {
    o->field_time_.truncate(static_cast<hsize_t>(frames));
    for (auto& s : o->scalars_) s.truncate(static_cast<hsize_t>(frames));
    for (auto& s : o->vectors_) s.truncate(static_cast<hsize_t>(frames));
    const auto t = h5::read_all<double>(o->file_.id(), "/fields/time");
    o->field_times_.assign(t.begin(), t.begin() + frames);
  }
  if (o->psi_time_.id() >= 0) {
    if (static_cast<std::int64_t>(o->psi_time_.frames()) < psi_frames)
      throw core::InputError(fmt::format("--restart: `{}` has fewer Psi frames than the checkpoint", path));
    for (auto* s : {&o->psi_time_, &o->psi_modes_, &o->psi_u_})
      if (s->id() >= 0) s->truncate(static_cast<hsize_t>(psi_frames));
  }
  o->records_ = records;
  o->frames_ = frames;
  o->psi_frames_ = psi_frames;
  return o;
}

void Output::write_record(const std::vector<double>& record, const std::vector<double>& spectrum) {
  std::size_t at = 0;
  std::size_t k = 0;
  for (const auto& spec : series_specs()) {
    series_[k++].append_root(&record[at]);
    at += spec.width;
  }
  if (spectrum_.id() >= 0) spectrum_.append_root(spectrum.data());
  ++records_;
  file_.flush();
}

void Output::write_fields(double time, const FieldFrame& f) {
  const h5::Dims start{static_cast<hsize_t>(fft_->row0()), 0}, count{static_cast<hsize_t>(fft_->rows()),
                                                                       static_cast<hsize_t>(cfg_.n)};
  h5::Dims start2 = start, count2 = count;
  start2.push_back(0), count2.push_back(2);
  field_time_.append_root(&time);
  const std::vector<double>* sc[] = {&f.c, &f.Dxx, &f.Dxy, &f.Dyy, &f.order, &f.vorticity};
  for (std::size_t i = 0; i < scalars_.size(); ++i) scalars_[i].append_block(start, count, sc[i]->data());
  const std::vector<double>* vc[] = {&f.n, &f.u};
  for (std::size_t i = 0; i < vectors_.size(); ++i) vectors_[i].append_block(start2, count2, vc[i]->data());
  field_times_.push_back(time);
  ++frames_;
  file_.flush();
  write_xdmf();
}

void Output::write_psi(double time, const std::vector<double>& modes, const std::vector<double>& u) {
  const auto H = static_cast<hsize_t>(modes_);
  psi_time_.append_root(&time);
  if (fft_) {
    const auto n = static_cast<hsize_t>(cfg_.n), r0 = static_cast<hsize_t>(fft_->row0()),
               rows = static_cast<hsize_t>(fft_->rows());
    psi_modes_.append_block({r0, 0, 0, 0}, {rows, n, H, 2}, modes.data());
    psi_u_.append_block({r0, 0, 0}, {rows, n, 2}, u.data());
  } else {
    int rank = 0;
    MPI_Comm_rank(comm_, &rank);
    psi_modes_.append_block({0, 0, 0, 0}, {rank == 0 ? hsize_t{1} : 0, 1, H, 2}, modes.data());
  }
  ++psi_frames_;
  file_.flush();
}

void Output::write_xdmf() {
  int rank = 0;
  MPI_Comm_rank(comm_, &rank);
  if (rank != 0) return;
  core::XdmfGrid x;
  x.h5_file = std::filesystem::path(cfg_.file).filename().string();
  x.points = {static_cast<std::size_t>(cfg_.n), static_cast<std::size_t>(cfg_.n)};
  x.coordinates = {"/grid/x", "/grid/y"};
  x.times = field_times_;
  for (const char* name : kScalars) x.fields.push_back({name, std::string("/fields/") + name, true, 0});
  for (const char* name : kVectors) x.fields.push_back({name, std::string("/fields/") + name, true, 2});
  core::write_xdmf(core::xdmf_path_for(cfg_.file), x);
}

void Output::finish(bool complete) {
  core::mark_complete(file_, complete);
  series_.clear();
  scalars_.clear();
  vectors_.clear();
  spectrum_ = h5::Series();
  field_time_ = h5::Series();
  psi_time_ = h5::Series();
  psi_modes_ = h5::Series();
  psi_u_ = h5::Series();
  file_.close();
}

}  // namespace noneq::kinetic::active_fluid
