T0=$(date +%s)
python3 -m pip install --quiet --no-index --no-deps .device_wheels/*.whl > /dev/null 2>&1
B="python3 benchmarks/bench_identify.py --shape 256 256 --channels 2048 --device cuda --workdir /tmp/bench --cuda-workers 14 --out $OUT/bench.jsonl"
timeout 80 $B > $OUT/old.txt 2>&1; echo "[$(( $(date +%s) - T0 )) s] old (installed 0f47027): $(grep -o '"seconds": [0-9.]*' $OUT/old.txt)"
PYTHONPATH=$PWD timeout 40 $B > $OUT/new.txt 2>&1; echo "[$(( $(date +%s) - T0 )) s] new (tree): $(grep -o '"seconds": [0-9.]*' $OUT/new.txt)"
timeout 40 $B > $OUT/old2.txt 2>&1; echo "[$(( $(date +%s) - T0 )) s] old again: $(grep -o '"seconds": [0-9.]*' $OUT/old2.txt)"
PYTHONPATH=$PWD timeout 40 $B > $OUT/new2.txt 2>&1; echo "[$(( $(date +%s) - T0 )) s] new again: $(grep -o '"seconds": [0-9.]*' $OUT/new2.txt)"
PYTHONPATH=$PWD timeout 45 python3 -m pytest -q -p no:cacheprovider tests/hyperspy/test_identify.py -k cuda 2>&1 | tail -1
