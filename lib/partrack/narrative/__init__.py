"""Words for the numbers: formatting (Babel) and, later, paragraphs per language."""
