#!/usr/bin/env bash
# Near-coincident protocol of rule.md (the block of ../branching/score.sh, ratios by 4f only):
# bash experiments/branching_s18/score_conf.sh MODEL OUT
set -euo pipefail
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
mkdir -p "$2"
python - "$1" "$2" <<'PY'
import json, sys
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig
from hyperspy_eels_edgeid.workflows.protocols import evaluate_confusions
rec = load_recognizer(sys.argv[1], device="cpu")
res = evaluate_confusions(rec, 100, 7, config=SynthesisConfig(m45_branching="4f"))
json.dump(res, open(sys.argv[2] + "/confusions.json", "w"), indent=1)
print({e: (v["recall"], v["reported_as"]) for e, v in res.items() if e in ("Co", "Ba", "Ni", "La", "Cu", "Pr")})
PY
