// noneq-epr, noneq-flow and tools/plot_flow.py as subprocesses: end to end on noneq-fokker-planck
// outputs (validated against the exact OU entropy production), identical files at 1 and 2 ranks,
// and exit code 2 with one clear message for every kind of bad input.
// This executable runs on one rank (registered RANKS 1) and starts the tools itself, as singletons
// or under `mpiexec -n 2`, from a clean environment so that they do not join this test's MPI job.
#include <catch2/catch.hpp>
#include <sys/wait.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "core/h5.hpp"

namespace h5 = noneq::core::h5;
namespace fs = std::filesystem;

namespace {

const std::string kBin = NONEQ_BIN;
const std::string kDeck = std::string(NONEQ_INPUTS) + "/fokker_planck/ou2d.ini";

struct Result {
  int code = -1;
  std::string out, err;
  std::vector<std::string> err_lines() const {
    std::vector<std::string> lines;
    std::istringstream in(err);
    for (std::string l; std::getline(in, l);)
      if (!l.empty()) lines.push_back(l);
    return lines;
  }
  int error_lines() const {
    int n = 0;
    for (const auto& l : err_lines()) n += l.rfind("error:", 0) == 0 ? 1 : 0;
    return n;
  }
};

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string q(const std::string& s) {  // single-quote for sh
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string fmt_counter(int n) { return "analysis_cli_scratch/run_" + std::to_string(n); }

// Runs `args` (already quoted) with `np` ranks (0: a singleton, no mpiexec) in a clean environment.
Result run(const std::string& args, int np = 0) {
  static int counter = 0;
  fs::create_directories("analysis_cli_scratch");
  const std::string stem = fs::absolute(fmt_counter(counter++)).string();
  std::string env = "env -i";
  for (const char* keep : {"PATH", "HOME", "LD_LIBRARY_PATH", "TMPDIR"})
    if (const char* v = std::getenv(keep)) env += std::string(" ") + keep + "=" + q(v);
  env += " OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1"
         " OMPI_MCA_btl_vader_single_copy_mechanism=none";
  const std::string launcher = np > 0 ? std::string(NONEQ_MPIEXEC) + " -n " + std::to_string(np) + " " : "";
  const std::string cmd = env + " " + launcher + args + " > " + q(stem + ".out") + " 2> " + q(stem + ".err");
  const int status = std::system(cmd.c_str());
  Result r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = slurp(stem + ".out");
  r.err = slurp(stem + ".err");
  return r;
}

// A fresh scratch directory (absolute path).
std::string scratch_dir(const std::string& name) {
  const fs::path d = fs::absolute("analysis_cli_scratch") / name;
  fs::remove_all(d);
  fs::create_directories(d);
  return d.string();
}

Result fokker_planck(const std::string& out, const std::string& extra) {
  return run(q(kBin + "/noneq-fokker-planck") + " " + q(kDeck) + " " + extra + " --output=" + q(out));
}

std::vector<double> read(const std::string& file, const std::string& ds) {
  h5::File f = h5::File::open(file, MPI_COMM_SELF);
  return h5::read_all<double>(f.id(), ds);
}

// Exact stationary OU entropy production σ = Tr(D⁻¹ A C Aᵀ) − Tr A with A C + C Aᵀ = 2 D
// (ou2d.ini: A = [[1, −0.7], [0.3, 2]], D = diag(0.5, 1.2)); the Lyapunov equation for the
// symmetric C = [[c11, c12], [c12, c22]] is three linear equations, solved by Cramer's rule.
double ou_epr_exact() {
  const double a11 = 1, a12 = -0.7, a21 = 0.3, a22 = 2, d1 = 0.5, d2 = 1.2;
  // 2 a11 c11 + 2 a12 c12 = 2 d1;  a21 c11 + (a11 + a22) c12 + a12 c22 = 0;  2 a21 c12 + 2 a22 c22 = 2 d2
  const double M[3][3] = {{2 * a11, 2 * a12, 0}, {a21, a11 + a22, a12}, {0, 2 * a21, 2 * a22}};
  const double b[3] = {2 * d1, 0, 2 * d2};
  auto det = [](const double m[3][3]) {
    return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) +
           m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
  };
  double c[3];
  for (int k = 0; k < 3; ++k) {
    double Mk[3][3];
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 3; ++j) Mk[i][j] = j == k ? b[i] : M[i][j];
    c[k] = det(Mk) / det(M);
  }
  const double C[2][2] = {{c[0], c[1]}, {c[1], c[2]}}, A[2][2] = {{a11, a12}, {a21, a22}}, Dinv[2] = {1 / d1, 1 / d2};
  double tr = 0;  // Tr(D⁻¹ A C Aᵀ) = Σ_i D_ii⁻¹ (A C Aᵀ)_ii
  for (int i = 0; i < 2; ++i) {
    double acat = 0;
    for (int j = 0; j < 2; ++j)
      for (int k = 0; k < 2; ++k) acat += A[i][j] * C[j][k] * A[i][k];
    tr += Dinv[i] * acat;
  }
  return tr - (a11 + a22);
}

}  // namespace

TEST_CASE("OU steady state: int sigma dx -> exact EPR at O(h^2), stationary current divergence-free", "[analysis][cli]") {
  const double exact = ou_epr_exact();
  REQUIRE(exact == Approx(0.5445).epsilon(1e-12));
  const std::string dir = scratch_dir("ou");
  double integral[2], fraction[2];
  const int cells[2] = {64, 128};
  for (int g = 0; g < 2; ++g) {
    const std::string in = dir + "/ou" + std::to_string(cells[g]) + ".h5";
    const std::string n = std::to_string(cells[g]);
    REQUIRE(fokker_planck(in, q("--grid.cells=" + n + " " + n)).code == 0);
    // The fine grid through 2 ranks, the coarse one through 1.
    const Result e = run(q(kBin + "/noneq-epr") + " " + q(in), g == 1 ? 2 : 0);
    INFO(e.out << e.err);
    REQUIRE(e.code == 0);
    CHECK(e.out.find("last frame (t = 0): int sigma dx = ") != std::string::npos);
    const std::string epr_out = dir + "/ou" + n + "_epr.h5";  // the default output name
    integral[g] = read(epr_out, "/series/epr_local_integral").back();
    CHECK(read(epr_out, "/series/epr_solver") == read(in, "/series/epr"));
    const Result f = run(q(kBin + "/noneq-flow") + " " + q(in), g == 1 ? 2 : 0);
    INFO(f.out << f.err);
    REQUIRE(f.code == 0);
    fraction[g] = read(dir + "/ou" + n + "_flow.h5", "/series/divergent_fraction").back();
  }
  const double e64 = std::abs(integral[0] - exact), e128 = std::abs(integral[1] - exact);
  const double richardson = (4 * integral[1] - integral[0]) / 3;
  INFO("int sigma dx: " << integral[0] << " (64^2), " << integral[1] << " (128^2), exact " << exact
                        << "; observed order " << std::log2(e64 / e128) << ", Richardson " << richardson);
  // Cell-centred J (mean of the two face fluxes) and the midpoint rule are both O(h²): the error
  // must fall by ≈ 4 per halving, and extrapolating the h² term away must remove nearly all of it.
  CHECK(std::log2(e64 / e128) > 1.8);
  CHECK(std::log2(e64 / e128) < 2.2);
  CHECK(std::abs(richardson - exact) < 0.1 * e128);
  // Generous absolute bound at 128²: 2% (measured ≈ 0.4%; O(h²) with h = 10/128).
  CHECK(e128 < 0.02 * exact);
  // A stationary current in a closed box is divergence-free: ‖J_grad‖/‖J‖ is pure O(h²)
  // discretisation error (of the solver's cell-centred J and of the decomposition).
  INFO("divergent fraction: " << fraction[0] << " (64^2), " << fraction[1] << " (128^2)");
  CHECK(fraction[1] < 1e-2);
  CHECK(std::log2(fraction[0] / fraction[1]) > 1.8);
  CHECK(std::log2(fraction[0] / fraction[1]) < 2.2);
}

TEST_CASE("noneq-epr and noneq-flow write identical files at 1 and 2 ranks", "[analysis][cli]") {
  const std::string dir = scratch_dir("ranks");
  const std::string in = dir + "/transient.h5";
  // 5 frames: 2 ranks split them 3 + 2.
  REQUIRE(fokker_planck(in, "'--grid.cells=48 40' --solve.mode=transient --solve.t_end=0.2 --solve.dt=0.05 "
                            "--solve.scheme=beuler --output.every=1")
              .code == 0);
  for (const std::string tool : {"epr", "flow"}) {
    const std::vector<std::string> datasets =
        tool == "epr" ? std::vector<std::string>{"/fields/sigma", "/series/time", "/series/epr_local_integral",
                                                 "/series/epr_solver", "/series/masked_mass", "/series/masked_cells",
                                                 "/grid/x", "/grid/y"}
                      : std::vector<std::string>{"/fields/v", "/fields/valid", "/fields/psi", "/fields/J_rot",
                                                 "/fields/J_grad", "/series/time", "/series/frame",
                                                 "/series/divergent_fraction", "/series/harmonic_current",
                                                 "/series/current_norm", "/series/valid_cells"};
    std::vector<std::vector<double>> data[2];
    std::string xmf[2];
    for (int np : {1, 2}) {
      const std::string out = dir + "/" + tool + "_np" + std::to_string(np) + ".h5";
      const Result r = run(q(kBin + "/noneq-" + tool) + " " + q(in) + " --output " + q(out), np);
      INFO(r.out << r.err);
      REQUIRE(r.code == 0);
      for (const auto& ds : datasets) data[np - 1].push_back(read(out, ds));
      xmf[np - 1] = slurp(fs::path(out).replace_extension(".xmf").string());
      h5::File f = h5::File::open(out, MPI_COMM_SELF);
      CHECK(h5::attr_int(f.id(), "complete") == 1);
      CHECK(h5::attr_string(f.id(), "kind") == tool + "-grid");
      h5::Handle prov = h5::open_group(f.id(), "/provenance");
      CHECK(h5::attr_int(prov.id(), "mpi_size") == np);
    }
    for (std::size_t i = 0; i < datasets.size(); ++i) {
      INFO(tool << ": " << datasets[i]);
      CHECK_FALSE(data[0][i].empty());
      CHECK(data[0][i] == data[1][i]);  // bitwise
    }
    const std::string a = tool + "_np1.h5", b = tool + "_np2.h5";
    std::string x2 = xmf[1];
    for (std::size_t p = x2.find(b); p != std::string::npos; p = x2.find(b, p)) x2.replace(p, b.size(), a);
    CHECK(xmf[0] == x2);
  }
}

TEST_CASE("bad input: exit code 2 and one clear message", "[analysis][cli]") {
  const std::string dir = scratch_dir("errors");
  const std::string in = dir + "/run.h5";
  REQUIRE(fokker_planck(in, q("--grid.cells=24 24")).code == 0);
  const std::string text = dir + "/notes.txt";
  std::ofstream(text) << "not an HDF5 file\n";
  const std::string foreign = dir + "/foreign.h5";  // HDF5, but not written by noneq
  {
    h5::File f = h5::File::create(foreign, MPI_COMM_SELF);
    h5::write_root(f.id(), "data", {3}, std::vector<double>{1, 2, 3}, MPI_COMM_SELF);
  }
  const std::string input_bytes = slurp(in);

  for (const std::string tool : {"epr", "flow"}) {
    const std::string exe = q(kBin + "/noneq-" + tool);
    const std::string out = dir + "/" + tool + "_out.h5";
    struct Case {
      std::string name, args, expect;
    };
    const std::vector<Case> cases = {
        {"missing file", q(dir + "/missing.h5") + " -o " + q(out), "does not exist"},
        {"not HDF5", q(text) + " -o " + q(out), "is not an HDF5 file"},
        {"HDF5 but not noneq", q(foreign) + " -o " + q(out), "is not a noneq output"},
        {"unknown option", q(in) + " --bogus -o " + q(out), "unknown option `--bogus`"},
        {"option with a typo", q(in) + " --flor=1e-10 -o " + q(out), "unknown option `--flor`"},
        {"floor not a number", q(in) + " --floor abc -o " + q(out), "--floor expects a number, got `abc`"},
        {"floor out of range", q(in) + " --floor 1 -o " + q(out), "--floor 1 is outside [0, 1)"},
        {"two inputs", q(in) + " " + q(in) + " -o " + q(out), "more than one input file"},
        {"output is the input", q(in) + " --overwrite -o " + q(in), "is the input file"},
        {"output directory missing", q(in) + " -o " + q(dir + "/no/such/dir/x.h5"), "does not exist"},
    };
    for (const auto& c : cases) {
      const Result r = run(exe + " " + c.args);
      INFO(tool << ", " << c.name << ": stderr = " << r.err);
      CHECK(r.code == 2);
      REQUIRE(r.err_lines().size() == 1);
      CHECK(r.err_lines()[0].rfind("error: ", 0) == 0);
      CHECK(r.err.find(c.expect) != std::string::npos);
      CHECK_FALSE(fs::exists(out));
    }
    {
      const Result r = run(exe);
      INFO(tool << ", no input: " << r.err);
      CHECK(r.code == 2);
      CHECK(r.err_lines().at(0) == "error: command line: no input file given");
    }
    // An existing output is kept without --overwrite and replaced with it.
    REQUIRE(run(exe + " " + q(in) + " -o " + q(out)).code == 0);
    const std::string before = slurp(out);
    {
      const Result r = run(exe + " " + q(in) + " -o " + q(out));
      INFO(tool << ", existing output: " << r.err);
      CHECK(r.code == 2);
      CHECK(r.err_lines().size() == 1);
      CHECK(r.err.find("already exists; pass --overwrite") != std::string::npos);
      CHECK(slurp(out) == before);
    }
    {  // an analysis output is not a fokker-planck output
      const Result r = run(exe + " " + q(out) + " -o " + q(dir + "/again.h5"));
      INFO(tool << ", analysis output as input: " << r.err);
      CHECK(r.code == 2);
      CHECK(r.err.find("of kind `" + tool + "-grid`") != std::string::npos);
    }
    CHECK(run(exe + " " + q(in) + " -o " + q(out) + " --overwrite").code == 0);
    {  // 2 ranks: still exit code 2 and the message once (mpiexec adds its own notice)
      const Result r = run(exe + " " + q(dir + "/missing.h5") + " -o " + q(dir + "/x.h5"), 2);
      INFO(tool << ", 2 ranks: " << r.err);
      CHECK(r.code == 2);
      CHECK(r.error_lines() == 1);
    }
  }
  {
    const Result r = run(q(kBin + "/noneq-flow") + " " + q(in) + " --frame 7 -o " + q(dir + "/f.h5"));
    INFO(r.err);
    CHECK(r.code == 2);
    CHECK(r.err.find("--frame 7 is out of range: the input holds 1 frame") != std::string::npos);
  }
  CHECK(slurp(in) == input_bytes);  // the input was never modified
}

TEST_CASE("tools/plot_flow.py draws a noneq-fokker-planck output", "[analysis][cli]") {
  if (run("/usr/bin/python3 -c 'import h5py, numpy, matplotlib'").code != 0) {
    WARN("skipped: /usr/bin/python3 with h5py, numpy and matplotlib is not available (tools/setup.sh installs them)");
    return;
  }
  const std::string dir = scratch_dir("plot");
  const std::string in = dir + "/ou.h5", png = dir + "/ou.png";
  REQUIRE(fokker_planck(in, q("--grid.cells=48 48")).code == 0);
  const std::string script = q(std::string(NONEQ_TOOLS_DIR) + "/plot_flow.py");
  const Result r = run(script + " " + q(in) + " --out " + q(png));
  INFO(r.out << r.err);
  REQUIRE(r.code == 0);
  CHECK(r.out == "wrote " + png + "\n");
  CHECK(slurp(png).rfind("\x89PNG\r\n\x1a\n", 0) == 0);
  const Result bad = run(script + " " + q(dir + "/missing.h5"));
  CHECK(bad.code == 2);
  CHECK(bad.err_lines().size() == 1);
}
