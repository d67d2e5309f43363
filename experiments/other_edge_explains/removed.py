"""What `other_edge_explains` removes on synthetic spectra of the calibration seed, at the bundled threshold.
Runs at commit 199946f, where the decoder had the setting (reverted after).

The bundled decoder with and without the rule on the same network outputs (the evidence is read once, the decision
made twice): every element the rule takes away, true (labelled, PSNR >= 3) or false. Default synthesis and
`SynthesisConfig.realistic()`, 3,000 each, seed 20261202 (the calibration seed; no figure of the rule's adoption is
measured on it).

    python experiments/other_edge_explains/removed.py > experiments/other_edge_explains/removed.txt
"""

import collections
import dataclasses
import warnings

import numpy as np

from hyperspy_eels_edgeid.recognizer.decoder import ElementDecoder
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.recognizer.resampling import resample_batch
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.workflows.protocols import predict_batch

warnings.simplefilter("ignore")
rec = load_recognizer(device="cpu")
base = rec.decoder
settings = dataclasses.replace(base.settings, other_edge_explains=True)
rule = ElementDecoder(base.elements, base._principal, base.thresholds, settings, base.step_energy)

for name, config in (("default", SynthesisConfig()), ("realistic", SynthesisConfig.realistic())):
    rng = np.random.default_rng(20261202)
    removed = collections.Counter()
    kinds = collections.Counter()
    tally = {"before": [0, 0, 0], "after": [0, 0, 0]}  # tp, fp, fn
    for start in range(0, 3000, 250):
        b = synthesize_batch(250, config, rng)
        values, mask = resample_batch(b, rec.grid)
        truth, reported, _, pred = predict_batch(rec, b, rec.thresholds, (values, mask), 3.0, edge_support=True)
        decision = rule.decide_evidence(pred.evidence)
        hit = decision.reported(rec.thresholds) & decision.observable
        labels = b.edges[b.edges["is_label"]]
        for i in range(len(b)):
            rows = labels[labels["spectrum"] == i]
            weak = {str(e) for e, q in zip(rows["element"], rows["psnr"]) if q < 3.0} - truth[i]
            after = {rec.elements[k] for k in np.flatnonzero(hit[i])} - weak
            for key, got in (("before", reported[i]), ("after", after)):
                tally[key][0] += len(got & truth[i])
                tally[key][1] += len(got - truth[i])
                tally[key][2] += len(truth[i] - got)
            for e in reported[i] - after:
                j = decision.explained_by[i, rec.elements.index(e)]
                kind = "true" if e in truth[i] else "false"
                kinds[kind] += 1
                removed[(kind, e, rec.elements[j] if j >= 0 else "-")] += 1
            for e in after - reported[i]:
                kinds["added " + ("true" if e in truth[i] else "false")] += 1
    print(f"== {name}: 3,000 spectra, seed 20261202, threshold {float(np.max(rec.thresholds)):.2f}")
    for key, (tp, fp, fn) in tally.items():
        p, r = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
        print(f"  {key:6s} tp {tp} fp {fp} fn {fn}  precision {p:.4f} recall {r:.4f} (micro)")
    print(f"  removed: {dict(kinds)}")
    for (kind, element, by), count in removed.most_common():
        print(f"    {kind:5s} {element:3s} explained by {by:3s} x{count}")
