"""Oracle: scikit-learn's MLPRegressor on the bundled diabetes data, on exactly the
split that `examples/regression.rs` and `tests/suite/regression_mlp.rs` use; writes
tests/fixtures/sklearn_mlp_regressor.txt.

The split (the rows of the training and test sets, in order) comes from
tests/fixtures/diabetes_split.txt, which `cargo run --example regression -- --split`
wrote from the crate's `datasets::split_indices(442, 0.2, StdRng::seed_from_u64(42))`;
tests/suite/regression_mlp.rs checks that file against split_indices.

What the Rust side does, and the scikit-learn settings that match it:
  - X from data/diabetes.csv, which equals load_diabetes(scaled=False) (see diabetes_data.py);
  - StandardScaler on X and on y, fitted on the training rows only (population std);
  - 10-32-1 network, ReLU hidden layer, identity output, Glorot-uniform weights;
  - Adam (beta 0.9 / 0.999, eps 1e-8), learning rate 0.001, shuffled mini-batches of 40,
    200 epochs, no early stopping: n_iter_no_change = max_iter, so that the default
    "stop when the loss has not improved by tol for 10 epochs" never fires;
  - penalty: scikit-learn minimises, per batch of n_b samples,
        0.5 * mean((y - t)^2) + 0.5 * alpha * ||W||^2 / n_b
    (its squared loss is halved, its penalty divided by the batch size); twice that is
    the crate's  mean((y - t)^2) + (l2 / 2) * ||W||^2  with  l2 = 2 * alpha / n_b.
    alpha = 1 and n_b = 40 give l2 = 0.05. The training set has 353 rows = 8 * 40 + 33,
    so for the last batch of each epoch scikit-learn's penalty is 40/33 times the crate's.
  - predictions turned back into the target's units with the y scaler's inverse.
Differences that remain: scikit-learn also draws the biases from the Glorot range (the
crate starts them at 0), its generators differ from the crate's, and its Adam adds eps to
sqrt(v) before the bias correction of the step size rather than after.

One seed's test R^2 depends on the initial weights and the batch order, so the script
trains with random_state = 0..4 and reports the mean (the Rust test compares means).
A LinearRegression on the same standardised data is printed for scale (not compared).

Run from the repository root:  python scripts/oracles/sklearn_mlp_regressor.py
"""
import os
import warnings

import numpy as np
import sklearn
from sklearn.datasets import load_diabetes
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LinearRegression
from sklearn.metrics import mean_absolute_error, r2_score, root_mean_squared_error
from sklearn.neural_network import MLPRegressor
from sklearn.preprocessing import StandardScaler

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
SPLIT = os.path.join(REPO, "tests/fixtures/diabetes_split.txt")
OUT = os.path.join(REPO, "tests/fixtures/sklearn_mlp_regressor.txt")

HIDDEN = 32
LEARNING_RATE = 0.001
BATCH_SIZE = 40
EPOCHS = 200
ALPHA = 1.0
SEEDS = [0, 1, 2, 3, 4]

rows = {}
with open(SPLIT) as f:
    for line in f:
        if line.startswith("#") or not line.strip():
            continue
        name, *values = line.split()
        rows[name] = np.array([int(v) for v in values])
train, test = rows["train"], rows["test"]
assert len(train) + len(test) == 442 and len(set(train) | set(test)) == 442

X, y = load_diabetes(return_X_y=True, scaled=False)
x_scaler = StandardScaler().fit(X[train])
y_scaler = StandardScaler().fit(y[train, None])
x_train, x_test = x_scaler.transform(X[train]), x_scaler.transform(X[test])
t_train = y_scaler.transform(y[train, None]).ravel()
y_test = y[test]


def scores(predicted_standardised):
    p = y_scaler.inverse_transform(predicted_standardised[:, None]).ravel()
    return r2_score(y_test, p), mean_absolute_error(y_test, p), root_mean_squared_error(y_test, p)


lines = [
    "# scripts/oracles/sklearn_mlp_regressor.py, scikit-learn %s, numpy %s"
    % (sklearn.__version__, np.__version__),
    "# MLPRegressor on the diabetes data (load_diabetes(scaled=False)), split by",
    "# tests/fixtures/diabetes_split.txt, StandardScaler on X and y fitted on the training rows;",
    "# test R^2, MAE and RMSE in the target's units for each random_state, then their means;",
    "# final_loss is scikit-learn's (halved) training objective of the last epoch: twice it compares",
    "# with the crate's.",
    f"train_rows {len(train)}",
    f"test_rows {len(test)}",
    f"hidden {HIDDEN}",
    f"learning_rate_init {LEARNING_RATE!r}",
    f"batch_size {BATCH_SIZE}",
    f"max_iter {EPOCHS}",
    f"alpha {ALPHA!r}",
]
results = []
for seed in SEEDS:
    model = MLPRegressor(
        hidden_layer_sizes=(HIDDEN,),
        activation="relu",
        solver="adam",
        learning_rate_init=LEARNING_RATE,
        batch_size=BATCH_SIZE,
        alpha=ALPHA,
        max_iter=EPOCHS,
        n_iter_no_change=EPOCHS,
        shuffle=True,
        random_state=seed,
    )
    with warnings.catch_warnings():
        # max_iter is reached on purpose: the crate trains a fixed number of epochs.
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(x_train, t_train)
    assert model.n_iter_ == EPOCHS
    r2, mae, rmse = scores(model.predict(x_test))
    results.append((r2, mae, rmse))
    lines += [
        f"r2_seed_{seed} {r2!r}",
        f"mae_seed_{seed} {mae!r}",
        f"rmse_seed_{seed} {rmse!r}",
        f"final_loss_seed_{seed} {float(model.loss_)!r}",
    ]
mean = np.mean(results, axis=0)
lines += [
    f"mean_r2 {float(mean[0])!r}",
    f"mean_mae {float(mean[1])!r}",
    f"mean_rmse {float(mean[2])!r}",
    f"std_r2 {float(np.std([r[0] for r in results]))!r}",
]
linear = LinearRegression().fit(x_train, t_train)
r2, mae, rmse = scores(linear.predict(x_test))
lines += [f"linear_r2 {r2!r}", f"linear_mae {mae!r}", f"linear_rmse {rmse!r}"]

text = "\n".join(lines) + "\n"
with open(OUT, "w") as f:
    f.write(text)
print(text, end="")
