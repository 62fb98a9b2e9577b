"""The words that point to an indicator or a form of exploitation, per language (Keten's own lists).

A rule is a string: groups separated by `` + `` must all occur in the same sentence, in any order;
``|`` separates alternatives within a group; an alternative of several words is a phrase whose
words follow each other. A word matches a token of the text when their Snowball stems are equal
(``taken`` and ``takes`` do not, ``passports`` and ``passport`` do); ``word*`` matches any token that
starts with ``word``, ``*word`` any token that ends with it (German compounds: ``*pass`` finds
``Reisepass``), ``*word*`` any token that contains it. Accents and case are ignored.

Only the indicators listed here are suggested: those that people describe in ordinary words. The
rest of the catalogue (for example "someone took advantage of what they did not know") is left to
the person reading; docs/suggestions.md says which.
"""

from __future__ import annotations

# --- Indicators ----------------------------------------------------------------------------------

INDICATOR_RULES: dict[str, dict[str, tuple[str, ...]]] = {
    "general.documents_taken": {
        "en": (
            "passport*|identity card*|id card*|id|papers|documents|residence permit*"
            " + took|taken|take*|keep*|kept|hold*|held|confiscat*|withh*|locked|safe",
        ),
        "nl": (
            "paspoort*|identiteitskaart*|id kaart|papieren|documenten|verblijfskaart*|*pas"
            " + afgenomen|genomen|neemt|nam|namen|houdt|hield|bewaart|bewaard|afgepakt|ingehouden"
            "|ingenomen|kluis|inhouden|afgeven|afgegeven|afnemen",
        ),
        "fr": (
            "passeport*|carte d identite|papiers|documents|titre de sejour"
            " + pris|prend|prenait|garde*|confisqu*|retenu*|retient|enleve*|coffre|remettre|remis",
        ),
        "de": (
            "*pass|*passe|*ausweis*|papiere*|dokumente*|aufenthaltstitel"
            " + abgenommen|genommen|nimmt|nahm|behalt*|behielt|einbehalten|weggenommen|tresor"
            "|abgeben|abgegeben|verwahrt|abnehmen",
        ),
    },
    "general.no_freedom_of_movement": {
        "en": (
            "locked up|locked in|lock* + door*|room|house|inside|night",
            "not allowed|never allowed|cannot|can t|may not|forbidden|nobody can|no one can"
            "|nobody is allowed + leave|go out|go outside|out alone|out",
        ),
        "nl": (
            "opgesloten|sluit* op|slot|op slot",
            "mag|mogen|kan|kunnen|durft + niet|nooit|niemand + buiten|weg|naar buiten|verlaten|alleen buiten",
        ),
        "fr": (
            "enferm*|cle + porte|chambre|maison|nuit|dedans|enferm*",
            "interdit*|pas le droit|ne peut|ne peuvent|jamais + sortir|partir|quitter",
        ),
        "de": (
            "eingesperrt|eingeschlossen|sperrt* ein|schliesst* ein|abgeschlossen",
            "darf|durfen|kann|konnen + nicht|nie|niemand + raus|hinaus|weg|verlassen|allein hinaus|ausgehen",
        ),
    },
    "general.sleeps_at_workplace": {
        "en": (
            "sleep*|slept + warehouse|kitchen|workshop|building site|site|stable|shop|garage|salon|car wash"
            "|work",
        ),
        "nl": (
            "slaapt|slapen|sliep|sliepen|overnacht* + magazijn|keuken|werf|werkplaats|atelier|stal|winkel"
            "|garage|salon|carwash|op het werk|bouwwerf|restaurant|serre",
        ),
        "fr": (
            "dort|dorment|dormait|dormir + entrepot|cuisine|chantier|atelier|ecurie|magasin|garage|salon"
            "|car wash|lieu de travail|restaurant|serre|boulot",
        ),
        "de": (
            "schlaft|schlafen|schlief|ubernachtet* + lager|kuche|baustelle|werkstatt|stall|laden|garage"
            "|salon|waschanlage|arbeitsplatz|restaurant|gewachshaus|arbeit",
        ),
    },
    "general.little_or_no_pay": {
        "en": (
            "paid|pay|earn*|get*|gets|receive* + nothing|hardly|barely|almost nothing|only + euro*|nothing",
            "no pay|without pay|unpaid|for free|for nothing|never paid|not paid|isn t paid|wasn t paid",
            "euro*|eur + an hour|per hour|a day|per day|a month|per month + only|just|barely",
        ),
        "nl": (
            "verdient|verdienen|krijgt|krijgen|betaald + niets|bijna niets|amper|nauwelijks|maar|slechts"
            " + euro*|niets",
            "geen loon|zonder loon|onbetaald|gratis werken|werkt gratis|voor niets|voor niks|niet betaald"
            "|nooit betaald",
            "euro*|eur + per uur|per dag|per maand|een uur|per week + maar|slechts|amper",
        ),
        "fr": (
            "paye*|gagne*|touche*|recoit|recu + rien|presque rien|a peine|seulement|que + euro*|rien",
            "sans salaire|pas de salaire|pas paye*|jamais paye*|gratuitement|pour rien|sans etre paye*",
            "euro*|eur + l heure|par heure|par jour|par mois|la journee + seulement|que|a peine",
        ),
        "de": (
            "verdient|verdienen|bekommt|bekommen|bezahlt + nichts|kaum|fast nichts|nur + euro*|nichts",
            "kein lohn|keinen lohn|ohne lohn|unbezahlt|umsonst|nicht bezahlt|nie bezahlt",
            "euro*|eur + pro stunde|die stunde|am tag|pro tag|im monat|pro monat + nur|kaum",
        ),
    },
    "forced_labour.withholding_of_wages": {
        "en": (
            "wage*|salary|pay|money + withheld|held back|holds back|keep*|kept|later|owes|not paid|unpaid"
            "|months|never",
        ),
        "nl": (
            "loon|lonen|salaris|geld + ingehouden|houdt|achtergehouden|later|maanden|nooit|nog niet"
            "|niet uitbetaald|niet betaald",
        ),
        "fr": (
            "salaire*|paie|argent + retenu*|retient|garde*|plus tard|mois|jamais|pas verse|pas paye*"
            "|doit encore",
        ),
        "de": (
            "lohn|lohne|gehalt|geld + einbehalten|zuruckgehalten|behalt*|spater|monaten|monate|nie"
            "|nicht ausgezahlt|nicht bezahlt|schuldet",
        ),
    },
    "general.large_debt": {
        "en": ("debt|debts|owes money|owe money|in debt",),
        "nl": (
            "schulden|schuldenlast",
            "schuld + euro*|betal*|afbetal*|terugbetal*|afwerk*|aflossen|reis|smokkelaar*",
        ),
        "fr": ("dette|dettes|endette*",),
        "de": ("schulden|schuldet",),
    },
    "general.signs_of_violence": {
        "en": ("bruise*|black eye|beaten|beat|beats|hit|hits|slapped|kicked|injur*|wound*|burn marks",),
        "nl": (
            "blauwe plek*|blauw oog|geslagen|slaat|sloeg|geschopt|schopt|verwond*|wonde*|brandwond*"
            "|kneuzing*",
        ),
        "fr": ("bleus|un oeil au beurre noir|battu*|frapp*|gifle*|coups|blessure*|blesse*|brulure*",),
        "de": (
            "blaue flecken|blauen flecken|veilchen|geschlagen|schlagt|schlug|getreten|verletzung*|wunde*"
            "|verbrennung*",
        ),
    },
    "general.afraid_to_talk": {
        "en": (
            "afraid|scared|fear*|dare not|daren t|does not dare|too frightened + talk|speak|say anything"
            "|tell",
        ),
        "nl": ("bang|durft niet|durfde niet|angst* + praten|spreken|vertellen|iets zeggen|zeggen",),
        "fr": ("peur|n ose pas|n osait pas|effraye* + parler|dire|raconter|temoigner",),
        "de": ("angst|traut sich nicht|fürchtet|furchtet + reden|sprechen|erzahlen|sagen",),
    },
    "forced_labour.excessive_overtime": {
        "en": (
            "11|12|13|14|15|16|17|18|19|20|twelve|fourteen|sixteen + hours + a day|per day|day|night",
            "seven days a week|7 days a week|day and night|without a day off|no day off|never a day off",
        ),
        "nl": (
            "11|12|13|14|15|16|17|18|19|20|twaalf|veertien|zestien + uur + per dag|per dag|dag|s daags|nacht",
            "zeven dagen op zeven|7 dagen op 7|zeven dagen per week|7 dagen per week|dag en nacht"
            "|geen vrije dag|nooit een vrije dag|zonder vrije dag",
        ),
        "fr": (
            "11|12|13|14|15|16|17|18|19|20|douze|quatorze|seize + heures|h + par jour|jour|journee|nuit",
            "sept jours sur sept|7 jours sur 7|7j 7|jour et nuit|sans jour de repos|jamais de jour de repos"
            "|aucun jour de repos|pas de jour de repos|pas un jour de repos",
        ),
        "de": (
            "11|12|13|14|15|16|17|18|19|20|zwolf|vierzehn|sechzehn + stunden + tag|am tag|pro tag|taglich"
            "|nacht",
            "sieben tage die woche|7 tage die woche|tag und nacht|ohne freien tag|keinen freien tag"
            "|nie einen freien tag|kein freier tag",
        ),
    },
    "forced_labour.intimidation_and_threats": {
        "en": ("threaten*|threat|threats|intimidat*",),
        "nl": ("bedreig*|dreig*|intimid*",),
        "fr": ("menac*|intimid*",),
        "de": ("droht|drohen|drohte|bedroh*|drohung*|einschuchter*",),
    },
    "coercion_at_destination.threat_of_denunciation": {
        "en": (
            "threaten*|threat*|will call|would call|tell + police|authorities|immigration|deport*|sent back",
        ),
        "nl": (
            "dreig*|bedreig*|zal bellen|verklikken|aangeven + politie|autoriteiten"
            "|dienst vreemdelingenzaken|uitgezet|terugsturen|teruggestuurd",
        ),
        "fr": ("menac*|denoncer|appeler + police|autorites|office des etrangers|expulse*|renvoye*|renvoyer",),
        "de": (
            "droht|drohen|drohte|bedroh*|anzeigen|melden + polizei|behorden|auslanderamt|abgeschoben"
            "|abschieb*",
        ),
    },
    "forced_labour.deception": {
        "en": (
            "promised|told|thought|was supposed|expected + job|work|nanny|au pair|waitress|restaurant|hotel"
            " + but|instead|turned out|in reality",
        ),
        "nl": (
            "beloofd|beloofde|dacht|gezegd|zou + job|werk|baan|oppas|kinderoppas|serveerster|restaurant|hotel"
            " + maar|in plaats|bleek|eigenlijk",
        ),
        "fr": (
            "promis|croyait|pensait|devait|dit + travail|emploi|boulot|nounou|baby sitter|serveuse|restaurant"
            "|hotel + mais|au lieu|en realite|finalement",
        ),
        "de": (
            "versprochen|dachte|sollte|gesagt + arbeit|job|stelle|kindermadchen|au pair|kellnerin|restaurant"
            "|hotel + aber|stattdessen|in wirklichkeit|tatsachlich",
        ),
    },
    "coercion_at_destination.confinement_or_surveillance": {
        "en": (
            "watched|watches|guarded|camera*|followed|monitor*|accompanied|never alone|always someone with",
        ),
        "nl": ("bewaakt|in de gaten|camera*|gevolgd|gecontroleerd|nooit alleen|altijd iemand bij",),
        "fr": ("surveill*|camera*|suivi*|accompagne*|jamais seul*|toujours quelqu un",),
        "de": ("bewacht|beobachtet|uberwacht*|kamera*|verfolgt|begleitet|nie allein|immer jemand dabei",),
    },
    "exploitative_conditions.earnings_from_sex_taken": {
        "en": (
            "hand* over|give*|gave|takes|took|keep*|kept + money|earnings|all + client*|customers|sex"
            "|prostitution|window|escort",
        ),
        "nl": (
            "afgeven|geeft|gaf|afdragen|neemt|pakt|houdt + geld|verdiensten|alles + klant*|prostitutie|raam"
            "|seks|escort",
        ),
        "fr": (
            "remettre|remet|donner|donne|prend|garde + argent|gains|tout + client*|prostitution|vitrine"
            "|passes|escort",
        ),
        "de": (
            "abgeben|gibt|gab|nimmt|behalt* + geld|einnahmen|alles + freier|kunden|prostitution|fenster|sex"
            "|escort",
        ),
    },
    "begging.hands_over_takings": {
        "en": (
            "hand* over|give*|gave|takes|take|collect* + money|coins|takings|everything|all + beg|begs"
            "|begging|begged",
        ),
        "nl": (
            "afgeven|geeft|gaf|afdragen|neemt|nemen|ophalen|haalt + geld|munten|opbrengst|alles + bedel*",
        ),
        "fr": (
            "remettre|remet|donner|donne|donnent|prend|prennent|recupere* + argent|pieces|recette"
            "|tout + mendi*|manche",
        ),
        "de": ("abgeben|gibt|geben|gab|nimmt|nehmen|abkassier* + geld|munzen|einnahmen|alles + bettel*",),
    },
    "begging.dropped_off_and_collected": {
        "en": (
            "dropped off|brought|drops + picked up|collected|fetched",
            "van|car + drop*|brings|brought + beg|begging|morning",
        ),
        "nl": (
            "afgezet|gebracht|brengt + opgehaald|haalt|terug gehaald",
            "busje|auto|bestelwagen + afgezet|gebracht|brengt + bedel*|ochtend|morgen*",
        ),
        "fr": (
            "depose*|amene* + recupere*|reprend|cherche*|reprise*",
            "camionnette|voiture + depose*|amene* + mendi*|matin",
        ),
        "de": (
            "abgesetzt|gebracht|bringt + abgeholt|holt",
            "transporter|auto|kleinbus + abgesetzt|gebracht|bringt + bettel*|morgen*",
        ),
    },
    "begging.child_begging": {
        "en": ("child|children|kid|kids|boy|girl|toddler|baby|minor + beg|begs|begging|begged",),
        "nl": ("kind|kinderen|kindje|jongen|meisje|peuter|baby|minderjarig* + bedel*",),
        "fr": ("enfant*|gamin*|garcon|fille|fillette|bebe|mineur* + mendi*|fait la manche|faire la manche",),
        "de": ("kind|kinder|junge|madchen|kleinkind|baby|minderjahrig* + bettel*",),
    },
    "forced_crime.tends_cannabis_plantation": {
        "en": ("cannabis|weed|marijuana + plantation|plants|farm|grow*|attic|lamps",),
        "nl": ("cannabis*|wiet*|hennep* + plantage|planten|kwekerij|zolder|lampen|kweken|kweekt",),
        "fr": ("cannabis|herbe|marijuana + plantation|plants|culture|grenier|lampes|cultiver",),
        "de": ("cannabis*|hanf*|marihuana + plantage|pflanzen|anlage|dachboden|lampen|anbau",),
    },
    "forced_crime.carries_drugs": {
        "en": ("sell*|sold|deal*|carry*|carried|deliver*|transport* + drugs|cocaine|heroin|pills|packages",),
        "nl": (
            "verkop*|verkoopt|dealen|dealt|vervoer*|bezorg*|leveren|smokkel* + drugs|cocaine|heroine|pillen"
            "|pakjes|bolletjes",
        ),
        "fr": ("vend*|dealer|transport*|livr*|porter + drogue*|cocaine|heroine|pilules|paquets|boulettes",),
        "de": (
            "verkauf*|dealen|dealt|transportier*|liefer*|schmuggel* + drogen|kokain|heroin|pillen|pakete"
            "|paketchen",
        ),
    },
    "forced_crime.steals_under_supervision": {
        "en": ("steal*|stole|stolen|pickpocket*|shoplift*|thefts|burglar*",),
        "nl": ("stelen|steelt|stal|stalen|gestolen|zakkenroll*|winkeldiefstal*|diefstal*|inbraak|inbreken",),
        "fr": ("vol|vols|voler|vole|volent|pickpocket*|cambriol*|vol a l etalage",),
        "de": (
            "stehlen|stiehlt|stahl|gestohlen|taschendieb*|ladendiebstahl*|diebstahl*|einbruch*|einbrechen",
        ),
    },
    "organ_removal.promised_money_for_organ": {
        "en": ("kidney|liver|organ*|cornea + money|euro*|pay*|paid|sell*|sold|buy*|debt*",),
        "nl": ("nier|nieren|lever|orgaan|organen + geld|euro*|betal*|verkop*|verkocht|kop*|schuld*",),
        "fr": ("rein|reins|foie|organe*|cornee + argent|euro*|pay*|vend*|achet*|dette*",),
        "de": ("niere|nieren|leber|organ|organe + geld|euro*|bezahl*|verkauf*|gekauft|schulden|schuld",),
    },
    "organ_removal.unexplained_surgery": {
        "en": (
            "scar*|surgery|operation|operated + not explain|won t explain|cannot explain|can t explain"
            "|refuses to explain|unexplained|no explanation|abroad",
        ),
        "nl": (
            "litteken*|operatie|geopereerd + niet uitleggen|niet verklaren|onverklaard|geen uitleg"
            "|buitenland",
        ),
        "fr": (
            "cicatrice*|operation|opere* + refuse d expliquer|n explique pas|pas expliquer|sans explication"
            "|inexplique*|a l etranger",
        ),
        "de": ("narbe*|operation|operiert + nicht erklaren|keine erklarung|unerklart|ausland",),
    },
    "exploitative_conditions.bad_living_conditions": {
        "en": (
            "mattress*|on the floor|no heating|no water|no toilet|no shower|mould|overcrowded"
            "|people in one room|caravan|container",
        ),
        "nl": (
            "matras*|op de grond|geen verwarming|geen water|geen toilet|geen douche|schimmel|overbevolkt"
            "|mensen in een kamer|mensen op een kamer|caravan|container",
        ),
        "fr": (
            "matelas|par terre|sans chauffage|pas de chauffage|sans eau|pas d eau|pas de toilette*"
            "|moisissure*"
            "|surpeuple*|personnes dans une chambre|caravane|conteneur",
        ),
        "de": (
            "matratze*|auf dem boden|keine heizung|ohne heizung|kein wasser|keine toilette|schimmel"
            "|uberfullt|personen in einem zimmer|menschen in einem zimmer|wohnwagen|container",
        ),
    },
    "exploitative_conditions.hazardous_work": {
        "en": (
            "without|no + protection|protective|helmet|gloves|mask|safety + work*|chemical*|roof|site|spray*"
            "|machine*|products",
        ),
        "nl": (
            "zonder|geen + bescherming|beschermende|helm|handschoenen|mondmasker|masker|veiligheid*"
            " + werk*|chemisch*|dak|werf|spuit*|machine*|producten|pesticiden",
        ),
        "fr": (
            "sans|pas de|aucun* + protection|casque|gants|masque|securite + travail*|chimique*|toit|chantier"
            "|pulveris*|machine*|produits|pesticides",
        ),
        "de": (
            "ohne|keine|keinen + schutz*|helm|handschuhe|maske|sicherheit* + arbeit*|chemikalien|dach"
            "|baustelle"
            "|spruh*|maschine*|mittel|pestizide",
        ),
    },
    "exploitative_conditions.no_social_protection": {
        "en": (
            "no contract|without a contract|without contract|undeclared|off the books|cash in hand"
            "|not registered|not declared",
        ),
        "nl": (
            "geen contract|zonder contract|zwart|in het zwart|niet aangegeven|niet ingeschreven"
            "|geen sociale zekerheid|geen verzekering",
        ),
        "fr": (
            "pas de contrat|sans contrat|au noir|non declare*|pas declare*|sans securite sociale"
            "|pas d assurance",
        ),
        "de": (
            "keinen vertrag|kein vertrag|ohne vertrag|schwarz|schwarzarbeit|nicht angemeldet"
            "|keine versicherung|ohne versicherung",
        ),
    },
    "abuse_of_vulnerability_at_destination.irregular_status": {
        "en": (
            "no papers|without papers|undocumented|illegally in|no residence permit|irregular stay|overstay*",
        ),
        "nl": (
            "geen papieren|zonder papieren|illegaal in|geen verblijfsvergunning|zonder verblijfsvergunning"
            "|geen verblijfsrecht",
        ),
        "fr": (
            "sans papiers|pas de papiers|en sejour irregulier|en situation irreguliere|illegalement en"
            "|pas de titre de sejour",
        ),
        "de": (
            "keine papiere|ohne papiere|illegal in|ohne aufenthaltstitel|keinen aufenthaltstitel"
            "|ohne aufenthaltserlaubnis|keine aufenthaltserlaubnis",
        ),
    },
    "exploitative_conditions.child_in_sex_work": {
        "en": (
            "minor|underage|girl of 1*|boy of 1*|1* year old|child|children + client*|prostitut*|sex|escort"
            "|photos",
        ),
        "nl": (
            "minderjarig*|meisje van 1*|jongen van 1*|1* jaar oud|1* jarig*|kind + klant*|prostitu*|seks"
            "|escort|foto*",
        ),
        "fr": (
            "mineur*|fille de 1*|garcon de 1*|1* ans|enfant + client*|prostitu*|sexe|sexuel*|escort|photos",
        ),
        "de": (
            "minderjahrig*|madchen von 1*|junge von 1*|1* jahre alt|1*jahrig*|kind + freier*|kunden"
            "|prostitu*|sex|escort|fotos",
        ),
    },
}

# Indicators whose lexicon contains a negation on purpose ("not allowed to leave"): the negation
# check does not apply to them, the rule is written with the negation in it.
NEGATION_IN_RULE: frozenset[str] = frozenset(
    {
        "general.no_freedom_of_movement",
        "organ_removal.unexplained_surgery",
        "exploitative_conditions.bad_living_conditions",
        "exploitative_conditions.hazardous_work",
        "exploitative_conditions.no_social_protection",
        "abuse_of_vulnerability_at_destination.irregular_status",
    }
)

NEGATIONS: dict[str, frozenset[str]] = {
    "en": frozenset("not no never nobody none t neither own".split()),
    "nl": frozenset("niet geen nooit niemand noch eigen".split()),
    "fr": frozenset("pas jamais personne aucun aucune ni propre".split()),
    "de": frozenset("nicht kein keine keinen keiner nie niemals niemand eigenen eigene".split()),
}

# --- Forms of exploitation -----------------------------------------------------------------------

# Words that name a form on their own ("forced to beg", "cannabis plantation", "prostitution").
FORM_RULES: dict[str, dict[str, tuple[str, ...]]] = {
    "sexual": {
        "en": (
            "prostitut*|sex work*|escort*|brothel|window prostitution|sex with clients|forced into sex"
            "|sexual exploitation",
        ),
        "nl": (
            "prostitu*|seksarbeid*|seks werk|escort*|bordeel|raamprostitutie|achter het raam"
            "|achter de ramen|seksuele uitbuiting|tippelen",
        ),
        "fr": ("prostitu*|travail du sexe|escort*|bordel|vitrine|exploitation sexuelle|passes|racolage",),
        "de": (
            "prostitu*|sexarbeit|escort*|bordell|fensterprostitution|hinter den fenstern|hinter dem fenster"
            "|sexuelle ausbeutung|freier|strich",
        ),
    },
    "labour": {
        "en": ("labour exploitation|forced labour|forced to work|works for nothing",),
        "nl": (
            "economische uitbuiting|arbeidsuitbuiting|dwangarbeid|gedwongen te werken|moet werken voor niets",
        ),
        "fr": (
            "exploitation economique|exploitation par le travail|travail force|force* de travailler"
            "|oblige* de travailler",
        ),
        "de": ("arbeitsausbeutung|zwangsarbeit|gezwungen zu arbeiten|arbeiten muss fur nichts",),
    },
    "begging": {
        "en": ("beg|begs|begging|panhandl*",),
        "nl": ("bedelen|bedelt|bedelde|bedelaar*|bedelend*",),
        "fr": ("mendier|mendie|mendient|mendicite|mendiant*|fait la manche|faire la manche",),
        "de": ("betteln|bettelt|bettelte|bettler*|bettelei",),
    },
    "forced_crime": {
        "en": (
            "cannabis|weed plantation|drugs|cocaine|heroin|steal*|stole|stolen|pickpocket*|shoplift*"
            "|burglar*",
        ),
        "nl": (
            "cannabis*|wietplantage|hennepplantage|drugs|cocaine|heroine|stelen|steelt|gestolen|zakkenroll*"
            "|winkeldiefstal*|inbraak|inbreken",
        ),
        "fr": ("cannabis|drogue*|cocaine|heroine|voler|vole|volent|pickpocket*|cambriol*|vol a l etalage",),
        "de": (
            "cannabis*|hanfplantage|drogen|kokain|heroin|stehlen|stiehlt|gestohlen|taschendieb*"
            "|ladendiebstahl*|einbruch*",
        ),
    },
    "organ_removal": {
        "en": ("kidney|liver|organ|organs|cornea|transplant*",),
        "nl": ("nier|nieren|lever|orgaan|organen|transplant*|orgaanhandel",),
        "fr": ("rein|reins|foie|organe|organes|greffe|transplant*",),
        "de": ("niere|nieren|leber|organ|organe|organhandel|transplant*",),
    },
}

# Words that point to a form only when the text also shows a sign of exploitation (a building
# site is not exploitation; a building site where someone sleeps and is not paid may be).
FORM_CONTEXT_RULES: dict[str, dict[str, tuple[str, ...]]] = {
    "labour": {
        "en": (
            "building site|construction|restaurant|kitchen|car wash|farm|harvest|cleaning|warehouse|factory"
            "|nail salon|bakery|greenhouse|butcher*",
        ),
        "nl": (
            "werf|bouwwerf|bouw|restaurant|keuken|carwash|boerderij|oogst|pluk*|schoonmaak*|poets*|magazijn"
            "|fabriek|nagelsalon|bakkerij|serre|slagerij",
        ),
        "fr": (
            "chantier|construction|restaurant|cuisine|car wash|ferme|recolte|cueillette|nettoyage|menage"
            "|entrepot|usine|onglerie|boulangerie|serre|boucherie",
        ),
        "de": (
            "baustelle|bau|restaurant|kuche|waschanlage|bauernhof|ernte|reinigung|putz*|lager|fabrik"
            "|nagelstudio|backerei|gewachshaus|metzgerei",
        ),
    },
    "sexual": {
        "en": ("massage parlour|massage salon|bar|nightclub|clients|customers at night",),
        "nl": ("massagesalon|bar|nachtclub|klanten",),
        "fr": ("salon de massage|bar|boite de nuit|clients",),
        "de": ("massagesalon|bar|nachtclub|kunden",),
    },
}
