"""``isa-lint site``: a static website of a partnership's agreements, for people who do not run commands.

The pages reuse the reports: each agreement page is the HTML summary (with its one-page
overview), the index rows come from the register, and the reviews page and calendar from
``due``. What is new here is the navigation, the filters and the data-flow maps.
"""
