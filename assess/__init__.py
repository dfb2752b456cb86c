"""waf-assess: evidence-based assessment of Azure application secret protection (WAF SE:09).

The public surface is small: the command line (``assess``), the check-writing API in
:mod:`assess.checkapi` for third-party checks, and the data models in :mod:`assess.model` and
:mod:`assess.snapshot`. Everything else is internal.
"""

__version__ = "0.1.0"
