# Java CPU samples of a JFR recording, by library and by method: python3 top.py FILE.jfr
import json, subprocess, sys, collections
f = sys.argv[1]
out = subprocess.run(['jfr','print','--json','--events','jdk.ExecutionSample',f],capture_output=True,text=True).stdout
ev = json.loads(out)['recording']['events']
self_c = collections.Counter(); incl = collections.Counter(); pk = collections.Counter()
def name(fr):
    m = fr['method']; return m['type']['name'] + '.' + m['name']
def cat(frames):
    for fr in frames:
        t = fr['method']['type']['name']
        for p,c in [('dev/agentsociety','ours'),('dev.agentsociety','ours'),('io/dapr','dapr-sdk'),('io.dapr','dapr-sdk'),('ch/qos/logback','logging'),('ch.qos.logback','logging'),('org.slf4j','logging'),('com.fasterxml.jackson','jackson'),('io.grpc','grpc'),('io.netty','netty'),('reactor','reactor'),('org.apache.catalina','tomcat'),('org.apache.coyote','tomcat'),('org.apache.tomcat','tomcat'),('org.springframework','spring'),('org.apache.kafka','kafka-clients'),('kafka.','kafka-broker'),('io.micrometer','micrometer'),('okhttp3','okhttp'),('okio','okhttp')]:
            if t.startswith(p): return c
    return 'jdk/other'
for e in ev:
    frames = e['values']['stackTrace']['frames'] if e['values'].get('stackTrace') else []
    if not frames: continue
    self_c[name(frames[0])] += 1
    pk[cat(frames)] += 1
    for n in set(name(fr) for fr in frames): incl[n]+=1
n = len(ev)
print('samples', n)
print('by first known library on the stack (self time):')
for k,v in pk.most_common(): print(f'  {v*100/n:5.1f}% {k}')
print('top self:')
for k,v in self_c.most_common(15): print(f'  {v*100/n:5.1f}% {k}')
print('top inclusive:')
for k,v in incl.most_common(40): print(f'  {v*100/n:5.1f}% {k}')
