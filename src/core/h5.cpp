#include "core/h5.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <filesystem>
#include <numeric>
#include <sstream>

#include "core/error.hpp"

namespace noneq::core::h5 {

namespace {

herr_t collect_error(unsigned n, const H5E_error2_t* err, void* client) {
  auto* out = static_cast<std::string*>(client);
  if (n < 4) *out += fmt::format("\n    {}(): {}", err->func_name ? err->func_name : "?",
                                 err->desc ? err->desc : "");
  return 0;
}

[[noreturn]] void fail(const char* what) {
  std::string stack;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, collect_error, &stack);
  H5Eclear2(H5E_DEFAULT);
  throw LibraryError(fmt::format("HDF5 error in {}{}", what, stack));
}

struct Silence {  // suppress HDF5's automatic error printing; we report through exceptions
  Silence() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }
};
const Silence silence_once;

void close_any(hid_t id) {
  if (id < 0) return;
  switch (H5Iget_type(id)) {
    case H5I_FILE: H5Fclose(id); break;
    case H5I_GROUP: H5Gclose(id); break;
    case H5I_DATASET: H5Dclose(id); break;
    case H5I_DATASPACE: H5Sclose(id); break;
    case H5I_DATATYPE: H5Tclose(id); break;
    case H5I_ATTR: H5Aclose(id); break;
    case H5I_GENPROP_LST: H5Pclose(id); break;
    default: break;
  }
}

Handle string_type(std::size_t len) {
  Handle t(check(H5Tcopy(H5T_C_S1), "H5Tcopy"));
  check_status(H5Tset_size(t, std::max<std::size_t>(len, 1)), "H5Tset_size");
  check_status(H5Tset_strpad(t, H5T_STR_NULLPAD), "H5Tset_strpad");
  check_status(H5Tset_cset(t, H5T_CSET_UTF8), "H5Tset_cset");
  return t;
}

Handle collective_dxpl() {
  Handle p(check(H5Pcreate(H5P_DATASET_XFER), "H5Pcreate(xfer)"));
  check_status(H5Pset_dxpl_mpio(p, H5FD_MPIO_COLLECTIVE), "H5Pset_dxpl_mpio");
  return p;
}

template <class T>
void set_attr_data(hid_t obj, const std::string& name, hid_t type, const Dims& dims, const T* data) {
  if (H5Aexists(obj, name.c_str()) > 0) check_status(H5Adelete(obj, name.c_str()), "H5Adelete");
  Handle space(check(dims.empty() ? H5Screate(H5S_SCALAR)
                                  : H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr),
                     "H5Screate"));
  Handle a(check(H5Acreate2(obj, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT),
                 ("H5Acreate " + name).c_str()));
  check_status(H5Awrite(a, type, data), ("H5Awrite " + name).c_str());
}

}  // namespace

hid_t check(hid_t id, const char* what) {
  if (id < 0) fail(what);
  return id;
}
void check_status(herr_t status, const char* what) {
  if (status < 0) fail(what);
}

Handle::Handle(hid_t id) : id_(id) {}
Handle::~Handle() { close_any(id_); }
Handle& Handle::operator=(Handle&& o) noexcept {
  if (this != &o) {
    close_any(id_);
    id_ = std::exchange(o.id_, H5I_INVALID_HID);
  }
  return *this;
}

File File::create(const std::string& path, MPI_Comm comm) {
  Handle fapl(check(H5Pcreate(H5P_FILE_ACCESS), "H5Pcreate(fapl)"));
  check_status(H5Pset_fapl_mpio(fapl, comm, MPI_INFO_NULL), "H5Pset_fapl_mpio");
  check_status(H5Pset_all_coll_metadata_ops(fapl, true), "H5Pset_all_coll_metadata_ops");
  check_status(H5Pset_coll_metadata_write(fapl, true), "H5Pset_coll_metadata_write");
  File f;
  const hid_t id = H5Fcreate(path.c_str(), H5F_ACC_EXCL, H5P_DEFAULT, fapl);
  if (id < 0) {
    H5Eclear2(H5E_DEFAULT);
    throw InputError(fmt::format("cannot create HDF5 file `{}` (exists, or directory not writable)", path));
  }
  f.handle_ = Handle(id);
  f.comm_ = comm;
  f.path_ = path;
  return f;
}

File File::open(const std::string& path, MPI_Comm comm, bool writable) {
  Handle fapl(check(H5Pcreate(H5P_FILE_ACCESS), "H5Pcreate(fapl)"));
  check_status(H5Pset_fapl_mpio(fapl, comm, MPI_INFO_NULL), "H5Pset_fapl_mpio");
  File f;
  const hid_t id = H5Fopen(path.c_str(), writable ? H5F_ACC_RDWR : H5F_ACC_RDONLY, fapl);
  if (id < 0) {
    H5Eclear2(H5E_DEFAULT);
    throw InputError(fmt::format("cannot open HDF5 file `{}` (missing or not HDF5)", path));
  }
  f.handle_ = Handle(id);
  f.comm_ = comm;
  f.path_ = path;
  return f;
}

void File::flush() { check_status(H5Fflush(handle_, H5F_SCOPE_GLOBAL), "H5Fflush"); }

void create_atomically(const std::string& path, MPI_Comm comm, const std::function<void(File&)>& body) {
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  const std::string tmp = path + ".tmp";
  if (rank == 0) std::filesystem::remove(tmp);
  MPI_Barrier(comm);
  {
    File f = File::create(tmp, comm);
    body(f);
  }
  MPI_Barrier(comm);
  if (rank == 0) std::filesystem::rename(tmp, path);
  MPI_Barrier(comm);
}

bool is_hdf5(const std::string& path) {
  const htri_t r = H5Fis_hdf5(path.c_str());
  H5Eclear2(H5E_DEFAULT);
  return r > 0;
}

bool exists(hid_t loc, const std::string& path) {
  std::string partial;
  std::istringstream in(path);
  for (std::string part; std::getline(in, part, '/');) {
    if (part.empty()) {
      if (partial.empty()) partial = "/";
      continue;
    }
    partial += (partial.empty() || partial.back() == '/' ? "" : "/") + part;
    const htri_t r = H5Lexists(loc, partial.c_str(), H5P_DEFAULT);
    if (r <= 0) {
      H5Eclear2(H5E_DEFAULT);
      return false;
    }
  }
  return true;
}

Handle create_group(hid_t loc, const std::string& name) {
  return Handle(check(H5Gcreate2(loc, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                      ("H5Gcreate " + name).c_str()));
}
Handle open_group(hid_t loc, const std::string& name) {
  return Handle(check(H5Gopen2(loc, name.c_str(), H5P_DEFAULT), ("H5Gopen " + name).c_str()));
}
Handle open_dataset(hid_t loc, const std::string& name) {
  return Handle(check(H5Dopen2(loc, name.c_str(), H5P_DEFAULT), ("H5Dopen " + name).c_str()));
}
Dims dataset_dims(hid_t dset) {
  Handle space(check(H5Dget_space(dset), "H5Dget_space"));
  const int nd = H5Sget_simple_extent_ndims(space);
  Dims d(static_cast<std::size_t>(std::max(nd, 0)));
  if (nd > 0) H5Sget_simple_extent_dims(space, d.data(), nullptr);
  return d;
}

void set_attr(hid_t obj, const std::string& name, double v) {
  set_attr_data(obj, name, H5T_NATIVE_DOUBLE, {}, &v);
}
void set_attr(hid_t obj, const std::string& name, std::int64_t v) {
  set_attr_data(obj, name, H5T_NATIVE_INT64, {}, &v);
}
void set_attr(hid_t obj, const std::string& name, int v) {
  set_attr(obj, name, static_cast<std::int64_t>(v));
}
void set_attr(hid_t obj, const std::string& name, const std::string& v) {
  Handle t = string_type(v.size());
  set_attr_data(obj, name, t.id(), {}, v.c_str());
}
void set_attr(hid_t obj, const std::string& name, const char* v) { set_attr(obj, name, std::string(v)); }
void set_attr(hid_t obj, const std::string& name, const std::vector<double>& v) {
  set_attr_data(obj, name, H5T_NATIVE_DOUBLE, {v.size()}, v.data());
}
void set_attr(hid_t obj, const std::string& name, const std::vector<std::int64_t>& v) {
  set_attr_data(obj, name, H5T_NATIVE_INT64, {v.size()}, v.data());
}
void set_attr(hid_t obj, const std::string& name, const std::vector<std::string>& v) {
  std::size_t len = 1;
  for (const auto& s : v) len = std::max(len, s.size());
  std::string buf(len * v.size(), '\0');
  for (std::size_t i = 0; i < v.size(); ++i) std::copy(v[i].begin(), v[i].end(), buf.begin() + i * len);
  Handle t = string_type(len);
  set_attr_data(obj, name, t.id(), {v.size()}, buf.data());
}

bool has_attr(hid_t obj, const std::string& name) { return H5Aexists(obj, name.c_str()) > 0; }

namespace {
Handle open_attr(hid_t obj, const std::string& name) {
  return Handle(check(H5Aopen(obj, name.c_str(), H5P_DEFAULT), ("H5Aopen " + name).c_str()));
}
std::size_t attr_count(hid_t a) {
  Handle space(check(H5Aget_space(a), "H5Aget_space"));
  return static_cast<std::size_t>(H5Sget_simple_extent_npoints(space));
}
}  // namespace

double attr_real(hid_t obj, const std::string& name) {
  Handle a = open_attr(obj, name);
  double v = 0;
  check_status(H5Aread(a, H5T_NATIVE_DOUBLE, &v), "H5Aread");
  return v;
}
std::int64_t attr_int(hid_t obj, const std::string& name) {
  Handle a = open_attr(obj, name);
  std::int64_t v = 0;
  check_status(H5Aread(a, H5T_NATIVE_INT64, &v), "H5Aread");
  return v;
}
std::vector<double> attr_reals(hid_t obj, const std::string& name) {
  Handle a = open_attr(obj, name);
  std::vector<double> v(attr_count(a));
  check_status(H5Aread(a, H5T_NATIVE_DOUBLE, v.data()), "H5Aread");
  return v;
}
std::vector<std::int64_t> attr_ints(hid_t obj, const std::string& name) {
  Handle a = open_attr(obj, name);
  std::vector<std::int64_t> v(attr_count(a));
  check_status(H5Aread(a, H5T_NATIVE_INT64, v.data()), "H5Aread");
  return v;
}
std::vector<std::string> attr_strings(hid_t obj, const std::string& name) {
  Handle a = open_attr(obj, name);
  Handle ftype(check(H5Aget_type(a), "H5Aget_type"));
  const std::size_t n = attr_count(a);
  std::vector<std::string> out;
  if (H5Tis_variable_str(ftype) > 0) {
    std::vector<char*> ptrs(n);
    Handle mtype(check(H5Tcopy(H5T_C_S1), "H5Tcopy"));
    H5Tset_size(mtype, H5T_VARIABLE);
    check_status(H5Aread(a, mtype, ptrs.data()), "H5Aread");
    for (char* p : ptrs) out.emplace_back(p ? p : "");
    Handle space(check(H5Aget_space(a), "H5Aget_space"));
    H5Dvlen_reclaim(mtype, space, H5P_DEFAULT, ptrs.data());
    return out;
  }
  const std::size_t len = H5Tget_size(ftype);
  std::string buf(len * n, '\0');
  Handle mtype = string_type(len);
  check_status(H5Aread(a, mtype, buf.data()), "H5Aread");
  for (std::size_t i = 0; i < n; ++i) {
    std::string s = buf.substr(i * len, len);
    s.erase(std::find(s.begin(), s.end(), '\0'), s.end());
    out.push_back(s);
  }
  return out;
}
std::string attr_string(hid_t obj, const std::string& name) {
  const auto v = attr_strings(obj, name);
  return v.empty() ? std::string() : v.front();
}

Handle create_dataset(hid_t loc, const std::string& name, hid_t type, const Dims& dims,
                      const Dims& max_dims, const Dims& chunk) {
  Handle space(check(H5Screate_simple(static_cast<int>(dims.size()), dims.data(),
                                      max_dims.empty() ? nullptr : max_dims.data()),
                     "H5Screate_simple"));
  Handle dcpl(check(H5Pcreate(H5P_DATASET_CREATE), "H5Pcreate(dcpl)"));
  if (!chunk.empty())
    check_status(H5Pset_chunk(dcpl, static_cast<int>(chunk.size()), chunk.data()), "H5Pset_chunk");
  check_status(H5Pset_fill_time(dcpl, H5D_FILL_TIME_NEVER), "H5Pset_fill_time");
  return Handle(check(H5Dcreate2(loc, name.c_str(), type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT),
                      ("H5Dcreate " + name).c_str()));
}

void write_block(hid_t dset, hid_t mem_type, const Dims& start, const Dims& count, const void* data) {
  Handle fspace(check(H5Dget_space(dset), "H5Dget_space"));
  const bool empty = count.empty() ||
                     std::any_of(count.begin(), count.end(), [](hsize_t c) { return c == 0; });
  Handle mspace;
  if (empty) {
    check_status(H5Sselect_none(fspace), "H5Sselect_none");
    const hsize_t one = 1;
    mspace = Handle(check(H5Screate_simple(1, &one, nullptr), "H5Screate_simple"));
    check_status(H5Sselect_none(mspace), "H5Sselect_none");
  } else {
    check_status(H5Sselect_hyperslab(fspace, H5S_SELECT_SET, start.data(), nullptr, count.data(),
                                     nullptr),
                 "H5Sselect_hyperslab");
    mspace = Handle(check(H5Screate_simple(static_cast<int>(count.size()), count.data(), nullptr),
                          "H5Screate_simple"));
  }
  Handle dxpl = collective_dxpl();
  check_status(H5Dwrite(dset, mem_type, mspace, fspace, dxpl, empty ? nullptr : data), "H5Dwrite");
}

void write_string(hid_t loc, const std::string& name, const std::string& text, MPI_Comm comm) {
  Handle t = string_type(text.size());
  Handle space(check(H5Screate(H5S_SCALAR), "H5Screate"));
  Handle d(check(H5Dcreate2(loc, name.c_str(), t, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                 ("H5Dcreate " + name).c_str()));
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  Handle fspace(check(H5Dget_space(d), "H5Dget_space"));
  Handle mspace(check(H5Screate(H5S_SCALAR), "H5Screate"));
  if (rank != 0) {
    H5Sselect_none(fspace);
    H5Sselect_none(mspace);
  }
  Handle dxpl = collective_dxpl();
  std::string buf = text.empty() ? std::string(1, '\0') : text;
  check_status(H5Dwrite(d, t, mspace, fspace, dxpl, buf.data()), ("H5Dwrite " + name).c_str());
}

std::string read_string(hid_t loc, const std::string& name) {
  Handle d = open_dataset(loc, name);
  Handle ftype(check(H5Dget_type(d), "H5Dget_type"));
  if (H5Tis_variable_str(ftype) > 0) {
    char* p = nullptr;
    Handle mtype(check(H5Tcopy(H5T_C_S1), "H5Tcopy"));
    H5Tset_size(mtype, H5T_VARIABLE);
    check_status(H5Dread(d, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, &p), "H5Dread");
    std::string s = p ? p : "";
    H5free_memory(p);
    return s;
  }
  const std::size_t len = H5Tget_size(ftype);
  std::string buf(len, '\0');
  Handle mtype = string_type(len);
  check_status(H5Dread(d, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data()), "H5Dread");
  buf.erase(std::find(buf.begin(), buf.end(), '\0'), buf.end());
  return buf;
}

template <class T>
std::vector<T> read_all(hid_t loc, const std::string& name, Dims* dims) {
  Handle d = open_dataset(loc, name);
  const Dims shape = dataset_dims(d);
  const hsize_t n = std::accumulate(shape.begin(), shape.end(), hsize_t{1}, std::multiplies<>());
  std::vector<T> out(n);
  if (n > 0)
    check_status(H5Dread(d, native_type<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()),
                 ("H5Dread " + name).c_str());
  if (dims) *dims = shape;
  return out;
}

template <class T>
std::vector<T> read_block(hid_t loc, const std::string& name, const Dims& start, const Dims& count) {
  Handle d = open_dataset(loc, name);
  Handle fspace(check(H5Dget_space(d), "H5Dget_space"));
  check_status(H5Sselect_hyperslab(fspace, H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr),
               "H5Sselect_hyperslab");
  Handle mspace(check(H5Screate_simple(static_cast<int>(count.size()), count.data(), nullptr),
                      "H5Screate_simple"));
  const hsize_t n = std::accumulate(count.begin(), count.end(), hsize_t{1}, std::multiplies<>());
  std::vector<T> out(n);
  check_status(H5Dread(d, native_type<T>(), mspace, fspace, H5P_DEFAULT, out.data()),
               ("H5Dread " + name).c_str());
  return out;
}

template std::vector<double> read_all<double>(hid_t, const std::string&, Dims*);
template std::vector<std::int64_t> read_all<std::int64_t>(hid_t, const std::string&, Dims*);
template std::vector<double> read_block<double>(hid_t, const std::string&, const Dims&, const Dims&);
template std::vector<std::int64_t> read_block<std::int64_t>(hid_t, const std::string&, const Dims&,
                                                            const Dims&);

// ---------------------------------------------------------------- Series
Series::Series(hid_t loc, const std::string& name, const Dims& frame, hid_t type, MPI_Comm comm)
    : frame_(frame), type_(type), comm_(comm) {
  Dims dims{0}, maxd{H5S_UNLIMITED}, chunk{1};
  hsize_t bytes = H5Tget_size(type);
  for (hsize_t f : frame) dims.push_back(f), maxd.push_back(f), chunk.push_back(std::max<hsize_t>(f, 1)), bytes *= std::max<hsize_t>(f, 1);
  // Keep chunks below ~64 MiB by halving the leading frame axes.
  for (std::size_t ax = 1; ax < chunk.size() && bytes > (hsize_t{64} << 20); ++ax)
    while (chunk[ax] > 1 && bytes > (hsize_t{64} << 20)) {
      bytes = bytes / chunk[ax] * ((chunk[ax] + 1) / 2);
      chunk[ax] = (chunk[ax] + 1) / 2;
    }
  dset_ = create_dataset(loc, name, type, dims, maxd, chunk);
}

Series Series::open(hid_t loc, const std::string& name, hid_t type, MPI_Comm comm) {
  Series s;
  s.dset_ = open_dataset(loc, name);
  const Dims d = dataset_dims(s.dset_);
  s.frames_ = d.at(0);
  s.frame_.assign(d.begin() + 1, d.end());
  s.type_ = type;
  s.comm_ = comm;
  return s;
}

void Series::append_block(const Dims& start, const Dims& count, const void* data) {
  const bool has = count.size() == frame_.size() &&
                   std::none_of(count.begin(), count.end(), [](hsize_t v) { return v == 0; });
  append(start, count, data, has);
}

void Series::append(const Dims& start, const Dims& count, const void* data, bool has_data) {
  Dims ext{frames_ + 1};
  ext.insert(ext.end(), frame_.begin(), frame_.end());
  check_status(H5Dset_extent(dset_, ext.data()), "H5Dset_extent");
  Dims s{frames_}, c{1};
  s.insert(s.end(), start.begin(), start.end());
  c.insert(c.end(), count.begin(), count.end());
  write_block(dset_, type_, s, has_data ? c : Dims{}, data);
  ++frames_;
}

void Series::append_root(const void* data) {
  int rank = 0;
  MPI_Comm_rank(comm_, &rank);
  append(Dims(frame_.size(), 0), frame_, data, rank == 0);
}

void Series::truncate(hsize_t n) {
  Dims ext{n};
  ext.insert(ext.end(), frame_.begin(), frame_.end());
  check_status(H5Dset_extent(dset_, ext.data()), "H5Dset_extent");
  frames_ = n;
}

std::string library_version() {
  unsigned maj = 0, min = 0, rel = 0;
  H5get_libversion(&maj, &min, &rel);
  return fmt::format("{}.{}.{}", maj, min, rel);
}

}  // namespace noneq::core::h5
