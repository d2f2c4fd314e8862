"""V1 (LSTM(128) -> Dense(128, ReLU) -> Dense(classes)) training/inference throughput in a peer
framework, for `npm run bench:train`. Dev only; run with the venv of scripts/dev-venv.sh.

    python v1_peer.py torch|keras

Long-lived: reads one JSON request per line on stdin and answers one JSON line on stdout, so the
framework is imported once and the contenders can be interleaved with tfjs by the caller.
  {"op": "matmul", "n": 2048, "seconds": 2} -> {"gflops": n}
  {"op": "train"|"infer", "seq": 150, "dims": 15, "batch": 32, "classes": 4, "units": 128,
   "hidden": 128, "seconds": 4, "minSteps": 3, "warmup": 2, "threads": n (torch only; default all cores)}
  -> {"samplesPerSec": n, "steps": n, "seconds": s, "loss": l, "params": n, "version": "..."}
Same data for every step (random normal frames, fixed labels), Adam lr 1e-3, softmax
cross-entropy on logits; the hidden state of the last frame feeds the head (no padding).
"""
import json
import os
import sys
import time

FRAMEWORK = sys.argv[1] if len(sys.argv) > 1 else "torch"
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


DEFAULT_THREADS = None


def log(msg):
    print(f"[{FRAMEWORK}-peer] {msg}", file=sys.stderr, flush=True)


def timed(step, seconds, min_steps, warmup):
    for _ in range(warmup):
        step()
    n, t0 = 0, time.perf_counter()
    while n < min_steps or time.perf_counter() - t0 < seconds:
        last = step()
        n += 1
    return n, time.perf_counter() - t0, last


class TorchPeer:
    def __init__(self):
        import torch
        self.torch = torch
        self.version = f"torch {torch.__version__} (threads {torch.get_num_threads()})"
        self.cache = {}

    def matmul(self, n):
        a = self.torch.randn(n, n)
        b = self.torch.randn(n, n)
        return lambda: float((a @ b)[0, 0])

    def setup(self, r):
        key = (r["seq"], r["dims"], r["batch"], r["classes"], r["units"], r["hidden"])
        if key in self.cache:
            return self.cache[key]
        torch = self.torch
        nn = torch.nn
        torch.manual_seed(0)

        class V1(nn.Module):
            def __init__(self):
                super().__init__()
                self.lstm = nn.LSTM(r["dims"], r["units"], batch_first=True)
                self.fc1 = nn.Linear(r["units"], r["hidden"])
                self.out = nn.Linear(r["hidden"], r["classes"])

            def forward(self, x):
                h, _ = self.lstm(x)
                return self.out(torch.relu(self.fc1(h[:, -1])))

        model = V1()
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        x = torch.randn(r["batch"], r["seq"], r["dims"])
        y = torch.arange(r["batch"]) % r["classes"]
        loss_fn = nn.CrossEntropyLoss()

        def train():
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(x), y)
            loss.backward()
            opt.step()
            return loss.item()

        def infer():
            with torch.inference_mode():
                return float(model(x)[0, 0])

        params = sum(p.numel() for p in model.parameters())
        self.cache[key] = (train, infer, params)
        return self.cache[key]


class KerasPeer:
    def __init__(self):
        import numpy as np
        import tensorflow as tf
        import keras
        self.np, self.tf, self.keras = np, tf, keras
        self.version = f"keras {keras.__version__} on tensorflow {tf.__version__}"
        self.cache = {}

    def matmul(self, n):
        a = self.tf.random.normal((n, n))
        b = self.tf.random.normal((n, n))
        return lambda: float(self.tf.matmul(a, b)[0, 0])

    def setup(self, r):
        key = (r["seq"], r["dims"], r["batch"], r["classes"], r["units"], r["hidden"])
        if key in self.cache:
            return self.cache[key]
        np, keras, tf = self.np, self.keras, self.tf
        keras.utils.set_random_seed(0)
        model = keras.Sequential([
            keras.Input((r["seq"], r["dims"])),
            keras.layers.LSTM(r["units"]),
            keras.layers.Dense(r["hidden"], activation="relu"),
            keras.layers.Dense(r["classes"]),
        ])
        model.compile(optimizer=keras.optimizers.Adam(1e-3),
                      loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
        rng = np.random.default_rng(0)
        x = tf.constant(rng.standard_normal((r["batch"], r["seq"], r["dims"]), dtype=np.float32))
        y = tf.constant(np.arange(r["batch"]) % r["classes"])

        def train():
            return float(model.train_on_batch(x, y))

        predict = tf.function(lambda t: model(t, training=False), reduce_retracing=True)

        def infer():
            return float(predict(x)[0, 0])

        self.cache[key] = (train, infer, model.count_params())
        return self.cache[key]


def main():
    try:
        peer = TorchPeer() if FRAMEWORK == "torch" else KerasPeer()
    except Exception as e:  # missing framework: say so, do not crash the caller
        print(json.dumps({"error": f"{FRAMEWORK} unavailable: {type(e).__name__}: {e}"}), flush=True)
        return
    global DEFAULT_THREADS
    if FRAMEWORK == "torch":
        DEFAULT_THREADS = peer.torch.get_num_threads()
    print(json.dumps({"ready": True, "version": peer.version}), flush=True)
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        try:
            r = json.loads(line)
            if r.get("op") == "quit":
                break
            if FRAMEWORK == "torch":
                peer.torch.set_num_threads(r.get("threads") or DEFAULT_THREADS)
            if r["op"] == "matmul":
                n_, secs, _ = timed(peer.matmul(r.get("n", 2048)), r.get("seconds", 2), r.get("minSteps", 3), r.get("warmup", 1))
                print(json.dumps({"gflops": 2 * r.get("n", 2048) ** 3 * n_ / secs / 1e9, "steps": n_, "seconds": secs,
                                  "version": peer.version}), flush=True)
                continue
            train, infer, params = peer.setup(r)
            fn = train if r["op"] == "train" else infer
            n, secs, last = timed(fn, r.get("seconds", 4), r.get("minSteps", 3), r.get("warmup", 2))
            threads = peer.torch.get_num_threads() if FRAMEWORK == "torch" else None
            print(json.dumps({"samplesPerSec": n * r["batch"] / secs, "steps": n, "seconds": secs,
                              "loss": last, "params": params, "version": peer.version, "threads": threads}), flush=True)
        except Exception as e:
            print(json.dumps({"error": f"{type(e).__name__}: {e}"}), flush=True)


if __name__ == "__main__":
    main()
