#!/usr/bin/env bash
# rule.md's decision-1 scores: PD1 and PD2 with the decoder's prior off (prior_step 0; runs/pd_PDn_p0), by
# ../head_width/score.sh at 0.35 (its outputs moved to out/), and the by-prior score of arms and controls:
# bash experiments/prior_draws/score.sh
set -euo pipefail
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
here=experiments/prior_draws; mkdir -p $here/out
for arm in PD1 PD2; do
  mkdir -p runs/pd_${arm}_p0; cp runs/pd_$arm/edge_recognizer.safetensors runs/pd_${arm}_p0/
  python - runs/pd_$arm runs/pd_${arm}_p0 <<'PY'
import json, sys
d = json.load(open(sys.argv[1] + "/edge_recognizer.json"))
d["decoder"]["prior_step"] = 0.0
json.dump(d, open(sys.argv[2] + "/edge_recognizer.json", "w"), indent=1)
PY
  bash experiments/head_width/score.sh runs/pd_${arm}_p0 $arm
done
mv experiments/head_width/out/PD[12].* $here/out/
c=experiments/confusable_pairs/weights
python $here/by_prior.py runs/pd_PD1:0 runs/pd_PD2:0 $c/C0:1 $c/C0b:1 > $here/out/by_prior.txt 2>&1 &
python $here/by_prior.py runs/pd_PD1:1 runs/pd_PD2:1 > $here/out/by_prior_double.txt 2>&1
wait
echo done > $here/out/DONE
