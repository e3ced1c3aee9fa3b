"""Batch coding: the per-file unit of work of streamed and distributed runs, and its cache."""
