"""Generate a synthetic French corpus about the child-protection contracts, for benchmarks and tests.

Each document is assembled from varied sentence templates: a département taken from the
reference data (``ontology/reference/departements.json``), a signature (contract, 2021
amendment or letter of intent) dated with or without the year, fundings from the State, the
ARS, the Département or the CAF written in several ways (``1 250 000 €``, ``2,7 M€``,
``3,1 millions d'euros``, ``deux millions d'euros``, ``1,2 M€ par an``), people with their
posts, actions on the four axes of the strategy, indicators, and the boilerplate of web
pages (menus, cookie banners, login forms, "Partager"). Styles: département and préfecture
press releases, newspaper articles with a byline, radio pages, Markdown and HTML pages.

Everything is fictional: names are drawn from lists of common first and last names, amounts
and measures are random; the one real person, Adrien Taquet, is only named as the author of
the strategy. The output is deterministic: document ``i`` depends only on
``(seed, i)``, so ``make_corpus(folder, 10)`` writes the first ten documents of
``make_corpus(folder, 1000)`` byte for byte.

With ``gold_dir`` the facts each document states are also written as YAML in the format of
the evaluation contract (``doc``, ``published``, ``departments``, ``fundings``,
``signatures``, ``people``, ``actions``), so the corpus can be scored like hand-written ones.

    python bench/make_corpus.py OUT --n 1000 [--seed 0] [--gold GOLD_DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import random
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DEPARTEMENTS_JSON = ROOT / "ontology" / "reference" / "departements.json"

# typeLiaison of the official geographic code: how "de" and the article combine with the name
_OF = {0: "de ", 1: "d'", 2: "du ", 3: "de la ", 4: "des ", 5: "de l'"}
_THE = {0: "", 1: "", 2: "le ", 3: "la ", 4: "les ", 5: "l'"}
_IN = {0: "à ", 1: "en ", 2: "dans le ", 3: "dans la ", 4: "dans les ", 5: "dans l'"}

MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre"]
WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
UNITS = ["", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix"]

FIRST_F = ["Anne", "Sophie", "Claire", "Isabelle", "Nathalie", "Catherine", "Sylvie", "Valérie", "Christine",
           "Hélène", "Émilie", "Julie", "Marion", "Laure", "Agnès", "Céline", "Florence", "Martine"]
FIRST_M = ["Jean", "Pierre", "Philippe", "Michel", "Alain", "Bernard", "Christophe", "Olivier", "Thierry",
           "François", "Laurent", "Didier", "Éric", "Patrice", "Jérôme", "Yves", "Gilles", "Stéphane"]
LAST = ["Martin", "Bernard", "Dubois", "Lefèvre", "Moreau", "Garnier", "Rousseau", "Fontaine", "Chevalier",
        "Lambert", "Bonnet", "Girard", "Mercier", "Faure", "Blanchard", "Guérin", "Perrin", "Morel", "Roussel",
        "Delmas", "Carpentier", "Lacoste", "Barbier", "Marchand", "Roy", "Leclerc", "Caron", "Vidal", "Brunet",
        "Renaud", "Aubert", "Texier", "Picard", "Colin", "Hamon", "Le Gall", "Poulain", "Mallet", "Besson"]

BOILERPLATE = {
    "menu": ["Aller au contenu principal", "Menu", "Rechercher", "Accueil", "Actualités", "Agenda", "Contact",
             "Mon compte", "Se connecter"],
    "regions": ["Changer de région", "Toute la France", "Auvergne-Rhône-Alpes", "Bretagne", "Grand Est",
                "Hauts-de-France", "Normandie", "Nouvelle-Aquitaine", "Occitanie", "Pays de la Loire"],
    "cookies": ["Ce site utilise des cookies pour mesurer l'audience. Accepter Refuser Paramétrer",
                "Nous utilisons des cookies pour améliorer votre expérience. OK En savoir plus"],
    "share": ["Partager", "Facebook", "Twitter", "LinkedIn", "Envoyer par e-mail", "Imprimer"],
    "login": ["Déjà inscrit(e) ?", "Mot de passe oublié ?", "Identifiant et/ou mot de passe non valides",
              "Pas encore inscrit(e) ?", "M'inscrire gratuitement"],
    "newsletter": ["Newsletter", "Recevez chaque matin l'essentiel de l'actualité", "Votre adresse e-mail",
                   "Je m'inscris"],
    "paywall": ["Cet article est réservé aux abonnés.", "Il vous reste 65 % à découvrir.", "Je m'abonne",
                "Offre découverte : 1 € le premier mois"],
    "footer": ["Mentions légales", "Données personnelles", "Gestion des cookies", "Plan du site",
               "Accessibilité : partiellement conforme"],
}


@dataclass(frozen=True)
class Departement:
    code: str
    name: str
    liaison: int

    @property
    def of(self) -> str:  # "du Nord", "de la Gironde", "d'Ille-et-Vilaine"
        return _OF[self.liaison] + self.name

    @property
    def the(self) -> str:  # "le Nord", "la Gironde", "Ille-et-Vilaine"
        return _THE[self.liaison] + self.name

    @property
    def inside(self) -> str:  # "dans le Nord", "en Ille-et-Vilaine"
        return _IN[self.liaison] + self.name


@dataclass
class Person:
    name: str
    feminine: bool
    role: str


@dataclass
class Facts:
    """What one generated document states: the gold of the evaluation contract, plus its text."""

    doc: str
    published: dt.date | None
    departments: list[dict] = field(default_factory=list)
    fundings: list[dict] = field(default_factory=list)
    signatures: list[dict] = field(default_factory=list)
    people: list[dict] = field(default_factory=list)
    actions: list[dict] = field(default_factory=list)

    def gold(self) -> dict:
        return {"doc": self.doc, "published": self.published, "departments": self.departments,
                "fundings": self.fundings, "signatures": self.signatures, "people": self.people,
                "actions": self.actions}


def load_departements(path: Path = DEPARTEMENTS_JSON) -> list[Departement]:
    rows = json.loads(path.read_text(encoding="utf-8"))
    return [Departement(r["code"], r["nom"], int(r["typeLiaison"])) for r in rows
            if r.get("zone") in ("metro", "drom") and r["code"] not in ("75",)]


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "-".join("".join(c if c.isalnum() else " " for c in ascii_text).split())


# --------------------------------------------------------------------------- amounts and dates


def group_thousands(n: int, sep: str = " ") -> str:
    return f"{n:,}".replace(",", sep)


def decimal_fr(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def format_amount(rng: random.Random, amount: int) -> str:
    """The amount written as a French text would, in one of several styles."""
    styles = ["figures", "figures_euros"]
    if amount >= 1_000_000 and amount % 10_000 == 0:
        styles += ["meur", "millions", "meur"]
    if amount >= 1_000_000 and amount % 1_000_000 == 0 and amount // 1_000_000 < len(UNITS):
        styles += ["words", "words"]
    style = rng.choice(styles)
    if style == "figures":
        return group_thousands(amount, rng.choice([" ", " ", "\u202f"])) + " €"
    if style == "figures_euros":
        return group_thousands(amount) + " euros"
    millions = amount / 1_000_000
    if style == "meur":
        return f"{decimal_fr(millions)} M€"
    if style == "millions":
        unit = "million" if millions < 2 else "millions"
        return f"{decimal_fr(millions)} {unit} d'euros"
    word = UNITS[amount // 1_000_000]
    return f"{word} million d'euros" if word == "un" else f"{word} millions d'euros"


def random_amount(rng: random.Random, low: int, high: int) -> int:
    """A round amount between low and high euros, as budgets are written."""
    step = rng.choice([50_000, 100_000, 100_000, 1_000_000]) if high > 2_000_000 else rng.choice([5_000, 10_000])
    return max(step, rng.randrange(low, high) // step * step)


def date_with_year(d: dt.date, weekday: bool) -> str:
    day = "1er" if d.day == 1 else str(d.day)
    text = f"{day} {MONTHS[d.month - 1]} {d.year}"
    return f"{WEEKDAYS[d.weekday()]} {text}" if weekday else text


def date_without_year(d: dt.date) -> str:
    day = "1er" if d.day == 1 else str(d.day)
    return f"{WEEKDAYS[d.weekday()]} {day} {MONTHS[d.month - 1]}"


def elide_de(word: str) -> str:
    """"de " or "d'" before ``word``: "de créer", "d'ouvrir"."""
    return "d'" if word[:1].lower() in "aeiouyhéèêàâîôû" else "de "


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


# --------------------------------------------------------------------------- actions

# (template, axis, health check of 3-4 year olds, age_min, age_max, places range or None)
ACTIONS = [
    ("généraliser les bilans de santé de la PMI en école maternelle pour les enfants de 3-4 ans", 1, True, 3, 4, None),
    ("réaliser le bilan de santé de tous les enfants de 3 à 4 ans scolarisés en maternelle", 1, True, 3, 4, None),
    ("examiner tous les élèves de petite et moyenne section lors des bilans de santé en école maternelle",
     1, True, None, None, None),
    ("proposer l'entretien prénatal précoce à toutes les femmes enceintes", 1, False, None, None, None),
    ("multiplier les visites à domicile des puéricultrices de PMI après la naissance", 1, False, None, None, None),
    ("ouvrir des consultations de PMI itinérantes dans les communes rurales", 1, False, None, None, None),
    ("ouvrir des lieux d'accueil enfants-parents", 1, False, None, None, None),
    ("dépister les troubles du langage de tous les enfants de 6 ans des quartiers prioritaires",
     1, False, 6, 6, None),
    ("créer {n} places d'accueil pour les fratries", 2, False, None, None, (6, 30)),
    ("lancer un appel à projets d'AEMO renforcée pour éviter des placements", 2, False, None, None, None),
    ("créer une équipe mobile pour les enfants confiés en situation de handicap", 2, False, None, None, None),
    ("recruter des assistants familiaux et revaloriser leur rémunération", 2, False, None, None, None),
    ("ouvrir {n} places d'accueil d'urgence", 2, False, None, None, (8, 40)),
    ("renforcer la cellule de recueil des informations préoccupantes", 2, False, None, None, None),
    ("ouvrir une pouponnière de {n} places", 2, False, None, None, (10, 35)),
    ("créer un conseil des jeunes accueillis", 3, False, None, None, None),
    ("assurer un bilan de santé à chaque enfant confié dès son arrivée", 3, False, None, None, None),
    ("former les professionnels au repérage des violences faites aux enfants", 3, False, None, None, None),
    ("désigner un référent droits et participation pour chaque enfant placé", 3, False, None, None, None),
    ("accompagner les jeunes majeurs sortant de l'aide sociale à l'enfance jusqu'à 21 ans",
     4, False, None, 21, None),
    ("proposer une solution de logement à chaque jeune quittant l'ASE à 18 ans", 4, False, 18, None, None),
    ("relancer l'Observatoire départemental de la protection de l'enfance", None, False, None, None, None),
    ("installer un comité de suivi associant l'État, la justice et les associations",
     None, False, None, None, None),
]

CONTEXT = [
    "La stratégie nationale de prévention et de protection de l'enfance, présentée en octobre 2019, se déploie "
    "dans les territoires par une contractualisation entre l'État et les départements, sur des objectifs partagés "
    "et des moyens financiers dédiés.",
    "Le contrat fixe pour chaque mesure un calendrier et des indicateurs de suivi, examinés chaque année par un "
    "comité réunissant les signataires.",
    "La protection de l'enfance reste une compétence du Département ; l'État apporte des crédits supplémentaires "
    "à condition que le Département engage des moyens au moins équivalents.",
    "Quatre engagements structurent la stratégie : agir le plus précocement possible, sécuriser les parcours des "
    "enfants protégés, leur donner les moyens d'agir et garantir leurs droits, préparer leur avenir.",
    "Les professionnels de terrain attendent surtout des recrutements : éducateurs, assistants familiaux, "
    "médecins et puéricultrices de PMI manquent dans de nombreux territoires.",
]

ACTION_LEADS = ["Le Département prévoit {de}{a}.", "Le contrat permettra {de}{a}.", "Il s'agit aussi {de}{a}.",
                "Autre engagement : {a}.", "Le Département s'engage à {a}."]


def pick_actions(rng: random.Random, dep: Departement) -> list[tuple[str, dict]]:
    chosen = rng.sample(ACTIONS, rng.randint(3, 6))
    # at most one 3-4 health check per document: they are the same measure written differently
    seen_check = False
    out = []
    for template, axis, check, age_min, age_max, places in chosen:
        if check and seen_check:
            continue
        seen_check = seen_check or check
        gold: dict = {"department_code": dep.code, "label": "", "axis": axis}
        text = template
        if places:
            n = rng.randint(*places)
            text = template.format(n=n)
            gold["places"] = [n]
        gold["label"] = text
        if check:
            gold["health_check_3_4"] = True
        if age_min is not None:
            gold["age_min"] = age_min
        if age_max is not None:
            gold["age_max"] = age_max
        out.append((text, gold))
    return out


# --------------------------------------------------------------------------- one document


class Writer:
    """Builds one document's lines and, in step, the facts they state."""

    def __init__(self, rng: random.Random, dep: Departement, stem: str) -> None:
        self.rng = rng
        self.dep = dep
        self.facts = Facts(doc=stem, published=None)
        self.facts.departments.append({"code": dep.code, "name": dep.name})
        self.used_names: set[str] = set()

    def person(self, role_m: str, role_f: str, feminine: bool | None = None) -> Person:
        rng = self.rng
        while True:
            fem = rng.random() < 0.5 if feminine is None else feminine
            name = f"{rng.choice(FIRST_F if fem else FIRST_M)} {rng.choice(LAST)}"
            if name not in self.used_names:
                break
        self.used_names.add(name)
        role = role_f if fem else role_m
        self.facts.people.append({"name": name, "role": role})
        return Person(name, fem, role)

    def funding(self, funder: str, amount: int, period: str | None, per_year: bool,
                recipient: str | None = "dep") -> str:
        text = format_amount(self.rng, amount) + (" par an" if per_year else "")
        self.facts.fundings.append({
            "funder": funder, "recipient_code": self.dep.code if recipient == "dep" else recipient,
            "amount_eur": amount, "period": period, "per_year": per_year, "text": text})
        return text


def build_document(rng: random.Random, deps: list[Departement], index: int,
                   style: str | None = None) -> tuple[str, str, Facts]:
    """(file name, text, facts) of document ``index`` (in a style drawn at random unless given)."""
    dep = rng.choice(deps)
    if style is None:
        style = rng.choice(["department", "prefecture", "newspaper", "radio", "web", "markdown", "html", "brief"])
    ext = {"markdown": "md", "html": "html"}.get(style, "txt")
    stem = f"gen_{index:05d}_{slug(dep.name)}"
    w = Writer(rng, dep, stem)

    start = dt.date(2020, 2, 1)
    published = start + dt.timedelta(days=rng.randrange(0, (dt.date(2022, 4, 30) - start).days))
    signed = published - dt.timedelta(days=rng.choice([0, 0, 1, 1, 2, 3]))
    while signed.weekday() >= 5:  # no signing ceremonies at the weekend
        signed -= dt.timedelta(days=1)
    year = signed.year
    kind = rng.choices(["contract", "amendment", "letter_of_intent"], weights=[6, 2, 2])[0]
    if kind == "amendment" and year == 2020:
        kind = "contract"
    period = {2020: "2020-2022", 2021: "2021-2022", 2022: "2022"}[year]
    show_date = style != "web"  # web pages state no publication date: signature dates carry the year
    w.facts.published = published if show_date else None

    president = w.person("président du conseil départemental", "présidente du conseil départemental")
    prefet = w.person(f"préfet {dep.of}", f"préfète {dep.of}")
    ars = w.person("directeur général de l'ARS", "directrice générale de l'ARS") if rng.random() < 0.4 else None
    vice = w.person("vice-président chargé de l'enfance", "vice-présidente chargée de l'enfance") \
        if rng.random() < 0.35 else None
    taquet = rng.random() < 0.25
    if taquet:
        w.facts.people.append({"name": "Adrien Taquet",
                               "role": "secrétaire d'État chargé de l'enfance et des familles"})

    # --- the signature sentence
    with_year = not show_date or rng.random() < 0.5
    when = ("le " + date_with_year(signed, weekday=rng.random() < 0.5)) if with_year \
        else "ce " + date_without_year(signed)
    what = {
        "contract": ("le contrat départemental de prévention et de protection de l'enfance", "signé"),
        "amendment": (f"l'avenant {year} au contrat départemental de prévention et de protection de l'enfance",
                      "signé"),
        "letter_of_intent": ("la lettre d'intention qui engage le Département dans la stratégie nationale "
                             "de prévention et de protection de l'enfance", "signée"),
    }[kind]
    w.facts.signatures.append({"date": signed, "kind": kind, "department_code": dep.code})
    signers = f"{president.name}, {president.role} {dep.of}, et {prefet.name}, {prefet.role}"
    if ars:
        signers = (f"{president.name}, {president.role} {dep.of}, {prefet.name}, {prefet.role}, "
                   f"et {ars.name}, {ars.role}")
    signature = rng.choice([
        f"{signers} ont signé {when} {what[0]}.",
        f"{cap(what[0])} a été {what[1]} {when} par {signers}.",
        f"Le Département {dep.of} et l'État ont signé {when} {what[0]}.",
    ])
    if signature.startswith("Le Département"):
        signature += f" Le document porte les signatures de {signers}."

    # --- fundings
    money: list[str] = []
    if rng.random() < 0.9:
        per_year = rng.random() < 0.25
        state = random_amount(rng, 300_000, 6_000_000)
        text = w.funding("state", state, period, per_year)
        money.append(rng.choice([f"L'État apporte {text} sur la période {period}.",
                                 f"Sur la période {period}, l'État s'engage à hauteur de {text}.",
                                 f"L'État y consacre {text}."]))
        if rng.random() < 0.5:
            text = w.funding("ars", random_amount(rng, 200_000, 2_000_000), period, False)
            money.append(f"L'Agence régionale de santé ajoute {text}.")
        if rng.random() < 0.7:
            text = w.funding("department", random_amount(rng, 500_000, 8_000_000), period, False)
            money.append(rng.choice([f"Le Département engage de son côté {text}.",
                                     f"Ces financements s'ajoutent aux {text} apportés par le Département."]))
        if rng.random() < 0.15:
            text = w.funding("other", random_amount(rng, 100_000, 600_000), period, False)
            money.append(f"La caisse d'allocations familiales participe à hauteur de {text}.")
    if rng.random() < 0.15:
        text = w.funding("state", 80_000_000, "2020", False, recipient=None)
        money.append(f"Au niveau national, l'enveloppe de l'État atteignait {text} en 2020 pour les "
                     "trente premiers départements.")
    if not money:
        money.append("Les montants seront précisés dans le contrat, attendu dans les prochains mois.")

    # --- actions and indicators
    actions = pick_actions(rng, dep)
    for _, gold in actions:
        w.facts.actions.append(gold)
    has_check = any(g.get("health_check_3_4") for _, g in actions)
    indicator = rng.choice([
        f"Environ {group_thousands(rng.randrange(400, 9000, 50))} enfants sont confiés à l'aide sociale "
        f"à l'enfance {dep.inside}.",
        f"En 2019, {rng.randint(40, 90)} % des enfants de 3-4 ans du département avaient bénéficié d'un bilan "
        "de santé, contre 70 % en moyenne nationale." if has_check else
        f"Le département compte {rng.randint(20, 140)} centres de PMI.",
        f"Les informations préoccupantes ont progressé de {rng.randint(3, 20)} % en un an.",
    ])
    quotes = [f"« Chaque enfant doit pouvoir grandir en sécurité », a déclaré {president.name}."]
    if vice:
        quotes.append(f"{vice.name}, {vice.role}, suivra la mise en œuvre des engagements.")
    if taquet:
        quotes.append("La stratégie avait été présentée en octobre 2019 par Adrien Taquet, secrétaire d'État "
                      "chargé de l'enfance et des familles.")

    title = rng.choice([
        f"Protection de l'enfance : {dep.the} signe avec l'État",
        f"Enfance : un {'avenant' if kind == 'amendment' else 'contrat'} pour {dep.the}",
        f"Stratégie de prévention et de protection de l'enfance {dep.inside}",
    ])
    title = cap(title)
    intro = [signature, *rng.sample(CONTEXT, rng.randint(1, 3)), *money]
    bullets = rng.random() < 0.5 or style == "markdown"
    if bullets:
        body = ["Les principales actions :", "\n".join(f"- {cap(a)} ;" for a, _ in actions)]
    else:
        body = [rng.choice(ACTION_LEADS).format(a=a, de=elide_de(a)) for a, _ in actions]
    main = [*intro, "", *body, "", indicator, *quotes]
    text = render(rng, style, title, main, published, dep, w)
    return f"{stem}.{ext}", text, w.facts


def render(rng: random.Random, style: str, title: str, main: list[str], published: dt.date,
           dep: Departement, w: Writer) -> str:
    date_line = f"le {date_with_year(published, weekday=False)}"
    paragraphs = "\n\n".join(p for p in main if p)
    if style == "department":
        contact = w.person("contact presse", "contact presse")
        return (f"Communiqué de presse\n\nHôtel du Département, {date_line}\n\n{title}\n\n{paragraphs}\n\n"
                f"Contact presse : {contact.name} – 01 00 00 00 00\n")
    if style == "prefecture":
        head = f"PRÉF{'ÈTE' if w.facts.people[1]['role'].startswith('préfète') else 'ET'} {dep.of.upper()}"
        return (f"{head}\nLiberté\nÉgalité\nFraternité\n\nCommuniqué de presse\n\n"
                f"Hôtel de la préfecture, {date_line}\n\n{title}\n\n{paragraphs}\n\n"
                "Contact presse : service de la communication interministérielle\n")
    if style == "newspaper":
        journalist = w.person("journaliste (auteur)", "journaliste (autrice)")
        return (f"Société\n\n{title}\n\nPar {journalist.name} – publié {date_line}\n\n{paragraphs}\n\n"
                + "\n".join(BOILERPLATE["share"]) + "\n")
    if style == "radio":
        journalist = w.person("journaliste (auteur)", "journaliste (autrice)")
        top = BOILERPLATE["menu"] + BOILERPLATE["regions"] + [rng.choice(BOILERPLATE["cookies"])]
        return ("\n".join(top) + f"\n\n{title}\n\nPar {journalist.name}\nPublié le {published:%d/%m/%Y}\n\n"
                + "\n".join(BOILERPLATE["share"]) + f"\n\n{paragraphs}\n\n" + "\n".join(BOILERPLATE["footer"])
                + "\n")
    if style == "web":
        top = BOILERPLATE["login"] + BOILERPLATE["newsletter"]
        bottom = BOILERPLATE["paywall"] + ["Commentaires", "Votre e-mail ne sera pas publié"] + BOILERPLATE["login"]
        return "\n\n".join(top) + f"\n\n{title}\n\n{paragraphs}\n\n" + "\n\n".join(bottom) + "\n"
    if style == "markdown":
        return f"# {title}\n\n*Communiqué – {date_line}*\n\n{paragraphs}\n"
    if style == "html":
        body = "\n".join(html_block(p) for p in main if p)
        nav = "".join(f"<li><a href=\"#\">{html.escape(x)}</a></li>" for x in BOILERPLATE["menu"])
        foot = "".join(f"<li><a href=\"#\">{html.escape(x)}</a></li>" for x in BOILERPLATE["footer"])
        return (f"<!DOCTYPE html>\n<html lang=\"fr\">\n<head><meta charset=\"utf-8\"><title>{html.escape(title)}"
                f"</title></head>\n<body>\n<nav><ul>{nav}</ul></nav>\n<main><article>\n<h1>{html.escape(title)}</h1>\n"
                f"<p class=\"date\">Publié {date_line}</p>\n{body}\n</article></main>\n<footer><ul>{foot}</ul>"
                "</footer>\n</body>\n</html>\n")
    # brief
    return f"EN BREF\n\n{title}\n\n{published:%d/%m/%Y}\n\n{paragraphs}\n"


def html_block(block: str) -> str:
    lines = block.split("\n")
    if all(line.startswith("- ") for line in lines):
        return "<ul>" + "".join(f"<li>{html.escape(line[2:], quote=False)}</li>" for line in lines) + "</ul>"
    return f"<p>{html.escape(block, quote=False)}</p>"


# --------------------------------------------------------------------------- the corpus


def make_corpus(folder: Path, n: int, seed: int = 0, gold_dir: Path | None = None) -> list[Path]:
    """Write ``n`` synthetic documents into ``folder`` (and their gold into ``gold_dir``); return their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    if gold_dir is not None:
        Path(gold_dir).mkdir(parents=True, exist_ok=True)
    deps = load_departements()
    paths = []
    for index in range(n):
        rng = random.Random(f"enfance-kg:{seed}:{index}")
        name, text, facts = build_document(rng, deps, index)
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
        if gold_dir is not None:
            gold = yaml.safe_dump(facts.gold(), allow_unicode=True, sort_keys=False, width=1000)
            (Path(gold_dir) / f"{facts.doc}.yaml").write_text(gold, encoding="utf-8")
    return paths


def long_document(size: int, *, seed: int = 0, one_line: bool = False) -> str:
    """One document of ``size`` characters: the prose of generated press briefs one after the other, each
    about its own département (so no two paragraphs repeat), on one line if ``one_line``. For the tests
    and benchmarks of long inputs: the same ``(size, seed)`` gives the same text."""
    deps = load_departements()
    parts: list[str] = []
    length = 0
    index = 0
    while length < size:
        _, text, _ = build_document(random.Random(f"enfance-kg-long:{seed}:{index}"), deps, index, style="brief")
        text = text.removeprefix("EN BREF\n\n")
        parts.append(" ".join(text.split()) if one_line else text)
        length += len(parts[-1]) + 1
        index += 1
    return (" " if one_line else "\n").join(parts)[:size]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path, help="folder to write the documents into")
    ap.add_argument("--n", type=int, default=1000, help="number of documents (default 1000)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--gold", type=Path, default=None, help="also write gold facts (YAML) into this folder")
    args = ap.parse_args(argv)
    if args.n < 0:
        ap.error("--n must be positive")
    paths = make_corpus(args.out, args.n, args.seed, args.gold)
    size = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} documents, {size / 1024:.0f} kB, in {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
