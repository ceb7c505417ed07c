// The host ran: Tycho started, read back, modified and deleted a system on the embedded API server.
String text = new File(basedir, 'build.log').getText('UTF-8')
def line = text =~ /host: started nginx-[0-9a-f]{32}: 1 Deployment, 1 Service; status of alice: 1 system; modified cpus to 1; deleted \d+ objects, 0 Deployment left/
if (!line.find()) {
    throw new AssertionError("the host's summary line is missing from " + new File(basedir, 'build.log'))
}
println "embedded-kubernetes-host: " + line.group()
return true
