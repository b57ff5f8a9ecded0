"""Issue 19, section 3: the two candidate compilers, prototyped on the sin(x) step and the LSTM
step before one was chosen (``python -m benchmarks.jit_prototypes``; figures in
benchmarks/results-jit.md).

* XLA through jaxlib: the whole training step (forward, backward, Adam) as one jitted function
  of (parameters, optimizer slots, feeds), parameter and slot buffers donated. This is also
  what the benchmark's "JAX jit" column runs (benchmarks/workloads/jax_steps.py).
* LLVM through numba: the same step with every elementwise chain (bias + relu, relu's gradient,
  the loss gradient, Adam's update, the LSTM cell and its gradient) fused into one compiled
  loop, the products left to numpy's BLAS (numba's ``np.dot`` calls the same BLAS).

Each is timed interleaved with the hand-written numpy step (benchmarks/workloads/) and ours;
compile time is the first call's.
"""
import statistics
import time

import numpy as np

from .workloads import dense, lstm
from .workloads import jax_steps

ROUNDS, CALLS = 15, 20


# ---------------------------------------------------------------- numba: fused loops
def _numba_kernels():
    import numba

    @numba.njit(cache=False, fastmath=False)
    def bias_relu(h, b):  # h += b; h = max(h, 0), in place
        n, m = h.shape
        for i in range(n):
            for j in range(m):
                v = h[i, j] + b[j]
                h[i, j] = v if v > 0 else 0.0

    @numba.njit(cache=False)
    def relu_grad(g, a):  # g *= (a > 0)
        n, m = g.shape
        for i in range(n):
            for j in range(m):
                if a[i, j] <= 0:
                    g[i, j] = 0.0

    @numba.njit(cache=False)
    def adam(p, g, m, v, lr_t, b1, b2, eps):
        flat_p, flat_g, flat_m, flat_v = p.ravel(), g.ravel(), m.ravel(), v.ravel()
        for i in range(flat_p.size):
            gi = flat_g[i]
            mi = flat_m[i] + (gi - flat_m[i]) * (1 - b1)
            vi = flat_v[i] + (gi * gi - flat_v[i]) * (1 - b2)
            flat_m[i], flat_v[i] = mi, vi
            flat_p[i] -= lr_t * mi / (np.sqrt(vi) + eps)

    @numba.njit(cache=False)
    def lstm_cell(z, c_prev, gates, c, tc, h, forget_bias):
        n, u4 = z.shape
        u = u4 // 4
        for r in range(n):
            for k in range(u):
                i = 1 / (1 + np.exp(-z[r, k]))
                j = np.tanh(z[r, u + k])
                f = 1 / (1 + np.exp(-(z[r, 2 * u + k] + forget_bias)))
                o = 1 / (1 + np.exp(-z[r, 3 * u + k]))
                gates[r, k], gates[r, u + k], gates[r, 2 * u + k], gates[r, 3 * u + k] = i, j, f, o
                cv = c_prev[r, k] * f + i * j
                c[r, k] = cv
                t = np.tanh(cv)
                tc[r, k] = t
                h[r, k] = t * o

    @numba.njit(cache=False)
    def lstm_cell_grad(dh, dc, gates, tc, c_prev, dg):
        n, u4 = gates.shape
        u = u4 // 4
        for r in range(n):
            for k in range(u):
                i, j = gates[r, k], gates[r, u + k]
                f, o = gates[r, 2 * u + k], gates[r, 3 * u + k]
                t = tc[r, k]
                d_c = dc[r, k] + dh[r, k] * o * (1 - t * t)
                dg[r, 3 * u + k] = dh[r, k] * t * o * (1 - o)
                dg[r, k] = d_c * j * i * (1 - i)
                dg[r, u + k] = d_c * i * (1 - j * j)
                dg[r, 2 * u + k] = d_c * c_prev[r, k] * f * (1 - f)
                dc[r, k] = d_c * f
    return bias_relu, relu_grad, adam, lstm_cell, lstm_cell_grad


class NumbaAdam:
    def __init__(self, params, kernels, lr):
        self.adam, self.lr, self.t = kernels[2], lr, 0
        self.m = [np.zeros_like(p) for p in params]
        self.v = [np.zeros_like(p) for p in params]

    def apply(self, params, grads):
        self.t += 1
        b1, b2 = 0.9, 0.999
        lr_t = np.float32(self.lr * np.sqrt(1 - b2 ** self.t) / (1 - b1 ** self.t))
        for p, g, m, v in zip(params, grads, self.m, self.v):
            self.adam(p, np.ascontiguousarray(g), m, v, lr_t, np.float32(b1), np.float32(b2),
                      np.float32(1e-8))


def numba_sin(data, kernels):
    bias_relu, relu_grad = kernels[:2]
    xs, ys, init = data
    params = [p.copy() for p in init]
    adam = NumbaAdam(params, kernels, dense.LEARNING_RATE)

    def step():
        acts = [xs]
        n = len(params) // 2
        for i in range(n):
            h = acts[-1] @ params[2 * i]
            if i < n - 1:
                bias_relu(h, params[2 * i + 1])
            else:
                h += params[2 * i + 1]
            acts.append(h)
        g = (acts[-1] - ys) * np.float32(2.0 / ys.size)
        grads = [None] * len(params)
        for i in reversed(range(n)):
            grads[2 * i] = acts[i].T @ g
            grads[2 * i + 1] = g.sum(axis=0)
            if i > 0:
                g = g @ params[2 * i].T
                relu_grad(g, acts[i])
        adam.apply(params, grads)
    return step


def numba_lstm(data, kernels):
    lstm_cell, lstm_cell_grad = kernels[3:]
    xs, ys, init = data
    model = lstm.HandWrittenLSTM(xs, ys, init)
    adam = NumbaAdam(model.params, kernels, lstm.LEARNING_RATE)
    steps, n, u = lstm.STEPS, lstm.BATCH, lstm.UNITS
    fb = np.float32(lstm.FORGET_BIAS)

    def step():
        kx, kh, bias, w, b = model.params
        proj = (model.x_time_major.reshape(-1, lstm.PIXELS) @ kx + bias).reshape(steps, n, 4 * u)
        for t in range(steps):
            z = proj[t] + model.hidden[t] @ kh
            lstm_cell(z, model.cells[t], model.gates[t], model.cells[t + 1], model.tanh_cells[t],
                      model.hidden[t + 1], fb)
        logits = model.hidden[steps] @ w + b
        from .workloads import _common
        d_logits = _common.softmax_cross_entropy_gradient(logits, model.ys)
        d_w, d_b = model.hidden[steps].T @ d_logits, d_logits.sum(axis=0)
        dh = d_logits @ w.T
        dc = np.zeros_like(dh)
        d_gates = np.empty_like(model.gates)
        for t in reversed(range(steps)):
            lstm_cell_grad(dh, dc, model.gates[t], model.tanh_cells[t], model.cells[t],
                           d_gates[t])
            dh = d_gates[t] @ kh.T
        flat = d_gates.reshape(-1, 4 * u)
        d_kx = model.x_time_major.reshape(-1, lstm.PIXELS).T @ flat
        d_kh = model.hidden[:steps].reshape(-1, u).T @ flat
        adam.apply(model.params, [d_kx, d_kh, flat.sum(axis=0), d_w, d_b])
    return step


# ---------------------------------------------------------------- measuring
def first_call_seconds(step):
    start = time.perf_counter()
    step()
    return time.perf_counter() - start


def interleaved(steps):
    samples = {name: [] for name in steps}
    for _ in range(ROUNDS):
        for name, step in steps.items():
            start = time.perf_counter()
            for _ in range(CALLS):
                step()
            samples[name].append((time.perf_counter() - start) / CALLS)
    return {name: statistics.median(s) for name, s in samples.items()}


def main():
    start = time.perf_counter()
    kernels = _numba_kernels()
    for workload, numba_step, jax_step in [(dense.WORKLOADS[0], numba_sin, jax_steps.sin_step),
                                          (lstm.WORKLOAD, numba_lstm, jax_steps.lstm_step)]:
        data = workload.make_data()
        builders = workload.build(data)
        steps = {"numpy by hand": builders["numpy"]().step, "ours": builders["ours"]().step}
        start = time.perf_counter()
        steps["numba (fused loops)"] = numba_step(data, kernels)
        compile_numba = first_call_seconds(steps["numba (fused loops)"])
        steps["XLA (jax.jit)"] = jax_step(data).step
        compile_xla = first_call_seconds(steps["XLA (jax.jit)"])
        medians = interleaved(steps)
        print("%s: compile numba %.2f s, XLA %.2f s" % (workload.key, compile_numba, compile_xla))
        for name, seconds in medians.items():
            print("  %-22s %8.1f us  (%.2fx numpy)" % (name, seconds * 1e6,
                                                        seconds / medians["numpy by hand"]))


if __name__ == "__main__":
    main()
