"""The dev spectra whose answers differ between stage 20 and LF, at 0.35 and 0.60: false and missed elements with
their probabilities.  python experiments/long_frozen/dev_diff.py > experiments/long_frozen/dev_diff.txt"""
import warnings; warnings.filterwarnings("ignore")
import numpy as np
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.workflows.real_spectra import real_predictions, REAL_DEV_DIR
res = {}
for name, path in [("s20", "model_weights"), ("LF", "experiments/long_frozen/weights/LF")]:
    rec = load_recognizer(path, device="cpu")
    res[name] = (rec, real_predictions(rec, REAL_DEV_DIR, False))
for thr in (0.35, 0.6):
    print("threshold", thr)
    for i in range(len(res["s20"][1])):
        line = []
        for name in ("s20", "LF"):
            rec, pr = res[name]
            r = pr[i]
            p = {rec.elements[k]: round(float(r["probabilities"][k]), 2) for k in np.flatnonzero(r["probabilities"] >= thr)}
            false = {e: v for e, v in p.items() if e not in r["truth"] and e not in r["dont_care"]}
            miss = sorted(r["truth"] - set(p))
            line.append(f"{name}: false {false} miss {miss}")
        if any("false {}" not in l or "miss []" not in l for l in line):
            print(f"  {r['id'][:40]:40s} truth {sorted(r['truth'])}", " | ".join(line))
