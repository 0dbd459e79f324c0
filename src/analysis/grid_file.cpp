#include "analysis/grid_file.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <climits>
#include <filesystem>

#include "core/cli.hpp"
#include "core/error.hpp"
#include "core/xdmf.hpp"

namespace noneq::analysis {

namespace h5 = core::h5;
namespace fs = std::filesystem;

namespace {

constexpr const char* kAxisNames[3] = {"x", "y", "z"};

std::string join(const h5::Dims& d) {
  std::string s;
  for (std::size_t i = 0; i < d.size(); ++i) s += fmt::format("{}{}", i ? ", " : "", d[i]);
  return s;
}
std::string dims_text(const h5::Dims& d) { return "[" + join(d) + "]"; }

}  // namespace

GridFile::GridFile(const std::string& path) : path_(path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) throw core::InputError(fmt::format("input `{}` does not exist", path));
  if (fs::is_directory(path, ec))
    throw core::InputError(fmt::format("input `{}` is a directory, not an HDF5 file", path));
  if (!h5::is_hdf5(path))
    throw core::InputError(fmt::format("input `{}` is not an HDF5 file (or cannot be read)", path));
  // Each rank opens the input on its own: reads are independent, and an error on one rank never
  // leaves another waiting in a collective close.
  file_ = h5::File::open(path, MPI_COMM_SELF);
  const hid_t f = file_.id();
  auto bad = [&](const std::string& what) {
    return core::InputError(fmt::format("input `{}` {}", path, what));
  };
  try {
    if (!h5::has_attr(f, "schema"))
      throw bad("is not a noneq output (it has no root attribute `schema`)");
    if (const std::string schema = h5::attr_string(f, "schema"); schema != core::kSchema)
      throw bad(fmt::format("has schema `{}`; this tool reads `{}`", schema, core::kSchema));
    const std::string kind = h5::has_attr(f, "kind") ? h5::attr_string(f, "kind") : std::string();
    if (kind != "fokker-planck")
      throw bad(fmt::format("is a noneq output of kind `{}`; this tool reads noneq-fokker-planck grid "
                            "outputs (kind `fokker-planck`)",
                            kind));
    complete_ = h5::has_attr(f, "complete") && h5::attr_int(f, "complete") == 1;
    mode_ = h5::has_attr(f, "mode") ? h5::attr_string(f, "mode") : std::string("unknown");

    // Grid.
    if (!h5::exists(f, "/grid")) throw bad("has no /grid group");
    {
      h5::Handle g = h5::open_group(f, "/grid");
      for (const char* a : {"cells", "lower", "upper", "boundary"})
        if (!h5::has_attr(g.id(), a)) throw bad(fmt::format("has no attribute `{}` on /grid", a));
      std::vector<Boundary> bc;
      for (const auto& name : h5::attr_strings(g.id(), "boundary")) {
        try {
          bc.push_back(boundary_from_name(name));
        } catch (const core::InputError& e) {
          throw bad(fmt::format("/grid: {}", e.what()));
        }
      }
      try {
        grid_ = GridSpec::make(h5::attr_ints(g.id(), "cells"), h5::attr_reals(g.id(), "lower"),
                               h5::attr_reals(g.id(), "upper"), bc);
      } catch (const core::InputError& e) {
        throw bad(fmt::format("has an invalid /grid: {}", e.what()));
      }
      if (h5::has_attr(f, "dim") && h5::attr_int(f, "dim") != grid_.dim)
        throw bad(fmt::format("has dim = {} but /grid describes {} axes", h5::attr_int(f, "dim"), grid_.dim));
      for (int a = 0; a < grid_.dim; ++a) {
        const std::string ds = fmt::format("/grid/{}", kAxisNames[a]);
        if (!h5::exists(f, ds)) throw bad(fmt::format("has no {}", ds));
        h5::Dims d;
        coords_.push_back(h5::read_all<double>(f, ds, &d));
        if (d.size() != 1 || d[0] != static_cast<hsize_t>(grid_.n[a]))
          throw bad(fmt::format("{} has shape {} but /grid says {} cells", ds, dims_text(d), grid_.n[a]));
      }
    }

    // Fields and their frame counts.
    if (!h5::exists(f, "/fields/p") || !h5::exists(f, "/fields/J"))
      throw bad("holds no density/current fields (/fields/p, /fields/J): it was written with "
                "output.fields = false");
    h5::Dims shape;
    for (auto s : grid_.shape()) shape.push_back(s);
    h5::Dims vshape = shape;
    vshape.push_back(static_cast<hsize_t>(grid_.dim));
    auto frames_of = [&](const std::string& ds, const h5::Dims& frame) -> std::int64_t {
      h5::Handle d = h5::open_dataset(f, ds);
      const h5::Dims dims = h5::dataset_dims(d.id());
      h5::Dims want{dims.empty() ? 0 : dims[0]};
      want.insert(want.end(), frame.begin(), frame.end());
      if (dims != want)
        throw bad(fmt::format("{} has shape {}; the grid needs [frames, {}]", ds, dims_text(dims), join(frame)));
      return static_cast<std::int64_t>(dims[0]);
    };
    const std::int64_t np = frames_of("/fields/p", shape);
    const std::int64_t nj = frames_of("/fields/J", vshape);
    if (!h5::exists(f, "/series/time")) throw bad("has no /series/time");
    h5::Dims tdims;
    std::vector<double> t = h5::read_all<double>(f, "/series/time", &tdims);
    if (tdims.size() != 1) throw bad(fmt::format("/series/time has shape {}", dims_text(tdims)));
    const std::int64_t nt = static_cast<std::int64_t>(t.size());
    std::vector<std::int64_t> counts{np, nj, nt};

    has_D_ = h5::exists(f, "/fields/D");
    if (has_D_) {
      h5::Handle d = h5::open_dataset(f, "/fields/D");
      const h5::Dims dims = h5::dataset_dims(d.id());
      D_time_dependent_ = h5::has_attr(d.id(), "time_dependent")
                              ? h5::attr_int(d.id(), "time_dependent") == 1
                              : dims.size() == vshape.size() + 1;
      if (D_time_dependent_) {
        counts.push_back(frames_of("/fields/D", vshape));
      } else if (dims != vshape) {
        throw bad(fmt::format("/fields/D has shape {}; expected {}", dims_text(dims), dims_text(vshape)));
      }
    }
    frames_ = *std::min_element(counts.begin(), counts.end());
    if (frames_ == 0) throw bad("holds no frames");
    if (frames_ != *std::max_element(counts.begin(), counts.end()))
      truncation_note_ = fmt::format("frame counts differ (p {}, J {}, time {}{}); using the first {}",
                                     np, nj, nt, D_time_dependent_ ? fmt::format(", D {}", counts[3]) : "",
                                     frames_);
    times_.assign(t.begin(), t.begin() + frames_);

    if (h5::exists(f, "/series/epr")) {
      h5::Handle d = h5::open_dataset(f, "/series/epr");
      const h5::Dims dims = h5::dataset_dims(d.id());
      has_epr_ = dims.size() == 1 && static_cast<std::int64_t>(dims[0]) >= frames_;
    }
  } catch (const core::LibraryError& e) {
    throw bad(fmt::format("cannot be read as a noneq grid output: {}", e.what()));
  }
}

std::vector<double> GridFile::solver_epr() const {
  if (!has_epr_) return {};
  return h5::read_block<double>(file_.id(), "/series/epr", {0}, {static_cast<hsize_t>(frames_)});
}

std::vector<double> GridFile::read_frame(const std::string& dataset, std::int64_t frame, bool vector) const {
  if (frame < 0 || frame >= frames_)
    throw std::out_of_range(fmt::format("GridFile: frame {} of {}", frame, frames_));
  h5::Dims start{static_cast<hsize_t>(frame)}, count{1};
  for (auto s : grid_.shape()) start.push_back(0), count.push_back(s);
  if (vector) start.push_back(0), count.push_back(static_cast<hsize_t>(grid_.dim));
  return h5::read_block<double>(file_.id(), dataset, start, count);
}

std::vector<double> GridFile::read_density(std::int64_t frame) const { return read_frame("/fields/p", frame, false); }
std::vector<double> GridFile::read_current(std::int64_t frame) const { return read_frame("/fields/J", frame, true); }
std::vector<double> GridFile::read_diffusion(std::int64_t frame) const {
  if (!has_D_) throw core::InputError(fmt::format("input `{}` has no /fields/D", path_));
  if (D_time_dependent_) return read_frame("/fields/D", frame, true);
  return h5::read_all<double>(file_.id(), "/fields/D");
}

std::string GridFile::deck_text() const {
  if (!h5::exists(file_.id(), "/provenance/deck")) return {};
  return h5::read_string(file_.id(), "/provenance/deck");
}

std::string GridFile::run_id() const {
  if (!h5::exists(file_.id(), "/provenance")) return {};
  h5::Handle p = h5::open_group(file_.id(), "/provenance");
  return h5::has_attr(p.id(), "run_id") ? h5::attr_string(p.id(), "run_id") : std::string();
}

// ---------------------------------------------------------------- outputs

std::string default_output_path(const std::string& input, const std::string& suffix) {
  const fs::path p(input);
  return (p.parent_path() / (p.stem().string() + suffix + ".h5")).string();
}

void check_analysis_output(const std::string& output, const std::string& input, bool overwrite,
                           MPI_Comm comm) {
  auto same = [](const std::string& a, const std::string& b) {
    std::error_code ec;
    if (fs::exists(a, ec) && fs::exists(b, ec)) return fs::equivalent(a, b, ec);
    return fs::weakly_canonical(a, ec) == fs::weakly_canonical(b, ec);
  };
  if (same(output, input))
    throw core::InputError(fmt::format(
        "output `{}` is the input file; analysis tools never modify their input: choose another --output",
        output));
  const std::string xmf = core::xdmf_path_for(output);
  if (same(xmf, output) || same(xmf, input) || same(xmf, core::xdmf_path_for(input)))
    throw core::InputError(fmt::format(
        "output `{}`: its XDMF sidecar `{}` would replace the output or the input's files; "
        "choose an --output ending in .h5 with another stem",
        output, xmf));
  core::check_output_path(output, overwrite, comm);
}

void write_input_provenance(h5::File& out, const std::string& input, const std::string& run_id,
                            const std::string& deck, MPI_Comm comm) {
  h5::Handle prov = h5::open_group(out.id(), "/provenance");
  h5::set_attr(prov.id(), "input", input);
  h5::set_attr(prov.id(), "input_run_id", run_id);
  h5::write_string(prov.id(), "input_deck", deck, comm);
}

h5::File create_analysis_output(const std::string& output, const GridFile& input,
                                const core::RunInfo& info, MPI_Comm comm) {
  h5::File out = h5::File::create(output, comm);
  core::write_header(out, info);
  const GridSpec& g = input.grid();
  h5::set_attr(out.id(), "dim", g.dim);
  h5::set_attr(out.id(), "mode", input.mode());
  write_input_provenance(out, input.path(), input.run_id(), input.deck_text(), comm);
  h5::Handle grid = h5::create_group(out.id(), "/grid");
  std::vector<double> lo, hi, hs;
  std::vector<std::int64_t> cells;
  std::vector<std::string> bc;
  for (int a = 0; a < g.dim; ++a) {
    h5::write_root(grid.id(), kAxisNames[a], {static_cast<hsize_t>(g.n[a])},
                   input.coordinates()[static_cast<std::size_t>(a)], comm);
    lo.push_back(g.lower[a]), hi.push_back(g.upper[a]), hs.push_back(g.h[a]), cells.push_back(g.n[a]);
    bc.emplace_back(boundary_name(g.boundary[a]));
  }
  h5::set_attr(grid.id(), "lower", lo);
  h5::set_attr(grid.id(), "upper", hi);
  h5::set_attr(grid.id(), "spacing", hs);
  h5::set_attr(grid.id(), "cells", cells);
  h5::set_attr(grid.id(), "boundary", bc);
  h5::set_attr(grid.id(), "centering", "cell");
  return out;
}

FrameBlock frame_block(std::int64_t frames, int rank, int size) {
  const std::int64_t base = frames / size, extra = frames % size;
  FrameBlock b;
  b.count = base + (rank < extra ? 1 : 0);
  b.first = rank * base + std::min<std::int64_t>(rank, extra);
  return b;
}

std::int64_t frame_rounds(std::int64_t frames, int size) { return (frames + size - 1) / size; }

void collectively(MPI_Comm comm, const std::function<void()>& body) {
  int code = 0;
  std::string msg;
  try {
    body();
  } catch (const core::InputError& e) {
    code = core::kBadInput, msg = e.what();
  } catch (const core::NumericalError& e) {
    code = core::kNumerical, msg = e.what();
  } catch (const std::exception& e) {
    code = core::kInternal, msg = e.what();
  } catch (...) {
    code = core::kInternal, msg = "unknown exception";
  }
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  int mine = code != 0 ? rank : INT_MAX, first = INT_MAX;
  MPI_Allreduce(&mine, &first, 1, MPI_INT, MPI_MIN, comm);
  if (first == INT_MAX) return;
  MPI_Bcast(&code, 1, MPI_INT, first, comm);
  int len = static_cast<int>(msg.size());
  MPI_Bcast(&len, 1, MPI_INT, first, comm);
  msg.resize(static_cast<std::size_t>(len));
  MPI_Bcast(msg.data(), len, MPI_CHAR, first, comm);
  if (code == core::kBadInput) throw core::InputError(msg);
  if (code == core::kNumerical) throw core::NumericalError(msg);
  throw core::LibraryError(msg);
}

}  // namespace noneq::analysis
