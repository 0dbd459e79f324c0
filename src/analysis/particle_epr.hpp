#pragma once
// noneq-epr for noneq-langevin outputs (root attribute kind = "langevin"): the entropy production
// series with a batch-means error bar, and the spatial map, written to its own file
// (kind "epr-particles"):
//   root attrs schema, kind = "epr-particles", complete, dim, particles
//   /series/time [r], /series/epr_per_particle [r]    (k_B per particle and unit time, window means)
//   /series/epr_total [r]                             N x per particle
//   /series attrs mean, error, batches, from_time      batch means over records with t >= from_time
//   /grid/{x,y,z}                                      map-cell centres
//   /fields/sigma [r, (z), y, x]                       entropy production per unit volume and time
//   /fields/density [r, (z), y, x]                     number density (window mean)
//   /provenance (+ input, input_run_id, input_deck)
// plus an XDMF sidecar for the two fields (ParaView). The input is never modified.
#include <mpi.h>

#include <string>
#include <vector>

namespace noneq::analysis {

struct ParticleEprOptions {
  std::string input, output, command_line;
  bool overwrite = false;
  double from_time = -1;  // < 0: second half of the records
};

struct ParticleEprReport {
  std::string output;
  std::vector<double> time, per_particle;
  double mean = 0, error = 0, from_time = 0;
  int batches = 0;
  std::int64_t particles = 0;
  bool input_complete = true;
};

/// Root attribute `kind` of an HDF5 output (collective; InputError if not a readable noneq file).
std::string output_kind(const std::string& path, MPI_Comm comm);

/// Collective. Bad input -> core::InputError on every rank.
ParticleEprReport run_particle_epr(const ParticleEprOptions& options, MPI_Comm comm);

}  // namespace noneq::analysis
