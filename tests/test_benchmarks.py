"""The benchmark suite stays runnable: a --quick run of two cheap workloads, numpy and ours only
(no PyTorch or TensorFlow needed), produces the table, and the implementations agree."""
import numpy as np
import pytest

from benchmarks import harness, run
from benchmarks.workloads import BY_KEY


def test_quick_run_writes_a_table_in_which_the_implementations_agree(tmp_path, capsys):
    out = tmp_path / "results.md"
    status = run.main(["--quick", "--rounds", "2", "--budget", "0.2",
                       "--workloads", "softmax,chain-fwdbwd", "--only", "numpy,ours,ours-callable",
                       "--modes", "quiet",
                       "--out", str(out)])
    text = out.read_text()
    assert status == 0, text
    assert "Machine: " in text and "numpy %s" % np.__version__ in text
    assert "| softmax-regression step (the tutorial), batch 100 | " in text
    assert text.count("all agree") == 2 and "MISMATCH" not in text
    sections = text.split("## Workloads")[1]
    for label in ("| numpy by hand | ", "| ours: sess.run | ", "| ours: make_callable | "):
        assert sections.count(label) == 2
    # per-op time on the chain, peak memory (a probe process per implementation) on the step
    assert "µs |" in text.split("### 100-op scalar chain, forward+backward")[1]
    softmax = text.split("### softmax-regression step")[1].split("###")[0]
    assert "MiB" in softmax and "probe failed" not in softmax
    # the targets, each with its measured value and a verdict
    targets = text.split("### Targets")[1].split("Engine overhead")[0]
    assert "batch 100: ≤ 1.5x numpy |" in targets
    assert "forward+backward: ≤ 1.5 µs per op |" in targets
    assert "forward+backward: `make_callable` below `sess.run` |" in targets
    assert "batch 100: peak memory ≤ 1.3x numpy |" in targets
    rows = [line for line in targets.splitlines() if line.startswith("| ") and "---" not in line]
    assert len(rows) == 5 and all(line.rstrip(" |").split("| ")[-1].strip() for line in rows[1:])


def test_a_wrong_implementation_is_caught_by_the_agreement_check():
    workload = BY_KEY["softmax"]
    builders = workload.build(workload.make_data())
    right, also_right = builders["numpy"](), builders["ours"]()
    wrong = builders["numpy"]()
    wrong.step = lambda: None  # trains nothing: the loss after a step stays where it was
    result = harness.check_agreement(workload, {"numpy": right, "ours": also_right,
                                                "wrong": wrong}, "numpy")
    assert [a.ok for a in result] == [True, True, False]
    assert result[2].max_rel_error > 0.1


def test_unknown_workload_and_missing_reference_are_refused():
    with pytest.raises(SystemExit, match="unknown workload nope; known: softmax"):
        run.main(["--workloads", "nope"])
    with pytest.raises(SystemExit):
        run.main(["--only", "ours"])


def test_peak_memory_counts_what_the_steps_allocate():
    held = []
    peak = harness.peak_memory_of_steps(lambda: held.append(np.ones(4 << 20)), 2)  # 2 x 32 MiB
    assert 60 << 10 <= peak <= 80 << 10  # KiB


def test_gpu_benchmark_dry_run_on_the_stand_in(tmp_path):
    """`python -m benchmarks.gpu --stand-in`: the GPU benchmarks' code path on the CPU, the
    CuPy stand-in as the device (no PyTorch): the implementations agree, the report names the
    stand-in, and the targets table says what it could not measure."""
    from benchmarks import gpu

    out = tmp_path / "results-gpu.md"
    status = gpu.main(["--stand-in", "--quick", "--rounds", "2", "--budget", "0.2",
                       "--workloads", "mlp-large,sin", "--out", str(out)])
    text = out.read_text()
    assert status == 0, text
    assert "Device: **the CuPy stand-in**" in text and "no GPU code ran" in text
    assert "Skipped: PyTorch eager on CUDA (a dry run on the stand-in has no CUDA device)" in text
    assert text.count("all agree") == 2 and "MISMATCH" not in text
    sections = text.split("## Workloads")[1]
    for label in ("| CuPy by hand | ", "| ours on GPU: sess.run | "):
        assert sections.count(label) == 2
    assert "ratio to CuPy" in sections and "peak memory" not in sections
    targets = text.split("### Targets")[1].split("## How")[0]
    rows = [line for line in targets.splitlines() if line.startswith("| ") and "---" not in line]
    assert len(rows) == 3  # the head, then the (shrunk) large MLP and sin(x)
    assert "within 1.05x of PyTorch | — | not measured" in targets
    assert "batch 20: no slower than PyTorch | — | not measured" in targets


def test_gpu_benchmark_without_a_device_says_so(capsys):
    from autograd_engine import backend
    from benchmarks import gpu

    with backend.using_device(None):
        assert gpu.main(["--quick", "--workloads", "sin"]) == 2
    assert "no GPU: the engine found no device backend" in capsys.readouterr().err
