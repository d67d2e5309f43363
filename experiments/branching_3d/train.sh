#!/usr/bin/env bash
# rule.md's arms, one CPU thread each: bash experiments/branching_3d/train.sh B1 (seed 601) | B2 (seed 602)
set -euo pipefail
case "${1:-B1}" in B1) SEED=601;; B2) SEED=602;; *) exit 2;; esac
EXTRA_SYN='"l23_branching":"3d","m45_branching":"4f"' bash "$(dirname "$0")/../stage20_finetune.sh" runs/b3d_$1 $SEED
