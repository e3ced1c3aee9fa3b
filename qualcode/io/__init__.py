"""Readers: transcripts and documents by file type, cases tables, codebooks."""
