"""Every sentence the user reads, in one place, so it can be reviewed in French.

Placeholders in braces are filled with `str.format` by the page; numbers and dates
arrive already formatted by `wording.format`.
"""

# -- application ------------------------------------------------------------------
APP_TITLE = "Tableau de bord emploi territorial"
DEMO_BANNER = (
    "**Données de démonstration** : les chiffres affichés sont fictifs, produits pour "
    "présenter l'outil. Ils ne décrivent pas la situation réelle du territoire."
)

DE_COVER = (
    "Demandeurs d'emploi de {month} : les fichiers importés donnent {covered} communes du "
    "territoire sur {of}. Les chiffres sont ceux de ces communes, pas de tout le territoire."
)
DE_SECRET_CELL = (
    "En {month}, 1 cellule des fichiers importés est sous secret statistique chez le "
    "producteur (« s », « < 5 ») : elle n'est pas comptée comme 0 mais manque au total, un peu "
    "inférieur au nombre réel de demandeurs d'emploi."
)
DE_SECRET_CELLS = (
    "En {month}, {n} cellules des fichiers importés sont sous secret statistique chez le "
    "producteur (« s », « < 5 ») : elles ne sont pas comptées comme 0 mais manquent au total, "
    "un peu inférieur au nombre réel de demandeurs d'emploi."
)
DEMO_MIXED_BANNER = (
    "**Données de démonstration encore présentes**, fictives, à côté de vos imports "
    "({sources}). {action}"
)
DEMO_SOURCE_SHORT = {"de_commune": "demandeurs d'emploi", "plie": "PLIE", "ml": "Mission Locale",
                     "mde_events": "événements emploi", "clauses": "clauses sociales"}
DEMO_MIXED_ACTION_MANAGER = "Retirez-les sur la page « Historique des imports »."
DEMO_MIXED_ACTION_OTHER = "Un gestionnaire peut les retirer."

# -- page « Chiffres clés » -----------------------------------------------------------
KEY_FIGURES_PAGE = "Chiffres clés"
KEY_FIGURES_TITLE = "Chiffres clés"
KEY_FIGURES_INTRO = (
    "Les chiffres de l'année pour le territoire choisi, comparés à l'année précédente. "
    "Le bouton « ? » de chaque carte donne la définition de l'indicateur."
)
TERRITORY_LABEL = "Territoire"
YEAR_LABEL = "Année"

EMPTY_STORE = (
    "**Aucune donnée n'a encore été importée.** Pour afficher les chiffres clés, "
    "importez les exports mensuels (France Travail, Mission Locale, PLIE…) depuis la page "
    "d'import. Pour découvrir l'outil, un administrateur peut charger les données de "
    "démonstration avec la commande `python -m cli demo`."
)
# read by élus too, who cannot import: said so that both know who does what
NO_YEARS = (
    "**Aucune donnée pour le territoire {territory}.** Ses chiffres s'afficheront dès que "
    "ses fichiers auront été importés (page d'import, réservée aux gestionnaires)."
)
NO_VISIBLE_COMMUNE = (
    "**Votre compte ne donne accès à aucune commune du territoire {territory}.** Choisissez "
    "un autre territoire, ou demandez au gestionnaire d'ajouter vos communes à votre compte."
)
NO_DATA_FOR_YEAR = (
    "**Aucune donnée pour {territory} en {year}.** Choisissez une autre année "
    "(années disponibles : {years}) ; les fichiers de {year} s'importent depuis la page "
    "d'import (gestionnaires)."
)
LOAD_ERROR = (
    "**Les chiffres clés n'ont pas pu être calculés.** Les données importées sont peut-être "
    "incomplètes. Réessayez dans un instant ; si le problème persiste, signalez-le à "
    "l'administrateur de l'outil."
)

# Tile wording: "au 30 septembre 2025" for a stock, "en 2025" for a whole year.
AT_DATE = "au {date}"
IN_PERIOD = "en {period}"
EVOLUTION_ONE_YEAR = "{evolution} sur un an"
PREVIOUS_VALUE = "{value} un an plus tôt"
PART_OF = "dont {value} {label}"
PART_NOT_IN_FILE = "{label} : {value}"
SHARE = "({share})"
DEFINITION = "Définition"
EMPTY_FAMILIES = "Pas de données importées pour cette année : {families}."
NO_VALUE = "donnée non disponible"
# A figure the imported files cannot give: category A when only A, B, C together were
# imported, women when only both sexes (queries give NULL; see ingest/grain.py).
NOT_IN_FILE = "non disponible dans ce fichier"
NOT_IN_FILE_SHORT = "n.d."
NOT_IN_FILE_NOTE = (
    "« Non disponible dans ce fichier » : les fichiers importés pour {when} ne détaillent pas "
    "{what} (par exemple un fichier qui donne les catégories A, B et C ensemble)."
)
NOT_IN_FILE_WHAT = {
    "category": "les catégories A, B, C", "sex": "le sexe", "age_band": "l'âge",
    "duration_band": "l'ancienneté d'inscription",
}
ARROW_UP = "▲"
ARROW_DOWN = "▼"
ARROW_FLAT = "►"

# Loi pour le plein emploi (1er janvier 2025): job-seeker evolutions across that date.
LPE_MARK = "*"
LPE_NOTE_TITLE = "Évolution à lire avec prudence."
LPE_NOTE = (
    "Depuis le 1er janvier 2025, la loi pour le plein emploi inscrit automatiquement à "
    "France Travail les allocataires du RSA et les jeunes accompagnés en CEJ ou en PACEA. "
    "Une partie de la hausse sur un an vient de ces inscriptions automatiques, et non "
    "seulement de l'évolution du marché du travail."
)

# -- « Ce que disent les chiffres »: the year told in sentences (queries/narrative.py) ------
# Numbers arrive formatted by wording.format; the rules choose the template and agree it.
NARRATIVE_TITLE = "Ce que disent les chiffres"
NARRATIVE_SLIDE_TITLE = "Ce qu'il faut retenir"
NARRATIVE_EVIDENCE = "Sur quels chiffres reposent ces phrases"
NARRATIVE_EVIDENCE_CAPTION = (
    "Chaque phrase renvoie aux indicateurs (identifiant du registre) et aux valeurs qu'elle "
    "cite, telles que votre profil peut les voir : {place}, sauf autre lieu indiqué."
)
NARRATIVE_EVIDENCE_PLACE = "{place}, sauf autre lieu indiqué"
NARRATIVE_EMPTY = "Pas assez de chiffres diffusables pour résumer l'année."
NARRATIVE_TERRITORY = "le territoire"
NARRATIVE_AT_MONTH_END = "Fin {month}"
NARRATIVE_IN_YEAR = "en {year}"
# Qualifiers of a change over a year (thresholds in queries/narrative.py).
NARRATIVE_QUALIFIERS = {
    "forte_hausse": "forte hausse", "hausse": "hausse", "legere_hausse": "légère hausse",
    "stable": "stable",
    "legere_baisse": "légère baisse", "baisse": "baisse", "forte_baisse": "forte baisse",
}
NARRATIVE_BE = {"s": "est", "p": "sont"}
NARRATIVE_STAYED_STABLE = {("m", "s"): "resté stable", ("f", "s"): "restée stable",
                           ("m", "p"): "restés stables", ("f", "p"): "restées stables"}
# Each indicator a sentence can be about: the subject it is named by (gender m/f, number
# s/p, for agreement), and the noun after a number, singular (0 and 1, and under 2 for a
# decimal) and plural.
NARRATIVE_TERMS = {
    "de_abc": ("les demandeurs d'emploi de catégorie A, B et C", "m", "p",
               "demandeur d'emploi de catégorie A, B et C",
               "demandeurs d'emploi de catégorie A, B et C"),
    "de_a": ("les demandeurs d'emploi de catégorie A", "m", "p",
             "demandeur d'emploi de catégorie A", "demandeurs d'emploi de catégorie A"),
    "de_abc_longue_duree": ("les demandeurs d'emploi inscrits depuis un an ou plus", "m", "p",
                            "demandeur d'emploi de longue durée",
                            "demandeurs d'emploi de longue durée"),
    "de_abc_moins_25": ("les demandeurs d'emploi de moins de 25 ans", "m", "p",
                        "demandeur d'emploi de moins de 25 ans",
                        "demandeurs d'emploi de moins de 25 ans"),
    "de_abc_50plus": ("les demandeurs d'emploi de 50 ans et plus", "m", "p",
                      "demandeur d'emploi de 50 ans et plus",
                      "demandeurs d'emploi de 50 ans et plus"),
    "plie_participants": ("les participants du PLIE", "m", "p",
                          "participant du PLIE", "participants du PLIE"),
    "plie_nouvelles_entrees": ("les nouvelles entrées au PLIE", "f", "p",
                               "nouvelle entrée au PLIE", "nouvelles entrées au PLIE"),
    "plie_sorties": ("les sorties du PLIE", "f", "p", "sortie", "sorties"),
    "plie_sorties_positives": ("les sorties positives du PLIE", "f", "p",
                               "sortie positive", "sorties positives"),
    "plie_taux_sorties_positives": ("le taux de sorties positives du PLIE", "m", "s", "", ""),
    "ml_nouveaux_inscrits": ("les nouveaux inscrits à la Mission Locale", "m", "p",
                             "nouvel inscrit", "nouveaux inscrits"),
    "ml_jeunes_accompagnes": ("les jeunes accompagnés par la Mission Locale", "m", "p",
                              "jeune accompagné par la Mission Locale",
                              "jeunes accompagnés par la Mission Locale"),
    "ml_contacts": ("les contacts de la Mission Locale avec les jeunes", "m", "p",
                    "contact", "contacts"),
    "cej_accompagnes": ("les jeunes accompagnés en CEJ", "m", "p",
                        "jeune accompagné en CEJ", "jeunes accompagnés en CEJ"),
    "cej_entrees": ("les entrées en CEJ", "f", "p", "jeune", "jeunes"),
    "pacea_entrees": ("les entrées en PACEA", "f", "p", "entrée en PACEA", "entrées en PACEA"),
    "aide_total": ("le montant des aides financières versées aux jeunes", "m", "s", "", ""),
    "evt_participants": ("la participation aux événements emploi", "f", "s",
                         "participant", "participants"),
    "clause_heures": ("les heures d'insertion réalisées par les habitants", "f", "p", "", ""),
    "clause_personnes": ("les habitants bénéficiaires des clauses sociales", "m", "p",
                         "habitant", "habitants"),
}
# Headline: the job seekers at the latest month and their change over a year.
NARRATIVE_HEADLINE = "{when}, {place} compte {count}."
# after the count: the cells the producer hid are missing from it (the change in % is over
# the communes without any)
NARRATIVE_SECRET_CELL_PART = "hors 1 cellule sous secret statistique"
NARRATIVE_SECRET_CELLS_PART = "hors {n} cellules sous secret statistique"
# the job seekers counted are those of the communes the imported files give
NARRATIVE_COVER_PART = "{covered} communes sur {communes} dans les fichiers importés"
NARRATIVE_HEADLINE_CHANGE = "{when}, {place} compte {count} : une {qualifier} de {pct} en un an."
NARRATIVE_HEADLINE_STABLE = "{when}, {place} compte {count} : un nombre stable en un an ({evolution})."
# The largest changes over a year.
NARRATIVE_CHANGE = "{subject} {be} en {qualifier} : {value} {when}, {evolution} en un an."
NARRATIVE_CHANGE_STABLE = "{subject} {be} {stayed} : {value} {when}, {evolution} en un an."
# Position against the territory or the reference territory (per 1 000 inhabitants).
NARRATIVE_POSITIONS = {
    "same": "au même niveau que", "above": "au-dessus de", "below": "en dessous de",
    "far_above": "nettement au-dessus de", "far_below": "nettement en dessous de",
}
NARRATIVE_POSITION = "Avec {measure} {noun} pour 1\u202f000 habitants, {place} se situe {versus}."
NARRATIVE_VERSUS_TERRITORY = "{position} la moyenne du territoire ({value})"
NARRATIVE_VERSUS_REFERENCE = "{position} la référence ({reference} : {value})"
NARRATIVE_REFERENCE_PARTIAL = "{reference}, {covered} communes couvertes sur {communes}"
REFERENCE_PARTIAL_RANGE = "{reference}, {low} à {high} communes couvertes sur {communes}"
NARRATIVE_AND = " et "
# Communes that stand out (job seekers).
NARRATIVE_LARGEST_RISE = (
    "La plus forte hausse sur un an est {at_commune} ({evolution}), contre {territory} pour "
    "l'ensemble du territoire{among}."
)
NARRATIVE_LARGEST_FALL = (
    "La plus forte baisse sur un an est {at_commune} ({evolution}), contre {territory} pour "
    "l'ensemble du territoire{among}."
)
NARRATIVE_EVEN_CHANGE = (
    "L'évolution sur un an est semblable d'une commune à l'autre : de {low} ({low_commune}) "
    "à {high} ({high_commune}){among}."
)
NARRATIVE_HIGHEST_RATE = (
    "{commune} compte le plus de {noun} rapporté à sa population : {measure} pour 1\u202f000 "
    "habitants, contre {territory} sur l'ensemble du territoire{among}."
)
NARRATIVE_AMONG_SHOWN = ", parmi les communes dont le chiffre est diffusable"
NARRATIVE_AMONG_LARGE = ", hors communes de moins de {base} demandeurs d'emploi un an plus tôt"
NARRATIVE_AMONG_ROUNDED = (
    ", hors écarts d'un arrondi (chiffres publiés arrondis à {step})")
# Programmes against their targets.
NARRATIVE_PLIE_EXITS = (
    "{opening}le PLIE compte {positive} sur {exits}, soit un taux de sorties positives de "
    "{rate}{adjusted} : {verdict}."
)
NARRATIVE_PLIE_ADJUSTED = " ({rate} hors sorties neutres)"
NARRATIVE_PLIE_VERDICTS = {
    "reached": "l'objectif de {target} est atteint",
    "near": "juste en dessous de l'objectif de {target}",
    "below": "en dessous de l'objectif de {target}",
}
NARRATIVE_OPENING_YEAR = "En {year}, "
NARRATIVE_OPENING_PLACE = "En {year}, {at_place}, "
NARRATIVE_PLIE_RESIDENTS = "{opening}{count} {followed} un parcours PLIE{change}."
NARRATIVE_FOLLOWED = {"s": "a suivi", "p": "ont suivi"}
NARRATIVE_PLIE_NONE = "{opening}aucun habitant n'a suivi de parcours PLIE."
NARRATIVE_RESIDENT = ("habitant", "habitants")
NARRATIVE_CEJ_ENTRIES = "{opening}{count} {entered} en CEJ{qpv}{change}."
NARRATIVE_ENTERED = {"s": "est entré", "p": "sont entrés"}
NARRATIVE_CEJ_NONE = "{opening}aucun jeune n'est entré en CEJ."
NARRATIVE_CEJ_QPV = ", dont {count} résidant en quartier prioritaire"
NARRATIVE_CHANGE_TAIL = " : une {qualifier} de {pct} en un an"
NARRATIVE_STABLE_TAIL = " : un nombre stable en un an ({evolution})"
# Caveats.
NARRATIVE_LPE = (
    "Les évolutions sur un an des demandeurs d'emploi sont à lire avec prudence : depuis le "
    "1er janvier 2025, la loi pour le plein emploi inscrit automatiquement à France Travail "
    "les allocataires du RSA et les jeunes accompagnés en CEJ ou en PACEA."
)
NARRATIVE_SOURCES = {"job_seekers": "les demandeurs d'emploi", "plie": "le PLIE",
                     "ml": "la Mission Locale", "mde": "les événements emploi",
                     "clauses": "les clauses sociales"}
NARRATIVE_MISSING_SOURCES = (
    "Aucune donnée n'est importée pour {year} sur {sources} : ce résumé n'en parle pas."
)
NARRATIVE_MISSING_PREVIOUS = (
    "Pas de comparaison avec {year} pour {sources} : aucune donnée n'est importée pour "
    "cette année-là."
)
NARRATIVE_MISSING_MONTH = (
    "Le mois de {months} manque dans les données de demandeurs d'emploi importées."
)
NARRATIVE_MISSING_MONTHS = (
    "Les mois de {months} manquent dans les données de demandeurs d'emploi importées."
)
NARRATIVE_MISSING_MANY_MONTHS = (
    "{count} mois manquent entre {first} et {last} dans les données de demandeurs d'emploi "
    "importées."
)
NARRATIVE_NOT_IMPORTED = "aucune donnée importée"
# What a sentence rests on (footnotes, workbook, CLI).
NARRATIVE_MEASURES = {
    "value": "valeur", "previous": "un an plus tôt", "evolution": "évolution sur un an",
    "per_1000": "pour 1\u202f000 habitants", "rate": "taux", "target": "objectif",
    "missing_months": "mois manquants", "source": "source",
}
NARRATIVE_EVIDENCE_LINE = "{indicator} ({details}) : {value}"

# « Voir les données » table.
DATA_EXPANDER = "Voir les données"
DATA_CAPTION = (
    "Tableau des chiffres clés affichés ci-dessus : une ligne par indicateur, valeurs au "
    "format français."
)
COL_FAMILY = "Thème"
COL_LABEL = "Indicateur"
COL_VALUE = "Valeur"
COL_PERIOD = "Période"
COL_PREVIOUS = "Un an plus tôt"
COL_EVOLUTION = "Évolution sur un an"
COL_SHARE = "Part du total"
COL_DEFINITION = "Définition"

# -- page « Importer un fichier » -------------------------------------------------------
IMPORT_PAGE = "Importer un fichier"
IMPORT_TITLE = "Importer un fichier"
IMPORT_INTRO = (
    "Déposez un export (Excel, OpenDocument ou CSV). Le fichier est d'abord contrôlé : "
    "rien n'est enregistré avant que vous cliquiez sur « Importer »."
)
# Streamlit's uploader button and size line, drawn in French (ui/panels.py)
UPLOAD_BUTTON = "Parcourir"
UPLOAD_LIMIT = "{size} Mo au plus par fichier • {types}"
IMPORT_UPLOAD_LABEL = "Fichier à importer"
IMPORT_UPLOAD_HELP = "Formats acceptés : .xlsx, .xls, .ods et .csv."
IMPORT_SOURCE_LABEL = "Source"
IMPORT_SOURCE_AUTO = "Détection automatique"
IMPORT_SOURCE_HELP = (
    "Laissez « Détection automatique » : l'outil reconnaît l'export à ses colonnes."
)
IMPORT_TERRITORY_LABEL = "Territoire"
IMPORT_TERRITORY_AUTO = "Détection automatique"
IMPORT_TERRITORY_HELP = (
    "Laissez « Détection automatique » : le territoire est déduit des communes du fichier."
)
IMPORT_TERRITORY_OTHER = "autre territoire"
IMPORT_PERIOD_LABEL = "Période"
IMPORT_PERIOD_PLACEHOLDER = "Déduite des dates du fichier"
IMPORT_PERIOD_HELP = (
    "Mois (AAAA-MM, par exemple 2025-03) ou année (AAAA). Vide : déduite du fichier."
)
IMPORT_PERIOD_INVALID = (
    "La période « {period} » n'est pas valide : écrivez AAAA-MM (par exemple 2025-03) ou "
    "AAAA (par exemple 2025), ou laissez la case vide."
)
IMPORT_PERIOD_UNKNOWN = "inconnue"
IMPORT_CHECKING = "Contrôle du fichier…"
IMPORT_STATUS_RUNNING = "Contrôle du fichier…"
IMPORT_STATUS_DONE = "Fichier contrôlé — {steps}"
# the file could not be read or recognised: the message below the box says why
IMPORT_STATUS_REFUSED = "Fichier non retenu : voir le message ci-dessous"
IMPORT_STATUS_REFUSED_STEPS = "Fichier non retenu — {steps} : voir le message ci-dessous"
IMPORT_STEPS = {"lecture": "Lecture", "reconnaissance": "Reconnaissance",
                "contrôle": "Contrôle", "écriture": "Écriture"}
IMPORT_STEP_DURATION = "{step} {seconds} s"
IMPORT_WRITTEN_IN = "Écriture : {seconds} s."
IMPORT_SUMMARY_HEADER = "Résultat du contrôle"
IMPORT_SUMMARY = (
    "**Source** : {source}  \n**Territoire** : {territory}  \n**Période** : {period}  \n"
    "**Fichier** : {file}"
)
IMPORT_METRIC_ROWS = "Lignes lues"
IMPORT_METRIC_INVALID = "Lignes invalides"
IMPORT_METRIC_ERRORS = "Erreurs"
IMPORT_METRIC_WARNINGS = "Avertissements"
IMPORT_READY = "**Le fichier peut être importé** : aucune erreur."
IMPORT_READY_WARNINGS = (
    "**Le fichier peut être importé.** Lisez d'abord les avertissements ci-dessous."
)
IMPORT_SHEET_UNREAD = (
    "**La feuille {sheets} ne peut pas être lue** : une colonne obligatoire n'est pas "
    "reconnue (voir les problèmes ci-dessous). Associez-la ci-dessous, ou corrigez le "
    "fichier : aucune de ses lignes ne serait importée."
)
IMPORT_HAS_ERRORS = (
    "**Le fichier contient des erreurs** (lignes invalides : {invalid} sur {rows}). "
    "Corrigez-le puis déposez-le à nouveau, ou importez-le sans les lignes invalides."
)
IMPORT_TERRITORY_UNKNOWN = (
    "Le territoire n'a pas été reconnu d'après les communes du fichier : choisissez-le "
    "ci-dessus avant d'importer."
)
IMPORT_PERIOD_NOT_FOUND = (
    "La période n'a pas pu être déduite des dates du fichier : indiquez-la ci-dessus "
    "avant d'importer."
)
IMPORT_PROBLEMS_HEADER = "Problèmes relevés"
IMPORT_NO_PROBLEMS = "Aucun problème relevé."
IMPORT_REPORT_DOWNLOAD = "Télécharger le rapport de contrôle (Excel)"
IMPORT_MAPPING_HEADER = "Colonnes non reconnues"
IMPORT_MAPPING_INTRO = (
    "Ces colonnes ne seront pas importées. Si l'une d'elles correspond à un champ attendu, "
    "choisissez ce champ : le contrôle est refait aussitôt, et l'association sera retenue "
    "pour les prochains fichiers de cette source."
)
IMPORT_MAPPED_HEADER = "Colonnes associées"
IMPORT_MAPPED_INTRO = (
    "Ces colonnes sont importées sous le champ choisi pour elles. Pour changer d'avis, "
    "choisissez un autre champ ou « — ne pas importer — »."
)
IMPORT_MAPPING_SHEET = "Feuille « {sheet} »"
IMPORT_MAPPING_NONE = "— ne pas importer —"
IMPORT_MAPPING_REQUIRED = "{label} (obligatoire)"
IMPORT_MAPPING_COLUMN = "Colonne « {header} »"
IMPORT_MAPPING_MORE = "{n} autres colonnes non reconnues"
IMPORT_MAPPING_SUGGESTED = "{label} — suggéré"
IMPORT_VALUES_HEADER = "Valeurs non reconnues"
IMPORT_VALUES_INTRO = (
    "Ces valeurs ne font pas partie du vocabulaire de leur colonne. Choisissez ce que chacune "
    "veut dire : le contrôle est refait aussitôt, et l'association sera retenue pour les "
    "prochains fichiers de cette source."
)
IMPORT_VALUES_VALUE = "{header} : « {value} » ({lines} ligne(s))"
IMPORT_COMMUNES_INTRO = (
    "Pour une commune non reconnue (un nom que portent plusieurs communes, une abréviation, "
    "un code inconnu), choisissez la commune qu'elle désigne : les communes proches d'abord, "
    "puis celles du département du fichier."
)
IMPORT_VALUES_NONE = "— laisser non reconnue —"
IMPORT_VALUES_KEPT = "Valeurs non reconnues qui ne bloquent pas l'import ({n})"
IMPORT_VALUES_SAVED = "Associations de valeurs enregistrées appliquées : {values}."
IMPORT_PERSONAL_HEADER = "Données personnelles écartées"
IMPORT_PERSONAL = (
    "Ces colonnes contiennent des données personnelles : elles ne seront jamais "
    "enregistrées. {columns}"
)
IMPORT_BUTTON = "Importer"
IMPORT_DROP_BUTTON = "Importer sans les lignes invalides"
IMPORT_BLOCKED = "« Importer » est désactivé tant que le fichier contient des erreurs."
IMPORT_BLOCKED_SHEETS = (
    "Import impossible : la feuille {sheets} n'a pas toutes ses colonnes obligatoires (voir "
    "les problèmes ci-dessus). L'importer sans elle perdrait toutes ses lignes : associez la "
    "colonne manquante ci-dessus, ou corrigez le fichier."
)
IMPORT_DROP_CAPTION = (
    "« Importer sans les lignes invalides » écarte les lignes invalides ({invalid}) et "
    "enregistre les autres ({valid}) ; ce choix est noté dans l'historique des imports."
)
IMPORT_SUCCESS = (
    "**Import n° {id} enregistré** ({source}, {territory}, {period}). "
    "Lignes enregistrées : {rows}."
)
IMPORT_SUCCESS_DROPPED = "Lignes invalides écartées : {rejected}."
IMPORT_SUCCESS_REPLACES = (
    "Il remplace l'import n° {ids}, qui reste dans l'historique : annuler ce nouvel import "
    "le rendrait de nouveau actif."
)
IMPORT_SUCCESS_REPLACES_MANY = (
    "Il remplace les imports n° {ids}, qui restent dans l'historique : annuler ce nouvel "
    "import les rendrait de nouveau actifs."
)
IMPORT_SUCCESS_OVERRIDES = (
    "Pour les communes et les périodes qu'il contient, ses valeurs remplacent celles de "
    "l'import n° {ids} ; pour le reste, celui-ci reste actif."
)
IMPORT_SUCCESS_OVERRIDES_MANY = (
    "Pour les communes et les périodes qu'il contient, ses valeurs remplacent celles des "
    "imports n° {ids} ; pour le reste, ceux-ci restent actifs."
)
# What a re-import replaces of an import, per table, counted (Store._replaced_rows). A
# table replaced by period for the whole territory (events by year, clause hours by month)
# loses every commune's rows of those periods, whatever communes the file holds: said so.
# {table: (one row, several rows, feminine)}, the rows in the table's own unit
REPLACED_NOUNS = {"mde_events": ("événement", "événements", False)}
REPLACED_NOUN_DEFAULT = ("ligne", "lignes", True)
# {subject}: « son événement », « ses 3 événements » ; {old}: « l'événement », « les 10
# événements » ; {periods}: « de 2025 » ; {verb}: remplace, remplacent, remplacera…
IMPORT_REPLACED_ROWS = (
    "{subject} {periods} {verb} {old} {periods} de l'import n° {id}, de toutes les communes"
)
# {kept}: « ceux de 2024 (5 événements) », « celui de 2024 » ; {stay}: reste(nt)/restera(ont)
# actif(s)
IMPORT_REPLACED_KEPT = " ; {kept} {stay}"
IMPORT_REPLACED_HOURS = (
    "ses heures {periods} ({new}) {verb} les heures {periods} de toutes les communes de "
    "l'import n° {id} ({old})"
)
# a unit of replacement by commune (job seekers): true as it was said
IMPORT_SUCCESS_OVERRIDES_BY_COMMUNE = (
    "Pour les communes et les mois qu'il contient ({communes}, {periods}), ses valeurs "
    "remplacent celles de l'import n° {id} ; pour le reste, celui-ci reste actif."
)
IMPORT_PREVIEW_OVERRIDES_BY_COMMUNE = (
    "**Cet import remplacera une partie de l'import n° {id}** : pour les communes et les "
    "mois qu'il contient ({communes}, {periods}), ses valeurs prendront la place des siennes ; "
    "le reste de l'import n° {id} restera actif."
)
IMPORT_PREVIEW_OVERRIDES_PART = "**Cet import remplacera une partie de l'import n° {id}** : {detail}."
# far more rows replaced than brought (an events sheet of one event, the year's list
# replaced): the manager may have wanted to add, said before « Importer » and after
IMPORT_WARNING_START = "**Attention : "  # how these warnings start (the page shows them apart)
IMPORT_PREVIEW_LOSS_ROWS = (
    "**Attention : ce fichier ne contient {new} {periods}, mais il remplacera {old} {periods} "
    "de l'import n° {id}, de toutes les communes.** Un fichier {of_many} est la liste complète "
    "de l'année : pour en ajouter, n'importez pas ce fichier seul ; mettez dans un même "
    "fichier tous les {many} {periods} (ceux déjà importés et les nouveaux), puis importez-le."
)
IMPORT_SUCCESS_LOSS_ROWS = (
    "**Attention : cet import ne contenait {new} {periods}, mais il a remplacé {old} "
    "{periods} de l'import n° {id}, de toutes les communes.** S'il devait en ajouter, "
    "annulez-le (page Historique ou python -m cli rollback {new_id}), puis importez un seul "
    "fichier avec tous les {many} {periods}."
)
IMPORT_PREVIEW_LOSS_HOURS = (
    "**Attention : ce fichier ne contient que {new} {periods}, mais il remplacera les {old} "
    "de ces mois de l'import n° {id}, de toutes les communes.** Un fichier d'heures remplace "
    "les heures de toutes les communes pour chaque mois qu'il contient : pour en ajouter, "
    "mettez dans un même fichier toutes les heures de ces mois (celles déjà importées et les "
    "nouvelles), puis importez-le."
)
IMPORT_SUCCESS_LOSS_HOURS = (
    "**Attention : cet import ne contenait que {new} {periods}, mais il a remplacé les {old} "
    "de ces mois de l'import n° {id}, de toutes les communes.** S'il devait en ajouter, "
    "annulez-le (page Historique ou python -m cli rollback {new_id}), puis importez un seul "
    "fichier avec toutes les heures de ces mois."
)
IMPORT_SUCCESS_OVERRIDES_NEWER = (
    "Attention : l'import n° {id} porte sur une période plus récente ({period}) et ce fichier "
    "remplace tout ou partie de ses valeurs. Si ce n'était pas voulu, annulez ce nouvel import "
    "(page Historique ou python -m cli rollback {new})."
)
IMPORT_WHOLE_FILE = "fichier"
IMPORT_PREVIEW_REPLACES = (
    "**Cet import remplacera l'import n° {ids}** (même source et même territoire : "
    "l'extraction d'un logiciel de suivi remplace la précédente quelle que soit sa période, "
    "un fichier de statistiques celui de la même période) : il restera dans l'historique, et "
    "annuler le nouvel import le rendrait de nouveau actif."
)
IMPORT_PREVIEW_REPLACES_MANY = (
    "**Cet import remplacera les imports n° {ids}** (même source et même territoire : "
    "l'extraction d'un logiciel de suivi remplace la précédente quelle que soit sa période, "
    "un fichier de statistiques celui de la même période) : ils resteront dans l'historique, "
    "et annuler le nouvel import les rendrait de nouveau actifs."
)
# an extraction without some of its tables (one CSV per table): the previous one's are kept
EXTRACTION_TABLES = {
    "ml_young": "les jeunes", "ml_contacts": "les contacts",
    "ml_programmes": "les programmes (CEJ, PACEA…)", "ml_situations": "les situations",
    "financial_aid": "les aides financières", "plie_participants": "les participants",
    "plie_steps": "les étapes",
}
IMPORT_PREVIEW_KEPT = (
    "Ce fichier ne contient pas {tables} : les lignes {of_imports} seront gardées avec le "
    "nouvel import si elles concernent des personnes de ce fichier (seules celles-ci "
    "compteront dans les chiffres) ; sinon ces chiffres seront « non disponibles ». Rien "
    "n'en sera perdu : l'import remplacé reste dans l'historique."
)
IMPORT_SUCCESS_KEPT = (
    "Ce fichier ne contenait pas {tables} : les lignes {of_imports} ont été gardées avec le "
    "nouvel import ({rows} lignes)."
)
# a table the new file lacks, all of whose rows are of people it no longer lists
IMPORT_SUCCESS_NOT_CARRIED = (
    "Ce fichier ne contenait pas {tables}, et les {rows} lignes {of_imports} concernent "
    "toutes des personnes absentes de ce fichier : elles ne sont pas reprises (elles restent "
    "dans l'historique). Ces chiffres sont « non disponibles » jusqu'à un import qui les "
    "contient."
)
# some kept rows belong to people the new file no longer lists: they count in no figure
IMPORT_SUCCESS_KEPT_ABSENT = (
    "**{absent} de ces lignes concernent des personnes absentes de ce fichier** : elles ne "
    "comptent plus dans les chiffres ({present}). "
    "Si ce fichier devait suivre les mêmes personnes, vérifiez qu'il s'agit de la bonne "
    "extraction, ou annulez cet import."
)
IMPORT_PREVIEW_OVERRIDES = (
    "**Cet import remplacera une partie de l'import n° {ids}** : pour les communes et les "
    "périodes qu'il contient, ses valeurs prendront la place des siennes ; le reste de "
    "l'import n° {ids} restera actif."
)
IMPORT_PREVIEW_OVERRIDES_MANY = (
    "**Cet import remplacera une partie des imports n° {ids}** : pour les communes et les "
    "périodes qu'il contient, ses valeurs prendront la place des leurs ; le reste restera actif."
)
IMPORT_PREVIEW_NEWER = (
    "Attention : l'import n° {id} porte sur une période plus récente ({period})."
)
IMPORT_SUCCESS_FIRST = (
    "C'est le premier import de cette source pour ce territoire et cette période."
)
IMPORT_SAME_FILE = "**Ce fichier avait déjà été importé** (import n° {id}) : rien n'a changé."
# said as soon as the file is checked, before the button
IMPORT_SAME_FILE_PREVIEW = (
    "**Ce fichier est déjà importé** (import n° {id}, le {date}) : l'importer de nouveau ne "
    "changerait rien."
)
IMPORT_USER = "gestionnaire"  # `user` of the imports made from the page, until there is a login
# the first real import, while the app holds demonstration data only and opens without login
IMPORT_DEMO_NOTICE = (
    "L'application ne contient encore que des données de démonstration et s'ouvre sans "
    "connexion. **Dès le premier import de données réelles, chaque page demandera de se "
    "connecter.**"
)
FIRST_LOGIN_HEADER = "Connexion après cet import"
FIRST_LOGIN_NO_ACCOUNT = (
    "**Après cet import, l'application demandera de se connecter, et aucun compte n'existe "
    "encore.** Créez ici le premier compte gestionnaire : il est enregistré au moment de "
    "l'import, et c'est avec lui que vous vous connecterez ensuite."
)
FIRST_LOGIN_ACCOUNTS = (
    "**Après cet import, l'application demandera de se connecter** avec l'un des comptes "
    "existants : {names}."
)
FIRST_LOGIN_OIDC = (
    "**Après cet import, l'application demandera de se connecter** avec le compte de "
    "l'association. Comptes qui ont un rôle : {names}."
)
FIRST_LOGIN_OIDC_NONE = (
    "**Après cet import, l'application demandera de se connecter** avec le compte de "
    "l'association, et aucun compte n'a encore de rôle : sans rôle, aucune page ne s'ouvre. "
    "Créez d'abord le compte gestionnaire (son adresse e-mail) sur le serveur :\n\n"
    "```\necho 'mot de passe' | .venv/bin/python -m cli users add ADRESSE --role gestionnaire "
    "--password-stdin\n```"
)
FIRST_LOGIN_NAME = "Identifiant du premier compte gestionnaire"
FIRST_LOGIN_NAME_HELP = "Lettres, chiffres, point, tiret, @ et _ ; par exemple marie.durand."
FIRST_LOGIN_PASSWORD = "Mot de passe"
FIRST_LOGIN_PASSWORD_HELP = "Au moins {n} caractères."
FIRST_LOGIN_CONFIRM = "Mot de passe, une seconde fois"
FIRST_LOGIN_MISMATCH = "Les deux mots de passe ne sont pas identiques."
IMPORT_BLOCKED_ACCOUNT = (
    "« Importer » est désactivé tant que le premier compte gestionnaire n'est pas renseigné "
    "ci-dessus."
)
FIRST_LOGIN_NOT_CREATED = "Compte non créé, rien n'est importé : {reason}"
FIRST_LOGIN_CREATED_NOT_IMPORTED = (
    "Le compte gestionnaire « {name} » a été créé juste avant l'import, qui n'a pas abouti : "
    "l'application reste en démonstration, sans connexion. Après le prochain import, "
    "connectez-vous avec ce compte."
)

# Lines of the import's validation report written by the pipeline (ingest/pipeline.py).
CHECK_MONTH_UNREADABLE_RULE = "Mois illisible"
CHECK_MONTH_UNREADABLE = ("Écrivez le mois comme « septembre 2025 » ou 09/2025, ou le trimestre "
                          "comme « T3 2025 ».")
CHECK_MONTH_FUTURE_RULE = "Mois dans le futur"
CHECK_MONTH_FUTURE = ("Ce mois n'a pas encore commencé (nous sommes le {today}) : vérifiez "
                      "l'année.")
CHECK_SUB_HEADER_UNREAD_RULE = "Ligne d'en-tête non comprise"
CHECK_SUB_HEADER_UNREAD = (
    "Sous les mois, la deuxième ligne d'en-tête dit ce que compte chaque colonne : {labels} "
    "(colonnes {columns}) ne sont pas compris, leurs valeurs ne sont pas importées. Écrivez "
    "« Total », « Femmes », « Hommes », « Cat. A », « Cat. ABC », « Moins de 25 ans », "
    "« 50 ans et plus »… ou retirez ces colonnes."
)
IMPORT_NO_FIGURE_COLUMN = "Le fichier « {file} » n'a aucune colonne de chiffres lisible. {advice}"
CHECK_SAME_MONTH_COLUMNS_RULE = "Plusieurs colonnes du même mois"
CHECK_SAME_MONTH_COLUMNS = (
    "Les colonnes {columns} sont toutes « {month} » et l'en-tête ne dit pas ce qui les "
    "distingue : leurs valeurs ne sont pas importées. Ajoutez sous les mois une ligne d'en-tête "
    "qui nomme ce que compte chaque colonne (« Total », « Femmes », « Hommes », « Cat. A », "
    "« Moins de 25 ans »…), ou ne gardez qu'une colonne par mois."
)
CHECK_PERIOD_RULE = "Période déduite des dates du fichier"
CHECK_PERIOD_PLANNED_ENDS = (
    "Période retenue : {month}, mois de la dernière date d'entrée, d'accueil, de début, "
    "de sortie avec son motif, de contact ou de paiement du fichier ({latest}). Les dates de "
    "fin postérieures (jusqu'au {end}) "
    "sont des fins prévues : elles ne fixent pas la période."
)
CHECK_QPV_NONE_RULE = "QPV déclaré dans une commune sans quartier prioritaire"
CHECK_QPV_NONE = (
    "{commune} n'a aucun quartier prioritaire : vérifiez la commune ou la colonne QPV. "
    "La ligne est importée telle quelle (personne comptée en QPV)."
)
CHECK_QPV_ELSEWHERE_RULE = "Code QPV d'une autre commune"
CHECK_QPV_ELSEWHERE = (
    "Le quartier {code} ({name}) est à {where}, pas à {commune} : vérifiez la commune ou "
    "le code QPV. La ligne est importée telle quelle."
)
CHECK_OUTSIDE_RULE = "Personnes domiciliées hors du territoire"
CHECK_OUTSIDE_ONE = (
    "1 ligne de personnes domiciliées hors du territoire ({communes}) : conservée, elle ne "
    "compte pas dans les tableaux du territoire {territory}."
)
CHECK_OUTSIDE_MANY = (
    "{lines} lignes de personnes domiciliées hors du territoire ({communes}) : conservées, "
    "elles ne comptent pas dans les tableaux du territoire {territory}."
)
CHECK_OUTSIDE_OTHERS = "et {n} autres communes"
# No commune of the file in the territory chosen: the wrong territory, probably.
CHECK_NONE_IN_TERRITORY_RULE = "Aucune commune du fichier dans le territoire choisi"
CHECK_NONE_IN_TERRITORY = (
    "Aucune des {n} communes du fichier n'est dans le territoire {territory} : le fichier "
    "sera enregistré, mais ses chiffres n'apparaîtront pas dans les pages de ce territoire. "
    "Vérifiez le territoire choisi."
)
CHECK_NONE_IN_TERRITORY_ONE = (
    "La commune du fichier ({commune}) n'est pas dans le territoire {territory} : le fichier "
    "sera enregistré, mais ses chiffres n'apparaîtront pas dans les pages de ce territoire. "
    "Vérifiez le territoire choisi."
)
CHECK_NONE_IN_TERRITORY_HINT = " Ces communes sont celles du territoire {territory} ({n})."
# Communes the resolver cannot read, grouped per column, and the manager's associations
# (ingest/commune_map.py): « MARQUETTE » is Marquette-lez-Lille or Marquette-en-Ostrevant.
COMMUNE_UNKNOWN_RULE_ONE = "1 commune non reconnue"
COMMUNE_UNKNOWN_RULE_MANY = "{n} communes non reconnues"
COMMUNE_UNKNOWN_CLOSE = "Communes proches : {close}. "
COMMUNE_UNKNOWN_ADVICE = (
    "Associez chaque graphie une fois à sa commune sur la page d'import ou avec "
    "--map-value « {header}:{value}={target} » (code INSEE ou nom exact de la commune) ; "
    "l'association est retenue pour les prochains fichiers de cette source."
)
COMMUNE_UNKNOWN_TARGET = "code INSEE"  # the example target when no commune is close
COMMUNE_BLANK_ADVICE = "Indiquez le nom ou le code INSEE de la commune."
COMMUNE_ASSOCIATED_RULE = "Commune associée par vous"
COMMUNE_ASSOCIATED = (
    "Commune associée par vous : « {value} » → {commune} ({lines}). L'association est "
    "retenue pour les prochains fichiers de cette source."
)
COMMUNE_ASSOCIATION_WRONG_RULE = "Association de commune impossible"
COMMUNE_ASSOCIATION_WRONG = (
    "{pairs} : la commune retenue n'existe pas. Indiquez un code INSEE du Code officiel "
    "géographique 2024 (par exemple 59386) ou le nom exact d'une seule commune "
    "(« Marquette-lez-Lille »)."
)

# -- page « Historique des imports » ------------------------------------------------------
TERRITORIES_PAGE = "Territoires"
TERRITORIES_TITLE = "Territoires"
TERRITORIES_INTRO = (
    "Les territoires suivis : les deux territoires intégrés et ceux que vous définissez à "
    "partir de leurs communes, d'un EPCI ou d'un département. Les codes sont vérifiés dans "
    "le COG 2024 ; chaque changement est noté dans le journal d'audit et inclus dans les "
    "sauvegardes. La même chose en ligne de commande : `python -m cli territory`."
)
TERRITORIES_COL_CODE = "Code"
TERRITORIES_COL_LABEL = "Libellé"
TERRITORIES_COL_SHORT = "Libellé court"
TERRITORIES_COL_COMMUNES = "Communes"
TERRITORIES_COL_BOUNDARIES = "Communes sans contours"
TERRITORIES_COL_KIND = "Type"
TERRITORIES_KIND = {True: "intégré", False: "défini"}
TERRITORIES_ADD_HEADER = "Définir un territoire"
TERRITORIES_CODE_LABEL = "Code court"
TERRITORIES_CODE_HELP = (
    "Lettres sans accent, chiffres, « - » ou « _ », par exemple lens-lievin.")
TERRITORIES_LABEL_LABEL = "Libellé"
TERRITORIES_SHORT_LABEL = "Libellé court (facultatif)"
TERRITORIES_SHORT_HELP = (
    "Nom du territoire dans les graphiques et les diapositives, 20 caractères au plus "
    "(par exemple « ML Bourges »). Vide : tiré du libellé.")
TERRITORIES_HOW_LABEL = "Communes du territoire"
TERRITORIES_HOW = {"communes": "Liste de codes INSEE", "epci": "Un EPCI (SIREN)",
                   "departement": "Un département"}
TERRITORIES_COMMUNES_LABEL = "Codes INSEE des communes"
TERRITORIES_COMMUNES_HELP = "Séparés par des espaces, des virgules ou des retours à la ligne."
TERRITORIES_EPCI_LABEL = "SIREN de l'EPCI"
TERRITORIES_DEP_LABEL = "Code du département"
TERRITORIES_FTE_LABEL = "Heures d'un ETP (clauses)"
TERRITORIES_SENIOR_LABEL = "Âge « senior »"
TERRITORIES_LOW_LABEL = "Bas niveau de formation : niveau maximal"
TERRITORIES_ADD_BUTTON = "Définir le territoire"
TERRITORIES_ADDED = "Territoire « {code} » défini : {n} commune(s)."
TERRITORIES_EDIT_HEADER = "Modifier ou supprimer un territoire défini"
TERRITORIES_NONE_DEFINED = "Aucun territoire défini pour l'instant."
TERRITORIES_SELECT = "Territoire"
TERRITORIES_SAVE_BUTTON = "Enregistrer les communes"
TERRITORIES_SAVED = "Communes du territoire « {code} » enregistrées : {n} commune(s)."
TERRITORIES_REMOVE_CONFIRM = "Je confirme la suppression de « {code} » (les données importées restent)."
TERRITORIES_REMOVE_BUTTON = "Supprimer le territoire"
TERRITORIES_REMOVED = "Territoire « {code} » supprimé."
TERRITORIES_BOUNDARIES_NOTE = (
    "Des communes n'ont pas de contours : la carte ne les dessine pas. Importez les contours "
    "téléchargés (IGN ADMIN EXPRESS ou Etalab) avec `python -m cli geo import FICHIER`."
)
TERRITORIES_GEO_HEADER = "Importer des contours"
TERRITORIES_GEO_INTRO = (
    "Les contours des communes (ou des quartiers prioritaires) que vous avez téléchargés : "
    "IGN ADMIN EXPRESS ou contours Etalab, en GeoPackage, Shapefile zippé ou GeoJSON, en "
    "Lambert-93 ou WGS84. Ils sont simplifiés sans ouvrir de trou entre voisines et "
    "enregistrés pour les cartes (comme `python -m cli geo import FICHIER`)."
)
TERRITORIES_GEO_FILE = "Fichier des contours"
TERRITORIES_GEO_KIND = "Nature"
TERRITORIES_GEO_KINDS = {"communes": "Communes", "qpv": "Quartiers prioritaires"}
TERRITORIES_GEO_LAYER = "Couche (facultatif)"
TERRITORIES_GEO_LAYER_HELP = "Pour un GeoPackage de plusieurs couches, par exemple commune."
TERRITORIES_GEO_COLUMN = "Colonne du code (facultatif)"
TERRITORIES_GEO_COLUMN_HELP = "Par défaut reconnue : INSEE_COM, code_insee, codgeo… (code_qp)."
TERRITORIES_GEO_BUTTON = "Importer les contours"
TERRITORIES_GEO_TOO_BIG = "Le fichier dépasse la taille maximale de {mb} Mo."
HISTORY_PAGE = "Historique des imports"
HISTORY_TITLE = "Historique des imports"
HISTORY_INTRO = (
    "Tous les imports, du plus récent au plus ancien. Un import remplacé est conservé : "
    "annuler l'import qui l'a remplacé le rend de nouveau actif."
)
HISTORY_EMPTY = (
    "Aucun import pour l'instant. Déposez un premier fichier depuis la page « Importer un "
    "fichier »."
)
HISTORY_COL_ID = "N°"
HISTORY_COL_DATE = "Date"
HISTORY_COL_USER = "Utilisateur"
HISTORY_COL_FILE = "Fichier"
HISTORY_COL_SOURCE = "Source"
HISTORY_COL_TERRITORY = "Territoire"
HISTORY_COL_PERIOD = "Période"
HISTORY_COL_STATUS = "Statut"
HISTORY_COL_READ = "Lignes lues"
HISTORY_COL_STORED = "Lignes enregistrées"
HISTORY_COL_REJECTED = "Lignes écartées"
HISTORY_COL_NOTE = "Remarque"
HISTORY_NOTE_REPLACES = "remplace n° {ids}"
HISTORY_NOTE_OVERRIDES = "remplace en partie n° {ids}"
HISTORY_NOTE_REPLACED_BY = "remplacé par n° {id}"
HISTORY_NOTE_ROLLED_BACK = "annulé le {date} par {user}"
HISTORY_NOTE_DROPPED = "lignes invalides écartées"
HISTORY_NOTE_ARCHIVE_PURGED = "fichier brut supprimé le {date} (durée de conservation écoulée)"
HISTORY_ROLLBACK_HEADER = "Annuler un import"
HISTORY_ROLLBACK_INTRO = (
    "Annuler un import retire ses données des tableaux de bord ; s'il avait remplacé un "
    "import précédent, celui-ci redevient actif. Le fichier d'origine reste archivé."
)
HISTORY_ROLLBACK_SELECT = "Import actif à annuler"
# an extraction covering several months (« Historique », import report, exports)
PERIOD_COVERS_ONE_YEAR = "{first} à {last}"
PERIOD_COVERS = "{first} – {last}"
HISTORY_ROLLBACK_OPTION = "n° {id} · {source} · {territory} · {period} · {file}"
HISTORY_ROLLBACK_CONFIRM = "Je confirme l'annulation de l'import n° {id}"
HISTORY_ROLLBACK_BUTTON = "Annuler cet import"
HISTORY_ROLLBACK_NONE = "Aucun import actif : il n'y a rien à annuler."
HISTORY_ROLLBACK_DONE = "**L'import n° {id} est annulé.**"
HISTORY_ROLLBACK_REACTIVATED = "L'import n° {ids} est de nouveau actif."
HISTORY_ROLLBACK_NOTHING_BACK = (
    "Il n'avait remplacé aucun import : ses données ne sont plus affichées."
)
HISTORY_ROLLBACK_OVERRIDES_BACK = (
    "Les valeurs de l'import n° {ids} qu'il remplaçait en partie comptent de nouveau."
)
HISTORY_DEMO_HEADER = "Données de démonstration"
HISTORY_DEMO_INTRO = (
    "{n} import(s) de démonstration, aux chiffres fictifs, comptent encore ({sources}). "
    "Retirez-les pour que les pages et les exports ne montrent que vos données ; ils restent "
    "dans l'historique."
)
HISTORY_DEMO_CONFIRM = "Je retire les données de démonstration"
HISTORY_DEMO_BUTTON = "Retirer les données de démonstration"
HISTORY_DEMO_DONE = "Données de démonstration retirées : imports n° {ids}."

# -- rapport de contrôle (Excel) -----------------------------------------------------------
REPORT_SHEET = "Rapport de contrôle"
REPORT_TITLE = "Rapport de contrôle d'import"
REPORT_FILE = "Fichier"
REPORT_SOURCE = "Source"
REPORT_TERRITORY = "Territoire"
REPORT_PERIOD = "Période"
REPORT_DATE = "Contrôlé le"
REPORT_DATE_VALUE = "{date} à {time}"
REPORT_ROWS = "Lignes lues"
REPORT_INVALID = "Lignes invalides"
REPORT_ERRORS = "Erreurs"
REPORT_WARNINGS = "Avertissements"
REPORT_INFOS = "Informations"
REPORT_NONE = "Aucun problème relevé."
REPORT_FILE_NAME = "rapport_controle_{stem}.xlsx"

# -- exports: workbook, fiche commune, Assemblée générale (exports/, pages) ---------------
EXPORT_APP_NAME = "Tableau de bord emploi territorial"
EXPORT_TITLE = "Chiffres clés {year} — {territory}"
EXPORT_FICHE_TITLE = "Fiche commune : {commune} — {year}"
EXPORT_ABOUT_SHEET = "À propos"
EXPORT_FIGURES_SHEET = "Chiffres clés"
EXPORT_DATA_SHEET = "Données"
EXPORT_QPV_SHEET = "Quartiers prioritaires"
EXPORT_QPV_TITLE = "Quartiers prioritaires : chiffres de l'ONPV"
EXPORT_QPV_SHARE_SHEET = "DE en QPV"
EXPORT_QPV_SHARE_TITLE = "Part des demandeurs d'emploi résidant en QPV, par commune"
EXPORT_QPV_SHARE_PERIOD = "quartiers ONPV {onpv}, communes fin {month}"
EXPORT_QPV_PERIOD = "ONPV {when}"
EXPORT_QPV_COLUMNS = {
    "qpv_name": "Quartier", "qpv_code": "Code QPV 2024", "commune_names": "Commune(s)",
    "match": "Quartier 2015 des fichiers ONPV", "onpv_code": "Code dans le fichier",
    "qpv_population": "Habitants", "qpv_de_abc": "Demandeurs d'emploi A, B, C",
    "qpv_de_a": "dont catégorie A",
}
EXPORT_TERRITORY = "Territoire"
EXPORT_COMMUNE = "Commune"
EXPORT_COMMUNE_VALUE = "{name} ({code})"
EXPORT_PERIOD = "Période"
EXPORT_PERIOD_VALUE = "année {year}"
EXPORT_PERIOD_MONTH = "année {year} ; demandeurs d'emploi : {month} (dernier mois disponible)"
EXPORT_EXTRACTED = "Date d'extraction"
EXPORT_EXTRACTED_VALUE = "{date} à {time}"
EXPORT_ROLE = "Profil"
EXPORT_ROLES = {"gestionnaire": "gestionnaire", "elu": "élu", "lecteur": "lecteur"}
EXPORT_SOURCES = "Sources"
EXPORT_SOURCE_LINE = "{label}, période {period} : fichier « {file} », importé le {date}."
EXPORT_SOURCE_NONE = "Aucun fichier importé pour ce territoire."
EXPORT_SOURCE_REFERENCE = (
    "Populations légales et code officiel géographique 2024 : Insee. Quartiers prioritaires "
    "de la politique de la ville (géographie 2024) : ANCT."
)
EXPORT_DEMO = (
    "Données de démonstration : les chiffres sont fictifs, produits pour présenter l'outil."
)
EXPORT_DEMO_MIXED = (
    "Une partie des chiffres vient encore des données de démonstration, fictives ({sources}). "
    "Un gestionnaire peut les retirer (page « Historique des imports »)."
)
EXPORT_SOURCE_DEMO_MARK = " — données de démonstration, fictives"
EXPORT_SECRET = "Secret statistique"
EXPORT_SECRET_RULE = (
    "Un effectif de personnes compris entre 1 et {largest} est remplacé par « s » (seuil : "
    "{threshold} personnes), de même qu'un taux calculé à partir d'un tel effectif. D'autres "
    "cases sont masquées (secret secondaire) pour qu'aucune valeur cachée ne puisse être "
    "retrouvée par différence avec un total. Un zéro est affiché : il ne révèle personne."
)
EXPORT_SECRET_APPLIED = "Profil {role} : le secret statistique est appliqué à ce document."
EXPORT_CONFIDENTIAL = (
    "DOCUMENT CONFIDENTIEL — profil gestionnaire : les effectifs inférieurs au seuil du "
    "secret statistique ne sont pas masqués. Ne pas diffuser en dehors de la structure ; "
    "pour les élus et les partenaires, exportez avec le profil « élu »."
)
EXPORT_READING = "Lecture"
EXPORT_READING_TEXT = (
    "« s » : valeur couverte par le secret statistique. Case vide : donnée non disponible "
    "(aucun fichier importé pour la période). Les taux et parts sont des pourcentages ; "
    "les nombres sont enregistrés comme des nombres, sans mise en forme figée."
)
EXPORT_TERRITORY_DEFINITIONS = "Définitions du territoire"
EXPORT_TERRITORY_DEFINITIONS_TEXT = (
    "Séniors : {senior_age} ans et plus. Niveau bas : niveau ≤ {low_level}. Un équivalent "
    "temps plein (ETP) de clauses sociales vaut {fte_hours} heures."
)
EXPORT_CONTENTS = "Contenu"
EXPORT_DEFINITIONS = "Définitions des indicateurs"
EXPORT_LPE_REMARK = "Prudence : loi pour le plein emploi (voir « À propos »)."
EXPORT_COL_ID = "Identifiant"
EXPORT_COL_REMARK = "Remarque"
EXPORT_COL_COMMUNE_VALUE = "Commune"
EXPORT_COL_COMMUNE_SHARE = "Part du total (commune)"
EXPORT_COL_TERRITORY_VALUE = "Territoire"
EXPORT_COL_TERRITORY_SHARE = "Part du total (territoire)"
EXPORT_COL_WEIGHT = "Poids de la commune dans le territoire"
EXPORT_COL_COMMUNE = "Commune"
EXPORT_COL_CODE = "Code commune"
EXPORT_TOTAL = "Total"
EXPORT_NO_DATA = "Aucune donnée pour cette année."
EXPORT_TABLE_PLIE = "PLIE par commune"
EXPORT_TABLE_PLIE_TITLE = "PLIE : participants, nouvelles entrées et sorties positives par commune"
EXPORT_TABLE_JOB_SEEKERS = "Demandeurs d'emploi"
EXPORT_TABLE_JOB_SEEKERS_TITLE = "Demandeurs d'emploi de catégorie A, B et C par commune ({when})"
EXPORT_PLIE_COLUMNS = {
    "participants": "Participants en parcours",
    "participants_qpv": "dont QPV (participants)",
    "participants_qpv_rate": "% QPV (participants)",
    "entries": "Nouvelles entrées",
    "entries_qpv": "dont QPV (entrées)",
    "entries_qpv_rate": "% QPV (entrées)",
    "positive_exits": "Sorties positives",
}
EXPORT_TABLE_ML = "Mission Locale par commune"
EXPORT_TABLE_ML_TITLE = ("Mission Locale : nouveaux inscrits, jeunes accompagnés, entrées en CEJ "
                         "et en PACEA par commune ({year})")
EXPORT_ML_COLUMNS = {
    "new": "Nouveaux inscrits",
    "followed": "Jeunes accompagnés",
    "cej": "Entrées en CEJ",
    "cej_qpv": "dont QPV (entrées en CEJ)",
    "cej_qpv_rate": "% QPV (entrées en CEJ)",
    "pacea": "Entrées en PACEA",
}
EXPORT_JOB_SEEKERS_COLUMNS = {
    "abc": "Catégories A, B, C",
    "a": "dont catégorie A",
    "long": "dont inscrits depuis 12 mois ou plus",
    "young": "dont moins de 25 ans",
    "senior": "dont 50 ans et plus",
    "women": "dont femmes",
}
EXPORT_FILE_WORKBOOK = "chiffres_cles_{territory}_{year}.xlsx"
EXPORT_FILE_FICHE = "fiche_commune_{commune}_{year}.{ext}"
EXPORT_FILE_DECK = "assemblee_generale_{territory}_{year}.pptx"

# Fiche commune (printable page).
FICHE_SUBTITLE = "{territory} — chiffres de l'année {year}"
FICHE_INTRO = (
    "Les chiffres de la commune comparés à ceux du territoire. « Poids » : part de la "
    "commune dans le total du territoire."
)
FICHE_PRINT = "Imprimer"
FICHE_COL_INDICATOR = "Indicateur"
FICHE_COL_COMMUNE = "{commune}"
FICHE_COL_TERRITORY = "Territoire"
FICHE_COL_WEIGHT = "Poids"
FICHE_PAGE = "Fiche commune"
FICHE_PAGE_TITLE = "Fiche commune"
FICHE_PAGE_INTRO = (
    "Une page A4 à imprimer et un classeur Excel pour un élu : les chiffres de la commune, "
    "comparés au territoire, avec le secret statistique appliqué."
)
FICHE_COMMUNE_LABEL = "Commune"
FICHE_DOWNLOAD_HTML = "Fiche à imprimer (A4)"
FICHE_DOWNLOAD_XLSX = "Classeur Excel de la commune"
FICHE_PREVIEW = "Aperçu de la fiche"

# Assemblée générale (presentation page and PowerPoint).
AG_PAGE = "Assemblée générale"
AG_TITLE = "Assemblée générale"
AG_INTRO = (
    "Les chiffres clés de l'année en diaporama 16:9, une diapositive par chiffre ou par "
    "graphique. Flèches → et ← du clavier (ou boutons) pour avancer et reculer ; "
    "« Présenter » masque le reste de la page (touche F11 du navigateur pour le plein écran). "
    "Le secret statistique est toujours appliqué : une assemblée générale est publique."
)
AG_DECK_TITLE = "Assemblée générale {year}"
AG_DECK_SUBTITLE = "{territory}"
AG_DECK_LEAD = "Les chiffres clés de l'année {year}"
AG_DECK_DATE = "Chiffres extraits le {date}"
AG_PREVIOUS = "Précédente"
AG_NEXT = "Suivante"
AG_PRESENT = "Présenter"
AG_EXIT = "Quitter la présentation"
AG_COUNTER = "{index} / {count}"
AG_DOWNLOAD = "Télécharger en PowerPoint"
AG_KEYS_HELP = (
    "Clavier : → pour avancer, ← pour reculer, touches Début et Fin pour la première et la "
    "dernière diapositive, Échap pour quitter la présentation."
)
AG_EVOLUTION = "{evolution} sur un an"
AG_PREVIOUS_VALUE = "{value} un an plus tôt"
AG_SECRET_VALUE = "s"
AG_SECRET_CAPTION = "valeur couverte par le secret statistique"
AG_MASKED_COMMUNES = "Non représentées (secret statistique) : {communes}."
AG_MASKED_MORE = "et {n} autres"
# a territory of more communes than a slide's bars: its largest ones
AG_CHART_LARGEST = "{title} (les {shown} premières communes sur {communes})"
AG_QPV_TITLE = "Quartiers prioritaires"
AG_QPV_SHARE = "{part} des demandeurs d'emploi A, B, C du territoire (fin {month})"
AG_QPV_POPULATION = "{population} habitants dans ces quartiers ({year})"
AG_QPV_INTERCOMMUNAL = "Hors quartiers à cheval sur d'autres communes : {quartiers}."
AG_QPV_CHART = "Demandeurs d'emploi A, B, C par quartier prioritaire (ONPV, {when})"
AG_MASKED_QUARTERS = "Non représentés (secret statistique) : {quartiers}."
AG_SOURCES_TITLE = "Sources et méthode"
AG_CHART_PLIE = "Participants du PLIE par commune en {year}"
AG_CHART_ML = "Jeunes accompagnés par la Mission Locale par commune en {year}"
AG_CHART_JOB_SEEKERS = "Demandeurs d'emploi A, B, C par commune ({when})"
AG_CHART_JOB_SEEKERS_YEAR = "Demandeurs d'emploi : {before} et {now}"
AG_CHART_EXITS = "Sorties du PLIE en {year}"
AG_CHART_EXITS_LABELS = {
    "plie_sorties_positives": "Positives (emploi, formation)",
    "plie_sorties_neutres": "Neutres",
    "plie_sorties_autres": "Autres (réorientation, rupture)",
}
AG_CHART_JOB_SEEKERS_LABELS = {
    "de_abc": "Catégories A, B, C",
    "de_a": "Catégorie A",
    "de_abc_longue_duree": "Inscrits depuis 12 mois ou plus",
    "de_abc_moins_25": "Moins de 25 ans",
    "de_abc_50plus": "50 ans et plus",
}
AG_NO_DATA = "Aucune donnée pour {territory} en {year} : rien à présenter."
EXPORT_DEMO_LABEL = "Attention"
AG_DEMO_MARK = "Données de démonstration"

# -- page « Carte » ---------------------------------------------------------------------------
MAP_PAGE = "Carte"
MAP_TITLE = "Carte des communes"
MAP_INTRO = (
    "Un indicateur par commune, en classes de couleur. Survolez une commune pour lire sa "
    "valeur et celle du territoire de référence ; cliquez-la (ou choisissez-la sous la "
    "carte) pour ouvrir sa fiche « Ma commune »."
)
MAP_QPV_TITLE = "Carte des quartiers prioritaires"
MAP_QPV_INTRO = (
    "Les quartiers prioritaires (géographie 2024) du territoire, en classes de couleur selon un "
    "chiffre des fichiers de l'ONPV, sur le fond des communes. Survolez un quartier pour lire "
    "sa valeur ; le tableau sous la carte les reprend tous."
)
MAP_LAYER_LABEL = "Carte"
MAP_LAYERS = {"communes": "Communes", "qpv": "Quartiers prioritaires (ONPV)"}
MAP_QPV_PERIOD = "chiffres ONPV de {period}"
MAP_QPV_NO_DATA = (
    "Aucun fichier de l'ONPV importé pour ces quartiers jusqu'en {year} : importez les "
    "fichiers « IPRO » et « DEMO » de l'Observatoire national de la politique de la ville."
)
MAP_QPV_NO_POLYGON = "Contour non disponible pour : {quartiers} (chiffres dans le tableau)."
MAP_QPV_SOURCES = (
    "Sources : ONPV (fichiers « IPRO » et « DEMO » importés), contours des QPV 2024 (ANCT), "
    "communes (IGN). Fond sans tuiles : rien n'est chargé depuis internet."
)
MAP_QPV_TABLE_HEADER = "Les quartiers"
MAP_SCOPE_LABEL = "Étendue"
MAP_SCOPES = {"territory": "Territoire", "nord": "Tout le Nord"}
MAP_INDICATOR_LABEL = "Indicateur"
MAP_MEASURE_LABEL = "Mesure"
MAP_MEASURES = {"valeur": "Nombre", "part": "Part (%)", "taux": "Pour 1 000 habitants"}
MAP_METHOD_LABEL = "Classes"
MAP_METHODS = {"jenks": "Seuils naturels (Jenks)", "quantiles": "Quantiles (effectifs égaux)"}
MAP_METHOD_HELP = (
    "Seuils naturels : les classes regroupent les valeurs proches et séparent les écarts "
    "les plus marqués. Quantiles : chaque classe compte à peu près autant de communes."
)
MAP_CLASSES_LABEL = "Nombre de classes"
MAP_QPV_LABEL = "Quartiers prioritaires (QPV 2024)"
MAP_COMPARE_LABEL = "Deux cartes côte à côte"
MAP_COMPARE_WHAT = "Comparer"
MAP_COMPARE_OPTIONS = {"years": "deux années", "indicators": "deux indicateurs"}
MAP_YEAR2_LABEL = "Année de la seconde carte"
MAP_INDICATOR2_LABEL = "Indicateur de la seconde carte"
MAP_SAME_CLASSES = (
    "Les deux cartes ont les mêmes classes, calculées sur l'ensemble de leurs valeurs : "
    "une même couleur signifie la même fourchette de valeurs."
)
MAP_COMMUNE_LABEL = "Ouvrir la fiche d'une commune"
MAP_COMMUNE_PLACEHOLDER = "Choisir une commune…"
MAP_COMMUNE_FALLBACK = (
    "**{commune}** : la page « Ma commune » n'est pas disponible dans cette fenêtre ; "
    "l'adresse de la page désigne maintenant cette commune (`?commune={code}`)."
)
MAP_COMMUNE_OUTSIDE = (
    "**{commune}** n'appartient à aucun des territoires suivis : elle n'a pas de fiche "
    "« Ma commune »."
)
MAP_NO_VALUE = (
    "**Aucune valeur à cartographier** pour cet indicateur en {period} : les fichiers "
    "correspondants n'ont pas été importés pour ces communes."
)
MAP_NO_YEARS = (
    "**Aucune donnée pour {territory}.** La carte s'affichera dès que ses fichiers auront "
    "été importés (page d'import, réservée aux gestionnaires)."
)
MAP_SECRET_NOTE = (
    "« s » (gris hachuré) : secret statistique. Les effectifs de 1 à {below} personnes sont "
    "masqués, ainsi que ceux qui permettraient de les retrouver à partir du total ; une part "
    "ou un taux est masqué quand l'effectif dont il est calculé l'est."
)
MAP_MISSING_NOTE = "Gris clair : donnée non disponible (aucun fichier importé pour la commune)."
MAP_NORD_NOTE = (
    "Les données importées ne couvrent que les communes des territoires suivis ({territories}) ; "
    "le territoire choisi est entouré de noir. La population est connue partout."
)
MAP_QPV_NOTE = "Contours disponibles pour les 8 QPV 2024 des communes de MELT et de MNO."
MAP_QPV_IMPORTED_NOTE = "Contours de {n} autre(s) QPV importés (`python -m cli geo import --kind qpv`)."
MAP_RESTRICTED_NOTE = (
    "Votre compte donne accès au détail de certaines communes seulement : les autres sont "
    "en gris ; la valeur de référence reste celle de tout le territoire."
)
MAP_SOURCES = (
    "Fond de carte : communes IGN Admin Express COG (simplifiées), quartiers prioritaires "
    "2024 ANCT, Licence Ouverte. Taux pour 1 000 habitants : population municipale Insee."
)
MAP_SUMMARY = (
    "{n} communes renseignées. Valeur la plus élevée : {top} ({top_value}) ; la plus faible : "
    "{bottom} ({bottom_value}). {reference} : {reference_value}."
)
MAP_SUMMARY_SECRET = "{n} commune(s) sous secret statistique."
MAP_DATA_CAPTION = "Valeurs de la carte, commune par commune, au format français."
MAP_COL_COMMUNE = "Commune"
MAP_COL_CODE = "Code Insee"
MAP_COL_VALUE = "Valeur"
MAP_COL_CLASS = "Classe"
MAP_NORD_REFERENCE = "Nord (communes renseignées)"
MAP_WIDE_REFERENCE = "{place} (communes renseignées)"
MAP_SCOPE_DEPARTEMENT = "Tout le département"
MAP_NO_BOUNDARIES = (
    "**Pas de contours pour les communes de {territory}.** La carte les dessinera dès que "
    "leurs contours seront importés : téléchargez les contours des communes (IGN ADMIN "
    "EXPRESS ou contours Etalab, en GeoPackage, Shapefile zippé ou GeoJSON) puis lancez "
    "`python -m cli geo import FICHIER` (ou importez-les depuis la page « Territoires »)."
)
# the same for an élu or a lecteur, who can neither run the command nor open « Territoires »
MAP_NO_BOUNDARIES_READER = (
    "**Pas de contours pour les communes de {territory}.** La carte les dessinera dès que "
    "leurs contours auront été importés par un gestionnaire de l'application. En attendant, "
    "les chiffres par commune sont sur les autres pages (« Ma commune », tableaux « Par "
    "commune »)."
)
MAP_SOME_BOUNDARIES_MISSING = (
    "{n} commune(s) sans contours ne sont pas dessinées ({examples}) : importez leurs "
    "contours avec `python -m cli geo import FICHIER`."
)
MAP_POPULATION_PERIOD = "population légale"
MAP_MAP_LABEL = "Carte : {title}, {period}"

# -- tableaux de bord : filtres et états vides ---------------------------------------------
COMMUNES_LABEL = "Communes"
COMMUNES_PLACEHOLDER = "Toutes les communes"
COMMUNE_LABEL = "Commune"
REFERENCE_LABEL = "Comparer avec"
REFERENCE_HELP = (
    "Territoire de référence. La comparaison ne porte que sur les communes dont les données "
    "sont importées pour la période."
)
NO_REFERENCE_LABEL = "Aucune comparaison"
N_COMMUNES = "{n} communes de {territory}"
EMPTY_STORE_DASHBOARD = (
    "**Aucune donnée n'a encore été importée.** Importez les exports mensuels (France "
    "Travail, Mission Locale, PLIE, Maison de l'Emploi) depuis la page d'import pour "
    "afficher ce tableau de bord."
)
IMPORT_LINK = "Importer un fichier"
NO_DASHBOARD_DATA = (
    "**Aucune donnée {what} pour {place} en {year}.** Choisissez une autre année ou un autre "
    "territoire, ou importez le fichier correspondant depuis la page d'import."
)
SECRET_NOTICE = (
    "Vue élus : les effectifs de moins de 11 personnes par commune sont remplacés par « s » "
    "(secret statistique)."
)
CONFIDENTIAL_NOTICE = (
    ":material/lock: **Confidentiel** : vue gestionnaire, les effectifs de moins de 11 "
    "personnes ne sont pas masqués. Ne pas diffuser ces tableaux en dehors de la structure."
)
SECRET_LEGEND = "s : secret statistique (moins de 11 personnes)"
REFERENCE_COVERAGE = (
    "{reference} : comparaison calculée sur les {covered} communes (sur {communes}) dont les "
    "données sont importées."
)
LOGIN_AFTER_FIRST_IMPORT = (
    "Ce premier import de données réelles est enregistré : l'application ne montre plus "
    "seulement des données de démonstration, et la connexion est désormais nécessaire."
)
LOGIN_AFTER_FIRST_IMPORT_ACCOUNT = (
    "Ce premier import de données réelles est enregistré : l'application ne montre plus "
    "seulement des données de démonstration, et la connexion est désormais nécessaire. "
    "**Connectez-vous avec le compte « {name} »** créé avec cet import, et son mot de passe."
)
REFERENCE_COVERAGE_RANGE = (
    "{reference} : comparaison calculée sur les seules communes (sur {communes}) dont les "
    "données sont importées, de {low} à {high} selon la source."
)
REFERENCE_VALUE = "{reference} : {value}"
# a reference compared on its covered communes only: said where its figure shows (a card,
# a legend), not only below: « Département du Nord, 10 communes couvertes sur 647 : 67,2 »
REFERENCE_PARTIAL = "{reference}, {covered} communes couvertes sur {communes}"
REFERENCE_PARTIAL_RANGE = "{reference}, {low} à {high} communes couvertes sur {communes}"
REFERENCE_NO_DATA = "{reference} : aucune donnée importée pour {year}, pas de comparaison."

# -- graphiques ---------------------------------------------------------------------------
DEFINITIONS_BUTTON = "Définitions"
COL_MONTH = "Mois"
COL_COMMUNE = "Commune"
ALT_EMPTY = "Aucune valeur à représenter."
ALT_LINE = "{label} : {first} en {start}, {last} en {end}"
ALT_BAR = ("{label} : valeur la plus élevée pour {top} ({top_value}), la plus faible pour "
           "{low} ({low_value})")
ALT_BAR_ONE = "{label} : {value} pour {category}"
LPE_CHART_LABEL = "Loi pour le plein emploi"
UNIT_PERSONS = "personnes"
UNIT_PER_1000 = "pour 1 000 habitants"
PERIOD_UNIT_MONTHS = "De {start} à {end} · {unit} · données brutes, fin de mois"
AT_MONTH_UNIT = "Fin {month} · {unit}"
EVOLUTION_SUBTITLE = "De fin {start} à fin {end} · évolution en %"
LPE_CAPTION = "À lire avec prudence : " + LPE_NOTE[0].lower() + LPE_NOTE[1:]
MEASURE_DEFINITIONS = {
    "tendance_12_mois": (
        "Tendance sur 12 mois",
        "Moyenne des douze derniers mois connus. Elle lisse les variations d'un mois à "
        "l'autre, trop irrégulières pour être interprétées seules.",
    ),
    "pour_1000": (
        "Pour 1 000 habitants",
        "Effectif divisé par la population totale légale (Insee, millésime le plus récent) de "
        "la commune ou du territoire, multiplié par 1 000.",
    ),
    "reference_coverage": (
        "Territoire de référence",
        "La valeur du territoire de référence n'est calculée que sur les communes dont les "
        "données sont importées pour la période : population et effectifs portent sur les "
        "mêmes communes.",
    ),
    "ml_situations": (
        "Situations professionnelles",
        "Emplois, contrats en alternance, formations, immersions, volontariats et retours en "
        "scolarité démarrés dans l'année par les jeunes suivis ; un jeune peut en avoir "
        "plusieurs.",
    ),
    "qpv_residence": (
        "Habitant d'un QPV",
        "Personne dont l'adresse, telle qu'exportée par le logiciel de suivi, est dans un "
        "quartier prioritaire de la politique de la ville (code QPV renseigné).",
    ),
    "evolution": (
        "Évolution sur un an",
        "(Valeur du mois − valeur du même mois un an plus tôt) ÷ valeur un an plus tôt.",
    ),
}

# -- page « Demandeurs d'emploi » ----------------------------------------------------------
DE_PAGE = "Demandeurs d'emploi"
DE_TITLE = "Demandeurs d'emploi"
DE_INTRO = (
    "Les demandeurs d'emploi inscrits à France Travail en fin de mois : évolution, communes, "
    "profil. Catégorie A : sans activité ; catégories A, B, C : tenus de rechercher un emploi."
)
DE_WHAT = "France Travail"
DE_ABC = "Demandeurs d'emploi A, B, C"
DE_A = "dont catégorie A"
DE_PER_1000 = "Pour 1 000 habitants"
DE_METRICS_CAPTION = (
    "Situation fin {month} ; évolution sur un an : de fin {prev} à fin {month}."
)
# a later month an import covers only some communes of (queries/series.py:
# partial_job_seeker_month): the figures are the last complete month's
DE_PARTIAL_MONTH = (
    "{partial} : données pour {n} commune{s} sur {of} seulement ; les chiffres sont ceux "
    "de {month}."
)
DE_LONG = "Inscrits depuis 12 mois ou plus"
OF_ABC = "des demandeurs A, B, C"
SERIES_ABC = "Catégories A, B, C"
SERIES_A = "Catégorie A"
SERIES_ABC_TREND = "A, B, C : tendance sur 12 mois"
SERIES_A_TREND = "A : tendance sur 12 mois"
DE_SERIES_HEADER = "Évolution mois par mois"
DE_SERIES_TITLE = (
    "Demandeurs d'emploi de catégories A et A, B, C, fin de mois, {place} — source France Travail"
)
DE_COMMUNES_HEADER = "Par commune"
DE_COMMUNES_TITLE = (
    "Demandeurs d'emploi A, B, C pour 1 000 habitants, par commune, {place} — source France "
    "Travail, Insee"
)
DE_PROFILE_HEADER = "Profil des demandeurs d'emploi"
DE_PROFILE_TITLE = "Demandeurs d'emploi A, B, C par {dimension}"
DE_PROFILE_SUBTITLE = "Fin {month} · {place} · part en % · source France Travail"
DIMENSIONS = {
    "age_band": "âge",
    "sex": "sexe",
    "duration_band": "ancienneté d'inscription",
    "category": "catégorie",
}
MODALITIES = {
    "age_band": {"moins_25": "moins de 25 ans", "25_49": "25 à 49 ans",
                 "50_plus": "50 ans et plus"},
    "sex": {"F": "femmes", "H": "hommes"},
    "duration_band": {"moins_12m": "moins de 12 mois", "12_23m": "12 à 23 mois",
                      "24m_plus": "24 mois et plus"},
    "category": {"A": "catégorie A", "B": "catégorie B", "C": "catégorie C"},
}
DE_EVOLUTION_HEADER = "Évolution sur un an"
DE_EVOLUTION_TITLE = (
    "Évolution sur un an des demandeurs d'emploi, par commune, {place} — source France Travail"
)
DE_ABC_AT = "A, B, C fin {month}"
EXPORT_SOURCE_SHORT = "{label} ({period})."
AG_CONFIDENTIAL_MARK = "CONFIDENTIEL : effectifs non masqués"
AG_FIRST = "Début"
AG_LAST = "Fin"

# -- textes communs aux pages de programmes ---------------------------------------------------
IN_YEAR_PLACE = "Année {year} · {place}."
YEAR_PLACE_SOURCE = "{year} · {place} · source {source}"
YEAR_UNIT = "{year} · {unit}"
UNIT_STEPS = "nombre d'étapes"
SOURCE_PLIE = "PLIE (logiciel de suivi)"
SOURCE_ML = "Mission Locale (i-milo)"
SOURCE_MDE = "Maison de l'Emploi"
COL_RATE = "Taux"
COL_REASON = "Motif de sortie"
COL_FAMILY_STEP = "Famille d'étapes"
COL_PROFILE = "Profil"
COL_PRESCRIBER = "Prescripteur"
PARTICIPANTS_OF = "Participants, {place}"

# -- page « PLIE » ------------------------------------------------------------------------------
PLIE_PAGE = "PLIE"
PLIE_TITLE = "PLIE"
PLIE_INTRO = (
    "Plan local pour l'insertion et l'emploi : les personnes accompagnées dans l'année, leurs "
    "étapes de parcours et leurs sorties, au regard de l'objectif de 50 % de sorties positives."
)
PLIE_WHAT = "PLIE"
PLIE_PARTICIPANTS = "Participants"
PLIE_ENTRIES = "Nouvelles entrées"
PLIE_EXITS = "Sorties"
PLIE_RATE = "Taux de sorties positives"
PLIE_RATE_ADJUSTED = "Taux hors sorties neutres"
PLIE_TARGET = "Objectif"
PLIE_TARGET_HELP = (
    "Objectif contractuel : 50 % de sorties positives. Le taux hors sorties neutres "
    "(déménagement, santé, retraite) est présenté à côté."
)
PLIE_DURATION = "Durée des parcours"
PLIE_DURATION_NOTE = "mois en moyenne"
PLIE_POSITIVE = "Sorties positives"
PLIE_POSITIVE_NOTE = "dont {value} positives"
PLIE_TARGET_NOTE = "objectif : 50 %"
PLIE_EXITS_HEADER = "Sorties et objectif"
PLIE_RATE_TITLE = "Taux de sorties positives et objectif de 50 %"
PLIE_REASONS_TITLE = "Sorties du PLIE par motif"
EXIT_KINDS = {"positive": "positive", "neutre": "neutre", "autre": "autre (réorientation, "
              "rupture)", "inconnu": "non classée"}
PLIE_STEPS_HEADER = "Étapes de parcours"
PLIE_STEPS_TITLE = "Étapes de parcours du PLIE par famille, {place} — source PLIE"
PLIE_STEPS_RUNNING = "En cours dans l'année"
PLIE_STEPS_STARTED = "Démarrées dans l'année"
PLIE_STEPS_ALT = (
    "{steps} étapes en cours dans l'année pour {people} participants, de {types} types "
    "différents (détail dans le tableau)."
)
STEP_FAMILIES = {"emploi": "Emploi", "formation": "Formation", "mobilisation": "Mobilisation",
                 "social": "Social", "autre": "Autre"}
PLIE_PROFILE_HEADER = "Profil des participants et prescripteurs"
PLIE_PROFILE_TITLE = "Profil des participants et des nouvelles entrées"
PLIE_PROFILE = {
    "femmes": "Femmes",
    "seniors": "Séniors ({senior_age} ans et plus)",
    "rsa": "Allocataires du RSA",
    "niveau_bas": "Niveau ≤ {low_level}",
    "qpv": "Résidents en QPV",
}
PLIE_PROFILE_UNAVAILABLE = (
    "Non disponible : {lines}. Les fichiers du PLIE importés ne le disent pour aucun "
    "participant (colonne absente ou vide) ; ces lignes ne valent pas 0.")
PLIE_PRESCRIBERS_TITLE = "Nouvelles entrées par prescripteur"
PLIE_COMMUNES_HEADER = "Par commune"
PLIE_T2_TITLE = (
    "**Participants, nouvelles entrées et sorties positives par commune, {place}, {year}** "
    "— source PLIE"
)
T2_PARTICIPANTS = "Participants"
T2_QPV = "dont QPV"
T2_QPV_SHARE = "% QPV"
T2_ENTRIES = "Entrées"
T2_QPV_ENTRIES = "entrées QPV"
T2_QPV_SHARE_ENTRIES = "% QPV entrées"
T2_POSITIVE = "Sorties positives"
T2_CAPTION = (
    "Commune de résidence du participant. Cliquez sur une commune pour ouvrir sa fiche."
)
PLIE_PER_1000 = "Participants pour 1 000 habitants"
PLIE_PER_1000_TITLE = (
    "Participants du PLIE pour 1 000 habitants, par commune, {place} — source PLIE, Insee"
)

# --- Connexion et rôles ---------------------------------------------------------------
LOGIN_PAGE = "Connexion"
LOGIN_TITLE = "Connexion"
LOGIN_INTRO = "Ce tableau de bord contient des données réelles : connectez-vous pour continuer."
LOGIN_NAME = "Identifiant"
LOGIN_PASSWORD = "Mot de passe"
LOGIN_BUTTON = "Se connecter"
LOGIN_OIDC_BUTTON = "Se connecter avec le compte de l'association"
LOGOUT_BUTTON = "Se déconnecter"
LOGGED_IN_AS = "Connecté : **{name}** ({role})"
SESSION_EXPIRED = "Votre session a expiré après {minutes} minutes d'inactivité : reconnectez-vous."
SESSION_ENDED = "Votre session a pris fin (durée maximale de {hours} heures) : reconnectez-vous."
LOGIN_REDIRECT = "Connexion réussie : ouverture de la page demandée…"
LOGOUT_REDIRECT = "Déconnexion…"
PAGE_FORBIDDEN = (
    "La page « {page} » n'est pas ouverte au rôle {role}. Les pages de votre rôle sont dans "
    "le menu."
)
PAGE_NOT_FOUND_TITLE = "Cette page n'existe pas"
PAGE_NOT_FOUND = (
    "L'adresse demandée ne correspond à aucune page du tableau de bord : le lien est peut-être "
    "ancien ou mal recopié. Les pages sont dans le menu."
)
PAGE_NOT_FOUND_LINK = "Revenir à l'accueil"
UNEXPECTED_ERROR = (
    "**Une erreur inattendue s'est produite.** Rechargez la page ; si le problème persiste, "
    "signalez-le à l'administrateur de l'outil, qui en trouvera le détail dans le journal "
    "du serveur."
)
NO_ACCOUNT = (
    "Aucun compte n'existe encore. Créez le premier compte gestionnaire sur le serveur :\n\n"
    "```\necho 'mot de passe' | .venv/bin/python -m cli users add NOM --role gestionnaire "
    "--password-stdin\n```"
)
NO_ROLE = "Votre compte n'a pas de rôle : aucune page ne vous est ouverte. Adressez-vous à un gestionnaire."
ROLE_LABELS = {"gestionnaire": "gestionnaire", "elu": "élu", "lecteur": "lecteur"}
CONFIDENTIAL = "Chiffres non masqués — confidentiel, réservé aux gestionnaires."

# -- page « Mission Locale » ------------------------------------------------------------------
ML_PAGE = "Mission Locale"
ML_TITLE = "Mission Locale"
ML_INTRO = (
    "Les jeunes de 16 à 25 ans accueillis et accompagnés par la Mission Locale : premiers "
    "accueils, contacts, situations professionnelles, CEJ, PACEA et aides financières."
)
ML_WHAT = "Mission Locale"
IN_YEAR_PLACE_EVOL = "Année {year} · {place} · évolution par rapport à {prev}."
ML_NEW = "Nouveaux inscrits"
ML_FOLLOWED = "Jeunes accompagnés"
ML_CONTACTS = "Contacts"
ML_INTERVIEWS = "Entretiens individuels"
ML_ACTIVITY_HEADER = "Activité mois par mois"
ML_CONTACTS_TITLE = "Contacts avec les jeunes par mois et par type"
ML_CONTACTS_ALT = "{total} contacts dans l'année, dont {interviews} entretiens individuels."
ML_NEW_TITLE = "Nouveaux inscrits par mois (premier accueil)"
ML_CONTACTS_NOT_AVAILABLE = (
    "Contacts non disponibles : l'extraction importée ne contient pas de feuille des contacts "
    "(événements, entretiens). Les jeunes accompagnés, les contacts et les entretiens sont "
    "indiqués « n.d. » ; les premiers accueils, les entrées en CEJ et en PACEA et les aides "
    "viennent des autres feuilles.")
CONTACT_TYPES = {"entretien": "Entretiens", "atelier": "Ateliers",
                 "distance": "Téléphone, courriel, SMS", "autre": "Autres"}
# a contact's type as offered on the import page for an unknown value (one per stored code)
# The Maison de l'Emploi's part in an event, as the import page offers it (ingest/codes.py).
IMPORT_EVENT_ROLES = {"organise": "Organisé par la Maison de l'Emploi",
                      "co_organise": "Co-organisé avec des partenaires",
                      "participation": "Participation à l'événement d'un autre organisateur"}
IMPORT_CONTACT_TYPES = {"entretien": "Entretien individuel", "atelier": "Atelier, information collective",
                        "telephone": "Téléphone", "courriel": "Courriel ou courrier", "sms": "SMS",
                        "autre": "Autre (visite, prestation…)"}
ML_SITUATIONS_HEADER = "Situations professionnelles"
ML_SITUATIONS_TITLE = "Situations professionnelles démarrées dans l'année, par type"
ML_SITUATIONS = "Situations"
ML_YOUNG_WITH = "Jeunes concernés"
COL_SITUATION = "Situation"
SITUATIONS = {"emploi": "Emploi", "alternance": "Alternance", "formation": "Formation",
              "immersion": "Immersion en entreprise (PMSMP)",
              "volontariat": "Volontariat (Service civique)", "scolarite": "Retour en scolarité",
              "autre": "Autre"}
ML_PROGRAMMES_HEADER = "Contrat d'engagement jeune (CEJ) et PACEA"
ML_PROGRAMMES_TITLE = "Jeunes en CEJ et en PACEA"
COL_PROGRAMME = "Dispositif"
PROGRAMMES = {"CEJ": "CEJ", "PACEA": "PACEA"}
ML_PROG_FOLLOWED = "Accompagnés dans l'année"
ML_PROG_ENTRIES = "Entrés dans l'année"
ML_PROG_SOLUTION = "Avec au moins une solution"
ML_SHARES_TITLE = "CEJ : solutions et résidents en QPV"
ML_SHARES = {"cej_jeunes_solution": "Au moins une solution professionnelle",
             "cej_entrees_qpv": "Entrées de jeunes résidant en QPV"}
ML_AID_HEADER = "Aides financières"
ML_AID_TITLE = "Aides financières versées aux jeunes, par dispositif"
ML_AID_AMOUNT = "Montant versé"
ML_AID_RECIPIENTS = "Bénéficiaires"
ML_AID_PAYMENTS = "Versements"
COL_SCHEME = "Dispositif"
# the young people's aid fund: the Métropole's FAJeM in the MEL, the département's FAJ
# elsewhere (the same column of an i-milo extraction): (label, short name)
YOUTH_FUND = {True: ("Fonds d'Aide aux Jeunes en Métropole (FAJeM)", "FAJeM"),
              False: ("Fonds d'aide aux jeunes (FAJ)", "FAJ")}
AID_SCHEMES = {"allocation_cej": "Allocation CEJ", "allocation_pacea": "Allocation PACEA",
               "fajem": "FAJeM", "fonds_ml": "Fonds Mission Locale",
               "fonds_ml_repas": "Fonds Mission Locale (repas)",
               "mobilite": "Aide à la mobilité"}
ML_COMMUNES_HEADER = "Par commune"
ML_TABLE_TITLE = (
    "**Jeunes accueillis et accompagnés par commune, {place}, {year}** — source Mission Locale"
)
ML_TABLE_CAPTION = "Commune de résidence du jeune. Cliquez sur une commune pour ouvrir sa fiche."
ML_PER_1000 = "Accompagnés pour 1 000 hab."
ML_CEJ_FOLLOWED = "CEJ accompagnés"
ML_CEJ_ENTRIES = "CEJ entrées"
ML_PACEA_FOLLOWED = "PACEA accompagnés"
ML_PACEA_ENTRIES = "PACEA entrées"
ML_PER_1000_TITLE = (
    "Jeunes accompagnés par la Mission Locale pour 1 000 habitants, par commune, {place} — "
    "source Mission Locale, Insee"
)

# -- page « Maison de l'Emploi » --------------------------------------------------------------
MDE_PAGE = "Maison de l'Emploi"
MDE_TITLE = "Maison de l'Emploi"
MDE_INTRO = (
    "Les événements emploi organisés par la Maison de l'Emploi et les heures d'insertion "
    "réalisées au titre des clauses sociales."
)
MDE_WHAT = "Maison de l'Emploi"
MDE_EVENTS = "Événements organisés"
MDE_EXHIBITORS = "Exposants"
MDE_PARTICIPANTS = "Participants"
MDE_INTERVIEWS = "Entretiens"
MDE_HOURS = "Heures d'insertion"
MDE_FTE = "Équivalents temps plein"
MDE_FTE_NOTE = "base {hours} h par ETP"
MDE_EVENTS_HEADER = "Événements emploi"
MDE_EVENTS_TABLE_TITLE = (
    "**Événements emploi organisés, {place}, {year}** — source Maison de l'Emploi"
)
MDE_EVENTS_CAPTION = (
    "Entretiens : seuls certains événements les comptent (« — » : non relevé). Cliquez sur "
    "une commune pour ouvrir sa fiche."
)
MDE_NO_EVENTS = "Aucun événement emploi enregistré pour {place} en {year}."
MDE_QUARTERS_TITLE = "Participants aux événements emploi, par trimestre"
MDE_PARTICIPATIONS = "Participations à d'autres événements"
MDE_PARTICIPATIONS_NOTE = "hors événements organisés"
MDE_PARTICIPATIONS_TITLE = (
    "**Événements d'autres organisateurs auxquels la Maison de l'Emploi a participé, "
    "{year}** — source Maison de l'Emploi"
)
MDE_PARTICIPATIONS_CAPTION = (
    "Stands, ateliers ou accompagnement de publics lors d'événements organisés par des "
    "partenaires, où qu'ils aient eu lieu : {n} en {year} (T1 : {q1}, T2 : {q2}, T3 : {q3}, "
    "T4 : {q4}). Leurs exposants et visiteurs ne sont pas comptés avec ceux des événements "
    "organisés."
)
COL_DATE = "Date"
COL_EVENT = "Événement"
COL_QUARTER = "Trimestre"
TOTAL = "Total"
N_EVENTS = "{n} événements"
# For an account limited to some communes: the other communes' events in one line.
MDE_OTHER_COMMUNES_EVENTS = "Autres communes du territoire : {n} événement(s)"
MDE_CLAUSES_HEADER = "Clauses sociales d'insertion"
MDE_NO_CLAUSES = "Aucune heure de clause sociale enregistrée pour {place} en {year}."
MDE_FTE_CAPTION = (
    "Équivalents temps plein : heures divisées par {hours} h, durée annuelle d'un temps plein "
    "retenue pour {territory} (réglage du territoire)."
)
MDE_CLAUSES_TITLE = "Heures d'insertion réalisées par mois, {place} — source Maison de l'Emploi"
MDE_HOURS_RESIDENTS = "Heures des habitants"
MDE_HOURS_SITES = "Heures sur les chantiers du territoire"
MDE_CLAUSE_PEOPLE = "Habitants en clause"
UNIT_HOURS = "heures"
MDE_CLAUSES_TABLE_TITLE = (
    "**Clauses sociales par commune de résidence, {place}, {year}** — source Maison de l'Emploi"
)
MDE_CLAUSES_CAPTION = (
    "Heures des habitants : par commune de résidence, quel que soit le chantier. Heures sur "
    "les chantiers : par commune du chantier, quels que soient les travailleurs."
)

# -- page « Quartiers prioritaires » -----------------------------------------------------------
QPV_PAGE = "Quartiers prioritaires"
QPV_TITLE = "Quartiers prioritaires (QPV)"
QPV_INTRO = (
    "Les quartiers prioritaires de la politique de la ville (géographie 2024) des communes "
    "choisies : leurs chiffres publiés par l'ONPV (habitants, demandeurs d'emploi), la part "
    "des demandeurs d'emploi qui y résident, et la part de leurs habitants parmi les "
    "personnes accompagnées."
)
QPV_WHAT = "PLIE ou Mission Locale"
QPV_LIST_HEADER = "Les quartiers prioritaires"
QPV_NONE = "Aucun quartier prioritaire (géographie 2024) dans : {place}."
# the app ships the QPV list of the MEL only: elsewhere, none listed is not « none »
QPV_NOT_LISTED = (
    "La liste des quartiers prioritaires (géographie 2024) n'est pas connue de l'application "
    "pour : {place} (elle la fournit pour la Métropole européenne de Lille). Un gestionnaire "
    "peut l'ajouter en important les contours des QPV (page « Territoires », ou `python -m "
    "cli geo import FICHIER --kind qpv`).")
QPV_LIST_CAPTION = (
    "Source : ANCT, liste des quartiers prioritaires 2024 de la Métropole européenne de Lille."
)
COL_QPV_CODE = "Code QPV"
COL_QPV_NAME = "Quartier prioritaire"
COL_POPULATION = "Public"
SOURCE_QPV = "PLIE, Mission Locale"
QPV_SHARES_HEADER = "Habitants des QPV parmi les publics accompagnés"
QPV_SHARES_TITLE = "Part des habitants de QPV, par dispositif"
# under the chart, when some answers about QPV residence are blank or « inconnu »
QPV_UNKNOWN_NOTE = (
    "Parts calculées sur les personnes dont la résidence en QPV est connue. Résidence "
    "inconnue : {parts}."
)
QPV_UNKNOWN_PART = "{population} : {n}"
QPV_POPULATIONS = {
    "plie_participants": "Participants du PLIE",
    "plie_nouvelles_entrees": "Nouvelles entrées au PLIE",
    "ml_jeunes_accompagnes": "Jeunes accompagnés (Mission Locale)",
    "cej_entrees": "Entrées en CEJ",
    "pacea_entrees": "Entrées en PACEA",
}
QPV_RESIDENTS = "Habitants de QPV"
QPV_ALL = "Personnes"
QPV_SHARE = "% QPV"
QPV_UNKNOWN = "QPV hors liste 2024"
QPV_JOB_SEEKERS = (
    "**Demandeurs d'emploi des quartiers** : aucun fichier de l'ONPV importé pour ces "
    "quartiers jusqu'en {year}. Importez les fichiers « IPRO » (demandeurs d'emploi, "
    "insertion professionnelle) et « DEMO » (population) de l'Observatoire national de la "
    "politique de la ville, en indiquant l'année des chiffres : les fichiers France Travail "
    "par commune ne distinguent pas les habitants des QPV."
)
QPV_MATCH_COL = "Correspondance avec 2015"
QPV_CODE_2015 = "Quartier 2015 (fichiers ONPV)"
QPV_COMMUNES = "Commune(s)"
QPV_MATCHES = {
    "identique": "même nom, même(s) commune(s)",
    "nom_proche": "nom proche (périmètre redessiné en 2024 : à vérifier)",
    "sans_equivalent_2015": "aucun quartier 2015 correspondant : pas de chiffre des fichiers "
                            "de 2015 à 2023",
}
QPV_LIST_MATCH_CAPTION = (
    "Les fichiers ONPV jusqu'au millésime 2023 nomment les quartiers de 2015 (codes QP…). "
    "Chacun est rapproché du quartier 2024 de même nom dans la même commune "
    "(correspondance établie par commune et par nom, faute de table officielle : "
    "data/ref/qpv-correspondance). Un nom identique ne garantit pas un périmètre identique."
)
QPV_ORPHANS = (
    "Quartier(s) de 2015 sans équivalent en 2024 dans ces communes : {quartiers}. Leurs "
    "chiffres ne sont rattachés à aucun quartier actuel."
)
QPV_ONPV_HEADER = "Les chiffres des quartiers (ONPV)"
QPV_ONPV_WHEN = (
    "Demandeurs d'emploi et taux d'emploi : fichier ONPV « IPRO », chiffres de {ipro}. "
    "Habitants : fichier « DEMO », chiffres de {demo}."
)
QPV_ONPV_NONE_THEME = "aucun fichier importé"
QPV_ONPV_TOTAL = "Ensemble des quartiers du territoire"
QPV_ONPV_INTERCOMMUNAL = (
    "Quartier(s) à cheval sur des communes hors du territoire ({quartiers}) : leurs chiffres "
    "portent sur tout le quartier et ne peuvent être répartis entre communes ; ils ne comptent "
    "ni dans le total du territoire ni dans celui d'une commune."
)
QPV_ONPV_SECRET = (
    "s : secret statistique, celui de l'ONPV (case vide du fichier) ou celui de "
    "l'application (moins de 11 personnes). Quand le nombre de demandeurs d'emploi d'un "
    "quartier est secret, ses lignes « dont » (femmes, moins de 25 ans…) le sont aussi."
)
QPV_ONPV_NO_REFERENCE = (
    "Les fichiers ONPV n'ont pas de ligne par EPCI, et leur ligne « Ensemble des QPV » "
    "(France entière, fichiers 2018 et 2019 seulement) est écartée à l'import comme une ligne "
    "de total : ni la Métropole ni la France ne sont comparées ici."
)
QPV_ONPV_COLUMNS = {
    "qpv_population": "Habitants",
    "qpv_de_abc": "Demandeurs d'emploi A, B, C",
    "qpv_de_a_part": "% catégorie A",
    "qpv_de_abc_femmes_part": "% femmes",
    "qpv_de_abc_moins_25_part": "% moins de 25 ans",
    "qpv_de_abc_50plus_part": "% 50 ans et plus",
    "qpv_de_abc_longue_duree_part": "% inscrits 1 an ou plus",
    "qpv_de_abc_niveau_bas_part": "% niveau ≤ {low_level}",
    "qpv_taux_emploi": "Taux d'emploi 15-64 ans",
}
QPV_ONPV_FILE_CODE = "Code dans le fichier"
QPV_COMPARE_HEADER = "Un quartier, sa commune et le territoire"
QPV_COMPARE_LABEL = "Quartier"
QPV_COMPARE_COLUMNS = ("Indicateur", "Quartier", "Commune", "Territoire")
QPV_COMPARE_CAPTION = (
    "Parts parmi les demandeurs d'emploi A, B, C. Quartier : ONPV, chiffres de {ipro}. "
    "Commune et territoire : fichiers France Travail ou Dares importés, fin {month}. "
    "— : non disponible (niveau de formation absent des fichiers par commune ; commune "
    "non comparable pour un quartier sur plusieurs communes)."
)
QPV_COMPARE_NO_MONTH = (
    "Commune et territoire : aucun fichier de demandeurs d'emploi par commune importé."
)
QPV_SHARE_HEADER = "Part des demandeurs d'emploi résidant en QPV"
QPV_SHARE_COLUMNS = {
    "qpv_de_abc": "Demandeurs d'emploi A, B, C en QPV (ONPV)",
    "de_abc": "Demandeurs d'emploi A, B, C de la commune",
    "qpv_part_de_abc": "Part résidant en QPV",
    "qpv_de_a": "Catégorie A en QPV (ONPV)",
    "de_a": "Catégorie A de la commune",
    "qpv_part_de_a": "Part de la cat. A résidant en QPV",
}
QPV_SHARE_DATES = (
    "Dates utilisées : quartiers, chiffres ONPV de {onpv} ; communes, demandeurs d'emploi "
    "(France Travail, Dares) fin {month}."
)
QPV_SHARE_DATES_DIFFER = (
    "Les deux dates diffèrent ({onpv} pour les quartiers, fin {month} pour les communes : "
    "le mois importé le plus proche). La part rapproche deux dates différentes ; importez "
    "les demandeurs d'emploi par commune de la date des chiffres ONPV pour une part exacte."
)
QPV_SHARE_NO_MONTH = (
    "Aucun fichier de demandeurs d'emploi par commune (France Travail, Dares) importé pour "
    "ces communes : la part ne peut pas être calculée."
)
QPV_SHARE_CAPTION = (
    "Demandeurs d'emploi domiciliés dans les quartiers situés entièrement dans la commune, "
    "divisés par ceux de la commune. Total : quartiers situés entièrement dans le territoire, "
    "divisés par les demandeurs d'emploi de toutes ses communes. Les autres communes du "
    "territoire n'ont pas de quartier prioritaire."
)
QPV_EVOLUTION_HEADER = "Évolution entre millésimes"
QPV_EVOLUTION_ONE = (
    "Un seul millésime de l'ONPV importé jusqu'en {year} : importez les fichiers d'autres "
    "années pour suivre l'évolution."
)
QPV_EVOLUTION_COL = "Évolution depuis le millésime précédent"
QPV_EVOLUTION_CAPTION = (
    "Demandeurs d'emploi A, B, C de chaque quartier, par année des chiffres ONPV. D'un "
    "millésime de 2015 à un de 2024, le périmètre du quartier peut avoir changé."
)
QPV_PLIE_ML_NONE = (
    "Aucune donnée PLIE ou Mission Locale en {year} pour {place} : la part des habitants de "
    "QPV parmi les personnes accompagnées n'est pas disponible."
)
QPV_COMMUNES_HEADER = "Par commune et par quartier"
QPV_TABLE_CAPTION = (
    "{population}, {year}, par commune de résidence. Cliquez sur une commune pour ouvrir sa "
    "fiche."
)
QPV_QUARTIERS_CAPTION = "Par quartier prioritaire de résidence (code QPV de l'adresse)."

# -- page « Ma commune » ------------------------------------------------------------------------
COMMUNE_PAGE = "Ma commune"
COMMUNE_TITLE = "Ma commune"
COMMUNE_PAGE_TITLE = "Ma commune : {commune}"
COMMUNE_WHAT = "importée"
COMMUNE_HEADER = (
    "**{population} habitants** (population totale légale) · {territory} · année {year} · "
    "comparaison : {reference}"
)
COMMUNE_QPV = "**Quartiers prioritaires** : {qpv}"
COMMUNE_NO_QPV = "**Quartiers prioritaires** : aucun (géographie 2024)."
COMMUNE_QPV_NOT_LISTED = ("**Quartiers prioritaires** : liste non connue de l'application "
                          "pour cette commune (géographie 2024).")
COMMUNE_QPV_HEADER = "Quartiers prioritaires de la commune"
COMMUNE_QPV_NO_ONPV = (
    "Chiffres des quartiers : aucun fichier de l'ONPV importé jusqu'en {year} (page "
    "« Quartiers prioritaires »)."
)
COMMUNE_QPV_SHARE = (
    "**{part}** des demandeurs d'emploi A, B, C de {commune} résident dans un de ses "
    "quartiers prioritaires ({qpv} sur {all})."
)
COMMUNE_QPV_INTERCOMMUNAL = (
    "Un quartier à cheval sur plusieurs communes n'est pas compté dans cette part : ses "
    "chiffres ne se répartissent pas entre communes."
)
DE_FAMILY = "Demandeurs d'emploi"  # the registry's family name
COMMUNE_METRICS_CAPTION = (
    "Demandeurs d'emploi fin {month}, autres chiffres de l'année {year} ; évolution sur un an."
)
COMMUNE_COMPARE_HEADER = "Comparée au territoire et à la référence"
COMMUNE_COMPARE_TITLE = "{commune} : principaux publics pour 1 000 habitants, {year}"
COMMUNE_COMPARE_SUBTITLE = (
    "Pour 1 000 habitants · sources France Travail, PLIE, Mission Locale, Maison de l'Emploi, "
    "Insee"
)
COMMUNE_TREND_HEADER = "Demandeurs d'emploi mois par mois"
COMMUNE_ALL_HEADER = "Tous les indicateurs"
COMMUNE_ALL_CAPTION = (
    "Chaque indicateur de la commune, son évolution sur un an, puis sa comparaison avec le "
    "territoire et la référence : pour 1 000 habitants (‰) pour un effectif, part du total (%) "
    "pour un « dont », le taux lui-même pour un taux. Rang : place de la commune parmi celles "
    "du territoire (1 = la valeur la plus élevée)."
)
COL_INDICATOR = "Indicateur"
COL_RANK = "Rang"
RANK = "{rank} sur {of}"

# -- Territory workbook for presenters; exports limited to an account's communes ----------
KEY_FIGURES_DOWNLOAD_XLSX = "Télécharger le classeur Excel"
AG_DOWNLOAD_XLSX = "Télécharger le classeur Excel"
EXPORT_COMMUNES_LIMITED = "Communes détaillées"
EXPORT_COMMUNES_LIMITED_VALUE = (
    "Tableaux par commune limités aux communes de votre compte : {communes}. "
    "Les totaux restent ceux de tout le territoire."
)
EXPORT_COMMUNES_NONE = "aucune"
