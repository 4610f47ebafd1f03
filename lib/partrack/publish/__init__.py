"""Publishing: execute the notebooks with papermill, export HTML and PDF briefs, index and manifest."""
