"""Outputs: charts, exports (CSV, XLSX, DOCX, Markdown, HTML) and exchange formats."""
