"""`make bench`'s report from fabricated timings: one targets table over every target of issue 19
(section 1 under load, section 2 against PyTorch and TF1, section 3 against JAX's jit), each
"met" or "missed by N%", and a profile for each workload that misses one (no timing here)."""
from benchmarks import busy, harness, report, run
from benchmarks.workloads import BY_KEY
from benchmarks.workloads._common import (JAX_JIT, NUMPY, OURS, OURS_ALL, OURS_JIT, OURS_ONE,
                                           TF1, TORCH)


def _result(key, **seconds):
    timings = {k: harness.Timing(k, 1, [s]) for k, s in seconds.items()}
    agreement = [harness.Agreement(k, [1.0], 0.0, True) for k in seconds]
    return {"workload": BY_KEY[key], "timings": timings, "agreement": agreement, "memory": {}}


# CNN: faster than PyTorch and TF1, ours (jit) 1.25x JAX; LSTM: 1.2x TF1, the jit ahead of JAX.
QUIET = [_result("cnn", **{NUMPY: 0.12, OURS: 0.05, TORCH: 0.06, TF1: 0.055, OURS_JIT: 0.10,
                           JAX_JIT: 0.08, OURS_ONE: 0.09, OURS_ALL: 0.05}),
         _result("lstm", **{NUMPY: 0.016, OURS: 0.012, TORCH: 0.013, TF1: 0.010,
                            OURS_JIT: 0.009, JAX_JIT: 0.010, OURS_ONE: 0.0118,
                            OURS_ALL: 0.014})]
# under load: the MLP at 1.5x the better of one and all threads, the sin step within 1.3x
BUSY = [_result("mlp1024", **{NUMPY: 0.09, OURS: 0.063, OURS_ONE: 0.042, OURS_ALL: 0.055}),
        _result("sin", **{NUMPY: 0.02, OURS: 0.003, OURS_ONE: 0.0029, OURS_ALL: 0.012})]
KERAS = {"ours Keras, 1 thread": 0.005, "ours Keras, all threads": 0.06,
         "ours Keras (auto)": 0.0055, "real tf.keras": 0.0088, "numpy by hand": 0.02,
         "arms": {"one": 0.005, "split": 0.0051, "all": None, "chosen": "one"}}


def _rows():
    return {row.text: row for row in report.targets(QUIET) + busy.target_rows(BUSY, KERAS)}


def test_every_issue_19_target_has_its_row_and_verdict():
    rows = _rows()

    def verdict(text):
        return next(row.verdict for t, row in rows.items() if t.startswith(text))
    cnn, lstm = BY_KEY["cnn"].title, BY_KEY["lstm"].title
    assert verdict(cnn + ": faster than PyTorch eager (issue 19 §2)") == "met"
    assert verdict(lstm + ": faster than TF1 graph mode (issue 19 §2)") == \
        "**missed** by 20%"
    assert verdict(cnn + ": ours (jit) as fast as JAX jit (issue 19 §3)") == "**missed** by 25%"
    assert verdict(lstm + ": ours (jit) as fast as JAX jit (issue 19 §3)") == "met"
    assert verdict(BY_KEY["mlp1024"].title + ", one core busy: ours ≤ 1.3x") == \
        "**missed** by 15%"  # 0.063 / 0.042 = 1.5 = 1.3 x 1.154
    assert verdict(BY_KEY["sin"].title + ", one core busy: ours ≤ 1.3x") == "met"
    assert verdict("Keras seed program, one core busy: ours ≤ 1.3x") == "met"
    keras = rows["Keras seed program, one core busy: faster than real tf.keras (issue 19 §1)"]
    assert keras.verdict == "met" and keras.measured == "5.5 ms vs 8.8 ms"
    # the BLAS thread rule on the quiet machine: the CNN at its all-threads time, the LSTM
    # 1.7% over its one-thread time
    assert verdict(cnn + ", quiet: ours ≤ 1.05x") == "met"
    assert verdict(lstm + ", quiet: ours ≤ 1.05x") == "met"


def test_missed_targets_get_their_workload_profiled_and_the_file_has_both_modes(monkeypatch):
    profiled = []

    def fake_profile(workload, compiled, **_):
        profiled.append((workload.key, compiled))
        return ["| op type | ops | kernel time | share of the kernels |"]
    monkeypatch.setattr(run.profile_step, "profile", fake_profile)
    BUSY[0]["arms"] = {"one": 0.042, "split": 0.05, "all": 0.06, "chosen": "one"}
    rows = list(_rows().values())
    profiles = run.profiles_of_missed(rows, BUSY, lambda message: None)
    # the CNN misses under jit only (compiled plan profiled too), the LSTM TF1, the MLP the load
    assert profiled == [("cnn", True), ("lstm", False), ("mlp1024", False)]
    text = "\n".join(profiles)
    assert "Misses: ours (jit) as fast as JAX jit (issue 19 §3) (1.25x, **missed** by 25%)" \
        in text
    assert "One core busy: BLAS thread arms timed by the step plan: one 42 ms, split 50 ms, " \
        "all 60 ms (kept: one)." in text
    measured = {"results": BUSY, "keras": KERAS, "loads": (1.0, 2.0)}
    page = report.markdown(["header"], QUIET, [], ["method"], rows, busy.section(measured),
                           profiles)
    sections = [line for line in page.splitlines() if line.startswith("## ")]
    assert sections == ["## Summary", "## Busy machine",
                        "## Profiles of the workloads that miss a target",
                        "## How it was measured", "## Workloads"]
    targets = page.split("### Targets")[1].split("## Busy machine")[0]
    assert targets.count("| **missed** by") == 3 and "Keras seed program" in targets
    assert "Keras seed program (`Sequential`" in page.split("## Busy machine")[1]
    # the quiet table shows ours on one and on all BLAS threads beside the other columns
    assert "ours, one BLAS thread | ours, all threads" in page.split("## Summary")[1]


def test_run_parses_its_modes():
    assert run.parse_args([]).modes == ["quiet", "busy"]
    assert run.parse_args(["--busy"]).modes == ["busy"]
    assert run.parse_args(["--modes", "quiet"]).modes == ["quiet"]


def test_a_keras_seed_miss_is_explained_by_its_blas_thread_arms():
    keras = dict(KERAS, **{"ours Keras (auto)": 0.009})  # 1.8x one thread, slower than tf.keras
    rows = busy.target_rows([], keras)
    assert [row.verdict for row in rows] == ["**missed** by 38%", "**missed** by 2%"]
    text = "\n".join(run.profiles_of_missed(rows, [], lambda message: None, keras))
    assert text.startswith("### Profile: Keras seed program")
    assert "(kept: one)" in text and "faster than real tf.keras (issue 19 §1) (9 ms vs 8.8 ms" \
        in text
    assert busy.table([], keras).splitlines()[-1].endswith("| one |")


def test_memory_probes_can_be_limited_to_what_the_memory_target_needs():
    assert run.parse_args(["--memory-of", "numpy,ours"]).memory_of == ["numpy", "ours"]
    assert "torch" in run.parse_args([]).memory_of
