"""The OWL 2 DL profile check of the OWL API (the W3C profiles' reference implementation), as a command.

``python -m tests.owl_profile FILE`` loads an ontology document (RDF/XML, Turtle…) with the OWL API
that ships inside owlready2's HermiT.jar, runs ``OWL2DLProfile`` on it and prints one violation a
line; the exit status is 0 when the ontology is in the profile, 1 when it is not. It runs in its own
process because a JVM started through JPype cannot be stopped.
"""

from __future__ import annotations

import sys
from pathlib import Path


def violations(path: Path) -> list[str]:
    import jpype
    import jpype.imports  # enables the Java imports below
    import owlready2

    jar = Path(owlready2.__file__).parent / "hermit" / "HermiT.jar"
    jpype.startJVM(classpath=[str(jar)])
    from java.io import File
    from org.semanticweb.owlapi.apibinding import OWLManager
    from org.semanticweb.owlapi.profiles import OWL2DLProfile

    ontology = OWLManager.createOWLOntologyManager().loadOntologyFromOntologyDocument(File(str(path)))
    report = OWL2DLProfile().checkOntology(ontology)
    return sorted({str(v.toString()) for v in report.getViolations()})


def main(argv: list[str]) -> int:
    found = violations(Path(argv[0]))
    for line in found:
        print(line)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
