#include "analysis/active_epr.hpp"

#include <fftw3.h>
#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <filesystem>
#include <numbers>

#include "analysis/grid_file.hpp"
#include "core/error.hpp"
#include "core/h5.hpp"
#include "core/provenance.hpp"
#include "core/xdmf.hpp"

namespace noneq::analysis {

namespace h5 = core::h5;
using cplx = std::complex<double>;

namespace {

struct Input {
  double d_t = 0, d_r = 0, v0 = 0, zeta = 0, shear_rate = 0, length = 1;
  std::int64_t n = 1, H = 0;
  bool homogeneous = false;
  std::vector<double> time;
  std::string run_id, deck;
  bool complete = true;
};

// In-place serial 2D transforms of `howmany` interleaved fields on an n x n grid.
class Fft2 {
 public:
  Fft2(std::int64_t n, int howmany, cplx* data) {
    const int dims[2] = {static_cast<int>(n), static_cast<int>(n)};
    auto* d = reinterpret_cast<fftw_complex*>(data);
    fwd_ = fftw_plan_many_dft(2, dims, howmany, d, nullptr, howmany, 1, d, nullptr, howmany, 1, FFTW_FORWARD, FFTW_ESTIMATE);
    bwd_ = fftw_plan_many_dft(2, dims, howmany, d, nullptr, howmany, 1, d, nullptr, howmany, 1, FFTW_BACKWARD, FFTW_ESTIMATE);
  }
  ~Fft2() {
    fftw_destroy_plan(fwd_);
    fftw_destroy_plan(bwd_);
  }
  void forward(cplx* d) { fftw_execute_dft(fwd_, reinterpret_cast<fftw_complex*>(d), reinterpret_cast<fftw_complex*>(d)); }
  void backward(cplx* d) { fftw_execute_dft(bwd_, reinterpret_cast<fftw_complex*>(d), reinterpret_cast<fftw_complex*>(d)); }

 private:
  fftw_plan fwd_, bwd_;
};

// x and y derivatives of `howmany` interleaved fields given on the grid (spectral).
void derivatives(const std::vector<cplx>& f, std::int64_t n, int howmany, double length, std::vector<cplx>& dx,
                 std::vector<cplx>& dy) {
  std::vector<cplx> hat = f;
  if (n == 1) {
    dx.assign(f.size(), 0), dy.assign(f.size(), 0);
    return;
  }
  Fft2 fft(n, howmany, hat.data());
  fft.forward(hat.data());
  dx = hat, dy = hat;
  const double k0 = 2 * std::numbers::pi / length, norm = 1.0 / static_cast<double>(n * n);
  for (std::int64_t j = 0; j < n; ++j) {  // row index: y
    const std::int64_t wy = j <= n / 2 ? j : j - n;
    const double ky = 2 * wy == n ? 0 : k0 * static_cast<double>(wy);
    for (std::int64_t i = 0; i < n; ++i) {
      const std::int64_t wx = i <= n / 2 ? i : i - n;
      const double kx = 2 * wx == n ? 0 : k0 * static_cast<double>(wx);
      for (int h = 0; h < howmany; ++h) {
        const std::size_t q = static_cast<std::size_t>((j * n + i) * howmany + h);
        dx[q] *= cplx(0, kx) * norm;
        dy[q] *= cplx(0, ky) * norm;
      }
    }
  }
  fft.backward(dx.data());
  fft.backward(dy.data());
}

struct FrameResult {
  double epr = 0, translational = 0, rotational = 0, excluded = 0, entropy = 0;
  std::vector<double> sigma;  // [n y][n x]
};

FrameResult frame_epr(const Input& in, const std::vector<double>& raw, const std::vector<double>& uraw, double floor) {
  const std::int64_t n = in.n;
  const int H = static_cast<int>(in.H);
  const std::size_t np = static_cast<std::size_t>(n * n);
  std::vector<cplx> mu(np * H), u(np, 0);
  for (std::size_t i = 0; i < mu.size(); ++i) mu[i] = cplx(raw[2 * i], raw[2 * i + 1]);
  for (std::size_t p = 0; p < np && !uraw.empty(); ++p) u[p] = cplx(uraw[2 * p], uraw[2 * p + 1]);  // u_x + i u_y
  std::vector<cplx> mdx, mdy, udx, udy;
  derivatives(mu, n, H, in.length, mdx, mdy);
  derivatives(u, n, 1, in.length, udx, udy);
  // Angular quadrature: Psi(theta) = (1/2pi) [mu_0 + 2 Re sum_{m>=1} mu_m e^{-i m theta}].
  const int Q = std::max(64, 4 * H);
  const double dth = 2 * std::numbers::pi / Q, inv2pi = 1 / (2 * std::numbers::pi);
  std::vector<cplx> e(static_cast<std::size_t>(Q) * H);
  for (int j = 0; j < Q; ++j)
    for (int m = 0; m < H; ++m) e[static_cast<std::size_t>(j) * H + m] = std::polar(1.0, -m * j * dth);
  auto eval = [&](const cplx* c, int j, bool derivative) {
    double s = derivative ? 0.0 : c[0].real();
    for (int m = 1; m < H; ++m) {
      const cplx t = c[m] * e[static_cast<std::size_t>(j) * H + m];
      s += derivative ? 2 * (cplx(0, -m) * t).real() : 2 * t.real();
    }
    return s * inv2pi;
  };
  double psimax = 0;
  for (std::size_t p = 0; p < np; ++p)
    for (int j = 0; j < Q; ++j) psimax = std::max(psimax, eval(&mu[p * H], j, false));
  const double cut = floor * psimax;
  FrameResult r;
  r.sigma.assign(np, 0);
  const double cell = in.homogeneous ? 1.0 : (in.length / n) * (in.length / n);
  double excluded = 0, total = 0;
  for (std::size_t p = 0; p < np; ++p) {
    const cplx* m = &mu[p * H];
    // grad u (d_j u_i) from the derivatives of u_x + i u_y; homogeneous: the imposed shear.
    double g11 = udx[p].real(), g12 = udy[p].real(), g21 = udx[p].imag(), g22 = udy[p].imag();
    if (in.homogeneous) g11 = 0, g12 = in.shear_rate, g21 = 0, g22 = 0;
    const double c = m[0].real();
    const double D11 = 0.5 * (c + m[2].real()), D12 = 0.5 * m[2].imag(), D22 = 0.5 * (c - m[2].real());
    const double G11 = g11 + 2 * in.zeta * D11, G12 = g12 + 2 * in.zeta * D12, G21 = g21 + 2 * in.zeta * D12,
                 G22 = g22 + 2 * in.zeta * D22;
    const double ux = u[p].real(), uy = u[p].imag();
    double s_tr = 0, s_rot = 0;
    for (int j = 0; j < Q; ++j) {
      const double th = j * dth, cs = std::cos(th), sn = std::sin(th);
      const double psi = eval(m, j, false);
      total += std::abs(psi);
      if (psi <= cut || psi <= 0) {
        excluded += std::abs(psi);
        continue;
      }
      r.entropy -= psi * std::log(psi) * dth * cell;
      const double dpsi = eval(m, j, true);
      const double px = eval(&mdx[p * H], j, false), py = eval(&mdy[p * H], j, false);
      const double thetadot = -sn * (G11 * cs + G12 * sn) + cs * (G21 * cs + G22 * sn);
      const double jx = (in.v0 * cs + ux) * psi - in.d_t * px, jy = (in.v0 * sn + uy) * psi - in.d_t * py;
      const double jt = thetadot * psi - in.d_r * dpsi;
      if (in.d_t > 0) s_tr += (jx * jx + jy * jy) / (in.d_t * psi) * dth;
      s_rot += jt * jt / (in.d_r * psi) * dth;
    }
    r.sigma[p] = s_tr + s_rot;
    r.translational += s_tr * cell;
    r.rotational += s_rot * cell;
  }
  r.epr = r.translational + r.rotational;
  r.excluded = total > 0 ? excluded / total : 0;
  return r;
}

}  // namespace

ActiveEprReport run_active_epr(const ActiveEprOptions& o, MPI_Comm comm) {
  ActiveEprReport rep;
  rep.output = o.output.empty() ? default_output_path(o.input, "_epr") : o.output;
  check_analysis_output(rep.output, o.input, o.overwrite, comm);
  if (!(o.floor >= 0 && o.floor < 1)) throw core::InputError(fmt::format("--floor must be in [0, 1), got {}", o.floor));
  Input in;
  try {
    h5::File f = h5::File::open(o.input, comm);
    in.complete = h5::attr_int(f.id(), "complete") == 1;
    if (!h5::exists(f.id(), "/psi/modes") || h5::attr_string(f.id(), "level") != "kinetic")
      throw core::InputError(fmt::format(
          "input `{}` holds no Psi frames: the entropy production needs Psi itself (a level = kinetic run with "
          "[output] psi_interval > 0)",
          o.input));
    in.homogeneous = h5::attr_string(f.id(), "geometry") == "homogeneous";
    in.d_t = in.homogeneous ? 0.0 : h5::attr_real(f.id(), "d_t");
    in.d_r = h5::attr_real(f.id(), "d_r");
    in.v0 = h5::attr_real(f.id(), "v0");
    in.zeta = h5::attr_real(f.id(), "zeta");
    in.shear_rate = h5::attr_real(f.id(), "shear_rate");
    in.H = h5::attr_int(f.id(), "modes");
    if (!in.homogeneous) {
      h5::Handle g = h5::open_group(f.id(), "/grid");
      in.length = h5::attr_real(g.id(), "length");
      in.n = h5::attr_int(g.id(), "points");
    }
    in.time = h5::read_all<double>(f.id(), "/psi/time");
    in.deck = h5::read_string(f.id(), "/provenance/effective_deck");
    h5::Handle prov = h5::open_group(f.id(), "/provenance");
    in.run_id = h5::has_attr(prov.id(), "run_id") ? h5::attr_string(prov.id(), "run_id") : "";
  } catch (const core::LibraryError& e) {
    throw core::InputError(fmt::format("input `{}` is not a readable noneq-active-fluid output: {}", o.input, e.what()));
  }
  rep.input_complete = in.complete;
  rep.homogeneous = in.homogeneous;
  const std::size_t F = in.time.size();
  if (F == 0) throw core::InputError(fmt::format("input `{}` has no Psi frames", o.input));
  int rank = 0, size = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  const auto n = static_cast<hsize_t>(in.n), H = static_cast<hsize_t>(in.H);
  const std::string options =
      fmt::format("# noneq-epr options\ninput = {}\noutput = {}\nfloor = {:.17g}\n", o.input, rep.output, o.floor);
  const core::RunInfo info{"noneq-epr", "epr-active-fluid", "", "", options, o.command_line};
  h5::File out = h5::File::create(rep.output, comm);
  core::write_header(out, info);
  write_input_provenance(out, o.input, in.run_id, in.deck, comm);
  h5::Handle sigma_set;
  if (!in.homogeneous) {
    h5::Handle g = h5::create_group(out.id(), "/grid");
    std::vector<double> x(static_cast<std::size_t>(in.n));
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<double>(i) * in.length / static_cast<double>(in.n);
    h5::write_root(g.id(), "x", {n}, x, comm);
    h5::write_root(g.id(), "y", {n}, x, comm);
    h5::Handle fl = h5::create_group(out.id(), "/fields");
    sigma_set = h5::create_dataset(fl.id(), "sigma", H5T_NATIVE_DOUBLE, {F, n, n});
  }
  // Frames in rounds: in round r rank k analyses frame r size + k and writes its sigma map
  // (collective hyperslab writes; a rank without a frame writes nothing): one frame in memory per rank.
  std::vector<double> vals(5 * F, 0.0);
  {
    h5::File f = h5::File::open(o.input, MPI_COMM_SELF);  // independent reads
    const std::int64_t rounds = frame_rounds(static_cast<std::int64_t>(F), size);
    for (std::int64_t r = 0; r < rounds; ++r) {
      const auto k = static_cast<std::size_t>(r * size + rank);
      FrameResult res;
      if (k < F) {
        const auto raw = h5::read_block<double>(f.id(), "/psi/modes", {k, 0, 0, 0, 0}, {1, n, n, H, 2});
        std::vector<double> u;
        if (!in.homogeneous) u = h5::read_block<double>(f.id(), "/psi/u", {k, 0, 0, 0}, {1, n, n, 2});
        res = frame_epr(in, raw, u, o.floor);
        vals[5 * k] = res.epr, vals[5 * k + 1] = res.translational, vals[5 * k + 2] = res.rotational;
        vals[5 * k + 3] = res.excluded, vals[5 * k + 4] = res.entropy;
      }
      if (!in.homogeneous)
        h5::write_block(sigma_set.id(), {k < F ? k : 0, 0, 0}, k < F ? h5::Dims{1, n, n} : h5::Dims{}, res.sigma.data());
    }
  }
  MPI_Allreduce(MPI_IN_PLACE, vals.data(), static_cast<int>(vals.size()), MPI_DOUBLE, MPI_SUM, comm);
  rep.time = in.time;
  for (std::size_t k = 0; k < F; ++k) {
    rep.epr.push_back(vals[5 * k]);
    rep.translational.push_back(vals[5 * k + 1]);
    rep.rotational.push_back(vals[5 * k + 2]);
    rep.excluded.push_back(vals[5 * k + 3]);
    rep.entropy.push_back(vals[5 * k + 4]);
  }
  {
    h5::Handle s = h5::create_group(out.id(), "/series");
    h5::write_root(s.id(), "time", {F}, rep.time, comm);
    h5::write_root(s.id(), "epr", {F}, rep.epr, comm);
    h5::write_root(s.id(), "epr_translational", {F}, rep.translational, comm);
    h5::write_root(s.id(), "epr_rotational", {F}, rep.rotational, comm);
    h5::write_root(s.id(), "excluded_fraction", {F}, rep.excluded, comm);
    h5::write_root(s.id(), "entropy", {F}, rep.entropy, comm);
    h5::set_attr(s.id(), "definition",
                 in.homogeneous ? "int (J_theta^2/(d_R Psi)) dtheta per unit volume (imposed shear)"
                                : "int int (|J_x|^2/(d_T Psi) + J_theta^2/(d_R Psi)) dx dtheta over the box");
  }
  if (!in.homogeneous && rank == 0) {
    core::XdmfGrid xg;
    xg.h5_file = std::filesystem::path(rep.output).filename().string();
    xg.points = {static_cast<std::size_t>(in.n), static_cast<std::size_t>(in.n)};
    xg.coordinates = {"/grid/x", "/grid/y"};
    xg.times = rep.time;
    xg.fields.push_back({"sigma", "/fields/sigma", true, 0});
    core::write_xdmf(core::xdmf_path_for(rep.output), xg);
  }
  sigma_set = h5::Handle();
  core::mark_complete(out, true);
  return rep;
}

}  // namespace noneq::analysis
