"""``python -m assess``: the same as the ``assess`` command."""

from assess.entry import main

raise SystemExit(main())
