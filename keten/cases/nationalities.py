"""Nationalities typed the way people say them: "Romanian", "Roemeense", "roumaine", "rumänisch".

The case form keeps nationalities as ISO 3166-1 alpha-2 codes. ``keten.knowledge.names`` reads
country names (from the Unicode CLDR, in Keten's four languages) and codes; CLDR has no
nationality adjectives, so this module holds them for the nationalities that centres meet most
(the countries of origin in Myria's annual reports on trafficking, the EU and the neighbours),
in English, Dutch, French and German. Inflected forms are found from the base form: French
feminine and plural endings, Dutch and German adjective endings. Any other nationality can still
be typed as its country's name or code.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from keten.knowledge import names

# code: English; Dutch; French (masculine); German (adjective base form) and, where the
# feminine or the noun does not follow from the base, more forms after the fourth.
ADJECTIVES: dict[str, tuple[str, ...]] = {
    "AF": ("Afghan", "Afghaans", "afghan", "afghanisch"),
    "AL": ("Albanian", "Albanees", "albanais", "albanisch"),
    "DZ": ("Algerian", "Algerijns", "algérien", "algerisch", "algérienne"),
    "AM": ("Armenian", "Armeens", "arménien", "armenisch", "arménienne"),
    "AT": ("Austrian", "Oostenrijks", "autrichien", "österreichisch", "autrichienne"),
    "BD": ("Bangladeshi", "Bengaals", "bangladais", "bangladeschisch", "Bangladeshi"),
    "BY": ("Belarusian", "Wit-Russisch", "biélorusse", "belarussisch"),
    "BE": ("Belgian", "Belgisch", "belge", "belgisch"),
    "BJ": ("Beninese", "Beninees", "béninois", "beninisch"),
    "BA": ("Bosnian", "Bosnisch", "bosnien", "bosnisch", "bosnienne"),
    "BR": ("Brazilian", "Braziliaans", "brésilien", "brasilianisch", "brésilienne"),
    "GB": ("British", "Brits", "britannique", "britisch"),
    "BG": ("Bulgarian", "Bulgaars", "bulgare", "bulgarisch"),
    "BF": ("Burkinabe", "Burkinees", "burkinabé", "burkinisch"),
    "BI": ("Burundian", "Burundees", "burundais", "burundisch"),
    "CM": ("Cameroonian", "Kameroens", "camerounais", "kamerunisch"),
    "CN": ("Chinese", "Chinees", "chinois", "chinesisch"),
    "CO": ("Colombian", "Colombiaans", "colombien", "kolumbianisch", "colombienne"),
    "CD": ("Congolese", "Congolees", "congolais", "kongolesisch"),
    "HR": ("Croatian", "Kroatisch", "croate", "kroatisch"),
    "CZ": ("Czech", "Tsjechisch", "tchèque", "tschechisch"),
    "DK": ("Danish", "Deens", "danois", "dänisch"),
    "DO": ("Dominican", "Dominicaans", "dominicain", "dominikanisch"),
    "NL": ("Dutch", "Nederlands", "néerlandais", "niederländisch"),
    "EC": ("Ecuadorian", "Ecuadoraans", "équatorien", "ecuadorianisch", "équatorienne"),
    "EG": ("Egyptian", "Egyptisch", "égyptien", "ägyptisch", "égyptienne"),
    "ER": ("Eritrean", "Eritrees", "érythréen", "eritreisch", "érythréenne"),
    "EE": ("Estonian", "Ests", "estonien", "estnisch", "estonienne"),
    "ET": ("Ethiopian", "Ethiopisch", "éthiopien", "äthiopisch", "éthiopienne"),
    "FI": ("Finnish", "Fins", "finlandais", "finnisch"),
    "FR": ("French", "Frans", "français", "französisch"),
    "GE": ("Georgian", "Georgisch", "géorgien", "georgisch", "géorgienne"),
    "DE": ("German", "Duits", "allemand", "deutsch"),
    "GH": ("Ghanaian", "Ghanees", "ghanéen", "ghanaisch", "ghanéenne"),
    "GR": ("Greek", "Grieks", "grec", "griechisch", "grecque"),
    "GN": ("Guinean", "Guinees", "guinéen", "guineisch", "guinéenne"),
    "HU": ("Hungarian", "Hongaars", "hongrois", "ungarisch"),
    "IN": ("Indian", "Indiaas", "indien", "indisch", "indienne"),
    "ID": ("Indonesian", "Indonesisch", "indonésien", "indonesisch", "indonésienne"),
    "IR": ("Iranian", "Iraans", "iranien", "iranisch", "iranienne"),
    "IQ": ("Iraqi", "Iraaks", "irakien", "irakisch", "irakienne"),
    "IE": ("Irish", "Iers", "irlandais", "irisch"),
    "IT": ("Italian", "Italiaans", "italien", "italienisch", "italienne"),
    "CI": ("Ivorian", "Ivoriaans", "ivoirien", "ivorisch", "ivoirienne"),
    "KE": ("Kenyan", "Keniaans", "kényan", "kenianisch", "kényane"),
    "XK": ("Kosovar", "Kosovaars", "kosovar", "kosovarisch", "kosovare"),
    "LV": ("Latvian", "Lets", "letton", "lettisch", "lettonne"),
    "LB": ("Lebanese", "Libanees", "libanais", "libanesisch"),
    "LR": ("Liberian", "Liberiaans", "libérien", "liberianisch", "libérienne"),
    "LY": ("Libyan", "Libisch", "libyen", "libysch", "libyenne"),
    "LT": ("Lithuanian", "Litouws", "lituanien", "litauisch", "lituanienne"),
    "LU": ("Luxembourgish", "Luxemburgs", "luxembourgeois", "luxemburgisch"),
    "MK": ("Macedonian", "Macedonisch", "macédonien", "mazedonisch", "macédonienne"),
    "ML": ("Malian", "Malinees", "malien", "malisch", "malienne"),
    "MR": ("Mauritanian", "Mauritaans", "mauritanien", "mauretanisch", "mauritanienne"),
    "MD": ("Moldovan", "Moldavisch", "moldave", "moldauisch"),
    "MN": ("Mongolian", "Mongools", "mongol", "mongolisch", "mongole"),
    "ME": ("Montenegrin", "Montenegrijns", "monténégrin", "montenegrinisch"),
    "MA": ("Moroccan", "Marokkaans", "marocain", "marokkanisch"),
    "NP": ("Nepali", "Nepalees", "népalais", "nepalesisch", "Nepalese"),
    "NE": ("Nigerien", "Nigerees", "nigérien", "nigrisch", "nigérienne"),
    "NG": ("Nigerian", "Nigeriaans", "nigérian", "nigerianisch", "nigériane"),
    "PK": ("Pakistani", "Pakistaans", "pakistanais", "pakistanisch"),
    "PS": ("Palestinian", "Palestijns", "palestinien", "palästinensisch", "palestinienne"),
    "PY": ("Paraguayan", "Paraguayaans", "paraguayen", "paraguayisch", "paraguayenne"),
    "PE": ("Peruvian", "Peruaans", "péruvien", "peruanisch", "péruvienne"),
    "PH": ("Filipino", "Filipijns", "philippin", "philippinisch", "Philippine", "Filipina"),
    "PL": ("Polish", "Pools", "polonais", "polnisch"),
    "PT": ("Portuguese", "Portugees", "portugais", "portugiesisch"),
    "RO": ("Romanian", "Roemeens", "roumain", "rumänisch"),
    "RU": ("Russian", "Russisch", "russe", "russisch"),
    "RW": ("Rwandan", "Rwandees", "rwandais", "ruandisch"),
    "SN": ("Senegalese", "Senegalees", "sénégalais", "senegalesisch"),
    "RS": ("Serbian", "Servisch", "serbe", "serbisch"),
    "SL": ("Sierra Leonean", "Sierra Leoons", "sierra-léonais", "sierra-leonisch"),
    "SK": ("Slovak", "Slowaaks", "slovaque", "slowakisch"),
    "SI": ("Slovenian", "Sloveens", "slovène", "slowenisch"),
    "SO": ("Somali", "Somalisch", "somalien", "somalisch", "somalienne"),
    "ES": ("Spanish", "Spaans", "espagnol", "spanisch", "espagnole"),
    "LK": ("Sri Lankan", "Sri Lankaans", "sri-lankais", "sri-lankisch"),
    "SD": ("Sudanese", "Soedanees", "soudanais", "sudanesisch"),
    "SE": ("Swedish", "Zweeds", "suédois", "schwedisch"),
    "CH": ("Swiss", "Zwitsers", "suisse", "schweizerisch"),
    "SY": ("Syrian", "Syrisch", "syrien", "syrisch", "syrienne"),
    "TH": ("Thai", "Thais", "thaïlandais", "thailändisch"),
    "TG": ("Togolese", "Togolees", "togolais", "togoisch"),
    "TN": ("Tunisian", "Tunesisch", "tunisien", "tunesisch", "tunisienne"),
    "TR": ("Turkish", "Turks", "turc", "türkisch", "turque"),
    "UG": ("Ugandan", "Oegandees", "ougandais", "ugandisch"),
    "UA": ("Ukrainian", "Oekraïens", "ukrainien", "ukrainisch", "ukrainienne"),
    "US": ("American", "Amerikaans", "américain", "amerikanisch"),
    "VE": ("Venezuelan", "Venezolaans", "vénézuélien", "venezolanisch", "vénézuélienne"),
    "VN": ("Vietnamese", "Vietnamees", "vietnamien", "vietnamesisch", "vietnamienne"),
}

# Endings of inflected forms: German adjective endings, the Dutch -e, French feminine and plural.
_ENDINGS = ("es", "en", "er", "e", "s")


def _key(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return re.sub(r"[^a-z0-9]+", " ", "".join(c for c in decomposed if not unicodedata.combining(c))).strip()


@cache
def _lookup() -> dict[str, str]:
    return {_key(form): code for code, forms in ADJECTIVES.items() for form in forms}


def nationality_code(text: str) -> str | None:
    """The country code of a nationality adjective in nl, fr, en or de, inflected or not."""
    key = _key(text)
    lookup = _lookup()
    if key in lookup:
        return lookup[key]
    for ending in _ENDINGS:
        if key.endswith(ending) and (code := lookup.get(key.removesuffix(ending))) is not None:
            return code
    # French feminine plural ("roumaines") and a doubled consonant before -e ("lettonne").
    for ending in ("es", "nes"):
        if key.endswith(ending) and (code := lookup.get(key.removesuffix(ending) + "n")) is not None:
            return code
    return None


def parse_nationalities(text: str) -> tuple[list[str], list[str]]:
    """Country codes from names, codes or nationality adjectives, and what was not recognised."""
    codes: list[str] = []
    unknown: list[str] = []
    for part in (p.strip() for p in re.split(r"[,;\n]+", text)):
        if not part:
            continue
        code = nationality_code(part)
        if code is not None:
            codes.append(code)
            continue
        found, not_found = names.parse_countries(part)
        codes += found
        unknown += not_found
    return list(dict.fromkeys(codes)), unknown
