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
IMPORT_TERRITORY_AUTO = "Déduit des communes du fichier"
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
