#include "kinetic/boltzmann/output.hpp"

#include <fmt/core.h>

#include <cmath>

#include "core/error.hpp"
#include "core/statistics.hpp"
#include "kinetic/boltzmann/observables.hpp"

namespace noneq::kinetic::boltzmann {

namespace h5 = core::h5;
using h5::Dims;

void batch_means(const std::vector<std::vector<double>>& values, int batches, std::vector<double>& mean,
                 std::vector<double>& error) {
  const std::size_t width = values.empty() ? 0 : values.front().size();
  mean.assign(width, kNaN);
  error.assign(width, kNaN);
  std::vector<double> column(values.size());
  for (std::size_t q = 0; q < width; ++q) {
    for (std::size_t r = 0; r < values.size(); ++r) column[r] = values[r][q];
    const core::BatchMeans b = core::batch_means(column, batches);
    mean[q] = b.mean;
    error[q] = b.error;
  }
}

void Output::open_series(bool create) {
  const auto& specs = series_specs();
  series_.clear();
  if (create) h5::create_group(file_.id(), "series");
  for (const auto& s : specs) {
    Dims frame(s.shape.begin(), s.shape.end());
    if (create) {
      series_.emplace_back(file_.id(), "/series/" + s.name, frame, H5T_NATIVE_DOUBLE, comm_);
      h5::set_attr(series_.back().id(), "description", s.description);
    } else {
      series_.push_back(h5::Series::open(file_.id(), "/series/" + s.name, H5T_NATIVE_DOUBLE, comm_));
    }
  }
  const bool hist = config_.solver != Solver::Moments && config_.histogram_interval > 0;
  if (!hist) return;
  const Dims marg{3, static_cast<hsize_t>(config_.histogram_bins)};
  const auto m = static_cast<hsize_t>(config_.distribution_bins);
  if (create) {
    h5::create_group(file_.id(), "histograms");
    h_time_ = h5::Series(file_.id(), "/histograms/time", {}, H5T_NATIVE_DOUBLE, comm_);
    h_marginal_ = h5::Series(file_.id(), "/histograms/marginal", marg, H5T_NATIVE_DOUBLE, comm_);
    h_outside_ = h5::Series(file_.id(), "/histograms/outside", {}, H5T_NATIVE_DOUBLE, comm_);
    if (m > 0) h_distribution_ = h5::Series(file_.id(), "/histograms/distribution", {m, m, m}, H5T_NATIVE_DOUBLE, comm_);
  } else {
    h_time_ = h5::Series::open(file_.id(), "/histograms/time", H5T_NATIVE_DOUBLE, comm_);
    h_marginal_ = h5::Series::open(file_.id(), "/histograms/marginal", H5T_NATIVE_DOUBLE, comm_);
    h_outside_ = h5::Series::open(file_.id(), "/histograms/outside", H5T_NATIVE_DOUBLE, comm_);
    if (m > 0) h_distribution_ = h5::Series::open(file_.id(), "/histograms/distribution", H5T_NATIVE_DOUBLE, comm_);
  }
}

Output::Output(const std::string& path, const Config& config, const Kernel& kernel, std::int64_t samples,
               const core::RunInfo& info, const std::string& run_id, MPI_Comm comm)
    : config_(config), comm_(comm), file_(h5::File::create(path, comm)) {
  core::write_header(file_, info);
  h5::set_attr(file_.id(), "run_id", run_id);
  {
    h5::Handle par = h5::create_group(file_.id(), "parameters");
    h5::set_attr(par, "solver", solver_name(config.solver));
    h5::set_attr(par, "kernel", kernel_name(config.kernel));
    h5::set_attr(par, "gamma", config.gamma);
    h5::set_attr(par, "kappa", kernel.kappa);
    h5::set_attr(par, "nu", config.nu);
    h5::set_attr(par, "temperature", config.temperature);
    h5::set_attr(par, "mass", 1.0);
    h5::set_attr(par, "density", 1.0);
    h5::set_attr(par, "deformation", std::vector<double>(config.deformation.begin(), config.deformation.end()));
    h5::set_attr(par, "simple_shear", static_cast<int>(config.simple_shear));
    h5::set_attr(par, "shear_rate", config.simple_shear ? config.shear_rate : kNaN);
    h5::set_attr(par, "shear_rate_reduced", config.a_reduced());
    h5::set_attr(par, "thermostat", config.thermostat == Thermostat::Gaussian ? "gaussian" : "none");
    h5::set_attr(par, "soft_cutoff", config.gamma < 0 ? config.soft_cutoff : 0.0);
    h5::set_attr(par, "particles", config.particles);
    h5::set_attr(par, "samples", samples);
    h5::set_attr(par, "dt", config.dt);
    h5::set_attr(par, "end", config.end);
    h5::set_attr(par, "interval", config.interval);
    h5::set_attr(par, "seed", static_cast<std::int64_t>(config.seed));
    if (config.solver == Solver::TestParticle) {
      h5::set_attr(par, "mass_ratio", config.mass_ratio);
      h5::set_attr(par, "background_temperature", config.background_temperature);
    }
  }
  open_series(true);
  if (config.solver != Solver::Moments && config.histogram_interval > 0) {
    h5::Handle g = h5::open_group(file_.id(), "histograms");
    std::vector<double> edges(config.histogram_bins + 1);
    for (std::size_t k = 0; k < edges.size(); ++k)
      edges[k] = -config.histogram_range + 2 * config.histogram_range * k / config.histogram_bins;
    h5::write_root(g.id(), "marginal_edges", {edges.size()}, edges, comm);
    if (config.distribution_bins > 0) {
      std::vector<double> e(config.distribution_bins + 1);
      for (std::size_t k = 0; k < e.size(); ++k) e[k] = -3.0 + 6.0 * k / config.distribution_bins;
      h5::write_root(g.id(), "distribution_edges", {e.size()}, e, comm);
    }
    h5::set_attr(g, "description",
                 "marginal: densities of c_i = V_i/sqrt(T) over [3, bins]; distribution: phi(c) = (2T)^{3/2} f(V)/n "
                 "with c = V/sqrt(2T), axes [c_x, c_y, c_z]");
  }
  file_.flush();
}

std::unique_ptr<Output> Output::reopen(const std::string& path, const Config& config, const std::string& run_id,
                                       std::int64_t records, std::int64_t histograms,
                                       std::vector<std::vector<double>>& kept, MPI_Comm comm) {
  std::unique_ptr<Output> o(new Output());
  o->config_ = config;
  o->comm_ = comm;
  o->file_ = h5::File::open(path, comm, true);
  const std::string id = h5::has_attr(o->file_.id(), "run_id") ? h5::attr_string(o->file_.id(), "run_id") : "";
  if (id != run_id)
    throw core::InputError(fmt::format("--restart: output `{}` belongs to another run (run_id `{}`, checkpoint has `{}`)",
                                       path, id, run_id));
  o->open_series(false);
  for (auto& s : o->series_) {
    if (static_cast<std::int64_t>(s.frames()) < records)
      throw core::InputError(fmt::format("--restart: output `{}` holds fewer records than the checkpoint", path));
    s.truncate(records);
  }
  if (o->h_time_.id() >= 0) {
    for (h5::Series* s : {&o->h_time_, &o->h_marginal_, &o->h_outside_, &o->h_distribution_})
      if (s->id() >= 0) s->truncate(histograms);
  }
  o->records_ = records;
  o->histograms_ = histograms;
  // Records read back row by row into the flattened layout of derive().
  kept.assign(records, {});
  const auto& specs = series_specs();
  for (std::size_t q = 0; q < specs.size(); ++q) {
    h5::Dims dims;
    const auto v = h5::read_all<double>(o->file_.id(), "/series/" + specs[q].name, &dims);
    const std::size_t width = records > 0 ? v.size() / dims[0] : 0;
    for (std::int64_t r = 0; r < records; ++r) kept[r].insert(kept[r].end(), v.begin() + r * width, v.begin() + (r + 1) * width);
  }
  core::mark_complete(o->file_, false);
  return o;
}

void Output::write_record(const std::vector<double>& values) {
  std::size_t at = 0;
  for (auto& s : series_) {
    std::size_t width = 1;
    for (hsize_t d : s.frame_dims()) width *= d;
    s.append_root(&values[at]);
    at += width;
  }
  ++records_;
  file_.flush();
}

void Output::write_histograms(const HistogramFrame& h) {
  h_time_.append_root(&h.time);
  h_marginal_.append_root(h.marginal.data());
  h_outside_.append_root(&h.outside);
  if (h_distribution_.id() >= 0) h_distribution_.append_root(h.distribution.data());
  ++histograms_;
}

void Output::finish(const std::vector<std::vector<double>>& records, bool complete) {
  if (complete) {
    std::vector<std::vector<double>> window;
    for (const auto& r : records)
      if (r[0] >= config_.average_from - 1e-9 * config_.interval) window.push_back(r);
    std::vector<double> mean, error;
    batch_means(window, static_cast<int>(config_.batches), mean, error);
    const std::vector<double> exact = exact_steady(config_);
    if (h5::exists(file_.id(), "summary")) H5Ldelete(file_.id(), "summary", H5P_DEFAULT);
    h5::Handle g = h5::create_group(file_.id(), "summary");
    h5::set_attr(g, "from_time", config_.average_from);
    h5::set_attr(g, "records", static_cast<std::int64_t>(window.size()));
    h5::set_attr(g, "batches", config_.batches);
    h5::set_attr(g, "description",
                 "steady-state averages over t >= from_time: mean/<series>, error/<series> (batch means, standard "
                 "error); exact/<series>: Maxwell-molecule/BGK theory where it applies (NaN: none)");
    h5::Handle gm = h5::create_group(g, "mean"), ge = h5::create_group(g, "error");
    h5::Handle gx = exact.empty() ? h5::Handle() : h5::create_group(g, "exact");
    std::size_t at = 0;
    for (const auto& s : series_specs()) {
      std::size_t width = 1;
      for (auto d : s.shape) width *= d;
      Dims dims(s.shape.begin(), s.shape.end());
      if (dims.empty()) dims = {1};
      if (!window.empty()) {
        h5::write_root(gm.id(), s.name, dims, std::vector<double>(mean.begin() + at, mean.begin() + at + width), comm_);
        h5::write_root(ge.id(), s.name, dims, std::vector<double>(error.begin() + at, error.begin() + at + width), comm_);
      }
      if (!exact.empty())
        h5::write_root(gx.id(), s.name, dims, std::vector<double>(exact.begin() + at, exact.begin() + at + width), comm_);
      at += width;
    }
  }
  core::mark_complete(file_, complete);
  file_.flush();
}

}  // namespace noneq::kinetic::boltzmann
