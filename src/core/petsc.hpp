#pragma once
// Owning wrappers for PETSc objects (destroyed in reverse order of creation, before
// PetscFinalize, because they live inside the Runtime's scope).
#include <petscdm.h>
#include <petscdmda.h>
#include <petscksp.h>
#include <petscts.h>

#include <utility>
#include <vector>

#include "core/runtime.hpp"

namespace noneq::core {

template <class T, PetscErrorCode (*Destroy)(T*)>
class PetscObj {
 public:
  PetscObj() = default;
  ~PetscObj() { reset(); }
  PetscObj(PetscObj&& o) noexcept : obj_(std::exchange(o.obj_, nullptr)) {}
  PetscObj& operator=(PetscObj&& o) noexcept {
    if (this != &o) reset(), obj_ = std::exchange(o.obj_, nullptr);
    return *this;
  }
  PetscObj(const PetscObj&) = delete;
  PetscObj& operator=(const PetscObj&) = delete;
  T* out() { reset(); return &obj_; }  // for Create(..., &obj)
  operator T() const { return obj_; }
  T get() const { return obj_; }
  explicit operator bool() const { return obj_ != nullptr; }
  void reset() {
    if (obj_) Destroy(&obj_);
    obj_ = nullptr;
  }

 private:
  T obj_ = nullptr;
};

using PVec = PetscObj<Vec, VecDestroy>;
using PMat = PetscObj<Mat, MatDestroy>;
using PKSP = PetscObj<KSP, KSPDestroy>;
using PDM = PetscObj<DM, DMDestroy>;
using PTS = PetscObj<TS, TSDestroy>;

enum class GatherTo { Zero, All };

/// The whole of a DMDA vector in natural order (x fastest, one dof), on rank 0 only (empty on
/// the other ranks) or on every rank. Collective.
inline std::vector<double> gather_natural(DM da, Vec v, GatherTo to) {
  PVec natural, whole;
  NONEQ_PETSC(DMDACreateNaturalVector(da, natural.out()));
  NONEQ_PETSC(DMDAGlobalToNaturalBegin(da, v, INSERT_VALUES, natural));
  NONEQ_PETSC(DMDAGlobalToNaturalEnd(da, v, INSERT_VALUES, natural));
  VecScatter sc = nullptr;
  if (to == GatherTo::All) NONEQ_PETSC(VecScatterCreateToAll(natural, &sc, whole.out()));
  else NONEQ_PETSC(VecScatterCreateToZero(natural, &sc, whole.out()));
  const PetscErrorCode b = VecScatterBegin(sc, natural, whole, INSERT_VALUES, SCATTER_FORWARD);
  const PetscErrorCode e = b ? b : VecScatterEnd(sc, natural, whole, INSERT_VALUES, SCATTER_FORWARD);
  VecScatterDestroy(&sc);
  NONEQ_PETSC(e);
  PetscInt n = 0;
  NONEQ_PETSC(VecGetLocalSize(whole, &n));
  const PetscScalar* a = nullptr;
  NONEQ_PETSC(VecGetArrayRead(whole, &a));
  std::vector<double> out(a, a + n);
  NONEQ_PETSC(VecRestoreArrayRead(whole, &a));
  return out;
}

}  // namespace noneq::core
