"""The commands of the ``assess`` CLI that live outside ``assess.cli``: each parses its options,
calls the pipeline (``assess.run``) and prints."""
