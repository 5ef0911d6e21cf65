"""Word in and out: ``isa-lint import`` reads a .docx agreement into the v1 format, ``isa-lint
export`` writes an agreement as a Word document or PDF for the people who sign it.

:mod:`reader` opens Word files defensively, :mod:`importer` maps what it can recognise,
:mod:`fields` is the one vocabulary of labels both directions share, :mod:`model` builds the
document that :mod:`docx_writer` and :mod:`pdf_writer` render.
"""
