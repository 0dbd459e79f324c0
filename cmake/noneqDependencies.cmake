# Finds every dependency of noneq. On Debian the packages are installed by tools/setup.sh; on a
# cluster load the equivalent modules (or Spack packages) and point CMake at them as usual
# (PKG_CONFIG_PATH for PETSc/muparser/fftw, HDF5_ROOT, Boost_ROOT, fmt_DIR...).
include_guard(GLOBAL)
# FindHDF5 probes its wrapper with a C test file: a C++-only consumer of find_package(noneq) needs C.
get_property(_noneq_langs GLOBAL PROPERTY ENABLED_LANGUAGES)
if(NOT "C" IN_LIST _noneq_langs)
  enable_language(C)
endif()
include(CMakeFindDependencyMacro)
find_package(PkgConfig QUIET)

macro(noneq_missing what debian)
  message(FATAL_ERROR "noneq: ${what} not found. On Debian: apt-get install ${debian} "
                      "(or run tools/setup.sh); on a cluster load the module that provides it.")
endmacro()

if(NOT PkgConfig_FOUND)
  noneq_missing("pkg-config" "pkg-config")
endif()

find_package(MPI QUIET COMPONENTS CXX)
if(NOT MPI_FOUND)
  noneq_missing("MPI (C++)" "libopenmpi-dev openmpi-bin")
endif()

pkg_check_modules(PETSC QUIET IMPORTED_TARGET GLOBAL PETSc)
if(NOT PETSC_FOUND)
  noneq_missing("PETSc (pkg-config module PETSc)" "libpetsc-real-dev")
endif()

set(HDF5_PREFER_PARALLEL TRUE)
find_package(HDF5 QUIET COMPONENTS C)
if(NOT HDF5_FOUND)
  noneq_missing("HDF5" "libhdf5-openmpi-dev")
endif()
if(NOT HDF5_IS_PARALLEL)
  noneq_missing("a parallel (MPI) build of HDF5" "libhdf5-openmpi-dev")
endif()
if(NOT TARGET noneq_hdf5)
  add_library(noneq_hdf5 INTERFACE)
  target_include_directories(noneq_hdf5 SYSTEM INTERFACE ${HDF5_C_INCLUDE_DIRS})
  target_link_libraries(noneq_hdf5 INTERFACE ${HDF5_C_LIBRARIES})
  target_compile_definitions(noneq_hdf5 INTERFACE ${HDF5_C_DEFINITIONS} H5_USE_110_API)
endif()

pkg_check_modules(FFTW3 QUIET IMPORTED_TARGET GLOBAL fftw3)
find_library(FFTW3_MPI_LIBRARY fftw3_mpi HINTS ${FFTW3_LIBRARY_DIRS})
find_path(FFTW3_MPI_INCLUDE_DIR fftw3-mpi.h HINTS ${FFTW3_INCLUDE_DIRS})
if(NOT FFTW3_FOUND OR NOT FFTW3_MPI_LIBRARY OR NOT FFTW3_MPI_INCLUDE_DIR)
  noneq_missing("FFTW3 with MPI (fftw3, fftw3_mpi)" "libfftw3-dev libfftw3-mpi-dev")
endif()
if(NOT TARGET noneq_fftw)
  add_library(noneq_fftw INTERFACE)
  target_include_directories(noneq_fftw SYSTEM INTERFACE ${FFTW3_MPI_INCLUDE_DIR})
  target_link_libraries(noneq_fftw INTERFACE ${FFTW3_MPI_LIBRARY} PkgConfig::FFTW3)
endif()

find_package(Boost 1.70 QUIET COMPONENTS program_options)
if(NOT Boost_FOUND)
  noneq_missing("Boost.Program_options" "libboost-program-options-dev libboost-dev")
endif()

find_package(fmt QUIET)
if(NOT fmt_FOUND)
  noneq_missing("fmt" "libfmt-dev")
endif()

pkg_check_modules(MUPARSER QUIET IMPORTED_TARGET GLOBAL muparser)
if(NOT MUPARSER_FOUND)
  noneq_missing("muparser" "libmuparser-dev")
endif()

find_path(RANDOM123_INCLUDE_DIR Random123/philox.h)
if(NOT RANDOM123_INCLUDE_DIR)
  noneq_missing("Random123 (Random123/philox.h)" "librandom123-dev")
endif()
