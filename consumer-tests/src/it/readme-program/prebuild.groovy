// Writes this host project from README.md, so that the README and the test cannot drift apart: the XML of
// "Use it from Maven" goes into pom.xml (its dependencyManagement into the with-bom profile, its dependencies at the
// top), and the Java of "`TychoContext` in 15 lines" becomes the body of ReadmeProgram.main. The program changes in
// two places only, each required to occur exactly once: the "memory" backend instead of "kubernetes" (no cluster
// here), and this project's registry directory instead of HeLx's registry on GitHub (no network needed).

String section(String text, String heading, String language) {
    int at = text.indexOf('\n' + heading + '\n')
    if (at < 0) {
        throw new IllegalStateException("README.md has no section '" + heading + "'")
    }
    int next = text.indexOf('\n## ', at + 1)
    int start = text.indexOf('\n```' + language + '\n', at)
    if (start < 0 || (next >= 0 && start > next)) {
        throw new IllegalStateException("README.md section '" + heading + "' has no ```" + language + " block")
    }
    start += language.length() + 5
    return text.substring(start, text.indexOf('\n```', start) + 1)
}

String once(String text, String from, String to, String what) {
    int count = text.split(java.util.regex.Pattern.quote(from), -1).length - 1
    if (count != 1) {
        throw new IllegalStateException("the README program must contain " + what + " exactly once (" + from
                + "), found " + count)
    }
    return text.replace(from, to)
}

File readmeFile = new File(readme)
String text = readmeFile.getText('UTF-8')

String xml = section(text, '## Use it from Maven', 'xml')
def management = (xml =~ /(?s)<dependencyManagement>.*?<\/dependencyManagement>/)
if (!management.find()) {
    throw new IllegalStateException("the README's Maven block has no <dependencyManagement> (the BOM import)")
}
String dependencies = xml.replace(management.group(), '').trim()
if (!dependencies.startsWith('<dependencies>') || !dependencies.endsWith('</dependencies>')) {
    throw new IllegalStateException("the README's Maven block must be <dependencyManagement> then <dependencies>")
}
File pom = new File(basedir, 'pom.xml')
pom.setText(pom.getText('UTF-8')
        .replace('<!-- README: dependencies -->', dependencies)
        .replace('<!-- README: dependencyManagement -->', management.group()), 'UTF-8')

String program = section(text, '## `TychoContext` in 15 lines', 'java')
program = once(program, '.backend("kubernetes")', '.backend("memory")', 'the backend')
String registry = new File(basedir, 'registry').toURI().toString()
program = once(program, '"https://github.com/helxplatform/helx-apps/raw/develop/"', '"' + registry + '"',
        "HeLx's registry URL")
String body = program.readLines().collect { '        ' + it }.join('\n')

File source = new File(basedir, 'src/main/java/readme/ReadmeProgram.java')
source.parentFile.mkdirs()
source.setText("""package readme;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.helxplatform.tycho.context.TychoContext;
import org.helxplatform.tycho.context.TychoResponse;
import org.helxplatform.tycho.context.load.RegistrySource;
import org.helxplatform.tycho.model.ModifyRequest;
import org.helxplatform.tycho.model.Principal;
import org.helxplatform.tycho.model.ResourceRequest;
import org.helxplatform.tycho.model.StartRequest;
import org.helxplatform.tycho.model.StartResult;
import org.helxplatform.tycho.model.StatusQuery;
import org.helxplatform.tycho.model.SystemStatus;

/** The README's program, generated from README.md by prebuild.groovy. */
public final class ReadmeProgram {
    public static void main(String[] args) {
        String accessToken = "access-token-of-alice";
        String refreshToken = "refresh-token-of-alice";
${body}
    }
}
""", 'UTF-8')
println "readme-program: pom.xml and ReadmeProgram.java written from " + readmeFile
return true
