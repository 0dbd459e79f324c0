#pragma once
// XDMF (v3) sidecar for fields on rectilinear grids stored in HDF5, so ParaView/VisIt open them.
// Values live at the grid points given by the coordinate datasets (cell centres for the
// finite-volume solvers); 1D grids are written as a 2D mesh one point thick.
#include <string>
#include <vector>

namespace noneq::core {

struct XdmfField {
  std::string name;          // attribute name shown in ParaView
  std::string dataset;       // HDF5 path, e.g. "/fields/p"
  bool time_dependent = true;  // dataset has a leading time axis
  int components = 0;        // 0: scalar; n > 0: trailing axis of n components -> name_x, name_y, name_z
};

struct XdmfGrid {
  std::string h5_file;                 // as referenced from the .xmf (basename: same folder)
  std::vector<std::size_t> points;     // per axis (x, y, z order), length = dim
  std::vector<std::string> coordinates;  // HDF5 paths of the per-axis coordinate arrays
  std::vector<double> times;           // one grid per time
  std::vector<XdmfField> fields;
};

/// XDMF text for a temporal collection over `times` (a single uniform grid when times is empty).
std::string xdmf_text(const XdmfGrid& grid);
/// Writes xdmf_text() to `path` (call on one rank).
void write_xdmf(const std::string& path, const XdmfGrid& grid);
/// "out.h5" -> "out.xmf".
std::string xdmf_path_for(const std::string& h5_path);

}  // namespace noneq::core
