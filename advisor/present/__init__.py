"""Presentation: everything the advisor shows a person or a program.

Reasoning returns plain data; this package turns it into text (rich), Markdown or JSON. Every string
a person reads comes from one catalogue (`strings/*.toml`, read through :class:`Words`).
"""
