/*
 * OWL 2 profile check for aigraph, run by tests/test_ontology.py.
 *
 * Uses the OWL API 3 that ships inside owlready2's HermiT.jar, so it needs no download:
 *   javac -cp HermiT.jar -d OUT ProfileCheck.java
 *   java -cp HermiT.jar:OUT ProfileCheck FILE...
 *
 * For each ontology document (RDF/XML or Turtle) it prints tab-separated lines:
 *   FILE      <path>
 *   ENTITY    <kind> <iri>          one per entity in the signature (Class, ObjectProperty, ...)
 *   AXIOMS    <count>
 *   PROFILE   <DL|RL> <IN|OUT> <number of violations>
 *   VIOLATION <DL|RL> <text>        one per violation
 * Missing imports are ignored silently, so the check never touches the network.
 */
import java.io.File;

import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.OWLEntity;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWL2RLProfile;
import org.semanticweb.owlapi.profiles.OWLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;

public final class ProfileCheck {
    private ProfileCheck() {
    }

    private static String oneLine(Object o) {
        return o.toString().replace('\n', ' ').replace('\t', ' ');
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: ProfileCheck FILE...");
            System.exit(2);
        }
        String[] names = {"DL", "RL"};
        OWLProfile[] profiles = {new OWL2DLProfile(), new OWL2RLProfile()};
        for (String path : args) {
            OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
            manager.setSilentMissingImportsHandling(true);
            OWLOntology ontology = manager.loadOntologyFromOntologyDocument(new File(path));
            System.out.println("FILE\t" + path);
            for (OWLEntity entity : ontology.getSignature()) {
                System.out.println("ENTITY\t" + entity.getEntityType().getName() + "\t"
                        + entity.getIRI());
            }
            System.out.println("AXIOMS\t" + ontology.getAxiomCount());
            for (int i = 0; i < profiles.length; i++) {
                OWLProfileReport report = profiles[i].checkOntology(ontology);
                System.out.println("PROFILE\t" + names[i] + "\t"
                        + (report.isInProfile() ? "IN" : "OUT") + "\t"
                        + report.getViolations().size());
                for (OWLProfileViolation violation : report.getViolations()) {
                    System.out.println("VIOLATION\t" + names[i] + "\t" + oneLine(violation));
                }
            }
            manager.removeOntology(ontology);
        }
    }
}
