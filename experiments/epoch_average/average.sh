#!/usr/bin/env bash
# rule.md's candidates: the uniform mean of epochs 11-15 of each run (S1, S2), and of all ten (RS, decision 2 only).
set -euo pipefail
for arm in SW1 SW2; do
  python scripts/average_weights.py --out runs/avg_$arm runs/sw_$arm/epoch_01{1,2,3,4,5}
done
