"""Source and build-artifact scanning for hard-coded secrets (SE:09 item 4).

``scan.scan_paths`` is the entry point: it walks paths (``walker``), opens archives
(``archives``), decodes text (``textdecode``), runs the detector (``detector``) and records
only redacted findings (``model``). ``githistory`` adds every blob of a repository's history,
``evidence`` looks for a scanner that runs before code lands, ``imports`` reads other scanners'
reports. No secret value leaves the worker process that found it.
"""
