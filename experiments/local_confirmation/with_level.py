"""Run a measurement script with the local check's level set (arm N20 of rule.md).

Usage: python with_level.py LEVEL SCRIPT [ARGS...]   (LEVEL "threshold": the package's default)
"""

import runpy
import sys

from hyperspy_eels_edgeid.hyperspy import local_check

level, script = sys.argv[1], sys.argv[2]
if level != "threshold":
    local_check.LOCAL_LEVEL = float(level)
sys.argv = [script, *sys.argv[3:]]
runpy.run_path(script, run_name="__main__")
