"""Engine version, recorded in every manifest."""

__version__ = "0.3.0"
