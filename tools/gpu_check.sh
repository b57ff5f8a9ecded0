#!/usr/bin/env bash
# `make gpu-check`: the whole test suite on a real NVIDIA GPU, then the GPU benchmarks, which
# write benchmarks/results-gpu.md. Budgeted to finish within 10 minutes on one H100/H200-class
# GPU; each part has a time limit of its own (seconds, overridable from the environment):
#
#   GPU_CHECK_INSTALL_S  200  pip: the package with its GPU extra and dev tools, and a CUDA
#                             build of PyTorch (seconds when already installed: a stamp in the
#                             venv records it; a cold download of ~3 GB takes most of this)
#   GPU_CHECK_SUITE_S    240  the suite: with CuPy and a device present, ops run on /gpu:0
#   GPU_CHECK_BENCH_S    150  the benchmarks: 5 workloads x 3 implementations
#
# Without a GPU it stops within seconds, saying so, with status 2; a failed suite, benchmark
# or install makes it exit 1 (the suite's failure after the benchmarks have run).
# `tools/gpu_check.sh --detect` only looks for the GPU (the Makefile asks first, so that a
# machine without one is told before any set-up).
#
# What it installs, by the driver's CUDA version (`nvidia-smi` prints it):
#   CUDA 13+: pip install -e ".[dev,cuda13]" "torch===2.13.0"   (PyPI's torch 2.13.0: CUDA 13.0)
#   CUDA 12:  pip install -e ".[dev,gpu]"    "torch===2.10.0"   (PyPI's torch 2.10.0: CUDA 12.8)
# `===` asks for exactly that version string, so that a local CPU wheel such as 2.13.0+cpu
# (which `==2.13.0` also matches, and pip prefers) cannot stand in for the CUDA build.
set -u
PY=${PY:-.venv/bin/python}
INSTALL_S=${GPU_CHECK_INSTALL_S:-200}
SUITE_S=${GPU_CHECK_SUITE_S:-240}
BENCH_S=${GPU_CHECK_BENCH_S:-150}
OUT=${GPU_CHECK_OUT:-benchmarks/results-gpu.md}
started=$SECONDS

say() { echo "gpu-check: $*"; }
fail() { echo "gpu-check: $1" >&2; exit "${2:-1}"; }

# ---------------------------------------------------------------- 1. is there a GPU?
no_gpu() {
    fail "no NVIDIA GPU here: $1.
gpu-check runs the suite and the GPU benchmarks on a real device (one GPU with CUDA 12 or 13
drivers). Without one, \`make test\` covers the device path on the CuPy stand-in, and
\`python -m benchmarks.gpu --stand-in --quick\` dry-runs the benchmarks on the CPU." 2
}
if command -v nvidia-smi >/dev/null 2>&1; then
    gpus=$(timeout 20 nvidia-smi -L 2>/dev/null | grep -c "^GPU ")
    [ "${gpus:-0}" -gt 0 ] || no_gpu "nvidia-smi lists no GPU (is the driver loaded?)"
    cuda=$(timeout 20 nvidia-smi 2>/dev/null |
           sed -n 's/.*CUDA Version: *\([0-9][0-9]*\)\.\([0-9]*\).*/\1.\2/p' | head -1)
    [ -n "$cuda" ] || no_gpu "nvidia-smi does not report the driver's CUDA version"
elif [ -x "$PY" ] && timeout 60 "$PY" -c "import cupy, sys; sys.exit(cupy.cuda.runtime.getDeviceCount() == 0)" 2>/dev/null; then
    # No nvidia-smi on PATH (some containers), but the CuPy already installed sees a device.
    cuda=$(timeout 60 "$PY" -c "import cupy; v = cupy.cuda.runtime.driverGetVersion(); print('%d.%d' % (v // 1000, v % 1000 // 10))")
    gpus=$(timeout 60 "$PY" -c "import cupy; print(cupy.cuda.runtime.getDeviceCount())")
else
    no_gpu "neither nvidia-smi nor an installed CuPy finds one"
fi
major=${cuda%%.*}
if [ "$major" -ge 13 ]; then
    extra=cuda13; torch_version=2.13.0
elif [ "$major" -eq 12 ]; then
    extra=gpu; torch_version=2.10.0
else
    fail "the driver supports CUDA $cuda; CuPy's wheels and PyTorch's need CUDA 12 or later: update the NVIDIA driver" 2
fi
if [ "${1:-}" = "--detect" ]; then
    say "$gpus GPU(s), driver CUDA $cuda"
    exit 0
fi
say "$gpus GPU(s), driver CUDA $cuda: installing .[dev,$extra] and PyTorch $torch_version (CUDA build)"

# ---------------------------------------------------------------- 2. install
[ -x "$PY" ] || fail "no virtual environment at $PY: run it through \`make gpu-check\`, which makes one"
stamp=$(dirname "$PY")/../.installed-gpu-$extra-torch-$torch_version
if [ -f "$stamp" ] && [ "$stamp" -nt pyproject.toml ]; then
    say "already installed ($stamp)"
else
    timeout "$INSTALL_S" "$PY" -m pip install --quiet -e ".[dev,$extra]" "torch===$torch_version"
    status=$?
    [ $status -eq 124 ] && fail "pip did not finish within ${INSTALL_S} s (a first download of \
CUDA's libraries is large): run it again, pip's cache makes the next try fast, or raise \
GPU_CHECK_INSTALL_S"
    [ $status -eq 0 ] || fail "pip failed (status $status) installing .[dev,$extra] and torch===$torch_version"
    touch "$stamp"
fi
timeout 120 "$PY" - <<'EOF' || fail "the installed CuPy or PyTorch cannot use the GPU (see above)"
import cupy, torch
count = cupy.cuda.runtime.getDeviceCount()
assert count > 0, "CuPy sees no device"
assert torch.cuda.is_available(), "PyTorch %s (CUDA %s) sees no device" % (torch.__version__, torch.version.cuda)
print("gpu-check: CuPy %s and PyTorch %s (CUDA %s) see %d device(s)" % (
    cupy.__version__, torch.__version__, torch.version.cuda, count))
EOF

# ---------------------------------------------------------------- 3. the suite, on the device
say "the test suite on the GPU (limit ${SUITE_S} s)"
part=$SECONDS
timeout --kill-after=10 "$SUITE_S" "$PY" -m pytest -q -p no:cacheprovider
suite=$?
[ $suite -eq 124 ] && echo "gpu-check: the suite did not finish within ${SUITE_S} s" >&2
say "suite: status $suite in $((SECONDS - part)) s"

# ---------------------------------------------------------------- 4. the GPU benchmarks
say "GPU benchmarks -> $OUT (limit ${BENCH_S} s)"
part=$SECONDS
timeout --kill-after=10 "$BENCH_S" "$PY" -m benchmarks.gpu --out "$OUT" >/dev/null
bench=$?
[ $bench -eq 124 ] && echo "gpu-check: the benchmarks did not finish within ${BENCH_S} s" >&2
say "benchmarks: status $bench in $((SECONDS - part)) s"
# The report is written only at the end of a run: after a failed one, $OUT is an older run's.
[ $bench -eq 0 ] && sed -n '/^### Targets/,/^## How/p' "$OUT" | sed '$d'

say "done in $((SECONDS - started)) s"
[ $suite -eq 0 ] || fail "the test suite failed on the GPU (status $suite)"
[ $bench -eq 0 ] || fail "the GPU benchmarks failed (status $bench; 1: implementations disagree)"
exit 0
