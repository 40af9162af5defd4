"""Settings: base.py holds everything, read from the environment; the others are thin overlays."""
