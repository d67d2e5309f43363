"""Six 4 x 4 synthetic maps of Co beside O (physical ratios, lines 5-8 times their step) and six of Ba, Ti and O:
the elements written, metadata.EdgeID.line_ratio_suggests and the LineRatioWarning (seeds 0-5). Output: mapwarn.txt."""
import warnings
import hyperspy_eels_edgeid
from hyperspy_eels_edgeid.data import synthetic_eels
for seed in range(0, 6):
    s = synthetic_eels(["Co", "O"], navigation_shape=(4, 4), energy_axis=(472.0, 0.25, 2000), random_state=seed,
                       l23_branching="3d", m45_branching="4f", tall_white_line_probability=1.0, tall_white_line_strength=(5.0, 8.0))
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        p = s.identify_edges(show_progressbar=False)
    b = synthetic_eels(["Ba", "Ti", "O"], navigation_shape=(4, 4), energy_axis=(400.0, 0.25, 2400), random_state=seed,
                       l23_branching="3d", m45_branching="4f")
    with warnings.catch_warnings(record=True) as wb:
        warnings.simplefilter("always")
        q = b.identify_edges(show_progressbar=False)
    lw = [str(x.message)[:90] for x in w if "LineRatio" in type(x.message).__name__]
    lb = [str(x.message)[:90] for x in wb if "LineRatio" in type(x.message).__name__]
    print(seed, s.metadata.Sample.elements, p.metadata.EdgeID.line_ratio_suggests.as_dictionary(), lw, "|", b.metadata.Sample.elements, q.metadata.EdgeID.line_ratio_suggests.as_dictionary(), lb, flush=True)
