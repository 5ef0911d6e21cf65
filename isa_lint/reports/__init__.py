"""Reports for partnership leads and families: summaries, a register, diffs, reminders, templates.

One module per job (:mod:`.summary`, :mod:`.register`, :mod:`.diff`, :mod:`.due`,
:mod:`.init`), the click commands in :mod:`.commands`, plain-English wording of the law in
:mod:`.wording`, and the escaping every output format relies on in :mod:`.escape`.

Every report is a pure function of its input files and the ``--today`` date: the same input
gives the same bytes. Text that came from an agreement is escaped for the format it lands in
(HTML by Jinja2's autoescaping, Markdown and Mermaid by :mod:`.escape`, CSV cells neutralised
against formula injection), so a hostile agreement cannot run anything in a browser, a
spreadsheet, a terminal or a pull-request comment.
"""
