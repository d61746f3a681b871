"""Signatures of contracts, amendments and letters of intent, with date, parties and signatories.

A sentence that says something was signed ("ont signé la lettre d'intention", "vient de
signer le 29 septembre le contrat", "la convention signée le …") gives a signature; its
date is the date written nearest to the verb, a missing year resolved from the document
date and the weekday. Signatures of the same kind and département are merged, the dated one kept.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ingest.model import Evidence, Mention, OrgRef, Signature

from .context import Context, org_ref
from .dates import find_dates
from .text import fold, strip_span

_SIGN = re.compile(
    r"\b(?:co)?sign(?:e|ee|es|ees|er|ent|ons|era|eront|ait|aient|ature|ant)\b|\bparaphe|\bont conclu\b|\ba conclu\b|"
    r"\bconclue?s? le\b"
)
_CONTRACT = re.compile(
    r"\b(?:contrat|convention|lettre d'intention|lettres d'intention|avenant|contractualisation|"
    r"document|feuille de route|pacte)s?\b"
)
_PAST = re.compile(
    r"\b(?:a|ont|avait|avaient|vient de|viennent de)\s+(?:\w+\s+)?sign|\bsigne(?:e|es|s)?\b|\bsignature\b|"
    r"\bparaphe(?:e|es|s)?\b"
)
# a signing still to come: a relative weekday ("sera signé mardi") is then not a past day
_FUTURE = re.compile(r"\b(?:sera|seront|va|vont|doit|doivent|devrait|devraient|prochain|prochaine|signera|signeront)\b")
_PERIOD = re.compile(r"\b(20[12]\d)\s*[-–/]\s*(20[12]\d)\b")
_NOT_SIGNING_DATE = re.compile(
    r"(?:publie|mis a jour|modifie|s'acheve|prend fin|expire|prendra fin|s'achevera|avant|jusqu'au|au plus tard)"
    r"\s+(?:le\s*)?$"
)
# the signing as a point in time for something else: « prend effet à compter de sa signature », « 60 % à la
# signature du présent contrat »
_REFERENCE_POINT = re.compile(r"\b(?:a compter de|des|a|apres|avant|lors de) (?:sa|la|leur) signature\b")
# the closing formula of a signed act: « Fait à Épinal, le 9 novembre 2020, en trois exemplaires »
_DONE_AT = re.compile(r"^\W*fait a [^,.;]{2,60},?\s+le\b")
# a dateline opening a paragraph: « Vendredi 5 mars 2021, salle des délibérations, à Périgueux. »
_DATELINE = re.compile(r"^\W*(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche),?\s+)?(?:le\s+)?\d")


# a line that says when the act the document presents was signed (an infographic, a fact sheet): « Signé le … »
_SIGNED_LINE = re.compile(r"^\W*signee?s?,?\s+le\b")
# words that name what was signed; without one ("signer la contractualisation") the kind is only a default
_NAMED_KIND = re.compile(r"\b(?:contrat|convention|avenant|lettres? d'intention)s?\b")


def _own_clause(folded: str, position: int) -> str:
    """The sentence up to the end of the clause at ``position`` (« CDPPE signé le 15/12/2020 ; avenant n° 1 signé
    le 21/06/2021 »: the first date's act is not the amendment)."""
    end = folded.find(";", position)
    return folded if end < 0 else folded[:end]


def _kind(folded: str) -> str:
    if "avenant" in folded:
        return "amendment"
    if "lettre d'intention" in folded or "lettres d'intention" in folded:
        return "letter_of_intent"
    return "contract"


_THERE = re.compile(r"\by (?:ont|a|avaient|avait) (?:\w+ )?(?:sign|paraph)")  # « … y ont paraphé le contrat »
DATELINE_START = 12  # characters from a sentence's start within which its date makes it a dateline
# a sentence whose time is the one of the sentence before: "À cette occasion, … ont signé le contrat."
_SAME_OCCASION = re.compile(
    r"^\W*(?:a cette occasion|ce jour-la|lors de cette (?:reunion|seance|visite|rencontre)|a l'issue de cette)"
)


def _found_dates(ctx: Context, index: int, relative: bool = False) -> list[Mention]:
    """The date mentions of a sentence (found once, see ``mentions.py``): full dates, or relative ones."""
    return [m for m in ctx.mentions[index] if m.kind == "date" and (m.pattern == "date.relative") == relative]


def _dates(ctx: Context, index: int, folded: str) -> tuple[list[Mention], str]:
    """The date mentions a signing sentence gives, and the rule that found them."""
    sentence = ctx.sentences[index]
    found = _found_dates(ctx, index)
    dates = [d for d in found if not _NOT_SIGNING_DATE.search(folded[: d.start - sentence.start])]
    if dates:
        return dates, "signature.dated"
    broken = _broken_date(ctx, index)
    if broken is not None:
        return [broken], "signature.dated"
    if index > 0 and (_SAME_OCCASION.match(folded) or _THERE.search(folded)):
        earlier = _found_dates(ctx, index - 1)
        if earlier:
            return earlier[-1:], "signature.same-occasion"
    if index > 0 and _DATELINE.match(fold(ctx.sentences[index - 1].text)):
        earlier = _found_dates(ctx, index - 1)
        if earlier and earlier[0].start - ctx.sentences[index - 1].start <= DATELINE_START:
            return earlier[:1], "signature.dateline"
    if _EVENT_TITLE.match(folded):
        when = _event_date(ctx, index)
        if when is not None:
            return [when], "signature.event-line"
    if not _FUTURE.search(folded):
        relative = [d for d in _found_dates(ctx, index, relative=True)
                    if _of_the_signing(folded, d.start - sentence.start)]
        if relative:
            return relative, "signature.relative-date"
    return [], "signature.undated"


# the title of an event that is a signing (« Signature du contrat départemental … du Doubs »)
_EVENT_TITLE = re.compile(r"^\W*(?:ceremonie de )?signature (?:du|de l'|de la|des) ")
# a line under it that says when: a field (« Quand : lundi 14 mars 2022 ») or a place and a date (« Besançon, hôtel du
# Département, jeudi 16 septembre 2021, 11 h 30 »)
_WHEN_FIELD = re.compile(r"^\W*(?:quand|date|le|jour|date et heure)\s*:")
EVENT_LINES = 4
EVENT_LINE_WORDS = 16


def _event_date(ctx: Context, index: int) -> Mention | None:
    """The date of a signing event, from the lines under its title that say when it takes place."""
    for following in range(index + 1, min(len(ctx.sentences), index + 1 + EVENT_LINES)):
        folded = fold(ctx.sentences[following].text)
        dates = _found_dates(ctx, following)
        if not dates or _NOT_SIGNING_DATE.search(folded[: dates[0].start - ctx.sentences[following].start]):
            continue
        if _WHEN_FIELD.match(folded) or (len(folded.split()) <= EVENT_LINE_WORDS and "," in folded
                                         and not re.search(r"\b(?:a|ont|est|sont|sera|seront)\b", folded)):
            return dates[0]
    return None


# words that open another clause between the signing verb and a relative date: the date is then that clause's
# (« le contrat signé avec l'État, poste qui a permis … le tableau de bord présenté ce jour »)
_OTHER_CLAUSE = re.compile(r"\b(?:qui|que|qu'|dont|ou|lequel|laquelle|a|ont|est|sont|avait|avaient)\b|[;:]")


def _of_the_signing(folded: str, at: int) -> bool:
    """Whether the relative date at ``at`` dates the signing: before the signing verb (« Ce mardi, … ont signé »), or
    after it in the same clause (« ont signé ce matin »)."""
    verb = _SIGN.search(folded)
    if verb is None or at < verb.start():
        return True
    return not _OTHER_CLAUSE.search(folded, verb.end(), at)


_DAY_AT_END = re.compile(
    r"\b(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s+)?(?:[0-3]?\d|1er)\s*$", re.IGNORECASE
)


def _broken_date(ctx: Context, index: int) -> Mention | None:
    """A date cut by a line break (a page converted from PDF: « ont signé le lundi 8 » / « février 2021 à … »): the
    day that ends the sentence and the month that opens the next line, read as one date."""
    sentence = ctx.sentences[index]
    day = _DAY_AT_END.search(sentence.text)
    if day is None or index + 1 >= len(ctx.sentences):
        return None
    following = ctx.sentences[index + 1]
    if ctx.text[sentence.end : following.start].count("\n") != 1:
        return None
    start, end = sentence.start + day.start(), min(following.end, following.start + 30)
    joined = ctx.text[start:end].replace("\n", " ")
    found = [d for d in find_dates(joined, ctx.published, ctx.years) if d.start == 0]
    if not found or found[0].end <= sentence.end - start:
        return None
    d = found[0]
    return Mention("date", start, start + d.end, ctx.text[start : start + d.end], d.value,
                   "date.full" if d.year_stated else "date.no-year")


def _carried_on(ctx: Context, index: int) -> str:
    """The folded line that carries sentence ``index`` on after a line break inside it (it opens in lower case or
    with a figure: « ont signé le lundi 8 » / « février 2021 à la préfecture le contrat … »), or nothing."""
    if index + 1 >= len(ctx.sentences):
        return ""
    sentence, following = ctx.sentences[index], ctx.sentences[index + 1]
    if ctx.text[sentence.end : following.start].count("\n") != 1 or not re.match(r"[a-zà-ÿ0-9]", following.text):
        return ""
    return fold(following.text)


TITLE_SENTENCES = 12  # sentences at a document's start where the act it is may be named


def _title(ctx: Context) -> str:
    """The folded words naming the act a document is (« CONTRAT DÉPARTEMENTAL … », « AVENANT N° 1 … »)."""
    for sentence in ctx.sentences[:TITLE_SENTENCES]:
        folded = fold(sentence.text)
        if _NAMED_KIND.search(folded):
            return folded
    return ""


# a signing only considered (announced ones, « signeront le 14 mars », are signings the text dates)
_PLANNED = re.compile(
    r"\bsignature\b[^.;:]{0,40}\b(?:est|sont|serait|reste)\s+(?:envisagee|prevue|programmee|a l'etude|a planifier)"
    r"|\b(?:pourrait|pourraient|devrait|devraient)\s+(?:etre\s+)?signe"
)


# the act a document opens with, as its title line names it (« CONTRAT DÉPARTEMENTAL … », « ARRÊTÉ PRÉFECTORAL … »)
_ACT_TITLE = re.compile(
    r"^\W*(?:(?:le|la|l') ?)?(contrat|convention|avenant|lettres? d'intention|arrete|deliberation|recueil des actes"
    r"|proces-verbal|compte rendu)s?\b"
)


def _signs_the_contract(ctx: Context) -> bool:
    """Whether the document is an act of the strategy whose closing formula (« Fait à …, le … ») is its signing: a
    contract, an amendment, a letter of intent, or a convention its title ties to the contract; not an arrêté, a
    délibération, a collection of acts, nor a convention of another object (« CONVENTION TRIPARTITE … Équipe
    mobile … »)."""
    for index, sentence in enumerate(ctx.sentences[:TITLE_SENTENCES]):
        act = _ACT_TITLE.match(fold(sentence.text))
        if act is None:
            continue
        if act.group(1) != "convention":
            return act.group(1) in ("contrat", "avenant") or act.group(1).startswith("lettre")
        title = " ".join(fold(s.text) for s in ctx.sentences[index : index + 3])
        return bool(re.search(r"\bcontrat\b", title))
    return True  # no title: the closing formula is read as it stands


def _parties(ctx: Context, index: int) -> tuple[OrgRef, ...]:
    parties: list[OrgRef] = []
    for org in ctx.orgs[index]:
        if org.kind not in ("state", "ars", "council") or (org.kind == "council" and not (org.code or ctx.focus)):
            continue
        ref = org_ref(ctx, org.kind, org.name, org.code)
        if ref not in parties:
            parties.append(ref)
    return tuple(parties)


def _signature(ctx: Context, index: int, people_spans: list[tuple[str, int, int]]) -> tuple[Signature, bool] | None:
    """The signature a sentence states, and whether its date is relative; None when it states none."""
    sentence = ctx.sentences[index]
    folded = fold(sentence.text)
    verb = _SIGN.search(folded) or _DONE_AT.match(folded)
    if not verb or "signataire" in folded[verb.start() : verb.end() + 4] or _REFERENCE_POINT.search(folded):
        return None
    if _PLANNED.search(folded):
        return None  # « La signature de l'avenant est envisagée le lundi 17 janvier 2022 »: a plan, no signing
    if _DONE_AT.match(folded) and not _SIGN.search(folded) and not _signs_the_contract(ctx):
        return None  # « Fait à Valence, le 14 décembre 2020 » closes an arrêté, not the contract
    named_act = _CONTRACT.search(folded) or _CONTRACT.search(_carried_on(ctx, index))
    if not named_act and not _DONE_AT.match(folded) and not (_SIGNED_LINE.match(folded) and _title(ctx)):
        return None
    dates, rule = _dates(ctx, index, folded)
    if not dates and not _PAST.search(folded):
        return None
    chosen = min(dates, key=lambda d: abs(d.start - sentence.start - verb.start())) if dates else None
    date = chosen.value if chosen is not None else None
    places = ctx.places[index]
    code = places[0].code if places else ctx.focus
    # the people the sentence names (person mentions, found once), else the names found in it by people.py
    named = [str(m.value) for m in ctx.mentions[index] if m.kind == "person"]
    signatories = tuple(dict.fromkeys(named or [
        name for name, start, end in people_spans if sentence.start <= start and end <= sentence.end
    ]))
    period_match = _PERIOD.search(sentence.text)
    period = (int(period_match.group(1)), int(period_match.group(2))) if period_match else None
    start, end = strip_span(ctx.text, sentence.start, sentence.end)
    if rule == "signature.dated" and (_DONE_AT.match(folded) or _SIGNED_LINE.match(folded)):
        rule = "signature.done-at" if _DONE_AT.match(folded) else "signature.signed-line"
    evidence = Evidence(start, end, rule, (chosen.id,) if chosen is not None else ())
    kind = _kind(_title(ctx)) if _DONE_AT.match(folded) or _SIGNED_LINE.match(folded) else _kind(
        _own_clause(folded, chosen.end - sentence.start if chosen is not None else 0))
    signature = Signature(kind, code, date, signatories, _parties(ctx, index), period, evidence)  # type: ignore[arg-type]
    return signature, rule not in ("signature.dated", "signature.done-at")


# a date tied to a signing participle just before it: « conclu le 18 décembre 2020 », « avenant n° 1 signé le … »
_PARTICIPLE_BEFORE = re.compile(
    r"\b(?:(?:co)?signee?s?|conclue?s?|paraphee?s?)\s*,?\s+(?:le\s+)?(?:(?:lundi|mardi|mercredi|jeudi|vendredi|"
    r"samedi|dimanche)\s+)?$"
)


def _other_signings(ctx: Context, index: int, first: Signature) -> list[Signature]:
    """The other signings a sentence dates besides ``first``: a date right after a signing participle (« … au
    contrat conclu le 18 décembre 2020 »), or a date after another département (« avec le Doubs le 1er décembre,
    puis avec le Territoire de Belfort le jeudi 3 décembre »); each of the act its clause names."""
    sentence, folded = ctx.sentences[index], fold(ctx.sentences[index].text)
    dates, _rule = _dates(ctx, index, folded)
    out: list[Signature] = []
    for date in dates:
        if date.id in first.evidence.mentions or date.value == first.date:
            continue
        at = date.start - sentence.start
        places = [p for p in ctx.places[index] if p.end <= date.start]
        code = places[-1].code if places else first.departement
        if not (_PARTICIPLE_BEFORE.search(folded[max(0, at - 40) : at]) or code != first.departement):
            continue
        if _FUTURE.search(folded[max(0, at - 40) : at]):
            continue
        clause = folded[folded.rfind(";", 0, at) + 1 : at]
        acts = list(_NAMED_KIND.finditer(clause))
        kind = _kind(acts[-1].group()) if acts else first.kind
        evidence = replace(first.evidence, rule="signature.another", mentions=(date.id,))
        out.append(replace(first, kind=kind, departement=code, date=date.value, evidence=evidence))  # type: ignore[arg-type]
    return out


def extract_signatures(ctx: Context, people_spans: list[tuple[str, int, int]]) -> list[Signature]:
    found: dict[tuple[str, str | None], Signature] = {}
    order: list[tuple[str, str | None]] = []
    # signatures whose kind the sentence does not name, and whether their date is relative ("aujourd'hui")
    vague: dict[tuple[str, str | None], bool] = {}
    for index, sentence in enumerate(ctx.sentences):
        read = _signature(ctx, index, people_spans)
        if read is None:
            continue
        signature, relative = read
        key = _keep(found, order, signature)
        if key is not None and not _NAMED_KIND.search(fold(sentence.text)) and signature.evidence.rule not in (
            "signature.done-at", "signature.signed-line"
        ):
            vague[key] = relative
        for other in _other_signings(ctx, index, signature):
            _keep(found, order, other)
    return _distinct(found, order, vague)


def _keep(found: dict[tuple[str, str | None], Signature], order: list[tuple[str, str | None]],
          signature: Signature) -> tuple[str, str | None] | None:
    """Add a signature under its kind and département (a second date of the same kind is another act: « l'avenant
    2021 … »), or date the undated one kept; the key when it is new."""
    key: tuple[str, str | None] = (signature.kind, signature.departement)
    if signature.date is not None and key in found and found[key].date not in (None, signature.date):
        key = (f"{signature.kind} {signature.date.isoformat()}", signature.departement)
    previous = found.get(key)
    if previous is None:
        found[key] = signature
        order.append(key)
        return key
    if previous.date is None and signature.date is not None:
        found[key] = signature
    return None


def _distinct(found, order, vague) -> list[Signature]:
    """Drop an undated signature of a département that has a dated one, and vague retellings of a signing."""
    dated = {found[key].departement for key in order if found[key].date is not None}
    named = {(found[key].date, found[key].departement) for key in order if key not in vague}
    named_departements = {departement for _, departement in named}

    def restated(key: tuple[str, str | None]) -> bool:
        """ "heureux de signer aujourd'hui la contractualisation" retells a signing the text names elsewhere."""
        signature = found[key]
        if key not in vague or signature.date is None:
            return False
        return (signature.date, signature.departement) in named or (
            vague[key] and signature.departement in named_departements
        )

    return [
        found[key]
        for key in order
        if (found[key].date is not None or found[key].departement not in dated) and not restated(key)
    ]
