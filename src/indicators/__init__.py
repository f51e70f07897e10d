"""治理指标看板: the pure core of the Governance Indicators Dashboard."""

__version__ = "0.1.0"
