#include "analysis/flow_tool.hpp"

#include <fmt/core.h>

#include <charconv>
#include <cmath>
#include <filesystem>
#include <memory>
#include <optional>

#include "analysis/grid_file.hpp"
#include "analysis/grid_flow.hpp"
#include "analysis/tool_cli.hpp"
#include "core/error.hpp"
#include "core/xdmf.hpp"

namespace noneq::analysis {

namespace h5 = core::h5;

std::vector<std::int64_t> select_frames(const std::string& spec, std::int64_t frames) {
  std::vector<std::int64_t> out;
  if (spec == "all") {
    for (std::int64_t f = 0; f < frames; ++f) out.push_back(f);
    return out;
  }
  if (spec == "last") return {frames - 1};
  std::int64_t n = 0;
  const char* end = spec.data() + spec.size();
  const auto [ptr, ec] = std::from_chars(spec.data(), end, n);
  if (spec.empty() || ec != std::errc() || ptr != end)
    throw core::InputError(fmt::format("--frame expects all, last or a frame number, got `{}`", spec));
  const std::int64_t f = n < 0 ? frames + n : n;
  if (f < 0 || f >= frames)
    throw core::InputError(fmt::format("--frame {} is out of range: the input holds {} frame{} (0..{}, or -1 for the last)",
                                       spec, frames, frames == 1 ? "" : "s", frames - 1));
  return {f};
}

namespace {
// A frame-indexed output dataset [t, ...] of `type` and its per-frame block shape.
struct FrameDataset {
  h5::Handle handle;
  h5::Dims frame;  // shape of one frame
  hid_t type = H5T_NATIVE_DOUBLE;
  void write(bool have, std::int64_t row, const void* data) const {
    h5::Dims start{static_cast<hsize_t>(have ? row : 0)}, count{1};
    for (auto n : frame) start.push_back(0), count.push_back(n);
    h5::write_block(handle.id(), type, start, have ? count : h5::Dims{}, data);
  }
};
FrameDataset make_frame_dataset(hid_t loc, const std::string& name, hid_t type, std::int64_t rows,
                                const h5::Dims& frame) {
  h5::Dims dims{static_cast<hsize_t>(rows)};
  dims.insert(dims.end(), frame.begin(), frame.end());
  return {h5::create_dataset(loc, name, type, dims), frame, type};
}
}  // namespace

FlowReport run_flow(const FlowOptions& o, MPI_Comm comm) {
  check_floor(o.floor);
  const GridFile in(o.input);
  const GridSpec& g = in.grid();
  FlowReport rep;
  rep.dim = g.dim;
  rep.cells = g.cells();
  rep.frames = select_frames(o.frames, in.frames());
  rep.input_complete = in.complete();
  rep.input_note = in.truncation_note();
  rep.output = o.output.empty() ? default_output_path(in.path(), "_flow") : o.output;
  // Checks the grid before any output exists (InputError on every rank alike).
  std::optional<HodgeDecomposition> hodge;
  if (g.dim == 2) hodge.emplace(g);
  check_analysis_output(rep.output, in.path(), o.overwrite, comm);

  int rank = 0, size = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  const std::int64_t nt = static_cast<std::int64_t>(rep.frames.size());
  const auto nts = static_cast<std::size_t>(nt);
  const std::size_t cells = static_cast<std::size_t>(g.cells()), dim = static_cast<std::size_t>(g.dim);
  const std::string options = fmt::format(
      "# noneq-flow options\ninput = {}\noutput = {}\nfloor = {:.17g}\nframe = {}\n", in.path(), rep.output,
      o.floor, o.frames);
  const core::RunInfo info{"noneq-flow", "flow-grid", "", "", options, o.command_line};
  for (auto f : rep.frames) rep.time.push_back(in.times()[static_cast<std::size_t>(f)]);
  rep.current_norm.assign(nts, 0.0);
  rep.valid_cells.assign(nts, 0);
  if (hodge) rep.divergent_fraction.assign(nts, 0.0), rep.harmonic.assign(nts, {0.0, 0.0});

  h5::File out = create_analysis_output(rep.output, in, info, comm);
  {
    h5::Handle fields = h5::create_group(out.id(), "/fields");
    h5::Dims scalar, vector;
    for (auto s : g.shape()) scalar.push_back(s);
    vector = scalar;
    vector.push_back(dim);
    h5::Dims vector2 = scalar;
    vector2.push_back(2);
    const FrameDataset v_ds = make_frame_dataset(fields.id(), "v", H5T_NATIVE_DOUBLE, nt, vector);
    const FrameDataset valid_ds = make_frame_dataset(fields.id(), "valid", H5T_NATIVE_UINT8, nt, scalar);
    h5::set_attr(v_ds.handle.id(), "definition", "v = J / p where p > floor_relative * max(p) of the frame, else 0");
    h5::set_attr(v_ds.handle.id(), "floor_relative", o.floor);
    h5::set_attr(valid_ds.handle.id(), "definition", "1 where p > floor_relative * max(p) (v defined), else 0");
    FrameDataset psi_ds, rot_ds, grad_ds;
    if (hodge) {
      psi_ds = make_frame_dataset(fields.id(), "psi", H5T_NATIVE_DOUBLE, nt, scalar);
      rot_ds = make_frame_dataset(fields.id(), "J_rot", H5T_NATIVE_DOUBLE, nt, vector2);
      grad_ds = make_frame_dataset(fields.id(), "J_grad", H5T_NATIVE_DOUBLE, nt, vector2);
      h5::set_attr(psi_ds.handle.id(), "definition",
                   "stream function: Laplacian(psi) = -(dJy/dx - dJx/dy); psi = 0 on non-periodic walls");
      h5::set_attr(rot_ds.handle.id(), "definition", "rotational current (dpsi/dy, -dpsi/dx)");
      h5::set_attr(grad_ds.handle.id(), "definition",
                   "gradient (divergent) current J - J_rot - harmonic_current");
    }

    const FrameBlock block = frame_block(nt, rank, size);
    std::vector<double> v(cells * dim, 0.0);
    std::vector<std::uint8_t> valid(cells, 0);
    HodgeParts parts;
    if (hodge) parts.psi.assign(cells, 0.0), parts.J_rot.assign(2 * cells, 0.0), parts.J_grad.assign(2 * cells, 0.0);
    for (std::int64_t r = 0; r < frame_rounds(nt, size); ++r) {
      const bool have = r < block.count;
      const std::int64_t row = block.first + r;
      collectively(comm, [&] {
        if (!have) return;
        const auto ri = static_cast<std::size_t>(row);
        const std::int64_t f = rep.frames[ri];
        try {
          const std::vector<double> p = in.read_density(f), J = in.read_current(f);
          const VelocityFrame vf = flow_velocity(g, p, J, o.floor, v, valid);
          rep.valid_cells[ri] = vf.valid_cells;
          rep.current_norm[ri] = field_norm(g, J);
          if (hodge) {
            parts = hodge->decompose(J);
            rep.divergent_fraction[ri] = parts.divergent_fraction;
            rep.harmonic[ri] = parts.harmonic;
          }
        } catch (const core::InputError& e) {
          throw core::InputError(fmt::format("input `{}`, frame {} (t = {:g}): {}", in.path(), f,
                                             in.times()[static_cast<std::size_t>(f)], e.what()));
        }
      });
      v_ds.write(have, row, v.data());
      valid_ds.write(have, row, valid.data());
      if (hodge) {
        psi_ds.write(have, row, parts.psi.data());
        rot_ds.write(have, row, parts.J_rot.data());
        grad_ds.write(have, row, parts.J_grad.data());
      }
    }
  }
  // Every row was filled by exactly one rank (zeros elsewhere): the sums are exact.
  MPI_Allreduce(MPI_IN_PLACE, rep.current_norm.data(), static_cast<int>(nt), MPI_DOUBLE, MPI_SUM, comm);
  MPI_Allreduce(MPI_IN_PLACE, rep.valid_cells.data(), static_cast<int>(nt), MPI_INT64_T, MPI_SUM, comm);
  std::vector<double> harmonic_flat;
  if (hodge) {
    // NaN (J = 0) survives the sum: NaN + 0 = NaN.
    MPI_Allreduce(MPI_IN_PLACE, rep.divergent_fraction.data(), static_cast<int>(nt), MPI_DOUBLE, MPI_SUM, comm);
    for (const auto& h : rep.harmonic) harmonic_flat.push_back(h[0]), harmonic_flat.push_back(h[1]);
    MPI_Allreduce(MPI_IN_PLACE, harmonic_flat.data(), static_cast<int>(2 * nt), MPI_DOUBLE, MPI_SUM, comm);
    for (std::size_t i = 0; i < nts; ++i) rep.harmonic[i] = {harmonic_flat[2 * i], harmonic_flat[2 * i + 1]};
  }
  {
    h5::Handle series = h5::create_group(out.id(), "/series");
    const h5::Dims d{static_cast<hsize_t>(nt)};
    h5::write_root(series.id(), "time", d, rep.time, comm);
    h5::write_root(series.id(), "frame", d, rep.frames, comm);
    h5::write_root(series.id(), "current_norm", d, rep.current_norm, comm);
    h5::write_root(series.id(), "valid_cells", d, rep.valid_cells, comm);
    if (hodge) {
      h5::write_root(series.id(), "divergent_fraction", d, rep.divergent_fraction, comm);
      h5::write_root(series.id(), "harmonic_current", {static_cast<hsize_t>(nt), 2}, harmonic_flat, comm);
      h5::Handle df = h5::open_dataset(series.id(), "divergent_fraction");
      h5::set_attr(df.id(), "definition", "||J_grad|| / ||J|| (L2 over the grid; NaN where J = 0)");
      h5::Handle hc = h5::open_dataset(series.id(), "harmonic_current");
      h5::set_attr(hc.id(), "definition", "mean of J_a over the grid along each periodic axis a (0 on wall axes)");
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
    x.fields.push_back({"v", "/fields/v", true, g.dim});
    if (hodge) {
      x.fields.push_back({"psi", "/fields/psi", true, 0});
      x.fields.push_back({"J_rot", "/fields/J_rot", true, 2});
      x.fields.push_back({"J_grad", "/fields/J_grad", true, 2});
    }
    core::write_xdmf(core::xdmf_path_for(rep.output), x);
  });
  return rep;
}

std::string flow_table(const FlowReport& r, std::size_t max_rows) {
  const std::size_t n = r.time.size();
  const bool two_d = !r.divergent_fraction.empty();
  std::string s = fmt::format("{:>7}  {:>14}  {:>14}  ", "frame", "time", "||J||") +
                  (two_d ? fmt::format("{:>18}  ", "||J_grad||/||J||") : std::string()) +
                  fmt::format("{:>12}\n", "valid cells");
  auto row = [&](std::size_t i) {
    return fmt::format("{:>7}  {:>14.8g}  {:>14.8g}  ", r.frames[i], r.time[i], r.current_norm[i]) +
           (two_d ? fmt::format("{:>18.4e}  ", r.divergent_fraction[i]) : std::string()) +
           fmt::format("{:>12}\n", fmt::format("{}/{}", r.valid_cells[i], r.cells));
  };
  if (n <= max_rows || max_rows < 2) {
    for (std::size_t i = 0; i < n; ++i) s += row(i);
    return s;
  }
  std::size_t last = n;
  for (std::size_t k = 0; k < max_rows; ++k) {
    const std::size_t i = k * (n - 1) / (max_rows - 1);
    if (i != last) s += row(i), last = i;
  }
  return s + fmt::format("({} of {} frames shown)\n", max_rows, n);
}

}  // namespace noneq::analysis
