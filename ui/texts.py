"""Every sentence the user reads, in one place, so it can be reviewed in French.

Placeholders in braces are filled with `str.format` by the page; numbers and dates
arrive already formatted by `ui.format`.
"""

# -- application ------------------------------------------------------------------
APP_TITLE = "Tableau de bord emploi territorial"
DEMO_BANNER = (
    "**Données de démonstration** : les chiffres affichés sont fictifs, produits pour "
    "présenter l'outil. Ils ne décrivent pas la situation réelle du territoire."
)

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
NO_YEARS = (
    "**Aucune donnée pour le territoire {territory}.** Importez les fichiers de ce "
    "territoire depuis la page d'import pour afficher ses chiffres clés."
)
NO_DATA_FOR_YEAR = (
    "**Aucune donnée pour {territory} en {year}.** Choisissez une autre année "
    "(années disponibles : {years}) ou importez les fichiers de {year} depuis la page d'import."
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
SHARE = "({share})"
DEFINITION = "Définition"
EMPTY_FAMILIES = "Pas de données importées pour cette année : {families}."
NO_VALUE = "donnée non disponible"
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
IMPORT_MAPPING_SHEET = "Feuille « {sheet} »"
IMPORT_MAPPING_NONE = "— ne pas importer —"
IMPORT_MAPPING_REQUIRED = "{label} (obligatoire)"
IMPORT_MAPPING_COLUMN = "Colonne « {header} »"
IMPORT_PERSONAL_HEADER = "Données personnelles écartées"
IMPORT_PERSONAL = (
    "Ces colonnes contiennent des données personnelles : elles ne seront jamais "
    "enregistrées. {columns}"
)
IMPORT_BUTTON = "Importer"
IMPORT_DROP_BUTTON = "Importer sans les lignes invalides"
IMPORT_BLOCKED = "« Importer » est désactivé tant que le fichier contient des erreurs."
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
IMPORT_SUCCESS_FIRST = (
    "C'est le premier import de cette source pour ce territoire et cette période."
)
IMPORT_SAME_FILE = "**Ce fichier avait déjà été importé** (import n° {id}) : rien n'a changé."
IMPORT_USER = "gestionnaire"  # `user` of the imports made from the page, until there is a login

# -- page « Historique des imports » ------------------------------------------------------
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
HISTORY_STATUS = {"active": "actif", "replaced": "remplacé", "rolled_back": "annulé"}
HISTORY_NOTE_REPLACES = "remplace n° {ids}"
HISTORY_NOTE_REPLACED_BY = "remplacé par n° {id}"
HISTORY_NOTE_ROLLED_BACK = "annulé le {date} par {user}"
HISTORY_NOTE_DROPPED = "lignes invalides écartées"
HISTORY_ROLLBACK_HEADER = "Annuler un import"
HISTORY_ROLLBACK_INTRO = (
    "Annuler un import retire ses données des tableaux de bord ; s'il avait remplacé un "
    "import précédent, celui-ci redevient actif. Le fichier d'origine reste archivé."
)
HISTORY_ROLLBACK_SELECT = "Import actif à annuler"
HISTORY_ROLLBACK_OPTION = "n° {id} · {source} · {territory} · {period} · {file}"
HISTORY_ROLLBACK_CONFIRM = "Je confirme l'annulation de l'import n° {id}"
HISTORY_ROLLBACK_BUTTON = "Annuler cet import"
HISTORY_ROLLBACK_NONE = "Aucun import actif : il n'y a rien à annuler."
HISTORY_ROLLBACK_DONE = "**L'import n° {id} est annulé.**"
HISTORY_ROLLBACK_REACTIVATED = "L'import n° {ids} est de nouveau actif."
HISTORY_ROLLBACK_NOTHING_BACK = (
    "Il n'avait remplacé aucun import : ses données ne sont plus affichées."
)

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
EXPORT_DEMO = "Données de démonstration : les chiffres sont fictifs, produits pour présenter l'outil."
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
FICHE_DOWNLOAD_HTML = "Télécharger la fiche à imprimer (HTML, A4)"
FICHE_DOWNLOAD_XLSX = "Télécharger le classeur de la commune (Excel)"
FICHE_PREVIEW = "Aperçu de la fiche"

# Assemblée générale (presentation page and PowerPoint).
AG_PAGE = "Assemblée générale"
AG_TITLE = "Assemblée générale"
AG_INTRO = (
    "Les chiffres clés de l'année en plein écran, une diapositive par chiffre ou par "
    "graphique. Flèches ← et → du clavier (ou boutons) pour avancer et reculer ; « Présenter » "
    "masque le reste de la page. Le secret statistique est toujours appliqué : une "
    "assemblée générale est publique."
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
AG_DOWNLOAD = "Télécharger la présentation (PowerPoint)"
AG_KEYS_HELP = "Clavier : → ou Espace pour avancer, ← pour reculer, Début / Fin, Échap pour quitter."
AG_EVOLUTION = "{evolution} sur un an"
AG_PREVIOUS_VALUE = "{value} un an plus tôt"
AG_SECRET_VALUE = "s"
AG_SECRET_CAPTION = "valeur couverte par le secret statistique"
AG_MASKED_COMMUNES = "Non représentées (secret statistique) : {communes}."
AG_SOURCES_TITLE = "Sources et méthode"
AG_CHART_PLIE = "Participants du PLIE par commune en {year}"
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
