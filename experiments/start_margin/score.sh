#!/usr/bin/env bash
# rule.md's scoring: bash experiments/start_margin/score.sh runs/sm_A experiments/start_margin/out/A
# (../delayed_start/score.sh: calibrate, evaluate, realistic, narrow windows, probes, the 80 maps of seeds 5000-5079)
set -euo pipefail
bash experiments/delayed_start/score.sh "$@"
