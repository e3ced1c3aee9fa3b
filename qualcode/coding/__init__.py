"""Codebook rules compiled into a matcher, and the auto-coding engine."""
