#include "analysis/particle_flow.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>

#include "analysis/grid_file.hpp"
#include "core/error.hpp"
#include "core/h5.hpp"
#include "core/provenance.hpp"
#include "core/xdmf.hpp"

namespace noneq::analysis {

namespace h5 = core::h5;

namespace {
struct Coordinate {
  std::string name;     // "x", "ex", ...
  std::string element;  // "position", "orientation", "velocity", "propulsion"
  int axis = 0;
  bool periodic = false;
  double lo = 0, hi = 1;
};

Coordinate parse_coordinate(const std::string& w, int dim, const std::vector<double>& box) {
  Coordinate c;
  c.name = w;
  auto axis_of = [&](char ch) { return ch == 'x' ? 0 : ch == 'y' ? 1 : ch == 'z' ? 2 : -1; };
  if (w.size() == 1 && axis_of(w[0]) >= 0) {
    c.element = "position", c.axis = axis_of(w[0]), c.periodic = true;
  } else if (w.size() == 2 && axis_of(w[1]) >= 0 && (w[0] == 'e' || w[0] == 'v' || w[0] == 'g')) {
    c.axis = axis_of(w[1]);
    c.element = w[0] == 'e' ? "orientation" : w[0] == 'v' ? "velocity" : "propulsion";
  } else {
    throw core::InputError(fmt::format(
        "--plane: unknown coordinate `{}` (x y z | ex ey ez | vx vy vz | gx gy gz)", w));
  }
  if (c.axis >= dim) throw core::InputError(fmt::format("--plane: `{}` does not exist in a {}D run", w, dim));
  if (c.periodic) c.lo = 0, c.hi = box[static_cast<std::size_t>(c.axis)];
  else if (c.element == "orientation") c.lo = -1, c.hi = 1;
  return c;
}
}  // namespace

ParticleFlowReport run_particle_flow(const ParticleFlowOptions& o, MPI_Comm comm) {
  ParticleFlowReport rep;
  for (int b : o.bins)
    if (b < 2 || b > 4096) throw core::InputError(fmt::format("--bins: need 2..4096 bins per axis, got {}", b));
  rep.output = o.output.empty() ? default_output_path(o.input, "_flow") : o.output;
  check_analysis_output(rep.output, o.input, o.overwrite, comm);
  int rank = 0, size = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);

  std::vector<double> p_acc, j_acc;
  std::array<Coordinate, 2> q;
  std::vector<double> times;
  std::string run_id, deck;
  const std::size_t nx = static_cast<std::size_t>(o.bins[0]), ny = static_cast<std::size_t>(o.bins[1]);
  try {
    h5::File in = h5::File::open(o.input, comm);
    rep.input_complete = h5::attr_int(in.id(), "complete") == 1;
    run_id = h5::has_attr(in.id(), "run_id") ? h5::attr_string(in.id(), "run_id") : "";
    deck = h5::read_string(in.id(), "/provenance/effective_deck");
    h5::Handle par = h5::open_group(in.id(), "/parameters");
    rep.particles = h5::attr_int(par.id(), "particles");
    const int dim = static_cast<int>(h5::attr_int(par.id(), "dimension"));
    const std::vector<double> box = h5::attr_reals(par.id(), "box");
    const std::string plane = o.plane.empty() ? "x,y" : o.plane;
    const auto comma = plane.find(',');
    if (comma == std::string::npos)
      throw core::InputError(fmt::format("--plane: expected two coordinates `a,b`, got `{}`", plane));
    q[0] = parse_coordinate(plane.substr(0, comma), dim, box);
    q[1] = parse_coordinate(plane.substr(comma + 1), dim, box);
    for (const auto& c : q)
      if (!h5::exists(in.id(), "/particles/all/" + c.element + "/value"))
        throw core::InputError(fmt::format("--plane: `{}` needs /particles/all/{}, which `{}` does not hold", c.name,
                                           c.element, o.input));
    rep.plane = {q[0].name, q[1].name};
    times = h5::read_all<double>(in.id(), "/particles/all/position/time");
    // Frames present in every dataset used (a killed run may have written the times only).
    for (const std::string& el : {std::string("position"), std::string("image"), q[0].element, q[1].element}) {
      h5::Handle ds = h5::open_dataset(in.id(), "/particles/all/" + el + "/value");
      const h5::Dims dims = h5::dataset_dims(ds);
      if (dims.size() != 3 || dims[1] != static_cast<hsize_t>(rep.particles) || dims[2] != static_cast<hsize_t>(dim))
        throw core::InputError(fmt::format("input `{}`: /particles/all/{}/value does not have shape [frames, {}, {}]",
                                           o.input, el, rep.particles, dim));
      times.resize(std::min<std::size_t>(times.size(), dims[0]));
    }
    for (std::size_t k = 1; k < times.size(); ++k)
      if (!(times[k] > times[k - 1]))
        throw core::InputError(fmt::format("input `{}`: trajectory frame times not increasing at frame {}", o.input, k));
    const std::int64_t F = static_cast<std::int64_t>(times.size());
    if (F < 2) throw core::InputError(fmt::format("input `{}` holds {} trajectory frame(s); the current needs two or more", o.input, F));
    rep.frame_pairs = F - 1;
    rep.frame_interval = (times.back() - times.front()) / static_cast<double>(F - 1);
    const hsize_t N = static_cast<hsize_t>(rep.particles), d = static_cast<hsize_t>(dim);
    auto frame = [&](const std::string& element, std::int64_t f) {
      return h5::read_block<double>(in.id(), "/particles/all/" + element + "/value", {static_cast<hsize_t>(f), 0, 0},
                                    {1, N, d});
    };
    auto frame_image = [&](std::int64_t f) {
      // image is int32: read through a double conversion by HDF5.
      h5::Handle ds = h5::open_dataset(in.id(), "/particles/all/image/value");
      std::vector<double> v(N * d);
      h5::Handle fs(h5::check(H5Dget_space(ds.id()), "H5Dget_space"));
      const hsize_t start[3] = {static_cast<hsize_t>(f), 0, 0}, count[3] = {1, N, d};
      h5::check_status(H5Sselect_hyperslab(fs.id(), H5S_SELECT_SET, start, nullptr, count, nullptr), "H5Sselect_hyperslab");
      h5::Handle ms(h5::check(H5Screate_simple(3, count, nullptr), "H5Screate_simple"));
      h5::check_status(H5Dread(ds.id(), H5T_NATIVE_DOUBLE, ms.id(), fs.id(), H5P_DEFAULT, v.data()), "H5Dread");
      return v;
    };
    // Ranges of unbounded coordinates (velocity, propulsion): from the data, every frame.
    for (auto& c : q)
      if (!c.periodic && c.element != "orientation") {
        double lo = std::numeric_limits<double>::infinity(), hi = -lo;
        for (std::int64_t f = 0; f < F; ++f) {
          const auto v = frame(c.element, f);
          for (hsize_t i = 0; i < N; ++i) lo = std::min(lo, v[i * d + c.axis]), hi = std::max(hi, v[i * d + c.axis]);
        }
        const double pad = 1e-9 * std::max(1.0, hi - lo);
        c.lo = lo - pad, c.hi = hi + pad;
      }
    p_acc.assign(nx * ny, 0.0);
    j_acc.assign(2 * nx * ny, 0.0);
    // Frame pairs (k, k+1) in contiguous blocks over ranks.
    const FrameBlock blk = frame_block(F - 1, rank, size);
    // Reads can fail on some ranks only: every rank then stops with the same message.
    collectively(comm, [&] {
    try {
    for (std::int64_t k = blk.first; k < blk.first + blk.count; ++k) {
      const double dt = times[static_cast<std::size_t>(k + 1)] - times[static_cast<std::size_t>(k)];
      std::array<std::vector<double>, 2> a0, a1;
      std::vector<double> im0, im1;
      for (int c = 0; c < 2; ++c) a0[c] = frame(q[c].element, k), a1[c] = frame(q[c].element, k + 1);
      if (q[0].periodic || q[1].periodic) im0 = frame_image(k), im1 = frame_image(k + 1);
      for (hsize_t i = 0; i < N; ++i) {
        double mid[2], rate[2];
        for (int c = 0; c < 2; ++c) {
          const std::size_t at = i * d + static_cast<std::size_t>(q[c].axis);
          double u0 = a0[c][at], u1 = a1[c][at];
          if (q[c].periodic) {
            const double L = q[c].hi;
            u0 += im0[at] * L, u1 += im1[at] * L;
            double m = 0.5 * (u0 + u1);
            m -= L * std::floor(m / L);
            mid[c] = m;
          } else {
            mid[c] = 0.5 * (u0 + u1);
          }
          rate[c] = (u1 - u0) / dt;
        }
        std::size_t b[2];
        const std::size_t nb[2] = {nx, ny};
        for (int c = 0; c < 2; ++c) {
          const double t = (mid[c] - q[c].lo) / (q[c].hi - q[c].lo);
          b[c] = std::min(nb[c] - 1, static_cast<std::size_t>(std::max(0.0, t) * static_cast<double>(nb[c])));
        }
        const std::size_t cell = b[1] * nx + b[0];
        p_acc[cell] += 1;
        j_acc[2 * cell] += rate[0], j_acc[2 * cell + 1] += rate[1];
      }
    }
    } catch (const core::LibraryError& e) {
      throw core::InputError(fmt::format("input `{}`: cannot read a trajectory frame: {}", o.input, e.what()));
    }
    });
  } catch (const core::LibraryError& e) {
    throw core::InputError(fmt::format("input `{}` is not a readable noneq-langevin trajectory: {}", o.input, e.what()));
  }
  MPI_Allreduce(MPI_IN_PLACE, p_acc.data(), static_cast<int>(p_acc.size()), MPI_DOUBLE, MPI_SUM, comm);
  MPI_Allreduce(MPI_IN_PLACE, j_acc.data(), static_cast<int>(j_acc.size()), MPI_DOUBLE, MPI_SUM, comm);
  const double hx = (q[0].hi - q[0].lo) / static_cast<double>(nx), hy = (q[1].hi - q[1].lo) / static_cast<double>(ny);
  const double norm = 1.0 / (static_cast<double>(rep.frame_pairs) * static_cast<double>(rep.particles) * hx * hy);
  std::vector<double> p(nx * ny), J(2 * nx * ny), v(2 * nx * ny, 0.0);
  for (std::size_t c = 0; c < nx * ny; ++c) {
    p[c] = p_acc[c] * norm;
    for (int a = 0; a < 2; ++a) {
      J[2 * c + a] = j_acc[2 * c + a] * norm;
      if (p_acc[c] > 0) v[2 * c + a] = j_acc[2 * c + a] / p_acc[c];
    }
  }
  const std::string options = fmt::format("# noneq-flow options\ninput = {}\noutput = {}\nplane = {},{}\nbins = {} {}\n",
                                          o.input, rep.output, q[0].name, q[1].name, nx, ny);
  const core::RunInfo info{"noneq-flow", "flow-particles", "", "", options, o.command_line};
  h5::File out = h5::File::create(rep.output, comm);
  core::write_header(out, info);
  h5::set_attr(out.id(), "dim", 2);
  h5::set_attr(out.id(), "plane", std::vector<std::string>{q[0].name, q[1].name});
  h5::set_attr(out.id(), "frame_pairs", rep.frame_pairs);
  h5::set_attr(out.id(), "frame_interval", rep.frame_interval);
  write_input_provenance(out, o.input, run_id, deck, comm);
  {
    h5::Handle grid = h5::create_group(out.id(), "/grid");
    std::vector<double> gx(nx), gy(ny);
    for (std::size_t k = 0; k < nx; ++k) gx[k] = q[0].lo + (static_cast<double>(k) + 0.5) * hx;
    for (std::size_t k = 0; k < ny; ++k) gy[k] = q[1].lo + (static_cast<double>(k) + 0.5) * hy;
    h5::write_root(grid.id(), "x", {nx}, gx, comm);
    h5::write_root(grid.id(), "y", {ny}, gy, comm);
    h5::set_attr(grid.id(), "coordinates", std::vector<std::string>{q[0].name, q[1].name});
  }
  {
    h5::Handle fields = h5::create_group(out.id(), "/fields");
    h5::write_root(fields.id(), "p", {ny, nx}, p, comm);
    h5::write_root(fields.id(), "J", {ny, nx, 2}, J, comm);
    h5::write_root(fields.id(), "v", {ny, nx, 2}, v, comm);
    h5::write_root(fields.id(), "samples", {ny, nx}, p_acc, comm);
  }
  core::mark_complete(out, true);
  out.close();
  if (rank == 0) {
    core::XdmfGrid x;
    x.h5_file = std::filesystem::path(rep.output).filename().string();
    x.points = {nx, ny};
    x.coordinates = {"/grid/x", "/grid/y"};
    x.fields.push_back({"p", "/fields/p", false, 0});
    x.fields.push_back({"J", "/fields/J", false, 2});
    x.fields.push_back({"v", "/fields/v", false, 2});
    core::write_xdmf(core::xdmf_path_for(rep.output), x);
  }
  MPI_Barrier(comm);
  return rep;
}

}  // namespace noneq::analysis
