"""The thin MkDocs plugin: wires MkDocs events to the generator's functions."""
