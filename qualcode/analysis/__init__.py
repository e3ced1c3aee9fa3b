"""Pure analysis functions: codings and segments tables in, pandas DataFrames out."""
