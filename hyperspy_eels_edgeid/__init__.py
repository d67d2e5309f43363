"""Automatic identification of EELS core-loss edges."""
__version__ = "0.1.0"
