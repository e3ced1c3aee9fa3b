"""The project store: human codings, review decisions and their history."""
