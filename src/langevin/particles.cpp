#include "langevin/particles.hpp"

#include <algorithm>

namespace noneq::langevin {

std::vector<Particles::RealColumn> Particles::real_columns() {
  std::vector<RealColumn> c;
  auto vec = [&](const char* name, std::array<std::vector<double>, 3>& a) {
    c.push_back({name, dim, {&a[0], &a[1], &a[2]}});
  };
  vec("position", x);
  vec("start_position", x_start);
  if (has_v) vec("velocity", v);
  if (has_e) {
    vec("orientation", e);
    vec("start_orientation", e_start);
    if (dim == 2) c.push_back({"angle", 1, {&theta, nullptr, nullptr}});
  }
  if (has_g) vec("propulsion", g);
  return c;
}

std::vector<Particles::IntColumn> Particles::int_columns() {
  return {{"image", dim, {&image[0], &image[1], &image[2]}}};
}

void Particles::resize(std::size_t count) {
  n = count;
  ghosts = 0;
  id.resize(count);
  for (auto& col : real_columns())
    for (int a = 0; a < col.comps; ++a) col.data[a]->resize(count);
  for (auto& col : int_columns())
    for (int a = 0; a < col.comps; ++a) col.data[a]->resize(count);
  for (int a = 0; a < dim; ++a) f[a].resize(count);
}

namespace {
template <class T>
void apply(std::vector<T>& v, const std::vector<std::uint32_t>& perm, std::vector<T>& tmp) {
  tmp.resize(perm.size());
  for (std::size_t k = 0; k < perm.size(); ++k) tmp[k] = v[perm[k]];
  v.resize(perm.size());
  std::copy(tmp.begin(), tmp.end(), v.begin());
}
template <class T>
void keep_if(std::vector<T>& v, const std::vector<char>& keep, std::size_t n) {
  std::size_t k = 0;
  for (std::size_t i = 0; i < n; ++i)
    if (keep[i]) v[k++] = v[i];
  v.resize(k);
}
}  // namespace

void Particles::permute(const std::vector<std::uint32_t>& perm) {
  std::vector<double> td;
  std::vector<std::int32_t> ti;
  std::vector<std::int64_t> tl;
  apply(id, perm, tl);
  for (auto& col : real_columns())
    for (int a = 0; a < col.comps; ++a) {
      col.data[a]->resize(n);  // drop ghosts
      apply(*col.data[a], perm, td);
    }
  for (auto& col : int_columns())
    for (int a = 0; a < col.comps; ++a) apply(*col.data[a], perm, ti);
  for (int a = 0; a < dim; ++a) apply(f[a], perm, td);
  n = perm.size();
  ghosts = 0;
}

void Particles::compact(const std::vector<char>& keep) {
  const std::size_t old = n;
  keep_if(id, keep, old);
  for (auto& col : real_columns())
    for (int a = 0; a < col.comps; ++a) keep_if(*col.data[a], keep, old);
  for (auto& col : int_columns())
    for (int a = 0; a < col.comps; ++a) keep_if(*col.data[a], keep, old);
  for (int a = 0; a < dim; ++a) keep_if(f[a], keep, old);
  n = id.size();
  ghosts = 0;
}

}  // namespace noneq::langevin
