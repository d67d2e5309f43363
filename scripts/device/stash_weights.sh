#!/usr/bin/env bash
# Run HERE, around a device call: the tracked tree (about 58 MB, 38 MB of it the experiments' weights) plus
# .device_wheels (30 MB with the package's own wheel) is over the 64 MiB a call carries.
#   bash scripts/device/stash_weights.sh out    # before run(...): experiments/*/weights/*.safetensors -> /tmp
#   bash scripts/device/stash_weights.sh back   # after it: restored, byte for byte (git status clean again)
# Never commit between the two: the weights would be committed as deleted.
set -euo pipefail
cd "$(dirname "$0")/../.."
stash=/tmp/edgeid_weights_stash.tar
case "${1:-}" in
  out)
    git ls-files experiments | grep '\.safetensors$' > /tmp/edgeid_weights_stash.list
    tar cf "$stash" -T /tmp/edgeid_weights_stash.list
    xargs rm -f < /tmp/edgeid_weights_stash.list
    echo "stashed $(wc -l < /tmp/edgeid_weights_stash.list) files in $stash; tree now $(git ls-files -z | xargs -0 du -cb 2>/dev/null | tail -1 | cut -f1) bytes" ;;
  back)
    tar xf "$stash"
    git diff --quiet -- experiments && echo "restored; experiments/ as committed" ;;
  *) echo "usage: $0 out|back" >&2; exit 2 ;;
esac
