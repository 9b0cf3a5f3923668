"""The floors of docs/architecture.md and the scope contract, checked over the source.

1. An app imports only from floors below it (or from itself), at module level and inside functions alike.
2. `.objects` of a scoped model appears only in selectors, services, indicators and the few engine modules
   listed in ALLOWED_OBJECTS with the reason; faces and report builders ask those.
"""

from __future__ import annotations

import ast
import pathlib

from django.apps import apps

ROOT = pathlib.Path(__file__).resolve().parents[2]  # the gonghui package

# module prefix -> floor; the longest matching prefix wins
FLOORS = {
    "gonghui.core": 0,
    "gonghui.orgs": 1,  # models and tree: the tree itself, no viewer
    "gonghui.orgs.migrations": 1,
    "gonghui.accounts": 2,
    "gonghui.orgs.selectors": 3,  # the viewer-aware side of the tree sits above accounts
    "gonghui.orgs.services": 3,
    "gonghui.people": 4,
    "gonghui.funds": 4,
    "gonghui.ledgers": 5,
    "gonghui.dues": 5,
    "gonghui.surveys": 5,  # surveys and the 满意度测评 (and who a notice or survey reaches): indicators read them
    "gonghui.activities": 6,  # writes ledger entries (floor 5) when an activity closes
    "gonghui.notices": 6,  # checks attachments with ledgers' check (floor 5); reads surveys' audience
    "gonghui.indicators": 6,
    "gonghui.reports": 7,
    "gonghui.web": 8,
    "gonghui.api": 8,
    "gonghui.cli": 8,
    "gonghui.me": 8,
    # the account pages are a face that lives with its app
    "gonghui.accounts.views": 8,
    "gonghui.accounts.urls": 8,
    "gonghui.accounts.forms": 8,
}
TOP = ("gonghui.settings", "gonghui.urls", "gonghui.wsgi", "gonghui.__main__", "gonghui.conftest", "gonghui")

# Modules that are services or selectors by what they do though not by name, and why.
ALLOWED_OBJECTS = {
    "accounts/scoping.py": "the scope itself: reads the user's grants",
    "accounts/backends.py": "login: finds the account by username or mobile",
    "orgs/tree.py": "the tree itself (floor 1), no viewer",
    "core/audit.py": "the audit writer",
    "core/jobs.py": "background jobs: the job service",
    "people/roster/": "the roster import/export engine (a service for every face)",
    "ledgers/excel/": "the ledger import/export engine (a service for every face)",
    "ledgers/attachments.py": "the attachment service",
    "dues/imports.py": "the wage and payment import engine (a service for every face)",
    "ledgers/plausibility.py": "reads a union's own history for entry_save's confirmations and the tables' checks",
    "reports/drafts.py": "the summary-draft service",
    "reports/summary_templates.py": "the union's Word-template service",
    "reports/jobs.py": "the report-job service",
    "reports/trace.py": "the selector of the entries behind a number",
    "reports/summary/__init__.py": "reads the union's own template for the summary service",
}


def floor_of(module: str) -> int | None:
    best = None
    for prefix, floor in FLOORS.items():
        if (module == prefix or module.startswith(prefix + ".")) and (best is None or len(prefix) > len(best[0])):
            best = (prefix, floor)
    return None if best is None else best[1]


def app_of(module: str) -> str:
    return ".".join(module.split(".")[:2])


def source_modules():
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if "/tests/" in rel or rel.endswith("conftest.py"):
            continue
        module = "gonghui." + rel[:-3].replace("/", ".")
        yield rel, module.removesuffix(".__init__"), module, ast.parse(path.read_text(encoding="utf-8"))


def imported_modules(tree: ast.AST, file_module: str):
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the file's package
                base = file_module.split(".")[: -node.level]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            names = [target] + [f"{target}.{a.name}" for a in node.names]
            yield node.lineno, max((n for n in names if floor_of(n) is not None), key=len, default=target)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name


def test_it_lets_every_app_import_only_from_floors_below_it():
    wrong = []
    for rel, module, file_module, tree in source_modules():
        if module in TOP or "/migrations/" in rel:
            continue
        own = floor_of(module)
        assert own is not None, f"{module} has no floor in FLOORS: add it (and to docs/architecture.md)"
        for line, target in imported_modules(tree, file_module):
            if not target.startswith("gonghui") or target in TOP:
                continue
            floor = floor_of(target)
            if app_of(target) == app_of(module) and floor <= own:
                continue
            if floor is None or floor >= own:
                wrong.append(f"{rel}:{line} imports {target} (floor {floor}) from floor {own}")
    assert not wrong, "imports that point up or sideways:\n" + "\n".join(wrong)


def scoped_model_names() -> set[str]:
    names = {m.__name__ for m in apps.get_models() if hasattr(m, "scope_org")}
    assert {"Org", "Person", "MembershipEvent", "AuditEvent", "Meeting"} <= names
    return names


def objects_uses(tree: ast.AST, scoped: set[str]):
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "objects":
            owner = node.value
            name = owner.id if isinstance(owner, ast.Name) else getattr(owner, "attr", None)
            if name in scoped or name == "model":  # `kind.model.objects`: a ledger kind's model
                yield node.lineno, name


def test_it_keeps_queries_on_scoped_models_in_selectors_services_and_indicators():
    scoped = scoped_model_names()
    wrong = []
    for rel, _module, _file, tree in source_modules():
        if "/migrations/" in rel or rel.startswith("indicators/"):
            continue
        name = rel.rsplit("/", 1)[-1]
        # selectors.py, services.py and a services module named for its area (funds/welfare_services.py)
        if name in ("selectors.py", "services.py") or name.endswith(("_services.py", "_selectors.py")) or any(
            rel == allowed or (allowed.endswith("/") and rel.startswith(allowed)) for allowed in ALLOWED_OBJECTS
        ):
            continue
        wrong += [f"{rel}:{line} {name}.objects" for line, name in objects_uses(tree, scoped)]
    assert not wrong, "queries on scoped models outside selectors/services/indicators:\n" + "\n".join(wrong)


def test_the_lint_finds_a_query_in_a_face():
    tree = ast.parse("def view(request):\n    return Person.objects.all()\n")
    assert list(objects_uses(tree, {"Person"})) == [(2, "Person")]
