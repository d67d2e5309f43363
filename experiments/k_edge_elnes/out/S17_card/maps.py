import warnings, logging
warnings.filterwarnings("ignore"); logging.disable(logging.WARNING)
import numpy as np, hyperspy_eels_edgeid as edgeid
for els, shape, seed in ((["Ti", "Ba", "O"], (32, 32), 1), (["Fe", "Ni", "O"], (64, 64), 0)):
    s = edgeid.data.synthetic_eels(els, navigation_shape=shape, random_state=seed)
    p = s.identify_edges(show_progressbar=False)
    el = list(p.metadata.EdgeID.elements)
    thr = np.asarray(p.metadata.EdgeID.thresholds)
    d = np.asarray(p.data).reshape(-1, len(el))
    frac = (d >= thr).mean(axis=0)
    print(els, shape, seed, "detected", p.detected_elements() if hasattr(p, "detected_elements") else "", {e: round(100 * f, 1) for e, f in zip(el, frac) if f > 0.002})
