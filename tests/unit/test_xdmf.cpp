// XDMF sidecar text (src/core/xdmf): dimensions slowest first, one hyperslab per frame and
// component, and well-formed XML.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/xdmf.hpp"

using Catch::Matchers::Contains;
using noneq::core::XdmfField;
using noneq::core::XdmfGrid;

namespace {

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto p = text.find(what); p != std::string::npos; p = text.find(what, p + what.size())) ++n;
  return n;
}

// Minimal well-formedness check: every element closed in order, attributes quoted, a single root.
// Returns "" when well formed, else what is wrong.
std::string xml_problem(const std::string& s) {
  std::vector<std::string> open;
  int roots = 0;
  std::size_t p = 0;
  while ((p = s.find('<', p)) != std::string::npos) {
    const auto e = s.find('>', p);
    if (e == std::string::npos) return "unterminated tag";
    std::string tag = s.substr(p + 1, e - p - 1);
    p = e + 1;
    if (tag.empty()) return "empty tag";
    if (tag[0] == '?' || tag[0] == '!') continue;  // declaration, DOCTYPE
    if (count(tag, "\"") % 2 != 0) return "unbalanced quotes in <" + tag + ">";
    if (tag[0] == '/') {
      const std::string name = tag.substr(1);
      if (open.empty() || open.back() != name) return "</" + name + "> closes <" + (open.empty() ? "" : open.back()) + ">";
      open.pop_back();
      continue;
    }
    const bool self_closing = tag.back() == '/';
    const std::string name = tag.substr(0, tag.find_first_of(" \t\n/"));
    if (open.empty()) ++roots;
    if (!self_closing) open.push_back(name);
  }
  if (!open.empty()) return "<" + open.back() + "> is never closed";
  if (roots != 1) return "expected one root element, got " + std::to_string(roots);
  return "";
}

XdmfGrid grid_2d() {
  XdmfGrid g;
  g.h5_file = "ou2d.h5";
  g.points = {8, 4};  // nx = 8, ny = 4
  g.coordinates = {"/grid/x", "/grid/y"};
  g.times = {0.0, 0.5};
  g.fields = {{"p", "/fields/p", true, 0}, {"J", "/fields/J", true, 2}, {"D", "/fields/D", false, 2}};
  return g;
}

}  // namespace

TEST_CASE("xdmf: 2D grid with two times", "[xdmf]") {
  const std::string x = noneq::core::xdmf_text(grid_2d());
  INFO(x);
  CHECK(xml_problem(x).empty());
  CHECK(count(x, "<Grid ") == 3);  // the temporal collection and one grid per time
  CHECK(count(x, "CollectionType=\"Temporal\"") == 1);
  CHECK_THAT(x, Contains("<Time Value=\"0\"/>") && Contains("<Time Value=\"0.5\"/>"));
  // Topology dimensions are slowest first: ny nx.
  CHECK(count(x, "<Topology TopologyType=\"2DRectMesh\" Dimensions=\"4 8\"/>") == 2);
  CHECK(count(x, "<Geometry GeometryType=\"VXVY\">") == 2);
  CHECK_THAT(x, Contains("Dimensions=\"8\" NumberType=\"Float\" Precision=\"8\" Format=\"HDF\">ou2d.h5:/grid/x<"));
  CHECK_THAT(x, Contains("Dimensions=\"4\" NumberType=\"Float\" Precision=\"8\" Format=\"HDF\">ou2d.h5:/grid/y<"));
  // p [t, y, x]: frame k is the slab start (k 0 0), stride 1, count (1 4 8).
  CHECK_THAT(x, Contains("<DataItem Dimensions=\"3 3\" Format=\"XML\">0 0 0 1 1 1 1 4 8</DataItem>"));
  CHECK_THAT(x, Contains("<DataItem Dimensions=\"3 3\" Format=\"XML\">1 0 0 1 1 1 1 4 8</DataItem>"));
  CHECK(count(x, "Dimensions=\"2 4 8\" NumberType=\"Float\" Precision=\"8\" Format=\"HDF\">ou2d.h5:/fields/p<") == 2);
  // J [t, y, x, 2]: one slab per component, named J_x and J_y.
  CHECK(count(x, "<Attribute Name=\"J_x\"") == 2);
  CHECK(count(x, "<Attribute Name=\"J_y\"") == 2);
  CHECK_THAT(x, Contains(">1 0 0 1 1 1 1 1 1 4 8 1</DataItem>"));  // frame 1, component y
  CHECK(count(x, "Dimensions=\"2 4 8 2\"") == 4);
  // D [y, x, 2] (static): the same slab in every frame.
  CHECK(count(x, ">0 0 1 1 1 1 4 8 1</DataItem>") == 2);
  // Every hyperslab selects one frame of the topology's shape.
  CHECK(count(x, "ItemType=\"HyperSlab\" Dimensions=\"4 8\"") == 2 * (1 + 2 + 2));
}

TEST_CASE("xdmf: 1D and 3D grids, single frame", "[xdmf]") {
  XdmfGrid g1;
  g1.h5_file = "a.h5";
  g1.points = {5};
  g1.coordinates = {"/grid/x"};
  g1.fields = {{"p", "/fields/p", false, 0}};
  const std::string x1 = noneq::core::xdmf_text(g1);
  CHECK(xml_problem(x1).empty());
  CHECK(count(x1, "<Grid ") == 1);
  CHECK(count(x1, "<Time ") == 0);
  // 1D: a 2D mesh one point thick, y given as the single value 0.
  CHECK_THAT(x1, Contains("<Topology TopologyType=\"2DRectMesh\" Dimensions=\"1 5\"/>"));
  CHECK_THAT(x1, Contains("Format=\"XML\">0</DataItem>"));

  // 1D time series: each frame's slab has the topology's shape (1 nx), like every other grid.
  XdmfGrid t1 = g1;
  t1.times = {0.0, 1.0};
  t1.fields = {{"p", "/fields/p", true, 0}, {"J", "/fields/J", true, 1}};
  const std::string xt = noneq::core::xdmf_text(t1);
  CHECK(xml_problem(xt).empty());
  CHECK(count(xt, "ItemType=\"HyperSlab\" Dimensions=\"1 5\"") == 2 * 2);
  CHECK_THAT(xt, Contains(">1 0 1 1 1 5</DataItem>"));      // p, frame 1
  CHECK_THAT(xt, Contains(">1 0 0 1 1 1 1 5 1</DataItem>"));  // J_x, frame 1

  XdmfGrid g3;
  g3.h5_file = "b.h5";
  g3.points = {4, 3, 2};
  g3.coordinates = {"/grid/x", "/grid/y", "/grid/z"};
  g3.times = {1.0};
  g3.fields = {{"p", "/fields/p", true, 0}};
  const std::string x3 = noneq::core::xdmf_text(g3);
  CHECK(xml_problem(x3).empty());
  CHECK_THAT(x3, Contains("<Topology TopologyType=\"3DRectMesh\" Dimensions=\"2 3 4\"/>"));
  CHECK_THAT(x3, Contains("<Geometry GeometryType=\"VXVYVZ\">"));
  CHECK_THAT(x3, Contains(">0 0 0 0 1 1 1 1 1 2 3 4</DataItem>"));
}

TEST_CASE("xdmf: a bad grid description and the sidecar name", "[xdmf]") {
  XdmfGrid g = grid_2d();
  g.coordinates.pop_back();
  CHECK_THROWS_AS(noneq::core::xdmf_text(g), std::logic_error);
  g.points = {1, 2, 3, 4};
  CHECK_THROWS_AS(noneq::core::xdmf_text(g), std::logic_error);
  CHECK(noneq::core::xdmf_path_for("runs/ou2d.h5") == "runs/ou2d.xmf");
  CHECK(noneq::core::xdmf_path_for("out") == "out.xmf");
}

TEST_CASE("xdmf: the well-formedness check itself catches broken XML", "[xdmf]") {
  CHECK(xml_problem("<a><b/></a>").empty());
  CHECK_FALSE(xml_problem("<a><b></a>").empty());
  CHECK_FALSE(xml_problem("<a x=\"1></a>").empty());
  CHECK_FALSE(xml_problem("<a></a><b/>").empty());
}
