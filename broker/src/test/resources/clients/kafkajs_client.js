// kafkajs against a broker: fetchTopicOffsets, fetchTopicOffsetsByTimestamp, produce with keys, and a group consuming
// from the beginning. Usage: node kafkajs_client.js BOOTSTRAP TOPIC GROUP. Prints one line per check; exits non-zero on
// the first failure, and after 60 s whatever happens.
const { Kafka, logLevel } = require('kafkajs');

const [bootstrap, topic, group] = process.argv.slice(2);
const BASE_TS = 1700000000000;
const guard = setTimeout(() => fail('timed out'), 60000);

function fail(msg) {
  console.log('FAIL ' + msg);
  process.exit(1);
}

async function main() {
  const kafka = new Kafka({ clientId: 'ferry-kafkajs', brokers: [bootstrap], logLevel: logLevel.WARN,
    retry: { retries: 2 } });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true });

  const producer = kafka.producer();
  await producer.connect();
  const messages = [0, 1, 2, 3, 4].map((i) => ({ key: 'k' + i, value: 'value-' + i, timestamp: String(BASE_TS + i * 1000) }));
  await producer.send({ topic, acks: -1, messages });
  await producer.disconnect();
  console.log('produced ' + messages.length);

  const offsets = await admin.fetchTopicOffsets(topic);
  if (offsets.length !== 1 || offsets[0].low !== '0' || offsets[0].high !== '5') fail('fetchTopicOffsets ' + JSON.stringify(offsets));
  console.log('fetchTopicOffsets low ' + offsets[0].low + ' high ' + offsets[0].high);
  const byTime = await admin.fetchTopicOffsetsByTimestamp(topic, BASE_TS + 1500);
  if (byTime[0].offset !== '2') fail('fetchTopicOffsetsByTimestamp ' + JSON.stringify(byTime));
  console.log('fetchTopicOffsetsByTimestamp ' + byTime[0].offset);

  const consumer = kafka.consumer({ groupId: group });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const got = [];
  await new Promise((resolve) => {
    consumer.run({
      eachMessage: async ({ message }) => {
        got.push(message.key.toString());
        if (got.length === messages.length) resolve();
      },
    });
  });
  await consumer.disconnect();
  if (got.join(',') !== 'k0,k1,k2,k3,k4') fail('consumed ' + got);
  console.log('group consumed ' + got.join(','));
  const committed = await admin.fetchOffsets({ groupId: group, topics: [topic] });
  console.log('group committed ' + committed[0].partitions[0].offset);
  await admin.disconnect();
  clearTimeout(guard);
  console.log('OK');
}

main().catch((e) => fail(e.stack || String(e)));
