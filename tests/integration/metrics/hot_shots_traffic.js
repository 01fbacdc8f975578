/* Known statsd traffic from the npm hot-shots client, for statsd_peers_test.cpp.
 *   node hot_shots_traffic.js PEERS_DIR PORT
 * Sampling is made deterministic: Math.random() always says "send", so every sampled call goes out with its
 * |@rate and the server must scale it. Prints {"lines": N} (statsd lines sent) once every send completed. */
'use strict';

const path = require('path');
const StatsD = require(path.join(process.argv[2], 'node_modules', 'hot-shots'));

Math.random = () => 0;

const client = new StatsD({
  host: '127.0.0.1',
  port: Number(process.argv[3]),
  includeDataDogTags: false,
  errorHandler: (error) => {
    console.error('hot-shots: ' + error);
    process.exit(1);
  },
});

const calls = [];
const send = (method, ...args) => calls.push(() => new Promise((resolve, reject) => {
  client[method](...args, (error) => (error ? reject(error) : resolve()));
}));

// Counters with sample rates: 3 x 1 @0.1 = 30, 2 x 250 @0.5 = 1000.
for (let i = 0; i < 3; i++) send('increment', 'app.hits', 1, 0.1);
for (let i = 0; i < 2; i++) send('increment', 'app.bytes', 250, 0.5);
send('decrement', 'app.credits', 7);
// Timers: the distribution 1..100 (in shuffled order), and a sampled timer (count 2 / 0.5 = 4).
const values = Array.from({length: 100}, (_, i) => i + 1);
for (let i = values.length - 1; i > 0; i--) {
  const j = (i * 37) % (i + 1);
  [values[i], values[j]] = [values[j], values[i]];
}
for (const v of values) send('timing', 'app.latency', v);
send('timing', 'app.sampled', 10, 0.5);
send('timing', 'app.sampled', 20, 0.5);
// A histogram (|h): the timer maths in opsdeck (etsy 0.9.0 has no |h and counts it as a counter).
for (let v = 1; v <= 10; v++) send('histogram', 'app.size', v);
// Gauges: absolute, then deltas (10 + 5 - 3 = 12); a gauge set twice keeps the last value.
send('gauge', 'app.pool', 10);
send('gaugeDelta', 'app.pool', 5);
send('gaugeDelta', 'app.pool', -3);
send('gauge', 'app.load', 0.75);
send('gauge', 'app.load', 0.5);
// Sets: 3 distinct of 5.
for (const user of ['ann', 'bob', 'ann', 'cid', 'bob']) send('set', 'app.users', user);
// DogStatsD tags, sent sorted: a counter (object tags) and a timer (list tags).
send('increment', 'app.tagged', 4, {env: 'prod', role: 'db'});
send('timing', 'app.query', 5, ['db:main']);
send('timing', 'app.query', 15, ['db:main']);

(async () => {
  // One at a time: UDP on loopback keeps the order, so the gauge deltas apply after the absolute value.
  for (const call of calls) await call();
  client.close(() => {
    process.stdout.write(JSON.stringify({lines: calls.length}) + '\n');
  });
})().catch((error) => {
  console.error('hot-shots: ' + error);
  process.exit(1);
});
