"""REFI-QDA interoperability: the Codebook (``.qdc``) and Project (``.qdpx``) exchange formats.

Small modules, one job each:

- :mod:`~qualcode.exchange.guids` deterministic GUIDs and GUID normalisation;
- :mod:`~qualcode.exchange.zipsafe` and :mod:`~qualcode.exchange.xmlsafe` reading untrusted
  archives and XML;
- :mod:`~qualcode.exchange.schema` validation against the bundled REFI-QDA schemas;
- :mod:`~qualcode.exchange.descriptions` the structured ``Description`` texts;
- :mod:`~qualcode.exchange.codes_out` and :mod:`~qualcode.exchange.codes_in` codes and
  dimensions to and from XML;
- :mod:`~qualcode.exchange.qdc` codebook export and import;
- :mod:`~qualcode.exchange.qdpx_write` and :mod:`~qualcode.exchange.qdpx_read` projects;
- :mod:`~qualcode.exchange.positions` selection offsets in UTF-16 units, CRLF and NFC;
- :mod:`~qualcode.exchange.importer` writing an imported project as plain files.

Nothing here is imported by ``import qualcode``; the public functions are reached lazily.
"""
