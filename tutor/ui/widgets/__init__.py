"""Reusable widgets: chat bubbles, the answer box, feedback, the criteria panel, countdown."""
