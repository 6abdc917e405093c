"""Fact tables of the store: their columns, DuckDB types and replacement rule.

Every accepted import writes one Parquet file per table it feeds. Three technical
columns are added to each row: `_import_id`, `_seq` (the import's sequence number,
increasing) and `_territory` (the territory the import was declared for).

`replace_by` is the unit of replacement: for each value of that SQL expression, only
the rows of the newest active import are visible. A monthly job-seeker file therefore
replaces the months it covers commune by commune, while a PLIE or Mission Locale
export (a full extraction of the tracking software) replaces the previous extraction
of the same territory as a whole.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: dict[str, str]
    replace_by: str
    personal: tuple[str, ...] = field(default=())
    # columns added after files were written (the events' « role »): NULL in older files
    # (data/store.py: `_add_missing_columns`) and in a frame that lacks them
    optional: tuple[str, ...] = field(default=())
    # what a re-import says it replaces (data/store.py `_replaced_rows`, wording/
    # import_outcome.py): the SQL expression of the period a row describes (the year of an
    # event, the month of clause hours), and a column whose sum is the table's own quantity
    # (the clause hours); empty: the import says only which imports it replaces
    period: str = ""
    measure: str = ""

    @property
    def all_columns(self) -> dict[str, str]:
        return {**self.columns, **TECHNICAL_COLUMNS}


TECHNICAL_COLUMNS = {"_import_id": "VARCHAR", "_seq": "BIGINT", "_territory": "VARCHAR"}

TABLES: dict[str, Table] = {
    t.name: t
    for t in [
        Table(
            "job_seekers",
            "Demandeurs d'emploi en fin de mois par commune, catégorie, sexe, âge et ancienneté",
            # A row is a detail cell or a published margin (ingest/grain.py): `ABC` and
            # `total` mean the whole dimension. Margins are never summed with detail: the
            # queries take, per commune and month, the rows that answer each figure.
            # NULL in a dimension (imports made before margins were stored) reads as its
            # margin: `coalesce(category, 'ABC')`, `coalesce(sex, 'total')`…
            {
                # first day of the month the stock refers to (end of month); a quarter is
                # stored at its last month (2024-T4 -> 2024-12-01)
                "month": "DATE",
                "code_insee": "VARCHAR",
                "category": "VARCHAR",  # A, B, C; ABC = A, B and C together
                "sex": "VARCHAR",  # F, H; total
                "age_band": "VARCHAR",  # moins_25, 25_49, 50_plus; total
                "duration_band": "VARCHAR",  # moins_12m, 12_23m, 24m_plus; total
                "count": "INTEGER",  # NULL = statistical secret in the source, never 0
            },
            replace_by="code_insee, month",
            period="month",
        ),
        Table(
            "plie_participants",
            "Parcours PLIE: un parcours par ligne (entrée, sortie, profil à l'entrée)",
            {
                "person_key": "VARCHAR",  # pseudonymised participant id
                "code_insee": "VARCHAR",
                "qpv_code": "VARCHAR",  # NULL: not in a QPV; 'inconnu': answer unknown
                "sex": "VARCHAR",
                "age_at_entry": "SMALLINT",
                "rsa": "BOOLEAN",  # RSA recipient at entry
                "education_level": "SMALLINT",  # nomenclature 2019: 2 none .. 3 CAP/BEP .. 4 bac .. 8
                "prescriber": "VARCHAR",
                "entry_date": "DATE",
                "exit_date": "DATE",
                "exit_kind": "VARCHAR",  # positive, neutre, autre (NULL while in pathway)
                "exit_reason": "VARCHAR",
            },
            replace_by="_territory",
            personal=("person_key",),
        ),
        Table(
            "plie_steps",
            "Étapes de parcours PLIE (emploi, formation, mobilisation, social)",
            {
                "person_key": "VARCHAR",
                "family": "VARCHAR",  # emploi, formation, mobilisation, social
                "step_type": "VARCHAR",
                "start_date": "DATE",
                "end_date": "DATE",
                "qualifying": "BOOLEAN",  # training leading to a diploma or title
            },
            replace_by="_territory",
            personal=("person_key",),
        ),
        Table(
            "ml_young",
            "Jeunes suivis par la Mission Locale (une ligne par jeune)",
            {
                "person_key": "VARCHAR",
                "code_insee": "VARCHAR",
                "qpv_code": "VARCHAR",  # as plie_participants.qpv_code
                "sex": "VARCHAR",
                "age_at_registration": "SMALLINT",
                "education_level": "SMALLINT",
                "registration_date": "DATE",  # first reception (premier accueil)
            },
            replace_by="_territory",
            personal=("person_key",),
        ),
        Table(
            "ml_contacts",
            "Contacts avec les jeunes (entretiens, ateliers, téléphone, courriel, SMS)",
            {
                "person_key": "VARCHAR",
                "contact_date": "DATE",
                "contact_type": "VARCHAR",  # entretien, atelier, telephone, courriel, sms, autre
            },
            replace_by="_territory",
            personal=("person_key",),
        ),
        Table(
            "ml_programmes",
            "Entrées et sorties des jeunes en CEJ et PACEA",
            {
                "person_key": "VARCHAR",
                "programme": "VARCHAR",  # CEJ, PACEA
                "start_date": "DATE",
                "end_date": "DATE",
                "exit_reason": "VARCHAR",
            },
            replace_by="_territory",
            personal=("person_key",),
        ),
        Table(
            "ml_situations",
            "Situations professionnelles des jeunes (emploi, alternance, formation, immersion…)",
            {
                "person_key": "VARCHAR",
                "category": "VARCHAR",  # emploi, alternance, formation, immersion, volontariat, scolarite
                "start_date": "DATE",
                "end_date": "DATE",
            },
            replace_by="_territory",
            personal=("person_key",),
        ),
        Table(
            "financial_aid",
            "Aides financières versées aux jeunes (allocations CEJ, PACEA, FAJeM, fonds ML…)",
            {
                "person_key": "VARCHAR",
                "scheme": "VARCHAR",
                "payment_date": "DATE",
                "amount": "DECIMAL(12,2)",
            },
            replace_by="_territory, year(payment_date)",
            personal=("person_key",),
        ),
        Table(
            "mde_events",
            "Événements emploi de la Maison de l'Emploi (organisés, co-organisés, ou auxquels elle a participé)",
            {
                "event_date": "DATE",
                "name": "VARCHAR",
                "code_insee": "VARCHAR",
                "exhibitors": "INTEGER",
                "participants": "INTEGER",
                "interviews": "INTEGER",  # NULL when not recorded
                # organise, co_organise or participation (attended only); NULL when the
                # file does not say: organised, as the events sheet lists them
                "role": "VARCHAR",
            },
            replace_by="_territory, year(event_date)",
            optional=("role",),
            period="year(event_date)",
        ),
        Table(
            "clause_hours",
            "Heures d'insertion réalisées au titre des clauses sociales",
            {
                "month": "DATE",
                "operation": "VARCHAR",
                "operation_insee": "VARCHAR",  # commune of the work site, NULL if unknown
                "person_key": "VARCHAR",
                "resident_insee": "VARCHAR",  # commune where the worker lives
                "hours": "DECIMAL(10,2)",
            },
            replace_by="_territory, month",
            personal=("person_key",),
            period="month",
            measure="hours",
        ),
        Table(
            "qpv_indicators",
            "Indicateurs par quartier prioritaire (fichiers ONPV : demandeurs d'emploi, population)",
            {
                "qpv_code": "VARCHAR",  # QP… (2015 generation) or QN… (2024), never mixed
                "generation": "SMALLINT",  # 2015 or 2024
                "qpv_name": "VARCHAR",
                # the year the figures describe (given at import: not the millésime in
                # the file name), and its month when given (first day), else NULL
                "year": "SMALLINT",
                "reference_month": "DATE",
                # ONPV theme of the file: « A » is category A job seekers in the
                # insertion file (IPRO) and CAF recipients in the population file (DEMO)
                "theme": "VARCHAR",  # insertion_professionnelle, demographie
                "measure": "VARCHAR",  # column name of the ONPV file, e.g. ABC, ABC_F, POP_MUN
                "value": "DOUBLE",  # NULL = statistical secret in the source
            },
            replace_by="qpv_code, year, theme, measure",
        ),
        Table(
            "indicator_values",
            "Indicateurs divers par commune et période (tableau générique)",
            {
                "code_insee": "VARCHAR",
                "period": "DATE",  # first day of the month or of the year
                "indicator": "VARCHAR",
                "value": "DOUBLE",  # NULL = statistical secret in the source
            },
            replace_by="indicator, code_insee, period",
        ),
    ]
}


def empty_select(table: Table) -> str:
    """A typed, empty SELECT for a table no import has fed yet."""
    cols = ", ".join(f"cast(null as {t}) as {c}" for c, t in table.all_columns.items())
    return f"select {cols} where false"
