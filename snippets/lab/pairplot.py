"""A look at the Iris data before training: a pair plot of the training flowers, and
two numbers that say what it shows.

Run it as a script (`python snippets/lab/pairplot.py`); docs/en/lab.md embeds its
sections after classify.py's iris_data, and tests/lab/test_pairplot.py checks what the
page says about them. On the page, the names defined before the first section come
from the lab's own code (classify.py's setup and iris_data).
"""

import matplotlib.pyplot as plt
import torch
from trainlab import load_iris, scale_splits, split

SEED = 0  # the lab's seed (classify.py's setup)
iris = scale_splits(split(load_iris(), seed=SEED))  # as classify.py's iris_data

# --8<-- [start:pairplot]
import itertools

features = ["sepal length", "sepal width", "petal length", "petal width"]  # in cm
species = ["setosa", "versicolor", "virginica"]  # labels 0, 1, 2
x_cm, y = split(load_iris(), seed=SEED).train  # the same training flowers, unscaled (cm)

fig, axes = plt.subplots(
    4, 4, num="lab-iris-pairplot", clear=True, figsize=(7, 7), sharex="col", layout="constrained"
)
for i, j in itertools.product(range(4), range(4)):  # feature i on the y axis, j on the x axis
    ax = axes[i, j]
    if j > i:  # each pair once, below the diagonal
        ax.axis("off")
        continue
    for k, name in enumerate(species):
        if i == j:  # the diagonal: a histogram of feature j for each species
            bins = torch.linspace(x_cm[:, j].min(), x_cm[:, j].max(), 13)
            ax.hist(x_cm[y == k, j], bins=bins, color=f"C{k}", alpha=0.5, histtype="stepfilled")
        else:
            ax.scatter(x_cm[y == k, j], x_cm[y == k, i], s=8, color=f"C{k}", label=name)
    if i == 3:
        ax.set_xlabel(features[j])
    if i == j:
        ax.set_yticks([])  # counts of flowers, not the row's feature
    elif j == 0:
        ax.set_ylabel(features[i])
    else:
        ax.tick_params(labelleft=False)  # the row's scale is on its first plot
axes[0, 3].legend(*axes[1, 0].get_legend_handles_labels(), loc="upper right")
plt.show()
# --8<-- [end:pairplot]

# --8<-- [start:separation]
for k, name in enumerate(species):
    petals = x_cm[y == k, 2]
    print(f"petal length of {name}: {petals.min():.1f} to {petals.max():.1f} cm")

x_scaled = iris.train.x  # the inputs the networks see
means = torch.stack([x_scaled[y == k].mean(dim=0) for k in range(3)])  # (3, 4): per species
print("flowers whose nearest species mean, in one plot, is their own:")
for a, b in itertools.combinations(range(4), 2):
    nearest = torch.cdist(x_scaled[:, [a, b]], means[:, [a, b]]).argmin(dim=1)  # (90,)
    print(f"  {features[a]} and {features[b]}: {(nearest == y).float().mean():.1%}")
# --8<-- [end:separation]
