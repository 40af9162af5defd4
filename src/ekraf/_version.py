"""Engine version, recorded in every manifest."""

__version__ = "0.2.0"
