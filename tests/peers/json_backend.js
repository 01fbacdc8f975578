/* An etsy statsd backend for opsdeck's tests and benchmark: one JSON object per flush on stdout, on a line
 * of its own that starts with '{' (etsy's own log lines never do). Written with fs.writeSync so the final
 * flush that etsy runs from its process 'exit' handler (SIGTERM) reaches the pipe before node exits. */
'use strict';

const fs = require('fs');

exports.init = function (startupTime, config, events) {
  events.on('flush', function (timestamp, metrics) {
    const sets = {};
    for (const key in metrics.sets) {
      sets[key] = metrics.sets[key].values().length;
    }
    const out = {
      timestamp: timestamp,
      counters: metrics.counters,
      counter_rates: metrics.counter_rates,
      gauges: metrics.gauges,
      timer_data: metrics.timer_data,
      sets: sets,
    };
    fs.writeSync(1, JSON.stringify(out) + '\n');
  });
  return true;
};
