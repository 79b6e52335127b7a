"""The Textual face of the tutor: screens and widgets over the session engine and store.

The only package that imports Textual. `tutor.ui.app.create_app` builds the app from paths,
a clock and a random generator; nothing here opens a file at import time.
"""
