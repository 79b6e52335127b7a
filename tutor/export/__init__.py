"""Evidence records: a session as Markdown, HTML, PDF, JSON or CSV."""
