"""The scoring engine: plain NumPy, SciPy and scikit-learn, no Django.

Arrays in, dataclasses out. ``matching.services`` turns the registries into these arrays and
stores what comes out.
"""
