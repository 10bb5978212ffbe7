"""Writes .npy fixtures: a 2-3-1 network (tanh, then sigmoid) as NumPy would
save it, and NumPy's own forward pass on a small batch, for tests/suite/npy.rs.

Weights are (n_inputs, n_units), the layout of `X @ W`: PyTorch's
`Linear.weight` is the transpose, so `linear.weight.detach().numpy().T`.
"""
import numpy as np

out = "tests/fixtures/npy"
rng = np.random.default_rng(2026)
W0 = rng.uniform(-1, 1, size=(2, 3))
b0 = rng.uniform(-0.5, 0.5, size=3)
W1 = rng.uniform(-1, 1, size=(3, 1))
b1 = rng.uniform(-0.5, 0.5, size=1)
for name, a in [("layer0_weights", W0), ("layer0_bias", b0), ("layer1_weights", W1), ("layer1_bias", b1)]:
    np.save(f"{out}/{name}.npy", a)
    np.save(f"{out}/f32_{name}.npy", a.astype(np.float32))

X = np.array([[0.5, 0.3], [-1.0, 2.0], [0.0, 0.0]])
y = 1 / (1 + np.exp(-(np.tanh(X @ W0 + b0) @ W1 + b1)))
print("forward (float64):", [repr(float(v)) for v in y[:, 0]])

# A lone neuron: weights (3,), bias as a 0-d array, as np.save(path, 0.1) writes it.
np.save(f"{out}/neuron_weights.npy", np.array([0.4, 0.7, 0.2]))
np.save(f"{out}/neuron_bias.npy", np.float64(0.1))
# A broken one: weights with NaN.
np.save(f"{out}/nan_weights.npy", np.array([0.4, np.nan, 0.2]))
