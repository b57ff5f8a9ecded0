# The two quick-start commands: `make demo` and `make test`. Each sets itself up (idempotently):
# a virtual environment in .venv, the package installed into it in editable mode, and the
# graphviz `dot` program (through apt-get when it is missing and apt is available).
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: setup demo test test-jit bench bench-busy gpu-check clean system-deps docs smoke

setup: $(STAMP) system-deps

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev,docs]"
	@touch $(STAMP)

system-deps:
	@sh tools/ensure_graphviz.sh

demo: setup
	$(PY) -m autograd_engine.demo

# The suite runs without the plan rewrites, then with them (the default), so that a rewrite can
# never hide a kernel bug or change a result; both passes run the op conformance suite and
# tests/test_device_path.py on numpy and on the CuPy stand-in. A third pass runs every TF1
# program "on the device": the stand-in, numpy on the CPU as strict as CuPy about host/device
# mixing (65 s on 2 cores, against 45 s for a numpy pass). The notebooks run only in the second
# pass: they exercise nothing the other passes do not.
test: setup
	AUTOGRAD_ENGINE_REWRITES=0 $(PY) -m pytest -q -p no:cacheprovider --ignore=tests/test_notebooks.py
	$(PY) -m pytest -q
	AUTOGRAD_ENGINE_DEVICE=stand-in $(PY) -m pytest -q -p no:cacheprovider --ignore=tests/test_notebooks.py
	@$(MAKE) --no-print-directory test-jit docs smoke

# issue 19 (i19b): the op conformance suite with TF1's XLA switch on (AUTOGRAD_ENGINE_JIT=1:
# every plan compiled by XLA through JAX, the `jit` extra): forward values, first and second
# order gradients, on numpy (the stand-in's device Sessions never compile). The full suite under
# the switch (shapes, meta graphs, drawings too) takes 4 CPU-minutes: `make test-jit JIT_K=numpy`.
# (i19c: the gradient tests' ids name no backend; "numpy and (...)" selected forward values only.
# Forward 1,530 cases, gradients 852: about 2.5 CPU-minutes together.)
JIT_K ?= (numpy and test_forward) or test_gradient or test_second_order
test-jit: setup
	@if $(PY) -c "import jax" 2>/dev/null; then \
	  AUTOGRAD_ENGINE_JIT=1 $(PY) -m pytest -q -p no:cacheprovider tests/test_op_conformance.py -k "$(JIT_K)"; \
	else echo "test-jit: JAX is not installed (pip install -e '.[jit]'): the XLA pass is skipped"; fi

# `make docs`: the API reference from the docstrings (Sphinx autodoc + napoleon), in
# docs/_build/html; any warning fails it (about 10 s of CPU).
docs: setup
	$(PY) -m sphinx -b html -q -W --keep-going -E docs/reference docs/_build/html
	@echo "API reference: docs/_build/html/index.html"

# `make smoke`: the oldest and newest supported Pythons each install the package into a fresh
# virtual environment (`pip install .`) and run the demo and a handful of tests against it
# (about 45 s each); a Python missing here is skipped with a message.
SMOKE_PYTHONS ?= python3.9 python3.13
smoke:
	@bash tools/smoke.sh $(SMOKE_PYTHONS)

# The benchmark extra (PyTorch CPU, tensorflow-cpu) on top of the usual set-up. When it cannot be
# installed (no wheel for this Python or platform), the benchmark still runs and its table says
# which columns were skipped and why.
BENCH_STAMP := $(VENV)/.installed-bench

$(BENCH_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e ".[dev,bench]" || \
	  echo "WARNING: could not install the 'bench' extra (torch, tensorflow-cpu); their columns are skipped." >&2
	@touch $(BENCH_STAMP)

# issue 19: one run, two modes: the machine as it is, then with one core kept busy by a
# background process (stopped at the end, Ctrl-C included): ours with BLAS threads per plan vs
# one and all threads, and the Keras seed program vs real tf.keras. One targets table checks
# every target; a workload that misses one gets its profile. About 15 minutes on 2 cores with
# the default BENCH_ARGS (peak memory of numpy and ours only: what the memory target needs);
# `make bench BENCH_ARGS="--rounds 15 --budget 30"` measures longer, every library's memory too.
BENCH_ARGS ?= --rounds 7 --budget 8 --memory-of numpy,ours
bench: setup $(BENCH_STAMP)
	$(PY) benchmarks/run.py --out benchmarks/results.md $(BENCH_ARGS)

# The busy mode alone (what `make bench` does second), into benchmarks/results-busy.md.
bench-busy: setup $(BENCH_STAMP)
	$(PY) benchmarks/run.py --modes busy --no-memory --out benchmarks/results-busy.md $(BENCH_ARGS)

# `make gpu-check`: on a machine with an NVIDIA GPU (CUDA 12 or 13 drivers), installs the `gpu`
# (or `cuda13`) extra and a CUDA build of PyTorch, runs the whole suite on the device, then the
# GPU benchmarks, which write benchmarks/results-gpu.md; under 10 minutes on one H100/H200
# (tools/gpu_check.sh gives each part its budget). Without a GPU it fails within seconds,
# saying so, before any set-up.
gpu-check:
	@bash tools/gpu_check.sh --detect
	@$(MAKE) --no-print-directory setup
	@PY=$(PY) bash tools/gpu_check.sh

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache docs/_build
