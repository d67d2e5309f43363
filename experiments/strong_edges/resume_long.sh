#!/usr/bin/env bash
# Resume an arm of rule_long.md from its committed checkpoint: bash experiments/strong_edges/resume_long.sh A2|B2
set -euo pipefail
mkdir -p runs/sl_$1
cp experiments/strong_edges/long/$1/* runs/sl_$1/
bash experiments/strong_edges/train_long.sh $1
