"""The words of the genre the parser knows, as data only: one place for each list.

Cities, months, titles of address, acronyms and capitals that are not names, the figures the
genre names without a title, words of bodies and organisations, cover names, the units and
numbers of requests.  Recognition only: a name recorded is always the one as written.
"""

from __future__ import annotations

# Cover names used in the correspondence.  The parser never substitutes them
# (the name stays as written); the importer may use the table to resolve them.
COVER_NAMES = {"filippov": "Stalin", "feng xi": "Stalin", "fyn si": "Stalin"}


MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)


ROMAN_MONTHS = {
    "I": 1,
    "II": 2,
    "III": 3,
    "IV": 4,
    "V": 5,
    "VI": 6,
    "VII": 7,
    "VIII": 8,
    "IX": 9,
    "X": 10,
    "XI": 11,
    "XII": 12,
}


TITLE_WORDS = (
    "marshal of the soviet union",
    "general of the army",
    "colonel general",
    "lieutenant general",
    "major general",
    "lieutenant colonel",
    "deeply respected",
    "dear",
    "respected",
    "esteemed",
    "comrades",
    "comrade",
    "com.",
    "cde.",
    "tov.",
    "marshal",
    "generalissimo",
    "general",
    "colonel",
    "major",
    "captain",
    "lieutenant",
    "premier",
    "chairman",
    "minister",
    "ambassador",
    "mr.",
    "mrs.",
    "dr.",
    "to",
    "from",
    "your",
    "yours",
    "signed",
    "the",
)


NON_PARTY = {
    "copy",
    "copies",
    "file",
    "to file",
    "in file",
    "the file",
    "archive",
    "spare",
    "reserve",
    "dossier",
    "special file",
    "special folder",
}


# Surnames that stand first: the whole name is kept as the "surname" for titles.
EAST_ASIAN_FAMILY = {
    "kim",
    "mao",
    "zhou",
    "pak",
    "park",
    "peng",
    "liu",
    "gao",
    "choe",
    "choi",
    "li",
    "lee",
    "nie",
    "deng",
    "chen",
    "zhu",
    "lin",
    "ho",
    "kang",
    "ri",
    "nam",
    "yu",
    "xu",
    "wang",
    "zhang",
    "chai",
    "ye",
    "su",
    "hong",
    "han",
    "kuo",
    "chou",
    "chu",
    "teng",
    "jiang",
    "chiang",
    "syngman",
    "feng",
    "fyn",
    "shi",
    "wu",
    "xie",
    "ren",
    "ni",
    "mu",
    "huang",
    "yang",
    "zhao",
    "song",
    "tan",
    "luo",
    "rao",
    "bo",
    "yi",
    "cho",
    "chong",
    "pang",
}


# Family names that begin a Chinese name in pinyin found in running text ("Wang Shimin"): the
# East Asian ones above that pinyin writes, and common ones that are no English word.
_NOT_PINYIN = {"kim", "pak", "park", "choe", "choi", "lee", "kang", "ri", "nam", "syngman"}
_NOT_PINYIN |= {"kuo", "chou", "chu", "teng", "chiang", "fyn", "cho", "chong", "yi"}
PINYIN_FAMILY = EAST_ASIAN_FAMILY - _NOT_PINYIN
PINYIN_FAMILY |= {"ma", "lei", "duan", "qiao", "dong", "guo", "hu", "sun", "tang", "xiao", "zeng"}
PINYIN_FAMILY |= {"du", "lu", "cai", "wei", "fang", "cheng", "yuan", "qian", "jia", "kong", "lai"}


# Acronyms that stay in capitals when a name written in capitals is brought to ordinary case.
ACRONYMS = {
    "USSR",
    "UN",
    "UNO",
    "USA",
    "US",
    "UK",
    "CC",
    "VKP",
    "CPSU",
    "KPA",
    "CPV",
    "PLA",
    "ROK",
    "DPRK",
    "PRC",
    "CCP",
    "CPC",
    "VVS",
    "PVO",
    "TASS",
    "MGB",
    "MVD",
    "NKVD",
    "GRU",
    "MID",
    "KGB",
    "WPK",
}


# Short words written in lower case inside the name of a body ("Council of Ministers of the USSR").
NAME_PARTICLES = {"of", "the", "and", "for", "on", "in", "to"}


# Names whose ordinary case is not the plain capitalised form.
MIXED_CASE = {"macarthur": "MacArthur"}


CITIES = {
    "pyongyang",
    "beijing",
    "peking",
    "peiping",
    "moscow",
    "shenyang",
    "mukden",
    "harbin",
    "dalny",
    "dalian",
    "port arthur",
    "seoul",
    "kaesong",
    "kaeseong",
    "andong",
    "antung",
    "vladivostok",
    "khabarovsk",
    "shanghai",
    "nanjing",
    "nanking",
    "wonsan",
    "panmunjom",
    "tokyo",
    "washington",
    "new york",
    "lake success",
    "tianjin",
    "tientsin",
    "canton",
    "guangzhou",
    "urumqi",
    "sinuiju",
    "hamhung",
    "chita",
    "ulan bator",
    "london",
    "paris",
    # Capitals and cities the correspondence of 1945-1955 is sent from or to, in the
    # spellings the translations use.
    "berlin",
    "vienna",
    "prague",
    "warsaw",
    "budapest",
    "bucharest",
    "sofia",
    "belgrade",
    "belgrad",
    "tirana",
    "helsinki",
    "geneva",
    "tehran",
    "teheran",
    "baku",
    "tashkent",
    "tbilisi",
    "sochi",
    "gagra",
    "yalta",
    "hanoi",
    "urumchi",
    "kashgar",
    "lanzhou",
    "chongqing",
    "dairen",
}


# All-capital words that are not names: acronyms, headings, places.
CAPS_STOP = (
    ACRONYMS
    | {
        "MIG",
        "TU",
        "NB",
        "OK",
        "MFA",
        "KWP",
        "AA",
        "USAF",
        "SOS",
        "II",
        "III",
        "IV",
        "VI",
        "VII",
        "VIII",
        "IX",
        "XI",
        "XII",
        "CIPHERED",
        "CIPHER",
        "TELEGRAM",
        "FROM",
        "TO",
        "SENT",
        "RECEIVED",
        "COPY",
        "COPIES",
        "NO",
        "STRICTLY",
        "SECRET",
        "TOP",
        "URGENT",
        "EXTREMELY",
        "MEMORANDUM",
        "RECORD",
        "CONVERSATION",
        "DECISION",
        "RESOLUTION",
        "LETTER",
        "REPORT",
        "SERIES",
        "SPECIAL",
        "FILE",
        "DRAFT",
        "DISTRIBUTION",
        "LIST",
        "PERSONAL",
        "IMMEDIATE",
        "PRIORITY",
        "COPYING",
        "PROHIBITED",
        "DECLASSIFIED",
        "APPENDIX",
        "ANNEX",
        "OF",
        "THE",
        "AND",
        "ON",
        "IN",
        "AT",
        "BY",
        "FOR",
        "A",
        "I",
        "RE",
        "SH",
        "CPR",
        "GMD",
        "KMT",
        "NEP",
        "ZIS",
        "GAZ",
        "YAK",
        "LA",
        "MIKOYAN-GUREVICH",
    }
    | {c.upper() for c in CITIES}
    | {m.upper() for m in MONTH_NAMES}
)


# Figures the genre names without a title in running text.  Recognition only:
# the name recorded is always the one as written.
KNOWN_NAMES = (
    "Stalin",
    "Molotov",
    "Malenkov",
    "Beria",
    "Mikoyan",
    "Kaganovich",
    "Bulganin",
    "Khrushchev",
    "Vyshinsky",
    "Sokolovsky",
    "Vasilevsky",
    "Gromyko",
    "Shtykov",
    "Razuvaev",
    "Roshchin",
    "Zakharov",
    "Krasovsky",
    "Lobov",
    "Zhou Enlai",
    "Mao Zedong",
    "Kim Il Sung",
    "Peng Dehuai",
    "Pak Hon Yong",
    "Gao Gang",
    "Liu Shaoqi",
    "Nie Rongzhen",
    "Voroshilov",
    "Andreev",
    "Kuznetsov",
    # The cover names, as the text writes them ("Filippov", "Feng Xi").
    *(cover.title() for cover in COVER_NAMES),
)


TYPE_LABELS = {
    "ciphered_telegram": "Ciphered Telegram",
    "telegram": "Telegram",
    "letter": "Letter",
    "memorandum": "Memorandum",
    "report": "Report",
    "record_of_conversation": "Record of Conversation",
    "decision": "Decision",
    "note": "Note",
    "directive": "Directive",
    "telephone_message": "Telephone Message",
    "other": "Document",
}


ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")


CATEGORY_KEYWORDS = (
    ("air_defence", r"anti-?aircraft|air[- ]defen[cs]e|\bpvo\b|searchlight|radar"),
    (
        "air_operations",
        (
            r"\bvvs\b|air force|aviation|aircraft|airplane|\bplanes?\b|pilots?|"
            r"\bcrews?\b|fighters?\b|bombers?\b|tu-\d|mig-\d|\bair operations"
        ),
    ),
    (
        "armistice",
        (
            r"armistice|cease-?fire|prisoners? of war|\bpows?\b|truce|"
            r"demarcation line|negotiations"
        ),
    ),
    (
        "ground_operations",
        (
            r"ground operations|offensive|ground forces|infantry|divisions?\b|"
            r"\bfront\b|counter-?attack"
        ),
    ),
    ("military_advisers", r"advis[eo]rs?|instructors?|specialists?"),
    (
        "materiel",
        (
            r"materials?\b|\bgoods\b|equipment|\barms\b|weapons|ammunition|munitions|"
            r"trucks?|vehicles|fuel|spare parts|tanks?\b|guns?\b|rifles?|wagons|locomotives|"
            r"rolling stock|minesweepers|ships\b|boats\b"
        ),
    ),
    (
        "economic_aid",
        (
            r"credit|\bloan|economic|trade|grain|\brice\b|\bfood|industr|"
            r"reconstruction|rubles"
        ),
    ),
    (
        "personnel",
        r"cadres|students|training|personnel|officers|volunteers|recruits|teachers|interpreters",
    ),
    (
        "diplomatic",
        (
            r"ambassador|diplomat|recognition|united nations|\bun\b|embassy|"
            r"statement|treaty"
        ),
    ),
)


ABBREVIATIONS = {
    "no",
    "nos",
    "com",
    "cde",
    "gen",
    "mr",
    "mrs",
    "dr",
    "st",
    "tov",
    "col",
    "lt",
    "maj",
    "capt",
    "art",
    "cf",
    "ibid",
    "vol",
    "p",
    "pp",
    "ca",
}


NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
}


UNITS = (
    "regiments",
    "regiment",
    "divisions",
    "division",
    "battalions",
    "battalion",
    "brigades",
    "brigade",
    "corps",
    "armies",
    "crews",
    "crew",
    "pilots",
    "aircraft",
    "airplanes",
    "planes",
    "fighters",
    "bombers",
    "tanks",
    "guns",
    "artillery pieces",
    "machine guns",
    "trucks",
    "vehicles",
    "automobiles",
    "cars",
    "tons",
    "tonnes",
    "sets",
    "advisers",
    "advisors",
    "specialists",
    "instructors",
    "officers",
    "men",
    "soldiers",
    "rifles",
    "shells",
    "rounds",
    "rubles",
    "dollars",
    "yuan",
    "locomotives",
    "wagons",
    "ships",
    "boats",
    "radar stations",
    "searchlights",
    "batteries",
    "kits",
    "hospitals",
    "squadrons",
    "students",
    "cadres",
    "workers",
    "doctors",
    "teachers",
    "interpreters",
    "minesweepers",
)


STOP_MODIFIERS = {
    "of",
    "and",
    "the",
    "to",
    "for",
    "in",
    "on",
    "at",
    "by",
    "with",
    "from",
    "our",
    "your",
    "their",
    "more",
    "than",
    "about",
    "over",
    "under",
    "including",
}


OF_PHRASE_STOP = {
    "will",
    "would",
    "to",
    "and",
    "for",
    "in",
    "from",
    "which",
    "that",
    "so",
    "is",
    "are",
    "were",
    "was",
    "be",
    "by",
    "with",
    "on",
    "at",
    "before",
    "after",
    "as",
}


# Soviet leaders a request may be addressed to; Stalin under his cover names too.
SOVIET_NAMES = {
    "stalin",
    *COVER_NAMES,
    "molotov",
    "vyshinsky",
    "bulganin",
    "malenkov",
    "vasilevsky",
}


CHINESE_NAMES = {"mao zedong", "zhou enlai", "liu shaoqi", "peng dehuai", "gao gang"}


NOT_AFTER_TITLE = {
    "staff",
    "headquarters",
    "assembly",
    "secretary",
    "department",
    "administration",
    "directorate",
    "command",
    "committee",
    "council",
}


ORG_WORDS = {
    "army",
    "people",
    "peoples",
    "force",
    "forces",
    "volunteers",
    "republic",
    "committee",
    "party",
    "government",
    "ministry",
    "council",
    "union",
    "front",
    "navy",
    "staff",
    "command",
    "department",
    "administration",
    "corps",
    "sic",
    "illegible",
    "unclear",
    "text",
    "missing",
    "signature",
}
