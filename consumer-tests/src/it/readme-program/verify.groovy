// Both builds (with the BOM as the README writes it, and without it) compiled and ran the README's program, which
// printed the status of alice's system, and each resolved one Jackson version.
File log = new File(basedir, 'build.log')
String text = log.getText('UTF-8')
int runs = (text =~ /\{\s*"status"\s*:\s*"success",\s*"result"\s*:\s*\[\s*\{\s*"name"\s*:\s*"jupyter-ds-[0-9a-f]{32}",\s*"app_id"\s*:\s*"jupyter-ds"/).count
if (runs != 2) {
    throw new AssertionError("expected the README program to print alice's jupyter-ds system twice (with and"
            + " without the BOM), found " + runs + " in " + log)
}
for (String variant : ['with-bom', 'without-bom']) {
    File list = new File(basedir, 'target/dependencies-' + variant + '.txt')
    Map<String, String> jackson = new TreeMap<>()
    list.eachLine('UTF-8') { line ->
        def m = line =~ /(com\.fasterxml\.jackson[\w.]*):([\w.-]+):jar:([\w.-]+):/
        if (m.find()) {
            jackson[m.group(1) + ':' + m.group(2)] = m.group(3)
        }
    }
    if (!jackson.containsKey('com.fasterxml.jackson.core:jackson-databind')) {
        throw new AssertionError(variant + ": no jackson-databind in " + list)
    }
    String version = jackson['com.fasterxml.jackson.core:jackson-databind']
    String minor = version.tokenize('.').take(2).join('.')
    // jackson-annotations has carried only the minor version (2.20, 2.21, ...) since Jackson 2.20
    def other = jackson.findAll { k, v -> v != version && !(k.endsWith(':jackson-annotations') && v == minor) }
    if (!other.isEmpty()) {
        throw new AssertionError(variant + ": more than one Jackson version: " + jackson)
    }
    println "readme-program (" + variant + "): one Jackson version, " + version + ", for " + jackson.keySet()
}
return true
