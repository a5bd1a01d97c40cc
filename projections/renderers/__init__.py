"""Renderers: read models in, files out (and workbooks back in). The only modules that import
Graphviz, openpyxl and matplotlib; the service calls them, the web layer never does."""
