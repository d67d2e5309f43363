"""rule_coarse2.md's design figures: spike removal on coarse channels (wider than 0.5 eV), no network.

On 3,000 default synthetic spectra (seed 777, not an evaluation seed), those with channels wider than
0.5 eV: the share whose spike-free spectrum `remove_spikes` changes at all (a false removal, mostly a
white line), and the share of one added spike (0.5-20x the signal, 30 % two channels, as measure.py)
taken back to within half its height, for each `coarse_height`.

Usage: python experiments/spikes/coarse_design.py
"""

import numpy as np

from hyperspy_eels_edgeid.recognizer.spikes import remove_spikes
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch

rng, spike_rng = np.random.default_rng(777), np.random.default_rng(778)
batches = [synthesize_batch(500, SynthesisConfig(), rng) for _ in range(6)]
spikes = []
for batch in batches:
    for i in range(len(batch)):
        e = batch.energy_axis(i)
        c = spike_rng.integers(5, e.size - 6)
        a = np.exp(spike_rng.uniform(np.log(0.5), np.log(20)))
        spikes.append(([c, c + 1] if spike_rng.random() < 0.3 else [c], a))
for height in (None, 4.0, 2.0, 1.0, 0.5, 0.0):
    n = changed = caught = 0
    k = -1
    for batch in batches:
        for i in range(len(batch)):
            k += 1
            e = batch.energy_axis(i)
            if np.median(np.diff(e)) <= 0.5:
                continue
            y = batch.spectra[i, : e.size].astype(float)
            n += 1
            changed += bool((remove_spikes(e, y[None], coarse_height=height)[0] != y).any())
            cols, a = spikes[k]
            spiked = y.copy()
            spiked[cols] += a * abs(y[cols[0]])
            out = remove_spikes(e, spiked[None], coarse_height=height)[0]
            caught += bool(np.all(np.abs(out[cols] - y[cols]) < 0.5 * a * abs(y[cols[0]])))
    print(f"coarse_height {height}: {n} coarse spectra; spike-free changed {changed / n:.3f}; one spike removed {caught / n:.3f}")
