#pragma once
// Particle storage, structure of arrays. Owned particles occupy [0, n); the position arrays also
// hold ghost copies [n, n + ghosts) (periodic images and neighbours' particles, positions only).
// Every other column belongs to owned particles only. Columns travel with their particle when it
// migrates, when particles are sorted, and into checkpoints: they are enumerated by name through
// columns(), so adding a per-particle quantity is one member and one line there.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace noneq::langevin {

struct Particles {
  int dim = 2;
  std::size_t n = 0;       // owned
  std::size_t ghosts = 0;  // ghost positions after the owned ones

  std::vector<std::int64_t> id;
  std::array<std::vector<std::int32_t>, 3> image;  // periodic image counters (unwrapped = x + image L)
  std::array<std::vector<double>, 3> x;            // positions (owned + ghosts)
  std::array<std::vector<double>, 3> f;            // forces (interaction + trap)
  std::array<std::vector<double>, 3> v;            // velocities (underdamped)
  std::array<std::vector<double>, 3> e;            // orientation unit vector (abp, active underdamped)
  std::vector<double> theta;                       // 2D orientation angle (e = (cos, sin))
  std::array<std::vector<double>, 3> g;            // OU propulsion (aoup), <g_a^2> = 1
  std::array<std::vector<double>, 3> x_start;      // unwrapped position at t = 0 (MSD)
  std::array<std::vector<double>, 3> e_start;      // orientation at t = 0 (correlation)

  bool has_v = false, has_e = false, has_g = false;

  struct RealColumn {
    std::string name;  // checkpoint dataset name ("position", "velocity", ...)
    int comps;         // 1 or dim
    std::array<std::vector<double>*, 3> data;
  };
  struct IntColumn {
    std::string name;
    int comps;
    std::array<std::vector<std::int32_t>*, 3> data;
  };
  /// Columns that travel with a particle (forces do not: they are recomputed).
  std::vector<RealColumn> real_columns();
  std::vector<IntColumn> int_columns();

  /// Resize every owned column to `count` (positions keep room for no ghosts).
  void resize(std::size_t count);
  /// Reorder owned particles: new[k] = old[perm[k]].
  void permute(const std::vector<std::uint32_t>& perm);
  /// Keep owned particles with keep[i] != 0 (stable).
  void compact(const std::vector<char>& keep);
};

}  // namespace noneq::langevin
