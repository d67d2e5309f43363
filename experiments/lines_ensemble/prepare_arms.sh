#!/usr/bin/env bash
# The two arms of rule.md as worktrees of HEAD: /tmp/armE3 (as bundled) and /tmp/armE3W, whose single-spectrum
# ensemble is (RW, BMW, TW); run from the repository root after TW has ended (weights/TW):
#   bash experiments/lines_ensemble/prepare_arms.sh
set -euo pipefail
for a in E3 E3W; do rm -rf /tmp/arm$a; git worktree prune; git worktree add -q /tmp/arm$a HEAD; done
M=/tmp/armE3W/model_weights
python scripts/average_weights.py --out $M/m23 experiments/m23_white_lines/weights/W1 experiments/m23_white_lines/weights/W2
python scripts/average_weights.py --out $M/branching_lines experiments/lines_ensemble/weights/BW1 experiments/lines_ensemble/weights/BW2
mkdir -p $M/thick_lines && cp experiments/lines_ensemble/weights/TW/edge_recognizer.* $M/thick_lines/
python - <<'PY'
import json
main = json.load(open("model_weights/edge_recognizer.json"))
for d in ("m23", "branching_lines", "thick_lines"):  # the main model's decoder and thresholds, each member's own weights
    path = f"/tmp/armE3W/model_weights/{d}/edge_recognizer.json"
    own = json.load(open(path))
    json.dump({**main, **{k: own[k] for k in ("weights_sha256", "training_stages", "train_config") if k in own}}, open(path, "w"), indent=1)
p = "/tmp/armE3W/hyperspy_eels_edgeid/hyperspy/training_conditions.py"
t = open(p).read()
old = "    return None, (None if branching is None else str(branching)), str(model_files.thick_weights_dir())\n"
assert old in t
new = ('    root = model_files.default_weights_dir()  # arm E3W (experiments/lines_ensemble/rule.md)\n'
       '    return str(root / "m23"), str(root / "branching_lines"), str(root / "thick_lines")\n')
open(p, "w").write(t.replace(old, new))
PY
