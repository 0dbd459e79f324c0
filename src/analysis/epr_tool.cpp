#include "analysis/epr_tool.hpp"

#include <fmt/core.h>

#include <cmath>
#include <filesystem>

#include "analysis/grid_file.hpp"
#include "analysis/tool_cli.hpp"
#include "core/error.hpp"
#include "core/xdmf.hpp"

namespace noneq::analysis {

namespace h5 = core::h5;

EprReport run_epr(const EprOptions& o, MPI_Comm comm) {
  check_floor(o.floor);
  const GridFile in(o.input);
  if (!in.has_diffusion())
    throw core::InputError(fmt::format(
        "input `{}` has no /fields/D: the entropy production J·D⁻¹·J/p needs the diffusion field", in.path()));
  EprReport rep;
  rep.output = o.output.empty() ? default_output_path(in.path(), "_epr") : o.output;
  rep.input_complete = in.complete();
  rep.input_note = in.truncation_note();
  check_analysis_output(rep.output, in.path(), o.overwrite, comm);

  int rank = 0, size = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  const GridSpec& g = in.grid();
  const std::int64_t nt = in.frames();
  const std::size_t cells = static_cast<std::size_t>(g.cells());
  const std::string options = fmt::format("# noneq-epr options\ninput = {}\noutput = {}\nfloor = {:.17g}\n",
                                          in.path(), rep.output, o.floor);
  const core::RunInfo info{"noneq-epr", "epr-grid", "", "", options, o.command_line};

  rep.time = in.times();
  rep.solver = in.solver_epr();
  rep.integral.assign(static_cast<std::size_t>(nt), 0.0);
  rep.masked_mass.assign(static_cast<std::size_t>(nt), 0.0);
  rep.masked_cells.assign(static_cast<std::size_t>(nt), 0);

  h5::File out = create_analysis_output(rep.output, in, info, comm);
  {
    h5::Handle fields = h5::create_group(out.id(), "/fields");
    h5::Dims fdims{static_cast<hsize_t>(nt)};
    for (auto s : g.shape()) fdims.push_back(s);
    h5::Handle sigma = h5::create_dataset(fields.id(), "sigma", H5T_NATIVE_DOUBLE, fdims);
    h5::set_attr(sigma.id(), "definition",
                 "sigma = sum_a J_a^2 / (D_aa p) = J.D^-1.J / p; 0 where p <= floor_relative * max(p) of the frame");
    h5::set_attr(sigma.id(), "floor_relative", o.floor);

    // Each rank analyses a contiguous block of whole frames; every round is one collective write
    // (ranks whose block is exhausted write nothing).
    const FrameBlock block = frame_block(nt, rank, size);
    std::vector<double> D_static, s(cells, 0.0);
    for (std::int64_t r = 0; r < frame_rounds(nt, size); ++r) {
      const bool have = r < block.count;
      const std::int64_t f = block.first + r;
      collectively(comm, [&] {
        if (!have) return;
        try {
          const std::vector<double> p = in.read_density(f), J = in.read_current(f);
          if (!in.diffusion_time_dependent() && D_static.empty()) D_static = in.read_diffusion(0);
          const std::vector<double> D_frame =
              in.diffusion_time_dependent() ? in.read_diffusion(f) : std::vector<double>();
          const EprFrame e = local_epr(g, p, J, in.diffusion_time_dependent() ? D_frame : D_static, o.floor, s);
          const auto fi = static_cast<std::size_t>(f);
          rep.integral[fi] = e.integral;
          rep.masked_cells[fi] = e.masked_cells;
          rep.masked_mass[fi] = e.masked_mass;
        } catch (const core::InputError& e) {
          throw core::InputError(fmt::format("input `{}`, frame {} (t = {:g}): {}", in.path(), f,
                                             rep.time[static_cast<std::size_t>(f)], e.what()));
        }
      });
      h5::Dims start{static_cast<hsize_t>(have ? f : 0)}, count{1};
      for (auto n : g.shape()) start.push_back(0), count.push_back(n);
      h5::write_block(sigma.id(), start, have ? count : h5::Dims{}, s.data());
    }
  }
  // Every frame was filled by exactly one rank (zeros elsewhere): the sums are exact.
  MPI_Allreduce(MPI_IN_PLACE, rep.integral.data(), static_cast<int>(nt), MPI_DOUBLE, MPI_SUM, comm);
  MPI_Allreduce(MPI_IN_PLACE, rep.masked_mass.data(), static_cast<int>(nt), MPI_DOUBLE, MPI_SUM, comm);
  MPI_Allreduce(MPI_IN_PLACE, rep.masked_cells.data(), static_cast<int>(nt), MPI_INT64_T, MPI_SUM, comm);
  {
    h5::Handle series = h5::create_group(out.id(), "/series");
    const h5::Dims d{static_cast<hsize_t>(nt)};
    h5::write_root(series.id(), "time", d, rep.time, comm);
    h5::write_root(series.id(), "epr_local_integral", d, rep.integral, comm);
    h5::write_root(series.id(), "masked_cells", d, rep.masked_cells, comm);
    h5::write_root(series.id(), "masked_mass", d, rep.masked_mass, comm);
    if (!rep.solver.empty()) h5::write_root(series.id(), "epr_solver", d, rep.solver, comm);
    {
      h5::Handle ds = h5::open_dataset(series.id(), "epr_local_integral");
      h5::set_attr(ds.id(), "definition", "sum over cells of sigma * cell volume (midpoint rule of int sigma dx)");
    }
    if (!rep.solver.empty()) {
      h5::Handle ds = h5::open_dataset(series.id(), "epr_solver");
      h5::set_attr(ds.id(), "definition",
                   "/series/epr of the input: Schnakenberg sum over edges of the solver's face fluxes");
    }
  }
  core::mark_complete(out, true);
  out.close();
  collectively(comm, [&] {
    if (rank != 0) return;
    core::XdmfGrid x;
    x.h5_file = std::filesystem::path(rep.output).filename().string();
    const char* coords[3] = {"/grid/x", "/grid/y", "/grid/z"};
    for (int a = 0; a < g.dim; ++a)
      x.points.push_back(static_cast<std::size_t>(g.n[a])), x.coordinates.emplace_back(coords[a]);
    x.times = rep.time;
    x.fields.push_back({"sigma", "/fields/sigma", true, 0});
    core::write_xdmf(core::xdmf_path_for(rep.output), x);
  });
  return rep;
}

std::string epr_table(const EprReport& r, std::size_t max_rows) {
  const std::size_t n = r.time.size();
  std::string s = fmt::format("{:>14}  {:>16}  {:>16}  {:>11}\n", "time", "int sigma dx", "solver EPR", "rel. diff");
  auto row = [&](std::size_t i) {
    const double ours = r.integral[i];
    if (r.solver.empty()) return fmt::format("{:>14.8g}  {:>16.10g}  {:>16}  {:>11}\n", r.time[i], ours, "-", "-");
    const double theirs = r.solver[i];
    const double rel = theirs != 0 ? (ours - theirs) / std::abs(theirs) : NAN;
    return fmt::format("{:>14.8g}  {:>16.10g}  {:>16.10g}  {:>11.3e}\n", r.time[i], ours, theirs, rel);
  };
  if (n <= max_rows || max_rows < 2) {
    for (std::size_t i = 0; i < n; ++i) s += row(i);
    return s;
  }
  std::size_t last = n;  // rows evenly spaced, first and last included
  for (std::size_t k = 0; k < max_rows; ++k) {
    const std::size_t i = k * (n - 1) / (max_rows - 1);
    if (i != last) s += row(i), last = i;
  }
  return s + fmt::format("({} of {} frames shown)\n", max_rows, n);
}

}  // namespace noneq::analysis
