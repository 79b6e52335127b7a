"""The session engine: practice and assessment sessions, question choice, timers."""
