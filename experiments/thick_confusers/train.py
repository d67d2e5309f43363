"""`eels-edgeid train` with confuser batches: a fifth of the training batches hold thick light-K oxides or thin
compounds of the heavier elements whose L2,3 (M4,5) edges their plural-scattering replicas imitate.

An experiment, not a package option (nothing is bundled from it this session; `rule.md`): this script patches
`OnTheFlySource` so that training batch j is a confuser batch where floor((j + 1) f) > floor(j f) (f = 0.2, evenly
spaced and the same in every epoch), taking the two confuser configurations in turn; each is the run's `--synthesis`
configuration with the overrides below.  Validation batches are not changed.  All other options are
`eels-edgeid train`'s, so `experiments/stage20_finetune.sh` runs it with `TRAIN="python experiments/thick_confusers/
train.py"` (`train.sh`); resumed by the same command.  With ``CONFUSER_SET=X3`` the second configuration
draws every element whose principal edge lies within 130 eV of a Na-Si K edge (exspy's table) instead; with
``CONFUSER_SET=X4`` both configurations draw Na-Si and those neighbours (thick and thin spectra of one element set).
"""
import os
import sys

from hyperspy_eels_edgeid.edges import all_edge_groups
from hyperspy_eels_edgeid.synthesis import SynthesisConfig
from hyperspy_eels_edgeid.workflows import training, training_data

FRACTION = 0.2
CONFUSERS = (
    # thick light-K oxides: Na-Si K edges with their plural-scattering replica, O K beside them
    {"candidate_elements": ["Na", "Mg", "Al", "Si", "O"], "thickness": [0.6, 2.0], "window_start": [300.0, 1500.0],
     "n_elements_probabilities": [0.0, 0.35, 0.4, 0.25], "extra_element_probability": {"O": 0.5}},
    # thin compounds of the elements the replicas imitate (4p L2,3 edges, W M4,5), O beside them
    {"candidate_elements": ["Ga", "Ge", "As", "Se", "Br", "Kr", "Rb", "Sr", "Ta", "W", "O"], "thickness": [0.0, 0.5],
     "window_start": [300.0, 1700.0], "n_elements_probabilities": [0.0, 0.35, 0.4, 0.25],
     "extra_element_probability": {"O": 0.5}},
)
if os.environ.get("CONFUSER_SET") in ("X3", "X4"):  # rule.md's X3: every neighbour of the Na-Si K edges, thin
    LIGHT_K = {g.element: g.onset for g in all_edge_groups() if g.element in ("Na", "Mg", "Al", "Si") and g.name == "K"}
    NEIGHBOURS = sorted({g.element for g in all_edge_groups() if g.principal and g.element not in LIGHT_K
                         and any(abs(g.onset - onset) <= 130.0 for onset in LIGHT_K.values())})
    CONFUSERS = (CONFUSERS[0], {**CONFUSERS[1], "candidate_elements": [*NEIGHBOURS, "O"]})
if os.environ.get("CONFUSER_SET") == "X4":  # rule.md's X4: the same elements on both sides, thick and thin
    CONFUSERS = tuple({**c, "candidate_elements": [*LIGHT_K, *NEIGHBOURS, "O"]} for c in CONFUSERS)
_init, _tasks = training_data.OnTheFlySource.__init__, training_data.OnTheFlySource._tasks


def __init__(self, cfg, stride, n_steps):
    _init(self, cfg, stride, n_steps)
    base = SynthesisConfig().replace(**cfg.synthesis) if cfg.synthesis else SynthesisConfig()
    self.confusers = tuple(base.replace(**overrides).to_json() for overrides in CONFUSERS)


def _confuser_tasks(self, seed, n, batch_size, alternate):
    for j, task in enumerate(_tasks(self, seed, n, batch_size, alternate)):
        if alternate and int((j + 1) * FRACTION) > int(j * FRACTION):
            task = (self.confusers[int(j * FRACTION) % len(self.confusers)], *task[1:])
        yield task


training_data.OnTheFlySource.__init__ = __init__
training_data.OnTheFlySource._tasks = _confuser_tasks

if __name__ == "__main__":
    sys.exit(training.main(sys.argv[1:]))
