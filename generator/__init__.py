"""Case-law database generator: files -> validated records -> indexes -> rendered site.

The core never imports MkDocs; only :mod:`generator.mkdocs_plugin` does.
"""

__version__ = "0.1.0"
