#!/usr/bin/env bash
# The arms of rule.md (K0, K1), rule2.md (K1b, K1c), rule3.md (P, P2), rule4.md (Q, Q2), rule5.md (V, V2)
# rule6.md (QL, Q2L) and rule7.md (QLL, Q2LL):
# bash experiments/k_edge_elnes/train.sh ARM
# (two side by side, one thread each; the same command resumes)
set -euo pipefail
. "$(dirname "$0")/../strong_edges/strings.sh"
K1DATA=',"strong_edge_probability":0.1,"elnes_k_edge_probability":0.5}'
PDATA=',"strong_edge_probability":0.1,"elnes_k_edge_probability":0.5,"elnes_k_pair_probability":1.0}'
WEIGHTS='{"C": 3, "O": 3, "N": 3}'
# every arm starts from stage 16: model_weights/ until e15b114 (the runs up to P2 used that path), weights/S16 since
# (a copy of model_weights/ at b2ec4be)
INIT="$(dirname "$0")/weights/S16"
LR=1e-4; MAXMIN=90  # the arms of rule6.md set their own
case "$1" in
  K0) SYN="$SYN"',"strong_edge_probability":0.1}'; SEED=301; EPOCHS=12;;
  K1) SYN="$SYN$K1DATA"; SEED=301; EPOCHS=12;;
  K1b) SYN="$SYN$K1DATA"; SEED=302; EPOCHS=8;;
  K1c) SYN="$SYN$K1DATA"; SEED=303; EPOCHS=8;;
  P) SYN="$SYN$PDATA"; SEED=301; EPOCHS=12;;
  P2) SYN="$SYN$PDATA"; SEED=302; EPOCHS=12;;
  Q|Q2) SYN="$SYN$PDATA"; SEED=$([ "$1" = Q ] && echo 301 || echo 302); EPOCHS=12
     WEIGHTS='{"C": 3, "O": 3, "N": 3, "K": 3}';;
  V|V2) SYN="$SYN$PDATA"; SEED=$([ "$1" = V ] && echo 301 || echo 302); EPOCHS=12
     WEIGHTS='{"C": 3, "O": 3, "N": 3, "K": 3, "Be": 3, "B": 3, "Na": 3, "Mg": 3, "Al": 3, "Si": 3}';;
  QL|Q2L) SYN="$SYN$PDATA"; WEIGHTS='{"C": 3, "O": 3, "N": 3, "K": 3}'; EPOCHS=24
     SEED=$([ "$1" = QL ] && echo 311 || echo 312); INIT="$(dirname "$0")/weights/$([ "$1" = QL ] && echo Q || echo Q2)"
     LR=5e-5; MAXMIN=600;;
  QLL|Q2LL) SYN="$SYN$PDATA"; WEIGHTS='{"C": 3, "O": 3, "N": 3, "K": 3}'; EPOCHS=12
     SEED=$([ "$1" = QLL ] && echo 321 || echo 322); INIT="$(dirname "$0")/weights/$([ "$1" = QLL ] && echo QL || echo Q2L)"
     LR=3e-5; MAXMIN=600;;
  *) exit 2;;
esac
GRID=50:1000:0.25,1000:2000:0.5,2000:4000:1
eels-edgeid train --on-the-fly --init-from "$INIT" --grid-segments $GRID --edge-head --edge-loss-weight 0.2 \
  --out runs/ke_$1 --epochs $EPOCHS --samples-per-epoch 20000 --n-validation 1000 --lr $LR --lr-schedule cosine \
  --seed $SEED --num-threads 1 --max-minutes $MAXMIN --no-progressbar --synthesis "$SYN" --synthesis-alternate "$ALT" \
  --element-weights "$WEIGHTS"
