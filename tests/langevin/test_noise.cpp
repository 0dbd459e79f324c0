// Counter-based noise: the batched words are Random123's Philox4x32-10 for (seed, id, stream, step)
// (the counter layout is ours), normals have the right moments, and a particle's numbers do not
// depend on its position in the batch.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "langevin/noise.hpp"

using namespace noneq::langevin;

TEST_CASE("batched Philox words equal single Random123 calls", "[unit][noise]") {
  std::vector<std::int64_t> ids = {0, 1, 2, 3, 17, 4095, (std::int64_t{1} << 40) + 5, (std::int64_t{1} << 46) - 1, 99, 123456};
  for (std::uint64_t seed : {std::uint64_t{0}, std::uint64_t{1}, std::uint64_t{0xDEADBEEFCAFEull}})
    for (std::uint64_t step : {std::uint64_t{0}, std::uint64_t{7}, std::uint64_t{1} << 33})
      for (Stream s : {Stream::Translation, Stream::Rotation, Stream::Init}) {
        const Noise noise(seed);
        std::vector<std::uint32_t> w;
        noise.words(ids.data(), ids.size(), step, s, w);
        for (std::size_t i = 0; i < ids.size(); ++i) {
          std::uint32_t ref[4];
          philox_reference(ids[i], step, s, seed, ref);
          for (int j = 0; j < 4; ++j) REQUIRE(w[4 * i + j] == ref[j]);
        }
      }
}

TEST_CASE("Box–Muller normals: moments and batch independence", "[unit][noise]") {
  const std::size_t n = 50001;  // odd: exercises the padded tail
  std::vector<std::int64_t> ids(n);
  for (std::size_t i = 0; i < n; ++i) ids[i] = static_cast<std::int64_t>(i);
  const Noise noise(42);
  std::vector<double> z;
  double m1 = 0, m2 = 0, m4 = 0, c01 = 0;
  const int steps = 8;
  for (int st = 0; st < steps; ++st) {
    noise.normals(ids.data(), n, static_cast<std::uint64_t>(st), Stream::Translation, 4, z);
    for (std::size_t i = 0; i < n; ++i) {
      for (int k = 0; k < 4; ++k) {
        const double x = z[4 * i + k];
        m1 += x, m2 += x * x, m4 += x * x * x * x;
      }
      c01 += z[4 * i] * z[4 * i + 1];
    }
  }
  const double N = 4.0 * n * steps;
  // Standard errors: mean 1/sqrt(N), second moment sqrt(2/N), fourth sqrt(96/N), cross sqrt(1/(N/4)).
  CHECK(std::fabs(m1 / N) < 5 / std::sqrt(N));
  CHECK(std::fabs(m2 / N - 1) < 5 * std::sqrt(2 / N));
  CHECK(std::fabs(m4 / N - 3) < 5 * std::sqrt(96 / N));
  CHECK(std::fabs(c01 / (N / 4)) < 5 / std::sqrt(N / 4));
  // A particle's numbers do not depend on where it sits in the batch (vector vs tail lanes).
  std::vector<double> one, all;
  noise.normals(ids.data(), n, 3, Stream::Rotation, 2, all);
  for (std::size_t i : {std::size_t{0}, std::size_t{5}, n - 1}) {
    noise.normals(&ids[i], 1, 3, Stream::Rotation, 2, one);
    CHECK(one[0] == all[2 * i]);
    CHECK(one[1] == all[2 * i + 1]);
  }
}
