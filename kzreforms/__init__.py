"""kzreforms: what Kazakhstan's political reforms since 2019 changed, before and after."""

__version__ = "0.2.0"
