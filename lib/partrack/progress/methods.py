"""Progress methods registered by name; each turns prepared series into statuses and figures."""

from partrack.registry import Registry

METHODS: Registry = Registry("progress method")
register_method = METHODS.register
