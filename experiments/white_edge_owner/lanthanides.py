"""Safety probe: lanthanide-like white lines (La, Ba, Ce, Pr, Cs beside O, 480-980 eV, seeds 700-719; with the
argument 4f, physical M5/M4 ratios): does the white-edge rule name a 3d metal there? Usage: python lanthanides.py [4f]"""
import warnings; warnings.filterwarnings('ignore')
import logging; logging.getLogger('hyperspy').setLevel(logging.ERROR)
import collections, sys
from hyperspy_eels_edgeid.data import synthetic_eels
for el in ("La", "Ba", "Ce", "Pr", "Cs"):
    for tall in (False,):
        false = collections.Counter(); owned = collections.Counter(); exact = 0
        for seed in range(700, 720):
            s = synthetic_eels([el, "O"], energy_axis=(480.0, 0.25, 2000), random_state=seed, **({"m45_branching": "4f"} if len(sys.argv) > 1 else {}))
            t = s.identify_edges(show_progressbar=False)
            got = set(s.metadata.Sample.elements)
            exact += got == {el, "O"}
            false.update(got - {el, "O"})
            owned.update(t.probabilities.metadata.EdgeID.get_item("white_edge_owned", []))
        print(el, "exact", exact, "/20 false", dict(false), "white-edge owned", dict(owned), flush=True)
