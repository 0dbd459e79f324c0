# Sourced by the noneq-langevin test scripts (after setting `np`): a private working directory
# (removed on exit, with its own Open MPI session directory for ctest -j) and the launcher for
# `np` ranks as the array `launcher`.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
mkdir -p tmp && export TMPDIR="$work/tmp"
launcher=()
[ "$np" -gt 1 ] && launcher=(mpiexec --oversubscribe -n "$np")
