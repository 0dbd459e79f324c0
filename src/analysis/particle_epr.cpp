#include "analysis/particle_epr.hpp"

#include <fmt/core.h>

#include <cmath>
#include <filesystem>

#include "analysis/grid_file.hpp"
#include "core/error.hpp"
#include "core/h5.hpp"
#include "core/provenance.hpp"
#include "core/statistics.hpp"
#include "core/xdmf.hpp"

namespace noneq::analysis {

namespace h5 = core::h5;

std::string output_kind(const std::string& path, MPI_Comm comm) {
  if (!std::filesystem::exists(path)) throw core::InputError(fmt::format("input `{}` does not exist", path));
  if (!h5::is_hdf5(path)) throw core::InputError(fmt::format("input `{}` is not an HDF5 file", path));
  try {
    h5::File f = h5::File::open(path, comm);
    if (!h5::has_attr(f.id(), "kind"))
      throw core::InputError(fmt::format("input `{}` is not a noneq output (no root attribute `kind`)", path));
    return h5::attr_string(f.id(), "kind");
  } catch (const core::LibraryError& e) {
    throw core::InputError(fmt::format("input `{}`: cannot read: {}", path, e.what()));
  }
}

namespace {
// Batch means (10 batches, at least 20 records) over the finite records with t >= from.
void batch_means(const std::vector<double>& t, const std::vector<double>& v, double from, ParticleEprReport& r) {
  std::vector<double> x;
  for (std::size_t k = 0; k < v.size(); ++k)
    if (t[k] >= from && std::isfinite(v[k])) x.push_back(v[k]);
  r.from_time = from;
  const core::BatchMeans b = core::batch_means(x, x.size() >= 20 ? 10 : 0);
  r.mean = b.mean;
  r.error = b.error;
  r.batches = b.batches;
}
}  // namespace

ParticleEprReport run_particle_epr(const ParticleEprOptions& o, MPI_Comm comm) {
  ParticleEprReport rep;
  rep.output = o.output.empty() ? default_output_path(o.input, "_epr") : o.output;
  check_analysis_output(rep.output, o.input, o.overwrite, comm);
  std::vector<double> sigma, density;
  h5::Dims map_dims;
  std::vector<double> cell;
  std::string run_id, deck;
  int dim = 0;
  try {
    h5::File in = h5::File::open(o.input, comm);
    rep.input_complete = h5::attr_int(in.id(), "complete") == 1;
    run_id = h5::has_attr(in.id(), "run_id") ? h5::attr_string(in.id(), "run_id") : "";
    deck = h5::read_string(in.id(), "/provenance/effective_deck");
    h5::Handle par = h5::open_group(in.id(), "/parameters");
    rep.particles = h5::attr_int(par.id(), "particles");
    dim = static_cast<int>(h5::attr_int(par.id(), "dimension"));
    rep.time = h5::read_all<double>(in.id(), "/observables/entropy_production/time");
    rep.per_particle = h5::read_all<double>(in.id(), "/observables/entropy_production/value");
    sigma = h5::read_all<double>(in.id(), "/observables/epr_map/value", &map_dims);
    density = h5::read_all<double>(in.id(), "/observables/density_map/value");
    h5::Handle m = h5::open_group(in.id(), "/observables/epr_map");
    cell = h5::attr_reals(m.id(), "cell");
  } catch (const core::LibraryError& e) {
    throw core::InputError(fmt::format("input `{}` is not a complete noneq-langevin output: {}", o.input, e.what()));
  }
  const std::size_t R = std::min(rep.time.size(), rep.per_particle.size());
  rep.time.resize(R), rep.per_particle.resize(R);
  if (R == 0) throw core::InputError(fmt::format("input `{}` holds no observable records", o.input));
  const double from = o.from_time >= 0 ? o.from_time : rep.time[R / 2];
  batch_means(rep.time, rep.per_particle, from, rep);

  const std::string options = fmt::format("# noneq-epr options\ninput = {}\noutput = {}\nfrom = {:.17g}\n", o.input,
                                          rep.output, from);
  const core::RunInfo info{"noneq-epr", "epr-particles", "", "", options, o.command_line};
  h5::File out = h5::File::create(rep.output, comm);
  core::write_header(out, info);
  h5::set_attr(out.id(), "dim", dim);
  h5::set_attr(out.id(), "particles", rep.particles);
  write_input_provenance(out, o.input, run_id, deck, comm);
  {
    h5::Handle s = h5::create_group(out.id(), "/series");
    const h5::Dims d{static_cast<hsize_t>(R)};
    h5::write_root(s.id(), "time", d, rep.time, comm);
    h5::write_root(s.id(), "epr_per_particle", d, rep.per_particle, comm);
    std::vector<double> total(R);
    for (std::size_t k = 0; k < R; ++k) total[k] = rep.per_particle[k] * static_cast<double>(rep.particles);
    h5::write_root(s.id(), "epr_total", d, total, comm);
    h5::set_attr(s.id(), "mean", rep.mean);
    h5::set_attr(s.id(), "error", rep.error);
    h5::set_attr(s.id(), "batches", static_cast<std::int64_t>(rep.batches));
    h5::set_attr(s.id(), "from_time", rep.from_time);
    h5::set_attr(s.id(), "definition",
                 "window means of the Stratonovich active-power estimator (overdamped) or of -heat/kT "
                 "(underdamped), k_B per particle and unit time; error: batch means over records with "
                 "time >= from_time (NaN with fewer than 20 records)");
  }
  // Grid of map-cell centres; fields [r, (z), y, x] as in the input.
  const char* names[3] = {"x", "y", "z"};
  h5::Handle grid = h5::create_group(out.id(), "/grid");
  std::vector<std::size_t> points;
  for (int a = 0; a < dim; ++a) {
    const std::size_t m = static_cast<std::size_t>(map_dims[static_cast<std::size_t>(dim - a)]);
    std::vector<double> c(m);
    for (std::size_t k = 0; k < m; ++k) c[k] = (static_cast<double>(k) + 0.5) * cell[static_cast<std::size_t>(a)];
    h5::write_root(grid.id(), names[a], {static_cast<hsize_t>(m)}, c, comm);
    points.push_back(m);
  }
  h5::set_attr(grid.id(), "centering", "cell");
  {
    h5::Handle fields = h5::create_group(out.id(), "/fields");
    h5::Dims d = map_dims;
    d[0] = static_cast<hsize_t>(R);
    std::size_t per = 1;
    for (std::size_t k = 1; k < d.size(); ++k) per *= d[k];
    sigma.resize(R * per), density.resize(R * per);
    h5::write_root(fields.id(), "sigma", d, sigma, comm);
    h5::write_root(fields.id(), "density", d, density, comm);
  }
  core::mark_complete(out, true);
  out.close();
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  if (rank == 0) {
    core::XdmfGrid x;
    x.h5_file = std::filesystem::path(rep.output).filename().string();
    for (int a = 0; a < dim; ++a) x.points.push_back(points[static_cast<std::size_t>(a)]), x.coordinates.push_back(std::string("/grid/") + names[a]);
    x.times = rep.time;
    x.fields.push_back({"sigma", "/fields/sigma", true, 0});
    x.fields.push_back({"density", "/fields/density", true, 0});
    core::write_xdmf(core::xdmf_path_for(rep.output), x);
  }
  MPI_Barrier(comm);
  return rep;
}

}  // namespace noneq::analysis
