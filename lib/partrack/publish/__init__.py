"""Publishing: execute the notebooks with papermill, export HTML and PDF briefs, index and manifest.

nbformat validates notebooks with jsonschema, which builds an IRI grammar with lark when it is imported if
rfc3987-syntax is installed (JupyterLab's dependencies bring it): 1.4 s in every process that reads or writes
a notebook (the run, each worker). No notebook schema checks an IRI, so that optional checker is left out here.
"""

import sys

sys.modules.setdefault("rfc3987_syntax", None)  # None: "import rfc3987_syntax" fails, jsonschema skips the checker
