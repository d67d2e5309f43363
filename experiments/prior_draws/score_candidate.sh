#!/usr/bin/env bash
# rule2.md's scores of RPD (the uniform mean of PD1 and PD2, prior_step 0 in its JSON): ../delayed_start/score.sh
# (calibrate sets its threshold; synthetic, realistic(), narrow windows and map twins, probes, maps 5000-5079), the
# maps of seeds 6000-6079 and 7000-7159: bash experiments/prior_draws/score_candidate.sh [ARM ARM NAME]
# (score_rule3.sh: PD3 PD4 RPD2)
set -euo pipefail
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
a=${1:-PD1}; b=${2:-PD2}; name=${3:-RPD}
here=experiments/prior_draws; out=$here/out/$name; model=runs/pd_$name; mkdir -p "$out"
python scripts/average_weights.py --out $model runs/pd_$a runs/pd_$b
python - $model <<'PY'
import json, sys
path = sys.argv[1] + "/edge_recognizer.json"
d = json.load(open(path))
d["decoder"]["prior_step"] = 0.0
json.dump(d, open(path, "w"), indent=1)
PY
bash experiments/delayed_start/score.sh $model "$out"
python experiments/spectrum_images/measure.py --model $model --seeds 6000 6080 2>&1 | grep -v WARNING > "$out/maps_6000.txt" &
python experiments/spectrum_images/measure.py --model $model --seeds 7000 7160 2>&1 | grep -v WARNING > "$out/maps_7000.txt"
wait
echo done > "$out/DONE_candidate"
