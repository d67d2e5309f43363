#!/usr/bin/env bash
# rule3.md's scores of RPD' (the uniform mean of PD3 and PD4, prior_step 0), as score_candidate.sh scores RPD, and the
# by-prior scores of RPD' (at its threshold) and stage 20 (bundled): bash experiments/prior_draws/score_rule3.sh
set -euo pipefail
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
here=experiments/prior_draws; out=$here/out/RPD2; mkdir -p "$out"
python scripts/average_weights.py --out runs/pd_RPD2 runs/pd_PD3 runs/pd_PD4
python - runs/pd_RPD2 <<'PY'
import json, sys
path = sys.argv[1] + "/edge_recognizer.json"
d = json.load(open(path))
d["decoder"]["prior_step"] = 0.0
json.dump(d, open(path, "w"), indent=1)
PY
bash experiments/delayed_start/score.sh runs/pd_RPD2 "$out"
python experiments/spectrum_images/measure.py --model runs/pd_RPD2 --seeds 6000 6080 2>&1 | grep -v WARNING > "$out/maps_6000.txt" &
python experiments/spectrum_images/measure.py --model runs/pd_RPD2 --seeds 7000 7160 2>&1 | grep -v WARNING > "$out/maps_7000.txt"
wait
python $here/by_prior.py --own-threshold runs/pd_RPD2:0 model_weights:1 > "$out/by_prior.txt" 2>&1
echo done > "$out/DONE_candidate"
