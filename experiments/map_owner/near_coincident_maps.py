"""The user guide's near-coincident map examples, with the bundled model and identify_edges' defaults.

A 32 x 32 Ti/Ba/O map (`random_state=1`; Ba M5 781 eV beside Co L3 779 eV) and a 64 x 64 Fe/Ni/O map
(`random_state=0`; Ni L3 855 eV beside La M4 849 eV) from `synthetic_eels`: what is written into
`Sample.elements`, what would be without one owner per edge, and the other elements shown in over 0.3 % of the
pixels.

    python experiments/map_owner/near_coincident_maps.py > experiments/map_owner/near_coincident_maps.txt
"""

import warnings

from hyperspy_eels_edgeid.data import synthetic_eels

warnings.filterwarnings("ignore")
for elements, shape, seed in ((["Ti", "Ba", "O"], (32, 32), 1), (["Fe", "Ni", "O"], (64, 64), 0)):
    s = synthetic_eels(elements, navigation_shape=shape, random_state=seed)
    p = s.identify_edges(show_progressbar=False)
    shown = sorted(((v, e) for e, v in p.pixel_fractions().items() if v > 0.003 and e not in elements), reverse=True)
    print(f"{'/'.join(elements)} {shape} random_state={seed}: written {s.metadata.Sample.elements}; without one owner "
          f"per edge {p.detected_elements(one_owner_per_edge=False)}; others shown (% of pixels): "
          f"{[(e, round(100 * v, 1)) for v, e in shown]}")
