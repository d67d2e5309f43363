#!/usr/bin/env bash
# The card's spike, artefact, probe and 4d-oxide figures with the bundled window-end margins (second part of measure.sh)
set -uo pipefail
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
out=experiments/card_margins
run() { local name=$1; shift; echo "$(date -u +%H:%M:%S) start $name" >> $out/times.txt
        "$@" 2>&1 | grep -v -i "warning" > $out/$name.txt; echo "$(date -u +%H:%M:%S) end $name" >> $out/times.txt; }
(
run spikes python experiments/spikes/measure.py --n 1000
run spikes_despike python experiments/spikes/measure.py --n 1000 --despike
run dev_spikes python experiments/spikes/dev_spikes.py
) &
(
run dev_spikes_despike python experiments/spikes/dev_spikes.py --despike
run artefacts python experiments/artefacts/measure.py --n 1000
run m23_probe python experiments/m23_white_lines/probe.py --model model_weights
run realistic_thick_false python experiments/thick_specimens/false_elements.py model_weights
) &
wait
echo done > $out/DONE2
