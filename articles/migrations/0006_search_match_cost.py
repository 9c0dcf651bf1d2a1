"""PostgreSQL only: the planner's cost of testing a stored search vector row by row.

``tsvector @@ tsquery`` (the function ts_match_vq) is declared with PostgreSQL's default cost
of 1 operator, as if it were a comparison of two integers. On the article list it tests the
stored ``search_vector`` of a row, several kilobytes compressed out of line: about 40 µs to
fetch and decompress, some 1,000 times what the planner assumes. With the default, a search for
a rare word walks the list's date index testing every article's vector (1,200 of them for 25
hits at 2% selectivity: 90 ms), and a count of a common word reads every vector in a sequential
scan (380 ms at 10,000 articles) instead of using the GIN index, which answers both without
reading a vector. COST 1000 is what it measures; the planner then uses the index for rare words
and still walks the date index for common ones (where 25 hits come after a few dozen rows).

The setting belongs to this database (the function is the catalog's); it is reverted with the
migration. Changing it needs a superuser (the function's owner): a deployment whose migrating role
is not one gets a warning with the statement for its DBA, and search stays correct, only slower.
"""

import sys

from django.db import DatabaseError, migrations, transaction

FUNCTION = "ts_match_vq(tsvector, tsquery)"


STATEMENT = f"ALTER FUNCTION {FUNCTION} COST 1000"


def raise_cost(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):  # a savepoint: a refusal leaves the rest intact
            schema_editor.execute(STATEMENT)
    except DatabaseError as err:
        sys.stderr.write(
            f"warning: could not set the cost of full-text matching ({err}); "
            f"ask a superuser to run: {STATEMENT};\n"
        )


def reset_cost(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER FUNCTION {FUNCTION} COST 1")


class Migration(migrations.Migration):
    dependencies = [("articles", "0005_admin_search")]
    operations = [migrations.RunPython(raise_cost, reset_cost, elidable=False)]
