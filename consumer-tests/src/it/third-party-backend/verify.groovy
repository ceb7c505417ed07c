// The contract kit ran against the third-party backend, every test of it, and none failed.
File report = new File(basedir, 'target/surefire-reports/TEST-org.example.table.TableBackendContractTest.xml')
if (!report.isFile()) {
    throw new AssertionError("no test report at " + report)
}
def suite = new groovy.xml.XmlSlurper().parse(report)
int tests = suite.@tests.toInteger()
int failed = suite.@failures.toInteger() + suite.@errors.toInteger()
int skipped = suite.@skipped.toInteger()
// the kit's nine tests (one of them parameterized with seven values) and the project's own one
if (tests < 16 || failed != 0 || skipped != 0) {
    throw new AssertionError("contract tests: " + tests + " run, " + failed + " failed, " + skipped + " skipped")
}
println "third-party-backend: contract kit " + tests + " tests passed"
return true
