"""The inbox at national scale: its orders read from indexes, its search from word indexes.

Built and dropped CONCURRENTLY on PostgreSQL — registration goes on while they build (about
a minute each on ten million appeals) — hence not atomic; SQLite, which has no such thing
and needs none at its size, builds them plainly. The word indexes are PostgreSQL's own: GIN
over the words of the text folded as `esep.lib.folding.word_vector_sql` folds it (its
translate() table frozen here) — for the text, over its words kept in a column of their own
that only PostgreSQL has (`text_words`); SQLite searches without them."""

from django.db import migrations, models

FOLD_FROM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯЀЁЂЃЄЅІЇЈЉЊЋЌЍЎЏӘҒҚҢӨҰҮҺёѐàáâãäåÀÁÂÃÄÅçÇèéêëÈÉÊËìíîïÌÍÎÏñÑòóôõöÒÓÔÕÖùúûüÙÚÛÜýÿÝ̀́̈'
FOLD_TO = 'abcdefghijklmnopqrstuvwxyzабвгдежзийклмнопрстуфхцчшщъыьэюяееђѓєѕіїјљњћќѝўџәғқңөұүһееaaaaaaaaaaaacceeeeeeeeiiiiiiiinnoooooooooouuuuuuuuyyy'


def word_vector(column):
    source, target = FOLD_FROM.replace("'", "''"), FOLD_TO.replace("'", "''")
    return f"to_tsvector('simple'::regconfig, translate(({column})::text, '{source}', '{target}'))"


def on_postgres(schema_editor):
    return schema_editor.connection.vendor == "postgresql"


class AddIndexConcurrently(migrations.AddIndex):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = to_state.apps.get_model(app_label, self.model_name)
        schema_editor.add_index(model, self.index, **concurrently(schema_editor))

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        model = from_state.apps.get_model(app_label, self.model_name)
        schema_editor.remove_index(model, self.index, **concurrently(schema_editor))


class RemoveIndexConcurrently(migrations.RemoveIndex):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = from_state.apps.get_model(app_label, self.model_name)
        index = from_state.models[app_label, self.model_name_lower].get_index_by_name(self.name)
        schema_editor.remove_index(model, index, **concurrently(schema_editor))

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        model = to_state.apps.get_model(app_label, self.model_name)
        index = to_state.models[app_label, self.model_name_lower].get_index_by_name(self.name)
        schema_editor.add_index(model, index, **concurrently(schema_editor))


def concurrently(schema_editor):
    return {"concurrently": True} if on_postgres(schema_editor) else {}


class OnPostgres(migrations.RunSQL):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if on_postgres(schema_editor):
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if on_postgres(schema_editor):
            super().database_backwards(app_label, schema_editor, from_state, to_state)

OPEN_FIRST = models.Case(
    models.When(models.Q(("status__in", ["registered", "assigned", "in_progress"])), then=models.Value(0)),
    default=models.Value(1),
)
NAMES = "applicant_surname || ' ' || applicant_given_name || ' ' || applicant_patronymic"


def word_index(name, text):
    return OnPostgres(
        f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} ON appeals_appeal"
        f" USING gin ({word_vector(text)})",
        f"DROP INDEX CONCURRENTLY IF EXISTS {name}",
    )


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("appeals", "0010_contact_digests"),
    ]

    operations = [
        RemoveIndexConcurrently(model_name="appeal", name="appeal_inbox_idx"),
        RemoveIndexConcurrently(model_name="appeal", name="appeal_registered_idx"),
        AddIndexConcurrently(
            model_name="appeal",
            index=models.Index(OPEN_FIRST, models.F("due_on"), models.F("id"), name="appeal_open_first_idx"),
        ),
        AddIndexConcurrently(
            model_name="appeal",
            index=models.Index(
                models.F("branch"), OPEN_FIRST, models.F("due_on"), models.F("id"), name="appeal_branch_open_first_idx"
            ),
        ),
        AddIndexConcurrently(
            model_name="appeal",
            index=models.Index(fields=["registered_on", "id"], name="appeal_registered_id_idx"),
        ),
        AddIndexConcurrently(
            model_name="appeal",
            index=models.Index(fields=["territory", "registered_on", "id"], name="appeal_territory_day_idx"),
        ),
        # The text's words kept beside it (PostgreSQL computes them on every write), so a
        # row is checked against a search without folding its text again, and indexed.
        # Adding a stored column rewrites the table: minutes on ten million appeals, during
        # which registration waits.
        OnPostgres(
            f"ALTER TABLE appeals_appeal ADD COLUMN text_words tsvector"
            f" GENERATED ALWAYS AS ({word_vector('text')}) STORED",
            "ALTER TABLE appeals_appeal DROP COLUMN text_words",
        ),
        OnPostgres(
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS appeal_text_words_idx ON appeals_appeal"
            " USING gin (text_words)",
            "DROP INDEX CONCURRENTLY IF EXISTS appeal_text_words_idx",
        ),
        word_index("appeal_applicant_words_idx", NAMES),
    ]
