"""The busy-machine benchmark (benchmarks/busy.py): the spinning process stops however the block
ends, ours runs with one and with all BLAS threads beside the default, and the table gives each
workload's verdict against the target."""
import time

import pytest

from benchmarks import busy, harness, libraries, run
from benchmarks.workloads import BY_KEY


def test_the_busy_core_stops_when_the_block_ends_even_on_ctrl_c():
    with pytest.raises(KeyboardInterrupt):
        with busy.busy_core(seconds=60) as spinner:
            time.sleep(0.2)
            assert spinner.poll() is None  # spinning
            raise KeyboardInterrupt
    assert spinner.poll() is not None


def test_the_busy_core_stops_by_itself_after_its_bound():
    with busy.busy_core(seconds=0.2) as spinner:
        spinner.wait(timeout=30)
        assert spinner.returncode == 0


def test_ours_runs_on_one_and_on_all_threads_beside_the_default():
    libraries.enable(torch=False, tf1=False)  # ours alone: no PyTorch or TensorFlow import
    builders = busy.builders_with_fixed_counts(BY_KEY["sin"])
    rules = {}
    for key in ("ours", busy.ONE, busy.ALL):
        impl = builders[key]()
        rules[key] = impl.graph_step[0]._ctx.blas_rule
        impl.close()
    assert rules["ours"].adaptive and rules[busy.ONE].limit == 1
    assert rules[busy.ALL].threads(1) == rules[busy.ALL].limit


def test_table_gives_each_workload_its_verdict():
    def timing(key, seconds):
        return harness.Timing(key, 1, [seconds])
    results = [{"workload": BY_KEY["sin"], "timings": {
        busy.ONE: timing(busy.ONE, 0.004), busy.ALL: timing(busy.ALL, 0.040),
        "ours": timing("ours", 0.0045), "numpy": timing("numpy", 0.006)}},
        {"workload": BY_KEY["cnn"], "timings": {
            busy.ONE: timing(busy.ONE, 0.2), busy.ALL: timing(busy.ALL, 0.3),
            "ours": timing("ours", 0.3), "numpy": timing("numpy", 0.25)}}]
    keras = {"ours Keras, 1 thread": 0.004, "ours Keras, all threads": 0.05,
             "ours Keras (auto)": 0.004, "real tf.keras": 0.008, "numpy by hand": 0.006}
    rows = busy.table(results, keras).splitlines()[2:]
    assert "**1.12x** ✓" in rows[0] and "**1.50x** ✗" in rows[1]
    assert "Keras seed" in rows[2] and "ours ÷ tf.keras 0.50x" in rows[2]


def test_run_has_a_busy_mode():
    assert run.parse_args(["--busy"]).busy
