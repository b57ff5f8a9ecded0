"""The two kinds of cell the notebook scripts are written in: ``md(text)`` and ``code(text)``,
each a (kind, source) pair with the text dedented.

>>> code('''
...     print(1)
... ''')
('code', 'print(1)')
"""
import textwrap


def md(text):
    return ("markdown", textwrap.dedent(text).strip("\n"))


def code(text):
    return ("code", textwrap.dedent(text).strip("\n"))
