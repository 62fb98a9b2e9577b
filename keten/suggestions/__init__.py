"""Suggestions from free text: identifiers, likely indicators and likely forms of exploitation.

The engine (``engine.suggest``) is plain Python on patterns, lexicons and the phonenumbers,
python-stdnum and snowballstemmer libraries; it runs on the server and sends nothing anywhere.
The Django part (``views``, the ``_suggestions.html`` partial, ``keten suggest_eval``) shows the
suggestions to people who may read the text. See docs/suggestions.md.
"""
