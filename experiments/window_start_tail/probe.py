"""A strong K edge just below the window's start: does its post-edge structure read as another element? (diagnostic)

For each light element X (B, C, N, O), and for h-BN (B K below the start, N K inside), 20 spectra of X alone (`synthetic_eels([X])`, jump ratio 3,
`SynthesisConfig(elnes_families=True, elnes_k_pair_probability=1.0)`: π*/σ* and oxide peaks as real K edges show
them; seeds 60300-60319) are drawn at 0.5 eV per channel from 60 eV below X's K onset, then cut so that the window
starts 5, 15, 25, 35 or 45 eV after the onset (`s.isig[start:]`), and read by `identify_edges` as a user would
(single spectrum: the single-spectrum ensemble, shift search on). Counted: elements not drawn reported, and X
itself (an edge before the window's start is not judged, so X reported means the search moved the axis or X had
another edge in the window).

    python experiments/window_start_tail/probe.py > experiments/window_start_tail/out.txt
"""

import collections
import warnings

import hyperspy_eels_edgeid as edgeid
from hyperspy_eels_edgeid.edges import edge_groups_of
from hyperspy_eels_edgeid.hyperspy.data import synthetic_eels
from hyperspy_eels_edgeid.synthesis import SynthesisConfig

warnings.simplefilter("ignore")
CONFIG = SynthesisConfig(elnes_families=True, elnes_k_pair_probability=1.0)
SEEDS = range(60300, 60320)
AFTER = (5.0, 15.0, 25.0, 35.0, 45.0)
print(f"reported elements (of {len(SEEDS)} spectra per row), the window starting this far after X's K onset")
for element, partner in (("B", None), ("C", None), ("N", None), ("O", None), ("B", "N")):
    onset = next(g.onset for g in edge_groups_of(element) if g.name == "K")
    present = [element] + ([partner] if partner else [])
    spectra = [synthetic_eels(present, atomic_ratios=dict.fromkeys(present, 1), jump_ratios=dict.fromkeys(present, 3.0),
                              energy_axis=(onset - 60.0, 0.5, 1200), random_state=seed, config=CONFIG)
               for seed in SEEDS]  # fmt: skip
    for after in AFTER:
        counts = collections.Counter()
        for s in spectra:
            cut = s.isig[onset + after :]
            del cut.metadata.Truth
            counts.update(edgeid.identify_edges(cut, add_elements=False, show_progressbar=False).elements)
        false = {e: n for e, n in counts.most_common() if e not in present}
        print(f"{'+'.join(present)}: {element} K {onset:6.1f} eV, start +{after:4.0f} eV: false elements "
              f"{sum(false.values()) if false else 0:2d} (counts {false}); {element} reported in {counts[element]}" + (f", {partner} in {counts[partner]}" if partner else ""),
              flush=True)  # fmt: skip
