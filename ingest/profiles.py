"""Source profiles: which sheets an export has, which columns, and their synonyms.

A profile says, for each field we keep, the kind of value and the column names seen
in real exports (the first synonym is the header the demo files use). The pipeline
matches headers on normalised labels, so `Date d'entrée`, `DATE ENTREE` and
`date_entree` are the same column.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # see ingest.pipeline.PARSERS
    synonyms: tuple[str, ...]
    required: bool = False


@dataclass(frozen=True)
class SheetProfile:
    table: str
    label: str
    fields: tuple[Field, ...]
    sheet_names: tuple[str, ...] = ()
    # Wide layouts: every other column is a value; its header goes into field `wide`
    # ("month": only headers that read as months; "measure": any header) and its cells
    # into field `wide_value`.
    wide: str | None = None
    wide_value: str | None = None
    # Headers that identify this layout among similar ones (ONPV IPRO vs DEMO).
    signature: tuple[str, ...] = ()
    # Headers recognised but not stored: they describe what the stored columns already say
    # (the département of a commune); listed as such, never as unknown columns.
    context: tuple[str, ...] = ()

    def header(self, name: str) -> str:
        return next(f.synonyms[0] for f in self.fields if f.name == name)


@dataclass(frozen=True)
class Source:
    key: str
    label: str
    sheets: tuple[SheetProfile, ...]
    period_kind: str  # "month": the period is the last month of the file; "year"
    description: str = ""
    individual: bool = field(default=False)  # rows describe persons (pseudonymised)


F = Field

# Dates that may be planned rather than past: a step's, a programme's or a situation's
# expected end. An extraction of a tracking software holds them ahead of the day it was
# made, so they never set the period of a file (ingest.pipeline._infer_period): entries,
# first welcomes, contacts, starts, payments, events, months and exits do. An exit from
# the PLIE is no planned end: once stored, it counts as an exit, so it has happened (31
# days ahead at most, as any other date), and an extraction whose last exits are in
# December describes December.
END_DATES = frozenset({"end_date"})
# The ends planned ahead: an extraction made today holds some months away, accepted up to
# PLANNED_DAYS after the import (a later one is a typing error, 2062 for 2026).
PLANNED_ENDS = frozenset({"end_date"})
PLANNED_DAYS = 3 * 366

PERSON = F("person_id", "person_id", ("Identifiant", "ID", "Id participant", "Identifiant participant",
                                      "N° participant", "Numéro de dossier", "Id jeune",
                                      "Identifiant jeune", "idDossier", "idJeune", "Matricule",
                                      "N° dossier", "N° de dossier", "No dossier", "Num dossier",
                                      "Numéro dossier", "Réf. dossier", "Référence dossier",
                                      "Numéro participant", "Code participant", "Code bénéficiaire",
                                      "N° bénéficiaire", "Identifiant bénéficiaire", "Id bénéficiaire",
                                      "Identifiant i-milo", "N° i-milo", "ID i-milo", "Numéro i-milo",
                                      "N° adhérent", "Numéro d'adhérent", "N° d'adhérent",
                                      "Identifiant adhérent", "N° individu", "Identifiant individu",
                                      "N° personne", "Identifiant personne"),
           required=True)
COMMUNE_CODE = F("commune_code", "commune_code", ("Code commune", "Code INSEE", "Code commune INSEE",
                                                  "CODGEO", "INSEE", "Commune (code)", "COM",
                                                  "Code INSEE commune", "Code INSEE de la commune",
                                                  "Code INSEE de résidence"))
COMMUNE_NAME = F("commune_name", "commune_name", ("Commune", "Nom commune", "Ville", "Commune de résidence",
                                                  "Libellé commune", "LIBGEO", "Nom de la commune",
                                                  "adresse.commune", "Ville de résidence", "Commune de domicile",
                                                  "Localité"))
POSTAL = F("postal_code", "postal_code", ("Code postal", "CP", "Code_postal", "codePostal", "adresse.codePostal",
                                          "C.P.", "Code postal de résidence"))
# The QPV flag (Oui/Non, or a code) and, in a column of its own, the QPV code: the code,
# when given, is what is stored (the QPV figures count people by quarter).
QPV = F("qpv", "qpv", ("QPV", "Quartier prioritaire", "Résident QPV", "Habite en QPV", "Résidant QPV",
                       "Domicilié en QPV", "Habitant QPV", "QPV oui/non", "Quartier prioritaire (QPV)",
                       "Résidence en QPV"))
QPV_CODE = F("qpv_code", "qpv", ("Code QPV", "Code quartier", "Code quartier prioritaire", "QPV (code)",
                                 "Code QP", "codeQPV", "Code du quartier", "Quartier QPV",
                                 "Quartier prioritaire de résidence", "QPV de résidence"))
SEX = F("sex", "sex", ("Sexe", "Genre", "Civilité", "H/F", "Civ.", "civilite", "sexe"))
BIRTH = F("birth_date", "date", ("Date de naissance", "Né(e) le", "Naissance", "dateNaissance", "Date naissance",
                                 "Né le"))
AGE = F("age", "int", ("Âge", "Age", "Âge à l'entrée", "Age entrée"))
LEVEL = F("education_level", "education_level", ("Niveau de formation", "Niveau", "Niveau scolaire",
                                                 "Niveau de qualification", "Niveau d'études",
                                                 "Code niveau ASP", "Niveau de formation (ASP)",
                                                 "Niveau formation", "Niveau de diplôme", "niveauFormation",
                                                 "Niveau d'étude"))

SOURCES: dict[str, Source] = {}


def _add(source: Source) -> None:
    SOURCES[source.key] = source


_add(Source(
    "de_commune", "Demandeurs d'emploi par commune (France Travail)",
    (SheetProfile("job_seekers", "Demandeurs d'emploi", (
        # « YEAR » holds « janvier_2020 » in France Travail's open-data file; « Date » holds
        # « 2024-T4 » in the Dares quarterly file (stored at the quarter's last month).
        F("month", "month", ("Mois", "Date", "Période", "Fin de mois", "Mois de référence",
                             "Trimestre", "YEAR", "Mois_annee", "Annee_mois", "Date de référence"),
          required=True),
        COMMUNE_CODE, COMMUNE_NAME, POSTAL,
        # Without a category column the counts are categories A, B, C together (ABC), as in
        # France Travail's open-data file; « ABC » and « A » rows of the Dares file are kept
        # as they are (ingest/grain.py).
        F("category", "enum:JOB_SEEKER_CATEGORY", ("Catégorie", "Categorie", "Catégorie d'inscription",
                                                   "Catégorie de demandeurs")),
        F("sex", "sex", ("Sexe", "Genre")),
        F("age_band", "enum:AGE_BAND", ("Tranche d'âge", "Âge", "Age", "Classe d'âge")),
        F("duration_band", "enum:DURATION_BAND", ("Ancienneté d'inscription", "Ancienneté",
                                                  "Durée d'inscription")),
        F("count", "count", ("Nombre de demandeurs d'emploi", "Nombre", "Effectif", "DEFM",
                             "Demandeurs d'emploi", "Nb", "Demandeurs_Emploi", "Nombre de DEFM",
                             "Nb demandeurs d'emploi", "Nombre de DE", "Nombre de demandeurs",
                             "Nb DEFM", "Nb de DEFM", "Nb de demandeurs", "Nb DE",
                             "Nombre de demandeurs inscrits",
                             # a header naming categories A, B, C together is the default
                             # reading (never « … A » alone, which would be category A)
                             "Demandeurs d'emploi A, B, C", "Demandeurs d'emploi ABC",
                             "Demandeurs d'emploi catégories A, B, C",
                             "Demandeurs d'emploi catégories A, B et C",
                             "Nombre de demandeurs d'emploi A, B, C", "DEFM ABC", "DEFM A, B, C",
                             "DEFM catégories ABC", "DEFM cat. ABC", "DE ABC"), required=True),
    ), ("Demandeurs d'emploi", "DEFM", "Données"),
        # Columns that describe the commune's place or the series, known from the commune
        # code and the file: recognised, not stored (Dares commune file).
        context=("Code région", "Région", "Code département", "Département", "Type de données",
                 "Libellé région", "Libellé département", "REG", "DEP", "Code_region",
                 "Code_departement", "Libellé de la région", "Libellé du département")),),
    "month",
    "Une ligne par commune, mois (ou trimestre), catégorie, sexe, tranche d'âge et ancienneté "
    "d'inscription, les colonnes absentes valant « ensemble » (catégories A, B, C ensemble "
    "sans colonne Catégorie) : export France Travail, fichier open data (codgeo, YEAR, "
    "Demandeurs_Emploi), fichier trimestriel de la Dares ; ou l'export des statistiques "
    "France Travail : une ligne par commune, une colonne par mois (ou par trimestre) ; ou le "
    "tableau d'une agence à deux lignes d'en-tête, les trimestres sur la première, « Total », "
    "« Femmes », « Cat. A »… sur la seconde.",
))

# France Travail statistics export (STMT): the territory in the first column ("Tourcoing
# 59599"), one column per month ("janvier 2020"); categories A, B, C together.
SOURCES["de_commune"] = Source(
    "de_commune", SOURCES["de_commune"].label,
    (*SOURCES["de_commune"].sheets,
     SheetProfile("job_seekers", "Demandeurs d'emploi (une colonne par mois)", (
         F("commune_name", "commune_name", ("Mois", "Territoire", "Commune", "Libellé", "Zone",
                                            "Libellé commune", "Nom de la commune"),
           required=True),
         COMMUNE_CODE,
         # a table by commune and category, sex, age… with one column per month or quarter
         # (« 2025T2 », « 2025-T3 »): each cell is the count of its line's modalities
         *(f for f in SOURCES["de_commune"].sheets[0].fields
           if f.name in ("category", "sex", "age_band", "duration_band")),
     ), wide="month", wide_value="count")),
    "month", SOURCES["de_commune"].description,
)

ONPV_ID = (
    F("qpv_code", "text", ("CODGEO", "Code QPV", "Code quartier", "code_qp", "Code_QP"), required=True),
    F("qpv_name", "text", ("LIBGEO", "Nom du quartier", "lib_qp", "Lib_QP", "Quartier")),
)
_add(Source(
    "de_qpv", "Demandeurs d'emploi par QPV (ONPV)",
    (SheetProfile("qpv_indicators", "Indicateurs QPV", ONPV_ID, wide="measure", wide_value="value",
                  signature=("ABC", "ABCDE", "ABC_F", "A", "ABC_25", "ABC_50", "ABC_DUR1")),),
    "year",
    "Fichier ONPV « IPRO » : une ligne par QPV, une colonne par indicateur (le jeu de colonnes "
    "change chaque année : toutes sont conservées sous leur nom).",
))
_add(Source(
    "pop_qpv", "Population des QPV (ONPV)",
    (SheetProfile("qpv_indicators", "Population QPV",
                  (*ONPV_ID, F("qpv_communes", "text", ("LIB_COM", "Communes", "lib_com"))),
                  wide="measure", wide_value="value",
                  signature=("POP_MUN", "POP_COM_QP", "POP_COM", "TX_F", "TX_TOT_0A24")),),
    "year",
    "Fichier ONPV « DEMO » : population et structure par âge de chaque QPV.",
))

_add(Source(
    "plie", "Participants et étapes PLIE",
    (
        SheetProfile("plie_participants", "Participants", (
            PERSON, SEX, BIRTH, AGE, POSTAL, COMMUNE_NAME, COMMUNE_CODE, QPV, QPV_CODE,
            F("rsa", "bool", ("Bénéficiaire du RSA", "RSA", "BRSA", "Allocataire RSA", "RSA à l'entrée",
                              "Bénéficiaire RSA", "Allocataire du RSA", "Bénéficiaire RSA à l'entrée",
                              "RSA (oui/non)")),
            LEVEL,
            F("prescriber", "prescriber", ("Prescripteur", "Orienteur", "Structure prescriptrice", "Origine",
                                           "Orienté par", "Orienté(e) par", "Structure orienteuse",
                                           "Organisme prescripteur", "Structure d'orientation",
                                           "Origine de l'orientation", "Orientation")),
            F("entry_date", "date", ("Date d'entrée", "Date entrée PLIE", "Entrée", "Date d'entrée en parcours",
                                     "Date d'entrée dans le PLIE", "Date d'entrée PLIE", "Date entrée",
                                     "Date de début de parcours", "Date d'intégration", "Entrée PLIE",
                                     "Date d'entrée dans le dispositif"),
              required=True),
            F("exit_date", "date", ("Date de sortie", "Sortie", "Date sortie PLIE", "Date de sortie du PLIE",
                                    "Date sortie", "Date de fin de parcours", "Sortie PLIE",
                                    "Date de sortie PLIE", "Date de sortie de parcours",
                                    "Date de fin de parcours PLIE")),
            F("exit_kind", "enum:EXIT_KIND_LABELS", ("Type de sortie", "Catégorie de sortie",
                                                     "Sortie positive", "Nature de la sortie")),
            F("exit_reason", "exit_reason", ("Motif de sortie", "Motif", "Situation à la sortie",
                                             "Motif de fin de parcours", "Motif sortie", "Détail de la sortie")),
        ), ("Participants", "Parcours", "Bénéficiaires")),
        SheetProfile("plie_steps", "Étapes", (
            PERSON,
            F("family", "enum:STEP_FAMILY", ("Famille d'étape", "Famille", "Type d'étape"), required=True),
            F("step_type", "text", ("Étape", "Libellé de l'étape", "Action", "Intitulé",
                                    "Intitulé de l'étape", "Type d'action", "Libellé de l'action",
                                    "Intitulé de l'action")),
            F("start_date", "date", ("Date de début", "Début", "Date début étape",
                                     "Début de l'étape", "Date de début de l'étape",
                                     "Date de début d'étape", "Début d'étape",
                                     "Date de début de l'action", "Début étape"), required=True),
            F("end_date", "date", ("Date de fin", "Fin", "Date fin étape", "Fin de l'étape",
                                   "Date de fin de l'étape", "Date de fin d'étape", "Fin d'étape",
                                   "Date de fin de l'action", "Fin étape")),
            F("qualifying", "bool", ("Qualifiante", "Formation qualifiante", "Diplômante")),
        ), ("Étapes", "Etapes", "Étapes de parcours", "Actions")),
    ),
    "month",
    "Extraction complète du logiciel de suivi : une ligne par parcours, une par étape.",
    individual=True,
))

_add(Source(
    "ml", "Mission Locale (jeunes, contacts, dispositifs, situations, aides)",
    (
        SheetProfile("ml_young", "Jeunes", (
            PERSON, SEX, BIRTH, AGE, POSTAL, COMMUNE_NAME, COMMUNE_CODE, QPV, QPV_CODE, LEVEL,
            F("registration_date", "date", ("Date de premier accueil", "Premier accueil",
                                            "Date d'inscription", "Date 1er accueil", "Date de 1er accueil",
                                            "Date premier accueil", "datePremierAccueil", "dateInscription"),
              required=True),
        ), ("Jeunes", "Dossiers", "Jeunes suivis", "Liste des jeunes")),
        SheetProfile("ml_contacts", "Contacts", (
            PERSON,
            F("contact_date", "date", ("Date du contact", "Date", "Date de l'événement", "Date contact",
                                       "Date du rendez-vous", "Date de l'entretien", "dateEvenement"),
              required=True),
            F("contact_type", "enum:CONTACT_TYPE", ("Type de contact", "Nature", "Type", "Mode de contact",
                                                    "Type d'événement", "Type de rendez-vous",
                                                    "Type d'entretien", "typeEvenement"),
              required=True),
        ), ("Contacts", "Événements", "Evenements")),
        SheetProfile("ml_programmes", "Dispositifs", (
            PERSON,
            F("programme", "enum:PROGRAMME", ("Dispositif", "Programme", "Accompagnement", "dispositif",
                                              "Type d'accompagnement", "Type dispositif",
                                              "Type de dispositif"), required=True),
            F("start_date", "date", ("Date de début", "dateDebut", "Début", "Date d'entrée",
                                     "Date d'entrée dans le dispositif", "Date début",
                                     "Date de début du dispositif", "Date d'entrée en dispositif",
                                     "Date de début d'accompagnement"), required=True),
            F("end_date", "date", ("Date de fin", "dateFinReelle", "Fin", "Date de sortie", "Date de fin réelle",
                                   "Date de sortie du dispositif", "Date de fin du dispositif",
                                   "Date de fin d'accompagnement")),
            F("exit_reason", "text", ("Motif de sortie", "Motif de fin", "Motif", "motifFin",
                                      "Motif de fin d'accompagnement")),
        ), ("Dispositifs", "CEJ PACEA", "Programmes", "Accompagnements")),
        SheetProfile("ml_situations", "Situations", (
            PERSON,
            F("category", "enum:SITUATION", ("Catégorie de situation", "categorieSituation", "Situation",
                                             "Type de situation"), required=True),
            F("start_date", "date", ("Date de début", "Début", "dateDebut"), required=True),
            F("end_date", "date", ("Date de fin", "Fin", "dateFin")),
        ), ("Situations",)),
        SheetProfile("financial_aid", "Aides financières", (
            PERSON,
            F("scheme", "enum:AID_SCHEME", ("Dispositif d'aide", "Aide", "Type d'aide", "Fonds",
                                             "Nature de l'aide"), required=True),
            F("payment_date", "date", ("Date de paiement", "Date de versement", "Date"), required=True),
            F("amount", "decimal", ("Montant", "Montant versé", "Montant (€)"), required=True),
        ), ("Aides financières", "Aides", "Allocations")),
    ),
    "month",
    "Extraction du système d'information de la Mission Locale (type i-milo).",
    individual=True,
))

_add(Source(
    "mde_events", "Événements emploi de la Maison de l'Emploi",
    (SheetProfile("mde_events", "Événements", (
        F("event_date", "date", ("Date", "Date de l'événement", "Date de la manifestation",
                                 "Date de l'évènement", "Date du forum", "Date de l'action"),
          required=True),
        F("name", "text", ("Événement", "Nom de l'événement", "Intitulé", "Manifestation",
                           "Évènement", "Forum", "Action", "Nom de la manifestation",
                           "Intitulé de la manifestation", "Intitulé de l'événement",
                           "Nom de l'évènement", "Intitulé de l'évènement", "Nom du forum",
                           "Intitulé de l'action", "Libellé de l'événement"), required=True),
        COMMUNE_CODE,
        # where the event took place: a commune, or a venue named with its commune
        F("commune_name", "commune_name", (*COMMUNE_NAME.synonyms, "Lieu", "Lieu de l'événement",
                                           "Lieu de l'évènement", "Lieu de la manifestation",
                                           "Commune du lieu", "Ville de l'événement")),
        F("exhibitors", "count", ("Exposants", "Nombre d'exposants", "Entreprises présentes",
                                  "Nb d'exposants", "Nb exposants", "Nombre d'entreprises présentes",
                                  "Nb d'entreprises présentes", "Nb entreprises présentes",
                                  "Recruteurs", "Nombre de recruteurs", "Nb de recruteurs",
                                  "Nb recruteurs", "Entreprises", "Nombre d'entreprises")),
        F("participants", "count", ("Participants", "Nombre de participants", "Visiteurs",
                                    "Nb de visiteurs", "Nb visiteurs", "Nombre de visiteurs",
                                    "Nb de participants", "Nb participants", "Public accueilli",
                                    "Nombre de personnes accueillies", "Personnes accueillies",
                                    "Public", "Fréquentation")),
        F("interviews", "count", ("Entretiens", "Entretiens réalisés", "Nombre d'entretiens",
                                  "Nb d'entretiens", "Nb entretiens", "Nb d'entretiens réalisés",
                                  "Nombre d'entretiens réalisés", "Nb entretiens réalisés")),
        # one line per stand of an event (a fair's list of exhibitors): the exhibitor's name
        F("exhibitor", "text", ("Exposant", "Nom de l'exposant", "Entreprise exposante",
                                "Structure exposante", "Raison sociale", "Entreprise",
                                "Recruteur", "Nom du recruteur", "Stand")),
        F("role", "enum:EVENT_ROLE", ("Organisateur", "Organisation", "Type d'organisation",
                                      "Organisé par", "Organisé par la MDE",
                                      "Rôle de la MDE", "Implication de la MDE",
                                      "Organisation ou participation", "Type de participation",
                                      "Porteur", "Portage")),
    ), ("Événements", "Evenements", "Forums")),),
    "year",
    "Une ligne par événement : organisé, co-organisé, ou auquel la Maison de l'Emploi a "
    "seulement participé (colonne « Organisateur »).",
))

_add(Source(
    "clauses", "Heures d'insertion des clauses sociales",
    (SheetProfile("clause_hours", "Heures", (
        F("month", "month", ("Mois", "Période", "Mois de réalisation", "Mois d'exécution",
                             "Période de réalisation"), required=True),
        F("operation", "text", ("Opération", "Marché", "Chantier", "Nom de l'opération",
                                "Intitulé de l'opération", "Libellé opération"), required=True),
        F("operation_commune", "commune_code", ("Commune de l'opération (code)", "Code commune opération",
                                                "Code INSEE opération", "Code INSEE du chantier",
                                                "Commune du chantier (code INSEE)",
                                                "Code INSEE lieu d'exécution", "Commune du chantier",
                                                "Commune de l'opération", "Lieu d'exécution",
                                                "Commune d'exécution", "Lieu du chantier")),
        # clause facilitators' tools name the worker « salarié » or « bénéficiaire »
        F("person_id", "person_id", (*PERSON.synonyms, "N° salarié", "Identifiant salarié",
                                     "Matricule salarié", "N° bénéficiaire", "Salarié",
                                     "Code salarié", "Salarié en insertion", "Bénéficiaire",
                                     "Participant"), required=True),
        F("resident_commune", "commune_code", ("Commune de résidence (code)", "Code commune résidence",
                                               "Code INSEE résidence", "Code INSEE domicile",
                                               "Commune de domicile (code INSEE)", "Commune de résidence",
                                               "Commune de domicile", "Ville de résidence",
                                               "Commune du salarié", "Commune du bénéficiaire")),
        F("hours", "decimal", ("Heures réalisées", "Heures", "Nombre d'heures", "Heures effectuées",
                               "Nb heures", "Nombre d'heures réalisées", "Heures d'insertion"),
          required=True),
    ), ("Heures", "Clauses", "Heures d'insertion")),),
    "year",
    "Une ligne par salarié, opération et mois.",
    individual=True,
))

_add(Source(
    "indicateurs", "Tableau d'indicateurs (générique)",
    (SheetProfile("indicator_values", "Indicateurs", (
        COMMUNE_CODE, COMMUNE_NAME,
        F("period", "month", ("Période", "Mois", "Année", "Date", "an", "annee"), required=True),
        F("indicator", "text", ("Indicateur", "Code indicateur", "Variable"), required=True),
        F("value", "count_decimal", ("Valeur", "Value", "Nombre", "Montant"), required=True),
    ), ("Indicateurs", "Données")),),
    "month",
    "Une ligne par commune, période et indicateur, pour tout autre chiffre.",
))

# Columns that carry direct identifiers: recognised, reported, never stored.
PERSONAL_COLUMNS = (
    "Nom", "Prénom", "Nom de naissance", "Nom d'usage", "nomNaissance", "nomUsage", "prenom",
    "NIR", "Numéro de sécurité sociale", "N° sécurité sociale", "Numéro INSEE", "Courriel", "E-mail",
    "Email", "Mail", "Adresse mail", "Téléphone", "Tél", "Portable", "Téléphone portable", "Adresse",
    "Adresse postale", "Rue", "Voie", "Complément d'adresse", "Numéro de voie", "libelleVoie",
    "Identifiant France Travail", "numeroDE", "Référent", "Conseiller",
)
