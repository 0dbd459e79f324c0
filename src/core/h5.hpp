#pragma once
// A thin RAII layer over the HDF5 C API for parallel (MPI-IO) files: every handle closes itself,
// every call is checked (LibraryError carrying HDF5's own error stack), data writes are collective.
#include <hdf5.h>
#include <mpi.h>

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace noneq::core::h5 {

using Dims = std::vector<hsize_t>;

/// Owning hid_t; closes with the matching H5*close.
class Handle {
 public:
  Handle() = default;
  explicit Handle(hid_t id);
  ~Handle();
  Handle(Handle&& o) noexcept : id_(std::exchange(o.id_, H5I_INVALID_HID)) {}
  Handle& operator=(Handle&& o) noexcept;
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  hid_t id() const { return id_; }
  operator hid_t() const { return id_; }
  bool valid() const { return id_ >= 0; }

 private:
  hid_t id_ = H5I_INVALID_HID;
};

/// Throws LibraryError with HDF5's error stack if `id` < 0.
hid_t check(hid_t id, const char* what);
void check_status(herr_t status, const char* what);

class File {
 public:
  /// Creates a new file (fails if it exists). Collective over `comm`.
  static File create(const std::string& path, MPI_Comm comm);
  /// Opens an existing file. Collective over `comm`.
  static File open(const std::string& path, MPI_Comm comm, bool writable = false);
  hid_t id() const { return handle_.id(); }
  operator hid_t() const { return handle_.id(); }
  MPI_Comm comm() const { return comm_; }
  const std::string& path() const { return path_; }
  void flush();
  void close() { handle_ = Handle(); }

 private:
  Handle handle_;
  MPI_Comm comm_ = MPI_COMM_NULL;
  std::string path_;
};

/// Collective: creates `path` through the temporary `path.tmp`, which `body` fills and which is
/// renamed to `path` once it is closed: a reader (or a restart after a crash) never sees a partial
/// file, and an existing `path` is replaced only by a complete one (checkpoints).
void create_atomically(const std::string& path, MPI_Comm comm, const std::function<void(File&)>& body);

/// Is `path` an HDF5 file we can open? (serial check, any rank)
bool is_hdf5(const std::string& path);

bool exists(hid_t loc, const std::string& path);  // link exists (each path component checked)
Handle create_group(hid_t loc, const std::string& name);
Handle open_group(hid_t loc, const std::string& name);
Handle open_dataset(hid_t loc, const std::string& name);
Dims dataset_dims(hid_t dset);

// Attributes (collective metadata: call on every rank with the same value).
void set_attr(hid_t obj, const std::string& name, double value);
void set_attr(hid_t obj, const std::string& name, std::int64_t value);
void set_attr(hid_t obj, const std::string& name, int value);
void set_attr(hid_t obj, const std::string& name, const std::string& value);
void set_attr(hid_t obj, const std::string& name, const char* value);
void set_attr(hid_t obj, const std::string& name, const std::vector<double>& value);
void set_attr(hid_t obj, const std::string& name, const std::vector<std::int64_t>& value);
void set_attr(hid_t obj, const std::string& name, const std::vector<std::string>& value);
bool has_attr(hid_t obj, const std::string& name);
double attr_real(hid_t obj, const std::string& name);
std::int64_t attr_int(hid_t obj, const std::string& name);
std::string attr_string(hid_t obj, const std::string& name);
std::vector<double> attr_reals(hid_t obj, const std::string& name);
std::vector<std::int64_t> attr_ints(hid_t obj, const std::string& name);
std::vector<std::string> attr_strings(hid_t obj, const std::string& name);

template <class T>
hid_t native_type();
template <> inline hid_t native_type<double>() { return H5T_NATIVE_DOUBLE; }
template <> inline hid_t native_type<float>() { return H5T_NATIVE_FLOAT; }
template <> inline hid_t native_type<std::int64_t>() { return H5T_NATIVE_INT64; }
template <> inline hid_t native_type<std::int32_t>() { return H5T_NATIVE_INT32; }
template <> inline hid_t native_type<std::uint64_t>() { return H5T_NATIVE_UINT64; }

/// Creates a dataset of `dims` (collective). `max_dims` empty: fixed size; H5S_UNLIMITED allowed
/// (then `chunk` must be given).
Handle create_dataset(hid_t loc, const std::string& name, hid_t type, const Dims& dims,
                      const Dims& max_dims = {}, const Dims& chunk = {});

/// Collective write of this rank's block [start, start+count) from contiguous `data` (C order).
/// A rank with nothing to write passes an empty `count` (or a zero in it).
void write_block(hid_t dset, hid_t mem_type, const Dims& start, const Dims& count, const void* data);
template <class T>
void write_block(hid_t dset, const Dims& start, const Dims& count, const T* data) {
  write_block(dset, native_type<T>(), start, count, data);
}

/// Collective: the whole dataset written from rank 0's `data` (other ranks' data ignored).
template <class T>
void write_root(hid_t loc, const std::string& name, const Dims& dims, const std::vector<T>& data,
                MPI_Comm comm) {
  Handle d = create_dataset(loc, name, native_type<T>(), dims);
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  write_block(d.id(), native_type<T>(), Dims(dims.size(), 0), rank == 0 ? dims : Dims{},
              data.data());
}

/// Fixed-length UTF-8 string dataset (parallel HDF5 cannot write variable-length data).
void write_string(hid_t loc, const std::string& name, const std::string& text, MPI_Comm comm);
std::string read_string(hid_t loc, const std::string& name);

/// Independent read of a whole dataset (any rank); `dims` receives its shape.
template <class T>
std::vector<T> read_all(hid_t loc, const std::string& name, Dims* dims = nullptr);
/// Independent read of a block.
template <class T>
std::vector<T> read_block(hid_t loc, const std::string& name, const Dims& start, const Dims& count);

/// A dataset that grows along its first axis by one frame per append (time series).
class Series {
 public:
  Series() = default;
  /// Creates `name` with shape [0, frame...] (collective). Chunks are one frame, split along the
  /// leading frame axes when a frame exceeds ~64 MiB.
  Series(hid_t loc, const std::string& name, const Dims& frame, hid_t type, MPI_Comm comm);
  /// Opens an existing series; `frames()` is its current length.
  static Series open(hid_t loc, const std::string& name, hid_t type, MPI_Comm comm);
  /// Collective: appends one frame; this rank writes the block [start, start+count) of it
  /// (a zero in `count` or an empty `count` for a non-scalar frame: nothing from this rank).
  void append_block(const Dims& start, const Dims& count, const void* data);
  /// Collective: appends one frame written entirely by rank 0.
  void append_root(const void* data);
  /// Collective: shrink to `n` frames (restart from a checkpoint).
  void truncate(hsize_t n);
  hsize_t frames() const { return frames_; }
  const Dims& frame_dims() const { return frame_; }
  hid_t id() const { return dset_.id(); }

 private:
  void append(const Dims& start, const Dims& count, const void* data, bool has_data);
  Handle dset_;
  Dims frame_;
  hid_t type_ = H5I_INVALID_HID;
  hsize_t frames_ = 0;
  MPI_Comm comm_ = MPI_COMM_NULL;
};

/// HDF5 library version "1.10.8".
std::string library_version();

}  // namespace noneq::core::h5
