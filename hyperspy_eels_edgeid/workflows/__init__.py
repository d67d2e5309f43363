"""Workflows on top of the package: training, evaluation, calibration, demo and the ``eels-edgeid`` CLI.

Nothing in the package imports this subpackage.
"""
