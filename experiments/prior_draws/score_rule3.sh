#!/usr/bin/env bash
# rule3.md's scores of RPD' (the uniform mean of PD3 and PD4, prior_step 0) as score_candidate.sh scores RPD, and the
# by-prior scores of RPD' (at its threshold) and stage 20 (bundled): bash experiments/prior_draws/score_rule3.sh
set -euo pipefail
here=experiments/prior_draws
bash $here/score_candidate.sh PD3 PD4 RPD2
OMP_NUM_THREADS=1 python $here/by_prior.py --own-threshold runs/pd_RPD2:0 model_weights:1 > $here/out/RPD2/by_prior.txt 2>&1
