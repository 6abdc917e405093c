"""Key figures the synthetic demo records must reproduce, and the invented companions.

Sources: MNO = Association ALPES, rapport d'activité 2025 (territory Métropole Nord-Ouest);
MELT = Mission Emploi Lys-Tourcoing, rapport d'activité 2023. Every figure marked "report" is
printed in (or computed exactly from) the report, see shared/domain/indicator-catalogue.md.
Figures marked "chosen" are not printed: they were chosen to be plausible and consistent with
the printed ones (previous year, splits the report does not give, etc.).

Re-exported by `demo.records`; the generator modules read them from here.
"""

# --- Communes (INSEE code, name, population municipale 2023, QPV 2024 codes) ------------------
# Source: geo/data/territoires_melt_mno.csv.
MNO_COMMUNES = {
    "59368": ("La Madeleine", 21790, ()),
    "59328": ("Lambersart", 27090, ("QN05970M",)),
    "59356": ("Lompret", 2155, ()),
    "59378": ("Marcq-en-Barœul", 40184, ("QN05977M",)),
    "59386": ("Marquette-lez-Lille", 12622, ()),
    "59457": ("Pérenchies", 8455, ()),
    "59482": ("Quesnoy-sur-Deûle", 6805, ()),
    "59527": ("Saint-André-lez-Lille", 13233, ()),
    "59611": ("Verlinghem", 2682, ()),
    "59636": ("Wambrechies", 11012, ()),
}
MELT_COMMUNES = {
    "59090": ("Bondues", 9747, ()),
    "59098": ("Bousbecque", 4978, ()),
    "59152": ("Comines", 12731, ()),
    "59173": ("Deûlémont", 1778, ()),
    "59279": ("Halluin", 20715, ()),
    "59352": ("Linselles", 8161, ()),
    "59421": ("Mouvaux", 13369, ()),
    "59426": ("Neuville-en-Ferrain", 10002, ()),
    "59599": (
        "Tourcoing",
        98772,
        ("QN05980M", "QN05983M", "QN05984M", "QN05985M", "QN05986M", "QN05988M"),
    ),
    "59643": ("Warneton", 231, ()),
    "59656": ("Wervicq-Sud", 5426, ()),
}
# MEL communes outside both territories (clause work sites, non-resident workers).
MELT_LYS_COMMUNES = ("59098", "59152", "59173", "59279", "59352", "59643", "59656")
MEL_OUTSIDE_COMMUNES = {
    "59350": "Lille",
    "59512": "Roubaix",
    "59009": "Villeneuve-d'Ascq",
    "59017": "Armentières",
    "59360": "Loos",
    "59299": "Hem",
}

# --- Nomenclatures ---------------------------------------------------------------------------
EXIT_REASONS = {
    "positive": [
        "CDI",
        "CDD de 6 mois et plus",
        "Contrat en alternance",
        "Formation qualifiante",
        "Création d'entreprise",
    ],
    "neutre": ["Déménagement", "Raisons de santé", "Départ à la retraite"],
    "autre": [
        "Abandon",
        "Réorientation vers un autre dispositif",
        "Sans nouvelles",
        "Fin de parcours sans solution",
    ],
}
PRESCRIBERS = [
    "Département",
    "France Travail",
    "CCAS",
    "Mission Locale",
    "Candidature spontanée",
    "Maison de l'Emploi",
]

# --- Job seekers (France Travail, categories A, B, C) ----------------------------------------
# Exact marginals at the reference months. Keys: total, category, sex, age_band, duration_band.
MNO_JOB_SEEKERS = {
    # report: at 30/09/2025 ABC 9 948, A 5 884, >= 12 months 3 943, < 25 1 422, 50+ 2 300,
    # women 5 029; B/C split and 12-23 / 24+ split chosen.
    "2025-09": {
        "category": {"A": 5884, "B": 1534, "C": 2530},
        "sex": {"F": 5029, "H": 4919},
        "age_band": {"moins_25": 1422, "25_49": 6226, "50_plus": 2300},
        "duration_band": {"moins_12m": 6005, "12_23m": 1904, "24m_plus": 2039},
    },
    # report (implied by the printed evolutions): ABC 9 211, A 5 364, long 3 572, < 25 1 116,
    # 50+ 2 257, women 4 691.
    "2024-09": {
        "category": {"A": 5364, "B": 1448, "C": 2399},
        "sex": {"F": 4691, "H": 4520},
        "age_band": {"moins_25": 1116, "25_49": 5838, "50_plus": 2257},
        "duration_band": {"moins_12m": 5639, "12_23m": 1718, "24m_plus": 1854},
    },
}
MNO_JOB_SEEKERS_MONTHS = ("2024-01", "2025-09")
MNO_JOB_SEEKERS_REFERENCE_MONTH = "2025-09"
# chosen: monthly ABC totals between the anchors (January 2025: automatic registration of RSA
# recipients and young people in CEJ/PACEA, Loi pour le plein emploi).
MNO_JOB_SEEKERS_TOTALS = {"2024-01": 9118, "2024-12": 9290, "2025-01": 9702}

MELT_JOB_SEEKERS = {
    # report: ABC 18 367; 12 % under 25, 25 % 50+, 50 % women; duration bins 41.7 / 35.7 / 22.6 %
    # (binding tentative). Exact counts and the category split chosen.
    "2023-12": {
        "category": {"A": 10840, "B": 2640, "C": 4887},
        "sex": {"F": 9184, "H": 9183},
        "age_band": {"moins_25": 2204, "25_49": 11571, "50_plus": 4592},
        "duration_band": {"moins_12m": 7659, "12_23m": 6557, "24m_plus": 4151},
    },
    # chosen (ABC + 4.5 % over the year, one reading of the report's "+ 4.5%").
    "2022-12": {
        "category": {"A": 10460, "B": 2510, "C": 4606},
        "sex": {"F": 8770, "H": 8806},
        "age_band": {"moins_25": 2160, "25_49": 11126, "50_plus": 4290},
        "duration_band": {"moins_12m": 7520, "12_23m": 6200, "24m_plus": 3856},
    },
}
MELT_JOB_SEEKERS_MONTHS = ("2022-01", "2023-12")
MELT_JOB_SEEKERS_REFERENCE_MONTH = "2023-12"
MELT_JOB_SEEKERS_TOTALS = {"2022-01": 17905, "2022-06": 17640}

# --- PLIE ------------------------------------------------------------------------------------
# report, table T2 (order: participants, dont QPV, new entries, dont QPV, positive exits).
MNO_PLIE_T2 = {
    "59368": {"participants": 76, "qpv": 0, "entries": 30, "entries_qpv": 0, "positive": 12},
    "59328": {"participants": 160, "qpv": 33, "entries": 67, "entries_qpv": 11, "positive": 18},
    "59356": {"participants": 2, "qpv": 0, "entries": 1, "entries_qpv": 0, "positive": 0},
    "59378": {"participants": 83, "qpv": 14, "entries": 30, "entries_qpv": 7, "positive": 12},
    "59386": {"participants": 28, "qpv": 0, "entries": 12, "entries_qpv": 0, "positive": 7},
    "59457": {"participants": 27, "qpv": 0, "entries": 12, "entries_qpv": 0, "positive": 4},
    "59482": {"participants": 24, "qpv": 0, "entries": 12, "entries_qpv": 0, "positive": 0},
    "59527": {"participants": 46, "qpv": 0, "entries": 11, "entries_qpv": 0, "positive": 10},
    "59611": {"participants": 2, "qpv": 0, "entries": 1, "entries_qpv": 0, "positive": 0},
    "59636": {"participants": 15, "qpv": 0, "entries": 10, "entries_qpv": 0, "positive": 2},
}
MNO_PLIE_2025 = {
    # report
    "participants": 463,
    "participants_qpv": 47,
    "entries": 186,
    "entries_qpv": 18,
    "exits": 131,
    "positive_exits": 65,
    "neutral_exits": 23,  # chosen among 22/23 (adjusted rate 65/108 = 60,2 %)
    "other_exits": 43,
    "stock": {"men": 196, "women": 267, "seniors": 102, "rsa": 367, "low_level": 268},
    "entries_profile": {"men": 94, "women": 92, "seniors": 42, "rsa": 142, "low_level": 99},
    "positive_profile": {"men": 30, "women": 35, "seniors": 13, "rsa": 43, "low_level": 29},
    # report: Département 57 %, France Travail 12 %, Autres 31 % of the 186 entries
    "entries_prescribers": {
        "Département": 106,
        "France Travail": 22,
        "CCAS": 22,
        "Mission Locale": 9,
        "Candidature spontanée": 15,
        "Maison de l'Emploi": 12,
    },
    # report: 40 % / 51 % / 9 % of the stock
    "stock_by_entry_year": {"2025": 186, "2023-2024": 236, "2022-": 41},
    "mean_length_months": 17.7,
}
MNO_PLIE_STEPS_2025 = {
    # report: 778 steps for 348 participants, 647 started in 2025, 299 employment steps of which
    # 217 started in 2025, 34,2 % of training steps qualifying. Other splits chosen.
    "steps": 778,
    "persons": 348,
    "started": 647,
    "emploi": 299,
    "emploi_started": 217,
    "formation": 120,
    "formation_qualifying": 41,  # 34,17 % -> 34,2 %
    "formation_started": 114,
    "formation_started_qualifying": 39,  # 34,21 % -> 34,2 %
}
MELT_PLIE_2023 = {
    # report: 1 002 participants, 410 entries, 48 % positive exits, 55 % women, 53 % RSA at
    # entry, 81 % level <= BAC. Exact counts chosen.
    "participants": 1002,
    "entries": 410,
    "exits": 275,
    "positive_exits": 132,  # 48,0 %
    "neutral_exits": 20,
    "other_exits": 123,
    "women": 551,
    "rsa": 531,
    "low_level": 812,
}
MELT_PLIE_STEPS_2023 = {
    # report: 1 224 steps = 183 training + 328 mobilisation + 713 employment contracts.
    "steps": 1224,
    "formation": 183,
    "mobilisation": 328,
    "emploi": 713,
}

# --- Mission Locale --------------------------------------------------------------------------
MNO_ML = {
    "new_registrations": {2024: 748, 2025: 815},  # report (2024 implied by +9 %)
    "followed": {2024: 1741, 2025: 1863},  # report (2024 implied by +7 %)
    "contacts": {2024: 33327, 2025: 43992},  # report (2024 implied by +32 %)
    "interviews": {2024: 13112, 2025: 16564},  # report 2025; 2024 chosen
}
MNO_CEJ_2025 = {
    # report
    "followed": 970,
    "entries": 648,
    "entries_qpv": 54,
    "contacts": 21751,
    "persons_with_solution": 563,
    "measures": 1694,
}
MNO_PACEA_2025 = {"entries": 245}  # report
MNO_AID_2025 = {
    # report, K: amount in euros and distinct recipients
    "allocation_cej": ("2026189.00", 917),
    "allocation_pacea": ("60659.00", 118),
    "fajem": ("31451.00", 110),
    "fonds_ml": ("5173.31", 6),
    "fonds_ml_repas": ("9941.00", 84),
    "mobilite": ("2120.15", 66),
}
MNO_AID_2025_TOTAL = "2135533.46"
MNO_AID_2024 = {  # chosen
    "allocation_cej": ("1852400.00", 846),
    "allocation_pacea": ("55120.00", 107),
    "fajem": ("28770.00", 101),
    "fonds_ml": ("4210.40", 5),
    "fonds_ml_repas": ("8735.00", 77),
    "mobilite": ("1904.60", 59),
}

MELT_ML = {
    "new_registrations": {2022: 1310, 2023: 1340},  # report 2023; 2022 chosen
    "followed": {2022: 3200, 2023: 3850},  # chosen
    "contacts": {2022: 30000, 2023: 36000},  # chosen
    "interviews": {2022: 20000, 2023: 23500},  # chosen
}
MELT_CEJ_2023 = {
    # report: 1 134 entries, 52.1 % men (591 / 543), 95 minors, 14 424 interviews, 83 % living in
    # Tourcoing (941), 29.1 % in a QPV at entry (330), 52 % without qualification (590),
    # 63 % aged 18-21 (714); 1 107 young people with a professional situation during the CEJ.
    "entries": 1134,
    "men": 591,
    "women": 543,
    "minors": 95,
    "aged_18_21": 714,
    "tourcoing": 941,
    "qpv": 330,
    "no_qualification": 590,
    "interviews": 14424,
    "persons_with_solution": 1107,
    # chosen: 1 606 contracts (emploi + alternance), 343 training entries, 238 PMSMP (report)
    "measures": {"emploi": 1400, "alternance": 206, "formation": 343, "immersion": 238},
}
MELT_PACEA_2023 = {
    # report: 1 462 followed, 726 entries, 6 818 interviews, 50.8 % women (743), 29.2 % QPV (427)
    "followed": 1462,
    "entries": 726,
    "interviews": 6818,
    "women": 743,
    "qpv": 427,
}
MELT_AID_2023 = {
    "allocation_pacea": ("379341.00", 781),  # report amount; recipients chosen
    "fajem": ("152420.00", 405),  # report amount (427 grants); recipients chosen
    "allocation_cej": ("3412650.00", 1522),  # chosen
}
MELT_AID_2022 = {  # chosen
    "allocation_pacea": ("331870.00", 702),
    "fajem": ("141260.00", 381),
    "allocation_cej": ("2861300.00", 1236),
}

# --- MDE events (report, table T5) -----------------------------------------------------------
MNO_EVENTS_2025 = [
    ("2025-02-27", "Décroche ton Job ou ta Formation « IAE »", "59328", 10, 54, 105),
    ("2025-03-27", "20e Salon Les Clés de l'Emploi", "59386", 160, 2578, None),
    ("2025-05-20", "Rendez-vous des Possibles", "59482", 3, 15, None),
    (
        "2025-05-30",
        "Décroche ton Job « Jobs d'été - Jobs étudiants - Alternance »",
        "59328",
        12,
        55,
        95,
    ),
    ("2025-06-04", "Job Dating spécial jeunes 16-25 ans", "59457", 4, 89, None),
    ("2025-06-19", "Job Dating métiers de la Fonction Publique", "59328", 4, 81, None),
    ("2025-09-18", "Job Dating métiers de la Transition Écologique", "59328", 7, 40, None),
    ("2025-10-16", "Décroche ton Job « Commerce et Logistique »", "59328", 11, 52, 121),
    ("2025-11-20", "Job Dating multi-secteurs", "59457", 29, 142, None),
    ("2025-12-04", "Job Dating Séniors", "59328", 11, 111, None),
]
MNO_EVENTS_2025_TOTALS = {"events": 10, "exhibitors": 251, "participants": 3217, "interviews": 321}
# External events the MDE attended in 2025 (report: « participation de la MDE à 24
# événements emploi », 6 per quarter, listed in the catalogue's table T5): in the same
# sheet, « Participation » in its « Organisateur » column, no attendance recorded.
MNO_PARTICIPATIONS_2025 = [
    ("2025-01-16", "Salon du Lycéen et de l'Étudiant", "59350"),
    ("2025-01-20", "Lille Tables et Toques", "59350"),
    ("2025-02-06", "Jobfest", "59350"),  # Kinépolis, Lomme (commune associée of Lille)
    ("2025-02-28", "Viva Fabrica", "59350"),
    ("2025-03-06", "Forum Alternance (Hôtel de Région)", "59350"),
    ("2025-03-21", "Salon de l'Apprentissage", "59350"),
    ("2025-04-03", "Job dating Energie Emploi d'Avenir", "59350"),
    ("2025-04-23", "Salon de l'Emploi et du Recrutement", "59636"),
    ("2025-05-14", "Salon Jeunes d'Avenir", "59009"),
    ("2025-05-14", "Job Day", "59328"),
    ("2025-05-22", "Les rencontres de l'Emploi", "59378"),
    ("2025-06-03", "Forum Métropolitain de l'Alternance", "59350"),
    ("2025-07-03", "Forum Mobilité (Département du Nord)", "59350"),
    ("2025-07-03", "Job Dating CFA BTP", "59512"),
    ("2025-09-16", "Human Day", "59350"),
    ("2025-09-23", "Forum Alternance (Fort de Mons)", "59410"),
    ("2025-09-29", "« Les Entreprises s'Engagent »", "59378"),
    ("2025-09-30", "Garden Party des Entreprises", "59611"),
    ("2025-10-07", "Adopt 1 Job", "59599"),
    ("2025-10-10", "Forum BTP durable", "59350"),
    ("2025-10-16", "Matinale reconversion et VAE", "59378"),
    ("2025-11-20", "Alternance Party", "59350"),
    ("2025-11-25", "Job Dating événementiel et tourisme d'affaires", "59350"),
    ("2025-11-28", "Salon Profession'L", "59599"),
]
MNO_EVENTS_2024 = [  # chosen
    ("2024-03-07", "Décroche ton Job « Services à la personne »", "59328", 9, 48, 88),
    ("2024-03-28", "19e Salon Les Clés de l'Emploi", "59386", 152, 2410, None),
    ("2024-06-06", "Job Dating spécial jeunes 16-25 ans", "59457", 5, 76, None),
    ("2024-10-10", "Décroche ton Job « Commerce et Logistique »", "59328", 10, 47, 102),
    ("2024-11-21", "Job Dating multi-secteurs", "59457", 24, 131, None),
]
# MELT 2023 events appear only as posters (no attendance printed): figures chosen.
MELT_EVENTS_2023 = [
    ("2023-04-07", "Road Trip Emploi Bousbecque", "59098", 14, 120, None),
    ("2023-06-30", "Road Trip Emploi Comines", "59152", 16, 145, None),
    ("2023-09-22", "Road Trip Emploi Wervicq-Sud", "59656", 12, 98, None),
    ("2023-10-17", "Adopte1Job, 8e édition", "59599", 85, 1450, None),
]
MELT_EVENTS_2022 = [  # chosen
    ("2022-06-24", "Road Trip Emploi Linselles", "59352", 11, 92, None),
    ("2022-10-18", "Adopte1Job, 7e édition", "59599", 78, 1310, None),
]

# --- Clauses sociales ------------------------------------------------------------------------
MNO_CLAUSES_2025 = {
    # report: 41 277 h by MNO residents = 1 215 h on MNO sites + 40 062 h outside; on MNO sites
    # 7 916 h = 1 215 h by 8 MNO residents + 6 701 h by 29 non-residents; 98 MNO residents.
    "residents_on_territory": (1215, 8),
    "residents_outside": (40062, 90),
    "non_residents_on_territory": (6701, 29),
    "operations_on_territory": 14,
    "operations_outside": 68,
}
MNO_CLAUSES_2024 = {  # chosen
    "residents_on_territory": (1108, 7),
    "residents_outside": (36240, 84),
    "non_residents_on_territory": (6125, 27),
    "operations_on_territory": 12,
    "operations_outside": 61,
}
MELT_CLAUSES_2023 = {
    # report: 44 183 h on the territory (52 % by residents), 182 542 h by residents MEL-wide,
    # 142 people on the territory, 351 residents; 34 operations on the territory, 112 MEL-wide.
    # The split 22 975 / 21 208 h and 74 / 68 people chosen (52,0 % / 48,0 %).
    "residents_on_territory": (22975, 74),
    "residents_outside": (159567, 277),
    "non_residents_on_territory": (21208, 68),
    "operations_on_territory": 34,
    "operations_outside": 78,
    # report: 77 % Tourcoing, 13 % Vallée de la Lys (and 10 % elsewhere) of the 351 residents
    "residents_by_area": {"tourcoing": 270, "lys": 46, "other": 35},
}
MELT_CLAUSES_2022 = {  # chosen (report: +9.9 % and +87 % in 2023, bindings tentative)
    "residents_on_territory": (20500, 66),
    "residents_outside": (77116, 190),
    "non_residents_on_territory": (19703, 63),
    "operations_on_territory": 30,
    "operations_outside": 60,
}
