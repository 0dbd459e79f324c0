#include "analysis/closure_fit.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <filesystem>

#include "analysis/grid_file.hpp"
#include "core/error.hpp"
#include "core/h5.hpp"
#include "core/provenance.hpp"
#include "kinetic/active_fluid/closure.hpp"

namespace noneq::analysis {

namespace h5 = core::h5;

void ClosureBins::add(double c, std::complex<double> mu2, std::complex<double> mu4) {
  const double s = std::min(std::abs(mu2) / c, 1.0);
  const std::complex<double> rot = std::abs(mu2) > 0 ? std::conj(mu2 * mu2) / std::norm(mu2) : 1.0;  // e^{-4i phi}
  const double r = (mu4 * rot).real() / c;
  const double lambda1 = 0.5 * (1 + s), q = (3 + 4 * s + r) / 8;
  const auto B = static_cast<std::size_t>(bins_);
  const auto bin = std::min(B - 1, static_cast<std::size_t>((lambda1 - 0.5) / 0.5 * static_cast<double>(B)));
  double* b = &sums_[kSums * bin];
  b[0] += 1;
  b[1] += lambda1;
  b[2] += r * s * s;
  b[3] += s * s * s * s;
  b[4] += q;
  b[5] += q * q;
}

void ClosureBins::table(std::int64_t min_count, ClosureFitReport& rep) const {
  for (int k = 0; k < bins_; ++k) {
    const double* b = &sums_[static_cast<std::size_t>(kSums * k)];
    const double cnt = b[0];
    if (cnt < static_cast<double>(min_count) || !(b[3] > 0)) continue;
    const double l = b[1] / cnt, s = 2 * l - 1, h = b[2] / b[3];
    const double mean = b[4] / cnt, var = std::max(0.0, b[5] / cnt - mean * mean);
    if (rep.lambda1.empty() && l > 0.5 + 1e-9) {  // anchor: the isotropic state has S'1111 = 3/8 exactly
      rep.lambda1.push_back(0.5), rep.s1111.push_back(0.375), rep.std.push_back(0), rep.count.push_back(0);
      rep.bingham.push_back(0.375);
    }
    rep.lambda1.push_back(l);
    rep.s1111.push_back(std::clamp((3 + 4 * s + h * s * s) / 8, l * l, l));  // a distribution's moments lie in [l^2, l]
    rep.std.push_back(std::sqrt(var));
    rep.count.push_back(static_cast<std::int64_t>(cnt));
    rep.bingham.push_back(l < 1 ? kinetic::active_fluid::bingham::s1111(l) : 1.0);
  }
}

ClosureFitReport run_closure_fit(const ClosureFitOptions& o, MPI_Comm comm) {
  ClosureFitReport rep;
  if (o.inputs.empty()) throw core::InputError("no input file given");
  rep.output = o.output.empty() ? default_output_path(o.inputs.front(), "_closure") : o.output;
  for (const auto& in : o.inputs) check_analysis_output(rep.output, in, o.overwrite, comm);
  if (o.bins < 4 || o.bins > 100000) throw core::InputError(fmt::format("--bins must be in [4, 100000], got {}", o.bins));
  if (o.min_count < 1) throw core::InputError(fmt::format("--min-count must be >= 1, got {}", o.min_count));
  int rank = 0, size = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  ClosureBins bins(o.bins);
  double counters[3] = {0, 0, 0};         // points, frames, skipped
  std::string inputs_text;
  for (const auto& path : o.inputs) {
    inputs_text += path + "\n";
    std::vector<double> time;
    std::int64_t n = 1, H = 0;
    try {
      h5::File f = h5::File::open(path, comm);
      if (!h5::has_attr(f.id(), "kind") || h5::attr_string(f.id(), "kind") != "active-fluid" ||
          h5::attr_string(f.id(), "level") != "kinetic" || !h5::exists(f.id(), "/psi/modes"))
        throw core::InputError(fmt::format("input `{}` is not a noneq-active-fluid kinetic output with Psi frames "
                                           "(level = kinetic, [output] psi_interval > 0)",
                                           path));
      H = h5::attr_int(f.id(), "modes");
      if (h5::attr_string(f.id(), "geometry") == "periodic") n = h5::attr_int(h5::open_group(f.id(), "/grid"), "points");
      time = h5::read_all<double>(f.id(), "/psi/time");
    } catch (const core::LibraryError& e) {
      throw core::InputError(fmt::format("input `{}` is not a readable noneq-active-fluid output: {}", path, e.what()));
    }
    h5::File f = h5::File::open(path, MPI_COMM_SELF);
    const auto hn = static_cast<hsize_t>(n), hH = static_cast<hsize_t>(H);
    for (std::size_t k = 0; k < time.size(); ++k) {
      if (time[k] < o.from_time - 1e-12) continue;
      if (static_cast<int>(k % static_cast<std::size_t>(size)) != rank) continue;
      const auto raw = h5::read_block<double>(f.id(), "/psi/modes", {k, 0, 0, 0, 0}, {1, hn, hn, hH, 2});
      counters[1] += 1;
      for (std::size_t p = 0; p < static_cast<std::size_t>(n * n); ++p) {
        const double* m = &raw[p * 2 * H];
        const double c = m[0];
        const std::complex<double> mu2(m[4], m[5]), mu4(m[8], m[9]);
        if (!(c > 0)) {
          counters[2] += 1;
          continue;
        }
        bins.add(c, mu2, mu4);
        counters[0] += 1;
      }
    }
  }
  MPI_Allreduce(MPI_IN_PLACE, bins.sums().data(), static_cast<int>(bins.sums().size()), MPI_DOUBLE, MPI_SUM, comm);
  MPI_Allreduce(MPI_IN_PLACE, counters, 3, MPI_DOUBLE, MPI_SUM, comm);
  rep.points = static_cast<std::int64_t>(counters[0]);
  rep.frames = static_cast<std::int64_t>(counters[1]);
  rep.skipped = static_cast<std::int64_t>(counters[2]);
  bins.table(o.min_count, rep);
  if (rep.lambda1.size() < 4)
    throw core::InputError(fmt::format(
        "only {} lambda_1 bins hold >= {} points ({} points in {} frames): a closure table needs at least 4; use "
        "more frames or runs, fewer --bins or a lower --min-count",
        rep.lambda1.size(), o.min_count, rep.points, rep.frames));

  const std::string options = fmt::format("# noneq-closure-fit options\ninputs = {}\noutput = {}\nbins = {}\nmin_count = "
                                          "{}\nfrom = {:.17g}\n",
                                          inputs_text, rep.output, o.bins, o.min_count, o.from_time);
  const core::RunInfo info{"noneq-closure-fit", "closure-table", "", "", options, o.command_line};
  h5::File out = h5::File::create(rep.output, comm);
  core::write_header(out, info);
  const auto K = static_cast<hsize_t>(rep.lambda1.size());
  h5::write_root(out.id(), "lambda1", {K}, rep.lambda1, comm);
  h5::write_root(out.id(), "S1111", {K}, rep.s1111, comm);
  h5::write_root(out.id(), "S1111_std", {K}, rep.std, comm);
  h5::write_root(out.id(), "count", {K}, rep.count, comm);
  h5::write_root(out.id(), "bingham_S1111", {K}, rep.bingham, comm);
  h5::set_attr(out.id(), "definition",
               "principal-frame S'1111 = (3 + 4s + r)/8 averaged in bins of lambda_1 = (1 + s)/2 over the points of the "
               "inputs' Psi frames; read by noneq-active-fluid [model] closure = table");
  h5::set_attr(out.id(), "points", rep.points);
  core::mark_complete(out, true);
  return rep;
}

}  // namespace noneq::analysis
