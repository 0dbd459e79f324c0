#include "fokker_planck/output.hpp"

#include <fmt/core.h>

#include <filesystem>

#include "core/error.hpp"
#include "core/xdmf.hpp"

namespace noneq::fokker_planck {

namespace h5 = core::h5;

h5::Dims Output::grid_dims(bool with_components) const {
  const Grid& g = solver_.grid();
  h5::Dims d;
  for (int a = g.dim - 1; a >= 0; --a) d.push_back(static_cast<hsize_t>(g.n[a]));
  if (with_components) d.push_back(static_cast<hsize_t>(g.dim));
  return d;
}

Output::Output(const std::string& path, Solver& solver, const core::RunInfo& info,
               const std::string& run_id)
    : path_(path), solver_(solver) {
  const MPI_Comm comm = solver.comm();
  file_ = h5::File::create(path, comm);
  core::write_header(file_, info);
  {
    h5::Handle prov = h5::open_group(file_.id(), "/provenance");
    h5::set_attr(prov.id(), "run_id", run_id);
  }
  h5::set_attr(file_.id(), "mode", solver.config().mode == Mode::Steady ? "steady" : "transient");
  h5::set_attr(file_.id(), "dim", solver.grid().dim);
  const Grid& g = solver.grid();
  {
    h5::Handle grid = h5::create_group(file_.id(), "/grid");
    const char* names[3] = {"x", "y", "z"};
    std::vector<std::string> bnames;
    std::vector<double> lo, hi, hs;
    std::vector<std::int64_t> cells;
    for (int a = 0; a < g.dim; ++a) {
      std::vector<double> x(static_cast<std::size_t>(g.n[a]));
      for (std::int64_t i = 0; i < g.n[a]; ++i) x[static_cast<std::size_t>(i)] = g.center(a, i);
      h5::write_root(grid.id(), names[a], {static_cast<hsize_t>(g.n[a])}, x, comm);
      bnames.push_back(boundary_name(g.boundary[a]));
      lo.push_back(g.lower[a]), hi.push_back(g.upper[a]), hs.push_back(g.h[a]), cells.push_back(g.n[a]);
    }
    h5::set_attr(grid.id(), "lower", lo);
    h5::set_attr(grid.id(), "upper", hi);
    h5::set_attr(grid.id(), "spacing", hs);
    h5::set_attr(grid.id(), "cells", cells);
    h5::set_attr(grid.id(), "boundary", bnames);
    h5::set_attr(grid.id(), "centering", "cell");
  }
  h5::Handle fields = h5::create_group(file_.id(), "/fields");
  h5::Handle series = h5::create_group(file_.id(), "/series");
  h5::set_attr(series.id(), "epr_definition",
               "Schnakenberg sum over edges of the SG face fluxes; -> int J.D^-1.J/p dx");
  open_series(true);
  // Diffusion field (static unless it reads t).
  const auto s = solver.local_start(), c = solver.local_count();
  h5::Dims start, count;
  for (int a = g.dim - 1; a >= 0; --a) start.push_back(static_cast<hsize_t>(s[a])), count.push_back(static_cast<hsize_t>(c[a]));
  start.push_back(0), count.push_back(static_cast<hsize_t>(g.dim));
  if (!solver.model().time_dependent()) {
    h5::Handle d = h5::create_dataset(fields.id(), "D", H5T_NATIVE_DOUBLE, grid_dims(true));
    const auto D = solver.local_diffusion();
    h5::write_block(d.id(), start, count, D.data());
    h5::set_attr(d.id(), "time_dependent", 0);
  }
  file_.flush();
}

void Output::open_series(bool create) {
  const MPI_Comm comm = solver_.comm();
  const hsize_t dim = static_cast<hsize_t>(solver_.grid().dim);
  const hid_t dbl = H5T_NATIVE_DOUBLE;
  auto mk = [&](const char* name, const h5::Dims& frame) {
    return create ? h5::Series(file_.id(), name, frame, dbl, comm) : h5::Series::open(file_.id(), name, dbl, comm);
  };
  time_ = mk("/series/time", {});
  mass_ = mk("/series/mass", {});
  mean_ = mk("/series/mean", {dim});
  cov_ = mk("/series/covariance", {dim, dim});
  entropy_ = mk("/series/entropy", {});
  epr_ = mk("/series/epr", {});
  survival_ = mk("/series/survival", {});
  outflow_ = mk("/series/outflow", {});
  min_p_ = mk("/series/min_p", {});
  if (solver_.config().write_fields) {
    p_ = mk("/fields/p", grid_dims(false));
    J_ = mk("/fields/J", grid_dims(true));
  }
  if (solver_.model().time_dependent()) {
    D_ = mk("/fields/D", grid_dims(true));
    if (create) h5::set_attr(D_.id(), "time_dependent", 1);
  }
  if (!create) {
    std::vector<double> t = h5::read_all<double>(file_.id(), "/series/time");
    times_.assign(t.begin(), t.end());
  }
}

Output Output::reopen(const std::string& path, Solver& solver, const std::string& run_id,
                      std::int64_t frames) {
  Output o(path, solver);
  if (!std::filesystem::exists(path))
    throw core::InputError(fmt::format("--restart: the output `{}` of the interrupted run is missing", path));
  o.file_ = h5::File::open(path, solver.comm(), /*writable=*/true);
  bool same_run = false;
  if (h5::exists(o.file_.id(), "/provenance")) {
    h5::Handle prov = h5::open_group(o.file_.id(), "/provenance");
    same_run = h5::has_attr(prov.id(), "run_id") && h5::attr_string(prov.id(), "run_id") == run_id;
  }
  if (!same_run)
    throw core::InputError(fmt::format(
        "--restart: `{}` was not written by the run that wrote this checkpoint (run_id differs)", path));
  if (h5::attr_int(o.file_.id(), "complete") == 1)
    throw core::InputError(fmt::format("--restart: `{}` is already complete; nothing to resume", path));
  o.open_series(false);
  if (static_cast<std::int64_t>(o.time_.frames()) < frames)
    throw core::InputError(fmt::format("--restart: `{}` has fewer frames ({}) than the checkpoint ({})",
                                       path, o.time_.frames(), frames));
  for (h5::Series* s : {&o.time_, &o.mass_, &o.mean_, &o.cov_, &o.entropy_, &o.epr_, &o.survival_,
                        &o.outflow_, &o.min_p_, &o.p_, &o.J_, &o.D_})
    if (s->id() >= 0) s->truncate(static_cast<hsize_t>(frames));
  o.times_.resize(static_cast<std::size_t>(frames));
  return o;
}

Monitors Output::write_frame() {
  const Grid& g = solver_.grid();
  const bool fields = solver_.config().write_fields;
  std::vector<double> J;
  const Monitors m = solver_.monitors(fields ? &J : nullptr);
  time_.append_root(&m.time);
  mass_.append_root(&m.mass);
  std::vector<double> mean(m.mean.begin(), m.mean.begin() + g.dim), cov;
  for (int a = 0; a < g.dim; ++a)
    for (int b = 0; b < g.dim; ++b) cov.push_back(m.covariance[3 * a + b]);
  mean_.append_root(mean.data());
  cov_.append_root(cov.data());
  entropy_.append_root(&m.entropy);
  epr_.append_root(&m.epr);
  survival_.append_root(&m.survival);
  outflow_.append_root(&m.outflow);
  min_p_.append_root(&m.min_p);
  const auto s = solver_.local_start(), c = solver_.local_count();
  h5::Dims start, count;
  for (int a = g.dim - 1; a >= 0; --a) start.push_back(static_cast<hsize_t>(s[a])), count.push_back(static_cast<hsize_t>(c[a]));
  if (fields) {
    const auto p = solver_.local_density();
    p_.append_block(start, count, p.data());
  }
  start.push_back(0), count.push_back(static_cast<hsize_t>(g.dim));
  if (fields) J_.append_block(start, count, J.data());
  if (D_.id() >= 0) {
    const auto D = solver_.local_diffusion();
    D_.append_block(start, count, D.data());
  }
  times_.push_back(m.time);
  file_.flush();
  write_xdmf();
  return m;
}

void Output::set_steady_report(const SteadyReport& r) {
  // Iteration counts and residuals depend on the rank count: they are provenance, not physics.
  h5::Handle g = h5::create_group(file_.id(), "/provenance/steady_solve");
  h5::set_attr(g.id(), "residual", r.residual);
  h5::set_attr(g.id(), "iterations", r.iterations);
  h5::set_attr(g.id(), "passes", r.passes);
  h5::set_attr(g.id(), "clipped_cells", r.clipped);
}

void Output::write_xdmf() {
  int rank = 0;
  MPI_Comm_rank(solver_.comm(), &rank);
  if (rank != 0) return;
  const Grid& g = solver_.grid();
  core::XdmfGrid x;
  x.h5_file = std::filesystem::path(path_).filename().string();
  const char* names[3] = {"/grid/x", "/grid/y", "/grid/z"};
  for (int a = 0; a < g.dim; ++a) x.points.push_back(static_cast<std::size_t>(g.n[a])), x.coordinates.push_back(names[a]);
  x.times = times_;
  if (solver_.config().write_fields) {
    x.fields.push_back({"p", "/fields/p", true, 0});
    x.fields.push_back({"J", "/fields/J", true, g.dim});
  }
  x.fields.push_back({"D", "/fields/D", solver_.model().time_dependent(), g.dim});
  core::write_xdmf(core::xdmf_path_for(path_), x);
}

void Output::finish(bool complete) {
  core::mark_complete(file_, complete);
  // Close the datasets before the file: MPI-IO files close only when nothing in them is open.
  for (h5::Series* s : {&time_, &mass_, &mean_, &cov_, &entropy_, &epr_, &survival_, &outflow_,
                        &min_p_, &p_, &J_, &D_})
    *s = h5::Series();
  file_.close();
}

}  // namespace noneq::fokker_planck
