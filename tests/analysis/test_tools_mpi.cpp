// run_epr / run_flow (the work behind noneq-epr and noneq-flow) in-process, at 1 and 2 ranks, on
// synthetic files in the noneq-fokker-planck layout whose answers are known in closed form.
// Every frame is analysed whole by one rank, so the values checked here are the same at any rank
// count; with 2 ranks the 5 frames split 3 + 2 and the second rank writes nothing in one round.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <numeric>
#include <sstream>
#include <vector>

#include "analysis/epr_tool.hpp"
#include "analysis/flow_tool.hpp"
#include "analysis/grid_epr.hpp"
#include "analysis/grid_file.hpp"
#include "core/error.hpp"
#include "core/h5.hpp"
#include "core/provenance.hpp"
#include "support/test_util.hpp"

using namespace noneq::analysis;
namespace h5 = noneq::core::h5;
namespace core = noneq::core;
namespace fs = std::filesystem;

namespace {

// Frames k = 0..nt-1 of an anisotropic Gaussian p (std s per axis) carrying the rotating current
// J = Ω_k (−y, x, 0) p, with Ω_k = 0.4 + 0.3 k, and diagonal D (static, or D (1 + 0.5 k)).
// ∫σ = Ω_k² (s_y²/D_x + s_x²/D_y) / (1 + 0.5 k)  (tolerance: test_grid_epr.cpp, 1e-11 relative).
struct Synthetic {
  GridSpec grid;
  int frames = 5;
  std::array<double, 3> s{1.0, 0.6, 0.8}, D{0.5, 1.2, 0.9};
  bool time_dependent_D = false;
  double omega(int k) const { return 0.4 + 0.3 * k; }
  double d_scale(int k) const { return time_dependent_D ? 1.0 + 0.5 * k : 1.0; }
  double exact(int k) const {
    return omega(k) * omega(k) * (s[1] * s[1] / D[0] + s[0] * s[0] / D[1]) / d_scale(k);
  }
  std::vector<double> p(int) const {
    std::vector<double> out;
    const GridSpec& g = grid;
    for (std::int64_t c = 0; c < g.cells(); ++c) {
      const auto x = pos(c);
      double v = 1;
      for (int a = 0; a < g.dim; ++a)
        v *= std::exp(-x[a] * x[a] / (2 * s[a] * s[a])) / (std::sqrt(2 * std::numbers::pi) * s[a]);
      out.push_back(v);
    }
    return out;
  }
  std::vector<double> J(int k) const {
    const auto pk = p(k);
    std::vector<double> out;
    for (std::int64_t c = 0; c < grid.cells(); ++c) {
      const auto x = pos(c);
      const double j[3] = {-omega(k) * x[1] * pk[c], omega(k) * x[0] * pk[c], 0.0};
      for (int a = 0; a < grid.dim; ++a) out.push_back(j[a]);
    }
    return out;
  }
  std::vector<double> Dfield(int k) const {
    std::vector<double> out;
    for (std::int64_t c = 0; c < grid.cells(); ++c)
      for (int a = 0; a < grid.dim; ++a) out.push_back(D[a] * d_scale(k));
    return out;
  }
  std::array<double, 3> pos(std::int64_t c) const {
    const GridSpec& g = grid;
    const std::int64_t i = c % g.n[0], j = (c / g.n[0]) % g.n[1], kk = c / (g.n[0] * g.n[1]);
    return {g.center(0, i), g.dim > 1 ? g.center(1, j) : 0.0, g.dim > 2 ? g.center(2, kk) : 0.0};
  }
};

GridSpec gaussian_box(int dim, std::int64_t n, const std::array<double, 3>& s) {
  std::vector<std::int64_t> cells;
  std::vector<double> lo, hi;
  std::vector<Boundary> bc;
  for (int a = 0; a < dim; ++a)
    cells.push_back(n), lo.push_back(-8 * s[a]), hi.push_back(8 * s[a]), bc.push_back(Boundary::Reflecting);
  return GridSpec::make(cells, lo, hi, bc);
}

// Collective. The first barrier matters: without it rank 0 could remove a file another rank is
// still reading (a per-rank check of the previous step), that rank would fail alone and the
// ranks would fall out of step (seen as a deadlock in about one run of ten at 2 ranks).
void remove_all(const std::string& path) {
  MPI_Barrier(MPI_COMM_WORLD);
  if (noneq::test::mpi_rank() == 0) {
    fs::remove(path);
    fs::remove(fs::path(path).replace_extension(".xmf"));
  }
  MPI_Barrier(MPI_COMM_WORLD);
}

// Writes `s` in the noneq-fokker-planck output layout (collective; rank 0 supplies the data).
void write_fokker_planck_file(const std::string& path, const Synthetic& s) {
  remove_all(path);
  const MPI_Comm comm = MPI_COMM_WORLD;
  const GridSpec& g = s.grid;
  h5::File f = h5::File::create(path, comm);
  core::write_header(f, core::RunInfo{"synthetic", "fokker-planck", "[synthetic]\n", "", "", "test"});
  h5::set_attr(f.id(), "dim", g.dim);
  h5::set_attr(f.id(), "mode", "transient");
  {
    h5::Handle grid = h5::create_group(f.id(), "/grid");
    std::vector<double> lo, hi, hs;
    std::vector<std::int64_t> cells;
    std::vector<std::string> bc;
    for (int a = 0; a < g.dim; ++a) {
      std::vector<double> x;
      for (std::int64_t i = 0; i < g.n[a]; ++i) x.push_back(g.center(a, i));
      h5::write_root(grid.id(), std::string(1, "xyz"[a]), {static_cast<hsize_t>(g.n[a])}, x, comm);
      lo.push_back(g.lower[a]), hi.push_back(g.upper[a]), hs.push_back(g.h[a]), cells.push_back(g.n[a]);
      bc.emplace_back(boundary_name(g.boundary[a]));
    }
    h5::set_attr(grid.id(), "lower", lo);
    h5::set_attr(grid.id(), "upper", hi);
    h5::set_attr(grid.id(), "spacing", hs);
    h5::set_attr(grid.id(), "cells", cells);
    h5::set_attr(grid.id(), "boundary", bc);
    h5::set_attr(grid.id(), "centering", "cell");
  }
  h5::Dims shape{static_cast<hsize_t>(s.frames)}, vshape;
  for (auto n : g.shape()) shape.push_back(n);
  vshape = shape;
  vshape.push_back(static_cast<hsize_t>(g.dim));
  std::vector<double> p, J, D, t, epr;
  for (int k = 0; k < s.frames; ++k) {
    const auto pk = s.p(k), Jk = s.J(k), Dk = s.Dfield(k);
    p.insert(p.end(), pk.begin(), pk.end());
    J.insert(J.end(), Jk.begin(), Jk.end());
    if (s.time_dependent_D || k == 0) D.insert(D.end(), Dk.begin(), Dk.end());
    t.push_back(0.25 * k);
    epr.push_back(s.exact(k) * (1 + 1e-3));  // a stand-in for the solver's Schnakenberg value
  }
  {
    h5::Handle fields = h5::create_group(f.id(), "/fields");
    h5::write_root(fields.id(), "p", shape, p, comm);
    h5::write_root(fields.id(), "J", vshape, J, comm);
    h5::Dims dshape = s.time_dependent_D ? vshape : h5::Dims(vshape.begin() + 1, vshape.end());
    h5::write_root(fields.id(), "D", dshape, D, comm);
    h5::Handle d = h5::open_dataset(fields.id(), "D");
    h5::set_attr(d.id(), "time_dependent", s.time_dependent_D ? 1 : 0);
  }
  {
    h5::Handle series = h5::create_group(f.id(), "/series");
    h5::write_root(series.id(), "time", {static_cast<hsize_t>(s.frames)}, t, comm);
    h5::write_root(series.id(), "epr", {static_cast<hsize_t>(s.frames)}, epr, comm);
  }
  core::mark_complete(f, true);
  f.close();
}

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("frames are split into contiguous blocks covering every frame once", "[analysis][mpi]") {
  for (int size : {1, 2, 3, 4}) {
    for (std::int64_t frames : {1, 2, 5, 8}) {
      std::int64_t next = 0, most = 0;
      for (int r = 0; r < size; ++r) {
        const FrameBlock b = frame_block(frames, r, size);
        CHECK(b.first == next);
        next += b.count;
        most = std::max(most, b.count);
      }
      CHECK(next == frames);
      CHECK(frame_rounds(frames, size) == most);
    }
  }
}

TEST_CASE("run_epr on a synthetic 2D output: integrals, layout, sigma of every frame", "[analysis][mpi]") {
  for (bool td : {false, true}) {
    Synthetic s;
    s.grid = gaussian_box(2, 32, s.s);
    s.time_dependent_D = td;
    const std::string in = noneq::test::scratch(td ? "epr_td_in" : "epr_in");
    const std::string out = noneq::test::scratch(td ? "epr_td_out" : "epr_out");
    write_fokker_planck_file(in, s);
    remove_all(out);
    EprOptions o;
    o.input = in;
    o.output = out;
    const EprReport r = run_epr(o, MPI_COMM_WORLD);
    INFO("time-dependent D: " << td);
    REQUIRE(r.integral.size() == 5);
    for (int k = 0; k < 5; ++k) {
      INFO("frame " << k << ": " << r.integral[k] << " vs exact " << s.exact(k));
      CHECK(std::abs(r.integral[k] - s.exact(k)) <= 1e-11 * s.exact(k));
      CHECK(r.solver[k] == s.exact(k) * (1 + 1e-3));
      CHECK(r.time[k] == 0.25 * k);
    }
    // The file, read back independently on every rank.
    h5::File f = h5::File::open(out, MPI_COMM_SELF);
    CHECK(h5::attr_string(f.id(), "schema") == "noneq/1");
    CHECK(h5::attr_string(f.id(), "kind") == "epr-grid");
    CHECK(h5::attr_int(f.id(), "complete") == 1);
    CHECK(h5::attr_int(f.id(), "dim") == 2);
    {
      h5::Handle g = h5::open_group(f.id(), "/grid");
      CHECK(h5::attr_ints(g.id(), "cells") == std::vector<std::int64_t>{32, 32});
      CHECK(h5::attr_strings(g.id(), "boundary") == std::vector<std::string>{"reflecting", "reflecting"});
    }
    CHECK(h5::read_all<double>(f.id(), "/grid/y")[3] == s.grid.center(1, 3));
    h5::Dims dims;
    const std::vector<double> sigma = h5::read_all<double>(f.id(), "/fields/sigma", &dims);
    CHECK(dims == h5::Dims{5, 32, 32});
    // Each frame's σ in the file is what local_epr gives for that frame (right frame, right place).
    for (int k = 0; k < 5; ++k) {
      std::vector<double> want(static_cast<std::size_t>(s.grid.cells()));
      local_epr(s.grid, s.p(k), s.J(k), s.Dfield(k), kDefaultFloor, want);
      CHECK(std::equal(want.begin(), want.end(), sigma.begin() + k * 1024));
    }
    CHECK(h5::read_all<double>(f.id(), "/series/epr_local_integral") == r.integral);
    CHECK(h5::read_all<double>(f.id(), "/series/epr_solver") == r.solver);
    CHECK(h5::read_all<double>(f.id(), "/series/time") == r.time);
    CHECK(h5::read_all<std::int64_t>(f.id(), "/series/masked_cells") == r.masked_cells);
    CHECK(h5::read_string(f.id(), "/provenance/input_deck") == "[synthetic]\n");
    f.close();
    const std::string xmf = slurp(fs::path(out).replace_extension(".xmf").string());
    CHECK(xmf.find(fs::path(out).filename().string() + ":/fields/sigma") != std::string::npos);
    CHECK(xmf.find("<Time Value=\"1\"/>") != std::string::npos);
  }
}

TEST_CASE("run_flow: velocity J/p, Hodge fields in 2D, velocity only in 1D and 3D", "[analysis][mpi]") {
  SECTION("2D, all frames") {
    Synthetic s;
    s.grid = gaussian_box(2, 32, s.s);
    const std::string in = noneq::test::scratch("flow_in"), out = noneq::test::scratch("flow_out");
    write_fokker_planck_file(in, s);
    remove_all(out);
    FlowOptions o;
    o.input = in;
    o.output = out;
    const FlowReport r = run_flow(o, MPI_COMM_WORLD);
    REQUIRE(r.frames == std::vector<std::int64_t>{0, 1, 2, 3, 4});
    h5::File f = h5::File::open(out, MPI_COMM_SELF);
    CHECK(h5::attr_string(f.id(), "kind") == "flow-grid");
    h5::Dims vd, md;
    const auto v = h5::read_all<double>(f.id(), "/fields/v", &vd);
    const auto valid = h5::read_all<double>(f.id(), "/fields/valid", &md);  // uint8, converted
    CHECK(vd == h5::Dims{5, 32, 32, 2});
    CHECK(md == h5::Dims{5, 32, 32});
    // v = J/p = Ω (−y, x) wherever p is above the floor.
    double worst = 0;
    std::int64_t n_valid = 0;
    for (int k = 0; k < 5; ++k)
      for (std::int64_t c = 0; c < 1024; ++c) {
        const std::size_t cell = static_cast<std::size_t>(k * 1024 + c);
        if (valid[cell] != 1.0) continue;
        ++n_valid;
        const auto x = s.pos(c);
        worst = std::max({worst, std::abs(v[2 * cell] + s.omega(k) * x[1]), std::abs(v[2 * cell + 1] - s.omega(k) * x[0])});
      }
    CHECK(worst < 1e-12);
    CHECK(n_valid == std::accumulate(r.valid_cells.begin(), r.valid_cells.end(), std::int64_t{0}));
    // Valid: inside |u| < (2 ln 1e14)^{1/2} ≈ 8.03 (u = x/s), a disc covering ≈ π/4 of the box.
    CHECK(n_valid > 5 * 0.75 * 1024);
    CHECK(n_valid < 5 * 0.82 * 1024);
    for (const char* ds : {"/fields/psi", "/fields/J_rot", "/fields/J_grad", "/series/divergent_fraction",
                           "/series/harmonic_current"})
      CHECK(h5::exists(f.id(), ds));
    // J = J_rot + J_grad (+ H = 0 in a box), cell by cell, for every frame.
    const auto Jrot = h5::read_all<double>(f.id(), "/fields/J_rot");
    const auto Jgrad = h5::read_all<double>(f.id(), "/fields/J_grad");
    double worst_sum = 0;
    for (int k = 0; k < 5; ++k) {
      const auto J = s.J(k);
      for (std::size_t i = 0; i < J.size(); ++i)
        worst_sum = std::max(worst_sum, std::abs(Jrot[k * 2048 + i] + Jgrad[k * 2048 + i] - J[i]));
    }
    CHECK(worst_sum < 1e-15);
    CHECK(h5::read_all<double>(f.id(), "/series/divergent_fraction") == r.divergent_fraction);
    // The anisotropic rotating Gaussian has div J = Ω p x y (1/s_x² − 1/s_y²) ≠ 0: a gradient part
    // of fixed relative size in every frame (J is proportional to Ω).
    for (int k = 1; k < 5; ++k) CHECK(r.divergent_fraction[k] == Approx(r.divergent_fraction[0]).epsilon(1e-10));
    CHECK(r.divergent_fraction[0] > 0.05);
    f.close();
  }
  SECTION("2D, --frame last and -2") {
    Synthetic s;
    s.grid = gaussian_box(2, 16, s.s);
    const std::string in = noneq::test::scratch("flow_sel_in"), out = noneq::test::scratch("flow_sel_out");
    write_fokker_planck_file(in, s);
    for (const char* spec : {"last", "-2", "1"}) {
      remove_all(out);
      FlowOptions o;
      o.input = in;
      o.output = out;
      o.frames = spec;
      const FlowReport r = run_flow(o, MPI_COMM_WORLD);
      const std::int64_t want = std::string(spec) == "last" ? 4 : std::string(spec) == "-2" ? 3 : 1;
      CHECK(r.frames == std::vector<std::int64_t>{want});
      h5::File f = h5::File::open(out, MPI_COMM_SELF);
      CHECK(h5::read_all<std::int64_t>(f.id(), "/series/frame") == std::vector<std::int64_t>{want});
      CHECK(h5::read_all<double>(f.id(), "/series/time") == std::vector<double>{0.25 * static_cast<double>(want)});
      h5::Dims d;
      h5::read_all<double>(f.id(), "/fields/psi", &d);
      CHECK(d == h5::Dims{1, 16, 16});
      f.close();
    }
  }
  for (int dim : {1, 3}) {
    DYNAMIC_SECTION(dim << "D: velocity only") {
      Synthetic s;
      s.grid = gaussian_box(dim, dim == 1 ? 64 : 12, s.s);
      const std::string stem = "flow" + std::to_string(dim) + "d";
      const std::string in = noneq::test::scratch(stem + "_in"), out = noneq::test::scratch(stem + "_out");
      write_fokker_planck_file(in, s);
      remove_all(out);
      FlowOptions o;
      o.input = in;
      o.output = out;
      const FlowReport r = run_flow(o, MPI_COMM_WORLD);
      CHECK(r.divergent_fraction.empty());
      h5::File f = h5::File::open(out, MPI_COMM_SELF);
      h5::Dims d;
      const auto v = h5::read_all<double>(f.id(), "/fields/v", &d);
      h5::Dims want{5};
      for (auto n : s.grid.shape()) want.push_back(n);
      want.push_back(static_cast<hsize_t>(dim));
      CHECK(d == want);
      for (const char* ds : {"/fields/psi", "/fields/J_rot", "/fields/J_grad", "/series/divergent_fraction"})
        CHECK_FALSE(h5::exists(f.id(), ds));
      // 1D: J_x = −Ω y p = 0 (y = 0), so v = 0; 3D: v_x = −Ω y where valid.
      const auto valid = h5::read_all<double>(f.id(), "/fields/valid");
      double worst = 0;
      for (std::int64_t c = 0; c < s.grid.cells(); ++c)
        if (valid[static_cast<std::size_t>(c)] == 1.0)
          worst = std::max(worst, std::abs(v[static_cast<std::size_t>(c * dim)] + s.omega(0) * s.pos(c)[1]));
      CHECK(worst < 1e-12);
      f.close();
    }
  }
}

TEST_CASE("bad inputs are refused with an InputError on every rank", "[analysis][mpi]") {
  Synthetic s;
  s.grid = gaussian_box(2, 8, s.s);
  const std::string in = noneq::test::scratch("bad_in"), out = noneq::test::scratch("bad_out");
  write_fokker_planck_file(in, s);
  remove_all(out);
  EprOptions e;
  e.input = in;
  e.output = out;
  FlowOptions fl;
  fl.input = in;
  fl.output = out;

  e.input = "does-not-exist.h5";
  CHECK_THROWS_AS(run_epr(e, MPI_COMM_WORLD), core::InputError);
  e.input = in;
  e.floor = 1.5;
  CHECK_THROWS_AS(run_epr(e, MPI_COMM_WORLD), core::InputError);
  e.floor = kDefaultFloor;
  e.output = in;  // the input itself, even with --overwrite
  e.overwrite = true;
  CHECK_THROWS_AS(run_epr(e, MPI_COMM_WORLD), core::InputError);
  CHECK(GridFile(in).frames() == 5);  // untouched
  e.output = out;
  e.overwrite = false;
  CHECK_NOTHROW(run_epr(e, MPI_COMM_WORLD));
  CHECK_THROWS_AS(run_epr(e, MPI_COMM_WORLD), core::InputError);  // exists now
  e.overwrite = true;
  CHECK_NOTHROW(run_epr(e, MPI_COMM_WORLD));
  // An analysis output is not an input for the analysis tools.
  e.input = out;
  e.output = noneq::test::scratch("bad_out2");
  remove_all(e.output);
  CHECK_THROWS_AS(run_epr(e, MPI_COMM_WORLD), core::InputError);
  fl.frames = "5";
  CHECK_THROWS_AS(run_flow(fl, MPI_COMM_WORLD), core::InputError);
  fl.frames = "first";
  CHECK_THROWS_AS(run_flow(fl, MPI_COMM_WORLD), core::InputError);
}

TEST_CASE("degenerate diffusion under a current is refused collectively mid-run", "[analysis][mpi]") {
  // D_y = 0 in the last frame only: the rank that owns it fails, every rank must throw.
  Synthetic s;
  s.grid = gaussian_box(2, 8, s.s);
  s.time_dependent_D = true;
  const std::string in = noneq::test::scratch("degenerate_in"), out = noneq::test::scratch("degenerate_out");
  write_fokker_planck_file(in, s);
  {  // overwrite D of frame 4 with D_y = 0
    const MPI_Comm comm = MPI_COMM_WORLD;
    h5::File f = h5::File::open(in, comm, /*writable=*/true);
    h5::Handle d = h5::open_dataset(f.id(), "/fields/D");
    std::vector<double> D4(128);
    for (std::size_t c = 0; c < 64; ++c) D4[2 * c] = 1.0, D4[2 * c + 1] = 0.0;
    h5::write_block(d.id(), {4, 0, 0, 0}, noneq::test::mpi_rank() == 0 ? h5::Dims{1, 8, 8, 2} : h5::Dims{}, D4.data());
    d = h5::Handle();
    f.close();
  }
  remove_all(out);
  EprOptions e;
  e.input = in;
  e.output = out;
  try {
    run_epr(e, MPI_COMM_WORLD);
    FAIL("no InputError");
  } catch (const core::InputError& err) {
    const std::string msg = err.what();
    INFO(msg);
    CHECK(msg.find("frame 4") != std::string::npos);
    CHECK(msg.find("D_y = 0") != std::string::npos);
  }
}
