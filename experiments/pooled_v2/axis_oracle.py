"""Would the decoder gain from knowing each spectrum's axis shift and expansion? (diagnostic, an oracle)

The decoder orders the candidates for an edge by their posterior less a penalty for the distance between the
detected onset and the table's (`recognizer/decoder.py`, rule 3); synthetic spectra have their axis shifted by
up to 15 eV and stretched by up to 1.5 %. Here the residuals are corrected by each spectrum's true shift and
expansion (recorded E = E_true (1 + expansion) + shift, applied at the tabulated onset), which also moves the
onset the window-end rule judges, and the decision is made again from the same network evidence. 3,000 spectra
of the calibration seed (20261202), PSNR < 3 don't care, the bundled model and threshold.

Usage: python experiments/pooled_v2/axis_oracle.py default|realistic 3000
(the network's evidence is cached in /tmp/w/ev_<name>_<n>.pkl)
"""
import numpy as np, warnings, sys, pickle, os
warnings.simplefilter("ignore")
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.recognizer import decoder as dmod
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.workflows.protocols import predict_batch
from hyperspy_eels_edgeid.workflows.metrics import set_metrics
rec = load_recognizer(device="cpu")
name, n = sys.argv[1], int(sys.argv[2])
os.makedirs("/tmp/w", exist_ok=True)
cache = f"/tmp/w/ev_{name}_{n}.pkl"
if os.path.exists(cache):
    ev, truths, weak, params = pickle.load(open(cache, "rb"))
else:
    cfg = SynthesisConfig() if name == "default" else SynthesisConfig.realistic()
    rng = np.random.default_rng(20261202)
    evs, truths, weak, params = [], [], [], []
    for start in range(0, n, 250):
        b = synthesize_batch(min(250, n - start), cfg, rng)
        t, _, _, raw = predict_batch(rec, b, np.float32(2.0), min_psnr=3.0)
        evs.append(raw.evidence); truths += t
        lab = b.edges[b.edges["is_label"] & (b.edges["psnr"] < 3.0)]
        weak += [{str(e) for e in lab["element"][lab["spectrum"] == i]} for i in range(len(b))]
        params.append(np.stack([b.parameters["shift"], b.parameters["expansion"]], 1))
    ev = {k: np.concatenate([e[k] for e in evs]) for k in evs[0]}
    params = np.concatenate(params)
    pickle.dump((ev, truths, weak, params), open(cache, "wb"))

orig = dmod.ElementDecoder._nearest_and_residuals
MODE = {"corr": None}
def patched(self, onsets):
    nearest, res = orig(self, onsets)
    c = MODE["corr"]
    if c is not None:
        tab = np.take_along_axis(self.principal_table[None], nearest[..., None], axis=2)[..., 0]
        res = res - (c[:, 0:1] + c[:, 1:2] * tab)
    return nearest, res
dmod.ElementDecoder._nearest_and_residuals = patched

def score(corr, label):
    MODE["corr"] = corr
    pred = rec.decide(ev)
    hit = (pred.probabilities >= rec.thresholds) & pred.observable
    P = [{rec.elements[k] for k in np.flatnonzero(h)} - w for h, w in zip(hit, weak)]
    m = set_metrics(truths, P)
    print(f"{name} {label}: F1 {m['f1']:.4f} exact {m['exact']:.4f} P {m['precision']:.4f} R {m['recall']:.4f}", flush=True)
print(params.shape, getattr(params, "dtype", None))
score(None, "bundled")
score(params.astype(float), "oracle shift+expansion")
score(np.stack([params[:, 0], 0 * params[:, 1]], 1).astype(float), "oracle shift only")
