"""An independent labelled credential corpus for the code scanner benchmark (see README.md)."""
