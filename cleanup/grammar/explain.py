"""`mtclean explain LT:<id>`: what mtclean does with a LanguageTool rule, without asking a server."""
from __future__ import annotations


def describe(rule_id: str) -> str | None:
    """A few lines on LanguageTool rule ``LT:<id>`` (or ``<id>``), or None for a name that is not one."""
    from . import _settings
    from .layer import _kebab

    rid = rule_id.strip()
    if rid.upper().startswith("LT:"):
        rid = rid[3:]
    if not rid or not all(c.isalnum() or c == "_" for c in rid):
        return None
    rid = rid.upper()
    data = _settings()
    from ..rulepacks import load_data

    why = {str(d.get("id")): str(d.get("why", "")) for d in (load_data("languagetool.yaml").get("disabled") or [])
           if isinstance(d, dict)}
    known = rid in data["disabled"] or rid in data["safe"]
    layer = ("mtclean's optional grammar and spelling layer (--grammar languagetool or auto, with "
             "--languagetool-url or MTCLEAN_LT_URL). Its category, severity and message come from LanguageTool; "
             "style rules are info, the others warnings.")
    if known:
        lines = [f"LT:{rid} {_kebab(rid)} (LanguageTool)", "", f"A rule of LanguageTool, {layer}"]
    else:
        # LanguageTool's own rules are known only to a running LanguageTool: say so rather than describe a
        # rule that may not exist.
        lines = [f"LT:{rid} {_kebab(rid)} (LanguageTool; unknown to mtclean)", "",
                 f"mtclean has no setting for a LanguageTool rule {rid}, and cannot tell without a LanguageTool "
                 f"whether LanguageTool has one (its rules: https://community.languagetool.org/rule/list?lang=en). "
                 f"If LanguageTool reports it, it comes through {layer}"]
    if rid in data["disabled"]:
        lines.append(f"Off in mtclean ({_settings_file()}): {why.get(rid) or 'it fights the house style'}")
    elif rid in data["safe"]:
        lines.append("Its first suggestion only changes white space or doubled punctuation: a safe fix, applied "
                     "by `mtclean fix`.")
    else:
        lines.append("Its first suggestion, when it has one, is an unsafe fix (`mtclean fix --unsafe-fixes`). "
                     "Switch it off with --languagetool-disable " + rid + ".")
    return "\n".join(lines)


def _settings_file() -> str:
    """Where mtclean's LanguageTool settings are, in this installation."""
    from ..rulepacks import rules_dir

    return str(rules_dir().joinpath("languagetool.yaml"))
