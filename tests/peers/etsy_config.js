/* etsy statsd 0.9.0 configuration from the environment, for tests and the benchmark:
 *   ETSY_PORT (UDP), ETSY_MGMT_PORT (TCP admin), ETSY_FLUSH_MS (flush interval), all on 127.0.0.1.
 * etsy cannot bind port 0, so callers pick free ports. The backend prints each flush as one JSON line. */
(function () {
  return {
    address: '127.0.0.1',
    port: Number(process.env.ETSY_PORT),
    mgmt_address: '127.0.0.1',
    mgmt_port: Number(process.env.ETSY_MGMT_PORT),
    flushInterval: Number(process.env.ETSY_FLUSH_MS || 10000),
    percentThreshold: [90, 95, 99],
    // etsy evals this file inside node_modules/statsd/lib/config.js: __dirname is that folder.
    backends: [require('path').join(__dirname, '..', '..', '..', 'json_backend.js')],
  };
})()
