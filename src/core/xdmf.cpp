#include "core/xdmf.hpp"

#include <fmt/core.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.hpp"

namespace noneq::core {

namespace {

std::string join_rev(const std::vector<std::size_t>& v) {  // XDMF dims are slowest first (z y x)
  std::string s;
  for (auto it = v.rbegin(); it != v.rend(); ++it) s += (s.empty() ? "" : " ") + std::to_string(*it);
  return s;
}

// Hyperslab of one frame (and one component) of a [t, ...grid, (comp)] dataset.
std::string slab(const XdmfGrid& g, const XdmfField& f, std::size_t frame, int comp) {
  std::vector<std::size_t> full;   // dataset shape, slowest first
  std::vector<std::size_t> start, count;
  const std::size_t nt = g.times.empty() ? 1 : g.times.size();
  if (f.time_dependent) full.push_back(nt), start.push_back(frame), count.push_back(1);
  for (auto it = g.points.rbegin(); it != g.points.rend(); ++it)
    full.push_back(*it), start.push_back(0), count.push_back(*it);
  if (f.components > 0) full.push_back(f.components), start.push_back(comp), count.push_back(1);
  auto join = [](const std::vector<std::size_t>& v) {
    std::string s;
    for (auto x : v) s += (s.empty() ? "" : " ") + std::to_string(x);
    return s;
  };
  std::vector<std::size_t> ones(full.size(), 1);
  const std::string pts = join_rev(g.points);
  const std::string data = fmt::format(
      "<DataItem Dimensions=\"{}\" NumberType=\"Float\" Precision=\"8\" Format=\"HDF\">{}:{}</DataItem>",
      join(full), g.h5_file, f.dataset);
  if (!f.time_dependent && f.components == 0) return data;
  return fmt::format(
      "<DataItem ItemType=\"HyperSlab\" Dimensions=\"{}\" Type=\"HyperSlab\">\n"
      "          <DataItem Dimensions=\"3 {}\" Format=\"XML\">{} {} {}</DataItem>\n"
      "          {}\n        </DataItem>",
      g.points.size() == 1 ? "1 " + pts : pts, full.size(), join(start), join(ones), join(count), data);
}

}  // namespace

std::string xdmf_text(const XdmfGrid& g) {
  const std::size_t dim = g.points.size();
  if (dim < 1 || dim > 3 || g.coordinates.size() != dim)
    throw std::logic_error("xdmf: bad grid description");
  std::ostringstream os;
  os << "<?xml version=\"1.0\" ?>\n<!DOCTYPE Xdmf SYSTEM \"Xdmf.dtd\" []>\n"
     << "<Xdmf Version=\"3.0\" xmlns:xi=\"http://www.w3.org/2001/XInclude\">\n  <Domain>\n";
  const bool temporal = !g.times.empty();
  if (temporal) os << "    <Grid Name=\"series\" GridType=\"Collection\" CollectionType=\"Temporal\">\n";
  const std::size_t nframes = temporal ? g.times.size() : 1;
  // 1D: a 2D mesh one point thick in y.
  const std::vector<std::size_t> pts = dim == 1 ? std::vector<std::size_t>{g.points[0], 1} : g.points;
  const std::string topo = dim == 3 ? "3DRectMesh" : "2DRectMesh";
  const std::string geo = dim == 3 ? "VXVYVZ" : "VXVY";
  for (std::size_t i = 0; i < nframes; ++i) {
    os << "    <Grid Name=\"frame" << i << "\" GridType=\"Uniform\">\n";
    if (temporal) os << fmt::format("      <Time Value=\"{:.17g}\"/>\n", g.times[i]);
    os << "      <Topology TopologyType=\"" << topo << "\" Dimensions=\"" << join_rev(pts) << "\"/>\n";
    os << "      <Geometry GeometryType=\"" << geo << "\">\n";
    for (std::size_t a = 0; a < pts.size(); ++a) {
      if (a < dim)
        os << fmt::format("        <DataItem Dimensions=\"{}\" NumberType=\"Float\" Precision=\"8\" "
                          "Format=\"HDF\">{}:{}</DataItem>\n",
                          g.points[a], g.h5_file, g.coordinates[a]);
      else
        os << "        <DataItem Dimensions=\"1\" NumberType=\"Float\" Precision=\"8\" Format=\"XML\">0</DataItem>\n";
    }
    os << "      </Geometry>\n";
    for (const auto& f : g.fields) {
      const char* axes = "xyz";
      for (int c = 0; c < std::max(1, f.components); ++c) {
        const std::string name = f.components > 0 ? fmt::format("{}_{}", f.name, axes[c]) : f.name;
        os << "      <Attribute Name=\"" << name << "\" AttributeType=\"Scalar\" Center=\"Node\">\n"
           << "        " << slab(g, f, i, c) << "\n      </Attribute>\n";
      }
    }
    os << "    </Grid>\n";
  }
  if (temporal) os << "    </Grid>\n";
  os << "  </Domain>\n</Xdmf>\n";
  return os.str();
}

void write_xdmf(const std::string& path, const XdmfGrid& grid) {
  std::ofstream out(path);
  if (!out) throw LibraryError(fmt::format("cannot write XDMF file `{}`", path));
  out << xdmf_text(grid);
}

std::string xdmf_path_for(const std::string& h5_path) {
  std::filesystem::path p(h5_path);
  p.replace_extension(".xmf");
  return p.string();
}

}  // namespace noneq::core
