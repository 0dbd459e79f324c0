// The HDF5 layer (src/core/h5), run at 1 and 2 ranks: every collective call is made by every
// rank in the same order; data written by several ranks is read back after closing the file.
#include <catch2/catch.hpp>
#include <mpi.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/cli.hpp"
#include "core/error.hpp"
#include "core/h5.hpp"
#include "support/test_util.hpp"

namespace h5 = noneq::core::h5;
using Catch::Matchers::Contains;
using noneq::core::InputError;
using noneq::test::mpi_rank;
using noneq::test::mpi_size;
using noneq::test::scratch;

namespace {
// Rank 0 removes `path` if present; everybody waits.
std::string fresh(const std::string& stem) {
  const std::string path = scratch(stem);
  if (mpi_rank() == 0) std::filesystem::remove(path);
  MPI_Barrier(MPI_COMM_WORLD);
  return path;
}
void remove_file(const std::string& path) {
  MPI_Barrier(MPI_COMM_WORLD);
  if (mpi_rank() == 0) std::filesystem::remove(path);
  MPI_Barrier(MPI_COMM_WORLD);
}
// Rows [lo, hi) of `n` owned by this rank.
std::pair<hsize_t, hsize_t> my_rows(hsize_t n) {
  const auto r = static_cast<hsize_t>(mpi_rank()), s = static_cast<hsize_t>(mpi_size());
  return {n * r / s, n * (r + 1) / s};
}
}  // namespace

TEST_CASE("h5: File::create refuses an existing file", "[h5]") {
  const std::string path = fresh("h5_create");
  {
    h5::File f = h5::File::create(path, MPI_COMM_WORLD);
    CHECK(f.path() == path);
    h5::set_attr(f.id(), "marker", std::int64_t{7});
  }
  CHECK(h5::is_hdf5(path));
  std::string msg;
  try {
    (void)h5::File::create(path, MPI_COMM_WORLD);
  } catch (const InputError& e) {
    msg = e.what();
  }
  CHECK_THAT(msg, Contains("cannot create HDF5 file `" + path + "`"));
  {  // the existing file is untouched
    h5::File f = h5::File::open(path, MPI_COMM_WORLD);
    CHECK(h5::attr_int(f.id(), "marker") == 7);
  }
  remove_file(path);
}

TEST_CASE("h5: open and is_hdf5 reject missing and non-HDF5 files", "[h5]") {
  const std::string text = scratch("h5_not_hdf5") + ".txt";
  if (mpi_rank() == 0) std::ofstream(text) << "plain text\n";
  MPI_Barrier(MPI_COMM_WORLD);
  CHECK_FALSE(h5::is_hdf5(text));
  CHECK_FALSE(h5::is_hdf5("no_such_file.h5"));
  CHECK_THROWS_AS(h5::File::open(text, MPI_COMM_WORLD), InputError);
  CHECK_THROWS_WITH(h5::File::open("no_such_file.h5", MPI_COMM_WORLD),
                    Contains("cannot open HDF5 file `no_such_file.h5`"));
  remove_file(text);
}

TEST_CASE("h5: attributes round trip", "[h5]") {
  const std::string path = fresh("h5_attrs");
  const std::vector<double> reals{1.5, -2.25, 1e-300};
  const std::vector<std::int64_t> ints{-1, 0, std::int64_t{1} << 40};
  const std::vector<std::string> words{"periodic", "reflecting", "", "σ = JᵀD⁻¹J/p"};
  {
    h5::File f = h5::File::create(path, MPI_COMM_WORLD);
    h5::Handle g = h5::create_group(f.id(), "/group");
    h5::set_attr(f.id(), "real", 0.1);
    h5::set_attr(f.id(), "int64", std::int64_t{-(std::int64_t{1} << 50)});
    h5::set_attr(f.id(), "int", 42);
    h5::set_attr(f.id(), "string", std::string("noneq/1"));
    h5::set_attr(f.id(), "cstring", "fokker-planck");
    h5::set_attr(f.id(), "empty", std::string());
    h5::set_attr(g.id(), "reals", reals);
    h5::set_attr(g.id(), "ints", ints);
    h5::set_attr(g.id(), "words", words);
    h5::set_attr(f.id(), "int", 43);  // replacing an attribute
  }
  h5::File f = h5::File::open(path, MPI_COMM_WORLD);
  h5::Handle g = h5::open_group(f.id(), "/group");
  CHECK(h5::attr_real(f.id(), "real") == 0.1);
  CHECK(h5::attr_int(f.id(), "int64") == -(std::int64_t{1} << 50));
  CHECK(h5::attr_int(f.id(), "int") == 43);
  CHECK(h5::attr_string(f.id(), "string") == "noneq/1");
  CHECK(h5::attr_string(f.id(), "cstring") == "fokker-planck");
  CHECK(h5::attr_string(f.id(), "empty").empty());
  CHECK(h5::attr_reals(g.id(), "reals") == reals);
  CHECK(h5::attr_ints(g.id(), "ints") == ints);
  CHECK(h5::attr_strings(g.id(), "words") == words);
  CHECK(h5::has_attr(f.id(), "real"));
  CHECK_FALSE(h5::has_attr(f.id(), "absent"));
  CHECK_THROWS_AS(h5::attr_real(f.id(), "absent"), noneq::core::LibraryError);
  f.close();
  remove_file(path);
}

TEST_CASE("h5: write_block from every rank, then read_all / read_block", "[h5]") {
  const std::string path = fresh("h5_blocks");
  const hsize_t ny = 6, nx = 5;
  auto value = [](hsize_t j, hsize_t i) { return 100.0 * static_cast<double>(j) + static_cast<double>(i); };
  {
    h5::File f = h5::File::create(path, MPI_COMM_WORLD);
    h5::Handle grp = h5::create_group(f.id(), "/fields");
    h5::Handle d = h5::create_dataset(grp.id(), "p", H5T_NATIVE_DOUBLE, {ny, nx});
    const auto [lo, hi] = my_rows(ny);  // each rank writes its rows
    std::vector<double> mine;
    for (hsize_t j = lo; j < hi; ++j)
      for (hsize_t i = 0; i < nx; ++i) mine.push_back(value(j, i));
    h5::write_block(d.id(), {lo, 0}, {hi - lo, nx}, mine.data());
    // Only rank 0 has data: the others take part with an empty block.
    h5::write_root<std::int64_t>(f.id(), "counts", {3}, {7, 8, 9}, MPI_COMM_WORLD);
  }
  h5::File f = h5::File::open(path, MPI_COMM_WORLD);
  CHECK(h5::exists(f.id(), "/fields/p"));
  CHECK(h5::exists(f.id(), "fields"));
  CHECK_FALSE(h5::exists(f.id(), "/fields/q"));
  CHECK_FALSE(h5::exists(f.id(), "/nothing/p"));
  h5::Dims dims;
  const auto all = h5::read_all<double>(f.id(), "/fields/p", &dims);
  CHECK(dims == h5::Dims{ny, nx});
  REQUIRE(all.size() == ny * nx);
  bool same = true;
  for (hsize_t j = 0; j < ny; ++j)
    for (hsize_t i = 0; i < nx; ++i) same &= all[j * nx + i] == value(j, i);
  CHECK(same);
  CHECK(h5::read_all<std::int64_t>(f.id(), "counts") == std::vector<std::int64_t>{7, 8, 9});
  const auto block = h5::read_block<double>(f.id(), "/fields/p", {2, 1}, {2, 3});
  CHECK(block == std::vector<double>{201, 202, 203, 301, 302, 303});
  f.close();
  remove_file(path);
}

TEST_CASE("h5: Series append, truncate and reopen", "[h5]") {
  const std::string path = fresh("h5_series");
  const hsize_t n = 4;
  const auto [lo, hi] = my_rows(n);
  auto frame_value = [](int frame, hsize_t i) { return 10.0 * frame + static_cast<double>(i); };
  {
    h5::File f = h5::File::create(path, MPI_COMM_WORLD);
    h5::Handle g = h5::create_group(f.id(), "/series");
    h5::Series time(f.id(), "/series/time", {}, H5T_NATIVE_DOUBLE, MPI_COMM_WORLD);
    h5::Series field(f.id(), "/series/field", {n}, H5T_NATIVE_DOUBLE, MPI_COMM_WORLD);
    CHECK(time.frames() == 0);
    for (int k = 0; k < 3; ++k) {
      const double t = 0.5 * k;
      time.append_root(&t);
      std::vector<double> mine;
      for (hsize_t i = lo; i < hi; ++i) mine.push_back(frame_value(k, i));
      field.append_block({lo}, {hi - lo}, mine.data());
    }
    CHECK(time.frames() == 3);
    CHECK(field.frame_dims() == h5::Dims{n});
    field.truncate(1);  // a restart from a checkpoint taken after frame 0
    time.truncate(1);
    const double t = 9.0;
    time.append_root(&t);
    std::vector<double> mine;
    for (hsize_t i = lo; i < hi; ++i) mine.push_back(frame_value(9, i));
    field.append_block({lo}, {hi - lo}, mine.data());
    CHECK(field.frames() == 2);
  }
  {  // reopen writable, append one more frame (rank 0 writes all of it)
    h5::File f = h5::File::open(path, MPI_COMM_WORLD, /*writable=*/true);
    h5::Series field = h5::Series::open(f.id(), "/series/field", H5T_NATIVE_DOUBLE, MPI_COMM_WORLD);
    h5::Series time = h5::Series::open(f.id(), "/series/time", H5T_NATIVE_DOUBLE, MPI_COMM_WORLD);
    CHECK(field.frames() == 2);
    CHECK(time.frames() == 2);
    CHECK(field.frame_dims() == h5::Dims{n});
    std::vector<double> all_of_it;
    for (hsize_t i = 0; i < n; ++i) all_of_it.push_back(frame_value(5, i));
    field.append_root(all_of_it.data());
    const double t = 12.0;
    time.append_root(&t);
  }
  h5::File f = h5::File::open(path, MPI_COMM_WORLD);
  h5::Dims dims;
  const auto data = h5::read_all<double>(f.id(), "/series/field", &dims);
  CHECK(dims == h5::Dims{3, n});
  std::vector<double> want;
  for (int k : {0, 9, 5})
    for (hsize_t i = 0; i < n; ++i) want.push_back(frame_value(k, i));
  CHECK(data == want);
  CHECK(h5::read_all<double>(f.id(), "/series/time") == std::vector<double>{0.0, 9.0, 12.0});
  f.close();
  remove_file(path);
}

TEST_CASE("h5: string datasets", "[h5]") {
  const std::string path = fresh("h5_strings");
  const std::string deck = "[grid]\ndim = 2   # comment\n[model]\ndrift = -x; -y\nσ ≥ 0\n";
  {
    h5::File f = h5::File::create(path, MPI_COMM_WORLD);
    h5::Handle g = h5::create_group(f.id(), "/provenance");
    h5::write_string(g.id(), "deck", deck, MPI_COMM_WORLD);
    h5::write_string(f.id(), "empty", "", MPI_COMM_WORLD);
  }
  h5::File f = h5::File::open(path, MPI_COMM_WORLD);
  CHECK(h5::read_string(f.id(), "/provenance/deck") == deck);
  CHECK(h5::read_string(f.id(), "empty").empty());
  f.close();
  remove_file(path);
}

TEST_CASE("check_output_path: refuses, replaces, explains (collective)", "[h5][cli]") {
  using noneq::core::check_output_path;
  const std::string path = fresh("h5_output_path");
  CHECK_NOTHROW(check_output_path(path, false, MPI_COMM_WORLD));  // does not exist: fine
  CHECK_THROWS_WITH(check_output_path("no_such_dir/out.h5", true, MPI_COMM_WORLD),
                    Contains("directory `no_such_dir` does not exist"));
  { h5::File f = h5::File::create(path, MPI_COMM_WORLD); }
  CHECK_THROWS_WITH(check_output_path(path, false, MPI_COMM_WORLD),
                    Contains("output `" + path + "` already exists") && Contains("--overwrite"));
  CHECK(std::filesystem::exists(path));  // refused: untouched
  MPI_Barrier(MPI_COMM_WORLD);  // every rank has looked before rank 0 removes it below
  check_output_path(path, true, MPI_COMM_WORLD);
  CHECK_FALSE(std::filesystem::exists(path));  // --overwrite: removed, on every rank's view
  CHECK(h5::library_version().find('.') != std::string::npos);
}
