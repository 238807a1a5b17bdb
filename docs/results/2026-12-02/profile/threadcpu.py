# CPU by thread of a JFR recording (jdk.ThreadCPULoad, summed): python3 threadcpu.py FILE.jfr
import json, subprocess, sys, collections, re
ev = json.loads(subprocess.run(['jfr', 'print', '--json', '--events', 'jdk.ThreadCPULoad,jdk.CPULoad', sys.argv[1]],
                               capture_output=True, text=True).stdout)['recording']['events']
threads = collections.defaultdict(float)
jvm = [e['values']['jvmUser'] + e['values']['jvmSystem'] for e in ev if e['type'] == 'jdk.CPULoad']
for e in ev:
    if e['type'] == 'jdk.ThreadCPULoad' and e['values'].get('eventThread'):
        threads[re.sub(r'\d+', 'N', e['values']['eventThread']['javaName'])] += e['values']['user'] + e['values']['system']
total = sum(threads.values())
print(f'JVM CPU, mean of jdk.CPULoad: {sum(jvm) / max(1, len(jvm)) * 200:.0f} % of one core (2 cores)')
print('share of the Java threads\' CPU by thread (JIT compiler threads are Java threads; GC threads are not):')
for name, load in sorted(threads.items(), key=lambda t: -t[1])[:10]:
    print(f'  {load / total * 100:5.1f} %  {name}')
