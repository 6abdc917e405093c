"""Code lists and label vocabularies: what the exports say, and what we store.

Each vocabulary maps a stored value to the labels seen in real exports. Matching is
done on normalised labels (`ingest.parse.norm_label`), so accents, case, hyphens and
apostrophes do not matter.
"""

SEX = {
    "F": ["f", "femme", "femmes", "feminin", "2", "fille", "mme", "madame", "mademoiselle", "mlle",
          "fem", "female", "woman"],
    "H": ["h", "homme", "hommes", "masculin", "m", "1", "garcon", "m.", "monsieur", "mr", "masc",
          "male", "man"],
}

JOB_SEEKER_CATEGORY = {
    "A": ["a", "categorie a", "cat a", "cat. a"],
    "B": ["b", "categorie b", "cat b", "cat. b"],
    "C": ["c", "categorie c", "cat c", "cat. c"],
}
AGE_BAND = {
    "moins_25": ["moins de 25 ans", "moins de 25", "< 25 ans", "<25 ans", "-25 ans", "15-24 ans", "moins_25"],
    "25_49": ["de 25 a 49 ans", "25 a 49 ans", "25-49 ans", "25 49 ans", "entre 25 et 49 ans", "25_49"],
    "50_plus": ["50 ans et plus", "50 ans ou plus", "50 ans et +", "+ de 50 ans", "plus de 50 ans", "50+", "50_plus"],
}
DURATION_BAND = {
    "moins_12m": ["moins d un an", "moins de 12 mois", "moins de 1 an", "< 12 mois", "moins_12m"],
    "12_23m": ["de 12 a 23 mois", "1 a 2 ans", "de 1 a 2 ans", "12 a 23 mois", "12-23 mois", "12_23m"],
    "24m_plus": ["24 mois et plus", "2 ans et plus", "2 ans ou plus", "plus de 2 ans", "24m_plus"],
}
TOTAL_LABELS = {"total", "ensemble", "tous", "toutes", "total general", "ensemble des qpv", "tout"}

CONTACT_TYPE = {
    "entretien": ["entretien", "entretien individuel", "entretien individuel conseiller",
                  "rendez vous individuel", "entretien par un partenaire"],
    "atelier": ["atelier", "information collective", "atelier collectif", "info coll"],
    "telephone": ["telephone", "appel", "appel telephonique", "tel", "contact telephonique"],
    # a letter (i-milo « Courrier ») is a written contact at a distance, as an e-mail is
    "courriel": ["courriel", "mail", "e mail", "email", "message", "courrier", "lettre",
                 "courrier postal"],
    "sms": ["sms", "texto"],
    # i-milo rendez-vous types that are neither an interview nor a workshop
    "autre": ["autre", "activites exterieures", "visite", "prestation"],
}
PROGRAMME = {
    "CEJ": ["cej", "contrat d engagement jeune", "contrat engagement jeune"],
    "PACEA": ["pacea", "parcours contractualise d accompagnement vers l emploi et l autonomie"],
    # other i-milo « dispositifs » (pass-emploi API codes): stored, counted by no figure
    "GJ": ["garantie jeunes", "garantie jeune"],
    "AIJ": ["aij", "accompagnement intensif des jeunes"],
    "BRSA": ["brsa", "beneficiaire du rsa"],
    "CONSEIL_DEPT": ["conseil dept", "conseil departemental"],
    "AVENIR_PRO": ["avenir pro"],
    "ACCOMPAGNEMENT_INTENSIF": ["accompagnement intensif"],
    "ACCOMPAGNEMENT_GLOBAL": ["accompagnement global"],
    "EQUIP_EMPLOI_RECRUT": ["equip emploi recrut"],
}
SITUATION = {
    "emploi": ["emploi", "cdi", "cdd", "interim", "contrat de travail"],
    "alternance": ["alternance", "contrat en alternance", "apprentissage", "contrat de professionnalisation",
                   "contrat d apprentissage"],
    "formation": ["formation", "entree en formation"],
    "immersion": ["immersion", "immersion en entreprise", "pmsmp", "stage"],
    "volontariat": ["volontariat", "contrat de volontariat benevolat", "service civique", "benevolat"],
    "scolarite": ["scolarite", "retour en formation initiale", "reprise de scolarite"],
}
AID_SCHEME = {
    "allocation_cej": ["allocation cej", "allocation contrat d engagement jeune"],
    "allocation_pacea": ["allocation pacea"],
    "fajem": ["fajem", "fonds d aide aux jeunes", "fonds d aide aux jeunes en metropole", "faj",
              "aide financiere faj", "aide faj"],
    "fonds_ml_repas": ["fonds ml repas", "aide repas", "repas"],
    "fonds_ml": ["fonds ml", "fonds mission locale", "aide ml"],
    # the driving licence is a mobility aid (« Aide au permis », i-milo)
    "mobilite": ["mobilite", "aide mobilite", "dispositif mobilite", "aide au permis", "aide permis",
                 "bourse permis", "permis de conduire"],
}
# The Maison de l'Emploi's part in an event of its events sheet (« Organisateur »): organised
# by it, with partners, or attended only (a stand at another organiser's fair). Events it
# only attended are not « organisés »: their exhibitors and visitors are not its own.
EVENT_ROLE = {
    "organise": ["organise", "organise par la mde", "organisation mde", "mde",
                 "maison de l emploi", "organisateur", "interne", "evenement mde"],
    "co_organise": ["co organise", "coorganise", "co organisation", "coorganisation",
                    "en partenariat", "partenariat", "co porte", "coporte", "co pilote"],
    "participation": ["participation", "participation seule", "participation de la mde",
                      "participation mde", "externe", "evenement externe", "partenaire",
                      "evenement partenaire", "presence", "stand", "tenue de stand",
                      "invite", "invitation"],
}
STEP_FAMILY = {
    "emploi": ["emploi", "contrat de travail", "iae", "contrat aide", "interim"],
    "formation": ["formation"],
    "mobilisation": ["mobilisation", "orientation", "sante", "mediation"],
    "social": ["social", "accompagnement social", "logement"],
}

# Education level: nomenclature 2019 (3 = CAP/BEP, 4 = bac, 5 = bac+2 ... 8 = doctorate;
# 2 = no diploma, 1 = never schooled). Labels, old 1969 levels and ASP codes all map to it.
EDUCATION_LABELS = {
    1: ["jamais scolarise", "niveau 1"],
    2: ["sans diplome", "aucun diplome", "niveau 2", "infra v", "niveau vi", "niveau v bis", "vi", "v bis",
        "vbis", "niveau vbis", "brevet", "sans qualification", "infra cap", "aucun diplome ou brevet"],
    3: ["cap", "bep", "cap bep", "cap / bep", "niveau 3", "niveau v", "v", "cap ou bep"],
    4: ["bac", "baccalaureat", "niveau 4", "niveau iv", "iv", "bac pro", "niveau bac"],
    5: ["bac+2", "bac 2", "bac +2", "bac + 2", "bts", "dut", "niveau 5", "niveau iii", "iii", "deug"],
    6: ["licence", "bac+3", "bac 3", "niveau 6", "niveau ii", "ii"],
    7: ["master", "bac+5", "bac 5", "niveau 7", "niveau i", "i", "ingenieur"],
    8: ["doctorat", "niveau 8", "bac+8"],
}
# ASP "niveau de formation" codes (data/ref/asp/ref_niveau_formation_v3.csv).
EDUCATION_ASP = {"00": 2, "01": 1, "10": 7, "20": 6, "30": 5, "40": 4, "41": 4, "50": 3, "51": 3,
                 "60": 2, "70": 2}

# Default classification of PLIE exit reasons (a per-territory setting may override it).
# Checked in order: the first rule whose keyword appears in the normalised reason wins; a
# reason no rule knows is reported (grouped) and counted « autre » until the manager maps it.
EXIT_KIND_RULES = [
    ("autre", ["moins de 6 mois", "emploi court", "inferieur a 6 mois", "< 6 mois"]),
    ("positive", ["cdi", "cdd de 6 mois", "cdd 6 mois", "6 mois et plus", "plus de 6 mois",
                  "6 mois ou plus", ">= 6 mois", "> 6 mois", "alternance", "apprentissage",
                  "professionnalisation", "formation qualifiante", "formation diplomante",
                  "formation certifiante", "creation d entreprise", "creation d activite",
                  "emploi durable"]),
    ("neutre", ["demenagement", "sante", "maladie", "retraite", "deces", "maternite",
                "incarceration", "conge parental", "neutre"]),
    ("autre", ["abandon", "sans nouvelles", "sans solution", "fin de parcours", "reorientation",
               "exclusion", "non respect des engagements", "demande du participant",
               "demande du jeune", "changement d accompagnement", "cessation d inscription",
               "arrive a echeance", "sortie du dispositif", "negative", "rupture", "autre"]),
]
EXIT_KIND_LABELS = {
    "positive": ["positive", "sortie positive", "positif", "emploi formation"],
    "neutre": ["neutre", "sortie neutre"],
    "autre": ["autre", "negative", "sortie negative", "rupture", "reorientation", "abandon", "autre sortie"],
}

# Yes/no cells beyond ingest.parse's words (oui, non, o, n, x, 1, 0, vrai, faux…).
YES_NO = {
    "Oui": ["oui", "beneficiaire", "allocataire", "yes"],
    "Non": ["non", "non beneficiaire", "non allocataire", "no"],
}
# A QPV flag written as words; a QPV code (QP…/QN…) is read as « yes, in that quarter ».
# « Inconnu » (a blank cell, an address not geocoded…) stays apart from « Non »: the
# shares of QPV residents are of the people whose answer is known.
QPV_FLAG = {
    "Oui": ["qpv", "en qpv", "oui qpv", "resident qpv", "residant qpv", "quartier prioritaire",
            "habite en qpv", "dans un qpv", "en quartier prioritaire"],
    "Non": ["hors qpv", "non qpv", "pas en qpv", "hors quartier prioritaire", "non resident qpv",
            "hors quartier"],
    "Inconnu": ["inconnu", "inconnue", "non renseigne", "non renseignee", "non connu",
                "ne sait pas", "nsp", "non communique", "indetermine", "non determine",
                "adresse non trouvee", "adresse inconnue", "non geolocalise", "non geocode"],
}
# How a person's unknown QPV answer is stored in `qpv_code` (NULL: not in a QPV; a code or
# `QPV`: in one). The queries read it by this value (queries/sql: `'inconnu'`).
QPV_UNKNOWN = "inconnu"

# Prescribers (« orienteurs ») as stored, then the labels and ASP codes seen in exports;
# data/ref/asp/ref_orienteur_v5.csv adds its other codes (SPIP, PJJ, CAF…) when read.
PRESCRIBER = {
    "France Travail": ["france travail", "pole emploi", "pe", "ft", "anpe", "agence france travail",
                       "agence pole emploi", "3"],
    "Mission Locale": ["mission locale", "ml", "1"],
    "Cap emploi": ["cap emploi", "2"],
    "PLIE": ["plie", "pli", "plan local pour l insertion et l emploi", "4"],
    "Département": ["departement", "conseil departemental", "service social du conseil departemental",
                    "conseil general", "cd", "utpas", "unite territoriale de prevention et d action sociale",
                    "referent rsa", "5"],
    "Autre prescripteur habilité": ["autre prescripteur habilite au niveau local",
                                    "autre prescripteur habilite", "6"],
    "Candidature spontanée": ["candidature spontanee", "spontanee", "spontane", "demarche personnelle",
                              "initiative personnelle", "de sa propre initiative", "7"],
    "CCAS": ["ccas", "centre communal d action sociale", "11"],
    "Maison de l'Emploi": ["maison de l emploi", "mde"],
    "Non connu": ["non connu", "inconnu", "99"],
}

# France Travail's labels of the job-seeker categories (statistics pages, partner extracts),
# added to the entries of JOB_SEEKER_CATEGORY that exist (ingest.vocab).
FT_CATEGORY_LABELS = {
    "A": ["a sans emploi", "categorie a sans emploi", "demandeurs d emploi de categorie a", "defm a", "defm cat a",
          "tenus de rechercher un emploi sans emploi", "sans emploi tenus de faire des actes positifs"],
    "B": ["b activite reduite courte", "categorie b activite reduite courte", "demandeurs d emploi de categorie b",
          "defm b", "defm cat b", "activite reduite courte", "activite reduite de 78 heures ou moins"],
    "C": ["c activite reduite longue", "categorie c activite reduite longue", "demandeurs d emploi de categorie c",
          "defm c", "defm cat c", "activite reduite longue", "activite reduite de plus de 78 heures"],
}
