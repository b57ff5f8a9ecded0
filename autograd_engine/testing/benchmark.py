"""``tf.test.Benchmark``: time ops in a Session and report the figures, as TF1 benchmarks do.

>>> import autograd_engine as tf
>>> class MatMulBenchmark(tf.test.Benchmark):
...     def benchmark_matmul(self):
...         x = tf.random_normal([64, 64])
...         with tf.Session() as sess:
...             return self.run_op_benchmark(sess, tf.matmul(x, x), min_iters=3,
...                                          name="matmul_64")
>>> result = MatMulBenchmark().benchmark_matmul()
>>> result["name"], result["iters"], result["wall_time"] > 0
('matmul_64', 3, True)
"""
import time

from ..framework.default_session import get_default_session
from ..tf_logging import info


class Benchmark:
    """Subclass it with ``benchmark*`` methods; ``report_benchmark`` records (logs) a result
    and ``run_op_benchmark`` times an op."""

    def report_benchmark(self, iters=None, cpu_time=None, wall_time=None, throughput=None,
                         extras=None, name=None, metrics=None):
        """Logs one benchmark's figures (at INFO) and returns them as a dict."""
        result = {"name": name or type(self).__name__, "iters": iters, "cpu_time": cpu_time,
                  "wall_time": wall_time, "throughput": throughput, "extras": extras or {},
                  "metrics": metrics or []}
        info("Benchmark [%s] iters: %s, wall_time: %s, cpu_time: %s, extras: %s",
             result["name"], iters, wall_time, cpu_time, result["extras"])
        return result

    def run_op_benchmark(self, sess, op_or_tensor, feed_dict=None, burn_iters=2, min_iters=10,
                         store_trace=False, store_memory_usage=True, name=None, extras=None,
                         mbs=0):
        """Runs ``op_or_tensor`` ``burn_iters`` times untimed, then ``min_iters`` times; reports
        the median wall time per run (seconds) and, with ``mbs`` megabytes moved per run, the
        throughput in MB/s."""
        for _ in range(burn_iters):
            sess.run(op_or_tensor, feed_dict)
        deltas = []
        for _ in range(min_iters):
            start = time.perf_counter()
            sess.run(op_or_tensor, feed_dict)
            deltas.append(time.perf_counter() - start)
        wall_time = sorted(deltas)[len(deltas) // 2] if deltas else 0.0
        throughput = mbs / wall_time if mbs and wall_time else None
        return self.report_benchmark(iters=min_iters, wall_time=wall_time,
                                     throughput=throughput, extras=extras, name=name)

    def evaluate(self, tensors):
        """The values of ``tensors`` in the default Session."""
        return get_default_session().run(tensors)
