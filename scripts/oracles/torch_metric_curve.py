"""The accuracy and mean absolute error that training records per epoch, for
tests/suite/plot.rs's metric curves: a sigmoid neuron (no hidden layer) trained by
full-batch gradient descent on the mean binary cross-entropy, float64, weights
and bias starting at 0, the metrics measured after each epoch's step (Keras's
`metrics=["accuracy", "mae"]`, with `validation_data`)."""

import torch

torch.set_default_dtype(torch.float64)


def train(x, t, lr, epochs, x_val=None, t_val=None):
    neuron = torch.nn.Linear(x.shape[1], 1)
    torch.nn.init.zeros_(neuron.weight)
    torch.nn.init.zeros_(neuron.bias)
    optimiser = torch.optim.SGD(neuron.parameters(), lr=lr)
    rows = []
    for _ in range(epochs):
        optimiser.zero_grad()
        torch.nn.BCEWithLogitsLoss()(neuron(x).squeeze(1), t).backward()
        optimiser.step()
        with torch.no_grad():
            row = {}
            for name, (xs, ts) in {"train": (x, t), "val": (x_val, t_val)}.items():
                if xs is None:
                    continue
                y = torch.sigmoid(neuron(xs).squeeze(1))
                row[name + "_accuracy"] = ((y >= 0.5) == (ts >= 0.5)).double().mean().item()
                row[name + "_mae"] = (y - ts).abs().mean().item()
            rows.append(row)
    return rows


# accuracy_history: four samples, three held out, learning rate 0.5, 30 epochs.
x = torch.tensor([[-1.0, 0.5], [1.0, 0.2], [-0.5, -1.0], [2.0, 1.0]])
t = torch.tensor([0.0, 1.0, 0.0, 1.0])
x_val = torch.tensor([[0.5, 0.0], [-2.0, 0.3], [1.5, -1.0]])
t_val = torch.tensor([1.0, 0.0, 0.0])
rows = train(x, t, 0.5, 30, x_val, t_val)
print("accuracy_history: last training accuracy", repr(rows[-1]["train_accuracy"]))
print("accuracy_history: last validation accuracy", repr(rows[-1]["val_accuracy"]))
print("accuracy_history: lowest validation accuracy", repr(min(r["val_accuracy"] for r in rows)))

# metric_curve_of_an_error_starts_at_zero: x = [-1, 1], t = [0, 1], learning rate 1.
rows = train(torch.tensor([[-1.0], [1.0]]), torch.tensor([0.0, 1.0]), 1.0, 12)
print("two samples: mae after epoch 1", repr(rows[0]["train_mae"]))
print("two samples: mae after epoch 12", repr(rows[-1]["train_mae"]))
