"""``python -m assess.sources``: print docs/permissions.md, generated from the declarations."""

import sys

from assess.sources import permissions_markdown

sys.stdout.write(permissions_markdown())
